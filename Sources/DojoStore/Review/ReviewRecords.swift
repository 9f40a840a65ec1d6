import DojoCore
import Foundation
import GRDB

/// What a review record is for.
public enum ReviewKind: String, Sendable, Hashable, Codable, CaseIterable, DatabaseValueConvertible {
  /// A team lead's review of a session; changes the effective score.
  case review
  /// The new scores a lead gave when accepting a dispute; changes the effective score.
  case disputeAnswer = "dispute-answer"
  /// A blind score in a calibration round; never changes a trainee's score.
  case calibration
}

/// One review of one session (row of `reviews`): who, when, why, and the total it gives.
public struct ReviewRecord: Sendable, Hashable, Codable, Identifiable {
  /// Set by the database on insert; always present on records the store returns.
  public var id: Int64?
  public var sessionID: Int64
  public var reviewerID: Int64
  public var kind: ReviewKind
  /// The calibration round of a `calibration` review.
  public var roundID: Int64?
  /// The reviewer's comment for the trainee.
  public var summary: String
  /// The total with the reviewer's ratings (0–100).
  public var score: Double
  public var rawScore: Double
  public var passed: Bool
  public var createdAt: Date

  public init(
    id: Int64? = nil, sessionID: Int64, reviewerID: Int64, kind: ReviewKind, roundID: Int64? = nil,
    summary: String, score: Double, rawScore: Double, passed: Bool, createdAt: Date
  ) {
    self.id = id
    self.sessionID = sessionID
    self.reviewerID = reviewerID
    self.kind = kind
    self.roundID = roundID
    self.summary = summary
    self.score = score
    self.rawScore = rawScore
    self.passed = passed
    self.createdAt = createdAt
  }

  enum CodingKeys: String, CodingKey {
    case id
    case sessionID = "session_id"
    case reviewerID = "reviewer_id"
    case kind
    case roundID = "round_id"
    case summary, score
    case rawScore = "raw_score"
    case passed
    case createdAt = "created_at"
  }

  /// The table's columns, for queries.
  public enum Columns {
    public static let id = Column(CodingKeys.id)
    public static let sessionID = Column(CodingKeys.sessionID)
    public static let reviewerID = Column(CodingKeys.reviewerID)
    public static let kind = Column(CodingKeys.kind)
    public static let roundID = Column(CodingKeys.roundID)
    public static let createdAt = Column(CodingKeys.createdAt)
  }
}

extension ReviewRecord: FetchableRecord, MutablePersistableRecord {
  public static let databaseTableName = "reviews"

  public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

/// One criterion as a review rated it (row of `review_scores`).
public struct ReviewScoreRecord: Sendable, Hashable, Codable, Identifiable {
  /// Set by the database on insert; always present on records the store returns.
  public var id: Int64?
  public var reviewID: Int64
  public var criterionID: String
  /// Points on the criterion's scale; nil for N/A.
  public var score: Int?
  /// The automatic points the reviewer saw (nil when N/A).
  public var autoScore: Int?
  public var max: Int
  /// Whether the rating differs from the automatic one.
  public var changed: Bool
  /// The comment on the rating; written by this review's reviewer unless `commentReviewID` says
  /// it was carried from an earlier review.
  public var comment: String
  public var rootCause: RootCause?
  /// Whether this review changed the rating it started from (the current rating before it).
  /// Nil on rows stored before this was recorded.
  public var ownChange: Bool?
  /// The rating this review started from (nil: N/A, or not recorded).
  public var previousScore: Int?
  /// The earlier review whose reviewer wrote `comment` and `rootCause`, when this review kept
  /// them without rating the criterion anew; nil when they are this review's own.
  public var commentReviewID: Int64?

  public init(
    id: Int64? = nil, reviewID: Int64, criterionID: String, score: Int?, autoScore: Int?, max: Int,
    changed: Bool, comment: String, rootCause: RootCause?, ownChange: Bool? = nil, previousScore: Int? = nil,
    commentReviewID: Int64? = nil
  ) {
    self.id = id
    self.reviewID = reviewID
    self.criterionID = criterionID
    self.score = score
    self.autoScore = autoScore
    self.max = max
    self.changed = changed
    self.comment = comment
    self.rootCause = rootCause
    self.ownChange = ownChange
    self.previousScore = previousScore
    self.commentReviewID = commentReviewID
  }

  /// Whether this review made this row's rating or comment, rather than carrying it.
  public var isOwn: Bool {
    if let ownChange { return ownChange || (commentReviewID == nil && (!comment.isEmpty || rootCause != nil)) }
    return changed || !comment.isEmpty || rootCause != nil
  }

