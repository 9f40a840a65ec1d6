import DojoCore
import DojoStore
import Foundation
import GRDB
import Testing

@Suite("Cohorts and report queries")
struct CohortTests {
  /// Finishes an assessment session with a sample result of the given score.
  func assessment(
    _ store: any Store, _ trainee: String, phase: SessionPhase, score: Double, at: Double,
    cohort: String = "spring", scenario: String = "l1-unexpected-charge"
  ) throws {
    var new = newSession(trainee: trainee, scenario: scenario, mode: .assessment, at: at)
    new.phase = phase
    new.cohort = cohort
    new.form = phase == .pre ? "A" : "B"
    let id = try #require(try store.startSession(new).id)
    try store.finishSession(
      id: id, status: .finished, endedAt: date(at + 1), handleTimeSeconds: 100 + at,
      result: sampleResult(score: score, passed: score >= 70))
  }

  @Test("create, add, plan, list", arguments: StoreKind.allCases)
  func lifecycle(kind: StoreKind) throws {
    try withStore(kind) { store in
      try store.createCohort(named: " spring ")
      #expect(throws: CohortError.alreadyExists("spring")) { try store.createCohort(named: "spring") }
      #expect(throws: CohortError.emptyName) { try store.createCohort(named: "  ") }
      #expect(try store.addMembers(["Bob", "Alice"], to: "spring") == ["Bob", "Alice"])
      #expect(try store.addMembers(["Alice", "Cy"], to: "spring") == ["Cy"])
      let plan = AssessmentPlan(role: "l1-agent", scenarios: ["l1-billing-escalation", "l1-return-window"], preForm: "A", postForm: "B")
      try store.setPlan(plan, for: "spring")
      let cohort = try store.cohort(named: "spring")
      #expect(cohort.members == ["Alice", "Bob", "Cy"])
      #expect(cohort.plan == plan)
      #expect(try store.cohorts().map(\.name) == ["spring"])
      #expect(throws: CohortError.unknownCohort("autumn", known: ["spring"])) {
        try store.addMembers(["Dee"], to: "autumn")
      }
      #expect(throws: CohortError.unknownCohort("autumn", known: ["spring"])) {
        try store.effectivenessInput(cohort: "autumn")
      }
    }
  }

  @Test("effectiveness totals are summed per trainee, role and phase", arguments: StoreKind.allCases)
  func effectivenessTotals(kind: StoreKind) throws {
    try withStore(kind) { store in
      try store.createCohort(named: "spring")
      try store.addMembers(["Alice", "Bob", "Cy"], to: "spring")
      try assessment(store, "Alice", phase: .pre, score: 50, at: 0)
      try assessment(store, "Alice", phase: .pre, score: 70, at: 10)
      try assessment(store, "Alice", phase: .post, score: 80, at: 20)
      try assessment(store, "Bob", phase: .pre, score: 60, at: 30)
      try assessment(store, "Bob", phase: .post, score: 55, at: 40)
      // Another cohort and a practice session do not count.
      try store.createCohort(named: "other")
      try assessment(store, "Cy", phase: .pre, score: 10, at: 50, cohort: "other")
      _ = try store.startSession(newSession(trainee: "Alice", at: 60))

      let input = try store.effectivenessInput(cohort: "spring")
      #expect(input.members == ["Alice", "Bob", "Cy"])
      let alicePre = try #require(input.phases.first { $0.trainee == "Alice" && $0.phase == .pre })
      #expect(alicePre.sessions == 2 && alicePre.scoreSum == 120)
      #expect(alicePre.handleTimeSum == 210 && alicePre.timedSessions == 2)
      #expect(alicePre.csatSum == 8 && alicePre.firstContactResolved == 2 && alicePre.escalationCorrect == 2)
      #expect(input.phases.count == 4)
      // The sample result's applicable criterion "greet" scores 2 of 2; "verify-order" is N/A.
      #expect(Set(input.criteria.map(\.criterion)) == ["greet"])
      #expect(input.criteria.first { $0.trainee == "Alice" && $0.phase == .pre }?.maxPoints == 4)
      #expect(input.played.map(\.form) == ["A", "B"])

      let report = EffectivenessReport.compute(input, seed: 1, resamples: 100)
      #expect(report.overall.n == 2)
      #expect(report.overall.meanPre == 60)  // Alice 60, Bob 60
      #expect(report.overall.meanPost == 67.5)
      #expect(report.trainees.first { $0.name == "Cy" }?.outcome == "missing")
      let summary = try store.cohort(named: "spring")
      #expect(summary.preSessions == 3 && summary.postSessions == 2)
    }
  }

  @Test("team report and export filter by cohort and date", arguments: StoreKind.allCases)
  func teamAndExport(kind: StoreKind) throws {
    try withStore(kind) { store in
      try store.createCohort(named: "spring")
      try store.addMembers(["Alice"], to: "spring")
      try assessment(store, "Alice", phase: .pre, score: 50, at: 0)
      try assessment(store, "Alice", phase: .post, score: 90, at: 86_400 * 3)
      try assessment(store, "Bob", phase: .pre, score: 40, at: 10, cohort: "none")
      let team = try store.teamReport(cohort: nil, since: nil)
      #expect(team.attempts == 3 && team.trainees.map(\.name) == ["Alice", "Bob"])
      let alice = team.trainees[0]
      #expect(alice.attempts == 2 && alice.passes == 1 && alice.passRate == 0.5 && alice.meanScore == 70)
      #expect(team.weakestCriteria.map(\.id) == ["greet"])
      // One of three sessions: read by a join from the sessions.
      let spring = try store.teamReport(cohort: "spring", since: date(86_400))
      #expect(spring.attempts == 1 && spring.meanScore == 90)
      // Two of three: read from the criterion index, leaving Bob's session out.
      let all = try store.teamReport(cohort: "spring", since: nil)
      #expect(all.attempts == 2 && all.weakestCriteria.map(\.results) == [2])
      var exported: [ExportedSession] = []
      try store.forEachFinishedSession(cohort: "spring", since: nil) { exported.append($0) }
      #expect(exported.map(\.score) == [50, 90])
      #expect(exported[0].phase == "pre" && exported[0].cohort == "spring" && exported[0].passed == false)
    }
  }

  @Test("a review's criterion ratings count in the per-criterion results, like its score", arguments: StoreKind.allCases)
  func reviewedCriteria(kind: StoreKind) throws {
    try withStore(kind) { store in
      try store.createCohort(named: "spring")
      try store.addMembers(["Alice"], to: "spring")
      try assessment(store, "Alice", phase: .pre, score: 50, at: 0)
      try assessment(store, "Alice", phase: .post, score: 90, at: 10)
      try store.makeFirstLead("Lea", at: date(1))
      // Lea rates "greet" of the post session 1 of 2 (automatic: 2 of 2); a calibration or an
      // older review would not count, the latest review does.
      try store.saveReview(NewReview(
        sessionID: 2, reviewerName: "Lea",
        ratings: [NewCriterionRating(criterionID: "greet", points: 0, comment: "No greeting", rootCause: .communication)],
        summary: "Greet the customer.", at: date(100)))
      try store.saveReview(NewReview(
        sessionID: 2, reviewerName: "Lea",
        ratings: [NewCriterionRating(criterionID: "greet", points: 1, comment: "Half a greeting", rootCause: .communication)],
        summary: "A greeting, but only half.", at: date(200)))
      let input = try store.effectivenessInput(cohort: "spring")
      let post = try #require(input.criteria.first { $0.phase == .post })
      #expect(post.points == 1 && post.maxPoints == 2)
      #expect(input.criteria.first { $0.phase == .pre }?.points == 2)
      // The team report, read from the criterion index (all sessions) and by a join (one).
      let greet = try #require(try store.teamReport(cohort: nil, since: nil).weakestCriteria.first)
      #expect(greet.percent == 75 && greet.metRate == 0.5 && greet.results == 2)
      let joined = try #require(try store.teamReport(cohort: "spring", since: date(5)).weakestCriteria.first)
      #expect(joined.percent == 50 && joined.metRate == 0 && joined.results == 1)
      // The export knows the reviews, so the reviewed score gets its own statement id.
      var exported: [ExportedSession] = []
      try store.forEachFinishedSession(cohort: nil, since: nil) { exported.append($0) }
      #expect(exported.map(\.reviewIDs) == [[], [1, 2]])
    }
  }

  @Test("the cohorts migration creates its tables")
  func migration() throws {
    let store = try SQLiteStore.inMemory()
    let exists = try store.writer.read { db in
      try ["cohorts", "cohort_members", "cohort_plan_scenarios"].map { try db.tableExists($0) }
    }
    #expect(exists == [true, true, true])
    let migrations = try store.writer.read { db in
      try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations")
    }
    #expect(migrations.contains("v2-cohorts"))
  }
}
