import DojoCore
import Foundation
import GRDB

/// What `dojo demo-data` generates: a cohort of synthetic trainees, each with pre assessments,
/// practice sessions and post assessments, with turns, criterion scores and KPI proxies.
public struct DemoDataRequest: Sendable {
  public var cohort: String
  public var trainees: Int
  /// Practice sessions per trainee between the pre and the post assessment.
  public var practicePerTrainee: Int
  public var seed: UInt64
  /// The scenarios the pre and the post assessment play (the cohort's plan resolved per phase).
  public var preScenarios: [Scenario]
  public var postScenarios: [Scenario]
  /// The scenarios practised between the assessments.
  public var practiceScenarios: [Scenario]
  /// Trainee lines per scenario id: a strong and a weak answer file's turns.
  public var strongAnswers: [String: [TraineeAction]]
  public var weakAnswers: [String: [TraineeAction]]
  /// The pre assessment's day; practice follows over three weeks, the post assessment after.
  public var start: Date

  public init(
    cohort: String, trainees: Int, practicePerTrainee: Int, seed: UInt64, preScenarios: [Scenario],
    postScenarios: [Scenario], practiceScenarios: [Scenario], strongAnswers: [String: [TraineeAction]],
    weakAnswers: [String: [TraineeAction]], start: Date
  ) {
    self.cohort = cohort
    self.trainees = trainees
    self.practicePerTrainee = practicePerTrainee
    self.seed = seed
    self.preScenarios = preScenarios
    self.postScenarios = postScenarios
    self.practiceScenarios = practiceScenarios
    self.strongAnswers = strongAnswers
    self.weakAnswers = weakAnswers
    self.start = start
  }
}

/// How many rows `fillDemoData` wrote.
public struct DemoDataSummary: Sendable, Hashable, Codable {
  public var trainees: Int
  public var sessions: Int
  public var turns: Int
  public var criterionScores: Int
}

/// What `removeDemoData` deleted.
public struct DemoRemovalSummary: Sendable, Hashable, Codable {
  public var sessions: Int
  public var trainees: Int
  /// Demo trainees kept because something real refers to them (a session they played for real,
  /// a review they wrote, a role change).
  public var keptTrainees: Int
  public var cohorts: Int
}

extension SQLiteStore {
  /// Sessions in a bulk write's transaction; a transaction also ends after `demoTransactionSeconds`.
  static let demoTransactionSessions = 200
  static let demoTransactionSeconds = 0.05
  /// The pause after each commit, in microseconds: long enough that a writer polling for the
  /// lock (SQLite's busy handler retries every 1–100 ms) finds it free within a few tries.
  static let demoPauseMicroseconds: UInt32 = 10_000

  /// Writes synthetic, seeded data for demos and benchmarks; the same request gives the same
  /// rows. Each trainee has an ability and a training effect (most improve, some get worse);
  /// every session's criterion points follow from the trainee's skill on that day and the
  /// criterion's difficulty, and the session's score, pass, escalation verdict, CSAT, FCR,
  /// handle time and hints follow from those. Every row is marked `demo`, so `removeDemoData`
  /// finds it again.
  ///
  /// Commits in short transactions (at most 200 sessions or 50 ms, then a 10 ms pause), so a
  /// console on the same store waits a moment at most, never seconds; an interrupted run leaves
  /// complete, marked sessions that `removeDemoData` deletes. `progress` is called with the
  /// trainees done after each trainee.
  @discardableResult
  public func fillDemoData(_ request: DemoDataRequest, progress: (Int) -> Void = { _ in }) throws -> DemoDataSummary {
    try createCohort(named: request.cohort)
    var random = SeededGenerator(seed: request.seed)
    var summary = DemoDataSummary(trainees: 0, sessions: 0, turns: 0, criterionScores: 0)
    do {
      try writer.writeWithoutTransaction { db in
        // Demo rows need not survive a power cut: skip the fsync of each short transaction.
        let synchronous = try Int.fetchOne(db, sql: "PRAGMA synchronous") ?? 2
        try db.execute(sql: "PRAGMA synchronous = NORMAL")
        defer { try? db.execute(sql: "PRAGMA synchronous = \(synchronous)") }
        let batch = DemoBatch(db: db)
        try batch.begin()
        do {
          try db.execute(sql: "UPDATE cohorts SET demo = 1 WHERE name = ?", arguments: [request.cohort])
          let cohortID = try Self.cohortID(db, request.cohort)
          let writer = DemoWriter(db: db, request: request, cohortID: cohortID, afterSession: batch.sessionWritten)
          for index in 0..<request.trainees {
            try writer.trainee(index, random: &random, summary: &summary)
            progress(index + 1)
          }
          try batch.commit()
        } catch {
          batch.rollback()
          throw error
        }
      }
    } catch let error as CohortError {
      throw error
    } catch {
      throw StoreError.databaseFailure(operation: "write demo data", reason: Self.reason(error))
    }
    return summary
  }

