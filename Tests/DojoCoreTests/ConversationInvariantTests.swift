import Foundation
import Testing

@testable import DojoCore

/// The bundled library, loaded once for the conversation checks.
private let library = ScenarioLibrary.load(paths: [LibraryPaths.scenarios])

private func customerLines(_ state: ConversationState) -> [String] {
  state.transcript.entries.filter { $0.speaker == .customer }.map(\.text)
}

/// No customer line equals one of the customer's two lines before it.
private func repeats(_ state: ConversationState) -> [String] {
  let lines = customerLines(state)
  return lines.indices.compactMap { index in
    let earlier = lines[max(0, index - 2)..<index]
    return earlier.contains(lines[index]) ? lines[index] : nil
  }
}

/// Scripted conversations in the failure shapes the playtests found, over every bundled scenario.
@Suite("Conversation invariants over the bundled library")
struct ConversationInvariantTests {
  static let scenarioIDs = library.scenarios.map(\.id).sorted()

  @Test("answer, then repeat the same answer: the customer never says one of their last two lines again", arguments: scenarioIDs)
  func answerThenRepeat(_ id: String) throws {
    let compiled = CompiledScenario(try #require(library.scenario(id)), lexicon: library.lexicon)
    let engine = ConversationEngine(compiled)
    for seed in UInt64(1)...3 {
      var (state, _) = engine.start(seed: seed)
      var turns = 0
      while !state.isOver, turns < 40, let action = engine.modelAction(state) {
        _ = try engine.apply(action, to: &state)
        turns += 1
        if !state.isOver, action.kind == .reply { _ = try engine.apply(action, to: &state); turns += 1 }
      }
      #expect(repeats(state).isEmpty, "\(id) seed \(seed): \(repeats(state))")
    }
  }

  @Test("replies that make no progress: the conversation moves within two turns and the mood never rises", arguments: scenarioIDs)
  func noStall(_ id: String) throws {
    let scenario = try #require(library.scenario(id))
    let compiled = CompiledScenario(scenario, lexicon: library.lexicon)
    let engine = ConversationEngine(compiled)
    let filler = scenario.language == .de ? ["Hm.", "Einen Moment.", "Okay."] : ["Hm.", "One moment.", "Okay."]
    var (state, _) = engine.start(seed: 1)
    var sameNode = 0
    for index in 0..<30 where !state.isOver {
      let before = (node: state.nodeID, mood: state.mood)
      _ = try engine.apply(.reply(filler[index % filler.count]), to: &state)
      #expect(state.mood <= before.mood, "\(id): the mood rose on '\(filler[index % filler.count])' at \(before.node)")
      sameNode = state.nodeID == before.node && !state.isOver ? sameNode + 1 : 0
      #expect(sameNode < ConversationEngine.patience, "\(id): stuck at \(state.nodeID) for \(sameNode + 1) turns")
    }
    #expect(state.isOver, "\(id): still open after 30 replies without progress")
    #expect(repeats(state).isEmpty, "\(id): \(repeats(state))")
  }

  @Test("asked in a question, everything the customer knows is answered with what they know", arguments: scenarioIDs)
  func knownItemsAnswered(_ id: String) throws {
    let scenario = try #require(library.scenario(id))
    let compiled = CompiledScenario(scenario, lexicon: library.lexicon)
    let engine = ConversationEngine(compiled)
    for item in scenario.persona.knows {
      guard let phrase = item.asked.first?.alternatives.first, !phrase.hasPrefix("@") else { continue }
      let question = scenario.language == .de ? "Können Sie mir bitte \(phrase) nennen?" : "Could you tell me \(phrase)?"
      var (state, _) = engine.start(seed: 1)
      _ = try engine.apply(.reply(question), to: &state)
      let answer = customerLines(state).last ?? ""
      #expect(item.says.contains { answer.contains($0) }, "\(id): asked '\(question)' (\(item.id)), the customer said: \(answer)")
    }
  }

  @Test("the model path ends as the scenario expects: resolved when it is yours, handed over (after a wrap-up in chat and phone) when not", arguments: scenarioIDs)
  func modelPathEnding(_ id: String) throws {
    let scenario = try #require(library.scenario(id))
    let compiled = CompiledScenario(scenario, lexicon: library.lexicon)
    let walkthrough = Walkthrough(compiled)
    switch scenario.escalation.expect {
    case .resolve: #expect(walkthrough.ending == .resolved, "\(id): \(String(describing: walkthrough.ending))")
    case .escalate, .transfer:
      #expect(walkthrough.ending == .escalated || walkthrough.ending == .transferred, "\(id)")
      if scenario.channel != .email {
        let handoff = try #require(walkthrough.steps.firstIndex { $0.answer.hasPrefix("/escalate") || $0.answer.hasPrefix("/transfer") })
        #expect(handoff < walkthrough.steps.count - 1, "\(id): no wrap-up after the hand-off")
      }
    }
    #expect(walkthrough.result?.score == 100, "\(id)")
  }
}
