import DojoCore
import Foundation

/// The team store: one PostgreSQL database that many consoles and leads reach (libpq).
///
/// It keeps what the SQLite store keeps, in tables of the same names (`PostgresSchema`), with
/// the same rules: every write is one short transaction (serializable; a serialization failure
/// runs it again), a session is written only by the console that holds its lease, turns are
/// appended, a finished session's automatic criterion rows replace the earlier ones. Lease
/// times come from the server's clock, so consoles on machines whose clocks differ agree on
/// whose lease ran out. The schema is created by `initialize(url:)` (`dojo store init`);
/// opening a database without it is refused.
public final class PostgresStore: Store {
  /// The server and database.
  public let url: PostgresURL
  /// The console this store writes sessions for: it owns the sessions it starts or resumes.
  public let owner: SessionOwner
  let connection: LockedConnection

  public var location: String { url.text }

  /// Connects to the store at `url`; refuses a database without a SupportDojo schema, or with
  /// migrations this binary does not know (a newer dojo's). `trace` gets every statement run,
  /// its arguments written in (`DOJO_TRACE_SQL`, ready for `psql`).
  public init(url: PostgresURL, owner: SessionOwner = .current(), trace: (@Sendable (String) -> Void)? = nil) throws {
    self.url = url
    self.owner = owner
    let connection: PostgresConnection
    do {
      connection = try PostgresConnection(url: url, trace: trace)
    } catch let error as PostgresError {
      throw StoreError.cannotOpenServer(url: url.text, reason: Self.explained(error))
    }
    self.connection = LockedConnection(connection)
    let applied: [String]
    do {
      let present = try connection.value(String.self, "SELECT to_regclass('dojo_migrations')::text")
      guard present != nil else {
        throw StoreError.cannotOpenServer(
          url: url.text,
          reason: "the database has no SupportDojo store yet; create it with `dojo store init \(url.text)`")
      }
      applied = try connection.values(String.self, "SELECT identifier FROM dojo_migrations")
    } catch let error as PostgresError {
      throw StoreError.cannotOpenServer(url: url.text, reason: Self.explained(error))
    }
    let known = Set(PostgresSchema.migrations.map(\.identifier))
    let unknown = applied.filter { !known.contains($0) }
    if !unknown.isEmpty { throw StoreError.newerSchema(path: url.text, unknown: unknown.sorted()) }
    let pending = PostgresSchema.migrations.map(\.identifier).filter { !applied.contains($0) }
    if !pending.isEmpty {
      throw StoreError.needsUpgrade(
        path: url.text, pending: pending, why: "run `dojo store init \(url.text)` as the database owner")
    }
  }

  /// What `initialize(url:)` did.
  public struct Initialization: Sendable, Equatable {
    /// The migrations applied (none when the schema was current).
    public var applied: [String]
    /// Whether the roles `dojo_trainee`, `dojo_lead` and `dojo_admin` and their row-level
    /// security were set up (false when the account may not create roles).
    public var roles: Bool
  }

