import DojoCore
import Foundation
import Testing

// Regression tests for issue 13, items 1, 2 and 4: line endings, numbers and YAML alias bombs.
// The scenario fixtures for these live in Fixtures/broken/ (see DiagnosticsTests); the other
// file kinds (answers, products, templates, lexicon) in Fixtures/hardening/.

private func hardening(_ relative: String) throws -> String { try Fixtures.path("hardening/\(relative)") }

@Suite("Line endings: CRLF and lone CR read like LF")
struct LineEndingTests {
  @Test("CRLF and CR answer files split into their turns, with the right lines", arguments: ["crlf-answers.txt", "cr-answers.txt"])
  func answerFiles(_ name: String) throws {
    let answers = try AnswerFile.load(path: try hardening(name))
    #expect(answers.turns.map(\.action) == [.reply("Hello, I am sorry\nabout that."), .reply("Let me check."), .end])
    #expect(answers.turns.map(\.line) == [2, 5, 7])
  }

  @Test("a CRLF or CR product file gives the same facts, at the same lines", arguments: ["crlf-acme.yaml", "cr-acme.yaml"])
  func productFiles(_ name: String) throws {
    let (lf, _) = ProductLoader.load(path: try Fixtures.path("templating/products/acme.yaml"))
    let (other, diagnostics) = ProductLoader.load(path: try hardening(name))
    #expect(diagnostics.isEmpty, "\(diagnostics)")
    let expected = try #require(lf), product = try #require(other)
    #expect(product.facts == expected.facts)
  }

  @Test("a CRLF template renders as its LF original does")
  func templates() throws {
    let (acme, _) = ProductLoader.load(path: try Fixtures.path("templating/products/acme.yaml"))
    let product = try #require(acme)
    let lfPath = try Fixtures.path("templating/templates/refund.yaml")
    let lf = TemplateRenderer.renderScenario(try String(contentsOfFile: lfPath, encoding: .utf8), file: lfPath, product: product)
    let crlfPath = try hardening("crlf-refund.yaml")
    let crlfText = try String(contentsOfFile: crlfPath, encoding: .utf8)
    #expect(crlfText.utf8.contains(UInt8(ascii: "\r")), "the fixture must keep its CRLF endings")
    let crlf = TemplateRenderer.renderScenario(crlfText, file: crlfPath, product: product)
    #expect(crlf.diagnostics.isEmpty, "\(crlf.diagnostics)")
    #expect(crlf.text == lf.text)
    #expect(crlf.usedFacts == lf.usedFacts)
  }

  @Test("a CRLF lexicon gives the same concepts")
  func lexicon() throws {
    let lf = LexiconLoader.load(directory: try Fixtures.path("lexicon"))
    let crlf = LexiconLoader.load(directory: try hardening("lexicon-crlf"))
    #expect(crlf.diagnostics.isEmpty, "\(crlf.diagnostics)")
    #expect(crlf.lexicon.concepts[.en] == lf.lexicon.concepts[.en])
  }

  @Test("reader errors after CRLF lines and combining marks point at the right column")
  func readerErrorColumn() {
    // "e\u{301}" is one Character but two Unicode scalars, the unit libyaml counts in.
    let (_, diagnostics) = ScenarioLoader().parse(yaml: "id: x\r\ntitle: Gru\u{308}ße \u{7}\r\n", file: "t.yaml")
    #expect(diagnostics.map(\.location.description) == ["t.yaml:2:15"])
  }

  @Test("a duplicate key whose mark lies outside the text gives no position rather than a crash")
  func duplicateKeyOutsideText() {
    let (_, diagnostics) = ScenarioLoader().parse(yaml: "a: 1\r\nb: 2\r\na: 3\r\n", file: "t.yaml")
    #expect(diagnostics.map(\.description) == ["t.yaml:3:1: error: duplicate key 'a'; each key may appear once in a mapping [DJ014]"])
  }
}

private let moodScenario = """
  id: mood-bounds
  title: Mood bounds
  role: l1-agent
  channel: chat
  language: en
  difficulty: 1
  summary: A customer.
  persona:
    name: Sam
    mood: neutral
  start: opening
  nodes:
    opening:
      customer: "Hello?"
      expects: [greet]
      branches:
        - when: { met: [greet] }
          goto: opening
          mood: +1
  rubric:
    criteria:
      - id: greet
        name: Greets
        tip: Say hello.
        evidence:
          en:
            any: ["hello"]
  escalation:
    expect: resolve
  """

