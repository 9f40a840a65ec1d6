import DojoCore
import Foundation
import Testing

// What `dojo scenarios lint` shows for each fixture under Fixtures/broken/: every fixture has one
// problem, and the table below lists the exact diagnostics a user should see for it
// (`file:line:col: severity: message [code]`). Lines and columns are 1-based; line 1 of every
// fixture is a comment that says what the fixture proves.
//
// Criterion warnings point at the criterion's first key (`id`), the start of its mapping.
// Entries marked `loaderBug:` hold what a user SHOULD see; the loader reports something else
// today (the bug text says what). They run under `withKnownIssue`, so the suite stays green and
// turns red as soon as the loader is fixed: then drop the `loaderBug:` and keep the expectation.

/// One diagnostic as the user sees it, without the file name.
struct SeenDiagnostic: Equatable, Sendable, CustomStringConvertible {
  var severity: Severity
  var code: String
  var line: Int
  var column: Int
  var message: String

  init(_ severity: Severity, _ code: String, _ line: Int, _ column: Int, _ message: String) {
    self.severity = severity
    self.code = code
    self.line = line
    self.column = column
    self.message = message
  }

  init(_ diagnostic: Diagnostic) {
    self.init(diagnostic.severity, diagnostic.code, diagnostic.location.line, diagnostic.location.column, diagnostic.message)
  }

  var description: String { "\(line):\(column): \(severity.rawValue): \(message) [\(code)]" }
}

private func error(_ code: String, _ line: Int, _ column: Int, _ message: String) -> SeenDiagnostic {
  SeenDiagnostic(.error, code, line, column, message)
}

private func warning(_ code: String, _ line: Int, _ column: Int, _ message: String) -> SeenDiagnostic {
  SeenDiagnostic(.warning, code, line, column, message)
}

/// A fixture under Fixtures/broken/ and the diagnostics it must produce.
struct BrokenFixture: Sendable, CustomTestStringConvertible {
  var name: String
  var expected: [SeenDiagnostic]
  /// What the loader gets wrong for this fixture today, when it does.
  var loaderBug: String?

  init(_ name: String, _ expected: [SeenDiagnostic], loaderBug: String? = nil) {
    self.name = name
    self.expected = expected
    self.loaderBug = loaderBug
  }

  var testDescription: String { name }
  var relativePath: String { "broken/\(name).yaml" }
}

private let emptyPatternInEmpathy = "empty pattern in 'any' of 'evidence' of criterion 'empathy' for 'en'; expected a phrase or @concept"
private let unusedClosing = "criterion 'closing' is not expected at any node and has no scope; add it to a node's 'expects' or give it a scope"

