import DojoCore
import DojoStore
import Foundation
import GRDB
import Testing

/// A store with a finished session of Alice and two leads, Lea and Leo.
private func reviewFixture(_ store: any Store) throws -> Int64 {
  let session = try store.startSession(newSession(trainee: "Alice", at: 0))
  try store.finishSession(id: session.id!, status: .finished, endedAt: date(60), handleTimeSeconds: 60, result: sampleResult())
  try store.makeFirstLead("Lea", at: date(1))
  try store.changeRole(.lead, for: "Leo", by: "Lea", at: date(2))
  return session.id!
}

@Suite("Reviews, disputes, calibration in the store")
struct ReviewStoreTests {
  @Test("a review is a new record; the automatic score stays; reviewed_score follows the latest review", arguments: StoreKind.backends)
  func review(kind: StoreKind) throws {
    let store = try makeStore(kind)
    let id = try reviewFixture(store)
    let stored = try store.saveReview(NewReview(
      sessionID: id, reviewerName: "Lea",
      ratings: [NewCriterionRating(criterionID: "greet", points: 1, comment: "Only half a greeting", rootCause: .communication)],
      summary: "Good hand-off.", at: date(100)))
    // greet 1/2 of weight 1; verify N/A; → 50, below the pass mark of 70.
    #expect(stored.record.score == 50)
    #expect(stored.record.passed == false)
    #expect(stored.scores.map(\.criterionID) == ["greet", "verify-order"])
    #expect(stored.scores[0].changed && stored.scores[0].autoScore == 2 && stored.scores[0].score == 1)
    #expect(stored.scores[1].changed == false && stored.scores[1].score == nil)
    let session = try store.session(id: id)
    #expect(session.score == 83.5)
    let reviewed = try scalar(store, "SELECT reviewed_score FROM sessions WHERE id = ?", id)
    #expect(reviewed == 50)
    let effective = try store.effectiveScore(sessionID: id)
    #expect(effective.score == 50 && effective.automatic.score == 83.5)
    #expect(effective.criteria.map(\.source) == ["review", "auto"])
    // The automatic criterion rows are untouched.
    #expect(try store.criterionScores(sessionID: id).map(\.score) == [2, nil])
  }

