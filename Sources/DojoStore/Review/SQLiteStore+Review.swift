import DojoCore
import Foundation
import GRDB

extension SQLiteStore: ReviewStore {
  // MARK: - Queue and effective scores

  public func reviewQueue(_ filter: ReviewQueueFilter) throws -> [ReviewQueueItem] {
    try read("list the review queue") { db in
      var conditions = ["s.status = 'finished'", "s.result_json IS NOT NULL"]
      var arguments: [any DatabaseValueConvertible] = []
      if let cohort = filter.cohort {
        conditions.append("s.cohort = ?")
        arguments.append(cohort)
      }
      if let name = filter.traineeName {
        conditions.append("t.name = ?")
        arguments.append(Self.normalizedName(name))
      }
      if let role = filter.role {
        conditions.append("s.role = ?")
        arguments.append(role)
      }
      if let scenario = filter.scenarioID {
        conditions.append("s.scenario_id = ?")
        arguments.append(scenario)
      }
      if let since = filter.since {
        conditions.append("s.started_at >= ?")
        arguments.append(since)
      }
      let rows = try Row.fetchAll(
        db,
        sql: """
          SELECT s.id, t.name AS trainee_name,
            (SELECT COUNT(*) FROM reviews r WHERE r.session_id = s.id AND r.kind != 'calibration') AS review_count,
            (SELECT COUNT(*) FROM disputes d WHERE d.session_id = s.id
              AND NOT EXISTS (SELECT 1 FROM dispute_answers a WHERE a.dispute_id = d.id)) AS open_disputes
          FROM sessions s JOIN trainees t ON t.id = s.trainee_id
          WHERE \(conditions.joined(separator: " AND "))
          ORDER BY s.started_at DESC, s.id DESC
          """, arguments: StatementArguments(arguments))
      var items: [ReviewQueueItem] = []
      for row in rows {
        let id: Int64 = row["id"]
        guard let session = try SessionRecord.fetchOne(db, key: id) else { continue }
        let reviewCount: Int = row["review_count"]
        let openDisputes: Int = row["open_disputes"]
        let state: ReviewState = openDisputes > 0 ? .disputed : reviewCount > 0 ? .reviewed : .unreviewed
        if filter.unreviewed && reviewCount > 0 { continue }
        if filter.disputed && openDisputes == 0 { continue }
        let effective = try Self.effective(db, session: session)
        if filter.failed && effective.passed { continue }
        if filter.critical && effective.criticalMisses.isEmpty { continue }
        items.append(
          ReviewQueueItem(
            session: session, traineeName: row["trainee_name"], effective: effective, state: state,
            reviewCount: reviewCount, openDisputes: openDisputes))
      }
      return items
    }
  }

  public func effectiveScore(sessionID: Int64) throws -> EffectiveScore {
    try read("read the scores of session \(sessionID)") { db in
      try Self.effective(db, session: try Self.sessionOrThrow(db, sessionID))
    }
  }

  public func reviews(sessionID: Int64) throws -> [StoredReview] {
    try read("read the reviews of session \(sessionID)") { db in
      _ = try Self.sessionOrThrow(db, sessionID)
      let records = try ReviewRecord.filter(ReviewRecord.Columns.sessionID == sessionID)
        .filter(ReviewRecord.Columns.kind != ReviewKind.calibration)
        .order(ReviewRecord.Columns.id).fetchAll(db)
      return try records.map { try Self.stored(db, $0) }
    }
  }

  // MARK: - Saving a review

  @discardableResult
  public func saveReview(_ review: NewReview) throws -> StoredReview {
    try write("store the review of session \(review.sessionID)") { db in
      guard review.kind == .review else { return try Self.insertReview(db, review) }
      // A review starts from the effective ratings: what an earlier review or dispute answer
      // changed stays, with its comment and root cause, unless this review rates it again.
      let effective = try Self.effective(db, session: try Self.sessionOrThrow(db, review.sessionID))
      let base = Dictionary(uniqueKeysWithValues: effective.criteria.map { ($0.id, $0.points) })
      let carried = Dictionary(
        (effective.review?.scores ?? []).map { ($0.criterionID, $0) }, uniquingKeysWith: { first, _ in first })
      return try Self.insertReview(db, review, base: base, carried: carried)
    }
  }

