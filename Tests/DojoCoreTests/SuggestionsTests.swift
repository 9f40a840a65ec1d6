import Testing

@testable import DojoCore

@Suite("Suggestions: picking phrases from trainee replies")
struct SuggestionsTests {
  let picker = PhrasePicker(language: .en)

  @Test("runs are 2–4 content words inside one clause, never a lone stopword, never across a negation")
  func runs() {
    let runs = picker.runs(in: "Hi Dana, that is a nasty surprise, no wonder you are alarmed.").map(\.text)
    #expect(runs.contains("nasty surprise"))
    #expect(!runs.contains { $0.contains(",") || $0.split(separator: " ").count < 2 })
    // Stopwords ("is", "a", "are") sit between content words but never at either end.
    let ends = runs.flatMap { run in [run.split(separator: " ").first, run.split(separator: " ").last].compactMap { $0.map(String.init) } }
    #expect(ends.allSatisfy { !["is", "a", "that", "are"].contains($0) })
    #expect(runs.contains("you are alarmed"))
    // "can't" is a negation as a whole: no run keeps it.
    #expect(picker.runs(in: "I can't refund the charge today").map(\.text) == ["refund the charge", "refund the charge today", "charge today"])
    #expect(picker.runs(in: "the and of to").isEmpty)
  }

  @Test("the phrase in most overrides wins; among those, the shortest; a phrase found where the lead rated not comes last")
  func ranking() {
    let groups = [
      ["Hi Dana, that is a nasty surprise, no wonder you are alarmed."],
      ["Hello Dana, what a nasty surprise on your statement."],
    ]
    let ranked = picker.rank(groups: groups, avoid: ["What is the email on your account, Dana?"])
    #expect(ranked.first?.candidate.text == "nasty surprise")
    #expect(ranked.first?.coverage == 2 && ranked.first?.avoidHits == 0)
    // "nasty surprise" is also in a reply rated not: though in both overrides, it ranks after
    // every phrase found in no such reply.
    let avoided = picker.rank(
      groups: [["Dana, what a nasty surprise for you"], ["Dana, quite a nasty surprise"]],
      avoid: ["Dana surprise party", "nasty surprise indeed"])
    #expect(avoided.first?.candidate.text == "what a nasty" && avoided.first?.avoidHits == 0)
    #expect(avoided.last?.candidate.text == "nasty surprise" && avoided.last?.coverage == 2 && avoided.last?.avoidHits == 1)
  }

  @Test("matching a phrase uses the scorer's matcher: inflection and word order count, negation does not")
  func matching() {
    #expect(picker.matches("nasty surprise", "What nasty surprises!"))
    #expect(picker.matches("confirm email", "Could you confirm the email on your account?"))
    #expect(!picker.matches("refund charge", "I can't refund the charge"))
  }

  @Test("edits change in-memory copies only: an alternative replaced, a concept extended")
  func edits() throws {
    var scenario = try #require(try Fixtures.load("valid/minimal.yaml").scenario)
    let id = scenario.rubric.criteria[0].id
    scenario.rubric.criteria[0].evidence[.en] = EvidenceSpec(any: [PhrasePattern("email|@verify")])
    let lexicon = Lexicon(concepts: [.en: ["verify": [PhrasePattern("confirm your email")]]])
    let (narrowed, _) = EvidenceEdit.replaceAlternative(criterion: id, list: .any, pattern: 0, alternative: 0, with: "email address")
      .applied(to: scenario, lexicon: lexicon)
    #expect(narrowed.rubric.criteria[0].evidence[.en]?.any.map(\.text) == ["email address|@verify"])
    let (removed, _) = EvidenceEdit.replaceAlternative(criterion: id, list: .any, pattern: 0, alternative: 0, with: nil)
      .applied(to: scenario, lexicon: lexicon)
    #expect(removed.rubric.criteria[0].evidence[.en]?.any.map(\.text) == ["@verify"])
    let (_, extended) = EvidenceEdit.addToConcept(name: "verify", phrase: "which account").applied(to: scenario, lexicon: lexicon)
    #expect(extended.phrases(for: "verify", in: .en)?.map(\.text) == ["confirm your email", "which account"])
    #expect(scenario.rubric.criteria[0].evidence[.en]?.any.map(\.text) == ["email|@verify"])
  }
}