  /// Creates the schema in the database at `url`, or brings it up to date, and (when the
  /// account may create roles) the roles and what each may do (`PostgresSchema.roles`).
  /// `roles: false` leaves the roles out (tests that need none).
  @discardableResult
  public static func initialize(url: PostgresURL, roles: Bool = true) throws -> Initialization {
    do {
      let connection = try PostgresConnection(url: url)
      let applied = try connection.transaction(.write) { db in
        try db.executeScript(PostgresSchema.migrationsTable)
        // One initialisation at a time, when two start together.
        try db.execute("LOCK TABLE dojo_migrations IN EXCLUSIVE MODE")
        let applied = Set(try db.values(String.self, "SELECT identifier FROM dojo_migrations"))
        let known = Set(PostgresSchema.migrations.map(\.identifier))
        let unknown = applied.subtracting(known)
        if !unknown.isEmpty { throw StoreError.newerSchema(path: url.text, unknown: unknown.sorted()) }
        var done: [String] = []
        for migration in PostgresSchema.migrations where !applied.contains(migration.identifier) {
          try db.executeScript(migration.sql)
          try db.execute("INSERT INTO dojo_migrations (identifier) VALUES ($1)", [migration.identifier])
          done.append(migration.identifier)
        }
        return done
      }
      // Roles are the whole cluster's: set up read-committed, after the lock the script takes,
      // so that two stores set up at once see each other's roles.
      guard roles else { return Initialization(applied: applied, roles: false) }
      let mayCreateRoles = try connection.transaction(.locking) { db in
        let may =
          try db.value(Bool.self, "SELECT rolsuper OR rolcreaterole FROM pg_roles WHERE rolname = current_user") ?? false
        if may { try db.executeScript(PostgresSchema.clusterRoles) }
        return may
      }
      if mayCreateRoles {
        try connection.transaction(.locking) { db in try db.executeScript(PostgresSchema.roles) }
      }
      return Initialization(applied: applied, roles: mayCreateRoles)
    } catch let error as PostgresError {
      throw StoreError.cannotOpenServer(url: url.text, reason: Self.explained(error))
    }
  }

  /// Makes `name` a trainee or a lead of the store at `url`: a database login of that name
  /// (created without a password when missing: set one with `ALTER ROLE … PASSWORD` or let
  /// `pg_hba.conf` decide), a member of `dojo_trainee` or `dojo_lead`, and the store's trainee
  /// of that name with that role (the change recorded in `role_changes`, by no lead: an
  /// admin's). Needs the account that ran `dojo store init` (one that may create roles).
  @discardableResult
  public static func grant(_ name: String, role: TraineeRole, url: PostgresURL, at date: Date) throws -> RoleChange? {
    let name = SQLiteStore.normalizedName(name)
    guard !name.isEmpty else { throw StoreError.emptyTraineeName }
    if let problem = NameRules.problem(with: name, kind: "trainee") { throw StoreError.invalidName(problem.message) }
    guard name.utf8.count <= 63 else {
      throw StoreError.invalidName("a database login name has at most 63 bytes: \"\(name)\" is longer")
    }
    do {
      let connection = try PostgresConnection(url: url)
      return try connection.transaction(.locking) { db in
        try db.execute("SELECT pg_advisory_xact_lock(hashtext('dojo roles'))")
        guard try db.value(Int.self, "SELECT 1 FROM pg_roles WHERE rolname = 'dojo_lead'") != nil else {
          throw StoreError.cannotOpenServer(
            url: url.text,
            reason: "the store has no roles yet: run `dojo store init \(url.text)` as an account that may create roles")
        }
        // Role names go into the statement through the server's own quoting (%I), never by hand.
        func run(_ template: String) throws {
          guard let sql = try db.value(String.self, "SELECT format($1::text, $2::text)", [template, name]) else { return }
          try db.executeScript(sql)
        }
        if try db.value(Int.self, "SELECT 1 FROM pg_roles WHERE rolname = $1", [name]) == nil {
          try run("CREATE ROLE %I LOGIN")
        }
        switch role {
        case .lead: try run("GRANT dojo_lead TO %I")
        case .trainee:
          try run("GRANT dojo_trainee TO %I")
          let isLead = try db.value(
            Int.self,
            """
            SELECT 1 FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid JOIN pg_roles u ON u.oid = m.member
            WHERE g.rolname = 'dojo_lead' AND u.rolname = $1
            """, [name])
          if isLead != nil { try run("REVOKE dojo_lead FROM %I") }
        }
        try db.execute(
          "INSERT INTO trainees (name, role, created_at) VALUES ($1, 'trainee', $2) ON CONFLICT (name) DO NOTHING",
          [name, date.postgresStored])
        guard let trainee = try traineeFetch(db, name: name) else { throw StoreError.unknownTrainee(name) }
        guard trainee.role != role else { return nil }
        let anyLead = try db.value(Int.self, "SELECT 1 FROM trainees WHERE role = 'lead' LIMIT 1") != nil
        try db.execute("UPDATE trainees SET role = $2 WHERE id = $1", [trainee.id, role])
        var record = RoleChangeRecord(
          traineeID: trainee.id ?? 0, fromRole: trainee.role, toRole: role, changedBy: nil,
          kind: anyLead ? .change : .firstLead, createdAt: date.postgresStored)
        record.id = try db.insert(record, into: "role_changes")
        return RoleChange(record: record, traineeName: name, changedByName: nil)
      }
    } catch let error as PostgresError {
      throw StoreError.databaseFailure(operation: "grant \(name) the role \(role.rawValue)", reason: "\(error.message) (store \(url.text))")
    }
  }