  /// Checks and inserts a review inside a write transaction.
  private static func insertReview(
    _ db: Database, _ review: NewReview, base: [String: Int?] = [:],
    carried: [String: ReviewScoreRecord] = [:], commentRequired: Bool = true
  ) throws -> StoredReview {
    let session = try sessionOrThrow(db, review.sessionID)
    let reviewer = try lead(db, named: review.reviewerName)
    guard reviewer.id != session.traineeID else {
      throw ReviewError.ownSession(reviewer: reviewer.name, session: review.sessionID)
    }
    var roundID: Int64?
    if review.kind == .calibration {
      guard let name = review.roundName else { throw ReviewError.unknownRound("") }
      let round = try roundOrThrow(db, name)
      guard round.record.isOpen else { throw ReviewError.roundClosed(name) }
      guard round.sessionIDs.contains(review.sessionID) else {
        throw ReviewError.notInRound(round: name, what: "session \(review.sessionID)")
      }
      guard round.reviewerNames.contains(reviewer.name) else {
        throw ReviewError.notInRound(round: name, what: "reviewer \(reviewer.name)")
      }
      let done = try ReviewRecord.filter(ReviewRecord.Columns.roundID == round.record.id)
        .filter(ReviewRecord.Columns.sessionID == review.sessionID)
        .filter(ReviewRecord.Columns.reviewerID == reviewer.id).fetchCount(db)
      guard done == 0 else {
        throw ReviewError.alreadyScored(round: name, reviewer: reviewer.name, session: review.sessionID)
      }
      roundID = round.record.id
    }
    let (automatic, _) = try playedAutomatic(db, session: session)
    let draft = try ReviewRules.draft(
      review, automatic: automatic, base: base, carried: carried, commentRequired: commentRequired)
    var rows = draft.rows
    let total = draft.total
    var record = ReviewRecord(
      sessionID: review.sessionID, reviewerID: reviewer.id ?? 0, kind: review.kind, roundID: roundID,
      summary: review.summary.trimmingCharacters(in: .whitespacesAndNewlines), score: total.score,
      rawScore: total.rawScore, passed: total.passed, createdAt: review.at.reviewStored)
    try record.insert(db)
    for index in rows.indices {
      rows[index].reviewID = record.id ?? 0
      try rows[index].insert(db)
    }
    if review.kind != .calibration {
      try db.execute(
        sql: "UPDATE sessions SET reviewed_score = ?, reviewed_passed = ? WHERE id = ?",
        arguments: [total.score, total.passed, review.sessionID])
    }
    return StoredReview(record: record, reviewerName: reviewer.name, scores: rows)
  }

  // MARK: - Disputes

  @discardableResult
  public func openDispute(sessionID: Int64, criterionID: String, traineeName: String, comment: String, at: Date)
    throws -> DisputeRecord
  {
    try write("open a dispute on session \(sessionID)") { db in
      let session = try Self.sessionOrThrow(db, sessionID)
      guard let trainee = try Self.trainee(db, named: traineeName) else {
        throw StoreError.unknownTrainee(traineeName)
      }
      guard trainee.id == session.traineeID else {
        let owner = try String.fetchOne(
          db, sql: "SELECT name FROM trainees WHERE id = ?", arguments: [session.traineeID]) ?? "?"
        throw ReviewError.notYourSession(trainee: trainee.name, session: sessionID, owner: owner)
      }
      let (automatic, _) = try Self.playedAutomatic(db, session: session)
      guard automatic.criteria.contains(where: { $0.id == criterionID }) else {
        throw ReviewError.unknownCriterion(
          session: sessionID, criterion: criterionID, known: automatic.criteria.map(\.id))
      }
      if let open = try Int64.fetchOne(
        db,
        sql: """
          SELECT d.id FROM disputes d WHERE d.session_id = ? AND d.criterion_id = ?
            AND NOT EXISTS (SELECT 1 FROM dispute_answers a WHERE a.dispute_id = d.id)
          ORDER BY d.id LIMIT 1
          """, arguments: [sessionID, criterionID])
      {
        throw ReviewError.alreadyDisputed(session: sessionID, criterion: criterionID, dispute: open)
      }
      var dispute = DisputeRecord(
        sessionID: sessionID, criterionID: criterionID, traineeID: trainee.id ?? 0,
        comment: comment.trimmingCharacters(in: .whitespacesAndNewlines), createdAt: at.reviewStored)
      var opened = dispute.opened
      try opened.insert(db)
      dispute.id = opened.id
      return dispute
    }
  }

