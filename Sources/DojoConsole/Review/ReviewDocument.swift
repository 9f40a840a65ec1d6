import DojoCore
import DojoStore
import Foundation

/// An optional that encodes as JSON `null` instead of leaving its key out, so the JSON shape is stable.
@propertyWrapper
public struct Nullable<Value: Encodable & Sendable & Hashable>: Encodable, Sendable, Hashable {
  public var wrappedValue: Value?

  public init(wrappedValue: Value?) { self.wrappedValue = wrappedValue }

  public func encode(to encoder: any Encoder) throws {
    var container = encoder.singleValueContainer()
    if let wrappedValue { try container.encode(wrappedValue) } else { try container.encodeNil() }
  }
}

/// Everything a lead reads about one stored session: the transcript turn by turn with the
/// evidence each trainee turn earned, the facts at each node, hand-offs, notes, hints, the
/// scorecard with automatic and effective scores, reviews, disputes and scorings.
///
/// A plain value: built from store records, rendered as text, Markdown, HTML or JSON.
public struct ReviewDocument: Encodable, Sendable, Hashable {
  /// The session's identity and summary.
  public struct Header: Encodable, Sendable, Hashable {
    public var id: Int64
    public var trainee: String
    public var scenarioID: String
    public var scenarioTitle: String
    public var scenarioVersion: String
    /// The version of the scenario in the library, when it was found.
    @Nullable public var libraryVersion: String?
    /// Why the facts and expectations shown may not be the ones the trainee had.
    @Nullable public var scenarioNote: String?
    public var role: String
    public var language: String
    public var channel: String
    public var mode: String
    @Nullable public var phase: String?
    @Nullable public var cohort: String?
    public var startedAt: Date
    @Nullable public var endedAt: Date?
    @Nullable public var handleTimeSeconds: Double?
    public var hintsUsed: Int
    @Nullable public var ending: String?
  }

  /// A criterion's evidence in one trainee turn.
  public struct TurnEvidence: Encodable, Sendable, Hashable {
    public var criterionID: String
    public var name: String
    public var pattern: String
    public var words: [String]
  }

  /// A fact the trainee could look up.
  public struct FactLine: Encodable, Sendable, Hashable {
    public var source: String
    public var text: String
  }

  /// One line of the conversation.
  public struct Line: Encodable, Sendable, Hashable {
    public var seq: Int
    public var speaker: String
    public var nodeID: String
    @Nullable public var turn: Int?
    public var text: String
    @Nullable public var action: String?
    @Nullable public var target: String?
    @Nullable public var latencySeconds: Double?
    /// Facts that became visible at this customer line (the node's facts, on first arrival).
    public var facts: [FactLine]
    /// Criteria this trainee turn earned, with the words that matched.
    public var earned: [TurnEvidence]
    /// Criteria expected at this node that this turn did not show and no turn showed, and that
    /// did not get full points in the end; marked at the last reply at the node.
    public var missed: [String]
    /// Forbidden phrases used in this turn.
    public var violations: [TurnEvidence]
  }

  /// A hand-off with its note.
  public struct Handoff: Encodable, Sendable, Hashable {
    public var turn: Int
    public var kind: String
    public var target: String
    public var note: String
  }

  /// An internal note or a hint, by turn.
  public struct Aside: Encodable, Sendable, Hashable {
    public var turn: Int
    public var text: String
  }

  /// One row of the scorecard.
  public struct CriterionRow: Encodable, Sendable, Hashable {
    public var id: String
    public var name: String
    public var max: Int
    public var weight: Double
    public var critical: Bool
    public var bonus: Bool
    @Nullable public var autoPoints: Int?
    @Nullable public var points: Int?
    /// `auto`, `review` or `dispute-answer`.
    public var source: String
    @Nullable public var comment: String?
    @Nullable public var rootCause: String?
    /// The reviewer who wrote the comment and root cause.
    @Nullable public var commentBy: String?
  }

  /// Automatic and effective totals and the criteria.
  public struct Scorecard: Encodable, Sendable, Hashable {
    public var autoScore: Double
    public var autoPassed: Bool
    public var autoVersion: String
    /// The latest re-scoring, shown beside the score as played; it does not count.
    @Nullable public var rescore: Scoring?
    public var effectiveScore: Double
    public var effectivePassed: Bool
    public var passScore: Double
    public var criticalMisses: [String]
    public var escalationVerdict: String
    public var escalationExplanation: String
    public var handoffMissing: [String]
    public var criteria: [CriterionRow]
  }

  /// A change a review made.
  public struct Change: Encodable, Sendable, Hashable {
    public var criterionID: String
    @Nullable public var from: Int?
    @Nullable public var to: Int?
    public var comment: String
    @Nullable public var rootCause: String?
  }

  /// A review or dispute answer.
  public struct Review: Encodable, Sendable, Hashable {
    public var id: Int64
    public var kind: String
    public var reviewer: String
    public var createdAt: Date
    public var score: Double
    public var passed: Bool
    public var summary: String
    public var changes: [Change]
  }

