import DojoCore
import Foundation

/// Team-lead review of stored sessions: reviews with overrides, disputes, calibration rounds
/// and automatic re-scorings.
///
/// The automatic score is never overwritten: every review, dispute answer and re-scoring is a
/// new record. The effective score of a session is its latest review (or dispute answer) where
/// there is one, else the automatic score as played. Re-scorings (by a lead, with the scenario
/// version they used) are shown beside it and never change it; calibration scores neither.
public protocol ReviewStore: Sendable {
  /// Finished, scored sessions matching `filter`, newest first, with their review state.
  func reviewQueue(_ filter: ReviewQueueFilter) throws -> [ReviewQueueItem]
  /// The automatic and effective scores of a finished session.
  func effectiveScore(sessionID: Int64) throws -> EffectiveScore
  /// Stores a review (all three kinds) after checking who may review what; returns it.
  @discardableResult
  func saveReview(_ review: NewReview) throws -> StoredReview
  /// The session's reviews and dispute answers (not calibration scores), oldest first.
  func reviews(sessionID: Int64) throws -> [StoredReview]

  /// A trainee's objection to one criterion of their own session.
  @discardableResult
  func openDispute(sessionID: Int64, criterionID: String, traineeName: String, comment: String, at: Date) throws
    -> DisputeRecord
  /// A lead's answer to an open dispute: accept (full points), partially accept (given points)
  /// or reject; accepting writes a `dispute-answer` review that changes the effective score.
  @discardableResult
  func answerDispute(id: Int64, decision: DisputeDecision, comment: String, leadName: String, at: Date) throws
    -> DisputeRecord
  /// The session's disputes, oldest first (all states: the history stays).
  func disputes(sessionID: Int64) throws -> [DisputeRecord]
  /// Open disputes of a session; the one to answer when the lead names only the session.
  func openDisputes(sessionID: Int64) throws -> [DisputeRecord]

  /// The automatic scorings of a session, oldest first; the first is the score as played.
  func scorings(sessionID: Int64) throws -> [ScoringRecord]
  /// Stores a new automatic scoring run by the lead `by`, with the scenario version in
  /// `result`, beside the score as played; the session's effective score does not change.
  @discardableResult
  func recordRescore(sessionID: Int64, result: ScoreResult, by lead: String, at: Date) throws -> ScoringRecord

  /// Starts a calibration round: the sessions go to the named leads, who score them blind.
  @discardableResult
  func startCalibration(name: String, sessionIDs: [Int64], reviewerNames: [String], at: Date) throws
    -> CalibrationRound
  /// The round with this name; throws `ReviewError.unknownRound` if there is none.
  func calibration(named name: String) throws -> CalibrationRound
  /// Closes a round, after which its scores may be compared.
  @discardableResult
  func closeCalibration(named name: String, at: Date) throws -> CalibrationRound
  /// The blind scores given in a round, oldest first.
  func calibrationReviews(named name: String) throws -> [StoredReview]
}

/// Why a review operation was refused, worded for the person at the console.
public enum ReviewError: LocalizedError, Equatable, Sendable {
  case notALead(String)
  case ownSession(reviewer: String, session: Int64)
  case notScored(Int64)
  case unknownCriterion(session: Int64, criterion: String, known: [String])
  case outOfScale(criterion: String, points: Int, max: Int)
  case commentRequired(criterion: String)
  case rootCauseRequired(criterion: String)
  case summaryRequired
  case notYourSession(trainee: String, session: Int64, owner: String)
  case alreadyDisputed(session: Int64, criterion: String, dispute: Int64)
  case unknownDispute(Int64)
  case disputeClosed(id: Int64, state: DisputeState)
  case unknownRound(String)
  case roundExists(String)
  case roundClosed(String)
  case roundOpen(String)
  case notInRound(round: String, what: String)
  case alreadyScored(round: String, reviewer: String, session: Int64)
  case emptyRound(String)
  case leadExists([String])
  case noLeadYet
  case alreadyHasRole(name: String, role: String)
  case lastLead(String)

  public var errorDescription: String? {
    switch self {
    case .notALead(let name):
      "\(name) is not a team lead; a lead makes them one with `dojo trainee role \(name) lead --by LEAD`"
    case .ownSession(let reviewer, let session):
      "\(reviewer) played session \(session) and cannot review it"
    case .notScored(let id):
      "session \(id) has no score to review (it was not finished)"
    case .unknownCriterion(let session, let criterion, let known):
      "session \(session) has no criterion '\(criterion)'; it has \(known.joined(separator: ", "))"
    case .outOfScale(let criterion, let points, let max):
      "\(points) is not on the scale of '\(criterion)' (0–\(max), or na)"
    case .commentRequired(let criterion):
      "changing the score of '\(criterion)' needs a comment"
    case .rootCauseRequired(let criterion):
      "a negative rating of '\(criterion)' needs a root cause (\(RootCause.allCases.map(\.rawValue).joined(separator: ", ")))"
    case .summaryRequired:
      "a review ends with a summary comment for the trainee (--summary)"
    case .notYourSession(let trainee, let session, let owner):
      "session \(session) was played by \(owner), not \(trainee); only they can dispute it"
    case .alreadyDisputed(let session, let criterion, let dispute):
      "'\(criterion)' of session \(session) is already disputed (dispute \(dispute) is open)"
    case .unknownDispute(let id):
      "unknown dispute \(id)"
    case .disputeClosed(let id, let state):
      "dispute \(id) was already answered (\(state.rawValue))"
    case .unknownRound(let name):
      "unknown calibration round '\(name)'"
    case .roundExists(let name):
      "a calibration round named '\(name)' exists already"
    case .roundClosed(let name):
      "calibration round '\(name)' is closed"
    case .roundOpen(let name):
      "calibration round '\(name)' is still open; close it first (`dojo calibrate close \(name)`)"
    case .notInRound(let round, let what):
      "\(what) is not part of calibration round '\(round)'"
    case .alreadyScored(let round, let reviewer, let session):
      "\(reviewer) already scored session \(session) in round '\(round)'"
    case .emptyRound(let name):
      "calibration round '\(name)' needs at least one session and two reviewers"
    case .leadExists(let names):
      "the first lead is set only while there is no lead; \(names.joined(separator: ", ")) \(names.count == 1 ? "is a lead" : "are leads"): a lead changes roles with `--by LEAD`"
    case .noLeadYet:
      "there is no lead yet; set the first one with `dojo trainee role NAME lead --first-lead`"
    case .alreadyHasRole(let name, let role):
      "\(name) is already a \(role); nothing changed"
    case .lastLead(let name):
      "\(name) is the last lead; make another lead first, so someone can still change roles"
    }
  }
}