  @discardableResult
  public func answerDispute(id: Int64, decision: DisputeDecision, comment: String, leadName: String, at: Date)
    throws -> DisputeRecord
  {
    try write("answer dispute \(id)") { db in
      guard var dispute = try DisputeRecord.fetchOne(db, sql: DisputeRecord.selectSQL + " WHERE d.id = ?", arguments: [id])
      else { throw ReviewError.unknownDispute(id) }
      guard dispute.state == .open else { throw ReviewError.disputeClosed(id: id, state: dispute.state) }
      let session = try Self.sessionOrThrow(db, dispute.sessionID)
      let lead = try Self.lead(db, named: leadName)
      guard lead.id != session.traineeID else {
        throw ReviewError.ownSession(reviewer: lead.name, session: dispute.sessionID)
      }
      let (answered, review) = try ReviewRules.answer(
        dispute, decision: decision, comment: comment, leadName: lead.name,
        effective: try Self.effective(db, session: session), at: at)
      dispute = answered
      if let (review, base, carried) = review {
        dispute.reviewID = try Self.insertReview(db, review, base: base, carried: carried, commentRequired: false).record.id
      }
      try dispute.answered(by: lead.id, at: at.reviewStored).insert(db)
      return dispute
    }
  }

  public func disputes(sessionID: Int64) throws -> [DisputeRecord] {
    try read("read the disputes of session \(sessionID)") { db in
      _ = try Self.sessionOrThrow(db, sessionID)
      return try DisputeRecord.fetchAll(
        db, sql: DisputeRecord.selectSQL + " WHERE d.session_id = ? ORDER BY d.id", arguments: [sessionID])
    }
  }

  public func openDisputes(sessionID: Int64) throws -> [DisputeRecord] {
    try disputes(sessionID: sessionID).filter { $0.state == .open }
  }

  // MARK: - Re-scoring

  public func scorings(sessionID: Int64) throws -> [ScoringRecord] {
    try read("read the scorings of session \(sessionID)") { db in
      try Self.scorings(db, session: try Self.sessionOrThrow(db, sessionID))
    }
  }

  @discardableResult
  public func recordRescore(sessionID: Int64, result: ScoreResult, by leadName: String, at: Date) throws
    -> ScoringRecord
  {
    let json = try Self.reviewJSON(result)
    return try write("store a new scoring of session \(sessionID)") { db in
      let lead = try Self.lead(db, named: leadName)
      let session = try Self.sessionOrThrow(db, sessionID)
      let stored = try ScoringRecord.filter(ScoringRecord.Columns.sessionID == sessionID).fetchCount(db)
      if stored == 0 {
        // Keep the score as played beside the new one.
        guard var played = try Self.scorings(db, session: session).first else {
          throw ReviewError.notScored(sessionID)
        }
        try played.insert(db)
      }
      var record = ScoringRecord(
        sessionID: sessionID, kind: .rescore, scenarioVersion: result.version, score: result.score,
        rawScore: result.rawScore, passed: result.passed, resultJSON: json, createdAt: at.reviewStored,
        rescoredBy: lead.id)
      try record.insert(db)
      // The session's scores (as played, reviewed, effective) stay as they are.
      return record
    }
  }

  // MARK: - Calibration

