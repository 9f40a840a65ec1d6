import Testing

@testable import DojoCore

@Suite("Reviewed score")
struct ReviewedScoreTests {
  static func criterion(_ id: String, score: Int?, max: Int, weight: Double, critical: Bool = false, bonus: Bool = false) -> CriterionResult {
    CriterionResult(
      id: id, name: id, score: score, max: max, weight: weight, met: score == max, applicable: score != nil,
      critical: critical, bonus: bonus, evidence: [], violations: [], tip: "", modelAnswer: nil)
  }

  static let result = ScoreResult(
    scenario: "s", version: "v", score: 75, rawScore: 75, passScore: 70, passed: true, criticalMisses: [],
    criteria: [
      criterion("greet", score: 1, max: 1, weight: 1),
      criterion("verify", score: 1, max: 2, weight: 2, critical: false),
      criterion("safety", score: 2, max: 2, weight: 1, critical: true),
      criterion("extra", score: 0, max: 1, weight: 1, bonus: true),
    ],
    escalation: EscalationResult(
      expected: "resolve", actual: "none", verdict: .notExpected, turn: nil, note: nil, handoffPresent: [],
      handoffMissing: [], explanation: ""),
    ending: .resolved, endingMood: .neutral, csatProxy: 3, fcrProxy: true, turns: 3)

  @Test("no ratings: the scorer's own total (1 + 2·½ + 1 of 4 = 75)")
  func unchanged() {
    #expect(ReviewedScore.total(Self.result, ratings: []) == ReviewedTotal(score: 75, rawScore: 75, passed: true, criticalMisses: []))
  }

  @Test("ratings replace the automatic points; N/A leaves the criterion out; bonus adds")
  func changed() {
    // verify N/A: earned 1 + 1 of possible 2, plus bonus 1 → capped at 100.
    let total = ReviewedScore.total(Self.result, ratings: [
      CriterionRating(criterionID: "verify", points: nil), CriterionRating(criterionID: "extra", points: 1),
    ])
    #expect(total == ReviewedTotal(score: 100, rawScore: 100, passed: true, criticalMisses: []))
    // greet 0: (0 + 1 + 1) / 4 = 50, below the pass mark of 70.
    let failed = ReviewedScore.total(Self.result, ratings: [CriterionRating(criterionID: "greet", points: 0)])
    #expect(failed == ReviewedTotal(score: 50, rawScore: 50, passed: false, criticalMisses: []))
  }

  @Test("a critical criterion below its maximum sets the score to 0")
  func critical() {
    let total = ReviewedScore.total(Self.result, ratings: [CriterionRating(criterionID: "safety", points: 1)])
    #expect(total == ReviewedTotal(score: 0, rawScore: 62.5, passed: false, criticalMisses: ["safety"]))
  }

  @Test("negative ratings are those below half the scale")
  func negative() {
    #expect(ReviewedScore.isNegative(points: 0, max: 1))
    #expect(!ReviewedScore.isNegative(points: 1, max: 2))
    #expect(ReviewedScore.isNegative(points: 1, max: 4))
    #expect(!ReviewedScore.isNegative(points: nil, max: 4))
  }
}
