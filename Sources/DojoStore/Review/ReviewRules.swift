import DojoCore
import Foundation

/// The review rules every store applies, apart from reading and writing: what a new review's
/// rows are, and what a session's effective score is. Both stores call these with what they
/// read, so the rules are the same on SQLite and PostgreSQL.
enum ReviewRules {
  /// The rows and total of a new review, checked against the session's automatic result: the
  /// rating each criterion starts from (`base`: an earlier review's, else automatic), what the
  /// reviewer gave, and the comments carried from earlier reviews (`carried`). Throws the
  /// `ReviewError` that refuses it (unknown criterion, off the scale, missing comment, root
  /// cause or summary).
  static func draft(
    _ review: NewReview, automatic: ScoreResult, base: [String: Int?], carried: [String: ReviewScoreRecord],
    commentRequired: Bool
  ) throws -> (rows: [ReviewScoreRecord], total: ReviewedTotal) {
    let known = automatic.criteria.map(\.id)
    var given: [String: NewCriterionRating] = [:]
    for rating in review.ratings {
      guard let criterion = automatic.criteria.first(where: { $0.id == rating.criterionID }) else {
        throw ReviewError.unknownCriterion(session: review.sessionID, criterion: rating.criterionID, known: known)
      }
      if let points = rating.points, !(0...criterion.max).contains(points) {
        throw ReviewError.outOfScale(criterion: criterion.id, points: points, max: criterion.max)
      }
      given[rating.criterionID] = rating
    }
    var ratings: [CriterionRating] = []
    var rows: [ReviewScoreRecord] = []
    for criterion in automatic.criteria {
      let autoPoints = criterion.applicable ? criterion.score ?? 0 : nil
      // The rating this review starts from: the current one (an earlier review's, else automatic).
      let start = base[criterion.id] ?? autoPoints
      let rating = given[criterion.id]
      let points = rating.map(\.points) ?? start
      let changed = points != autoPoints
      // Any change to the current rating is this reviewer's, with this reviewer's comment —
      // undoing an earlier review's change included.
      let ownChange = rating != nil && points != start
      let typed = rating?.comment.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
      if review.kind == .review && ownChange {
        if commentRequired && typed.isEmpty { throw ReviewError.commentRequired(criterion: criterion.id) }
        if ReviewedScore.isNegative(points: points, max: criterion.max) && rating?.rootCause == nil {
          throw ReviewError.rootCauseRequired(criterion: criterion.id)
        }
      }
      // A rating kept as it was keeps its comment and root cause, with their author.
      let earlier = ownChange || !typed.isEmpty ? nil : carried[criterion.id]
      let keepsEarlier = earlier.map { !$0.comment.isEmpty || $0.rootCause != nil } ?? false
      ratings.append(CriterionRating(criterionID: criterion.id, points: points))
      rows.append(
        ReviewScoreRecord(
          reviewID: 0, criterionID: criterion.id, score: points, autoScore: autoPoints, max: criterion.max,
          changed: changed, comment: keepsEarlier ? earlier?.comment ?? "" : typed,
          rootCause: keepsEarlier ? earlier?.rootCause : rating?.rootCause, ownChange: ownChange,
          previousScore: start,
          commentReviewID: keepsEarlier ? earlier?.commentReviewID ?? earlier?.reviewID : nil))
    }
    if review.kind == .review && review.summary.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
      throw ReviewError.summaryRequired
    }
    return (rows, ReviewedScore.total(automatic, ratings: ratings))
  }

  /// What answering a dispute decides, apart from storing it: the dispute with its state, answer
  /// and score, and the review that changes the disputed rating with the ratings it starts from
  /// (none for a rejection). The store sets who answered and when, and the review's id. Throws
  /// the `ReviewError` that refuses it (criterion gone, off the scale, comment missing).
  static func answer(
    _ dispute: DisputeRecord, decision: DisputeDecision, comment: String, leadName: String, effective: EffectiveScore,
    at: Date
  ) throws -> (dispute: DisputeRecord, review: (NewReview, base: [String: Int?], carried: [String: ReviewScoreRecord])?) {
    var dispute = dispute
    let answer = comment.trimmingCharacters(in: .whitespacesAndNewlines)
    // A re-score may have dropped the disputed criterion: it can still be rejected, not scored.
    let found = effective.criteria.first(where: { $0.id == dispute.criterionID })
    if found == nil && decision != .reject {
      throw ReviewError.unknownCriterion(
        session: dispute.sessionID, criterion: dispute.criterionID, known: effective.criteria.map(\.id))
    }
    let points: Int?
    switch decision {
    case .accept:
      dispute.state = .accepted
      points = found?.max
    case .partial(let given):
      if let found, !(0...found.max).contains(given) {
        throw ReviewError.outOfScale(criterion: found.id, points: given, max: found.max)
      }
      dispute.state = .partiallyAccepted
      points = given
    case .reject:
      dispute.state = .rejected
      points = nil
    }
    dispute.answer = answer
    guard dispute.state != .rejected, let criterion = found else { return (dispute, nil) }
    // Accepting changes the current rating: like any change, it needs the lead's comment.
    if answer.isEmpty && points != criterion.points { throw ReviewError.commentRequired(criterion: criterion.id) }
    // The new review starts from the effective ratings and changes only the disputed one.
    let base = Dictionary(uniqueKeysWithValues: effective.criteria.map { ($0.id, $0.points) })
    let review = NewReview(
      sessionID: dispute.sessionID, reviewerName: leadName, kind: .disputeAnswer,
      ratings: [NewCriterionRating(criterionID: criterion.id, points: points, comment: answer)],
      summary: "Dispute \(dispute.id ?? 0) on \(criterion.id): \(answer)", at: at)
    let carried = Dictionary(
      (effective.review?.scores ?? []).map { ($0.criterionID, $0) }, uniquingKeysWith: { first, _ in first })
    dispute.answerScore = points
    return (dispute, (review, base, carried))
  }

  /// The effective score of a session from its automatic result as played, its reviews and
  /// dispute answers (oldest first, no calibration scores), which review answered which
  /// disputed criteria, and its latest re-scoring.
  static func effective(
    automatic: ScoreResult, version: String, reviews: [StoredReview], disputed: [Int64: Set<String>],
    rescore: ScoringRecord?
  ) -> EffectiveScore {
    let review = reviews.last
    let origins = ratingOrigins(automatic: automatic, reviews: reviews, disputed: disputed)
    var criteria: [EffectiveCriterion] = []
    var ratings: [CriterionRating] = []
    for criterion in automatic.criteria {
      let autoPoints = criterion.applicable ? criterion.score ?? 0 : nil
      var points = autoPoints
      // A reviewer's change stands; the other ratings are the automatic ones as played.
      if let review, let row = review.scores.first(where: { $0.criterionID == criterion.id }), row.changed {
        points = row.score
      }
      // Who set the current rating: a rating a review or dispute answer set stays theirs, even
      // when it equals the automatic one (an accepted dispute that undid a review's change).
      let source = origins[criterion.id] ?? "auto"
      ratings.append(CriterionRating(criterionID: criterion.id, points: points))
      criteria.append(
        EffectiveCriterion(
          id: criterion.id, name: criterion.name, points: points, autoPoints: autoPoints, max: criterion.max,
          source: source))
    }
    let total = ReviewedScore.total(automatic, ratings: ratings)
    // With a review, the score is worked out from the ratings against the score as played.
    return EffectiveScore(
      automatic: automatic, automaticVersion: version, rescore: rescore, review: review,
      score: review == nil ? automatic.score : total.score, passed: review == nil ? automatic.passed : total.passed,
      criticalMisses: total.criticalMisses, criteria: criteria)
  }

  /// Which record set each criterion's current rating, walking the session's reviews and
  /// dispute answers oldest first: `review` or `dispute-answer` for a rating one of them
  /// changed; criteria no review changed are missing (automatic). A dispute answer changes only
  /// the disputed criteria; the rest it carries from the review before.
  private static func ratingOrigins(
    automatic: ScoreResult, reviews: [StoredReview], disputed: [Int64: Set<String>]
  ) -> [String: String] {
    guard !reviews.isEmpty else { return [:] }
    var current: [String: Int?] = [:]
    for criterion in automatic.criteria { current[criterion.id] = criterion.applicable ? criterion.score ?? 0 : nil }
    var origins: [String: String] = [:]
    for review in reviews {
      let answered = disputed[review.record.id ?? 0]
      for row in review.scores {
        // Rows stored before `own_change` was recorded: a change is a rating unlike the one before.
        let before = current[row.criterionID] ?? nil
        let changedHere = row.ownChange ?? (row.score != before)
        if let answered, !answered.contains(row.criterionID) {
          // A dispute answer's other rows repeat the review before.
        } else if changedHere {
          origins[row.criterionID] =
            review.record.kind == .disputeAnswer ? ReviewKind.disputeAnswer.rawValue : ReviewKind.review.rawValue
        }
        current[row.criterionID] = row.score
      }
    }
    return origins
  }
}
