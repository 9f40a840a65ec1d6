import Testing

@testable import DojoConsole
@testable import DojoCore

/// Two forbidden patterns found the same words in one turn and the scorecard listed them twice
/// ("turn 1: “you'll get discount” — avoid this", twice; played in the ninth session).
@Suite("Scorecard evidence")
struct ScorecardEvidenceTests {
  @Test("each turn's words are shown once, in the order found")
  func distinctEvidence() {
    let found = [
      Evidence(turn: 1, pattern: "you'll get a discount", words: ["you'll", "get", "discount"]),
      Evidence(turn: 1, pattern: "get a discount", words: ["you'll", "get", "discount"]),
      Evidence(turn: 1, pattern: "definitely get", words: ["definitely", "get"]),
      Evidence(turn: 2, pattern: "get a discount", words: ["you'll", "get", "discount"]),
    ]
    #expect(ScorecardView.distinct(found).map { "\($0.turn) \($0.words.joined(separator: " "))" } == [
      "1 you'll get discount", "1 definitely get", "2 you'll get discount",
    ])
  }
}
