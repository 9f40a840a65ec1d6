import Foundation
import Testing

@testable import DojoCore

/// What `practice --scenario` does before the customer's first line, made cheaper (issue 14):
/// each shortcut must give the answers of the slower code it replaced.
@Suite("Start-up path")
struct StartupPathTests {
  private static let library = ScenarioLibrary.load(paths: [LibraryPaths.scenarios], lint: false)

  @Test("opening a conversation compiles no pattern; the engine then plays as a compiled one does")
  func deferredEngine() throws {
    for scenario in Self.library.scenarios {
      let answers = try AnswerFile.load(path: "\(LibraryPaths.answers)/\(scenario.id)/strong.txt")
      let eager = ConversationEngine(CompiledScenario(scenario, lexicon: Self.library.lexicon))
      let deferred = ConversationEngine(scenario, lexicon: Self.library.lexicon)
      var (eagerState, eagerEvents) = eager.start(seed: 7)
      var (deferredState, deferredEvents) = deferred.start(seed: 7)
      #expect(!deferred.isCompiled, "\(scenario.id): the opening compiled the patterns")
      #expect(deferredEvents == eagerEvents && deferredState == eagerState, "\(scenario.id): another opening")
      for turn in answers.turns where !eagerState.isOver {
        eagerEvents = try eager.apply(turn.action, to: &eagerState)
        deferredEvents = try deferred.apply(turn.action, to: &deferredState)
        #expect(deferredEvents == eagerEvents, "\(scenario.id), answer line \(turn.line)")
      }
      #expect(deferred.isCompiled)
      #expect(deferredState == eagerState, "\(scenario.id): another end state")
      #expect(Scorer(deferred.compiled).score(deferredState.transcript) == Scorer(eager.compiled).score(eagerState.transcript))
    }
  }

  @Test("the lexicon languages a scenario file may use, told without parsing it")
  func languagesNamed() {
    #expect(ScenarioLibrary.languagesNamed(in: "id: x\nlanguage: en\n") == [.en])
    #expect(ScenarioLibrary.languagesNamed(in: "language: 'de' # German\nrubric:\n  - evidence:\n      en:\n") == [.de, .en])
    #expect(ScenarioLibrary.languagesNamed(in: "language: de\nx: {evidence: {\"en\": {any: [a]}}}") == [.de, .en])
    #expect(ScenarioLibrary.languagesNamed(in: "language: de\ncustomer: \"Kunden: oder Frauen\"\n") == [.de])
    #expect(ScenarioLibrary.languagesNamed(in: "language: de\ntip: \"(\\\"Mit freundlichen Grüßen\\\")\"\n") == [.de])
    #expect(ScenarioLibrary.languagesNamed(in: "id: x\n") == nil)
    #expect(ScenarioLibrary.languagesNamed(in: "language: fr\n") == nil)
  }

  @Test("a scenario loads the same with only its languages of the lexicon, which holds only those")
  func scenarioLanguagesLexicon() throws {
    for scenario in Self.library.scenarios {
      let one = ScenarioLibrary.load(
        paths: [scenario.path], lexiconDirectory: LibraryPaths.scenarios + "/lexicon", lint: false, lexicon: .scenarioLanguages)
      #expect(one.diagnostics.isEmpty)
      #expect(Set(one.lexicon.concepts.keys) == [scenario.language], "\(scenario.id)")
      #expect(one.lexicon.concepts[scenario.language] == Self.library.lexicon.concepts[scenario.language])
      #expect(one.lexicon.requestConcepts[scenario.language] == Self.library.lexicon.requestConcepts[scenario.language])
      let loaded = try #require(one.scenarios.first)
      #expect(loaded.version == scenario.version, "\(scenario.id)")
    }
  }

