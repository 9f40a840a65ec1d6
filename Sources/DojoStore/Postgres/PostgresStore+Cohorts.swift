import DojoCore
import Foundation

/// The report queries in PostgreSQL's dialect: the SQLite store's queries (`SQLiteStore+Cohorts`)
/// with the same results. SQLite's `TOTAL(x)` is `COALESCE(SUM(x), 0)` as a double, and a
/// comparison counts as a number only when cast (`(x = y)::int`).
extension PostgresStore {
  // MARK: - Cohorts

  @discardableResult
  public func createCohort(named name: String) throws -> CohortSummary {
    let name = name.trimmingCharacters(in: .whitespacesAndNewlines)
    guard !name.isEmpty else { throw CohortError.emptyName }
    if let problem = NameRules.problem(with: name, kind: "cohort") { throw StoreError.invalidName(problem.message) }
    try write("create cohort \"\(name)\"") { db in
      if try db.value(Int64.self, "SELECT id FROM cohorts WHERE name = $1", [name]) != nil {
        throw CohortError.alreadyExists(name)
      }
      try db.execute("INSERT INTO cohorts (name, created_at) VALUES ($1, $2)", [name, Date().postgresStored])
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
        let rows = try db.execute(
          """
          INSERT INTO cohort_members (cohort_id, trainee_id, added_at) VALUES ($1, $2, $3)
          ON CONFLICT DO NOTHING
          """, [id, trainee.id, Date().postgresStored])
        if rows.affected > 0 { added.append(trainee.name) }
      }
      return added
    }
  }

  public func cohorts() throws -> [CohortSummary] {
    try read("list cohorts") { db in
      let names = try db.values(String.self, "SELECT name FROM cohorts ORDER BY name COLLATE \"C\"")
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
        "UPDATE cohorts SET plan_role = $1, pre_form = $2, post_form = $3 WHERE id = $4",
        [plan.role, plan.preForm, plan.postForm, id])
      try db.execute("DELETE FROM cohort_plan_scenarios WHERE cohort_id = $1", [id])
      for (position, scenario) in plan.scenarios.enumerated() {
        try db.execute(
          "INSERT INTO cohort_plan_scenarios (cohort_id, position, scenario) VALUES ($1, $2, $3)",
          [id, position, scenario])
      }
    }
  }

  // MARK: - Report queries

  /// The finished, scored assessment sessions of the cohort `$1`, over `sessions AS s`.
  private static let scoredAssessments = """
    s.cohort = $1 AND s.mode = 'assessment' AND s.status = 'finished'
    AND s.phase IS NOT NULL AND COALESCE(s.reviewed_score, s.score) IS NOT NULL
    """

  public func effectivenessInput(cohort: String) throws -> EffectivenessInput {
    try read("compute the effectiveness of cohort \"\(cohort)\"") { db in
      let id = try Self.cohortID(db, cohort)
      let members = try Self.memberNames(db, id)
      let phaseRows = try db.execute(
        """
        SELECT t.name, s.role, s.phase, s.trainee_id, \(Self.totalsColumns)
        FROM sessions s JOIN trainees t ON t.id = s.trainee_id
        WHERE \(Self.scoredAssessments)
        GROUP BY s.trainee_id, t.name, s.role, s.phase
        """, [cohort])
      var names: [Int64: String] = [:]
      var phases: [PhaseTotals] = []
      for row in phaseRows.all {
        guard let phase = AssessmentPhase(rawValue: try row.get(2)) else { continue }
        let name: String = try row.get(0)
        names[try row.get(3)] = name
        phases.append(try Self.totals(row, trainee: name, role: try row.get(1), phase: phase, offset: 4))
      }
      let playedRows = try db.execute(
        """
        SELECT DISTINCT s.scenario_id COLLATE "C", s.phase, s.form COLLATE "C", s.scenario_version COLLATE "C",
          s.phase = 'post'
        FROM sessions s
        WHERE \(Self.scoredAssessments)
        ORDER BY 1, 5, 3 NULLS FIRST, 4
        """, [cohort])
      let played = try playedRows.all.compactMap { row -> PlayedScenario? in
        guard let phase = AssessmentPhase(rawValue: try row.get(1)) else { return nil }
        return PlayedScenario(scenarioID: try row.get(0), phase: phase, form: row.text(2), version: try row.get(3))
      }
      // Points per trainee, criterion and phase, with a review's changed ratings in place of
      // the automatic ones; in the order the rows are first met, as the SQLite store sums them.
      let criterionRows = try db.execute(
        """
        SELECT s.trainee_id, cs.criterion_id, s.phase = 'post', SUM(COALESCE(cs.score, 0))::float8,
          SUM(cs.max)::float8, MIN(cs.id)
        FROM sessions s JOIN criterion_scores cs ON cs.session_id = s.id
        WHERE \(Self.scoredAssessments) AND cs.applicable AND cs.source = 'auto'
        GROUP BY 1, 2, 3 ORDER BY 6
        """, [cohort])
      struct Key: Hashable {
        var trainee: Int64
        var criterion: String
        var post: Bool
      }
      var index: [Key: Int] = [:]
      var parts: [(key: Key, points: Double, max: Double)] = []
      for row in criterionRows.all {
        let key = Key(trainee: try row.get(0), criterion: try row.get(1), post: try row.get(2))
        index[key] = parts.count
        parts.append((key, try row.get(3), try row.get(4)))
      }
      for row in try db.execute(Self.reviewCorrections(Self.scoredAssessments), [cohort]).all {
        let key = Key(trainee: try row.get(0), criterion: try row.get(1), post: try row.get(2))
        if let at = index[key] { parts[at].points += try row.get(3, as: Double.self) }
      }
      let criteria = parts.compactMap { part -> CriterionTotals? in
        guard let name = names[part.key.trainee] else { return nil }
        return CriterionTotals(
          trainee: name, criterion: part.key.criterion, phase: part.key.post ? .post : .pre, points: part.points,
          maxPoints: part.max)
      }
      return EffectivenessInput(cohort: cohort, members: members, phases: phases, criteria: criteria, played: played)
    }
  }

  public func teamReport(cohort: String?, since: Date?) throws -> TeamReport {
    try read("compute the team report") { db in
      let (filter, parameters) = try Self.sessionFilter(db, cohort: cohort, since: since)
      let traineeRows = try db.execute(
        """
        SELECT t.name, COALESCE(SUM(COALESCE(s.reviewed_passed, s.passed)::int), 0)::float8, MAX(s.started_at),
          \(Self.totalsColumns)
        FROM sessions s JOIN trainees t ON t.id = s.trainee_id
        WHERE \(filter) AND COALESCE(s.reviewed_score, s.score) IS NOT NULL
        GROUP BY s.trainee_id, t.name
        """, parameters)
      let trainees = try traineeRows.all.map { row in
        let name: String = try row.get(0)
        let last = try row.optional(2, as: Date.self)
        return TeamTotals(
          trainee: name, passes: Int(try row.get(1, as: Double.self)), lastPlayed: last.map(SQLiteStore.day),
          totals: try Self.totals(row, trainee: name, role: "", phase: .pre, offset: 3))
      }
      let criterionRows = try db.execute(
        """
        SELECT cs.criterion_id, COUNT(*), COALESCE(SUM(cs.met::int), 0)::float8,
          COALESCE(SUM(cs.score), 0)::float8, COALESCE(SUM(cs.max), 0)::float8
        FROM sessions s JOIN criterion_scores cs ON cs.session_id = s.id
        WHERE \(filter) AND COALESCE(s.reviewed_score, s.score) IS NOT NULL
          AND cs.applicable AND cs.source = 'auto'
        GROUP BY cs.criterion_id
        ORDER BY cs.criterion_id COLLATE "C"
        """, parameters)
      var rates = try criterionRows.all.map { row in
        CriterionRate(
          criterion: try row.get(0), results: try row.get(1), met: Int(try row.get(2, as: Double.self)),
          points: try row.get(3), maxPoints: try row.get(4))
      }
      for row in try db.execute(Self.reviewCorrections(filter), parameters).all {
        let criterion: String = try row.get(1)
        if let index = rates.firstIndex(where: { $0.criterion == criterion }) {
          rates[index].points += try row.get(3, as: Double.self)
          rates[index].met += Int(try row.get(4, as: Double.self))
        }
      }
      return TeamReport.compute(
        cohort: cohort, since: since.map(SQLiteStore.sinceLabel), trainees: trainees, criteria: rates)
    }
  }

  public func teamScenarios(cohort: String?, since: Date?) throws -> [String] {
    try read("list the scenarios of the team report") { db in
      let (filter, parameters) = try Self.sessionFilter(db, cohort: cohort, since: since)
      return try db.values(
        String.self,
        "SELECT DISTINCT s.scenario_id COLLATE \"C\" FROM sessions s WHERE \(filter) ORDER BY 1", parameters)
    }
  }

  public func forEachFinishedSession(
    cohort: String?, since: Date?, _ body: (ExportedSession) throws -> Void
  ) throws {
    let rows = try read("export sessions") { db in
      let (filter, parameters) = try Self.sessionFilter(db, cohort: cohort, since: since)
      return try db.execute(
        """
        SELECT s.id, t.name, s.scenario_id, s.scenario_title, s.scenario_version, s.role,
          s.language, s.channel, s.mode, s.phase, s.cohort, s.form, s.started_at, s.ended_at,
          COALESCE(s.reviewed_score, s.score), COALESCE(s.reviewed_passed, s.passed), s.handle_time_seconds,
          CASE WHEN s.reviewed_score IS NOT NULL THEN (
            SELECT string_agg(r.id::text, ',') FROM reviews r WHERE r.session_id = s.id AND r.kind <> 'calibration')
          END
        FROM sessions s JOIN trainees t ON t.id = s.trainee_id
        WHERE \(filter)
        ORDER BY s.started_at, s.id
        """, parameters)
    }
    for row in rows.all {
      let started: Date = try row.get(12)
      let ended = try row.optional(13, as: Date.self)
      try body(
        ExportedSession(
          id: try row.get(0), trainee: try row.get(1), scenarioID: try row.get(2), scenarioTitle: try row.get(3),
          scenarioVersion: try row.get(4), role: try row.get(5), language: try row.get(6), channel: try row.get(7),
          mode: try row.get(8), phase: row.text(9), cohort: row.text(10), form: row.text(11),
          startedAt: started.timeIntervalSince1970, endedAt: ended?.timeIntervalSince1970,
          score: try row.optional(14), passed: try row.optional(15), handleTimeSeconds: try row.optional(16),
          reviewIDs: (row.text(17) ?? "").split(separator: ",").compactMap { Int64($0) }.sorted()))
    }
  }

  // MARK: - Helpers

  /// The summed columns `totals(_:offset:)` reads, in order.
  private static let totalsColumns = """
    COUNT(*), COALESCE(SUM(COALESCE(s.reviewed_score, s.score)), 0)::float8,
    COUNT(s.handle_time_seconds), COALESCE(SUM(s.handle_time_seconds), 0)::float8,
    COALESCE(SUM(s.fcr_proxy::int), 0)::float8, COUNT(s.csat_proxy), COALESCE(SUM(s.csat_proxy), 0)::float8,
    COUNT(s.escalation_verdict),
    COALESCE(SUM((s.escalation_verdict IN ('correct', 'not-expected'))::int), 0)::float8,
    COALESCE(SUM((s.escalation_verdict IN ('unnecessary', 'premature'))::int), 0)::float8,
    COALESCE(SUM((s.escalation_verdict IN ('missed', 'late'))::int), 0)::float8,
    COALESCE(SUM(s.hints_used), 0)::float8
    """

  private static func totals(
    _ row: PostgresRow, trainee: String, role: String, phase: AssessmentPhase, offset o: Int
  ) throws -> PhaseTotals {
    func int(_ index: Int) throws -> Int { Int(try row.get(o + index, as: Double.self)) }
    return PhaseTotals(
      trainee: trainee, role: role, phase: phase, sessions: try row.get(o), scoreSum: try row.get(o + 1),
      timedSessions: try row.get(o + 2), handleTimeSum: try row.get(o + 3), firstContactResolved: try int(4),
      csatSessions: try row.get(o + 5), csatSum: try row.get(o + 6), escalationJudged: try row.get(o + 7),
      escalationCorrect: try int(8), overEscalated: try int(9), underEscalated: try int(10), hintsUsed: try int(11))
  }

  /// What the latest review of each reviewed session in `filter` changed against the automatic
  /// criterion rows (as `SessionScoreColumn.reviewCorrections`): trainee id, criterion id,
  /// `phase = 'post'`, points added, met added.
  private static func reviewCorrections(_ filter: String) -> String {
    """
    SELECT s.trainee_id, cs.criterion_id, COALESCE(s.phase = 'post', false),
      (rs.score - COALESCE(cs.score, 0))::float8, ((rs.score = cs.max)::int - cs.met::int)::float8
    FROM (
        SELECT r.session_id, MAX(r.id) AS id FROM reviews r WHERE r.kind <> 'calibration'
        GROUP BY r.session_id) latest
    JOIN sessions s ON s.id = latest.session_id
    JOIN review_scores rs ON rs.review_id = latest.id AND rs.changed AND rs.score IS NOT NULL
    JOIN criterion_scores cs ON cs.session_id = s.id AND cs.criterion_id = rs.criterion_id
      AND cs.applicable AND cs.source = 'auto'
    WHERE \(filter)
    """
  }

  /// Finished sessions, of a cohort (its members' sessions and sessions tagged with it), from a
  /// day on, as a condition over `sessions AS s` and its parameters.
  private static func sessionFilter(_ db: PostgresConnection, cohort: String?, since: Date?) throws
    -> (String, [(any PostgresEncodable)?])
  {
    var filter = "s.status = 'finished'"
    var parameters: [(any PostgresEncodable)?] = []
    if let cohort {
      let id = try cohortID(db, cohort)
      parameters += [cohort, id]
      filter +=
        " AND (s.cohort = $1 OR s.trainee_id IN (SELECT trainee_id FROM cohort_members WHERE cohort_id = $2))"
    }
    if let since {
      parameters.append(since)
      filter += " AND s.started_at >= $\(parameters.count)"
    }
    return (filter, parameters)
  }

  private static func memberNames(_ db: PostgresConnection, _ id: Int64) throws -> [String] {
    try db.values(
      String.self,
      """
      SELECT t.name FROM cohort_members m JOIN trainees t ON t.id = m.trainee_id
      WHERE m.cohort_id = $1 ORDER BY t.name COLLATE "C"
      """, [id])
  }

  private static func summary(_ db: PostgresConnection, name: String) throws -> CohortSummary {
    guard
      let row = try db.execute(
        "SELECT id, created_at, plan_role, pre_form, post_form FROM cohorts WHERE name = $1", [name]
      ).first
    else { throw try unknown(db, name) }
    let id: Int64 = try row.get(0)
    let members = try memberNames(db, id)
    var plan: AssessmentPlan?
    if let role = row.text(2) {
      let scenarios = try db.values(
        String.self, "SELECT scenario FROM cohort_plan_scenarios WHERE cohort_id = $1 ORDER BY position", [id])
      plan = AssessmentPlan(role: role, scenarios: scenarios, preForm: row.text(3), postForm: row.text(4))
    }
    let counts = try db.execute(
      """
      SELECT COUNT(*) FILTER (WHERE phase = 'pre'), COUNT(*) FILTER (WHERE phase = 'post') FROM sessions
      WHERE cohort = $1 AND mode = 'assessment' AND status = 'finished'
      """, [name]
    ).first
    return CohortSummary(
      name: name, createdAt: try row.get(1), members: members, plan: plan,
      preSessions: try counts?.get(0) ?? 0, postSessions: try counts?.get(1) ?? 0)
  }

  static func cohortID(_ db: PostgresConnection, _ name: String) throws -> Int64 {
    let trimmed = name.trimmingCharacters(in: .whitespacesAndNewlines)
    guard let id = try db.value(Int64.self, "SELECT id FROM cohorts WHERE name = $1", [trimmed]) else {
      throw try unknown(db, trimmed)
    }
    return id
  }

  private static func unknown(_ db: PostgresConnection, _ name: String) throws -> CohortError {
    .unknownCohort(name, known: try db.values(String.self, "SELECT name FROM cohorts ORDER BY name COLLATE \"C\""))
  }
}