let brokenFixtures: [BrokenFixture] = [
  // MARK: Unreadable files and YAML syntax
  .init("not-utf8", [error("DJ001", 1, 1, "file is not valid UTF-8 text")]),
  // Layout mistakes are named in plain words on the line to change, not in the parser's words
  // where it noticed ("did not find expected key", often a line later).
  .init("yaml-bad-indentation", [error("DJ002", 11, 4, "line 11: indentation does not match the lines above (3 spaces here; the lines above start at 2 spaces)")]),
  .init("yaml-indentation-too-shallow", [error("DJ002", 17, 4, "line 17: indentation does not match the lines above (3 spaces here; the lines above start at 2 or 4 spaces)")]),
  .init("yaml-indentation-in-list", [error("DJ002", 21, 8, "line 21: indentation does not match the lines above (7 spaces here; the lines above start at 6 or 8 spaces)")]),
  .init("yaml-tab-indentation", [error("DJ002", 12, 1, "line 12 is indented with a tab; use spaces")]),
  .init("yaml-tab-after-spaces", [error("DJ002", 17, 5, "line 17 is indented with a tab; use spaces")]),
  .init("yaml-missing-colon", [error("DJ002", 17, 5, "line 17: 'expects [empathy]' has no ':' after its key; write 'key: value'")]),
  .init("yaml-unclosed-quote", [error("DJ002", 18, 13, "YAML syntax: did not find expected key (while parsing a block mapping that starts at line 16, column 5)")]),
  .init("yaml-unclosed-quote-at-end", [error("DJ002", 35, 14, "YAML syntax: found unexpected end of stream (while scanning a quoted scalar that starts at line 35, column 14)")]),
  .init("yaml-control-character", [error("DJ002", 16, 26, "YAML syntax: control characters are not allowed")]),
  .init("yaml-alias-bomb", [
    error("DJ029", 6, 32, "YAML aliases expand this file too much (at '*c'): at most 10000 nodes and 1000000 bytes of text may come from aliases; write the repeated part out or reuse less")
  ]),
  .init("yaml-deep-nesting", [error("DJ029", 3, 70, "YAML nested more than 64 levels deep; flatten the structure")]),
  // MARK: Line endings: CRLF (Windows) and lone CR (old Mac) read like LF
  .init("crlf-duplicate-key", [error("DJ014", 4, 1, "duplicate key 'title'; each key may appear once in a mapping")]),
  .init("cr-duplicate-key", [error("DJ014", 4, 1, "duplicate key 'title'; each key may appear once in a mapping")]),
  .init("crlf-invalid-difficulty", [error("DJ013", 7, 13, "'difficulty' must be between 1 and 3, found 4")]),
  // MARK: Not a scenario mapping
  .init("empty-file", [error("DJ003", 1, 1, "file is empty; expected a scenario mapping")]),
  .init("top-level-list", [error("DJ003", 2, 1, "expected the scenario as a mapping of keys (id, title, role, …), found a list")]),
  .init("top-level-scalar", [error("DJ003", 2, 1, "expected the scenario as a mapping of keys (id, title, role, …), found text 'just some text'")]),

  // MARK: Unknown keys
  .init("unknown-key-top", [
    error("DJ010", 8, 1, "unknown key 'tag' in the scenario; expected one of: id, title, role, channel, language, difficulty, tags, form, form_group, products, summary, persona, start, nodes, intents, rubric, escalation, facts, organisation (did you mean 'tags'?)")
  ]),
  .init("unknown-key-node", [
    error("DJ010", 18, 5, "unknown key 'modle' in node 'opening'; expected one of: customer, reprompt, facts, expects, branches, model, commentary, end, mood, moves_on (did you mean 'model'?)")
  ]),
  .init("unknown-key-criterion", [
    error("DJ010", 29, 7, "unknown key 'weigth' in criterion 'empathy'; expected one of: id, name, weight, scale, critical, bonus, tip, scope, evidence, examples, prompt, reaction (did you mean 'weight'?)")
  ]),
  .init("unknown-key-when", [
    error("DJ010", 20, 17, "unknown key 'mett' in 'when' of a branch of node 'opening'; expected one of: met, met_any, not_met, intent, escalated, transferred, misses (did you mean 'met'?)")
  ]),

  // MARK: Missing keys (reported where the mapping that lacks the key starts)
  .init("missing-id", [error("DJ011", 2, 1, "missing key 'id' in the scenario; expected a scenario id such as l1-unexpected-charge")]),
  .init("missing-role", [
    error("DJ011", 2, 1, "missing key 'role' in the scenario; expected one of l1-agent, l2-specialist, tech-support, team-lead, cs-manager")
  ]),
  .init("missing-persona-mood", [
    error("DJ011", 10, 3, "missing key 'mood' in 'persona'; expected a starting mood: angry, upset, neutral, satisfied, delighted")
  ]),
  .init("missing-criterion-tip", [error("DJ011", 27, 7, "missing key 'tip' in criterion 'empathy'; expected a coaching tip that says what to do")]),
  .init("missing-branch-goto", [
    error("DJ011", 20, 9, "missing key 'goto' in a branch of node 'opening'; expected the id of the node this branch leads to")
  ]),
  .init("escalate-without-target", [
    error("DJ011", 34, 3, "missing key 'target' in 'escalation'; expected who the case goes to (e.g. l2-specialist, sales)")
  ]),

  // MARK: Wrong types
  .init("wrong-type-difficulty-text", [error("DJ012", 7, 13, "expected a whole number for 'difficulty', found text 'easy'")]),
  .init("wrong-type-customer-mapping", [error("DJ012", 16, 15, "expected text or a list for the customer line of node 'opening', found a mapping")]),
  .init("wrong-type-weight-list", [error("DJ012", 29, 15, "expected a number for 'weight' of criterion 'empathy', found a list")]),

  // MARK: Invalid values
  .init("invalid-difficulty", [error("DJ013", 7, 13, "'difficulty' must be between 1 and 3, found 4")]),
  .init("invalid-weight-zero", [error("DJ013", 29, 15, "'weight' of criterion 'empathy' must be greater than 0 and at most 100, found 0")]),
  .init("invalid-weight-huge", [error("DJ013", 29, 15, "'weight' of criterion 'empathy' must be greater than 0 and at most 100, found 1e300")]),
  .init("invalid-mood-huge", [error("DJ013", 22, 15, "'mood' must be between -5 and +5, found 9223372036854775807")]),
  .init("invalid-mood-beyond-int", [error("DJ013", 22, 15, "'mood' must be between -5 and +5, found -99999999999999999999")]),
  .init("invalid-misses-huge", [error("DJ013", 20, 41, "'misses' must be between 1 and 20, found 4294967296")]),
  .init("invalid-window-reversed", [error("DJ013", 36, 11, "'window' starts after it ends: [5, 2]")]),
  .init("invalid-id-capitals", [error("DJ013", 2, 5, "id 'Fixture-Valid' must be lower-case letters, digits and hyphens")]),
  .init("invalid-escalation-weight", [error("DJ013", 35, 11, "the escalation 'weight' must be greater than 0 and at most 100, found -1")]),
  // MARK: Duplicates
  .init("duplicate-key", [error("DJ014", 4, 1, "duplicate key 'title'; each key may appear once in a mapping")]),
  .init("duplicate-key-nested", [error("DJ014", 11, 3, "duplicate key 'name'; each key may appear once in a mapping")]),
  .init("duplicate-criterion-id", [error("DJ015", 33, 7, "duplicate criterion id 'empathy'")]),

  // MARK: Dangling references
  .init("unknown-goto-node", [
    error("DJ020", 21, 15, "unknown node 'dnoe' in 'goto' of a branch of node 'opening'; expected one of: done, opening (did you mean 'done'?)")
  ]),
  .init("unknown-start-node", [error("DJ020", 13, 8, "unknown node 'begin' in 'start'; expected one of: done, opening")]),
  .init("unknown-scope-node", [
    error("DJ020", 30, 24, "unknown node 'closing' in 'scope' of criterion 'empathy'; expected one of: done, opening")
  ]),
  .init("unknown-expects-criterion", [
    error("DJ021", 17, 24, "unknown criterion 'sympathy' in 'expects' of node 'opening'; expected one of: empathy (did you mean 'empathy'?)")
  ]),
  .init("unknown-concept", [
    error("DJ022", 32, 17, "unknown concept '@empathyy' in 'evidence' of criterion 'empathy' for 'en'; the 'en' lexicon has no such concept (did you mean 'empathy'?)")
  ]),
  .init("unknown-concept-in-alternative", [
    error("DJ022", 32, 29, "unknown concept '@apologee' in 'evidence' of criterion 'empathy' for 'en'; the 'en' lexicon has no such concept (did you mean 'apology'?)")
  ]),
  .init("unknown-intent", [
    error("DJ023", 24, 41, "unknown intent 'wants_refnd' in a branch of node 'opening'; expected one of: wants_refund (did you mean 'wants_refund'?)")
  ]),
  .init("unknown-intent-none-defined", [error("DJ023", 20, 41, "unknown intent 'wants_refund' in a branch of node 'opening'; the scenario defines no intents; add it under 'intents'")]),
  // MARK: Unknown names
  .init("unknown-role", [
    error("DJ024", 4, 7, "unknown role 'l1agent'; expected one of: l1-agent, l2-specialist, tech-support, team-lead, cs-manager (did you mean 'l1-agent'?)")
  ]),
  .init("unknown-language", [error("DJ025", 6, 11, "unknown language 'fr'; expected one of: en, de")]),
  .init("unknown-evidence-language", [
    error("DJ025", 33, 9, "unknown language 'fr' in 'evidence' of criterion 'empathy'; expected one of: en, de")
  ]),
  .init("unknown-escalation-target", [
    error("DJ026", 35, 11, "unknown escalation tier 'l3-specialist'; expected one of: l2-specialist, tech-support, engineering, team-lead, cs-manager, leadership (did you mean 'l2-specialist'?)")
  ]),

  // MARK: Empty patterns
  .init("empty-pattern", [error("DJ027", 32, 29, emptyPatternInEmpathy)]),
  .init("pattern-only-bar", [error("DJ027", 32, 29, emptyPatternInEmpathy)]),
  // MARK: Warnings: these fixtures load
  .init("warn-unreachable-node", [warning("DJ100", 25, 3, "node 'orphan' cannot be reached from start node 'opening'")]),
  .init("warn-no-way-out", [
    warning("DJ101", 24, 3, "node 'stuck' has no branches and no 'end'; the conversation can only stop here by escalation or /end")
  ]),
  .init("warn-unused-criterion", [warning("DJ102", 34, 7, unusedClosing)]),
  .init("warn-unused-criterion-deep-indent", [warning("DJ102", 34, 9, unusedClosing)]),
  .init("warn-no-patterns-for-language", [
    warning("DJ103", 27, 7, "criterion 'empathy' has no evidence patterns for the scenario's language 'en'; it can never be met")
  ]),
  .init("warn-missing-model-answer", [
    warning("DJ104", 15, 3, "node 'opening' has no model answer; feedback and the walk-through need one")
  ]),
  .init("warn-unused-intent", [warning("DJ105", 15, 3, "intent 'wants_refund' is not used by any branch")]),
]