/// Which sessions the review queue lists.
public struct ReviewQueueFilter: Sendable, Hashable {
  public var cohort: String?
  public var traineeName: String?
  /// A role id (`l1-agent`, …).
  public var role: String?
  public var scenarioID: String?
  /// Only sessions whose effective score did not pass.
  public var failed = false
  /// Only sessions with an effective critical miss.
  public var critical = false
  /// Only sessions without a review.
  public var unreviewed = false
  /// Only sessions with an open dispute.
  public var disputed = false
  /// Only sessions started at or after this moment.
  public var since: Date?

  public init() {}
}

/// Where a session stands in review.
public enum ReviewState: String, Sendable, Hashable, Codable, CaseIterable {
  /// No lead has reviewed it.
  case unreviewed
  /// Reviewed (or a dispute answered); no dispute open.
  case reviewed
  /// A dispute waits for a lead's answer.
  case disputed
}

/// One line of the review queue.
public struct ReviewQueueItem: Sendable, Hashable {
  public var session: SessionRecord
  public var traineeName: String
  public var effective: EffectiveScore
  public var state: ReviewState
  public var reviewCount: Int
  public var openDisputes: Int
}

/// One criterion's effective rating and where it comes from.
public struct EffectiveCriterion: Sendable, Hashable {
  public var id: String
  public var name: String
  /// Points, or nil for N/A.
  public var points: Int?
  public var autoPoints: Int?
  public var max: Int
  /// `auto`, `review` or `dispute-answer`.
  public var source: String
}

/// The scores of a session: the latest automatic scoring and, where reviewed, the latest review.
public struct EffectiveScore: Sendable, Hashable {
  /// The automatic result as played: the base of reviews and of the effective score.
  public var automatic: ScoreResult
  /// The scenario version the session was scored on as played.
  public var automaticVersion: String
  /// The latest re-scoring, if any: shown beside the score as played, never counted.
  public var rescore: ScoringRecord?
  /// The latest review or dispute answer, if any.
  public var review: StoredReview?
  public var score: Double
  public var passed: Bool
  public var criticalMisses: [String]
  public var criteria: [EffectiveCriterion]
}

/// A review as stored, with the reviewer's name and the per-criterion ratings.
public struct StoredReview: Sendable, Hashable {
  public var record: ReviewRecord
  public var reviewerName: String
  public var scores: [ReviewScoreRecord]
}

/// A rating a reviewer sets for one criterion.
public struct NewCriterionRating: Sendable, Hashable {
  public var criterionID: String
  /// Points, or nil for N/A.
  public var points: Int?
  public var comment: String
  public var rootCause: RootCause?

  public init(criterionID: String, points: Int?, comment: String = "", rootCause: RootCause? = nil) {
    self.criterionID = criterionID
    self.points = points
    self.comment = comment
    self.rootCause = rootCause
  }
}

/// A review to store. Criteria without a rating keep their automatic score.
public struct NewReview: Sendable, Hashable {
  public var sessionID: Int64
  public var reviewerName: String
  public var kind: ReviewKind
  /// For `calibration` reviews: the round.
  public var roundName: String?
  public var ratings: [NewCriterionRating]
  public var summary: String
  public var at: Date

  public init(
    sessionID: Int64, reviewerName: String, kind: ReviewKind = .review, roundName: String? = nil,
    ratings: [NewCriterionRating], summary: String, at: Date
  ) {
    self.sessionID = sessionID
    self.reviewerName = reviewerName
    self.kind = kind
    self.roundName = roundName
    self.ratings = ratings
    self.summary = summary
    self.at = at
  }
}

/// A lead's answer to a dispute.
public enum DisputeDecision: Sendable, Hashable {
  /// The trainee is right: the criterion gets full points.
  case accept
  /// Partly right: the criterion gets these points.
  case partial(Int)
  /// The score stands.
  case reject
}

/// A calibration round with its sessions (in the order given) and reviewers.
public struct CalibrationRound: Sendable, Hashable {
  public var record: CalibrationRoundRecord
  public var sessionIDs: [Int64]
  public var reviewerNames: [String]
}
