import DojoCore
import Foundation

extension PostgresStore {
  // MARK: - Queue and effective scores

  public func reviewQueue(_ filter: ReviewQueueFilter) throws -> [ReviewQueueItem] {
    try read("list the review queue") { db in
      var conditions = ["s.status = 'finished'", "s.result_json IS NOT NULL"]
      var parameters: [(any PostgresEncodable)?] = []
      func add(_ condition: String, _ value: any PostgresEncodable) {
        parameters.append(value)
        conditions.append(condition.replacingOccurrences(of: "?", with: "$\(parameters.count)"))
      }
      if let cohort = filter.cohort { add("s.cohort = ?", cohort) }
      if let name = filter.traineeName { add("t.name = ?", SQLiteStore.normalizedName(name)) }
      if let role = filter.role { add("s.role = ?", role) }
      if let scenario = filter.scenarioID { add("s.scenario_id = ?", scenario) }
      if let since = filter.since { add("s.started_at >= ?", since) }
      let rows = try db.execute(
        """
        SELECT s.id, t.name,
          (SELECT COUNT(*) FROM reviews r WHERE r.session_id = s.id AND r.kind <> 'calibration'),
          (SELECT COUNT(*) FROM disputes d WHERE d.session_id = s.id
            AND NOT EXISTS (SELECT 1 FROM dispute_answers a WHERE a.dispute_id = d.id))
        FROM sessions s JOIN trainees t ON t.id = s.trainee_id
        WHERE \(conditions.joined(separator: " AND "))
        ORDER BY s.started_at DESC, s.id DESC
        """, parameters)
      var items: [ReviewQueueItem] = []
      for row in rows.all {
        let id: Int64 = try row.get(0)
        guard let session = try Self.sessionFetch(db, id) else { continue }
        let reviewCount: Int = try row.get(2)
        let openDisputes: Int = try row.get(3)
        let state: ReviewState = openDisputes > 0 ? .disputed : reviewCount > 0 ? .reviewed : .unreviewed
        if filter.unreviewed && reviewCount > 0 { continue }
        if filter.disputed && openDisputes == 0 { continue }
        let effective = try Self.effective(db, session: session)
        if filter.failed && effective.passed { continue }
        if filter.critical && effective.criticalMisses.isEmpty { continue }
        items.append(
          ReviewQueueItem(
            session: session, traineeName: try row.get(1), effective: effective, state: state,
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
      return try Self.reviewsOf(db, sessionID)
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
    _ db: PostgresConnection, _ review: NewReview, base: [String: Int?] = [:],
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
      let done = try db.value(
        Int.self, "SELECT COUNT(*) FROM reviews WHERE round_id = $1 AND session_id = $2 AND reviewer_id = $3",
        [round.record.id, review.sessionID, reviewer.id]) ?? 0
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
      rawScore: total.rawScore, passed: total.passed, createdAt: review.at.postgresStored)
    record.id = try db.insert(record, into: "reviews")
    for index in rows.indices {
      rows[index].reviewID = record.id ?? 0
      rows[index].id = try db.insert(rows[index], into: "review_scores")
    }
    if review.kind != .calibration {
      try db.execute(
        "UPDATE sessions SET reviewed_score = $1, reviewed_passed = $2 WHERE id = $3",
        [total.score, total.passed, review.sessionID])
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
      guard let trainee = try Self.traineeFetch(db, name: traineeName) else {
        throw StoreError.unknownTrainee(traineeName)
      }
      guard trainee.id == session.traineeID else {
        let owner = try db.value(String.self, "SELECT name FROM trainees WHERE id = $1", [session.traineeID]) ?? "?"
        throw ReviewError.notYourSession(trainee: trainee.name, session: sessionID, owner: owner)
      }
      let (automatic, _) = try Self.playedAutomatic(db, session: session)
      guard automatic.criteria.contains(where: { $0.id == criterionID }) else {
        throw ReviewError.unknownCriterion(
          session: sessionID, criterion: criterionID, known: automatic.criteria.map(\.id))
      }
      if let open = try db.value(
        Int64.self,
        """
        SELECT d.id FROM disputes d WHERE d.session_id = $1 AND d.criterion_id = $2
          AND NOT EXISTS (SELECT 1 FROM dispute_answers a WHERE a.dispute_id = d.id)
        ORDER BY d.id LIMIT 1
        """,
        [sessionID, criterionID])
      {
        throw ReviewError.alreadyDisputed(session: sessionID, criterion: criterionID, dispute: open)
      }
      var dispute = DisputeRecord(
        sessionID: sessionID, criterionID: criterionID, traineeID: trainee.id ?? 0,
        comment: comment.trimmingCharacters(in: .whitespacesAndNewlines), createdAt: at.postgresStored)
      dispute.id = try db.insert(dispute.opened, into: "disputes")
      return dispute
    }
  }

  @discardableResult
  public func answerDispute(id: Int64, decision: DisputeDecision, comment: String, leadName: String, at: Date)
    throws -> DisputeRecord
  {
    try write("answer dispute \(id)") { db in
      guard var dispute = try db.fetchOne(DisputeRecord.self, DisputeRecord.selectSQL + " WHERE d.id = $1", [id]) else {
        throw ReviewError.unknownDispute(id)
      }
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
      let answer = dispute.answered(by: lead.id, at: at.postgresStored)
      // Two leads answering at once: the unique key lets one answer in; the other's whole
      // transaction (its review included) is rolled back and it learns who was first.
      let inserted = try db.execute(
        """
        INSERT INTO dispute_answers (dispute_id, state, answer, answered_by, answered_at, answer_score, review_id)
        VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (dispute_id) DO NOTHING RETURNING id
        """,
        [id, answer.state, answer.answer, answer.answeredBy, answer.answeredAt, answer.answerScore, answer.reviewID])
      if inserted.first == nil {
        let state = try db.value(String.self, "SELECT state FROM dispute_answers WHERE dispute_id = $1", [id])
        throw ReviewError.disputeClosed(id: id, state: state.flatMap(DisputeState.init(rawValue:)) ?? .accepted)
      }
      return dispute
    }
  }

  public func disputes(sessionID: Int64) throws -> [DisputeRecord] {
    try read("read the disputes of session \(sessionID)") { db in
      _ = try Self.sessionOrThrow(db, sessionID)
      return try db.fetch(DisputeRecord.self, DisputeRecord.selectSQL + " WHERE d.session_id = $1 ORDER BY d.id", [sessionID])
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
    let json = try Self.json(result)
    return try write("store a new scoring of session \(sessionID)") { db in
      let lead = try Self.lead(db, named: leadName)
      let session = try Self.sessionOrThrow(db, sessionID)
      let stored = try db.value(Int.self, "SELECT COUNT(*) FROM scorings WHERE session_id = $1", [sessionID]) ?? 0
      if stored == 0 {
        // Keep the score as played beside the new one.
        guard let played = try Self.scorings(db, session: session).first else {
          throw ReviewError.notScored(sessionID)
        }
        _ = try db.insert(played, into: "scorings")
      }
      var record = ScoringRecord(
        sessionID: sessionID, kind: .rescore, scenarioVersion: result.version, score: result.score,
        rawScore: result.rawScore, passed: result.passed, resultJSON: json, createdAt: at.postgresStored,
        rescoredBy: lead.id)
      record.id = try db.insert(record, into: "scorings")
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
    let uniqueReviewers = reviewerNames.map(SQLiteStore.normalizedName)
      .reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
    guard !name.isEmpty, !uniqueSessions.isEmpty, uniqueReviewers.count >= 2 else {
      throw ReviewError.emptyRound(name)
    }
    if let problem = NameRules.problem(with: name, kind: "calibration round") {
      throw StoreError.invalidName(problem.message)
    }
    return try write("start calibration round \(name)") { db in
      if try db.value(Int64.self, "SELECT id FROM calibration_rounds WHERE name = $1", [name]) != nil {
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
      let round = CalibrationRoundRecord(name: name, createdAt: at.postgresStored)
      let roundID = try db.insert(round, into: "calibration_rounds")
      for (position, id) in uniqueSessions.enumerated() {
        try db.execute(
          "INSERT INTO calibration_sessions (round_id, session_id, position) VALUES ($1, $2, $3)",
          [roundID, id, position])
      }
      for lead in leads {
        try db.execute("INSERT INTO calibration_reviewers (round_id, trainee_id) VALUES ($1, $2)", [roundID, lead.id])
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
      round.record.closedAt = at.postgresStored
      try db.execute(
        "UPDATE calibration_rounds SET state = 'closed', closed_at = $2 WHERE id = $1",
        [round.record.id, round.record.closedAt])
      return round
    }
  }

  public func calibrationReviews(named name: String) throws -> [StoredReview] {
    try read("read the scores of calibration round \(name)") { db in
      let round = try Self.roundOrThrow(db, name)
      let records = try db.fetch(
        ReviewRecord.self, "SELECT * FROM reviews WHERE round_id = $1 ORDER BY id", [round.record.id])
      return try records.map { try Self.stored(db, $0) }
    }
  }

  // MARK: - Helpers

  static func sessionOrThrow(_ db: PostgresConnection, _ id: Int64) throws -> SessionRecord {
    guard let session = try sessionFetch(db, id) else { throw StoreError.unknownSession(id) }
    return session
  }

  static func lead(_ db: PostgresConnection, named name: String) throws -> TraineeRecord {
    guard let trainee = try traineeFetch(db, name: name) else { throw StoreError.unknownTrainee(name) }
    guard trainee.role == .lead else { throw ReviewError.notALead(trainee.name) }
    return trainee
  }

  /// The automatic scorings: the stored ones, else the score as played from the session row.
  private static func scorings(_ db: PostgresConnection, session: SessionRecord) throws -> [ScoringRecord] {
    let id = session.id ?? 0
    let stored = try db.fetch(ScoringRecord.self, "SELECT * FROM scorings WHERE session_id = $1 ORDER BY id", [id])
    if !stored.isEmpty { return stored }
    guard session.status == .finished, let json = session.resultJSON, let score = session.score else { return [] }
    return [
      ScoringRecord(
        sessionID: id, kind: .played, scenarioVersion: session.scenarioVersion, score: score,
        rawScore: session.rawScore ?? score, passed: session.passed ?? false, resultJSON: json,
        createdAt: session.endedAt ?? session.startedAt)
    ]
  }

  /// The score as played: the base of every review, dispute and effective score.
  private static func playedAutomatic(_ db: PostgresConnection, session: SessionRecord) throws
    -> (ScoreResult, String)
  {
    guard let played = try scorings(db, session: session).first else {
      throw ReviewError.notScored(session.id ?? 0)
    }
    return (try played.result(), played.scenarioVersion)
  }

  private static func stored(_ db: PostgresConnection, _ record: ReviewRecord) throws -> StoredReview {
    let name = try db.value(String.self, "SELECT name FROM trainees WHERE id = $1", [record.reviewerID]) ?? "?"
    let scores = try db.fetch(
      ReviewScoreRecord.self, "SELECT * FROM review_scores WHERE review_id = $1 ORDER BY id", [record.id])
    return StoredReview(record: record, reviewerName: name, scores: scores)
  }

  /// The session's reviews and dispute answers, oldest first.
  private static func reviewsOf(_ db: PostgresConnection, _ sessionID: Int64) throws -> [StoredReview] {
    let records = try db.fetch(
      ReviewRecord.self, "SELECT * FROM reviews WHERE session_id = $1 AND kind <> 'calibration' ORDER BY id",
      [sessionID])
    return try records.map { try stored(db, $0) }
  }

  static func effective(_ db: PostgresConnection, session: SessionRecord) throws -> EffectiveScore {
    let (automatic, version) = try playedAutomatic(db, session: session)
    let reviews = try reviewsOf(db, session.id ?? 0)
    var disputed: [Int64: Set<String>] = [:]
    if !reviews.isEmpty {
      let rows = try db.execute(
        """
        SELECT a.review_id, d.criterion_id FROM disputes d JOIN dispute_answers a ON a.dispute_id = d.id
        WHERE d.session_id = $1 AND a.review_id IS NOT NULL
        """,
        [session.id])
      for row in rows.all {
        disputed[try row.get(0, as: Int64.self), default: []].insert(try row.get(1, as: String.self))
      }
    }
    let rescore = try db.fetchOne(
      ScoringRecord.self,
      "SELECT * FROM scorings WHERE session_id = $1 AND kind = 'rescore' ORDER BY id DESC LIMIT 1", [session.id])
    return ReviewRules.effective(
      automatic: automatic, version: version, reviews: reviews, disputed: disputed, rescore: rescore)
  }

  private static func roundOrThrow(_ db: PostgresConnection, _ name: String) throws -> CalibrationRound {
    guard
      let record = try db.fetchOne(
        CalibrationRoundRecord.self, "SELECT * FROM calibration_rounds WHERE name = $1", [name])
    else { throw ReviewError.unknownRound(name) }
    let sessions = try db.values(
      Int64.self, "SELECT session_id FROM calibration_sessions WHERE round_id = $1 ORDER BY position", [record.id])
    let reviewers = try db.values(
      String.self,
      """
      SELECT t.name FROM calibration_reviewers c JOIN trainees t ON t.id = c.trainee_id
      WHERE c.round_id = $1 ORDER BY t.name COLLATE "C"
      """, [record.id])
    return CalibrationRound(record: record, sessionIDs: sessions, reviewerNames: reviewers)
  }
}

extension PostgresStore {
  @discardableResult
  public func makeFirstLead(_ name: String, at date: Date) throws -> RoleChange {
    let name = SQLiteStore.normalizedName(name)
    guard !name.isEmpty else { throw StoreError.emptyTraineeName }
    return try write("make \"\(name)\" the first lead") { db in
      let leads = try Self.leadNames(db)
      guard leads.isEmpty else { throw ReviewError.leadExists(leads) }
      var trainee = try Self.roleTarget(db, name: name, at: date)
      let from = trainee.role
      trainee.role = .lead
      try db.execute("UPDATE trainees SET role = 'lead' WHERE id = $1", [trainee.id])
      var record = RoleChangeRecord(
        traineeID: trainee.id ?? 0, fromRole: from, toRole: .lead, changedBy: nil, kind: .firstLead,
        createdAt: date.postgresStored)
      record.id = try db.insert(record, into: "role_changes")
      return RoleChange(record: record, traineeName: trainee.name, changedByName: nil)
    }
  }

  @discardableResult
  public func changeRole(_ role: TraineeRole, for name: String, by leadName: String, at date: Date) throws
    -> RoleChange
  {
    let name = SQLiteStore.normalizedName(name)
    guard !name.isEmpty else { throw StoreError.emptyTraineeName }
    return try write("change the role of \"\(name)\"") { db in
      guard let lead = try Self.traineeFetch(db, name: leadName) else {
        throw try Self.leadNames(db).isEmpty ? ReviewError.noLeadYet : StoreError.unknownTrainee(leadName)
      }
      guard lead.role == .lead else {
        throw try Self.leadNames(db).isEmpty ? ReviewError.noLeadYet : ReviewError.notALead(lead.name)
      }
      var trainee = try Self.roleTarget(db, name: name, at: date)
      let from = trainee.role
      guard from != role else { throw ReviewError.alreadyHasRole(name: trainee.name, role: role.rawValue) }
      if from == .lead, try Self.leadNames(db) == [trainee.name] {
        throw ReviewError.lastLead(trainee.name)
      }
      trainee.role = role
      try db.execute("UPDATE trainees SET role = $2 WHERE id = $1", [trainee.id, role])
      var record = RoleChangeRecord(
        traineeID: trainee.id ?? 0, fromRole: from, toRole: role, changedBy: lead.id, kind: .change,
        createdAt: date.postgresStored)
      record.id = try db.insert(record, into: "role_changes")
      return RoleChange(record: record, traineeName: trainee.name, changedByName: lead.name)
    }
  }

  public func roleChanges() throws -> [RoleChange] {
    try read("read the role history") { db in
      let trainees = try db.fetch(TraineeRecord.self, "SELECT id, name, role, created_at FROM trainees")
      let names = Dictionary(uniqueKeysWithValues: trainees.map { ($0.id ?? 0, $0.name) })
      return try db.fetch(RoleChangeRecord.self, "SELECT * FROM role_changes ORDER BY id").map {
        RoleChange(record: $0, traineeName: names[$0.traineeID] ?? "?", changedByName: $0.changedBy.flatMap { names[$0] })
      }
    }
  }

  private static func leadNames(_ db: PostgresConnection) throws -> [String] {
    try db.values(String.self, "SELECT name FROM trainees WHERE role = 'lead' ORDER BY name COLLATE \"C\"")
  }

  /// The trainee whose role changes, created (as a trainee) if new.
  private static func roleTarget(_ db: PostgresConnection, name: String, at date: Date) throws -> TraineeRecord {
    if let existing = try traineeFetch(db, name: name) { return existing }
    var trainee = TraineeRecord(name: name, role: .trainee, createdAt: date.postgresStored)
    trainee.id = try db.insert(trainee, into: "trainees")
    return trainee
  }
}
