import DojoCore
import DojoStore
import Foundation
import Testing

@testable import DojoConsole

private let repositoryRoot = URL(fileURLWithPath: #filePath)
  .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
private let renewal = ScenarioLibrary.load(paths: [
  repositoryRoot.appendingPathComponent("scenarios/l1-agent/annual-renewal-refund-streamly.yaml").path
])

/// The strong answer's three replies: the customer closes the case as resolved after the third.
private let resolvingTurns = [
  "Hi Alex, I'm sorry about the unexpected renewal, I understand that's annoying. Could you confirm the email address on your Streamly account?",
  "Thank you. I've checked your account: the plan renewed nine days ago, and annual renewals are refunded in full within 14 days, so you're within the refund window. I've refunded the €99.90 to your card; you'll see it within 5 business days, and auto-renewal is off.",
  "No, your history and playlists stay on your account. Is there anything else I can help you with? Have a lovely day.",
]

private func console(_ lines: [String], store: SQLiteStore) -> (PracticeConsole, BufferedOutput) {
  Style.configure(forceOff: true)
  let output = BufferedOutput()
  let console = PracticeConsole(
    library: renewal, store: store, input: ScriptedLineInput(lines), output: output, strings: .en,
    settings: PracticeSettings(mode: .practice, coach: false, seed: 3))
  return (console, output)
}

/// Players said goodbye-and-gone customers left no turn for the hand-off they had just announced:
/// after the customer closes, the trainee may still hand the case on (after-call work).
@Suite("After-call work")
struct AfterCallWorkTests {
  @Test("a hand-off typed after the customer closed is stored, ends the case handed over and is judged")
  func handOffAfterTheCall() throws {
    let store = try SQLiteStore.inMemory()
    let (console, output) = console(resolvingTurns + ["/transfer billing: Alex Morgan, INV-20417 refunded, please watch it lands"], store: store)
    let scenario = try #require(renewal.scenario("l1-annual-renewal-refund-streamly"))
    let (session, result) = try console.play(scenario, trainee: "alice")
    #expect(output.text.contains("(The customer has closed the conversation. After-contact work:"), "\(output.text)")
    #expect(output.text.contains("(handed over to billing after the conversation)"))
    let score = try #require(result)
    #expect(score.ending == .transferred)
    #expect(score.escalation.verdict == .unnecessary)
    #expect(score.escalation.turn == 4)
    let turns = try store.turns(sessionID: try #require(session.id))
    #expect(turns.last?.speaker == .trainee)
    #expect(turns.last?.action == .transfer)
    #expect(try store.escalations(sessionID: session.id!).map(\.target) == ["billing"])
  }

  @Test("Enter finishes; a line that is no hand-off is left for the question after the scorecard")
  func otherLinesPassThrough() throws {
    let (console, output) = console(resolvingTurns + ["r"], store: try SQLiteStore.inMemory())
    let scenario = try #require(renewal.scenario("l1-annual-renewal-refund-streamly"))
    let (_, result) = try console.play(scenario, trainee: "bob")
    #expect(result?.ending == .resolved)
    #expect(result?.escalation.verdict == .notExpected)
    #expect(console.askAfterAttempt() == .retry, "\(output.text)")
  }

  @Test("the engine takes one hand-off after a resolved close, and nothing else")
  func engineRules() throws {
    let scenario = try #require(renewal.scenario("l1-annual-renewal-refund-streamly"))
    let engine = ConversationEngine(scenario, lexicon: renewal.lexicon)
    var (state, _) = engine.start(seed: 3)
    for turn in resolvingTurns { _ = try engine.apply(.reply(turn), to: &state) }
    #expect(state.ending == .resolved)
    #expect(throws: EngineError.conversationOver(.resolved)) { _ = try engine.apply(.reply("Bye!"), to: &state) }
    #expect(throws: EngineError.self) { _ = try engine.apply(.escalate(to: "nobody", note: "x"), to: &state) }
    #expect(engine.acceptsAfterCallHandoff(state))
    _ = try engine.apply(.escalate(to: "team-lead", note: "Alex asked for a manager."), to: &state)
    #expect(state.ending == .escalated)
    #expect(!engine.acceptsAfterCallHandoff(state))
    #expect(throws: EngineError.conversationOver(.escalated)) { _ = try engine.apply(.transfer(to: "billing", note: "x"), to: &state) }
  }
}