@Suite("Scenario diagnostics")
struct DiagnosticsTests {
  @Test("Each broken fixture yields exactly the diagnostics a user should see", arguments: brokenFixtures)
  func exactDiagnostics(_ fixture: BrokenFixture) throws {
    let path = try Fixtures.path(fixture.relativePath)
    let (_, diagnostics) = try Fixtures.load(fixture.relativePath)
    #expect(diagnostics.allSatisfy { $0.location.file == path }, "every diagnostic names the fixture's file")
    let seen = diagnostics.map(SeenDiagnostic.init)
    if let bug = fixture.loaderBug {
      withKnownIssue(Comment(rawValue: bug)) {
        #expect(seen == fixture.expected)
      }
    } else {
      #expect(seen == fixture.expected)
    }
  }

  @Test("The table covers every fixture under broken/, once")
  func tableCoversEveryFixture() throws {
    let names = try Fixtures.names(in: "broken")
    let tabled = brokenFixtures.map(\.name)
    #expect(Set(tabled).count == tabled.count, "a fixture is listed twice")
    #expect(Set(names).subtracting(tabled).sorted() == [], "fixtures without expectations")
    #expect(Set(tabled).subtracting(names).sorted() == [], "expectations without a fixture file")
    #expect(names.count >= 25)
  }

