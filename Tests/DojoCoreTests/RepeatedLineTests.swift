import Foundation
import Testing

@testable import DojoCore

/// Found by content authors in round 20: a branch that keeps the customer at the node said its
/// `say:` line again when the trainee gave the same half-answer twice; and "I'll pass your
/// feedback on to his team lead" made the customer wait for a hand-off ("Okay, do that. I'll
/// wait.") that was never coming.
@Suite("No line twice in a row; feedback passed on is no hand-off")
struct RepeatedLineTests {
  /// The fixture with a branch that keeps the customer at `verified` when the trainee says they
  /// "looked into it" without saying what they found.
  private func loopingAgenda() throws -> ConversationEngine {
    try Fixtures.engine("conversation/agenda.yaml") {
      $0.replacingOccurrences(of: "    moves_on: \"Fine, never mind the details.\"\n    branches:\n", with: """
            moves_on: "Fine, never mind the details."
            branches:
              - when: { intent: looked }
                goto: verified
                say: "Looked into what, exactly?"

        """).replacingOccurrences(of: "rubric:\n", with: "intents:\n  looked:\n    en:\n      any: [\"looked into it\"]\nrubric:\n")
    }
  }

  @Test("a branch back to the same node says its line once in a row, then the customer asks for what is missing")
  func selfLoopLineOnce() throws {
    let engine = try loopingAgenda()
    var (state, _) = engine.start(seed: 1)
    var said: [String] = []
    for reply in ["I'm sorry. What's your email?", "I looked into it.", "I looked into it."] {
      let events = try engine.apply(.reply(reply), to: &state)
      said += events.customerLines
    }
    #expect(said[1] == "Looked into what, exactly?")
    #expect(["Okay, but what did you find on the invoice?", "And what does the invoice say?"].contains(said[2]), "\(said)")
    #expect(state.nodeID == "verified")
  }

  @Test("a branch back to the same node without progress keeps counting: the third reply without progress moves on")
  func selfLoopKeepsMisses() throws {
    let engine = try loopingAgenda()
    var (state, _) = engine.start(seed: 1)
    var said: [String] = []
    for reply in ["I'm sorry. What's your email?", "I looked into it.", "I looked into it.", "Hm, okay."] {
      let events = try engine.apply(.reply(reply), to: &state)
      said += events.customerLines
    }
    #expect(said[3] == "Fine, never mind the details. And what now?", "\(said)")
    #expect(state.nodeID == "next")
  }

  @Test("a point nobody touched yet is asked for with its first push line, whatever the seed", arguments: 1...6)
  func untouchedPointFirstPrompt(seed: UInt64) throws {
    let engine = try Fixtures.engine("conversation/agenda.yaml")
    var (state, _) = engine.start(seed: seed)
    _ = try engine.apply(.reply("I'm sorry. What's your email?"), to: &state)
    let events = try engine.apply(.reply("Hm, okay."), to: &state)
    let said = events.customerLines
    #expect(said == ["Okay, but what did you find on the invoice?"])
  }

  @Test("a branch back to the same node without progress does not raise the mood")
  func selfLoopKeepsMood() throws {
    let engine = try loopingAgenda()
    var (state, _) = engine.start(seed: 1)
    _ = try engine.apply(.reply("I'm sorry. What's your email?"), to: &state)
    let mood = state.mood
    _ = try engine.apply(.reply("I looked into it."), to: &state)
    #expect(state.nodeID == "verified" && state.mood == mood)
  }

  @Test("in an e-mail the yes to an offer goes below the subject line")
  func offerAcceptedBelowSubject() throws {
    let engine = try Fixtures.engine("conversation/agenda.yaml", editing: asEmailWithSubject)
    var (state, _) = engine.start(seed: 1)
    let events = try engine.apply(.reply("I'm sorry, I found your account by your email. Would you like me to look at the invoice as well?"), to: &state)
    let mail = try #require(events.customerLines.first)
    #expect(mail.hasPrefix("Subject: Re: INV-7\n\nYes"), "\(mail)")
    #expect(mail.hasSuffix("So why was I charged twice?"), "\(mail)")
  }

  @Test("an intent on a hand-off branch reads the hand-off's note")
  func intentReadsTheNote() throws {
    let engine = try Fixtures.engine("conversation/agenda.yaml") {
      $0.replacingOccurrences(of: "      - when: { escalated: l2-specialist }\n", with: """
              - when: { escalated: l2-specialist, intent: urgent }
                goto: handed
                say: "Marked urgent, good. I'll watch my inbox."
              - when: { escalated: l2-specialist }

        """).replacingOccurrences(of: "rubric:\n", with: "intents:\n  urgent:\n    en:\n      any: [\"urgent\"]\nrubric:\n")
    }
    for (note, urgent) in [("INV-7 charged twice, urgent please", true), ("INV-7 charged twice", false)] {
      var (state, _) = engine.start(seed: 1)
      for reply in ["I'm sorry. What's your email?", "I checked it: you were charged twice."] { _ = try engine.apply(.reply(reply), to: &state) }
      #expect(state.nodeID == "next")
      let events = try engine.apply(.escalate(to: "l2-specialist", note: note), to: &state)
      let said = events.customerLines
      #expect((said.first == "Marked urgent, good. I'll watch my inbox.") == urgent, "\(note): \(said)")
    }
  }

  @Test("passing feedback on announces no hand-off; passing the case on does", arguments: [
    ("I'll pass your feedback on to his team lead.", false),
    ("Thanks for your patience, I'll pass it on to billing now.", true),
    ("I'll pass your comments on to the team. I'm escalating the refund to the specialists now.", true),
    ("Ich gebe Ihr Lob gern an das Team weiter.", false),
    ("Ich gebe das an die Technik weiter.", true),
  ])
  func feedbackIsNoHandoff(reply: String, announces: Bool) throws {
    let library = ScenarioLibrary.load(paths: [LibraryPaths.scenarios])
    let id = reply.hasPrefix("Ich") ? "l1-unerwartete-abbuchung" : "l1-unexpected-charge"
    let compiled = CompiledScenario(try #require(library.scenario(id)), lexicon: library.lexicon)
    #expect(compiled.announcesHandoff(reply) == announces)
  }
}

/// A content author in round 20: a coaching talk closed as resolved ("Danke dir … So ist das
/// fair") when the lead offered the colleague a training in the first reply and typed `/end`.
@Suite("/end closes as resolved only where the conversation has got to")
struct EndResolvesWhereReachedTests {
  @Test("a point met early is no resolution at a node not reached yet; /end then ends the talk unresolved")
  func earlySupportIsNoResolution() throws {
    let library = ScenarioLibrary.load(paths: [LibraryPaths.scenarios])
    let scenario = try #require(library.scenario("tl-coaching-aht-rise"))
    let engine = ConversationEngine(scenario, lexicon: library.lexicon)
    var (state, _) = engine.start(seed: 1)
    _ = try engine.apply(.reply("Hi Murat, ich hab mit Jana eine Nachschulung für dich gebucht, und kennst du F7 im KIS?"), to: &state)
    #expect(!state.nodesReached.contains("wrapup"))
    _ = try engine.apply(.end, to: &state)
    #expect(state.ending == .endedByAgent)
  }
}
