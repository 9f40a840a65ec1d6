import DojoCore
import Foundation

/// Where sessions, turns and scores are kept: the one interface the console and the reports use.
///
/// Every write is one short transaction, so a line is durable the moment the call returns
/// and a crash or a closed terminal loses nothing; what belongs together (a hand-off line and
/// its note) is one transaction. A store writes only to the active sessions it owns (that it
/// started or resumed, see `SessionOwner`), and says so (`StoreError.sessionTakenOver`) instead
/// of writing to a session another console has resumed. `SQLiteStore` is the embedded default;
/// a team server backend implements the same protocol.
///
/// Records returned by a store always carry their `id`.
public protocol SessionStore: Sendable {
  // MARK: Trainees

  /// The trainee with this name, created (as a `trainee`) if it does not exist yet.
  func trainee(named name: String) throws -> TraineeRecord
  /// All trainees, by name.
  func trainees() throws -> [TraineeRecord]

  // MARK: Recording a session

  /// Creates an `active` session (and its trainee if new).
  func startSession(_ new: NewSession) throws -> SessionRecord
  /// Appends one line; its `seq` is the session's last `seq` + 1. Trainee lines count as turns.
  @discardableResult
  func appendTurn(
    sessionID: Int64, speaker: TranscriptEntry.Speaker, nodeID: String, turn: Int?, text: String,
    action: TraineeAction.Kind?, target: String?, at: Date, latency: Double?
  ) throws -> TurnRecord
  /// Appends a trainee's hand-off line (`/escalate`, `/transfer`) and its hand-off record in one
  /// transaction: the line's text is the note. A crash keeps both or neither.
  @discardableResult
  func appendHandoff(
    sessionID: Int64, nodeID: String, turn: Int, kind: HandoffKind, target: String, note: String,
    at: Date, latency: Double?
  ) throws -> (TurnRecord, EscalationRecord)
  /// Records a hand-off alone, for a hand-off line stored without one (by an older version).
  @discardableResult
  func recordEscalation(
    sessionID: Int64, turn: Int, kind: HandoffKind, target: String, note: String, at: Date
  ) throws -> EscalationRecord
  /// Records an internal note the customer does not see.
  @discardableResult
  func recordNote(sessionID: Int64, turn: Int, text: String, at: Date) throws -> NoteRecord
  /// Records a hint shown and counts it in the session's `hintsUsed`.
  @discardableResult
  func recordHint(sessionID: Int64, turn: Int, nodeID: String, text: String, at: Date) throws
    -> HintRecord
  /// Ends a session: status, end time, handle time, and with a result its summary columns,
  /// the result JSON and one `auto` criterion score per criterion (replacing earlier `auto` rows).
  @discardableResult
  func finishSession(
    id: Int64, status: SessionStatus, endedAt: Date, handleTimeSeconds: Double?,
    result: ScoreResult?
  ) throws -> SessionRecord

  // MARK: Reading a session

  /// The session with this id; throws `StoreError.unknownSession` if there is none.
  func session(id: Int64) throws -> SessionRecord
  /// Sessions of one trainee, or of everyone when nil, newest first.
  func sessions(traineeName: String?) throws -> [SessionRecord]
  /// The session's lines in order of `seq`.
  func turns(sessionID: Int64) throws -> [TurnRecord]
  /// The session's internal notes in the order written.
  func notes(sessionID: Int64) throws -> [NoteRecord]
  /// The hints shown in the session in the order shown.
  func hints(sessionID: Int64) throws -> [HintRecord]
  /// The session's hand-offs in the order made.
  func escalations(sessionID: Int64) throws -> [EscalationRecord]
  /// The session's criterion scores (automatic and reviewed) in the order written.
  func criterionScores(sessionID: Int64) throws -> [CriterionScoreRecord]

  // MARK: Interrupted sessions

  /// Marks every `active` session whose console is gone (its lease ran out, or its process died
  /// where this store can see it) as `interrupted`; returns how many. A live lease is never
  /// touched.
  @discardableResult
  func markInterrupted() throws -> Int
  /// The trainee's interrupted sessions, newest first.
  func resumableSessions(traineeName: String) throws -> [SessionRecord]
  /// Makes an interrupted session `active` again, owned by this store and the process `pid`
  /// (clearing `endedAt`).
  @discardableResult
  func reopen(sessionID: Int64, pid: Int32) throws -> SessionRecord
  /// Extends this store's lease on an active session it owns; false if it no longer owns it.
  @discardableResult
  func renewLease(sessionID: Int64) throws -> Bool

  // MARK: Progress

  /// Scenario id → the trainee's best score over finished sessions.
  func bestScores(traineeName: String) throws -> [String: Double]
  /// Attempts, best and latest scores per trainee and scenario, trends per role, and totals;
  /// for one trainee, or for everyone when nil.
  func progress(traineeName: String?) throws -> ProgressReport
}

extension SessionStore {
  /// Sessions of everyone, newest first.
  public func sessions() throws -> [SessionRecord] { try sessions(traineeName: nil) }

  /// Progress of everyone.
  public func progress() throws -> ProgressReport { try progress(traineeName: nil) }
}

/// What is known when a session starts.
public struct NewSession: Sendable, Hashable {
  public var traineeName: String
  public var scenarioID: String
  public var scenarioVersion: String
  public var scenarioTitle: String
  /// The role id (`l1-agent`, …).
  public var role: String
  /// The language code (`en`, `de`).
  public var language: String
  /// `phone`, `chat` or `email`.
  public var channel: String
  public var mode: SessionMode
  public var phase: SessionPhase?
  public var cohort: String?
  public var form: String?
  public var seed: UInt64
  public var startedAt: Date
  /// The console process, so a crashed session can be told from a running one.
  public var pid: Int32?

  public init(
    traineeName: String, scenarioID: String, scenarioVersion: String, scenarioTitle: String,
    role: String, language: String, channel: String, mode: SessionMode,
    phase: SessionPhase? = nil, cohort: String? = nil, form: String? = nil, seed: UInt64,
    startedAt: Date, pid: Int32?
  ) {
    self.traineeName = traineeName
    self.scenarioID = scenarioID
    self.scenarioVersion = scenarioVersion
    self.scenarioTitle = scenarioTitle
    self.role = role
    self.language = language
    self.channel = channel
    self.mode = mode
    self.phase = phase
    self.cohort = cohort
    self.form = form
    self.seed = seed
    self.startedAt = startedAt
    self.pid = pid
  }

  /// A session of `scenario`, taking id, version, title, role, language, channel and form from it.
  public init(
    traineeName: String, scenario: Scenario, mode: SessionMode, phase: SessionPhase? = nil,
    cohort: String? = nil, seed: UInt64, startedAt: Date, pid: Int32?
  ) {
    self.init(
      traineeName: traineeName, scenarioID: scenario.id, scenarioVersion: scenario.version,
      scenarioTitle: scenario.title, role: scenario.role.rawValue,
      language: scenario.language.rawValue, channel: scenario.channel.rawValue, mode: mode,
      phase: phase, cohort: cohort, form: scenario.form, seed: seed, startedAt: startedAt, pid: pid)
  }
}
