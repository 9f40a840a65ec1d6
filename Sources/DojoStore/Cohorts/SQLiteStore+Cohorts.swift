import DojoCore
import Foundation
import GRDB
import Synchronization

extension SQLiteStore: CohortStore {
  // MARK: - Cohorts

  @discardableResult
  public func createCohort(named name: String) throws -> CohortSummary {
    let name = try Self.cohortName(name)
    if let problem = NameRules.problem(with: name, kind: "cohort") { throw StoreError.invalidName(problem.message) }
    try write("create cohort \"\(name)\"") { db in
      if try Int64.fetchOne(db, sql: "SELECT id FROM cohorts WHERE name = ?", arguments: [name]) != nil {
        throw CohortError.alreadyExists(name)
      }
      try db.execute(
        sql: "INSERT INTO cohorts (name, created_at) VALUES (?, ?)", arguments: [name, Date()])
    }
    return try cohort(named: name)
  }

  @discardableResult
  public func addMembers(_ names: [String], to cohort: String) throws -> [String] {
    let trainees = try names.map { try trainee(named: $0) }
    return try write("add members to cohort \"\(cohort)\"") { db in
      let id = try Self.cohortID(db, cohort)
      var added: [String] = []
      for trainee in trainees {
        try db.execute(
          sql: "INSERT OR IGNORE INTO cohort_members (cohort_id, trainee_id, added_at) VALUES (?, ?, ?)",
          arguments: [id, trainee.id, Date()])
        if db.changesCount > 0 { added.append(trainee.name) }
      }
      return added
    }
  }

  public func cohorts() throws -> [CohortSummary] {
    try read("list cohorts") { db in
      let names = try String.fetchAll(db, sql: "SELECT name FROM cohorts ORDER BY name")
      return try names.map { try Self.summary(db, name: $0) }
    }
  }

  public func cohort(named name: String) throws -> CohortSummary {
    try read("read cohort \"\(name)\"") { db in try Self.summary(db, name: name) }
  }

  public func setPlan(_ plan: AssessmentPlan, for cohort: String) throws {
    try write("set the plan of cohort \"\(cohort)\"") { db in
      let id = try Self.cohortID(db, cohort)
      try db.execute(
        sql: "UPDATE cohorts SET plan_role = ?, pre_form = ?, post_form = ? WHERE id = ?",
        arguments: [plan.role, plan.preForm, plan.postForm, id])
      try db.execute(sql: "DELETE FROM cohort_plan_scenarios WHERE cohort_id = ?", arguments: [id])
      for (position, scenario) in plan.scenarios.enumerated() {
        try db.execute(
          sql: "INSERT INTO cohort_plan_scenarios (cohort_id, position, scenario) VALUES (?, ?, ?)",
          arguments: [id, position, scenario])
      }
    }
  }

  // MARK: - Report queries

  public func effectivenessInput(cohort: String) throws -> EffectivenessInput {
    // Two reads at once (a file store is a pool of readers): the per-session totals, and the
    // tens of thousands of criterion rows.
    let operation = "compute the effectiveness of cohort \"\(cohort)\""
    let summary = Mutex<Result<EffectivenessSummaryPart, any Error>?>(nil)
    let criteria = Mutex<Result<CriterionPart, any Error>?>(nil)
    DispatchQueue.concurrentPerform(iterations: 2) { part in
      if part == 0 {
        let result = Result { try self.read(operation) { db in try Self.summaryPart(db, cohort: cohort) } }
        summary.withLock { $0 = result }
      } else {
        let result = Result { try self.read(operation) { db in try Self.criterionPart(db, cohort: cohort) } }
        criteria.withLock { $0 = result }
      }
    }
    guard let summaryResult = summary.withLock({ $0 }), let criteriaResult = criteria.withLock({ $0 }) else {
      throw StoreError.databaseFailure(operation: operation, reason: "a read did not finish")
    }
    let head = try summaryResult.get()
    let part = try criteriaResult.get()
    // A session finished between the two reads has criteria but no totals yet: left out.
    let names = part.trainees.map { head.names[$0] }
    let results: CriterionResults
    if names.allSatisfy({ $0 != nil }) {
      results = CriterionResults(trainees: names.compactMap { $0 }, criteria: part.criteria, rows: part.rows)
    } else {
      let known = names.indices.filter { names[$0] != nil }
      var renumbered = [Int?](repeating: nil, count: names.count)
      for (new, old) in known.enumerated() { renumbered[old] = new }
      let rows = part.rows.compactMap { row -> CriterionResults.Row? in
        guard let trainee = renumbered[row.trainee] else { return nil }
        var kept = row
        kept.trainee = trainee
        return kept
      }
      results = CriterionResults(trainees: known.compactMap { names[$0] }, criteria: part.criteria, rows: rows)
    }
    return EffectivenessInput(
      cohort: cohort, members: head.members, phases: head.phases, criterionResults: results, played: head.played)
  }