  /// A connection failure with the way on: what to check.
  static func explained(_ error: PostgresError) -> String {
    guard error.sqlState == nil else { return error.message }
    if error.message.contains("password") {
      return error.message + " (the password comes from PGPASSWORD or ~/.pgpass)"
    }
    if error.message.contains("FATAL") {
      return error.message + "; check the user and database in the URL (`dojo store grant` adds a person)"
    }
    return error.message + "; check that the server runs and the URL is right, or pass another --store"
  }

  // MARK: - Trainees

  public func trainee(named name: String) throws -> TraineeRecord {
    let name = try Self.validName(name)
    return try sessionWrite("register trainee \"\(name)\"") { db in try Self.traineeOrCreate(db, name: name) }
  }

  public func existingTrainee(named name: String) throws -> TraineeRecord? {
    try read("look up trainee \"\(name)\"") { db in try Self.traineeFetch(db, name: name) }
  }

  public func trainees() throws -> [TraineeRecord] {
    try read("list trainees") { db in
      try db.fetch(TraineeRecord.self, "SELECT id, name, role, created_at FROM trainees ORDER BY name COLLATE \"C\"")
    }
  }

  // MARK: - Recording a session

  public func startSession(_ new: NewSession) throws -> SessionRecord {
    let name = try Self.validName(new.traineeName)
    return try sessionWrite("start a session of \(new.scenarioID)") { db in
      let trainee = try Self.traineeOrCreate(db, name: name)
      var session = SessionRecord(
        traineeID: trainee.id ?? 0, scenarioID: new.scenarioID,
        scenarioVersion: new.scenarioVersion, scenarioTitle: new.scenarioTitle, role: new.role,
        language: new.language, channel: new.channel, mode: new.mode, phase: new.phase,
        cohort: new.cohort, form: new.form, seed: Int64(bitPattern: new.seed),
        startedAt: new.startedAt.postgresStored, status: .active, pid: new.pid)
      session.id = try db.insert(session, into: "sessions")
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
    return try sessionWrite(operation) { db in
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
    return try sessionWrite(operation) { db in
      try requireOwned(db, sessionID)
      let line = try Self.insertTurn(
        db, sessionID: sessionID, speaker: .trainee, nodeID: nodeID, turn: turn, text: note,
        action: kind == .escalate ? .escalate : .transfer, target: target, at: at, latency: latency)
      var handoff = EscalationRecord(
        sessionID: sessionID, turn: turn, kind: kind, target: target, note: note, at: at.postgresStored)
      handoff.id = try db.insert(handoff, into: "escalations")
      return (line, handoff)
    }
  }

  @discardableResult
  public func recordEscalation(
    sessionID: Int64, turn: Int, kind: HandoffKind, target: String, note: String, at: Date
  ) throws -> EscalationRecord {
    let operation = "record the hand-off of session \(sessionID)"
    try Self.requireNoNUL([note, target], operation)
    return try sessionWrite(operation) { db in
      try requireOwned(db, sessionID)
      var record = EscalationRecord(
        sessionID: sessionID, turn: turn, kind: kind, target: target, note: note, at: at.postgresStored)
      record.id = try db.insert(record, into: "escalations")
      return record
    }
  }

  @discardableResult
  public func recordNote(sessionID: Int64, turn: Int, text: String, at: Date) throws -> NoteRecord {
    let operation = "record a note of session \(sessionID)"
    try Self.requireNoNUL([text], operation)
    return try sessionWrite(operation) { db in
      try requireOwned(db, sessionID)
      var record = NoteRecord(sessionID: sessionID, turn: turn, text: text, at: at.postgresStored)
      record.id = try db.insert(record, into: "notes")
      return record
    }
  }

  @discardableResult
  public func recordHint(sessionID: Int64, turn: Int, nodeID: String, text: String, at: Date) throws -> HintRecord {
    let operation = "record a hint of session \(sessionID)"
    try Self.requireNoNUL([text, nodeID], operation)
    return try sessionWrite(operation) { db in
      try requireOwned(db, sessionID)
      var record = HintRecord(sessionID: sessionID, turn: turn, nodeID: nodeID, text: text, at: at.postgresStored)
      record.id = try db.insert(record, into: "hints")
      try db.execute("UPDATE sessions SET hints_used = hints_used + 1 WHERE id = $1", [sessionID])
      return record
    }
  }

  @discardableResult
  public func finishSession(
    id: Int64, status: SessionStatus, endedAt: Date, handleTimeSeconds: Double?, result: ScoreResult?
  ) throws -> SessionRecord {
    guard status != .active else { throw StoreError.cannotFinishAs(id: id, status: status) }
    let encoded = try result.map { result in
      (json: try Self.json(result), criteria: try result.criteria.map { ($0, try Self.json($0.evidence)) })
    }
    return try sessionWrite("finish session \(id)") { db in
      guard var session = try Self.sessionFetch(db, id, locking: true) else { throw StoreError.unknownSession(id) }
      if let holder = try Self.leaseOwner(db, id), holder != owner.token {
        throw StoreError.sessionTakenOver(id: id)
      }
      try db.execute("DELETE FROM session_leases WHERE session_id = $1", [id])
      session.status = status
      session.endedAt = endedAt.postgresStored
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
        try db.execute("DELETE FROM criterion_scores WHERE session_id = $1 AND source = 'auto'", [id])
        for (criterion, evidenceJSON) in encoded.criteria {
          let row = CriterionScoreRecord(
            sessionID: id, criterionID: criterion.id, score: criterion.score, max: criterion.max,
            weight: criterion.weight, met: criterion.met, applicable: criterion.applicable,
            critical: criterion.critical, evidenceJSON: evidenceJSON, source: .auto,
            createdAt: endedAt.postgresStored)
          _ = try db.insert(row, into: "criterion_scores")
        }
      }
      try db.execute(
        """
        UPDATE sessions SET status = $2, ended_at = $3, handle_time_seconds = $4, pid = NULL, ending = $5,
          score = $6, raw_score = $7, passed = $8, escalation_verdict = $9, csat_proxy = $10, fcr_proxy = $11,
          turns = $12, result_json = $13
        WHERE id = $1
        """,
        [
          id, session.status, session.endedAt, session.handleTimeSeconds, session.ending, session.score,
          session.rawScore, session.passed, session.escalationVerdict, session.csatProxy, session.fcrProxy,
          session.turns, session.resultJSON,
        ])
      return session
    }
  }

  // MARK: - Reading a session

  public func session(id: Int64) throws -> SessionRecord {
    try read("read session \(id)") { db in
      guard let session = try Self.sessionFetch(db, id) else { throw StoreError.unknownSession(id) }
      return session
    }
  }

  public func sessions(traineeName: String?) throws -> [SessionRecord] {
    try read("list sessions") { db in
      if let traineeName {
        guard let trainee = try Self.traineeFetch(db, name: traineeName) else { return [] }
        return try db.fetch(
          SessionRecord.self,
          "SELECT \(Self.sessionColumns) FROM sessions WHERE trainee_id = $1 ORDER BY started_at DESC, id DESC",
          [trainee.id])
      }
      return try db.fetch(
        SessionRecord.self, "SELECT \(Self.sessionColumns) FROM sessions ORDER BY started_at DESC, id DESC")
    }
  }

  public func turns(sessionID: Int64) throws -> [TurnRecord] {
    try read("read the lines of session \(sessionID)") { db in
      try Self.requireSession(db, sessionID)
      return try db.fetch(TurnRecord.self, "SELECT * FROM turns WHERE session_id = $1 ORDER BY seq", [sessionID])
    }
  }

  public func notes(sessionID: Int64) throws -> [NoteRecord] {
    try read("read the notes of session \(sessionID)") { db in
      try Self.requireSession(db, sessionID)
      return try db.fetch(NoteRecord.self, "SELECT * FROM notes WHERE session_id = $1 ORDER BY id", [sessionID])
    }
  }

  public func hints(sessionID: Int64) throws -> [HintRecord] {
    try read("read the hints of session \(sessionID)") { db in
      try Self.requireSession(db, sessionID)
      return try db.fetch(HintRecord.self, "SELECT * FROM hints WHERE session_id = $1 ORDER BY id", [sessionID])
    }
  }

  public func escalations(sessionID: Int64) throws -> [EscalationRecord] {
    try read("read the hand-offs of session \(sessionID)") { db in
      try Self.requireSession(db, sessionID)
      return try db.fetch(
        EscalationRecord.self, "SELECT * FROM escalations WHERE session_id = $1 ORDER BY id", [sessionID])
    }
  }

  public func criterionScores(sessionID: Int64) throws -> [CriterionScoreRecord] {
    try read("read the criterion scores of session \(sessionID)") { db in
      try Self.requireSession(db, sessionID)
      return try db.fetch(
        CriterionScoreRecord.self, "SELECT * FROM criterion_scores WHERE session_id = $1 ORDER BY id", [sessionID])
    }
  }

  // MARK: - Interrupted sessions

  /// Marks every `active` session whose console is gone as `interrupted`: one whose owner lives
  /// in this store's PID namespace and whose process is dead, or, anywhere else, whose lease
  /// ran out by the server's clock. A session without a lease is judged by its process id.
  @discardableResult
  public func markInterrupted() throws -> Int {
    try sessionWrite("mark interrupted sessions") { db in
      let rows = try db.execute(
        """
        SELECT s.id, s.pid, l.namespace, l.lease_until > now(), l.owner IS NOT NULL
        FROM sessions s LEFT JOIN session_leases l ON l.session_id = s.id
        WHERE s.status = 'active'
        """)
      var gone: [Int64] = []
      for row in rows.all {
        let pid = try row.optional(1, as: Int32.self)
        let alive: Bool
        if try row.get(4, as: Bool.self) {
          if let namespace = row.text(2), namespace == owner.namespace {
            alive = SQLiteStore.isAlive(pid: pid)
          } else {
            alive = try row.optional(3, as: Bool.self) ?? false
          }
        } else {
          alive = SQLiteStore.isAlive(pid: pid)
        }
        if !alive { gone.append(try row.get(0)) }
      }
      var count = 0
      for id in gone {
        // Still active (another console may have marked or resumed it meanwhile).
        let rows = try db.execute("UPDATE sessions SET status = 'interrupted' WHERE id = $1 AND status = 'active'", [id])
        count += rows.affected
      }
      return count
    }
  }

  public func resumableSessions(traineeName: String) throws -> [SessionRecord] {
    try read("list resumable sessions") { db in
      guard let trainee = try Self.traineeFetch(db, name: traineeName) else { return [] }
      return try db.fetch(
        SessionRecord.self,
        """
        SELECT \(Self.sessionColumns) FROM sessions WHERE trainee_id = $1 AND status = 'interrupted'
        ORDER BY started_at DESC, id DESC
        """, [trainee.id])
    }
  }

  @discardableResult
  public func reopen(sessionID: Int64, pid: Int32) throws -> SessionRecord {
    try sessionWrite("resume session \(sessionID)") { db in
      guard var session = try Self.sessionFetch(db, sessionID, locking: true) else {
        throw StoreError.unknownSession(sessionID)
      }
      guard session.status == .interrupted else {
        throw StoreError.notResumable(id: sessionID, status: session.status)
      }
      session.status = .active
      session.pid = pid
      session.endedAt = nil
      try db.execute(
        "UPDATE sessions SET status = 'active', pid = $2, ended_at = NULL WHERE id = $1", [sessionID, pid])
      try takeLease(db, sessionID)
      return session
    }
  }

  @discardableResult
  public func renewLease(sessionID: Int64) throws -> Bool {
    try sessionWrite("renew the lease of session \(sessionID)", patient: false) { db in
      let rows = try db.execute(
        """
        UPDATE session_leases SET lease_until = now() + make_interval(secs => $3)
        WHERE session_id = $1 AND owner = $2
          AND (SELECT status FROM sessions WHERE id = $1) = 'active'
        """, [sessionID, owner.token, owner.leaseDuration])
      return rows.affected > 0
    }
  }

  // MARK: - Progress

  public func bestScores(traineeName: String) throws -> [String: Double] {
    try read("read best scores") { db in
      guard let trainee = try Self.traineeFetch(db, name: traineeName) else { return [:] }
      let rows = try db.execute(
        """
        SELECT scenario_id, MAX(COALESCE(reviewed_score, score)) FROM sessions
        WHERE trainee_id = $1 AND status = 'finished' AND score IS NOT NULL
        GROUP BY scenario_id
        """, [trainee.id])
      var best: [String: Double] = [:]
      for row in rows.all { best[try row.get(0)] = try row.get(1) }
      return best
    }
  }

  public func progress(traineeName: String?) throws -> ProgressReport {
    try read("compute progress") { db in
      if let traineeName {
        guard let trainee = try Self.traineeFetch(db, name: traineeName) else {
          return ProgressReport.compute(trainees: [], sessions: [])
        }
        let sessions = try db.fetch(
          SessionRecord.self, "SELECT \(Self.sessionColumns) FROM sessions WHERE trainee_id = $1 ORDER BY id",
          [trainee.id])
        return ProgressReport.compute(trainees: [trainee], sessions: sessions)
      }
      let trainees = try db.fetch(TraineeRecord.self, "SELECT id, name, role, created_at FROM trainees ORDER BY id")
      let sessions = try db.fetch(SessionRecord.self, "SELECT \(Self.sessionColumns) FROM sessions ORDER BY id")
      return ProgressReport.compute(trainees: trainees, sessions: sessions)
    }
  }

  public func demoSessionCount() throws -> Int {
    try read("count demo sessions") { db in
      try db.value(Int.self, "SELECT COUNT(*) FROM sessions WHERE demo") ?? 0
    }
  }

  // MARK: - Leases

  /// Makes this store the owner of the session, with a fresh lease (by the server's clock).
  private func takeLease(_ db: PostgresConnection, _ id: Int64) throws {
    try db.execute(
      """
      INSERT INTO session_leases (session_id, owner, namespace, lease_until)
      VALUES ($1, $2, $3, now() + make_interval(secs => $4))
      ON CONFLICT (session_id) DO UPDATE SET
        owner = excluded.owner, namespace = excluded.namespace, lease_until = excluded.lease_until
      """, [id, owner.token, owner.namespace, owner.leaseDuration])
  }

  private static func leaseOwner(_ db: PostgresConnection, _ id: Int64) throws -> String? {
    try db.value(String.self, "SELECT owner FROM session_leases WHERE session_id = $1", [id])
  }

  /// Checks that the session is active and this store's to write, and renews the lease.
  private func requireOwned(_ db: PostgresConnection, _ id: Int64) throws {
    guard let status = try db.value(String.self, "SELECT status FROM sessions WHERE id = $1 FOR UPDATE", [id]) else {
      throw StoreError.unknownSession(id)
    }
    let current = SessionStatus(rawValue: status) ?? .abandoned
    guard current == .active else { throw StoreError.sessionNotActive(id: id, status: current) }
    if let holder = try Self.leaseOwner(db, id), holder != owner.token {
      throw StoreError.sessionTakenOver(id: id)
    }
    try takeLease(db, id)
  }

  private static func insertTurn(
    _ db: PostgresConnection, sessionID: Int64, speaker: TranscriptEntry.Speaker, nodeID: String,
    turn: Int?, text: String, action: TraineeAction.Kind?, target: String?, at: Date, latency: Double?
  ) throws -> TurnRecord {
    let last = try db.value(Int.self, "SELECT MAX(seq) FROM turns WHERE session_id = $1", [sessionID]) ?? 0
    var record = TurnRecord(
      sessionID: sessionID, seq: last + 1, speaker: speaker, nodeID: nodeID, turn: turn,
      text: text, action: action, target: target, at: at.postgresStored, latencySeconds: latency)
    record.id = try db.insert(record, into: "turns")
    if speaker == .trainee {
      try db.execute("UPDATE sessions SET turns = turns + 1 WHERE id = $1", [sessionID])
    }
    return record
  }

  // MARK: - Helpers

  /// The columns of `SessionRecord` (not `demo`).
  static let sessionColumns = """
    id, trainee_id, scenario_id, scenario_version, scenario_title, role, language, channel, mode, phase,
    cohort, form, seed, started_at, ended_at, status, pid, ending, score, raw_score, passed,
    escalation_verdict, csat_proxy, fcr_proxy, handle_time_seconds, hints_used, turns, result_json,
    reviewed_score, reviewed_passed
    """

  static func sessionFetch(_ db: PostgresConnection, _ id: Int64, locking: Bool = false) throws -> SessionRecord? {
    try db.fetchOne(
      SessionRecord.self, "SELECT \(sessionColumns) FROM sessions WHERE id = $1\(locking ? " FOR UPDATE" : "")", [id])
  }

  static func requireSession(_ db: PostgresConnection, _ id: Int64) throws {
    guard try db.value(Int64.self, "SELECT id FROM sessions WHERE id = $1", [id]) != nil else {
      throw StoreError.unknownSession(id)
    }
  }

  static func traineeFetch(_ db: PostgresConnection, name: String) throws -> TraineeRecord? {
    try db.fetchOne(
      TraineeRecord.self, "SELECT id, name, role, created_at FROM trainees WHERE name = $1",
      [SQLiteStore.normalizedName(name)])
  }

  static func traineeOrCreate(_ db: PostgresConnection, name: String) throws -> TraineeRecord {
    if let existing = try traineeFetch(db, name: name) { return existing }
    if let problem = NameRules.problem(with: SQLiteStore.normalizedName(name), kind: "trainee") {
      throw StoreError.invalidName(problem.message)
    }
    // Two consoles may create the same trainee at once: the second finds the first's row.
    let trainee = TraineeRecord(name: SQLiteStore.normalizedName(name), role: .trainee, createdAt: Date().postgresStored)
    try db.execute(
      "INSERT INTO trainees (name, role, created_at) VALUES ($1, $2, $3) ON CONFLICT (name) DO NOTHING",
      [trainee.name, trainee.role, trainee.createdAt])
    guard let stored = try traineeFetch(db, name: name) else { throw StoreError.unknownTrainee(name) }
    return stored
  }

  private static func validName(_ name: String) throws -> String {
    let trimmed = SQLiteStore.normalizedName(name)
    guard !trimmed.isEmpty else { throw StoreError.emptyTraineeName }
    return trimmed
  }

  /// PostgreSQL text cannot hold a NUL byte either: refused, not cut.
  private static func requireNoNUL(_ texts: [String], _ operation: String) throws {
    if texts.contains(where: { $0.utf8.contains(0) }) { throw StoreError.nulInText(operation: operation) }
  }

  static func json(_ value: some Encodable) throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    do {
      return String(decoding: try encoder.encode(value), as: UTF8.self)
    } catch {
      throw StoreError.databaseFailure(operation: "encode a score result", reason: "\(error)")
    }
  }