  /// How many sessions `dojo demo-data` wrote into this store.
  public func demoSessionCount() throws -> Int {
    try read("count demo sessions") { db in
      try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM sessions WHERE demo = 1") ?? 0
    }
  }

  /// Deletes everything `dojo demo-data` wrote: its sessions (with their turns, scores, reviews
  /// and disputes), its cohorts, and its trainees unless something real refers to them. In
  /// short transactions, like the writing; `progress` gets the sessions deleted so far.
  @discardableResult
  public func removeDemoData(progress: (Int) -> Void = { _ in }) throws -> DemoRemovalSummary {
    var summary = DemoRemovalSummary(sessions: 0, trainees: 0, keptTrainees: 0, cohorts: 0)
    while true {
      let deleted = try write("delete demo sessions") { db in
        try db.execute(
          sql: "DELETE FROM sessions WHERE id IN (SELECT id FROM sessions WHERE demo = 1 LIMIT ?)",
          arguments: [Self.demoTransactionSessions])
        return db.changesCount
      }
      if deleted == 0 { break }
      summary.sessions += deleted
      progress(summary.sessions)
      usleep(SQLiteStore.demoPauseMicroseconds)
    }
    summary.cohorts = try write("delete demo cohorts") { db in
      try db.execute(sql: "DELETE FROM cohorts WHERE demo = 1")
      return db.changesCount
    }
    var after: Int64 = 0
    while true {
      let ids = try read("list demo trainees") { db in
        try Int64.fetchAll(
          db, sql: "SELECT id FROM trainees WHERE demo = 1 AND id > ? ORDER BY id LIMIT ?",
          arguments: [after, Self.demoTransactionSessions])
      }
      guard let last = ids.last else { break }
      after = last
      try write("delete demo trainees") { db in
        for id in ids {
          do {
            try db.inSavepoint {
              try db.execute(sql: "DELETE FROM trainees WHERE id = ?", arguments: [id])
              return .commit
            }
            summary.trainees += 1
          } catch let error as DatabaseError where error.resultCode == .SQLITE_CONSTRAINT {
            summary.keptTrainees += 1
          }
        }
      }
    }
    return summary
  }
}

/// Short transactions for a bulk writer on a connection outside any transaction: commits after
/// `demoTransactionSessions` sessions or `demoTransactionSeconds`, then pauses 10 ms so that a
/// console waiting on the lock gets its turn.
private final class DemoBatch {
  let db: Database
  private var sessions = 0
  private var started = Date()

  init(db: Database) { self.db = db }

  func begin() throws {
    try db.execute(sql: "BEGIN IMMEDIATE TRANSACTION")
    sessions = 0
    started = Date()
  }

  func commit() throws {
    try db.execute(sql: "COMMIT TRANSACTION")
  }

  func rollback() {
    if db.isInsideTransaction { try? db.execute(sql: "ROLLBACK TRANSACTION") }
  }

  func sessionWritten() throws {
    sessions += 1
    guard
      sessions >= SQLiteStore.demoTransactionSessions
        || Date().timeIntervalSince(started) >= SQLiteStore.demoTransactionSeconds
    else { return }
    try commit()
    usleep(SQLiteStore.demoPauseMicroseconds)
    try begin()
  }
}

/// Writes one trainee's sessions with cached prepared statements.
private struct DemoWriter {
  let db: Database
  let request: DemoDataRequest
  let cohortID: Int64
  /// Called after each session is written (the batch may commit there).
  let afterSession: () throws -> Void

  static let firstNames = ["Mara", "Jonas", "Aylin", "Tom", "Priya", "Lukas", "Sofia", "Ben", "Nina", "Omar", "Lea", "Felix", "Hana", "Emil", "Chiara", "Paul", "Ines", "Karim", "Julia", "Noah"]
  static let lastNames = ["Jensen", "Weber", "Yılmaz", "Okafor", "Schmidt", "Rossi", "Nowak", "Müller", "Haddad", "Fischer", "Kowalski", "Becker", "Novak", "Costa", "Wagner", "Sato"]