  @Test("A fixture with errors yields no scenario; one without errors yields one", arguments: try Fixtures.names(in: "broken"))
  func errorsMeanNoScenario(_ name: String) throws {
    let lexicon = try Fixtures.lexicon()
    let path = try Fixtures.path("broken/\(name).yaml")
    let (scenario, diagnostics) = ScenarioLoader(lexicon: lexicon).load(path: path)
    let hasErrors = diagnostics.contains { $0.severity == .error }
    #expect(hasErrors == (scenario == nil), "errors: \(diagnostics)")

    // Never crash, whatever the file holds so far: every prefix of the fixture (cut after each
    // line and in the middle of each line) keeps the same rule.
    guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else { return }
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    for count in 0...lines.count {
      let whole = lines.prefix(count).joined(separator: "\n")
      let half = count < lines.count ? whole + (count > 0 ? "\n" : "") + lines[count].prefix(lines[count].count / 2) : whole
      for prefix in [whole, half] {
        let (partial, found) = ScenarioLoader(lexicon: lexicon).parse(yaml: prefix, file: path)
        let partialHasErrors = found.contains { $0.severity == .error }
        #expect(partialHasErrors == (partial == nil), "prefix of \(count) lines: \(found)")
        #expect(found.allSatisfy { $0.location.line >= 1 && $0.location.column >= 1 })
      }
    }
  }