  @Test("ids are checked as the regular expression ^[a-z0-9][a-z0-9-]*$ checked them")
  func identifiers() {
    let samples = [
      "l1-unexpected-charge", "a", "0", "9-", "a--b", "", "-a", "A", "l1_x", "l1 x", " l1", "l1 ", "ä", "l1-ä",
      "l1\n", "l1\r\n", "l1\r", "l1\u{2028}", "l1\u{85}", "l1\n\n", "\n", "l1\nx", "l1\u{0B}", "l1\u{0C}", "l1\t", "é",
      "e\u{301}", "l1-\u{FF41}", "１",
    ]
    for sample in samples {
      let regex = sample.range(of: "^[a-z0-9][a-z0-9-]*$", options: .regularExpression) != nil
      #expect(ScenarioLoader.isIdentifier(sample) == regex, "\(sample.debugDescription)")
    }
  }

  @Test("scenario files: hidden folders entered, linked folders and reserved names not, sorted")
  func scenarioFiles() throws {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("dojo-files-\(UUID().uuidString)").path
    let elsewhere = root + "-elsewhere"
    defer {
      try? FileManager.default.removeItem(atPath: root)
      try? FileManager.default.removeItem(atPath: elsewhere)
    }
    let manager = FileManager.default
    for folder in ["b", ".hidden", "b/answers", "lexicon", "products", "c/templates", "d.yaml"] {
      try manager.createDirectory(atPath: "\(root)/\(folder)", withIntermediateDirectories: true)
    }
    try manager.createDirectory(atPath: elsewhere, withIntermediateDirectories: true)
    for file in ["a.yaml", "b/x.yml", ".hidden/h.yaml", "b/answers/no.yaml", "lexicon/en.yaml", "products/p.yaml",
      "c/templates/t.yaml", "c/notes.txt", "d.yaml/inner.yaml", "answers"]
    {
      try Data("id: x\n".utf8).write(to: URL(fileURLWithPath: "\(root)/\(file)"))
    }
    try Data("id: y\n".utf8).write(to: URL(fileURLWithPath: "\(elsewhere)/far.yaml"))
    try manager.createSymbolicLink(atPath: "\(root)/linked", withDestinationPath: elsewhere)
    try manager.createSymbolicLink(atPath: "\(root)/link.yaml", withDestinationPath: "\(elsewhere)/far.yaml")

    let expected = [".hidden/h.yaml", "a.yaml", "b/x.yml", "d.yaml", "d.yaml/inner.yaml", "link.yaml"].map { "\(root)/\($0)" }
    #expect(ScenarioLibrary.scenarioFiles(in: root) == expected)
    #expect(ScenarioLibrary.scenarioFiles(in: root + "/a.yaml").isEmpty)
    #expect(ScenarioLibrary.scenarioFiles(in: root + "/missing").isEmpty)
  }

  @Test("the id line is found in any line ending, the last line included")
  func topLevelIDLineEndings() {
    #expect(ScenarioLibrary.topLevelID(in: "title: X\rid: l1-a\r") == "l1-a")
    #expect(ScenarioLibrary.topLevelID(in: "title: X\r\nid:l1-b") == "l1-b")
    #expect(ScenarioLibrary.topLevelID(in: "id:") == "")
    #expect(ScenarioLibrary.topLevelID(in: "id: \"\"") == "")
    #expect(ScenarioLibrary.topLevelID(in: "id: \"") == "\"")
    #expect(ScenarioLibrary.topLevelID(in: "id: \"é\" # ü") == "é")
    #expect(ScenarioLibrary.topLevelID(in: "") == nil)
    #expect(ScenarioLibrary.topLevelID(in: "ids: x\n id: y") == nil)
  }

  @Test("a pattern's alternatives: one phrase without `|`, trimmed; none when blank")
  func alternatives() {
    #expect(PhrasePattern(" refund ").alternatives == ["refund"])
    #expect(PhrasePattern("  ").alternatives == [])
    #expect(PhrasePattern("a | b|| @c ").alternatives == ["a", "b", "@c"])
    #expect(PhrasePattern("@refund {time_frame}").conceptReferences == ["refund"])
  }
}