  /// The finished, scored assessment sessions of a cohort, as an SQL condition over `sessions AS s`.
  private static let scoredAssessments = """
    s.cohort = ? AND s.mode = 'assessment' AND +s.status = 'finished'
    AND s.phase IS NOT NULL AND \(SessionScoreColumn.effective) IS NOT NULL
    """

  /// Members, per-trainee totals and played scenarios of a cohort (one read).
  private static func summaryPart(_ db: Database, cohort: String) throws -> EffectivenessSummaryPart {
    let id = try cohortID(db, cohort)
    let members = try String.fetchAll(
      db,
      sql: """
        SELECT t.name FROM cohort_members m JOIN trainees t ON t.id = m.trainee_id
        WHERE m.cohort_id = ? ORDER BY t.name
        """, arguments: [id])
    // A cursor, not `fetchAll`: its rows decode numbers straight from the statement.
    let phaseRows = try Row.fetchCursor(
      db,
      sql: """
        SELECT t.name, s.role, s.phase, s.trainee_id, \(totalsColumns)
        FROM sessions s JOIN trainees t ON t.id = s.trainee_id
        WHERE \(scoredAssessments)
        GROUP BY s.trainee_id, s.role, s.phase
        """, arguments: [cohort])
    var names: [Int64: String] = [:]
    var phases: [PhaseTotals] = []
    while let row = try phaseRows.next() {
      guard let phase = AssessmentPhase(rawValue: row[2]) else { continue }
      let name: String = row[0]
      names[row[3]] = name
      phases.append(totals(row, trainee: name, role: row[1], phase: phase, offset: 4))
    }
    let playedRows = try Row.fetchAll(
      db,
      sql: """
        SELECT DISTINCT s.scenario_id, s.phase, s.form, s.scenario_version FROM sessions s
        WHERE \(scoredAssessments) ORDER BY 1, s.phase = 'post', 3, 4
        """, arguments: [cohort])
    let played = playedRows.compactMap { row -> PlayedScenario? in
      guard let phase = AssessmentPhase(rawValue: row[1]) else { return nil }
      return PlayedScenario(scenarioID: row[0], phase: phase, form: row[2], version: row[3])
    }
    return EffectivenessSummaryPart(members: members, names: names, phases: phases, played: played)
  }

