import Foundation
import Testing

@testable import DojoCore

/// A small scenario written for these tests: every scoring rule shows up once.
private let scoringYAML = """
  id: scoring-rules
  title: Scoring rules
  role: l1-agent
  channel: chat
  language: en
  difficulty: 1
  summary: A test scenario.
  persona: {name: Sam, mood: neutral}
  start: ask
  nodes:
    ask:
      customer: ["Where is my parcel?", "My parcel has not arrived."]
      expects: [greet, track]
      model: "Hello! Let me track parcel 123 for you."
      branches:
        - when: {met: [greet]}
          goto: explain
        - when: {misses: 3}
          goto: lost
    explain:
      customer: "So when will it come?"
      expects: [date]
      model: "It arrives on Friday."
      branches:
        - when: {met: [date]}
          goto: done
        - when: {intent: blame}
          goto: lost
          mood: -2
    side:
      customer: "Side node."
      model: "n/a"
      branches:
        - goto: done
    done:
      customer: "Thanks!"
      end: resolved
    lost:
      customer: "Bye."
      end: gave-up
  intents:
    blame:
      en: {any: ["your fault"]}
  rubric:
    pass: 60
    criteria:
      - id: greet
        name: Greets
        tip: Say hello.
        weight: 1
        scope: [ask]
        evidence: {en: {any: ["hello", "hi"]}}
      - id: track
        name: Tracks the parcel with its number
        tip: Track it.
        weight: 2
        scale: 3-point
        scope: [ask]
        evidence: {en: {any: ["track", "look up"], all: ["parcel"]}}
      - id: date
        name: Gives a date
        tip: Give a date.
        weight: 2
        critical: true
        scope: [explain]
        evidence: {en: {any: ["friday", "monday", "tomorrow"]}}
      - id: extra
        name: Offers notifications
        tip: Offer SMS updates.
        weight: 1
        bonus: true
        evidence: {en: {any: ["sms", "text message"]}}
      - id: side-only
        name: Only counts at the side node
        tip: n/a
        scope: [side]
        evidence: {en: {any: ["anything"]}}
  escalation:
    expect: resolve
  """

private func compiledScoringScenario() throws -> CompiledScenario {
  let (scenario, diagnostics) = ScenarioLoader().parse(yaml: scoringYAML, file: "scoring.yaml")
  #expect(diagnostics.filter { $0.severity == .error }.isEmpty, "\(diagnostics)")
  var loaded = try #require(scenario)
  loaded.version = loaded.computeContentVersion()
  return CompiledScenario(loaded, lexicon: Lexicon())
}

@Suite("Engine")
struct EngineTests {
  @Test("same answers and seed give the same transcript; variants follow the seed")
  func determinism() throws {
    let compiled = try compiledScoringScenario()
    let actions: [TraineeAction] = [.reply("Hello, I will track parcel 123."), .reply("It arrives Friday.")]
    let first = try Replay.run(compiled, actions: actions, seed: 42)
    let second = try Replay.run(compiled, actions: actions, seed: 42)
    #expect(first.state == second.state)
    #expect(first.result == second.result)
    let openings = Set((1...20).map { ConversationEngine(compiled).start(seed: UInt64($0)).0.transcript.entries[0].text })
    #expect(openings == ["Where is my parcel?", "My parcel has not arrived."])
  }

  @Test("branches on met criteria, moves the mood, ends resolved")
  func happyPath() throws {
    let engine = ConversationEngine(try compiledScoringScenario())
    var (state, events) = engine.start(seed: 1)
    #expect(events.contains(.customerSays(text: state.transcript.entries[0].text, nodeID: "ask")))
    (state, events) = try engine.step(state, .reply("Hello, let me track your parcel."))
    #expect(state.nodeID == "explain")
    // A step forward to a line without a mood of its own shows at most neutral.
    #expect(!events.contains { if case .moodChanged = $0 { true } else { false } })
    #expect(events.contains(.branchTaken(from: "ask", index: 0, to: "explain")))
    #expect(events.contains { if case .evidence("greet", _) = $0 { true } else { false } })
    (state, events) = try engine.step(state, .reply("It will be there on Friday."))
    #expect(state.ending == .resolved)
    #expect(events.last == .ended(.resolved))
    #expect(throws: EngineError.conversationOver(.resolved)) { try engine.step(state, .reply("hello?")) }
  }

