import DojoCore
import Foundation
import GRDB

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The embedded session store: one SQLite file (GRDB), no set-up.
///
/// A file store is a `DatabasePool` in WAL mode, so a report can read while a console writes,
/// and several processes can share the file. Writers wait for each other: the session write
/// path (turns, hand-offs, notes, hints, the end of a session) up to ten minutes, everything
/// else up to ten seconds, and a wait longer than a second is reported (`reportWaits(to:)`).
/// Active sessions are held by a lease of this store's `owner` (see `SessionOwner`).
/// Opening refuses any file that is not a SupportDojo store and migrates the schema when the
/// store can be written; a store that cannot is opened read-only (see `init(path:access:owner:)`).
public final class SQLiteStore: SessionStore {
  /// The GRDB connection (a pool for a file, a queue in memory or for a read-only file).
  public let writer: any DatabaseWriter
  /// The file (absolute), or nil in memory.
  public let path: String?
  /// The console this store writes sessions for: it owns the sessions it starts or resumes.
  public let owner: SessionOwner
  /// How the store was opened: the command line says so when it created one, or when there was
  /// nothing to read.
  public let opening: Opening

  /// How a store was opened.
  public enum Opening: Sendable, Equatable {
    /// An existing store, readable and writable.
    case existing
    /// A new store, made by this open (and its folder, if that was missing).
    case created
    /// An existing store that cannot be written (file or folder mode): reading only.
    case readOnly(why: String)
    /// Nothing at the path and the command only reads: an empty store in memory answers;
    /// nothing was created.
    case absent
    /// A store in memory.
    case memory
  }

  /// Opens the SupportDojo store at `path` (always a plain file path, never an SQLite URI).
  ///
  /// Anything that is not a SupportDojo store (a folder, a non-SQLite file, another
  /// application's database) is refused before it is touched, and so is a store written by a
  /// newer dojo. With `.write`, a missing store is created (and its folder), and the schema is
  /// migrated. With `.read`, nothing is created: a missing store reads as empty, and a store
  /// that cannot be written is opened read-only, leaving no `-wal`/`-shm` file behind; it is
  /// migrated only when it can be written. A read-only store never takes a lease (it writes
  /// nothing); `owner` matters only to a store that writes sessions. `trace`, when given, gets
  /// every SQL statement the store runs on the file, with its arguments written in (the report
  /// benchmark replays them in the `sqlite3` shell).
  public convenience init(
    path: String, access: StoreAccess = .write, owner: SessionOwner = .current(),
    trace: (@Sendable (String) -> Void)? = nil
  ) throws {
    let path = StoreFile.plainPath(path)
    let file = try StoreFile.inspect(path)
    let readOnly = file == .missing ? nil : StoreFile.readOnlyReason(path)
    if access == .read, file != .supportDojo {
      try self.init(
        writer: DatabaseQueue(configuration: Self.configuration()), path: path, owner: owner,
        opening: .absent, migrate: true)
      return
    }
    if let readOnly {
      guard access == .read else { throw StoreError.readOnly(path: path, why: readOnly) }
      let queue: DatabaseQueue
      do {
        queue = try StoreFile.readOnlyQueue(path, trace: trace)
      } catch {
        throw StoreError.cannotOpen(path: path, reason: Self.reason(error))
      }
      try self.init(
        writer: queue, path: path, owner: owner, opening: .readOnly(why: readOnly), migrate: false)
      return
    }
    if file == .missing {
      let directory = (path as NSString).deletingLastPathComponent
      do {
        try FileManager.default.createDirectory(
          atPath: directory, withIntermediateDirectories: true)
      } catch {
        throw StoreError.cannotCreateDirectory(path: directory, reason: Self.reason(error))
      }
    }
    let pool: DatabasePool
    do {
      pool = try Self.openPool(path: path, trace: trace)
    } catch {
      throw StoreError.cannotOpen(path: path, reason: Self.reason(error))
    }
    try self.init(
      writer: pool, path: path, owner: owner, opening: file == .supportDojo ? .existing : .created,
      migrate: true)
  }

  /// Opens the pool, waiting (as long as the session write path does) while another process
  /// holds the write lock that opening needs: switching a new file to WAL, and a first write
  /// when the WAL file is empty (as it is while another program's first transaction runs).
  private static func openPool(path: String, trace: (@Sendable (String) -> Void)?) throws -> DatabasePool {
    try retryingWhileBusy("open the store", patience: .session) {
      try DatabasePool(path: path, configuration: configuration(trace: trace))
    }
  }