  /// Points per trainee, criterion and phase of a cohort's assessments (one read). Summed here
  /// rather than by an SQL GROUP BY: sorting the rows in SQLite costs more than reading them.
  /// Trainees and criteria are numbered as they come, and each trainee has a small table of
  /// its rows by criterion and phase, so a row costs one lookup of its criterion's id.
  private static func criterionPart(_ db: Database, cohort: String) throws -> CriterionPart {
    let id = try cohortID(db, cohort)
    // Room for every member's criteria in both phases at once: growing the array row by row
    // cost more than the summing (a demo cohort has 64,000 rows).
    let members = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM cohort_members WHERE cohort_id = ?", arguments: [id]) ?? 0
    var trainees = Numbering<Int64>()
    var criteria = Numbering<String>()
    var rows: [CriterionResults.Row] = []
    rows.reserveCapacity(min(members * 40, 1 << 22))
    /// Per trainee (by number): the index in `rows` of each criterion × phase (criterion · 2 +
    /// 1 for post), −1 where there is none yet.
    var cells: [[Int]] = []
    cells.reserveCapacity(members)
    func cell(_ trainee: Int, _ criterion: Int, post: Bool) -> Int? {
      let slot = criterion * 2 + (post ? 1 : 0)
      guard trainee < cells.count, slot < cells[trainee].count, cells[trainee][slot] >= 0 else { return nil }
      return cells[trainee][slot]
    }
    let cursor = try Row.fetchCursor(
      db,
      sql: """
        SELECT s.trainee_id, cs.criterion_id, s.phase = 'post', cs.score, cs.max
        FROM sessions s
        JOIN criterion_scores cs ON cs.session_id = s.id
        WHERE \(scoredAssessments) AND cs.applicable AND \(SessionScoreColumn.effectiveCriterionFilter)
        """, arguments: [cohort])
    // A session's rows come together, so the trainee is mostly the one of the row before.
    var lastTraineeID: Int64?
    var trainee = 0
    while let row = try cursor.next() {
      let traineeID: Int64 = row[0]
      if traineeID != lastTraineeID {
        trainee = trainees.number(traineeID)
        lastTraineeID = traineeID
      }
      let criterion = criteria.number(row[1])
      let post: Bool = row[2]
      let points: Double = row[3] ?? 0
      let max: Double = row[4]
      if let index = cell(trainee, criterion, post: post) {
        rows[index].points += points
        rows[index].maxPoints += max
      } else {
        while cells.count <= trainee { cells.append([]) }
        let slot = criterion * 2 + (post ? 1 : 0)
        if slot >= cells[trainee].count {
          cells[trainee].append(contentsOf: repeatElement(-1, count: criteria.values.count * 2 - cells[trainee].count))
        }
        cells[trainee][slot] = rows.count
        rows.append(CriterionResults.Row(trainee: trainee, criterion: criterion, phase: post ? .post : .pre, points: points, maxPoints: max))
      }
    }
    // A review's changed ratings in place of the automatic ones (few rows: reviewed sessions only).
    let corrections = try Row.fetchAll(
      db, sql: SessionScoreColumn.reviewCorrections(scoredAssessments), arguments: [cohort])
    for row in corrections {
      guard let trainee = trainees.existing(row[0]), let criterion = criteria.existing(row[1]),
        let index = cell(trainee, criterion, post: row[2])
      else { continue }
      rows[index].points += row[3] as Double
    }
    return CriterionPart(trainees: trainees.values, criteria: criteria.values, rows: rows)
  }

  public func teamReport(cohort: String?, since: Date?) throws -> TeamReport {
    // Two reads at once (a file store is a pool of readers): per trainee, and per criterion.
    let operation = "compute the team report"
    let traineePart = Mutex<Result<[TeamTotals], any Error>?>(nil)
    let criterionPart = Mutex<Result<[CriterionRate], any Error>?>(nil)
    DispatchQueue.concurrentPerform(iterations: 2) { part in
      if part == 0 {
        let result = Result { try self.read(operation) { db in try Self.teamTrainees(db, cohort: cohort, since: since) } }
        traineePart.withLock { $0 = result }
      } else {
        let result = Result { try self.read(operation) { db in try Self.teamCriteria(db, cohort: cohort, since: since) } }
        criterionPart.withLock { $0 = result }
      }
    }
    guard let trainees = traineePart.withLock({ $0 }), let criteria = criterionPart.withLock({ $0 }) else {
      throw StoreError.databaseFailure(operation: operation, reason: "a read did not finish")
    }
    return TeamReport.compute(
      cohort: cohort, since: since.map(Self.sinceLabel), trainees: try trainees.get(), criteria: try criteria.get())
  }

