import Foundation
import Testing

@testable import DojoCore
@testable import DojoStore

/// Issue 15: the database, not only `dojo`, holds each role to what it may do. Each test
/// connects as a trainee, a lead and the admin (the account that ran `store init`).
@Suite("PostgreSQL roles", .enabled(if: TestPostgres.enabled), .timeLimit(.minutes(3)))
struct PostgresRoleTests {
  /// A fresh store with roles, two trainees and a lead (logins unique to this test: roles are
  /// the whole cluster's), and the URL each of them connects with.
  struct Team {
    var admin: PostgresStore
    var adminURL: PostgresURL
    var ana: String
    var bob: String
    var lea: String

    init() throws {
      adminURL = try TestPostgres.freshURL()
      let done = try PostgresStore.initialize(url: adminURL)
      #expect(done.roles)
      admin = try PostgresStore(url: adminURL)
      let suffix = String(UUID().uuidString.prefix(8)).lowercased()
      (ana, bob, lea) = ("ana_\(suffix)", "bob_\(suffix)", "lea_\(suffix)")
      try PostgresStore.grant(ana, role: .trainee, url: adminURL, at: date(0))
      try PostgresStore.grant(bob, role: .trainee, url: adminURL, at: date(0))
      try PostgresStore.grant(lea, role: .lead, url: adminURL, at: date(0))
    }