  /// A fresh store in memory, for tests and dry runs.
  public static func inMemory(owner: SessionOwner = .current()) throws -> SQLiteStore {
    do {
      return try SQLiteStore(
        writer: DatabaseQueue(configuration: configuration()), path: nil, owner: owner)
    } catch let error as StoreError {
      throw error
    } catch {
      throw StoreError.cannotOpen(path: ":memory:", reason: reason(error))
    }
  }

  /// Wraps an open GRDB connection and migrates it.
  public convenience init(
    writer: any DatabaseWriter, path: String? = nil, owner: SessionOwner = .current()
  ) throws {
    try self.init(
      writer: writer, path: path, owner: owner, opening: path == nil ? .memory : .existing,
      migrate: true)
  }

  /// Wraps an open connection; refuses a schema newer than this binary's, then migrates it,
  /// or (read-only) refuses one that would need migrating.
  init(
    writer: any DatabaseWriter, path: String?, owner: SessionOwner, opening: Opening, migrate: Bool
  ) throws {
    self.writer = writer
    self.path = path
    self.owner = owner
    self.opening = opening
    let shown = path ?? ":memory:"
    let migrator = StoreMigrations.migrator
    let pending: [String]
    do {
      // Reading the schema can meet another program's write lock too (a WAL still being set
      // up), so it waits like the migration does.
      pending = try Self.retryingWhileBusy("open the store", patience: .session) {
        try writer.read { db in
          let applied = try migrator.appliedIdentifiers(db)
          let unknown = applied.subtracting(migrator.migrations)
          if !unknown.isEmpty { throw StoreError.newerSchema(path: shown, unknown: unknown.sorted()) }
          return migrator.migrations.filter { !applied.contains($0) }
        }
      }
    } catch let error as StoreError {
      throw error
    } catch {
      throw StoreError.cannotOpen(path: shown, reason: Self.reason(error))
    }
    if pending.isEmpty { return }
    guard migrate else {
      if case .readOnly(let why) = opening {
        throw StoreError.needsUpgrade(path: shown, pending: pending, why: why)
      }
      throw StoreError.needsUpgrade(path: shown, pending: pending, why: "opened for reading")
    }
    do {
      try Self.retryingWhileBusy("migrate the store", patience: .session) {
        try migrator.migrate(writer)
      }
    } catch {
      // Another process may have applied the same migration between our check and our
      // write; its schema is then complete and there is nothing left to do.
      let complete = (try? writer.read { try migrator.hasCompletedMigrations($0) }) ?? false
      if !complete {
        throw StoreError.cannotOpen(path: shown, reason: Self.reason(error))
      }
    }
  }

  static func configuration(trace: (@Sendable (String) -> Void)? = nil) -> Configuration {
    var config = Configuration()
    // Each attempt waits up to 10 s inside SQLite; `retryingWhileBusy` decides how often to try.
    config.busyMode = .timeout(10)
    config.foreignKeysEnabled = true
    config.label = "SupportDojo"
    if let trace {
      config.prepareDatabase { db in
        db.trace(options: .statement) { event in
          if case .statement(let statement) = event { trace(statement.expandedSQL) }
        }
      }
    }
    return config
  }

  // MARK: - Default location

  /// Where the store lives: `$DOJO_STORE`; else `$XDG_DATA_HOME/supportdojo/dojo.sqlite`;
  /// else `~/.local/share/supportdojo/dojo.sqlite`. Empty variables count as unset, and a
  /// relative `XDG_DATA_HOME` is ignored, as the XDG specification asks.
  public static func defaultPath(
    environment: [String: String] = ProcessInfo.processInfo.environment
  ) -> String {
    if let path = environment["DOJO_STORE"], !path.isEmpty {
      return path
    }
    if let dataHome = environment["XDG_DATA_HOME"], dataHome.hasPrefix("/") {
      return join(dataHome, "supportdojo/dojo.sqlite")
    }
    let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
    return join(home, ".local/share/supportdojo/dojo.sqlite")
  }

  private static func join(_ directory: String, _ rest: String) -> String {
    directory.hasSuffix("/") ? directory + rest : directory + "/" + rest
  }