  /// The scenarios of the sessions a team report counts (ids, sorted), so that its criteria can
  /// be named from the scenarios that were played.
  public func teamScenarios(cohort: String?, since: Date?) throws -> [String] {
    try read("list the scenarios of the team report") { db in
      let (filter, arguments) = try Self.sessionFilter(db, cohort: cohort, since: since)
      return try String.fetchAll(
        db, sql: "SELECT DISTINCT s.scenario_id FROM sessions s WHERE \(filter) ORDER BY 1", arguments: arguments)
    }
  }

  private static func teamTrainees(_ db: Database, cohort: String?, since: Date?) throws -> [TeamTotals] {
    let (filter, arguments) = try sessionFilter(db, cohort: cohort, since: since)
    // A cursor, not `fetchAll`: its rows decode numbers straight from the statement.
    let rows = try Row.fetchCursor(
      db,
      sql: """
        SELECT t.name, TOTAL(\(SessionScoreColumn.effectivePassed)), MAX(s.started_at), \(totalsColumns)
        FROM sessions s JOIN trainees t ON t.id = s.trainee_id
        WHERE \(filter) AND \(SessionScoreColumn.effective) IS NOT NULL
        GROUP BY s.trainee_id
        """, arguments: arguments)
    var trainees: [TeamTotals] = []
    while let row = try rows.next() {
      let name: String = row[0]
      let last: Date? = row[2]
      trainees.append(
        TeamTotals(
          trainee: name, passes: Int(row[1] as Double), lastPlayed: last.map(day),
          totals: totals(row, trainee: name, role: "", phase: .pre, offset: 3)))
    }
    return trainees
  }

  private static func teamCriteria(_ db: Database, cohort: String?, since: Date?) throws -> [CriterionRate] {
    let (filter, arguments) = try sessionFilter(db, cohort: cohort, since: since)
    // When most sessions are chosen: one pass over the criterion index, leaving out the rows
    // of the few sessions not chosen. Otherwise a join from the chosen sessions reads less.
    let all = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM sessions") ?? 0
    let chosen =
      cohort == nil && since == nil
      ? all : try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM sessions s WHERE \(filter)", arguments: arguments) ?? 0
    let rows: [Row]
    if chosen * 2 >= all {
      let keep = """
        cs.session_id NOT IN (
          SELECT s.id FROM sessions s
          WHERE NOT COALESCE(\(filter) AND \(SessionScoreColumn.effective) IS NOT NULL, 0))
        """
      rows = try Row.fetchAll(
        db,
        sql: """
          SELECT cs.criterion_id, COUNT(*), TOTAL(cs.met), TOTAL(cs.score), TOTAL(cs.max)
          FROM criterion_scores cs INDEXED BY criterion_scores_for_reports
          WHERE cs.applicable AND \(SessionScoreColumn.effectiveCriterionFilter) AND \(keep)
          GROUP BY cs.criterion_id
          """, arguments: arguments)
    } else {
      rows = try Row.fetchAll(
        db,
        sql: """
          SELECT cs.criterion_id, COUNT(*), TOTAL(cs.met), TOTAL(cs.score), TOTAL(cs.max)
          FROM sessions s JOIN criterion_scores cs ON cs.session_id = s.id
          WHERE \(filter) AND \(SessionScoreColumn.effective) IS NOT NULL
            AND cs.applicable AND \(SessionScoreColumn.effectiveCriterionFilter)
          GROUP BY cs.criterion_id
          """, arguments: arguments)
    }
    var rates = rows.map { row in
      CriterionRate(
        criterion: row[0], results: row[1], met: Int(row[2] as Double), points: row[3], maxPoints: row[4])
    }
    // A review's changed ratings in place of the automatic ones (few rows: reviewed sessions only).
    let corrections = try Row.fetchAll(
      db, sql: SessionScoreColumn.reviewCorrections(filter), arguments: arguments)
    for row in corrections {
      let criterion: String = row[1]
      if let index = rates.firstIndex(where: { $0.criterion == criterion }) {
        rates[index].points += row[3] as Double
        rates[index].met += Int(row[4] as Double)
      }
    }
    return rates
  }