  @Test("two replies without progress: the customer moves on, then gives up where nothing is left")
  func misses() throws {
    let engine = ConversationEngine(try compiledScoringScenario())
    var (state, _) = engine.start(seed: 1)
    (state, _) = try engine.step(state, .reply("ok"))
    #expect(state.mood == .neutral)  // the first miss only makes the customer ask again
    #expect(DefaultLines.reprompts(.en).contains(state.transcript.entries.last?.text ?? ""))
    (state, _) = try engine.step(state, .reply("ok"))
    // 'misses: 3' never comes: after two the customer moves on along the forward branch.
    #expect(state.nodeID == "explain")
    #expect(state.mood == .upset)
    #expect(state.transcript.entries.last?.text == "Okay, let's leave that. So when will it come?")
    (state, _) = try engine.step(state, .reply("ok"))
    #expect(state.ending == nil)
    (state, _) = try engine.step(state, .reply("ok"))
    // Only endings are ahead of 'explain': the customer gives up.
    #expect(state.ending == .gaveUp)
    #expect(state.mood == .gaveUp)
  }

  @Test("intent branches and mood changes from a branch")
  func intentBranch() throws {
    let engine = ConversationEngine(try compiledScoringScenario())
    var (state, _) = engine.start(seed: 1)
    (state, _) = try engine.step(state, .reply("Hi, I can track the parcel."))
    (state, _) = try engine.step(state, .reply("That is your fault."))
    #expect(state.nodeID == "lost")
    #expect(state.ending == .gaveUp)
  }

  @Test("an escalation no branch handles ends the conversation after the wrap-up exchange")
  func escalationEnds() throws {
    let engine = ConversationEngine(try compiledScoringScenario())
    var (state, _) = engine.start(seed: 1)
    (state, _) = try engine.step(state, .escalate(to: "l2-specialist", note: "parcel"))
    #expect(state.ending == nil)
    #expect(state.isWrappingUp)
    (state, _) = try engine.step(state, .reply("Our specialists will call you tomorrow."))
    #expect(state.ending == .escalated)
    #expect(state.transcript.entries.last?.text == "Okay. I'll wait for them to get in touch.")
  }

  @Test("state survives a JSON round trip and continues identically")
  func stateRoundTrip() throws {
    let engine = ConversationEngine(try compiledScoringScenario())
    var (state, _) = engine.start(seed: 9)
    (state, _) = try engine.step(state, .reply("Hello, let me track your parcel."))
    let data = try JSONEncoder().encode(state)
    let restored = try JSONDecoder().decode(ConversationState.self, from: data)
    #expect(restored == state)
    let a = try engine.step(state, .reply("Friday"))
    let b = try engine.step(restored, .reply("Friday"))
    #expect(a.0 == b.0)
  }
}

@Suite("Scorer")
struct ScorerTests {
  @Test("weights, partial scale, bonus and N/A give the exact score")
  func exactScore() throws {
    let compiled = try compiledScoringScenario()
    // greet 1/1 ×1; track: 'parcel' only → 1 of 2 signals on a 3-point scale → 1/2 ×2;
    // date 1/1 ×2; bonus missed (costs nothing); side-only N/A (never reached, case resolved);
    // escalation not-expected and resolved 2/2 ×2. (1 + 1 + 2 + 2) / (1 + 2 + 2 + 2) = 6/7.
    let outcome = try Replay.run(compiled, actions: [.reply("Hi! Your parcel, you say?"), .reply("Friday.")], seed: 1)
    let result = outcome.result
    let byID = Dictionary(uniqueKeysWithValues: result.criteria.map { ($0.id, $0) })
    #expect(byID["greet"]?.score == 1)
    #expect(byID["track"]?.score == 1)
    #expect(byID["track"]?.max == 2)
    #expect(byID["date"]?.score == 1)
    #expect(byID["side-only"]?.applicable == false)
    #expect(byID["side-only"]?.score == nil)
    #expect(byID["escalation"]?.score == 2)
    #expect(result.score == 85.7)
    #expect(result.passed)
    #expect(result.ending == .resolved)
    #expect(result.csatProxy == 4)  // steps forward raise the mood up to satisfied, no further
    #expect(result.fcrProxy)
  }