  // MARK: - Trainees

  public func trainee(named name: String) throws -> TraineeRecord {
    let name = try Self.validName(name)
    return try write("register trainee \"\(name)\"") { db in
      try Self.traineeOrCreate(db, name: name)
    }
  }

  /// The trainee with this name (trimmed, any Unicode form), or nil; never creates one.
  public func existingTrainee(named name: String) throws -> TraineeRecord? {
    try read("look up trainee \"\(name)\"") { db in try Self.traineeFetch(db, name: name) }
  }

  public func trainees() throws -> [TraineeRecord] {
    try read("list trainees") { db in
      try TraineeRecord.order(TraineeRecord.Columns.name).fetchAll(db)
    }
  }

  // MARK: - Recording a session

  public func startSession(_ new: NewSession) throws -> SessionRecord {
    let name = try Self.validName(new.traineeName)
    return try write("start a session of \(new.scenarioID)", patience: .session) { db in
      let trainee = try Self.traineeOrCreate(db, name: name)
      var session = SessionRecord(
        traineeID: trainee.id ?? 0, scenarioID: new.scenarioID,
        scenarioVersion: new.scenarioVersion, scenarioTitle: new.scenarioTitle, role: new.role,
        language: new.language, channel: new.channel, mode: new.mode, phase: new.phase,
        cohort: new.cohort, form: new.form, seed: Int64(bitPattern: new.seed),
        startedAt: new.startedAt.stored, status: .active, pid: new.pid)
      try session.insert(db)
      try takeLease(db, session.id ?? 0)
      return session
    }
  }

  @discardableResult
  public func appendTurn(
    sessionID: Int64, speaker: TranscriptEntry.Speaker, nodeID: String, turn: Int?, text: String,
    action: TraineeAction.Kind?, target: String?, at: Date, latency: Double?
  ) throws -> TurnRecord {
    let operation = "record a line of session \(sessionID)"
    try Self.requireNoNUL([text, nodeID, target ?? ""], operation)
    return try write(operation, patience: .session) { db in
      try requireOwned(db, sessionID)
      return try Self.insertTurn(
        db, sessionID: sessionID, speaker: speaker, nodeID: nodeID, turn: turn, text: text,
        action: action, target: target, at: at, latency: latency)
    }
  }

  @discardableResult
  public func appendHandoff(
    sessionID: Int64, nodeID: String, turn: Int, kind: HandoffKind, target: String, note: String,
    at: Date, latency: Double?
  ) throws -> (TurnRecord, EscalationRecord) {
    let operation = "record the hand-off of session \(sessionID)"
    try Self.requireNoNUL([note, nodeID, target], operation)
    return try write(operation, patience: .session) { db in
      try requireOwned(db, sessionID)
      let line = try Self.insertTurn(
        db, sessionID: sessionID, speaker: .trainee, nodeID: nodeID, turn: turn, text: note,
        action: kind == .escalate ? .escalate : .transfer, target: target, at: at,
        latency: latency)
      var handoff = EscalationRecord(
        sessionID: sessionID, turn: turn, kind: kind, target: target, note: note, at: at.stored)
      try handoff.insert(db)
      return (line, handoff)
    }
  }

  @discardableResult
  public func recordEscalation(
    sessionID: Int64, turn: Int, kind: HandoffKind, target: String, note: String, at: Date
  ) throws -> EscalationRecord {
    let operation = "record the hand-off of session \(sessionID)"
    try Self.requireNoNUL([note, target], operation)
    return try write(operation, patience: .session) { db in
      try requireOwned(db, sessionID)
      var record = EscalationRecord(
        sessionID: sessionID, turn: turn, kind: kind, target: target, note: note, at: at.stored)
      try record.insert(db)
      return record
    }
  }

  @discardableResult
  public func recordNote(sessionID: Int64, turn: Int, text: String, at: Date) throws -> NoteRecord {
    let operation = "record a note of session \(sessionID)"
    try Self.requireNoNUL([text], operation)
    return try write(operation, patience: .session) { db in
      try requireOwned(db, sessionID)
      var record = NoteRecord(sessionID: sessionID, turn: turn, text: text, at: at.stored)
      try record.insert(db)
      return record
    }
  }

