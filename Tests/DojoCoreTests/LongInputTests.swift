import Foundation
import Testing

@testable import DojoCore

/// Input that used to make matching and replay take minutes (issue 13, items 3 and 5): very long
/// words, German "compounds" of thousands of letters, and answer files with thousands of turns.
/// These run instantly now; the limits they state are checked exactly, so they fail on the old
/// code without timing anything.
@Suite("Long input")
struct LongInputTests {
  private func matcher(_ phrases: [String], _ language: Language) -> PhraseMatcher {
    PhraseMatcher(language: language, phrases: phrases)
  }

  private func matches(_ matcher: PhraseMatcher, _ phrase: String, _ text: String) -> Bool {
    let pattern = CompiledPattern(id: 0, source: phrase, alternatives: [matcher.compile(phrase)])
    return matcher.match(pattern, in: matcher.analyze(text)) != nil
  }

  @Test("a word beyond the limit is matched exactly, never by typo tolerance")
  func longWordsExactOnly() {
    let long = String(repeating: "abcdefghij", count: 7)  // 70 letters
    #expect(long.count > PhraseMatcher.fuzzyWordLimit)
    let phrase = "token " + long
    let m = matcher([phrase], .en)
    #expect(matches(m, phrase, "your token \(long) works"))
    let typo = String(long.dropLast()) + "x"
    #expect(!matches(m, phrase, "your token \(typo) works"), "a 70-letter word is not typo-tolerant")
    // Just within the limit, a typo is still forgiven.
    let short = String(long.prefix(PhraseMatcher.fuzzyWordLimit))
    let shortTypo = String(short.dropLast()) + "x"
    let m2 = matcher(["token " + short], .en)
    #expect(matches(m2, "token " + short, "your token \(shortTypo) works"))
  }

  @Test("German compound splitting stops at the limit")
  func longCompounds() {
    let m = matcher(["Erstattung"], .de)
    #expect(matches(m, "Erstattung", "Der Rückerstattungsbetrag wird überwiesen."))
    let pasted = String(repeating: "Rückerstattungsbetrag", count: 4)  // 84 letters
    #expect(!matches(m, "Erstattung", "Der \(pasted) wird überwiesen."))
  }

  @Test("huge words in the text and in the patterns are analysed at once", arguments: [
    (Language.en, String(repeating: "a", count: 30_000)),
    (Language.en, String(repeating: "ab", count: 5_000)),
    (Language.de, String(repeating: "Rückerstattungsbetrag", count: 100)),
    (Language.de, String(repeating: "ä", count: 10_000)),
  ])
  func hugeWords(language: Language, word: String) {
    // Used to take 6 s (10,000 letters), 55 s (30,000) and over 100 s (German, 2,000).
    let m = matcher(["check the charge", word, "Erstattung"], language)
    let analyzed = m.analyze("I will check the charge \(word) now")
    #expect(analyzed.tokens.count >= 5)
    #expect(matches(m, word, "here: \(word)"))
  }

  @Test("a reply that repeats one word thousands of times is searched at once")
  func repeatedWords() {
    let m = matcher(["check the charge"], .en)
    let text = String(repeating: "check ", count: 20_000) + "the charge"
    #expect(matches(m, "check the charge", text))
    let none = String(repeating: "check charge. ", count: 10_000)
    #expect(matches(m, "check the charge", none))
    #expect(!matches(m, "check the charge", String(repeating: "check. ", count: 10_000) + "charge"))
  }

  private func endless(_ name: String = "long/endless.yaml") throws -> CompiledScenario {
    let (scenario, diagnostics) = try Fixtures.load(name)
    #expect(diagnostics.filter { $0.severity == .error }.isEmpty, "\(diagnostics)")
    return CompiledScenario(try #require(scenario), lexicon: try Fixtures.lexicon())
  }

  @Test("10,000 turns parse and score at once (used to take minutes)")
  func longReplay() throws {
    // The customer never stalls for more than two turns now, so no conversation is this long;
    // an answer file or a stored transcript can be, and reading and scoring it stays linear.
    let compiled = try endless()
    let text = (0..<10_000).map { "let me look at that for you, number \($0)" }.joined(separator: "\n\n") + "\n\n/end\n"
    let file = try AnswerFile.parse(text, file: "long.txt")
    #expect(file.turns.count == 10_001)
    var transcript = Transcript(finalMood: .neutral)
    for (index, turn) in file.turns.enumerated() {
      transcript.entries.append(TranscriptEntry(speaker: .customer, nodeID: "opening", text: "I'm still waiting."))
      transcript.entries.append(TranscriptEntry(speaker: .trainee, nodeID: "opening", turn: index + 1, text: turn.action.text, action: turn.action))
    }
    transcript.ending = .endedByAgent
    let result = Scorer(compiled).score(transcript)
    #expect(result.turns == 10_001)
    #expect(ConversationEngine(compiled).metCriteria(in: transcript) == [])
  }

  @Test("the progress kept in the state gives the same met criteria as re-reading the transcript")
  func incrementalProgress() throws {
    let compiled = try endless()
    let engine = ConversationEngine(compiled)
    var (state, _) = engine.start(seed: 3)
    for text in ["I will check the charge", "I'm so sorry about this"] {
      _ = try engine.apply(.reply(text), to: &state)
      #expect(engine.metCriteria(in: state) == engine.metCriteria(in: state.transcript))
    }
    #expect(engine.metCriteria(in: state) == ["check", "empathy"])
    #expect(state.ending == .resolved)
  }

  @Test("a state of the format before the running tally is refused with the version, not misread")
  func oldStateFormat() throws {
    let engine = ConversationEngine(try endless())
    var (state, _) = engine.start(seed: 3)
    state.formatVersion = 1
    #expect(throws: EngineError.unsupportedStateVersion(1)) { try engine.step(state, .reply("sorry about that")) }
  }

  @Test("step leaves the caller's state alone; apply changes it in place")
  func stepAndApply() throws {
    let engine = ConversationEngine(try endless())
    let (start, _) = engine.start(seed: 1)
    let (next, events) = try engine.step(start, .reply("hello"))
    #expect(start.turn == 0 && next.turn == 1)
    var state = start
    #expect(try engine.apply(.reply("hello"), to: &state) == events)
    #expect(state == next)
  }
}