  @Test("a conversation cut short does not skip what it never reached")
  func cutShort() throws {
    let compiled = try compiledScoringScenario()
    // Four misses: the customer moves on from 'ask', then leaves at 'explain'. 'date' was never
    // shown (0, and it is critical); 'side-only' was never reached but the conversation was
    // cut short; keeping the case was right, so it earns its points though it was not resolved.
    let outcome = try Replay.run(compiled, actions: Array(repeating: .reply("ok"), count: 4), seed: 1)
    #expect(outcome.state.nodeID == "explain")
    let result = outcome.result
    let byID = Dictionary(uniqueKeysWithValues: result.criteria.map { ($0.id, $0) })
    #expect(byID["date"]?.applicable == true)
    #expect(byID["date"]?.score == 0)
    #expect(byID["side-only"]?.applicable == true)
    #expect(byID["escalation"]?.score == 2)
    #expect(result.escalation.verdict == .notExpected)
    #expect(
      result.escalation.explanation == "No hand-off was needed and you rightly kept the case; the conversation ended before it was resolved.")
    #expect(result.score == 0)
    #expect(result.rawScore == 25.0)  // escalation 2 of 2 (weight 2) = 2 of 8
    #expect(result.ending == .gaveUp)
    #expect(result.csatProxy == 1)
    #expect(!result.fcrProxy)
  }

  @Test("a missed critical criterion fails the attempt and zeroes the score")
  func criticalMiss() throws {
    let compiled = try compiledScoringScenario()
    let result = try Replay.run(
      compiled, actions: [.reply("Hello, I'll track the parcel and send SMS updates."), .reply("Soon."), .end], seed: 1
    ).result
    #expect(result.criticalMisses == ["date"])
    #expect(result.score == 0)
    // greet 1 + track 2 + date 0 + bonus 1 + side-only 0 (cut short) + escalation 2 (kept: the
    // right decision, though it ended unresolved) = 6 of 1 + 2 + 2 + 1 + 2 = 8
    #expect(result.rawScore == 75.0)
    #expect(!result.passed)
    #expect(result.ending == .endedByAgent)
  }

  @Test("bonus cannot push the score above 100")
  func bonusCap() throws {
    let compiled = try compiledScoringScenario()
    let result = try Replay.run(
      compiled, actions: [.reply("Hello, I'll track the parcel. Want SMS updates?"), .reply("Friday.")], seed: 1
    ).result
    #expect(result.score == 100)
    #expect(result.passed)
    #expect(result.fcrProxy)
  }

  @Test("escalating a case that was yours to resolve is unnecessary")
  func unnecessaryEscalation() throws {
    let compiled = try compiledScoringScenario()
    let result = try Replay.run(compiled, actions: [.escalate(to: "l2-specialist", note: "parcel")], seed: 1).result
    #expect(result.escalation.verdict == .unnecessary)
    #expect(result.escalation.actual == "escalate:l2-specialist")
  }

  @Test("evidence names the turn and the words as typed")
  func evidence() throws {
    let compiled = try compiledScoringScenario()
    let result = try Replay.run(compiled, actions: [.reply("HELLO!! I'm tracking the parcel"), .reply("friday")], seed: 1).result
    let track = try #require(result.criteria.first { $0.id == "track" })
    #expect(track.evidence.map(\.turn) == [1, 1])
    #expect(track.evidence.map(\.words) == [["tracking"], ["parcel"]])
  }
}

@Suite("Seed example scores")
struct SeedExampleTests {
  private let library = ScenarioLibrary.load(paths: [LibraryPaths.scenarios + "/l1-agent/unexpected-charge.yaml"])

  private func replay(_ kind: String) throws -> ScoreResult {
    let scenario = try #require(library.scenario("l1-unexpected-charge"))
    let compiled = CompiledScenario(scenario, lexicon: library.lexicon)
    return try Replay.run(compiled, answers: AnswerFile.load(path: "\(LibraryPaths.answers)/l1-unexpected-charge/\(kind).txt"), seed: 1).result
  }

  @Test("strong answer: 100, passed, correct escalation")
  func strong() throws {
    let result = try replay("strong")
    #expect(result.score == 100)
    #expect(result.passed)
    #expect(result.escalation.verdict == .correct)
    #expect(result.escalation.handoffMissing.isEmpty)
  }

  @Test("weak answer: a false refund promise fails it outright")
  func weak() throws {
    let result = try replay("weak")
    #expect(result.criticalMisses == ["no_false_promise"])
    #expect(result.score == 0)
    #expect(!result.passed)
    #expect(result.escalation.verdict == .missed)
  }