  @discardableResult
  public func recordHint(sessionID: Int64, turn: Int, nodeID: String, text: String, at: Date)
    throws -> HintRecord
  {
    let operation = "record a hint of session \(sessionID)"
    try Self.requireNoNUL([text, nodeID], operation)
    return try write(operation, patience: .session) { db in
      try requireOwned(db, sessionID)
      var record = HintRecord(
        sessionID: sessionID, turn: turn, nodeID: nodeID, text: text, at: at.stored)
      try record.insert(db)
      try db.execute(
        sql: "UPDATE sessions SET hints_used = hints_used + 1 WHERE id = ?",
        arguments: [sessionID])
      return record
    }
  }

  @discardableResult
  public func finishSession(
    id: Int64, status: SessionStatus, endedAt: Date, handleTimeSeconds: Double?,
    result: ScoreResult?
  ) throws -> SessionRecord {
    guard status != .active else { throw StoreError.cannotFinishAs(id: id, status: status) }
    // Encoding happens before the transaction, to keep it short.
    let encoded = try result.map { result in
      (
        json: try Self.json(result),
        criteria: try result.criteria.map { ($0, try Self.json($0.evidence)) }
      )
    }
    return try write("finish session \(id)", patience: .session) { db in
      guard var session = try SessionRecord.fetchOne(db, key: id) else {
        throw StoreError.unknownSession(id)
      }
      if let holder = try Self.leaseOwner(db, id), holder != owner.token {
        throw StoreError.sessionTakenOver(id: id)
      }
      try db.execute(sql: "DELETE FROM session_leases WHERE session_id = ?", arguments: [id])
      session.status = status
      session.endedAt = endedAt.stored
      session.handleTimeSeconds = handleTimeSeconds
      session.pid = nil
      if let result, let encoded {
        session.ending = result.ending?.rawValue
        session.score = result.score
        session.rawScore = result.rawScore
        session.passed = result.passed
        session.escalationVerdict = result.escalation.verdict.rawValue
        session.csatProxy = result.csatProxy
        session.fcrProxy = result.fcrProxy
        session.turns = result.turns
        session.resultJSON = encoded.json
        try CriterionScoreRecord
          .filter(CriterionScoreRecord.Columns.sessionID == id)
          .filter(CriterionScoreRecord.Columns.source == ScoreSource.auto)
          .deleteAll(db)
        for (criterion, evidenceJSON) in encoded.criteria {
          var row = CriterionScoreRecord(
            sessionID: id, criterionID: criterion.id, score: criterion.score, max: criterion.max,
            weight: criterion.weight, met: criterion.met, applicable: criterion.applicable,
            critical: criterion.critical, evidenceJSON: evidenceJSON, source: .auto,
            createdAt: endedAt.stored)
          try row.insert(db)
        }
      }
      try session.update(db)
      return session
    }
  }

  // MARK: - Reading a session

  public func session(id: Int64) throws -> SessionRecord {
    try read("read session \(id)") { db in
      guard let session = try SessionRecord.fetchOne(db, key: id) else {
        throw StoreError.unknownSession(id)
      }
      return session
    }
  }

  public func sessions(traineeName: String?) throws -> [SessionRecord] {
    try read("list sessions") { db in
      var request = SessionRecord.all()
      if let traineeName {
        guard let trainee = try Self.traineeFetch(db, name: traineeName) else { return [] }
        request = request.filter(SessionRecord.Columns.traineeID == trainee.id)
      }
      return
        try request
        .order(SessionRecord.Columns.startedAt.desc, SessionRecord.Columns.id.desc)
        .fetchAll(db)
    }
  }

  public func turns(sessionID: Int64) throws -> [TurnRecord] {
    try read("read the lines of session \(sessionID)") { db in
      try Self.requireSession(db, sessionID)
      return try TurnRecord.filter(TurnRecord.Columns.sessionID == sessionID)
        .order(TurnRecord.Columns.seq).fetchAll(db)
    }
  }

  public func notes(sessionID: Int64) throws -> [NoteRecord] {
    try read("read the notes of session \(sessionID)") { db in
      try Self.requireSession(db, sessionID)
      return try NoteRecord.filter(NoteRecord.Columns.sessionID == sessionID)
        .order(NoteRecord.Columns.id).fetchAll(db)
    }
  }

  public func hints(sessionID: Int64) throws -> [HintRecord] {
    try read("read the hints of session \(sessionID)") { db in
      try Self.requireSession(db, sessionID)
      return try HintRecord.filter(HintRecord.Columns.sessionID == sessionID)
        .order(HintRecord.Columns.id).fetchAll(db)
    }
  }