  /// A dispute and its answer.
  public struct Dispute: Encodable, Sendable, Hashable {
    public var id: Int64
    public var criterionID: String
    public var trainee: String
    public var comment: String
    public var createdAt: Date
    public var state: String
    @Nullable public var answer: String?
    @Nullable public var answeredBy: String?
    @Nullable public var answeredAt: Date?
    @Nullable public var answerScore: Int?
  }

  /// An automatic scoring.
  public struct Scoring: Encodable, Sendable, Hashable {
    public var kind: String
    public var scenarioVersion: String
    public var score: Double
    public var passed: Bool
    public var createdAt: Date
    /// The lead who ran a re-scoring.
    @Nullable public var by: String?
  }

  public var session: Header
  public var lines: [Line]
  public var handoffs: [Handoff]
  public var notes: [Aside]
  public var hints: [Aside]
  public var scorecard: Scorecard
  public var reviews: [Review]
  public var disputes: [Dispute]
  public var scorings: [Scoring]
}

extension ReviewDocument {
  /// Reads a session from the store and builds its document. `scenario` is the library's
  /// scenario of the session (nil when not found), `scenarioNote` says how it relates to the
  /// version the session was played on.
  public static func load(
    store: any Store, sessionID: Int64, scenario: Scenario?, scenarioNote: String?
  ) throws -> ReviewDocument {
    let session = try store.session(id: sessionID)
    let names = Dictionary(uniqueKeysWithValues: try store.trainees().map { ($0.id ?? 0, $0.name) })
    let effective = try store.effectiveScore(sessionID: sessionID)
    let automatic = effective.automatic
    let header = Header(
      id: sessionID, trainee: names[session.traineeID] ?? "?", scenarioID: session.scenarioID,
      scenarioTitle: session.scenarioTitle, scenarioVersion: session.scenarioVersion,
      libraryVersion: scenario?.version, scenarioNote: scenarioNote, role: session.role,
      language: session.language, channel: session.channel, mode: session.mode.rawValue,
      phase: session.phase?.rawValue, cohort: session.cohort, startedAt: session.startedAt,
      endedAt: session.endedAt, handleTimeSeconds: session.handleTimeSeconds, hintsUsed: session.hintsUsed,
      ending: session.ending)

    let criterionNames = Dictionary(automatic.criteria.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
    var earnedByTurn: [Int: [TurnEvidence]] = [:]
    var violationsByTurn: [Int: [TurnEvidence]] = [:]
    for criterion in automatic.criteria where criterion.id != "escalation" {
      for evidence in criterion.evidence {
        earnedByTurn[evidence.turn, default: []].append(
          TurnEvidence(criterionID: criterion.id, name: criterion.name, pattern: evidence.pattern, words: evidence.words))
      }
      for evidence in criterion.violations {
        violationsByTurn[evidence.turn, default: []].append(
          TurnEvidence(criterionID: criterion.id, name: criterion.name, pattern: evidence.pattern, words: evidence.words))
      }
    }
    // A criterion met in some turn, or at full points in the end, was not missed anywhere.
    let settled = Set(earnedByTurn.values.flatMap { $0.map(\.criterionID) })
      .union(effective.criteria.filter { $0.points == $0.max }.map(\.id))
    var seenNodes: Set<String> = []
    var shownFacts: Set<Fact> = []
    var lines: [Line] = []
    for turn in try store.turns(sessionID: sessionID) {
      var facts: [FactLine] = []
      var missed: [String] = []
      let earned = turn.turn.flatMap { earnedByTurn[$0] } ?? []
      if turn.speaker == .customer, let scenario {
        var visible: [Fact] = []
        if seenNodes.insert(turn.nodeID).inserted, let node = scenario.node(turn.nodeID) { visible = node.facts }
        // What the agent's systems show from the start, or once a node was reached.
        for system in scenario.facts where system.after.isEmpty || system.after.contains(where: seenNodes.contains) {
          visible.append(system.fact)
        }
        let new = visible.filter { shownFacts.insert($0).inserted }
        facts = new.map { FactLine(source: $0.source, text: $0.text) }
      }
      if turn.speaker == .trainee, (turn.action ?? .reply) == .reply, let node = scenario?.node(turn.nodeID) {
        let shown = Set(earned.map(\.criterionID))
        // A criterion that only forbids phrases is shown by not saying them: never "missed" here.
        let positive = { (id: String) -> Bool in
          guard let spec = scenario?.rubric.criterion(id)?.evidence[scenario?.language ?? .en] else { return true }
          return !spec.any.isEmpty || !spec.all.isEmpty
        }
        missed = node.expects.filter {
          !shown.contains($0) && criterionNames[$0] != nil && positive($0) && !settled.contains($0)
        }
      }
      lines.append(
        Line(
          seq: turn.seq, speaker: turn.speaker.rawValue, nodeID: turn.nodeID, turn: turn.turn, text: turn.text,
          action: turn.action?.rawValue, target: turn.target, latencySeconds: turn.latencySeconds, facts: facts,
          earned: earned, missed: missed, violations: turn.turn.flatMap { violationsByTurn[$0] } ?? []))
    }

    // Several replies at one node: the miss is marked once, at the last of them (the last chance).
    var marked: Set<String> = []
    for index in lines.indices.reversed() where !lines[index].missed.isEmpty {
      lines[index].missed = lines[index].missed.filter { marked.insert(lines[index].nodeID + "\u{0}" + $0).inserted }
    }

    let reviews = try store.reviews(sessionID: sessionID)
    let disputeRecords = try store.disputes(sessionID: sessionID)
    // A dispute answer's own change is the disputed criterion; its other rows repeat the review before.
    var answered: [Int64: Set<String>] = [:]
    for dispute in disputeRecords {
      if let id = dispute.reviewID { answered[id, default: []].insert(dispute.criterionID) }
    }
    let latestRows = Dictionary(
      (effective.review?.scores ?? []).map { ($0.criterionID, $0) }, uniquingKeysWith: { a, _ in a })
    let reviewers = Dictionary(uniqueKeysWithValues: reviews.map { ($0.record.id ?? 0, $0.reviewerName) })
    let rows = zip(automatic.criteria, effective.criteria).map { criterion, current in
      let row = latestRows[criterion.id]
      let noted = row.map { !$0.comment.isEmpty || $0.rootCause != nil } ?? false
      // A comment kept from an earlier review is shown under its author's name.
      let author = row.flatMap { row in row.commentReviewID.map { reviewers[$0] ?? "?" } ?? effective.review?.reviewerName }
      return CriterionRow(
        id: criterion.id, name: criterion.name, max: criterion.max, weight: criterion.weight,
        critical: criterion.critical, bonus: criterion.bonus, autoPoints: current.autoPoints, points: current.points,
        source: current.source, comment: row.flatMap { $0.comment.isEmpty ? nil : $0.comment },
        rootCause: row?.rootCause?.rawValue, commentBy: noted ? author : nil)
    }
    // The ratings as each review found them, oldest first: a change reads from the rating before
    // it (rows stored before `previous_score` was recorded say nothing about it themselves).
    var current = Dictionary(
      automatic.criteria.map { ($0.id, $0.applicable ? $0.score ?? 0 : nil) }, uniquingKeysWith: { a, _ in a })
    var history: [Review] = []
    for review in reviews {
      let only = answered[review.record.id ?? 0]
      var changes: [Change] = []
      for row in review.scores {
        let before = current[row.criterionID] ?? row.autoScore
        current[row.criterionID] = row.score
        // Only what this review changed or wrote itself: a rating and comment it kept from an
        // earlier review stay under that review. A dispute answer shows the disputed criterion.
        guard only.map({ $0.contains(row.criterionID) }) ?? row.isOwn else { continue }
        changes.append(
          Change(
            criterionID: row.criterionID, from: row.ownChange == nil ? before : row.previousScore, to: row.score,
            comment: row.commentReviewID == nil ? row.comment : "",
            rootCause: row.commentReviewID == nil ? row.rootCause?.rawValue : nil))
      }
      history.append(
        Review(
          id: review.record.id ?? 0, kind: review.record.kind.rawValue, reviewer: review.reviewerName,
          createdAt: review.record.createdAt, score: review.record.score, passed: review.record.passed,
          summary: review.record.summary, changes: changes))
    }
    let scoringOf = { (record: ScoringRecord) in
      Scoring(
        kind: record.kind.rawValue, scenarioVersion: record.scenarioVersion, score: record.score, passed: record.passed,
        createdAt: record.createdAt, by: record.rescoredBy.flatMap { names[$0] })
    }
    let scorecard = Scorecard(
      autoScore: automatic.score, autoPassed: automatic.passed, autoVersion: effective.automaticVersion,
      rescore: effective.rescore.map(scoringOf),
      effectiveScore: effective.score, effectivePassed: effective.passed, passScore: automatic.passScore,
      criticalMisses: effective.criticalMisses, escalationVerdict: automatic.escalation.verdict.rawValue,
      escalationExplanation: automatic.escalation.explanation, handoffMissing: automatic.escalation.handoffMissing,
      criteria: rows)

    return ReviewDocument(
      session: header, lines: lines,
      handoffs: try store.escalations(sessionID: sessionID).map {
        Handoff(turn: $0.turn, kind: $0.kind.rawValue, target: $0.target, note: $0.note)
      },
      notes: try store.notes(sessionID: sessionID).map { Aside(turn: $0.turn, text: $0.text) },
      hints: try store.hints(sessionID: sessionID).map { Aside(turn: $0.turn, text: $0.text) },
      scorecard: scorecard,
      reviews: history,
      disputes: disputeRecords.map {
        Dispute(
          id: $0.id ?? 0, criterionID: $0.criterionID, trainee: names[$0.traineeID] ?? "?", comment: $0.comment,
          createdAt: $0.createdAt, state: $0.state.rawValue, answer: $0.answer,
          answeredBy: $0.answeredBy.flatMap { names[$0] }, answeredAt: $0.answeredAt, answerScore: $0.answerScore)
      },
      scorings: try store.scorings(sessionID: sessionID).map(scoringOf))
  }
}