  @Test("escalation mistake: premature")
  func mistake() throws {
    let result = try replay("mistake")
    #expect(result.escalation.verdict == .premature)
    // empathy 2 + no_false_promise 1 of 13; what the early hand-off skipped counts as missed.
    #expect(result.score == 23.1)
    #expect(!result.passed)
  }
}

@Suite("Answer files")
struct AnswerFileTests {
  @Test("paragraphs, actions and comments")
  func parse() throws {
    let file = try AnswerFile.parse("""
      # a comment
      Hello there,
      how can I help?

      /escalate l2-specialist: checked the order

      /transfer sales

      /end
      """)
    #expect(file.turns.map(\.action) == [
      .reply("Hello there,\nhow can I help?"), .escalate(to: "l2-specialist", note: "checked the order"),
      .transfer(to: "sales", note: ""), .end,
    ])
    #expect(file.turns.map(\.line) == [2, 5, 7, 9])
  }

  @Test("a tier the organisation does not have is refused at its line, with the list and a suggestion")
  func unknownTier() throws {
    let file = try AnswerFile.parse("hi\n\n/escalate l2-specalist: x\n", file: "a.txt")
    #expect(throws: ReplayError.refused(line: 3, reason: "there is no tier 'l2-specalist' here; /escalate goes to: l2-specialist, tech-support, engineering, team-lead, cs-manager, leadership (did you mean 'l2-specialist'?)")) {
      try Replay.run(try compiledScoringScenario(), answers: file, seed: 1)
    }
    #expect(throws: AnswerFileError(file: "a.txt", line: 1, message: "'l2_specialist' is not a tier id (lower-case letters, digits, hyphens)")) {
      try AnswerFile.parse("/escalate l2_specialist: x\n", file: "a.txt")
    }
  }

  @Test("answers that end early or run past the ending are errors")
  func earlyAndLate() throws {
    let compiled = try compiledScoringScenario()
    #expect(throws: ReplayError.answersEndedEarly(turns: 1, nodeID: "explain")) {
      try Replay.run(compiled, actions: [.reply("Hello, tracking the parcel now.")], seed: 1)
    }
    // One reply after the hand-off is the wrap-up; a second one is left over.
    #expect(throws: ReplayError.answersLeft(count: 1, endedAt: 2, ending: .escalated, line: 3)) {
      try Replay.run(compiled, actions: [.escalate(to: "tech-support", note: ""), .reply("hi"), .reply("bye")], seed: 1)
    }
  }
}

@Suite("Hand-off notes with a gap")
struct HandoffGapTests {
  private let library = ScenarioLibrary.load(paths: [LibraryPaths.scenarios + "/l1-agent/unexpected-charge.yaml"])

  /// The strong answer of l1-unexpected-charge with its hand-off note replaced.
  private func replay(note: String) throws -> ScoreResult {
    let scenario = try #require(library.scenario("l1-unexpected-charge"))
    let compiled = CompiledScenario(scenario, lexicon: library.lexicon)
    var answers = try AnswerFile.load(path: "\(LibraryPaths.answers)/l1-unexpected-charge/strong.txt")
    let index = try #require(answers.turns.firstIndex { $0.action.kind == .escalate })
    answers.turns[index].action.text = note
    return try Replay.run(compiled, answers: answers, seed: 1).result
  }

  @Test("a note missing one fact of three keeps the decision's points; the scorecard still names the fact")
  func oneOfThreeMissing() throws {
    // checked and impact, no identifier (no e-mail, invoice or order number).
    let result = try replay(note: "Checked order history, no changes or duplicates. Customer was charged €17.99 instead of €9.99.")
    #expect(result.escalation.verdict == .incompleteHandoff)
    #expect(result.escalation.handoffMissing == ["identifiers"])
    let escalation = try #require(result.criteria.first { $0.id == "escalation" })
    #expect(escalation.score == 2)
  }

  @Test("a note missing two facts of three gets half the points")
  func twoOfThreeMissing() throws {
    let result = try replay(note: "Customer was charged €17.99 instead of €9.99, please look into it.")
    #expect(result.escalation.verdict == .incompleteHandoff)
    #expect(result.escalation.handoffMissing == ["checked", "identifiers"])
    let escalation = try #require(result.criteria.first { $0.id == "escalation" })
    #expect(escalation.score == 1)
  }
}