  public func escalations(sessionID: Int64) throws -> [EscalationRecord] {
    try read("read the hand-offs of session \(sessionID)") { db in
      try Self.requireSession(db, sessionID)
      return try EscalationRecord.filter(EscalationRecord.Columns.sessionID == sessionID)
        .order(EscalationRecord.Columns.id).fetchAll(db)
    }
  }

  public func criterionScores(sessionID: Int64) throws -> [CriterionScoreRecord] {
    try read("read the criterion scores of session \(sessionID)") { db in
      try Self.requireSession(db, sessionID)
      return try CriterionScoreRecord.filter(CriterionScoreRecord.Columns.sessionID == sessionID)
        .order(CriterionScoreRecord.Columns.id).fetchAll(db)
    }
  }

  // MARK: - Interrupted sessions

  /// Marks every `active` session whose console is gone as `interrupted`. A session with a
  /// lease is gone when its owner lives in this store's PID namespace and its process id is
  /// dead, or, anywhere else, when its lease has run out; a live lease is never touched. A
  /// session from before leases is judged by its process id alone, as it always was.
  @discardableResult
  public func markInterrupted() throws -> Int {
    try write("mark interrupted sessions", patience: .session) { db in
      let rows = try Row.fetchAll(
        db,
        sql: """
          SELECT s.id, s.pid, l.namespace, l.lease_until, l.owner IS NOT NULL AS leased
          FROM sessions s LEFT JOIN session_leases l ON l.session_id = s.id
          WHERE s.status = 'active'
          """)
      let now = Date()
      var count = 0
      for row in rows {
        let pid: Int32? = row["pid"]
        let alive: Bool
        if row["leased"] as Bool {
          let namespace: String? = row["namespace"]
          let leaseUntil: Date? = row["lease_until"]
          if let namespace, namespace == owner.namespace {
            alive = Self.isAlive(pid: pid)
          } else {
            alive = (leaseUntil ?? .distantPast) > now
          }
        } else {
          alive = Self.isAlive(pid: pid)
        }
        guard !alive else { continue }
        try db.execute(
          sql: "UPDATE sessions SET status = 'interrupted' WHERE id = ?", arguments: [row["id"]])
        count += 1
      }
      return count
    }
  }

  public func resumableSessions(traineeName: String) throws -> [SessionRecord] {
    try read("list resumable sessions") { db in
      guard let trainee = try Self.traineeFetch(db, name: traineeName) else { return [] }
      return try SessionRecord.filter(SessionRecord.Columns.traineeID == trainee.id)
        .filter(SessionRecord.Columns.status == SessionStatus.interrupted)
        .order(SessionRecord.Columns.startedAt.desc, SessionRecord.Columns.id.desc)
        .fetchAll(db)
    }
  }

  @discardableResult
  public func reopen(sessionID: Int64, pid: Int32) throws -> SessionRecord {
    try write("resume session \(sessionID)", patience: .session) { db in
      guard var session = try SessionRecord.fetchOne(db, key: sessionID) else {
        throw StoreError.unknownSession(sessionID)
      }
      guard session.status == .interrupted else {
        throw StoreError.notResumable(id: sessionID, status: session.status)
      }
      session.status = .active
      session.pid = pid
      session.endedAt = nil
      try session.update(
        db,
        columns: [
          SessionRecord.Columns.status, SessionRecord.Columns.pid, SessionRecord.Columns.endedAt,
        ])
      try takeLease(db, sessionID)
      return session
    }
  }

  /// Extends this store's lease on an active session it owns, as a console's timer does while
  /// the trainee thinks; false when the session is no longer active or no longer its own.
  /// Waits quietly for the write lock, and only ten seconds: the next tick tries again.
  @discardableResult
  public func renewLease(sessionID: Int64) throws -> Bool {
    try write("renew the lease of session \(sessionID)", patience: .quiet) { db in
      try db.execute(
        sql: """
          UPDATE session_leases SET lease_until = ?
          WHERE session_id = ? AND owner = ?
            AND (SELECT status FROM sessions WHERE id = ?) = 'active'
          """,
        arguments: [leaseEnd(), sessionID, owner.token, sessionID])
      return db.changesCount > 0
    }
  }