    /// The store as `user` sees it.
    func store(as user: String) throws -> PostgresStore {
      var components = try #require(URLComponents(string: adminURL.text))
      components.user = user
      return try PostgresStore(url: PostgresURL(try #require(components.string)))
    }
  }

  /// A finished session of `trainee`, played through that trainee's own connection.
  private func played(_ store: PostgresStore, _ trainee: String) throws -> Int64 {
    let id = try #require(try store.startSession(newSession(trainee: trainee)).id)
    try store.appendTurn(
      sessionID: id, speaker: .trainee, nodeID: "n", turn: 1, text: "Hello", action: .reply, target: nil, at: date(1),
      latency: 1)
    try store.finishSession(id: id, status: .finished, endedAt: date(60), handleTimeSeconds: 60, result: sampleResult())
    return id
  }

  private func refused(_ body: () throws -> Void) -> Bool {
    do {
      try body()
      return false
    } catch {
      return "\(error)".contains("refused it") || "\(error)".contains("permission denied")
        || "\(error)".contains("row-level security")
    }
  }

  @Test("a trainee starts, continues and reads only its own sessions")
  func traineeOwnSessions() throws {
    let team = try Team()
    let ana = try team.store(as: team.ana)
    let bob = try team.store(as: team.bob)
    let anas = try played(ana, team.ana)
    let bobs = try played(bob, team.bob)
    // Not as someone else.
    #expect(refused { _ = try ana.startSession(newSession(trainee: team.bob)) })
    #expect(refused { _ = try ana.startSession(newSession(trainee: "someone new")) })
    // Bob's session does not exist for Ana: not its lines, not its scores, not in her lists.
    #expect(throws: StoreError.unknownSession(bobs)) { _ = try ana.session(id: bobs) }
    #expect(throws: StoreError.unknownSession(bobs)) { _ = try ana.turns(sessionID: bobs) }
    #expect(try ana.sessions().map(\.id) == [anas])
    #expect(try ana.progress().totals.sessions == 1)
    #expect(try ana.teamReport(cohort: nil, since: nil).trainees.map(\.name) == [team.ana])
    // Nor can she write into it.
    #expect(throws: (any Error).self) {
      try ana.appendTurn(
        sessionID: bobs, speaker: .trainee, nodeID: "n", turn: 2, text: "mine?", action: .reply, target: nil,
        at: date(2), latency: nil)
    }
    #expect(try team.admin.turns(sessionID: bobs).count == 1)
    // Her own results she reads, with the reviews of them; once finished, they are final for her.
    #expect(try ana.effectiveScore(sessionID: anas).score == 83.5)
    #expect(throws: PostgresError.self) { _ = try TestPostgres.execute(ana, "UPDATE sessions SET score = 100") }
    _ = try TestPostgres.execute(ana, "DELETE FROM criterion_scores")
    #expect(try team.admin.criterionScores(sessionID: anas).count == 2)
    #expect(throws: (any Error).self) {
      try ana.finishSession(id: anas, status: .finished, endedAt: date(90), handleTimeSeconds: 90, result: sampleResult(score: 100))
    }
    #expect(try team.admin.session(id: anas).score == 83.5)
    #expect(throws: PostgresError.self) {
      _ = try TestPostgres.execute(
        ana, "INSERT INTO turns (session_id, seq, speaker, node_id, text, at) VALUES ($1, 9, 'trainee', 'n', 'late', now())",
        [anas])
    }
  }

  @Test("lines, scorings, reviews, disputes, dispute answers and calibration scores are append-only for every role")
  func appendOnly() throws {
    let team = try Team()
    let ana = try team.store(as: team.ana)
    let lea = try team.store(as: team.lea)
    let id = try played(ana, team.ana)
    try lea.saveReview(
      NewReview(
        sessionID: id, reviewerName: team.lea,
        ratings: [NewCriterionRating(criterionID: "greet", points: 1, comment: "half", rootCause: .communication)],
        summary: "Fine.", at: date(100)))
    let dispute = try ana.openDispute(sessionID: id, criterionID: "greet", traineeName: team.ana, comment: "I did", at: date(110))
    try lea.answerDispute(id: try #require(dispute.id), decision: .reject, comment: "Not quite.", leadName: team.lea, at: date(120))
    for store in [ana, lea] {
      for sql in [
        "UPDATE turns SET text = 'changed'", "DELETE FROM turns", "UPDATE reviews SET score = 100",
        "DELETE FROM reviews", "UPDATE review_scores SET score = 2", "DELETE FROM scorings",
        "UPDATE scorings SET score = 100", "UPDATE disputes SET comment = 'changed'", "DELETE FROM disputes",
        "UPDATE dispute_answers SET state = 'accepted'", "DELETE FROM dispute_answers",
      ] {
        #expect(throws: PostgresError.self, "\(sql)") { _ = try TestPostgres.execute(store, sql) }
      }
    }
    #expect(try team.admin.turns(sessionID: id).map(\.text) == ["Hello"])
    #expect(try team.admin.reviews(sessionID: id).map(\.record.score) != [100])
  }

  @Test("only a lead stores reviews and answers disputes; no one but the admin changes who is a lead")
  func leadsAndAdmin() throws {
    let team = try Team()
    let ana = try team.store(as: team.ana)
    let lea = try team.store(as: team.lea)
    let id = try played(ana, team.ana)
    let review = NewReview(
      sessionID: id, reviewerName: team.lea,
      ratings: [NewCriterionRating(criterionID: "greet", points: 0, comment: "no greeting", rootCause: .communication)],
      summary: "Greet first.", at: date(100))
    // Ana cannot store a review, not even in a lead's name.
    #expect(refused { _ = try ana.saveReview(review) })
    try lea.saveReview(review)
    #expect(try ana.reviews(sessionID: id).count == 1, "she reads the review of her own session")
    let dispute = try ana.openDispute(sessionID: id, criterionID: "greet", traineeName: team.ana, comment: "I did", at: date(110))
    let disputeID = try #require(dispute.id)
    #expect(refused { _ = try ana.answerDispute(id: disputeID, decision: .accept, comment: "yes", leadName: team.lea, at: date(120)) })
    try lea.answerDispute(id: disputeID, decision: .accept, comment: "You did.", leadName: team.lea, at: date(120))
    // Roles: not by a lead through dojo, not by a trainee, only by the admin.
    #expect(refused { _ = try lea.changeRole(.lead, for: team.ana, by: team.lea, at: date(130)) })
    #expect(refused { _ = try TestPostgres.execute(ana, "UPDATE trainees SET role = 'lead'") })
    #expect(throws: PostgresError.self) { _ = try TestPostgres.execute(lea, "INSERT INTO role_changes (trainee_id, to_role, kind, created_at) VALUES (1, 'lead', 'change', now())") }
    try PostgresStore.grant(team.ana, role: .lead, url: team.adminURL, at: date(140))
    #expect(try team.admin.existingTrainee(named: team.ana)?.role == .lead)
    #expect(try team.admin.roleChanges().last?.traineeName == team.ana)
  }
}