  @discardableResult
  public func startCalibration(name: String, sessionIDs: [Int64], reviewerNames: [String], at: Date) throws
    -> CalibrationRound
  {
    let name = name.trimmingCharacters(in: .whitespacesAndNewlines)
    let uniqueSessions = sessionIDs.reduce(into: [Int64]()) { if !$0.contains($1) { $0.append($1) } }
    let uniqueReviewers = reviewerNames.map(Self.normalizedName)
      .reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
    guard !name.isEmpty, !uniqueSessions.isEmpty, uniqueReviewers.count >= 2 else {
      throw ReviewError.emptyRound(name)
    }
    if let problem = NameRules.problem(with: name, kind: "calibration round") { throw StoreError.invalidName(problem.message) }
    return try write("start calibration round \(name)") { db in
      if try CalibrationRoundRecord.filter(CalibrationRoundRecord.Columns.name == name).fetchCount(db) > 0 {
        throw ReviewError.roundExists(name)
      }
      var leads: [TraineeRecord] = []
      for reviewer in uniqueReviewers { leads.append(try Self.lead(db, named: reviewer)) }
      for id in uniqueSessions {
        let session = try Self.sessionOrThrow(db, id)
        _ = try Self.playedAutomatic(db, session: session)
        if let owner = leads.first(where: { $0.id == session.traineeID }) {
          throw ReviewError.ownSession(reviewer: owner.name, session: id)
        }
      }
      var round = CalibrationRoundRecord(name: name, createdAt: at.reviewStored)
      try round.insert(db)
      for (position, id) in uniqueSessions.enumerated() {
        try db.execute(
          sql: "INSERT INTO calibration_sessions (round_id, session_id, position) VALUES (?, ?, ?)",
          arguments: [round.id, id, position])
      }
      for lead in leads {
        try db.execute(
          sql: "INSERT INTO calibration_reviewers (round_id, trainee_id) VALUES (?, ?)",
          arguments: [round.id, lead.id])
      }
      return try Self.roundOrThrow(db, name)
    }
  }

  public func calibration(named name: String) throws -> CalibrationRound {
    try read("read calibration round \(name)") { db in try Self.roundOrThrow(db, name) }
  }

  @discardableResult
  public func closeCalibration(named name: String, at: Date) throws -> CalibrationRound {
    try write("close calibration round \(name)") { db in
      var round = try Self.roundOrThrow(db, name)
      guard round.record.isOpen else { throw ReviewError.roundClosed(name) }
      round.record.state = "closed"
      round.record.closedAt = at.reviewStored
      try round.record.update(db)
      return round
    }
  }

  public func calibrationReviews(named name: String) throws -> [StoredReview] {
    try read("read the scores of calibration round \(name)") { db in
      let round = try Self.roundOrThrow(db, name)
      let records = try ReviewRecord.filter(ReviewRecord.Columns.roundID == round.record.id)
        .order(ReviewRecord.Columns.id).fetchAll(db)
      return try records.map { try Self.stored(db, $0) }
    }
  }

  // MARK: - Helpers

  private static func sessionOrThrow(_ db: Database, _ id: Int64) throws -> SessionRecord {
    guard let session = try SessionRecord.fetchOne(db, key: id) else { throw StoreError.unknownSession(id) }
    return session
  }

  private static func trainee(_ db: Database, named name: String) throws -> TraineeRecord? {
    try TraineeRecord.filter(TraineeRecord.Columns.name == normalizedName(name)).fetchOne(db)
  }

  private static func lead(_ db: Database, named name: String) throws -> TraineeRecord {
    guard let trainee = try trainee(db, named: name) else { throw StoreError.unknownTrainee(name) }
    guard trainee.role == .lead else { throw ReviewError.notALead(trainee.name) }
    return trainee
  }