  /// Whether a process with this id exists. `kill(pid, 0)` sends no signal; only ESRCH means
  /// "no such process" (EPERM means it exists but belongs to someone else). A missing or
  /// non-positive pid counts as dead: `kill(0, …)` and `kill(-1, …)` address process groups.
  static func isAlive(pid: Int32?) -> Bool {
    guard let pid, pid > 0 else { return false }
    if kill(pid_t(pid), 0) == 0 { return true }
    return errno != ESRCH
  }

  // MARK: - Leases

  /// When a lease taken or renewed now runs out.
  /// The end of a lease taken now, as stored (`StoredDate`).
  private func leaseEnd() -> String { StoredDate.text(Date().addingTimeInterval(owner.leaseDuration)) }

  /// Makes this store the owner of the session, with a fresh lease.
  private func takeLease(_ db: Database, _ id: Int64) throws {
    try db.execute(
      sql: """
        INSERT INTO session_leases (session_id, owner, namespace, lease_until) VALUES (?, ?, ?, ?)
        ON CONFLICT(session_id) DO UPDATE SET
          owner = excluded.owner, namespace = excluded.namespace, lease_until = excluded.lease_until
        """,
      arguments: [id, owner.token, owner.namespace, leaseEnd()])
  }

  /// The token of the console holding the session's lease, or nil when it has none.
  private static func leaseOwner(_ db: Database, _ id: Int64) throws -> String? {
    try String.fetchOne(
      db, sql: "SELECT owner FROM session_leases WHERE session_id = ?", arguments: [id])
  }

  /// Checks that the session is active and this store's to write, and renews the lease: a
  /// session resumed by another console is refused with `sessionTakenOver`, never written to.
  /// An active session without a lease (from before leases) becomes this store's.
  private func requireOwned(_ db: Database, _ id: Int64) throws {
    try Self.requireActive(db, id)
    if let holder = try Self.leaseOwner(db, id), holder != owner.token {
      throw StoreError.sessionTakenOver(id: id)
    }
    try takeLease(db, id)
  }

  /// Inserts one line with the next `seq`, counting trainee lines as turns.
  private static func insertTurn(
    _ db: Database, sessionID: Int64, speaker: TranscriptEntry.Speaker, nodeID: String,
    turn: Int?, text: String, action: TraineeAction.Kind?, target: String?, at: Date,
    latency: Double?
  ) throws -> TurnRecord {
    let last =
      try Int.fetchOne(
        db, sql: "SELECT MAX(seq) FROM turns WHERE session_id = ?", arguments: [sessionID])
      ?? 0
    var record = TurnRecord(
      sessionID: sessionID, seq: last + 1, speaker: speaker, nodeID: nodeID, turn: turn,
      text: text, action: action, target: target, at: at.stored, latencySeconds: latency)
    try record.insert(db)
    if speaker == .trainee {
      try db.execute(
        sql: "UPDATE sessions SET turns = turns + 1 WHERE id = ?", arguments: [sessionID])
    }
    return record
  }

  /// SQLite takes text as a C string and would keep only what comes before a NUL; the console
  /// cleans typed text (`TypedText.clean`) before scoring, so a NUL here is refused, not cut.
  private static func requireNoNUL(_ texts: [String], _ operation: String) throws {
    if texts.contains(where: { $0.utf8.contains(0) }) {
      throw StoreError.nulInText(operation: operation)
    }
  }

  // MARK: - Progress

  public func bestScores(traineeName: String) throws -> [String: Double] {
    try read("read best scores") { db in
      guard let trainee = try Self.traineeFetch(db, name: traineeName) else { return [:] }
      let rows = try Row.fetchAll(
        db,
        sql: """
          SELECT scenario_id, MAX(COALESCE(reviewed_score, score)) AS best FROM sessions
          WHERE trainee_id = ? AND status = 'finished' AND score IS NOT NULL
          GROUP BY scenario_id
          """,
        arguments: [trainee.id])
      var best: [String: Double] = [:]
      for row in rows {
        best[row["scenario_id"]] = row["best"]
      }
      return best
    }
  }