  @Test("Broken fixtures that are expected to load are exactly the warning-only ones")
  func warningFixturesLoad() throws {
    for fixture in brokenFixtures {
      let (scenario, _) = try Fixtures.load(fixture.relativePath)
      let expectsErrors = fixture.expected.contains { $0.severity == .error }
      if fixture.loaderBug == nil {
        #expect((scenario == nil) == expectsErrors, "\(fixture.name)")
      }
    }
  }

  @Test("The valid fixture loads with no diagnostics at all")
  func validFixtureLoadsCleanly() throws {
    let (scenario, diagnostics) = try Fixtures.load("valid/minimal.yaml")
    #expect(diagnostics.map(SeenDiagnostic.init) == [])
    let loaded = try #require(scenario)
    #expect(loaded.id == "valid-minimal")
    #expect(loaded.nodeOrder == ["opening", "done"])
    #expect(loaded.rubric.criteria.map(\.id) == ["empathy"])
    #expect(loaded.escalation.expect == .resolve)
  }

  @Test("ScenarioLibrary reports the same diagnostics per file as the loader plus the linter")
  func libraryAgreesWithLoader() throws {
    let library = ScenarioLibrary.load(
      paths: [try Fixtures.path("broken"), try Fixtures.path("valid")], lexiconDirectory: try Fixtures.path("lexicon"))
    #expect(!library.diagnostics.contains { $0.code == "DJ028" }, "every fixture has its own scenario id")
    var loadedIDs: [String] = []
    for name in try Fixtures.names(in: "broken") {
      let path = try Fixtures.path("broken/\(name).yaml")
      let (scenario, diagnostics) = try Fixtures.load("broken/\(name).yaml")
      #expect(library.diagnostics.filter { $0.location.file == path } == diagnostics, "\(name)")
      if let scenario { loadedIDs.append(scenario.id) }
    }
    loadedIDs.append("valid-minimal")
    #expect(library.scenarios.map(\.id).sorted() == loadedIDs.sorted())
    #expect(library.files.count == (try Fixtures.names(in: "broken")).count + 1)
  }

  @Test("The fixture lexicon is a verbatim copy of scenarios/lexicon")
  func fixtureLexiconMatchesShippedLexicon() throws {
    let shipped = try Repository.scenarios().appendingPathComponent("lexicon")
    for file in ["en.yaml", "de.yaml"] {
      let original = try Data(contentsOf: shipped.appendingPathComponent(file))
      let copy = try Data(contentsOf: URL(fileURLWithPath: try Fixtures.path("lexicon/\(file)")))
      #expect(copy == original, "Fixtures/lexicon/\(file) differs from scenarios/lexicon/\(file); copy it again")
    }
  }

  @Test("lint --examples warns (DJ107) at the criterion when an example is not read as it says")
  func exampleMismatch() throws {
    let (loaded, diagnostics) = try Fixtures.parse("conversation/agenda.yaml") {
      $0.replacingOccurrences(
        of: "      scope: [opening, angry]\n",
        with: "      scope: [opening, angry]\n      examples:\n        met: [\"I'm so sorry.\", \"Hello.\"]\n        not_met: [\"I understand.\"]\n")
    }
    let scenario = try #require(loaded, "\(diagnostics)")
    let linter = Linter(lexicon: try Fixtures.lexicon())
    #expect(linter.warnings(for: scenario).allSatisfy { $0.code != DiagnosticCode.exampleMismatch.rawValue }, "only with examples: true")
    let warnings = linter.warnings(for: scenario, examples: true).filter { $0.code == DiagnosticCode.exampleMismatch.rawValue }
    #expect(warnings.map(\.message) == [
      "criterion 'empathy' is not met by its example \"Hello.\"; widen its patterns or change the example",
      "criterion 'empathy' is met by its not_met example \"I understand.\"; narrow its patterns or change the example",
    ])
    let empathy = try #require(scenario.rubric.criterion("empathy"))
    #expect(warnings.allSatisfy { $0.location.line == empathy.line && $0.location.column == empathy.column })
  }
}