  enum CodingKeys: String, CodingKey {
    case id
    case reviewID = "review_id"
    case criterionID = "criterion_id"
    case score
    case autoScore = "auto_score"
    case max, changed, comment
    case rootCause = "root_cause"
    case ownChange = "own_change"
    case previousScore = "previous_score"
    case commentReviewID = "comment_review_id"
  }

  /// The table's columns, for queries.
  public enum Columns {
    public static let id = Column(CodingKeys.id)
    public static let reviewID = Column(CodingKeys.reviewID)
    public static let criterionID = Column(CodingKeys.criterionID)
  }
}

extension ReviewScoreRecord: FetchableRecord, MutablePersistableRecord {
  public static let databaseTableName = "review_scores"

  public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

extension RootCause: DatabaseValueConvertible {}

/// Where a dispute stands.
public enum DisputeState: String, Sendable, Hashable, Codable, CaseIterable, DatabaseValueConvertible {
  case open
  case accepted
  case partiallyAccepted = "partially-accepted"
  case rejected
}

/// A trainee's objection to one criterion's score, and the lead's answer once given: a row of
/// `disputes` joined with its row of `dispute_answers` (`DisputeRecord.selectSQL`). Both tables
/// are append-only: answering a dispute adds its answer row, it never updates the dispute.
public struct DisputeRecord: Sendable, Hashable, Codable, Identifiable {
  /// Set by the database on insert; always present on records the store returns.
  public var id: Int64?
  public var sessionID: Int64
  public var criterionID: String
  public var traineeID: Int64
  public var comment: String
  public var createdAt: Date
  public var state: DisputeState
  public var answer: String?
  /// The lead who answered.
  public var answeredBy: Int64?
  public var answeredAt: Date?
  /// The criterion's points after an accepted or partially accepted dispute.
  public var answerScore: Int?
  /// The `dispute-answer` review that carries the new score.
  public var reviewID: Int64?

  public init(
    id: Int64? = nil, sessionID: Int64, criterionID: String, traineeID: Int64, comment: String,
    createdAt: Date, state: DisputeState = .open, answer: String? = nil, answeredBy: Int64? = nil,
    answeredAt: Date? = nil, answerScore: Int? = nil, reviewID: Int64? = nil
  ) {
    self.id = id
    self.sessionID = sessionID
    self.criterionID = criterionID
    self.traineeID = traineeID
    self.comment = comment
    self.createdAt = createdAt
    self.state = state
    self.answer = answer
    self.answeredBy = answeredBy
    self.answeredAt = answeredAt
    self.answerScore = answerScore
    self.reviewID = reviewID
  }

  enum CodingKeys: String, CodingKey {
    case id
    case sessionID = "session_id"
    case criterionID = "criterion_id"
    case traineeID = "trainee_id"
    case comment
    case createdAt = "created_at"
    case state, answer
    case answeredBy = "answered_by"
    case answeredAt = "answered_at"
    case answerScore = "answer_score"
    case reviewID = "review_id"
  }

  /// Disputes with their answers, in the columns of `DisputeRecord`; the same SQL in both
  /// stores. A dispute without an answer row is open. Add a WHERE on `d.` columns.
  public static let selectSQL = """
    SELECT d.id, d.session_id, d.criterion_id, d.trainee_id, d.comment, d.created_at,
      COALESCE(a.state, 'open') AS state, a.answer, a.answered_by, a.answered_at, a.answer_score, a.review_id
    FROM disputes d LEFT JOIN dispute_answers a ON a.dispute_id = d.id
    """

  /// The row of `disputes` this dispute was opened with.
  var opened: OpenedDispute {
    OpenedDispute(
      id: id, sessionID: sessionID, criterionID: criterionID, traineeID: traineeID, comment: comment,
      createdAt: createdAt)
  }

  /// Marks the dispute (as `ReviewRules.answer` decided it) answered by `lead` at `date`, and
  /// gives the row of `dispute_answers` that records the answer.
  mutating func answered(by lead: Int64?, at date: Date) -> DisputeAnswerRecord {
    answeredBy = lead
    answeredAt = date
    return DisputeAnswerRecord(
      disputeID: id ?? 0, state: state, answer: answer ?? "", answeredBy: lead, answeredAt: date,
      answerScore: answerScore, reviewID: reviewID)
  }
}

extension DisputeRecord: FetchableRecord {}

/// A row of `disputes`: what the trainee objected to, as opened; never updated.
struct OpenedDispute: Sendable, Hashable, Codable {
  var id: Int64?
  var sessionID: Int64
  var criterionID: String
  var traineeID: Int64
  var comment: String
  var createdAt: Date

  enum CodingKeys: String, CodingKey {
    case id
    case sessionID = "session_id"
    case criterionID = "criterion_id"
    case traineeID = "trainee_id"
    case comment
    case createdAt = "created_at"
  }
}

extension OpenedDispute: FetchableRecord, MutablePersistableRecord {
  static let databaseTableName = "disputes"

  mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

/// A row of `dispute_answers`: a lead's answer to one dispute, at most one per dispute (a
/// unique key, so two leads answering at once cannot both succeed); never updated.
struct DisputeAnswerRecord: Sendable, Hashable, Codable {
  var disputeID: Int64
  var state: DisputeState
  var answer: String
  var answeredBy: Int64?
  var answeredAt: Date
  var answerScore: Int?
  var reviewID: Int64?

  enum CodingKeys: String, CodingKey {
    case disputeID = "dispute_id"
    case state, answer
    case answeredBy = "answered_by"
    case answeredAt = "answered_at"
    case answerScore = "answer_score"
    case reviewID = "review_id"
  }
}

extension DisputeAnswerRecord: FetchableRecord, PersistableRecord {
  static let databaseTableName = "dispute_answers"
}

/// Whether an automatic scoring is the one made when the session was played or a later one.
public enum ScoringKind: String, Sendable, Hashable, Codable, CaseIterable, DatabaseValueConvertible {
  /// The score the session got when it was played.
  case played
  /// A later score with a changed rubric (`dojo review rescore`), shown beside the score as
  /// played; it never changes the effective score.
  case rescore
}

/// One automatic scoring of a session (row of `scorings`), with the scenario version it used.
public struct ScoringRecord: Sendable, Hashable, Codable, Identifiable {
  /// Set by the database on insert; always present on records the store returns.
  public var id: Int64?
  public var sessionID: Int64
  public var kind: ScoringKind
  public var scenarioVersion: String
  public var score: Double
  public var rawScore: Double
  public var passed: Bool
  /// The full `ScoreResult` as JSON with sorted keys.
  public var resultJSON: String
  public var createdAt: Date
  /// The lead who ran a re-scoring (nil for the score as played and older re-scorings).
  public var rescoredBy: Int64?

  public init(
    id: Int64? = nil, sessionID: Int64, kind: ScoringKind, scenarioVersion: String, score: Double,
    rawScore: Double, passed: Bool, resultJSON: String, createdAt: Date, rescoredBy: Int64? = nil
  ) {
    self.rescoredBy = rescoredBy
    self.id = id
    self.sessionID = sessionID
    self.kind = kind
    self.scenarioVersion = scenarioVersion
    self.score = score
    self.rawScore = rawScore
    self.passed = passed
    self.resultJSON = resultJSON
    self.createdAt = createdAt
  }

  /// Decodes the stored score result.
  public func result() throws -> ScoreResult {
    do {
      return try JSONDecoder().decode(ScoreResult.self, from: Data(resultJSON.utf8))
    } catch {
      throw StoreError.corruptResult(sessionID: sessionID, reason: String(describing: error))
    }
  }

  enum CodingKeys: String, CodingKey {
    case id
    case sessionID = "session_id"
    case kind
    case scenarioVersion = "scenario_version"
    case score
    case rawScore = "raw_score"
    case passed
    case resultJSON = "result_json"
    case createdAt = "created_at"
    case rescoredBy = "rescored_by"
  }

  /// The table's columns, for queries.
  public enum Columns {
    public static let id = Column(CodingKeys.id)
    public static let sessionID = Column(CodingKeys.sessionID)
    public static let kind = Column(CodingKeys.kind)
  }
}

extension ScoringRecord: FetchableRecord, MutablePersistableRecord {
  public static let databaseTableName = "scorings"

  public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

/// A calibration round (row of `calibration_rounds`): the same sessions scored blind by several leads.
public struct CalibrationRoundRecord: Sendable, Hashable, Codable, Identifiable {
  /// Set by the database on insert; always present on records the store returns.
  public var id: Int64?
  public var name: String
  /// `open` while leads score; `closed` once the scores may be compared.
  public var state: String
  public var createdAt: Date
  public var closedAt: Date?

  public init(id: Int64? = nil, name: String, state: String = "open", createdAt: Date, closedAt: Date? = nil) {
    self.id = id
    self.name = name
    self.state = state
    self.createdAt = createdAt
    self.closedAt = closedAt
  }

  public var isOpen: Bool { state == "open" }

  enum CodingKeys: String, CodingKey {
    case id, name, state
    case createdAt = "created_at"
    case closedAt = "closed_at"
  }

  /// The table's columns, for queries.
  public enum Columns {
    public static let id = Column(CodingKeys.id)
    public static let name = Column(CodingKeys.name)
  }
}

extension CalibrationRoundRecord: FetchableRecord, MutablePersistableRecord {
  public static let databaseTableName = "calibration_rounds"

  public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}
