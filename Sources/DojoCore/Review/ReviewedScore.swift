/// A reviewer's rating of one criterion: points on its scale, or N/A (`points == nil`).
public struct CriterionRating: Sendable, Hashable, Codable {
  public var criterionID: String
  public var points: Int?

  public init(criterionID: String, points: Int?) {
    self.criterionID = criterionID
    self.points = points
  }
}

/// The total a result has once a reviewer's ratings replace the automatic ones.
public struct ReviewedTotal: Sendable, Hashable, Codable {
  /// 0–100, one decimal; 0 when a critical criterion is missed.
  public var score: Double
  /// The weighted score before a critical miss sets it to 0.
  public var rawScore: Double
  public var passed: Bool
  public var criticalMisses: [String]
}

/// Recomputes a score from per-criterion ratings with the scorer's own rule: weighted shares of
/// the applicable criteria, bonus criteria on top (capped at 100), 0 on a critical miss.
public enum ReviewedScore {
  /// Where the criterion's rating is not given, the automatic one counts.
  public static func total(_ result: ScoreResult, ratings: [CriterionRating]) -> ReviewedTotal {
    let byID = Dictionary(ratings.map { ($0.criterionID, $0.points) }, uniquingKeysWith: { _, last in last })
    var earned = 0.0, possible = 0.0, bonus = 0.0
    var criticalMisses: [String] = []
    for criterion in result.criteria {
      let points: Int? = byID[criterion.id] ?? (criterion.applicable ? criterion.score ?? 0 : nil)
      guard let points else { continue }
      // Stored values are clamped: a rating or weight from an odd store never traps or yields NaN.
      let share = criterion.max > 0 ? min(1, max(0, Double(points) / Double(criterion.max))) : 0
      let weight = ScenarioLimits.clampedWeight(criterion.weight)
      if criterion.bonus {
        bonus += weight * share
      } else {
        earned += weight * share
        possible += weight
      }
      if criterion.critical && points < criterion.max { criticalMisses.append(criterion.id) }
    }
    let raw = possible > 0 ? min(100, ((earned + bonus) / possible * 1000).rounded() / 10) : 0
    let score = criticalMisses.isEmpty ? raw : 0
    return ReviewedTotal(
      score: score, rawScore: raw, passed: criticalMisses.isEmpty && score >= result.passScore,
      criticalMisses: criticalMisses)
  }

  /// Whether a rating counts as negative (below half the scale), which asks for a root cause.
  public static func isNegative(points: Int?, max: Int) -> Bool {
    guard let points else { return false }
    return Double(points) * 2 < Double(max)
  }
}

/// Why a trainee fell short on a criterion, as a reviewer files it.
public enum RootCause: String, Sendable, Hashable, Codable, CaseIterable {
  /// Did not know the product, policy or fact.
  case knowledge
  /// Knew it but skipped a step of the process.
  case process
  /// Tone, clarity, empathy or expectation-setting.
  case communication
  /// Used a tool (CRM, order history, logs) wrongly or not at all.
  case tool
  /// Broke or misread a policy.
  case policy
  /// Anything else (say what in the comment).
  case other
}