extension PostgresStore {
  public func recordScenarioVersion(_ scenario: Scenario, at date: Date) throws {
    let version = scenario.version.isEmpty ? scenario.computeContentVersion() : scenario.version
    let json = try SQLiteStore.canonicalJSON(scenario)
    try sessionWrite("record version \(version) of scenario \(scenario.id)") { db in
      try db.execute(
        """
        INSERT INTO scenario_versions (scenario_id, version, scenario_json, first_seen)
        VALUES ($1, $2, $3, $4) ON CONFLICT (scenario_id, version) DO NOTHING
        """, [scenario.id, version, json, date.postgresStored])
    }
  }

  @discardableResult
  public func moveSession(_ id: Int64, to scenario: Scenario, at date: Date) throws -> String {
    let version = scenario.version.isEmpty ? scenario.computeContentVersion() : scenario.version
    let json = try SQLiteStore.canonicalJSON(scenario)
    return try sessionWrite("move session \(id) to version \(version) of scenario \(scenario.id)") { db in
      guard let session = try Self.sessionFetch(db, id) else { throw StoreError.unknownSession(id) }
      guard session.status == .active || session.status == .interrupted else {
        throw StoreError.notResumable(id: id, status: session.status)
      }
      try db.execute(
        """
        INSERT INTO scenario_versions (scenario_id, version, scenario_json, first_seen)
        VALUES ($1, $2, $3, $4) ON CONFLICT (scenario_id, version) DO NOTHING
        """, [scenario.id, version, json, date.postgresStored])
      try db.execute("UPDATE sessions SET scenario_version = $1 WHERE id = $2", [version, id])
      return session.scenarioVersion
    }
  }