  /// The automatic scorings: the stored ones, else the score as played from the session row.
  private static func scorings(_ db: Database, session: SessionRecord) throws -> [ScoringRecord] {
    let id = session.id ?? 0
    let stored = try ScoringRecord.filter(ScoringRecord.Columns.sessionID == id)
      .order(ScoringRecord.Columns.id).fetchAll(db)
    if !stored.isEmpty { return stored }
    guard session.status == .finished, let json = session.resultJSON, let score = session.score else { return [] }
    return [
      ScoringRecord(
        sessionID: id, kind: .played, scenarioVersion: session.scenarioVersion, score: score,
        rawScore: session.rawScore ?? score, passed: session.passed ?? false, resultJSON: json,
        createdAt: session.endedAt ?? session.startedAt)
    ]
  }

  /// The score as played: the base of every review, dispute and effective score. A re-scoring
  /// is shown beside it and never replaces it.
  private static func playedAutomatic(_ db: Database, session: SessionRecord) throws -> (ScoreResult, String) {
    guard let played = try scorings(db, session: session).first else {
      throw ReviewError.notScored(session.id ?? 0)
    }
    return (try played.result(), played.scenarioVersion)
  }

  private static func stored(_ db: Database, _ record: ReviewRecord) throws -> StoredReview {
    let name = try String.fetchOne(
      db, sql: "SELECT name FROM trainees WHERE id = ?", arguments: [record.reviewerID]) ?? "?"
    let scores = try ReviewScoreRecord.filter(ReviewScoreRecord.Columns.reviewID == record.id)
      .order(ReviewScoreRecord.Columns.id).fetchAll(db)
    return StoredReview(record: record, reviewerName: name, scores: scores)
  }

  static func effective(_ db: Database, session: SessionRecord) throws -> EffectiveScore {
    let (automatic, version) = try playedAutomatic(db, session: session)
    let reviews = try ReviewRecord.filter(ReviewRecord.Columns.sessionID == session.id)
      .filter(ReviewRecord.Columns.kind != ReviewKind.calibration)
      .order(ReviewRecord.Columns.id).fetchAll(db)
      .map { try stored(db, $0) }
    var disputed: [Int64: Set<String>] = [:]
    if !reviews.isEmpty {
      for row in try Row.fetchAll(
        db,
        sql: """
          SELECT a.review_id, d.criterion_id FROM disputes d JOIN dispute_answers a ON a.dispute_id = d.id
          WHERE d.session_id = ? AND a.review_id IS NOT NULL
          """,
        arguments: [session.id])
      {
        disputed[row["review_id"], default: []].insert(row["criterion_id"])
      }
    }
    let rescore = try ScoringRecord.filter(ScoringRecord.Columns.sessionID == session.id)
      .filter(ScoringRecord.Columns.kind == ScoringKind.rescore)
      .order(ScoringRecord.Columns.id.desc).fetchOne(db)
    return ReviewRules.effective(
      automatic: automatic, version: version, reviews: reviews, disputed: disputed, rescore: rescore)
  }

  private static func roundOrThrow(_ db: Database, _ name: String) throws -> CalibrationRound {
    guard let record = try CalibrationRoundRecord.filter(CalibrationRoundRecord.Columns.name == name).fetchOne(db)
    else { throw ReviewError.unknownRound(name) }
    let sessions = try Int64.fetchAll(
      db, sql: "SELECT session_id FROM calibration_sessions WHERE round_id = ? ORDER BY position",
      arguments: [record.id])
    let reviewers = try String.fetchAll(
      db,
      sql: """
        SELECT t.name FROM calibration_reviewers c JOIN trainees t ON t.id = c.trainee_id
        WHERE c.round_id = ? ORDER BY t.name
        """, arguments: [record.id])
    return CalibrationRound(record: record, sessionIDs: sessions, reviewerNames: reviewers)
  }

  private static func reviewJSON(_ value: some Encodable) throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    do {
      return String(decoding: try encoder.encode(value), as: UTF8.self)
    } catch {
      throw StoreError.databaseFailure(operation: "encode a score result", reason: String(describing: error))
    }
  }

}

extension Date {
  /// The date as the database gives it back (to the millisecond).
  fileprivate var reviewStored: Date { Date.fromDatabaseValue(databaseValue) ?? self }
}
