import Foundation
import Testing

@testable import DojoCore

/// Players answered the customer's own yes/no question with a bare "yes" and got "Sorry, that
/// doesn't really answer my question" (round 18, twice, the same team-pricing customer).
@Suite("A bare yes or no to the customer's question")
struct BareAnswerTests {
  private static let library = ScenarioLibrary.load(paths: [LibraryPaths.scenarios])
  private static let opening = [
    "Thanks for reaching out, great to hear you want it for the whole studio. Pricing for teams is set by our sales team, not by support.",
    "Sales decides on discounts, and they reply within one business day.",
  ]

  @Test("a yes to 'So are you passing it to them now?' is the hand-over announced; no yes is told it answers nothing", arguments: 1...6)
  func yesAnswers(seed: UInt64) throws {
    let scenario = try #require(Self.library.scenario("l1-team-pricing-to-sales-tunewave"))
    let engine = ConversationEngine(scenario, lexicon: Self.library.lexicon)
    var (state, _) = engine.start(seed: seed)
    for line in Self.opening { _ = try engine.apply(.reply(line), to: &state) }
    var sawPassingQuestion = false
    for _ in 0..<3 where !state.isOver {
      let asked = state.transcript.entries.last { $0.speaker == .customer }?.text ?? ""
      let events = try engine.apply(.reply("yes"), to: &state)
      let said = events.customerLines
      #expect(!said.contains { DefaultLines.reprompts(.en).contains($0) }, "seed \(seed): \(said)")
      if asked.hasSuffix("passing it to them now?") {
        sawPassingQuestion = true
        #expect(said == ["Great, go ahead, I'll hang on a second."], "seed \(seed)")
        #expect(state.nodeID == "awaiting")
        break
      }
    }
    #expect(sawPassingQuestion, "seed \(seed): \(state.transcript.entries.map(\.text))")
  }

  @Test("only a yes/no question is affirmed by a yes: 'What else do they need?' is not")
  func whQuestionsAreNotAffirmed() {
    #expect(OfferReading.isBareAnswer("Yes."))
    #expect(OfferReading.isBareAnswer("ja, genau"))
    #expect(!OfferReading.isBareAnswer("Yes, sales decides on discounts and replies within a day."))
    #expect(OfferReading.isBareNo("Nein, leider nicht"))
    #expect(OfferReading.questionWords.contains("what") && OfferReading.questionWords.contains("wann"))
  }
}