  public func forEachFinishedSession(
    cohort: String?, since: Date?, _ body: (ExportedSession) throws -> Void
  ) throws {
    try read("export sessions") { db in
      let (filter, arguments) = try Self.sessionFilter(db, cohort: cohort, since: since)
      let cursor = try Row.fetchCursor(
        db,
        sql: """
          SELECT s.id, t.name, s.scenario_id, s.scenario_title, s.scenario_version, s.role,
            s.language, s.channel, s.mode, s.phase, s.cohort, s.form, s.started_at, s.ended_at,
            \(SessionScoreColumn.effective), \(SessionScoreColumn.effectivePassed), s.handle_time_seconds,
            CASE WHEN s.reviewed_score IS NOT NULL THEN (
              SELECT group_concat(r.id) FROM reviews r WHERE r.session_id = s.id AND r.kind <> 'calibration')
            END
          FROM sessions s JOIN trainees t ON t.id = s.trainee_id
          WHERE \(filter)
          ORDER BY s.started_at, s.id
          """, arguments: arguments)
      while let row = try cursor.next() {
        let started: Date = row[12]
        let ended: Date? = row[13]
        let reviews: String? = row[17]
        try body(
          ExportedSession(
            id: row[0], trainee: row[1], scenarioID: row[2], scenarioTitle: row[3],
            scenarioVersion: row[4], role: row[5], language: row[6], channel: row[7], mode: row[8],
            phase: row[9], cohort: row[10], form: row[11], startedAt: started.timeIntervalSince1970,
            endedAt: ended?.timeIntervalSince1970, score: row[14], passed: row[15],
            handleTimeSeconds: row[16],
            reviewIDs: (reviews ?? "").split(separator: ",").compactMap { Int64($0) }.sorted()))
      }
    }
  }

  // MARK: - Helpers

  /// The summed columns `totals(_:offset:)` reads, in order.
  private static let totalsColumns = """
    COUNT(*), TOTAL(\(SessionScoreColumn.effective)),
    COUNT(s.handle_time_seconds), TOTAL(s.handle_time_seconds),
    TOTAL(s.fcr_proxy), COUNT(s.csat_proxy), TOTAL(s.csat_proxy),
    COUNT(s.escalation_verdict),
    TOTAL(s.escalation_verdict IN ('correct', 'not-expected')),
    TOTAL(s.escalation_verdict IN ('unnecessary', 'premature')),
    TOTAL(s.escalation_verdict IN ('missed', 'late')),
    TOTAL(s.hints_used)
    """

  private static func totals(_ row: Row, trainee: String, role: String, phase: AssessmentPhase, offset o: Int) -> PhaseTotals {
    func int(_ index: Int) -> Int { Int((row[o + index] as Double?) ?? 0) }
    return PhaseTotals(
      trainee: trainee, role: role, phase: phase, sessions: row[o], scoreSum: row[o + 1],
      timedSessions: row[o + 2], handleTimeSum: row[o + 3], firstContactResolved: int(4),
      csatSessions: row[o + 5], csatSum: row[o + 6], escalationJudged: row[o + 7],
      escalationCorrect: int(8), overEscalated: int(9), underEscalated: int(10), hintsUsed: int(11))
  }

  /// Finished sessions, of a cohort (its members' sessions and sessions tagged with it), from a day on.
  private static func sessionFilter(_ db: Database, cohort: String?, since: Date?) throws -> (String, StatementArguments) {
    var filter = "s.status = 'finished'"
    var arguments: StatementArguments = []
    if let cohort {
      let id = try cohortID(db, cohort)
      filter += " AND (s.cohort = ? OR s.trainee_id IN (SELECT trainee_id FROM cohort_members WHERE cohort_id = ?))"
      arguments += [cohort, id]
    }
    if let since {
      filter += " AND s.started_at >= ?"
      arguments += [since]
    }
    return (filter, arguments)
  }