  func trainee(_ index: Int, random: inout SeededGenerator, summary: inout DemoDataSummary) throws {
    let name = "\(Self.firstNames[index % Self.firstNames.count]) \(Self.lastNames[(index / Self.firstNames.count) % Self.lastNames.count]) \(index + 1)"
    try db.execute(
      sql: "INSERT OR IGNORE INTO trainees (name, role, created_at, demo) VALUES (?, 'trainee', ?, 1)",
      arguments: [name, request.start])
    guard let traineeID = try Int64.fetchOne(db, sql: "SELECT id FROM trainees WHERE name = ?", arguments: [name]) else { return }
    try db.execute(
      sql: "INSERT OR IGNORE INTO cohort_members (cohort_id, trainee_id, added_at) VALUES (?, ?, ?)",
      arguments: [cohortID, traineeID, request.start])
    summary.trainees += 1

    // Ability before the training, and what the training does for this trainee.
    let ability = min(95, max(20, normal(62, 12, &random)))
    let effect = normal(8, 7, &random)
    let day = 86_400.0
    for (offset, scenario) in request.preScenarios.enumerated() {
      let at = request.start.addingTimeInterval(Double(offset) * 1_500 + uniform(&random) * 3_600)
      try session(traineeID, scenario, skill: ability, mode: "assessment", phase: "pre", at: at, random: &random, summary: &summary)
    }
    for index in 0..<request.practicePerTrainee where !request.practiceScenarios.isEmpty {
      let scenario = request.practiceScenarios[Int(random.next() % UInt64(request.practiceScenarios.count))]
      let progress = Double(index + 1) / Double(request.practicePerTrainee + 1)
      let at = request.start.addingTimeInterval(day * (1 + 20 * progress) + uniform(&random) * 28_800)
      try session(traineeID, scenario, skill: ability + effect * progress, mode: "practice", phase: nil, at: at, random: &random, summary: &summary)
    }
    for (offset, scenario) in request.postScenarios.enumerated() {
      let at = request.start.addingTimeInterval(day * 22 + Double(offset) * 1_500 + uniform(&random) * 3_600)
      try session(traineeID, scenario, skill: ability + effect, mode: "assessment", phase: "post", at: at, random: &random, summary: &summary)
    }
  }