  @Test("who may review: a lead, not the trainee who played it; changes need a comment and negative ones a root cause", arguments: StoreKind.backends)
  func refusals(kind: StoreKind) throws {
    let store = try makeStore(kind)
    let id = try reviewFixture(store)
    try store.changeRole(.lead, for: "Alice", by: "Lea", at: date(3))
    #expect(throws: ReviewError.ownSession(reviewer: "Alice", session: id)) {
      try store.saveReview(NewReview(sessionID: id, reviewerName: "Alice", ratings: [], summary: "", at: date(1)))
    }
    _ = try store.trainee(named: "Tom")
    #expect(throws: ReviewError.notALead("Tom")) {
      try store.saveReview(NewReview(sessionID: id, reviewerName: "Tom", ratings: [], summary: "", at: date(1)))
    }
    #expect(throws: ReviewError.commentRequired(criterion: "greet")) {
      try store.saveReview(NewReview(sessionID: id, reviewerName: "Lea", ratings: [NewCriterionRating(criterionID: "greet", points: 1)], summary: "", at: date(1)))
    }
    #expect(throws: ReviewError.rootCauseRequired(criterion: "greet")) {
      try store.saveReview(NewReview(sessionID: id, reviewerName: "Lea", ratings: [NewCriterionRating(criterionID: "greet", points: 0, comment: "none")], summary: "", at: date(1)))
    }
    #expect(throws: ReviewError.outOfScale(criterion: "greet", points: 3, max: 2)) {
      try store.saveReview(NewReview(sessionID: id, reviewerName: "Lea", ratings: [NewCriterionRating(criterionID: "greet", points: 3, comment: "x")], summary: "", at: date(1)))
    }
    #expect(try store.reviews(sessionID: id).isEmpty)
  }

  @Test("dispute lifecycle: open, shown in the queue, accepted with full points, history kept", arguments: StoreKind.backends)
  func disputes(kind: StoreKind) throws {
    let store = try makeStore(kind)
    let id = try reviewFixture(store)
    try store.saveReview(NewReview(
      sessionID: id, reviewerName: "Lea",
      ratings: [NewCriterionRating(criterionID: "greet", points: 0, comment: "No greeting", rootCause: .process)],
      summary: "Greet first.", at: date(100)))
    #expect(throws: ReviewError.notYourSession(trainee: "Leo", session: id, owner: "Alice")) {
      try store.openDispute(sessionID: id, criterionID: "greet", traineeName: "Leo", comment: "x", at: date(101))
    }
    let dispute = try store.openDispute(sessionID: id, criterionID: "greet", traineeName: "Alice", comment: "I said hello", at: date(110))
    #expect(throws: ReviewError.alreadyDisputed(session: id, criterion: "greet", dispute: dispute.id!)) {
      try store.openDispute(sessionID: id, criterionID: "greet", traineeName: "Alice", comment: "again", at: date(111))
    }
    var filter = ReviewQueueFilter()
    filter.disputed = true
    #expect(try store.reviewQueue(filter).map(\.state) == [.disputed])
    let answered = try store.answerDispute(id: dispute.id!, decision: .accept, comment: "Right, turn 1", leadName: "Leo", at: date(120))
    #expect(answered.state == .accepted && answered.answerScore == 2 && answered.reviewID != nil)
    #expect(try store.reviewQueue(filter).isEmpty)
    let effective = try store.effectiveScore(sessionID: id)
    #expect(effective.score == 100)
    #expect(effective.review?.record.kind == .disputeAnswer)
    #expect(try store.reviews(sessionID: id).map(\.record.kind) == [.review, .disputeAnswer])
    #expect(throws: ReviewError.disputeClosed(id: dispute.id!, state: .accepted)) {
      try store.answerDispute(id: dispute.id!, decision: .reject, comment: "", leadName: "Leo", at: date(130))
    }
    let second = try store.openDispute(sessionID: id, criterionID: "greet", traineeName: "Alice", comment: "once more", at: date(140))
    let rejected = try store.answerDispute(id: second.id!, decision: .reject, comment: "Stands", leadName: "Lea", at: date(150))
    #expect(rejected.state == .rejected && rejected.reviewID == nil)
    #expect(try store.disputes(sessionID: id).map(\.state) == [.accepted, .rejected])
    #expect(try store.effectiveScore(sessionID: id).score == 100)
  }

  @Test("re-scoring keeps the score as played and its version, and records the lead who ran it", arguments: StoreKind.backends)
  func rescore(kind: StoreKind) throws {
    let store = try makeStore(kind)
    let id = try reviewFixture(store)
    #expect(try store.scorings(sessionID: id).map(\.kind) == [.played])
    var result = sampleResult(score: 40, passed: false)
    result.version = "fedcba9876543210"
    try store.recordRescore(sessionID: id, result: result, by: "Lea", at: date(200))
    let scorings = try store.scorings(sessionID: id)
    #expect(scorings.map(\.kind) == [.played, .rescore])
    #expect(scorings.map(\.scenarioVersion) == ["0123456789abcdef", "fedcba9876543210"])
    #expect(scorings.map(\.score) == [83.5, 40])
    let lea = try #require(try store.existingTrainee(named: "Lea"))
    #expect(scorings.map(\.rescoredBy) == [nil, lea.id])
    #expect(try store.session(id: id).score == 83.5)
    let effective = try store.effectiveScore(sessionID: id)
    #expect(effective.automaticVersion == "0123456789abcdef")
    #expect(effective.rescore?.scenarioVersion == "fedcba9876543210")
  }

  @Test("only a lead rescores; a trainee's rescore is refused and stores nothing", arguments: StoreKind.backends)
  func rescoreNeedsLead(kind: StoreKind) throws {
    let store = try makeStore(kind)
    let id = try reviewFixture(store)
    var result = sampleResult(score: 100, passed: true)
    result.version = "fedcba9876543210"
    #expect(throws: ReviewError.notALead("Alice")) {
      try store.recordRescore(sessionID: id, result: result, by: "Alice", at: date(200))
    }
    #expect(throws: StoreError.unknownTrainee("Nobody")) {
      try store.recordRescore(sessionID: id, result: result, by: "Nobody", at: date(200))
    }
    #expect(try store.scorings(sessionID: id).map(\.kind) == [.played])
  }

  @Test("a re-scoring never changes the effective score: a failed session stays failed everywhere", arguments: StoreKind.backends)
  func rescoreDoesNotCount(kind: StoreKind) throws {
    let store = try makeStore(kind)
    let session = try store.startSession(newSession(trainee: "Tom", at: 0))
    let id = session.id!
    try store.finishSession(
      id: id, status: .finished, endedAt: date(60), handleTimeSeconds: 60, result: sampleResult(score: 20, passed: false))
    try store.makeFirstLead("Lea", at: date(1))
    var passing = sampleResult(score: 100, passed: true)
    passing.version = "fedcba9876543210"
    passing.passScore = 0
    try store.recordRescore(sessionID: id, result: passing, by: "Lea", at: date(200))
    let effective = try store.effectiveScore(sessionID: id)
    #expect(effective.score == 20 && !effective.passed)
    #expect(effective.rescore?.score == 100 && effective.rescore?.passed == true)
    let reviewed = try rawTexts(store, "SELECT reviewed_score, reviewed_passed FROM sessions WHERE id = ?", id)
    #expect(reviewed == [nil, nil])
    var failed = ReviewQueueFilter()
    failed.failed = true
    #expect(try store.reviewQueue(failed).map(\.session.id) == [id])
    #expect(try store.progress().totals.passes == 0)
  }

  @Test("re-scoring a reviewed session: the review and its score stand", arguments: StoreKind.backends)
  func rescoreReviewed(kind: StoreKind) throws {
    let store = try makeStore(kind)
    let id = try reviewFixture(store)
    try store.saveReview(NewReview(
      sessionID: id, reviewerName: "Lea",
      ratings: [NewCriterionRating(criterionID: "greet", points: 1, comment: "Only half a greeting", rootCause: .communication)],
      summary: "Greet fully.", at: date(100)))
    #expect(try store.effectiveScore(sessionID: id).score == 50)
    var result = sampleResult(score: 100, passed: true)
    result.version = "fedcba9876543210"
    result.criteria[1].applicable = true
    result.criteria[1].score = 3
    result.criteria[1].met = true
    try store.recordRescore(sessionID: id, result: result, by: "Leo", at: date(200))
    let effective = try store.effectiveScore(sessionID: id)
    #expect(effective.criteria.map(\.points) == [1, nil])
    #expect(effective.criteria.map(\.source) == ["review", "auto"])
    #expect(effective.score == 50 && !effective.passed)
    let reviewed = try scalar(store, "SELECT reviewed_score FROM sessions WHERE id = ?", id)
    #expect(reviewed == 50)
  }

  @Test("a dispute after a re-score that dropped its criterion is answered on the score as played", arguments: StoreKind.backends)
  func disputeOnDroppedCriterion(kind: StoreKind) throws {
    let store = try makeStore(kind)
    let id = try reviewFixture(store)
    let dispute = try store.openDispute(sessionID: id, criterionID: "greet", traineeName: "Alice", comment: "I did greet", at: date(10))
    var result = sampleResult()
    result.version = "fedcba9876543210"
    result.criteria.removeFirst()
    try store.recordRescore(sessionID: id, result: result, by: "Lea", at: date(20))
    let answered = try store.answerDispute(id: dispute.id!, decision: .partial(1), comment: "Half", leadName: "Lea", at: date(30))
    #expect(answered.state == .partiallyAccepted && answered.answerScore == 1)
    #expect(try store.effectiveScore(sessionID: id).criteria.map(\.points) == [1, nil])
  }

  @Test("calibration: blind scores never change effective scores; a round closes once", arguments: StoreKind.backends)
  func calibration(kind: StoreKind) throws {
    let store = try makeStore(kind)
    let id = try reviewFixture(store)
    #expect(throws: ReviewError.emptyRound("r1")) {
      try store.startCalibration(name: "r1", sessionIDs: [id], reviewerNames: ["Lea"], at: date(1))
    }
    let round = try store.startCalibration(name: "r1", sessionIDs: [id, id], reviewerNames: ["Leo", "Lea"], at: date(1))
    #expect(round.sessionIDs == [id] && round.reviewerNames == ["Lea", "Leo"])
    try store.saveReview(NewReview(
      sessionID: id, reviewerName: "Lea", kind: .calibration, roundName: "r1",
      ratings: [NewCriterionRating(criterionID: "greet", points: 1)], summary: "", at: date(2)))
    #expect(throws: ReviewError.alreadyScored(round: "r1", reviewer: "Lea", session: id)) {
      try store.saveReview(NewReview(sessionID: id, reviewerName: "Lea", kind: .calibration, roundName: "r1", ratings: [], summary: "", at: date(3)))
    }
    #expect(try store.effectiveScore(sessionID: id).score == 83.5)
    #expect(try store.reviews(sessionID: id).isEmpty)
    try store.closeCalibration(named: "r1", at: date(4))
    #expect(throws: ReviewError.roundClosed("r1")) {
      try store.saveReview(NewReview(sessionID: id, reviewerName: "Leo", kind: .calibration, roundName: "r1", ratings: [], summary: "", at: date(5)))
    }
    #expect(try store.calibrationReviews(named: "r1").map(\.reviewerName) == ["Lea"])
  }
}
