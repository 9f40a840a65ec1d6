import Foundation
import Testing

@testable import DojoCore

/// The fixture `conversation/agenda.yaml` with one more criterion, edited in the YAML text.
private func agenda(adding criterion: String) throws -> (scenario: Scenario?, diagnostics: [Diagnostic]) {
  try Fixtures.parse("conversation/agenda.yaml") { $0.replacingOccurrences(of: "  criteria:\n", with: "  criteria:\n" + criterion) }
}

private let noBlame = """
    - id: no_blame
      name: Does not put it on the customer
      scale: 3-point
      tip: Say what happened without a word about whose side it was.
      evidence:
        en:
          none: ["your fault"]
          weak: ["not on our side", "not our problem"]

"""

/// `weak` phrases: what a lead calls "partly" for a criterion that forbids something — said, the
/// criterion is capped one point below full, and the scorecard shows the words.
@Suite("Weak phrases cap a criterion below full")
struct WeakPhraseTests {
  private func score(_ replies: [String]) throws -> CriterionResult {
    let (loaded, diagnostics) = try agenda(adding: noBlame)
    var scenario = try #require(loaded, "\(diagnostics)")
    scenario.version = scenario.computeContentVersion()
    let compiled = CompiledScenario(scenario, lexicon: try Fixtures.lexicon())
    let engine = ConversationEngine(compiled)
    var (state, _) = engine.start(seed: 1)
    for reply in replies where !state.isOver { (state, _) = try engine.step(state, .reply(reply)) }
    while !state.isOver { (state, _) = try engine.step(state, .end) }
    let result = Scorer(compiled).score(state.transcript)
    return try #require(result.criteria.first { $0.id == "no_blame" })
  }

  @Test("a weak phrase gives 1 of 2 with its words and reason; a forbidden one 0; neither full")
  func capped() throws {
    let weakened = try score(["Sorry, the double charge is not on our side. What's your email?"])
    #expect(weakened.score == 1 && weakened.max == 2)
    #expect(weakened.weakened.map { $0.words.joined(separator: " ") } == ["not side"])
    #expect(weakened.violations.isEmpty)
    #expect(weakened.reason == "only halfway: a phrase that weakens it was used")
    let forbidden = try score(["Sorry, but that is your fault. What's your email?"])
    #expect(forbidden.score == 0 && forbidden.weakened.isEmpty)
    let clean = try score(["Sorry about the double charge. What's your email?"])
    #expect(clean.score == 2 && clean.weakened.isEmpty && clean.reason == nil)
    // Asked, not asserted: a question does not weaken it.
    let asked = try score(["Sorry. Is it possible the problem is not on our side? What's your email?"])
    #expect(asked.score == 2)
  }

  @Test("a stored result without the weakened key still reads, and the key is always written")
  func storedResults() throws {
    let json = #"{"id":"x","name":"X","score":1,"max":1,"weight":1,"met":true,"applicable":true,"critical":false,"bonus":false,"evidence":[],"violations":[],"tip":"t","modelAnswer":null,"reason":null}"#
    let decoded = try JSONDecoder().decode(CriterionResult.self, from: Data(json.utf8))
    #expect(decoded.weakened.isEmpty)
    let encoded = String(decoding: try JSONEncoder().encode(decoded), as: UTF8.self)
    #expect(encoded.contains(#""weakened":[]"#))
  }

  @Test("weak phrases on a binary criterion are DJ035 at the first weak phrase")
  func binaryIsAnError() throws {
    let binary = noBlame.replacingOccurrences(of: "      scale: 3-point\n", with: "")
    let (_, diagnostics) = try agenda(adding: binary)
    let error = try #require(diagnostics.first { $0.code == DiagnosticCode.weakWithoutPartial.rawValue })
    // The criterion goes in after line 80 ("  criteria:"); without its scale line, `weak` is its 7th line.
    #expect(error.location.line == 87)
    #expect(error.location.column == 18)
    #expect(error.message.contains("'weak' phrases need a scale with a partial level"))
  }

  @Test("a scenario without weak phrases keeps its content version")
  func versionUnchanged() throws {
    let spec = EvidenceSpec(any: [PhrasePattern("sorry")])
    let encoded = String(decoding: try JSONEncoder().encode(spec), as: UTF8.self)
    #expect(!encoded.contains("weak"))
  }
}