  public func scenarioSnapshot(id: String, version: String) throws -> ScenarioSnapshot? {
    let row = try read("read version \(version) of scenario \(id)") { db in
      try db.execute(
        "SELECT scenario_json, first_seen FROM scenario_versions WHERE scenario_id = $1 AND version = $2",
        [id, version]
      ).first.map { (json: try $0.get(0, as: String.self), firstSeen: try $0.get(1, as: Date.self)) }
    }
    return try row.map { try Self.snapshot(id: id, version: version, json: $0.json, firstSeen: $0.firstSeen) }
  }

  public func scenarioVersions(id: String) throws -> [ScenarioSnapshot] {
    let rows = try read("read the versions of scenario \(id)") { db in
      try db.execute(
        """
        SELECT version, scenario_json, first_seen FROM scenario_versions WHERE scenario_id = $1
        ORDER BY first_seen, version COLLATE "C"
        """, [id]
      ).all.map { (version: try $0.get(0, as: String.self), json: try $0.get(1, as: String.self), firstSeen: try $0.get(2, as: Date.self)) }
    }
    return try rows.map { try Self.snapshot(id: id, version: $0.version, json: $0.json, firstSeen: $0.firstSeen) }
  }

  private static func snapshot(id: String, version: String, json: String, firstSeen: Date) throws -> ScenarioSnapshot {
    do {
      let scenario = try JSONDecoder().decode(Scenario.self, from: Data(json.utf8))
      return ScenarioSnapshot(scenarioID: id, version: version, scenario: scenario, firstSeen: firstSeen)
    } catch {
      throw StoreError.databaseFailure(operation: "decode version \(version) of scenario \(id)", reason: "\(error)")
    }
  }
}
