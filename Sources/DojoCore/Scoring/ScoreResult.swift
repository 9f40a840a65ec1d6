/// How an escalation decision compares with what the scenario expected.
public enum EscalationVerdict: String, Sendable, Codable, CaseIterable {
  /// Handed over to the right target, on time, with a complete note.
  case correct
  /// Handed over before the window opened (before the trainee did their own checks).
  case premature
  /// Handed over after the window closed.
  case late
  /// An escalation was expected and none happened.
  case missed
  /// The trainee should have resolved the case but handed it over.
  case unnecessary
  /// Handed over to the wrong tier or team.
  case wrongTarget = "wrong-target"
  /// Right target and time, but the note lacks facts the next tier needs.
  case incompleteHandoff = "incomplete-handoff"
  /// No escalation was expected and none happened.
  case notExpected = "not-expected"

  /// Points on the 0–2 scale of the escalation criterion.
  var points: Int {
    switch self {
    case .correct, .notExpected: 2
    case .late, .incompleteHandoff: 1
    case .premature, .missed, .unnecessary, .wrongTarget: 0
    }
  }
}

/// The escalation part of a result.
public struct EscalationResult: Sendable, Hashable, Codable {
  /// `resolve`, `escalate:l2-specialist`, `transfer:sales`.
  public var expected: String
  /// `none`, `escalate:tech-support`, …
  public var actual: String
  public var verdict: EscalationVerdict
  /// The trainee turn of the hand-off.
  public var turn: Int?
  public var note: String?
  /// Hand-off facts the note carried and the ones it lacked.
  public var handoffPresent: [String]
  public var handoffMissing: [String]
  /// One sentence that explains the verdict.
  public var explanation: String

  private enum CodingKeys: String, CodingKey {
    case expected, actual, verdict, turn, note, handoffPresent, handoffMissing, explanation
  }

  /// Encodes every key, with null for absent values, so the JSON shape is stable.
  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(expected, forKey: .expected)
    try c.encode(actual, forKey: .actual)
    try c.encode(verdict, forKey: .verdict)
    try c.encode(turn, forKey: .turn)
    try c.encode(note, forKey: .note)
    try c.encode(handoffPresent, forKey: .handoffPresent)
    try c.encode(handoffMissing, forKey: .handoffMissing)
    try c.encode(explanation, forKey: .explanation)
  }
}

/// One criterion's result with the evidence for it.
public struct CriterionResult: Sendable, Hashable, Codable, Identifiable {
  public var id: String
  public var name: String
  /// Points on the criterion's scale; nil when N/A.
  public var score: Int?
  public var max: Int
  public var weight: Double
  public var met: Bool
  public var applicable: Bool
  public var critical: Bool
  public var bonus: Bool
  public var evidence: [Evidence]
  /// Forbidden phrases the trainee used.
  public var violations: [Evidence]
  /// Phrases that made the point only halfway (the criterion's `weak` list): it is capped below
  /// full marks.
  public var weakened: [Evidence]
  public var tip: String
  /// The model answer of the node where this conversation expected the criterion, for feedback.
  public var modelAnswer: String?
  /// Why a point was not (fully) earned: not shown, the customer moved on, partly shown, …
  public var reason: String?

  public init(
    id: String, name: String, score: Int?, max: Int, weight: Double, met: Bool, applicable: Bool, critical: Bool,
    bonus: Bool, evidence: [Evidence], violations: [Evidence], weakened: [Evidence] = [], tip: String, modelAnswer: String?,
    reason: String? = nil
  ) {
    self.id = id
    self.name = name
    self.score = score
    self.max = max
    self.weight = weight
    self.met = met
    self.applicable = applicable
    self.critical = critical
    self.bonus = bonus
    self.evidence = evidence
    self.violations = violations
    self.weakened = weakened
    self.tip = tip
    self.modelAnswer = modelAnswer
    self.reason = reason
  }

  private enum CodingKeys: String, CodingKey {
    case id, name, score, max, weight, met, applicable, critical, bonus, evidence, violations, weakened, tip, modelAnswer,
      reason
  }

  /// Reads results stored before `weakened` existed as well.
  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    id = try c.decode(String.self, forKey: .id)
    name = try c.decode(String.self, forKey: .name)
    score = try c.decodeIfPresent(Int.self, forKey: .score)
    max = try c.decode(Int.self, forKey: .max)
    weight = try c.decode(Double.self, forKey: .weight)
    met = try c.decode(Bool.self, forKey: .met)
    applicable = try c.decode(Bool.self, forKey: .applicable)
    critical = try c.decode(Bool.self, forKey: .critical)
    bonus = try c.decode(Bool.self, forKey: .bonus)
    evidence = try c.decode([Evidence].self, forKey: .evidence)
    violations = try c.decode([Evidence].self, forKey: .violations)
    weakened = try c.decodeIfPresent([Evidence].self, forKey: .weakened) ?? []
    tip = try c.decode(String.self, forKey: .tip)
    modelAnswer = try c.decodeIfPresent(String.self, forKey: .modelAnswer)
    reason = try c.decodeIfPresent(String.self, forKey: .reason)
  }

  /// Encodes every key, with null for absent values, so the JSON shape is stable.
  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(id, forKey: .id)
    try c.encode(name, forKey: .name)
    try c.encode(score, forKey: .score)
    try c.encode(max, forKey: .max)
    try c.encode(weight, forKey: .weight)
    try c.encode(met, forKey: .met)
    try c.encode(applicable, forKey: .applicable)
    try c.encode(critical, forKey: .critical)
    try c.encode(bonus, forKey: .bonus)
    try c.encode(evidence, forKey: .evidence)
    try c.encode(violations, forKey: .violations)
    try c.encode(weakened, forKey: .weakened)
    try c.encode(tip, forKey: .tip)
    try c.encode(modelAnswer, forKey: .modelAnswer)
    try c.encode(reason, forKey: .reason)
  }
}

/// The score of one attempt.
public struct ScoreResult: Sendable, Hashable, Codable {
  public var scenario: String
  public var version: String
  /// 0–100, one decimal; 0 when a critical criterion was missed.
  public var score: Double
  /// The weighted score before a critical miss sets it to 0.
  public var rawScore: Double
  public var passScore: Double
  public var passed: Bool
  public var criticalMisses: [String]
  public var criteria: [CriterionResult]
  public var escalation: EscalationResult
  public var ending: Ending?
  public var endingMood: Mood
  /// Customer satisfaction proxy, 1–5, from the mood at the end (1 if the customer gave up).
  public var csatProxy: Int
  /// First-contact resolution proxy: handled right in this contact, with no needless hand-off or give-up.
  public var fcrProxy: Bool
  /// Trainee turns taken.
  public var turns: Int
  /// When the trainee ended the conversation unresolved: the names of the criteria that
  /// `/end` would have needed to close it as resolved.
  public var resolveMissing: [String] = []
}
