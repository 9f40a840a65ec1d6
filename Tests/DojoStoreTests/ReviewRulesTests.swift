import DojoCore
import DojoStore
import Foundation
import GRDB
import Testing

/// A store with a finished session of Alice and two leads, Lea (the first) and Leo.
private func fixture(_ store: any Store) throws -> Int64 {
  let session = try store.startSession(newSession(trainee: "Alice", at: 0))
  try store.finishSession(id: session.id!, status: .finished, endedAt: date(60), handleTimeSeconds: 60, result: sampleResult())
  try store.makeFirstLead("Lea", at: date(1))
  try store.changeRole(.lead, for: "Leo", by: "Lea", at: date(2))
  return session.id!
}

@Suite("Review rules the store enforces: roles, comments")
struct ReviewRulesTests {
  @Test("roles change only on a lead's word; the first lead is set once; every change is recorded", arguments: StoreKind.backends)
  func roles(kind: StoreKind) throws {
    let store = try makeStore(kind)
    _ = try store.trainee(named: "Tom")
    // No lead yet: a change needs one, and says how to set the first.
    #expect(throws: ReviewError.noLeadYet) { try store.changeRole(.lead, for: "Tom", by: "Tom", at: date(1)) }
    try store.makeFirstLead("Lea", at: date(2))
    #expect(throws: ReviewError.leadExists(["Lea"])) { try store.makeFirstLead("Tom", at: date(3)) }
    // A trainee cannot make anyone (themselves included) a lead.
    #expect(throws: ReviewError.notALead("Tom")) { try store.changeRole(.lead, for: "Tom", by: "Tom", at: date(4)) }
    #expect(throws: StoreError.unknownTrainee("Nobody")) { try store.changeRole(.lead, for: "Tom", by: "Nobody", at: date(4)) }
    #expect(try store.trainees().filter { $0.role == .lead }.map(\.name) == ["Lea"])
    try store.changeRole(.lead, for: "Tom", by: "Lea", at: date(5))
    #expect(throws: ReviewError.alreadyHasRole(name: "Tom", role: "lead")) {
      try store.changeRole(.lead, for: "Tom", by: "Lea", at: date(6))
    }
    try store.changeRole(.trainee, for: "Lea", by: "Tom", at: date(7))
    // The last lead cannot step down, so someone can always change roles.
    #expect(throws: ReviewError.lastLead("Tom")) { try store.changeRole(.trainee, for: "Tom", by: "Tom", at: date(8)) }
    let history = try store.roleChanges()
    #expect(history.map(\.traineeName) == ["Lea", "Tom", "Lea"])
    #expect(history.map(\.record.kind) == [.firstLead, .change, .change])
    #expect(history.map(\.changedByName) == [nil, "Lea", "Tom"])
    #expect(history.map(\.record.toRole) == [.lead, .lead, .trainee])
    #expect(history.map(\.record.fromRole) == [.trainee, .trainee, .lead])
    #expect(history.map(\.record.createdAt) == [date(2), date(5), date(7)])
  }

  @Test("the role history is append-only: the database refuses to change or delete a row", arguments: StoreKind.backends)
  func appendOnly(kind: StoreKind) throws {
    let store = try makeStore(kind)
    try store.makeFirstLead("Lea", at: date(1))
    #expect(throws: (any Error).self) { try rawExecute(store, "UPDATE role_changes SET changed_by = 1") }
    #expect(throws: (any Error).self) { try rawExecute(store, "DELETE FROM role_changes") }
    #expect(try store.roleChanges().count == 1)
  }

  @Test("undoing another lead's change needs a comment; each comment stays with its author", arguments: StoreKind.backends)
  func undoNeedsComment(kind: StoreKind) throws {
    let store = try makeStore(kind)
    let id = try fixture(store)
    try store.saveReview(NewReview(
      sessionID: id, reviewerName: "Lea",
      ratings: [NewCriterionRating(criterionID: "greet", points: 1, comment: "Only half a greeting", rootCause: .communication)],
      summary: "Greet fully.", at: date(100)))
    // Leo sets greet back to the automatic 2: a change to the current rating (1), so a comment is needed.
    #expect(throws: ReviewError.commentRequired(criterion: "greet")) {
      try store.saveReview(NewReview(
        sessionID: id, reviewerName: "Leo", ratings: [NewCriterionRating(criterionID: "greet", points: 2)],
        summary: "Fine.", at: date(110)))
    }
    #expect(try store.reviews(sessionID: id).count == 1)
    let undone = try store.saveReview(NewReview(
      sessionID: id, reviewerName: "Leo",
      ratings: [NewCriterionRating(criterionID: "greet", points: 2, comment: "The greeting is in turn 1")],
      summary: "Fine.", at: date(120)))
    let greet = try #require(undone.scores.first { $0.criterionID == "greet" })
    #expect(greet.comment == "The greeting is in turn 1" && greet.rootCause == nil)
    #expect(greet.ownChange == true && greet.previousScore == 1 && greet.commentReviewID == nil)
    #expect(try store.effectiveScore(sessionID: id).criteria.first?.points == 2)
  }

  @Test("a review that keeps a rating carries its comment under the earlier reviewer, not as its own", arguments: StoreKind.backends)
  func commentsStayWithAuthors(kind: StoreKind) throws {
    let store = try makeStore(kind)
    let id = try fixture(store)
    let first = try store.saveReview(NewReview(
      sessionID: id, reviewerName: "Lea",
      ratings: [NewCriterionRating(criterionID: "greet", points: 1, comment: "Only half a greeting", rootCause: .communication)],
      summary: "Greet fully.", at: date(100)))
    // Leo rates verify-order only; greet keeps Lea's 1, and Lea's comment stays Lea's.
    let second = try store.saveReview(NewReview(
      sessionID: id, reviewerName: "Leo",
      ratings: [NewCriterionRating(criterionID: "verify-order", points: 3, comment: "Checked it in turn 2")],
      summary: "Good check.", at: date(110)))
    let greet = try #require(second.scores.first { $0.criterionID == "greet" })
    #expect(greet.score == 1 && greet.ownChange == false)
    #expect(greet.comment == "Only half a greeting" && greet.commentReviewID == first.record.id)
    #expect(!greet.isOwn)
    #expect(second.scores.filter(\.isOwn).map(\.criterionID) == ["verify-order"])
    // Re-rating greet at the same 1 without a comment changes nothing and needs none.
    let third = try store.saveReview(NewReview(
      sessionID: id, reviewerName: "Leo", ratings: [NewCriterionRating(criterionID: "greet", points: 1)],
      summary: "Same.", at: date(120)))
    #expect(third.scores.first?.commentReviewID == first.record.id)
  }

  @Test("accepting a dispute changes the current rating, so the store asks for the lead's comment", arguments: StoreKind.backends)
  func disputeAnswerNeedsComment(kind: StoreKind) throws {
    let store = try makeStore(kind)
    let id = try fixture(store)
    try store.saveReview(NewReview(
      sessionID: id, reviewerName: "Lea",
      ratings: [NewCriterionRating(criterionID: "greet", points: 0, comment: "No greeting", rootCause: .process)],
      summary: "Greet first.", at: date(100)))
    let dispute = try store.openDispute(sessionID: id, criterionID: "greet", traineeName: "Alice", comment: "I said hello", at: date(110))
    #expect(throws: ReviewError.commentRequired(criterion: "greet")) {
      try store.answerDispute(id: dispute.id!, decision: .accept, comment: " ", leadName: "Leo", at: date(120))
    }
    #expect(try store.effectiveScore(sessionID: id).criteria.first?.points == 0)
    try store.answerDispute(id: dispute.id!, decision: .accept, comment: "Turn 1 greets", leadName: "Leo", at: date(130))
    #expect(try store.effectiveScore(sessionID: id).criteria.first?.points == 2)
  }
}