/// The mood scenario with the branch's mood change and the criterion's weight set in code, as a
/// stored snapshot can carry them (they never pass the loader).
private func oddScenario(moodChange: Int, weight: Double = 1) throws -> CompiledScenario {
  let (loaded, diagnostics) = ScenarioLoader().parse(yaml: moodScenario, file: "mood.yaml")
  var scenario = try #require(loaded, "\(diagnostics)")
  scenario.nodes["opening"]!.branches[0].moodChange = moodChange
  scenario.rubric.criteria[0].weight = weight
  scenario.escalation.weight = weight
  return CompiledScenario(scenario, lexicon: Lexicon())
}

@Suite("Numbers: lint bounds them, the engine clamps them")
struct NumberBoundsTests {
  @Test("mood moves saturate at 0 and 5 for any delta")
  func moodSaturates() {
    #expect(Mood.neutral.moved(by: .max) == .delighted)
    #expect(Mood.neutral.moved(by: .min) == .gaveUp)
    #expect(Mood.delighted.moved(by: -5) == .gaveUp)
  }

  @Test("a branch mood of Int.max or Int.min plays and scores without trapping", arguments: [Int.max, Int.min, 9_223_372_036_854_775_806])
  func extremeMoodPlays(_ change: Int) throws {
    let compiled = try oddScenario(moodChange: change)
    let engine = ConversationEngine(compiled)
    var (state, _) = engine.start(seed: 1)
    for action in [TraineeAction.reply("hello"), .reply("hello"), .end] where !state.isOver {
      (state, _) = try engine.step(state, action)
    }
    // A forward step raises the mood at most to neutral while the case is open; a huge fall
    // ends at gave-up.
    #expect(state.mood == (change > 0 ? .neutral : .gaveUp))
    #expect(Scorer(compiled).score(state.transcript).score.isFinite)
  }

  @Test("a resumed state with any misses count continues")
  func oddMissesCount() throws {
    let engine = ConversationEngine(try oddScenario(moodChange: 1))
    var (state, _) = engine.start(seed: 1)
    state.missesAtNode = .max
    let (next, _) = try engine.step(state, .reply("nothing useful"))
    // No overflow: the customer moves on (or gives up), which starts the count again.
    #expect(next.missesAtNode <= 1_001)
  }

  @Test("infinite or NaN weights give a finite score", arguments: [Double.infinity, .nan, 1e308, -1])
  func oddWeights(_ weight: Double) throws {
    let outcome = try Replay.run(try oddScenario(moodChange: 1, weight: weight), actions: [.reply("hello"), .end], seed: 1)
    #expect(outcome.result.score.isFinite)
    #expect((0...100).contains(outcome.result.score))
    #expect(outcome.result.criteria.allSatisfy { $0.weight.isFinite })
  }
}

@Suite("YAML alias bombs are refused before they expand")
struct AliasBombTests {
  @Test("a template with nested aliases is refused at the alias that crosses the limit")
  func template() throws {
    let (acme, _) = ProductLoader.load(path: try Fixtures.path("templating/products/acme.yaml"))
    let path = try hardening("template-alias-bomb.yaml")
    let rendered = TemplateRenderer.renderScenario(try String(contentsOfFile: path, encoding: .utf8), file: path, product: try #require(acme))
    #expect(rendered.text == nil)
    #expect(rendered.diagnostics.map { "\($0.code) \($0.location.line):\($0.location.column)" } == ["DJ029 7:32"])
  }

  @Test("a product file with nested aliases is refused")
  func product() throws {
    let (product, diagnostics) = ProductLoader.load(path: try hardening("product-alias-bomb.yaml"))
    #expect(product == nil)
    #expect(diagnostics.map { "\($0.code) \($0.location.line):\($0.location.column)" } == ["DJ029 7:32"])
  }

  @Test("a lexicon with nested aliases is refused")
  func lexicon() throws {
    let (lexicon, diagnostics) = LexiconLoader.load(directory: try hardening("lexicon-bomb"))
    #expect(diagnostics.map { "\($0.code) \($0.location.line):\($0.location.column)" } == ["DJ029 7:36"])
    #expect(lexicon.concepts.isEmpty)
  }

  @Test("anchors and aliases used the way authors use them still load")
  func modestAliases() throws {
    let (scenario, diagnostics) = try Fixtures.load("hardening/aliases-reused.yaml")
    #expect(diagnostics.filter { $0.severity == .error }.isEmpty, "\(diagnostics)")
    let loaded = try #require(scenario)
    #expect(loaded.rubric.criteria.map(\.evidence) == [loaded.rubric.criteria[0].evidence, loaded.rubric.criteria[0].evidence])
  }
}
