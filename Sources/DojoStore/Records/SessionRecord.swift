import DojoCore
import Foundation
import GRDB

/// One attempt at a scenario (row of `sessions`): what was played, by whom, and its summary score.
///
/// The summary columns (`score` … `fcrProxy`, `resultJSON`) are filled when the session is
/// finished with a result; the full result is kept in `resultJSON` so reports can re-read it.
public struct SessionRecord: Sendable, Hashable, Codable, Identifiable {
  /// Set by the database on insert; always present on records the store returns.
  public var id: Int64?
  public var traineeID: Int64
  public var scenarioID: String
  /// The scenario's content version, so old scores stay comparable after edits.
  public var scenarioVersion: String
  public var scenarioTitle: String
  /// The role id of the scenario (`l1-agent`, …).
  public var role: String
  /// The language code (`en`, `de`).
  public var language: String
  /// `phone`, `chat` or `email`.
  public var channel: String
  public var mode: SessionMode
  public var phase: SessionPhase?
  public var cohort: String?
  /// The parallel form (`A`/`B`) of the scenario.
  public var form: String?
  /// The engine seed, so the conversation can be replayed and resumed exactly.
  public var seed: Int64
  public var startedAt: Date
  public var endedAt: Date?
  public var status: SessionStatus
  /// The console process that owns an active session.
  public var pid: Int32?
  /// How the conversation ended (an `Ending` raw value).
  public var ending: String?
  public var score: Double?
  public var rawScore: Double?
  public var passed: Bool?
  /// An `EscalationVerdict` raw value.
  public var escalationVerdict: String?
  public var csatProxy: Int?
  public var fcrProxy: Bool?
  public var handleTimeSeconds: Double?
  public var hintsUsed: Int
  /// Trainee turns taken.
  public var turns: Int
  /// The full `ScoreResult` as JSON with sorted keys.
  public var resultJSON: String?
  /// The score and verdict once a review, a dispute answer or a re-scoring gave them (the
  /// automatic `score` and `passed` above never change).
  public var reviewedScore: Double?
  public var reviewedPassed: Bool?

  /// The score that counts: the latest review's where there is one, else the automatic one.
  public var effectiveScore: Double? { reviewedScore ?? score }
  /// Whether the session passed, by the latest review where there is one.
  public var effectivePassed: Bool? { reviewedPassed ?? passed }

  public init(
    id: Int64? = nil, traineeID: Int64, scenarioID: String, scenarioVersion: String,
    scenarioTitle: String, role: String, language: String, channel: String,
    mode: SessionMode, phase: SessionPhase? = nil, cohort: String? = nil, form: String? = nil,
    seed: Int64, startedAt: Date, endedAt: Date? = nil, status: SessionStatus = .active,
    pid: Int32? = nil, ending: String? = nil, score: Double? = nil, rawScore: Double? = nil,
    passed: Bool? = nil, escalationVerdict: String? = nil, csatProxy: Int? = nil,
    fcrProxy: Bool? = nil, handleTimeSeconds: Double? = nil, hintsUsed: Int = 0, turns: Int = 0,
    resultJSON: String? = nil, reviewedScore: Double? = nil, reviewedPassed: Bool? = nil
  ) {
    self.id = id
    self.traineeID = traineeID
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
    self.endedAt = endedAt
    self.status = status
    self.pid = pid
    self.ending = ending
    self.score = score
    self.rawScore = rawScore
    self.passed = passed
    self.escalationVerdict = escalationVerdict
    self.csatProxy = csatProxy
    self.fcrProxy = fcrProxy
    self.handleTimeSeconds = handleTimeSeconds
    self.hintsUsed = hintsUsed
    self.turns = turns
    self.resultJSON = resultJSON
    self.reviewedScore = reviewedScore
    self.reviewedPassed = reviewedPassed
  }

  /// The seed as the engine takes it (the bit pattern stored in the signed column).
  public var engineSeed: UInt64 { UInt64(bitPattern: seed) }

  /// Decodes the stored score result, or nil when the session was not scored.
  public func result() throws -> ScoreResult? {
    guard let resultJSON else { return nil }
    do {
      return try JSONDecoder().decode(ScoreResult.self, from: Data(resultJSON.utf8))
    } catch {
      throw StoreError.corruptResult(sessionID: id ?? 0, reason: String(describing: error))
    }
  }

  enum CodingKeys: String, CodingKey {
    case id
    case traineeID = "trainee_id"
    case scenarioID = "scenario_id"
    case scenarioVersion = "scenario_version"
    case scenarioTitle = "scenario_title"
    case role, language, channel, mode, phase, cohort, form, seed
    case startedAt = "started_at"
    case endedAt = "ended_at"
    case status, pid, ending, score
    case rawScore = "raw_score"
    case passed
    case escalationVerdict = "escalation_verdict"
    case csatProxy = "csat_proxy"
    case fcrProxy = "fcr_proxy"
    case handleTimeSeconds = "handle_time_seconds"
    case hintsUsed = "hints_used"
    case turns
    case resultJSON = "result_json"
    case reviewedScore = "reviewed_score"
    case reviewedPassed = "reviewed_passed"
  }

  /// The table's columns, for queries.
  public enum Columns {
    public static let id = Column(CodingKeys.id)
    public static let traineeID = Column(CodingKeys.traineeID)
    public static let scenarioID = Column(CodingKeys.scenarioID)
    public static let scenarioVersion = Column(CodingKeys.scenarioVersion)
    public static let scenarioTitle = Column(CodingKeys.scenarioTitle)
    public static let role = Column(CodingKeys.role)
    public static let language = Column(CodingKeys.language)
    public static let channel = Column(CodingKeys.channel)
    public static let mode = Column(CodingKeys.mode)
    public static let phase = Column(CodingKeys.phase)
    public static let cohort = Column(CodingKeys.cohort)
    public static let form = Column(CodingKeys.form)
    public static let seed = Column(CodingKeys.seed)
    public static let startedAt = Column(CodingKeys.startedAt)
    public static let endedAt = Column(CodingKeys.endedAt)
    public static let status = Column(CodingKeys.status)
    public static let pid = Column(CodingKeys.pid)
    public static let ending = Column(CodingKeys.ending)
    public static let score = Column(CodingKeys.score)
    public static let rawScore = Column(CodingKeys.rawScore)
    public static let passed = Column(CodingKeys.passed)
    public static let escalationVerdict = Column(CodingKeys.escalationVerdict)
    public static let csatProxy = Column(CodingKeys.csatProxy)
    public static let fcrProxy = Column(CodingKeys.fcrProxy)
    public static let handleTimeSeconds = Column(CodingKeys.handleTimeSeconds)
    public static let hintsUsed = Column(CodingKeys.hintsUsed)
    public static let turns = Column(CodingKeys.turns)
    public static let resultJSON = Column(CodingKeys.resultJSON)
  }
}

extension SessionRecord: FetchableRecord, MutablePersistableRecord {
  /// Dates as GRDB writes and reads them, without starting ICU (`StoredDate`).
  public static func databaseDateEncodingStrategy(for column: String) -> DatabaseDateEncodingStrategy { StoredDate.strategy }
  public static func databaseDateDecodingStrategy(for column: String) -> DatabaseDateDecodingStrategy { StoredDate.decoding }

  public static let databaseTableName = "sessions"

  public mutating func didInsert(_ inserted: InsertionSuccess) {
    id = inserted.rowID
  }
}