  /// Runs `body` in one serializable write transaction (run again on a serialization failure).
  /// The store's own refusals pass through; a database failure becomes a `StoreError` naming
  /// the operation and the server.
  @discardableResult
  func write<T>(_ operation: String, _ body: (PostgresConnection) throws -> T) throws -> T {
    try run(operation) { try $0.transaction(.write, body) }
  }

  /// Runs `body` in one read-committed transaction that locks the session rows it writes
  /// (`FOR UPDATE`): the session write path, which must not make consoles refuse each other.
  @discardableResult
  /// `patient`: waits for an unreachable server and reports it (false for the lease timer,
  /// whose next tick tries again).
  func sessionWrite<T>(_ operation: String, patient: Bool = true, _ body: (PostgresConnection) throws -> T) throws -> T {
    try run(operation, patient: patient) { try $0.transaction(.locking, body) }
  }

  /// Runs `body` in one read-only transaction (one snapshot for all its queries).
  func read<T>(_ operation: String, _ body: (PostgresConnection) throws -> T) throws -> T {
    try run(operation) { try $0.transaction(.read, body) }
  }

  /// Runs `body` on the connection. On the session write path (`patient`), a server that
  /// cannot be reached is tried again for up to ten minutes, as the SQLite store waits for a
  /// write lock, and the wait is reported (`SQLiteStore.reportWaits`) after a second: the
  /// console says so and keeps what was typed until it is stored.
  private func run<T>(_ operation: String, patient: Bool = false, _ body: (PostgresConnection) throws -> T) throws -> T {
    let start = Date()
    let observer = patient ? SQLiteStore.waitObserver.withLock { $0 } : nil
    let reporter = observer.map {
      WaitReporter(operation: operation, start: start, observer: $0) { .unreachable(operation: $0, seconds: $1) }
    }
    defer { reporter?.finish() }
    while true {
      do {
        return try connection.with(body)
      } catch let error as PostgresError
        where patient && error.connectionLost && !error.duringCommit && Date().timeIntervalSince(start) < 600
      {
        usleep(1_000_000)
      } catch {
        throw storeError(error, operation: operation)
      }
    }
  }

  /// The store's own refusals as they are; a database failure as a `StoreError` naming the
  /// operation and the server.
  private func storeError(_ error: any Error, operation: String) -> any Error {
    switch error {
    case let error as PostgresError where error.isPermissionDenied:
      StoreError.databaseFailure(operation: operation, reason: "the store at \(url.text) refused it: \(error.message)")
    case let error as PostgresError:
      StoreError.databaseFailure(operation: operation, reason: "\(error.message) (store \(url.text))")
    case is StoreError, is ReviewError, is CohortError:
      error
    default:
      StoreError.databaseFailure(
        operation: operation, reason: (error as? LocalizedError)?.errorDescription ?? "\(error)")
    }
  }

}

/// The store's one connection, used by one caller at a time (a console's lease timer and its
/// writes share it). `@unchecked Sendable`: the connection is only reached under the lock.
final class LockedConnection: @unchecked Sendable {
  private let lock = NSLock()
  private let connection: PostgresConnection

  init(_ connection: PostgresConnection) { self.connection = connection }

  func with<T>(_ body: (PostgresConnection) throws -> T) throws -> T {
    lock.lock()
    defer { lock.unlock() }
    return try body(connection)
  }
}