  private static func summary(_ db: Database, name: String) throws -> CohortSummary {
    guard
      let row = try Row.fetchOne(
        db, sql: "SELECT id, created_at, plan_role, pre_form, post_form FROM cohorts WHERE name = ?",
        arguments: [name])
    else { throw try unknown(db, name) }
    let id: Int64 = row[0]
    let members = try String.fetchAll(
      db,
      sql: """
        SELECT t.name FROM cohort_members m JOIN trainees t ON t.id = m.trainee_id
        WHERE m.cohort_id = ? ORDER BY t.name
        """, arguments: [id])
    var plan: AssessmentPlan?
    if let role: String = row[2] {
      let scenarios = try String.fetchAll(
        db, sql: "SELECT scenario FROM cohort_plan_scenarios WHERE cohort_id = ? ORDER BY position",
        arguments: [id])
      plan = AssessmentPlan(role: role, scenarios: scenarios, preForm: row[3], postForm: row[4])
    }
    let counts = try Row.fetchOne(
      db,
      sql: """
        SELECT TOTAL(phase = 'pre'), TOTAL(phase = 'post') FROM sessions
        WHERE cohort = ? AND mode = 'assessment' AND status = 'finished'
        """, arguments: [name])
    return CohortSummary(
      name: name, createdAt: row[1], members: members, plan: plan,
      preSessions: Int((counts?[0] as Double?) ?? 0), postSessions: Int((counts?[1] as Double?) ?? 0))
  }

  static func cohortID(_ db: Database, _ name: String) throws -> Int64 {
    let trimmed = name.trimmingCharacters(in: .whitespacesAndNewlines)
    guard let id = try Int64.fetchOne(db, sql: "SELECT id FROM cohorts WHERE name = ?", arguments: [trimmed]) else {
      throw try unknown(db, trimmed)
    }
    return id
  }

  private static func unknown(_ db: Database, _ name: String) throws -> CohortError {
    .unknownCohort(name, known: try String.fetchAll(db, sql: "SELECT name FROM cohorts ORDER BY name"))
  }

  private static func cohortName(_ name: String) throws -> String {
    let trimmed = name.trimmingCharacters(in: .whitespacesAndNewlines)
    guard !trimmed.isEmpty else { throw CohortError.emptyName }
    return trimmed
  }

  /// A `--since` date as its day (`YYYY-MM-DD`) at UTC midnight, else as an ISO 8601 time (UTC).
  static func sinceLabel(_ date: Date) -> String {
    date.timeIntervalSince1970.truncatingRemainder(dividingBy: 86_400) == 0 ? day(date) : date.formatted(.iso8601)
  }

  /// A date as `YYYY-MM-DD` (UTC).
  static func day(_ date: Date) -> String {
    date.formatted(.iso8601.year().month().day().dateSeparator(.dash))
  }


}

/// What the summary read of the effectiveness input returns.
private struct EffectivenessSummaryPart: Sendable {
  var members: [String]
  var names: [Int64: String]
  var phases: [PhaseTotals]
  var played: [PlayedScenario]
}

/// What the criterion read of the effectiveness input returns: rows numbered by trainee id
/// (`trainees`) and criterion id (`criteria`).
private struct CriterionPart: Sendable {
  var trainees: [Int64]
  var criteria: [String]
  var rows: [CriterionResults.Row]
}

/// Numbers values in order of first appearance.
private struct Numbering<Value: Hashable> {
  private var numbers: [Value: Int] = [:]
  /// The values, by number.
  private(set) var values: [Value] = []

  /// The value's number, a new one for a value not seen before.
  mutating func number(_ value: Value) -> Int {
    if let known = numbers[value] { return known }
    numbers[value] = values.count
    values.append(value)
    return values.count - 1
  }

  /// The value's number, nil for a value not seen before.
  func existing(_ value: Value) -> Int? { numbers[value] }
}