  public func progress(traineeName: String?) throws -> ProgressReport {
    try read("compute progress") { db in
      let trainees: [TraineeRecord]
      let sessions: [SessionRecord]
      if let traineeName {
        guard let trainee = try Self.traineeFetch(db, name: traineeName) else {
          return ProgressReport.compute(trainees: [], sessions: [])
        }
        trainees = [trainee]
        sessions = try SessionRecord.filter(SessionRecord.Columns.traineeID == trainee.id)
          .fetchAll(db)
      } else {
        trainees = try TraineeRecord.fetchAll(db)
        sessions = try SessionRecord.fetchAll(db)
      }
      return ProgressReport.compute(trainees: trainees, sessions: sessions)
    }
  }

  // MARK: - Helpers

  /// Runs `body` in a write transaction. The store's own refusals (`StoreError`, `ReviewError`,
  /// `CohortError`: all `LocalizedError`s with a message for the user) pass through as they are;
  /// anything else (a database failure, an encoding error) becomes a `StoreError` naming the
  /// operation.
  /// Waits for another program's write lock as `patience` allows (see `retryingWhileBusy`).
  /// A read-only store refuses at once, before it waits or touches the file.
  func write<T>(
    _ operation: String, patience: Patience = .standard, _ body: (Database) throws -> T
  ) throws -> T {
    if case .readOnly(let why) = opening { throw StoreError.readOnly(path: path ?? ":memory:", why: why) }
    do {
      return try Self.retryingWhileBusy(operation, patience: patience) {
        try writer.write(body)
      }
    } catch {
      throw Self.storeError(error, operation: operation)
    }
  }

  /// Runs `body` in a read transaction, with the same errors as `write`.
  func read<T>(_ operation: String, _ body: (Database) throws -> T) throws -> T {
    do {
      return try writer.read(body)
    } catch {
      throw Self.storeError(error, operation: operation)
    }
  }

  private static func storeError(_ error: any Error, operation: String) -> any Error {
    if error is StoreError || error is ReviewError || error is CohortError { return error }
    return StoreError.databaseFailure(operation: operation, reason: reason(error))
  }

  private static func validName(_ name: String) throws -> String {
    let trimmed = normalizedName(name)
    guard !trimmed.isEmpty else { throw StoreError.emptyTraineeName }
    return trimmed
  }

  /// A name as stored: trimmed, in Unicode NFC, so "émile" typed with a combining accent is the
  /// same trainee as "émile" typed with one key.
  static func normalizedName(_ name: String) -> String {
    name.trimmingCharacters(in: .whitespacesAndNewlines).precomposedStringWithCanonicalMapping
  }

  private static func traineeFetch(_ db: Database, name: String) throws -> TraineeRecord? {
    try TraineeRecord.filter(TraineeRecord.Columns.name == normalizedName(name)).fetchOne(db)
  }

  private static func traineeOrCreate(_ db: Database, name: String) throws -> TraineeRecord {
    if let existing = try traineeFetch(db, name: name) { return existing }
    // A new name follows the name rules (length, no control characters); names stored before
    // the rules existed can still be looked up.
    if let problem = NameRules.problem(with: normalizedName(name), kind: "trainee") {
      throw StoreError.invalidName(problem.message)
    }
    var trainee = TraineeRecord(name: name, role: .trainee, createdAt: Date().stored)
    try trainee.insert(db)
    return trainee
  }

  private static func requireSession(_ db: Database, _ id: Int64) throws {
    guard try SessionRecord.exists(db, key: id) else { throw StoreError.unknownSession(id) }
  }

  private static func requireActive(_ db: Database, _ id: Int64) throws {
    guard
      let status = try SessionStatus.fetchOne(
        db, sql: "SELECT status FROM sessions WHERE id = ?", arguments: [id])
    else { throw StoreError.unknownSession(id) }
    guard status == .active else { throw StoreError.sessionNotActive(id: id, status: status) }
  }

  private static func json(_ value: some Encodable) throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    do {
      return String(decoding: try encoder.encode(value), as: UTF8.self)
    } catch {
      throw StoreError.databaseFailure(operation: "encode a score result", reason: reason(error))
    }
  }

  static func reason(_ error: any Error) -> String {
    if let error = error as? DatabaseError {
      return error.message ?? error.description
    }
    return (error as? LocalizedError)?.errorDescription ?? String(describing: error)
  }
}

extension Date {
  /// The date as the database gives it back (to the millisecond), so that a record returned
  /// by a write equals the same record read later.
  fileprivate var stored: Date { StoredDate.date(StoredDate.text(self).databaseValue) ?? self }
}