  private func session(
    _ traineeID: Int64, _ scenario: Scenario, skill: Double, mode: String, phase: String?, at: Date,
    random: inout SeededGenerator, summary: inout DemoDataSummary
  ) throws {
    let today = skill + normal(0, 6, &random)
    // Criterion points: skill against the criterion's difficulty (fixed per criterion id).
    var rows: [(id: String, points: Int, max: Int, weight: Double, critical: Bool)] = []
    var earned = 0.0, possible = 0.0
    var criticalMiss = false
    for criterion in scenario.rubric.criteria {
      let max = criterion.scale.maxPoints
      // Critical criteria (the auto-fails) are the basics: missed only by weak trainees.
      let hurdle = criterion.critical ? 20 + Self.difficulty(criterion.id) / 3 : 45 + Self.difficulty(criterion.id) / 1.5
      let chance = sigmoid((today - hurdle + normal(0, 8, &random)) / (criterion.critical ? 8 : 10))
      let points =
        max == 1
        ? (uniform(&random) < chance ? 1 : 0)
        : Swift.max(0, Swift.min(max, Int((chance * Double(max) + normal(0, 0.5, &random)).rounded())))
      if !criterion.bonus { possible += criterion.weight }
      earned += criterion.weight * Double(points) / Double(max)
      if criterion.critical && points == 0 { criticalMiss = true }
      rows.append((criterion.id, points, max, criterion.weight, criterion.critical))
    }
    // Escalation: the right call more often the more skilled the trainee is.
    let expectation = scenario.escalation
    let right = uniform(&random) < sigmoid((today - 45) / 12)
    let verdict: String
    if expectation.expect == .resolve {
      verdict = right ? "not-expected" : (uniform(&random) < 0.5 ? "unnecessary" : "premature")
    } else {
      verdict = right ? "correct" : ["missed", "late", "premature", "incomplete-handoff", "wrong-target"][Int(random.next() % 5)]
    }
    let escalationPoints = ["correct", "not-expected"].contains(verdict) ? 2 : (["late", "incomplete-handoff"].contains(verdict) ? 1 : 0)
    possible += expectation.weight
    earned += expectation.weight * Double(escalationPoints) / 2
    if expectation.critical && escalationPoints == 0 { criticalMiss = true }
    rows.append(("escalation", escalationPoints, 2, expectation.weight, expectation.critical))

    let rawScore = possible > 0 ? (min(1, earned / possible) * 1000).rounded() / 10 : 0
    let score = criticalMiss ? 0 : rawScore
    let passed = score >= scenario.rubric.passScore
    let csat = max(1, min(5, Int((today + normal(0, 12, &random)) / 20) + 1))
    let escalated = expectation.expect != .resolve ? verdict != "missed" : verdict != "not-expected"
    let ending = csat == 1 ? "gave-up" : (escalated ? (expectation.expect == .transfer ? "transferred" : "escalated") : "resolved")
    // As the scorer has it: resolved with the right call, or handed over rightly (or late).
    let fcr =
      ending == "resolved" ? ["correct", "not-expected"].contains(verdict)
      : ending == "gave-up" ? false : ["correct", "late"].contains(verdict)
    let traineeTurns = 3 + Int(random.next() % 5)
    let handleTime = max(60, (540 - 2.5 * today + normal(0, 70, &random)).rounded())
    let hints = mode == "practice" ? max(0, Int((100 - today) / 25 + normal(0, 0.8, &random))) : 0
    let seed = Int64(bitPattern: random.next() >> 1)
    let ended = at.addingTimeInterval(handleTime)

    try db.cachedStatement(
      sql: """
        INSERT INTO sessions (trainee_id, scenario_id, scenario_version, scenario_title, role, language,
          channel, mode, phase, cohort, form, seed, started_at, ended_at, status, ending, score, raw_score,
          passed, escalation_verdict, csat_proxy, fcr_proxy, handle_time_seconds, hints_used, turns, demo)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'finished', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)
        """
    ).execute(arguments: [
      traineeID, scenario.id, scenario.version, scenario.title, scenario.role.rawValue,
      scenario.language.rawValue, scenario.channel.rawValue, mode, phase,
      phase == nil ? nil : request.cohort, scenario.form, seed, at, ended, ending, score, rawScore,
      passed, verdict, csat, fcr, handleTime, hints, traineeTurns,
    ])
    let sessionID = db.lastInsertedRowID
    summary.sessions += 1

    let scoreStatement = try db.cachedStatement(
      sql: """
        INSERT INTO criterion_scores (session_id, criterion_id, score, max, weight, met, applicable,
          critical, evidence_json, source, created_at)
        VALUES (?, ?, ?, ?, ?, ?, 1, ?, '[]', 'auto', ?)
        """)
    for row in rows {
      try scoreStatement.execute(arguments: [sessionID, row.id, row.points, row.max, row.weight, row.points == row.max, row.critical, ended])
    }
    summary.criterionScores += rows.count

    // The conversation: the scenario's customer lines in order, the trainee's lines from the
    // strong or the weak answer file (by skill), one second per word typed.
    let customerLines = scenario.orderedNodes.compactMap { $0.customer.first }
    let answers = (today >= 65 ? request.strongAnswers[scenario.id] : request.weakAnswers[scenario.id])
      ?? request.strongAnswers[scenario.id] ?? []
    let nodes = scenario.nodeOrder
    let turnStatement = try db.cachedStatement(
      sql: """
        INSERT INTO turns (session_id, seq, speaker, node_id, turn, text, action, target, at, latency_seconds)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """)
    var seq = 0
    var clock = at
    let step = handleTime / Double(traineeTurns * 2)
    for turn in 0..<traineeTurns {
      let node = nodes.isEmpty ? scenario.start : nodes[min(turn, nodes.count - 1)]
      let customer = customerLines.isEmpty ? "…" : customerLines[min(turn, customerLines.count - 1)]
      seq += 1
      try turnStatement.execute(arguments: [sessionID, seq, "customer", node, nil, customer, nil, nil, clock, nil])
      clock = clock.addingTimeInterval(step)
      let action = answers.isEmpty ? TraineeAction(kind: .reply, text: "Let me check that for you.", target: nil) : answers[turn % answers.count]
      seq += 1
      try turnStatement.execute(arguments: [sessionID, seq, "trainee", node, turn + 1, action.text, action.kind.rawValue, action.target, clock, step])
      clock = clock.addingTimeInterval(step)
    }
    summary.turns += seq
    try afterSession()
  }

  /// A fixed difficulty per criterion id, 0–30 points, so some criteria are reliably harder.
  static func difficulty(_ id: String) -> Double {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in id.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
    return Double(hash % 31)
  }
}

private func uniform(_ random: inout SeededGenerator) -> Double {
  Double(random.next() >> 11) / Double(1 << 53)
}

/// A normal draw (Box–Muller).
private func normal(_ mean: Double, _ sd: Double, _ random: inout SeededGenerator) -> Double {
  let u1 = max(uniform(&random), 1e-12)
  let u2 = uniform(&random)
  return mean + sd * (-2 * log(u1)).squareRoot() * cos(2 * .pi * u2)
}

private func sigmoid(_ x: Double) -> Double { 1 / (1 + exp(-x)) }
