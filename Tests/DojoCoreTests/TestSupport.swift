import DojoCore
import Foundation
import Testing

/// Locates the test fixtures (copied into the test bundle as `Fixtures/`) and the repository.
enum Fixtures {
  /// The `Fixtures` folder inside the test bundle.
  static var root: URL {
    get throws {
      try #require(
        Bundle.module.url(forResource: "Fixtures", withExtension: nil),
        "the test target copies Fixtures/ as a resource; Bundle.module has no such folder")
    }
  }

  /// The path of `Fixtures/<relative>`, e.g. `broken/missing-id.yaml`.
  static func path(_ relative: String) throws -> String {
    try root.appendingPathComponent(relative).path
  }

  /// The names (without `.yaml`) of the scenario fixtures in a subfolder, sorted.
  static func names(in folder: String) throws -> [String] {
    let directory = try root.appendingPathComponent(folder)
    return try FileManager.default.contentsOfDirectory(atPath: directory.path)
      .filter { $0.hasSuffix(".yaml") }
      .map { String($0.dropLast(".yaml".count)) }
      .sorted()
  }

  /// The fixture copy of the shared lexicon (`Fixtures/lexicon`), loaded without diagnostics.
  static func lexicon() throws -> Lexicon {
    let loaded = LexiconLoader.load(directory: try path("lexicon"))
    #expect(loaded.diagnostics.isEmpty, "the fixture lexicon must load cleanly: \(loaded.diagnostics)")
    return loaded.lexicon
  }

  /// Parses a scenario fixture with its YAML text edited first (the loader only, no linter), with
  /// the fixture lexicon.
  static func parse(_ relative: String, editing edit: (String) -> String) throws -> (scenario: Scenario?, diagnostics: [Diagnostic]) {
    let path = try path(relative)
    let yaml = edit(try String(contentsOfFile: path, encoding: .utf8))
    return ScenarioLoader(lexicon: try lexicon()).parse(yaml: yaml, file: path)
  }

  /// A conversation engine on a scenario fixture with its YAML text edited first (content
  /// version computed, fixture lexicon).
  static func engine(_ relative: String, editing edit: (String) -> String = { $0 }) throws -> ConversationEngine {
    let (loaded, diagnostics) = try parse(relative, editing: edit)
    var scenario = try #require(loaded, "\(diagnostics)")
    scenario.version = scenario.computeContentVersion()
    return ConversationEngine(CompiledScenario(scenario, lexicon: try lexicon()))
  }

  /// Loads a scenario fixture the way `dojo scenarios lint` does: loader first, then the linter
  /// when the scenario loaded.
  static func load(_ relative: String) throws -> (scenario: Scenario?, diagnostics: [Diagnostic]) {
    let lexicon = try lexicon()
    let (scenario, diagnostics) = ScenarioLoader(lexicon: lexicon).load(path: try path(relative))
    guard let scenario else { return (nil, diagnostics) }
    return (scenario, diagnostics + Linter(lexicon: lexicon).warnings(for: scenario))
  }
}

/// The repository checkout, for tests that read the real content under `scenarios/`.
enum Repository {
  /// The folder holding `Package.swift`, found by walking up from this source file.
  static func root(_ filePath: StaticString = #filePath) throws -> URL {
    var url = URL(fileURLWithPath: "\(filePath)").deletingLastPathComponent()
    while url.path != "/" {
      if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) { return url }
      url.deleteLastPathComponent()
    }
    Issue.record("no Package.swift above \(filePath)")
    throw CocoaError(.fileNoSuchFile)
  }

  /// `scenarios/` in the repository.
  static func scenarios() throws -> URL { try root().appendingPathComponent("scenarios") }
}

extension Array where Element == ConversationEvent {
  /// What the customer said in these events, line by line.
  var customerLines: [String] {
    compactMap { if case .customerSays(let text, _) = $0 { text } else { nil } }
  }
}
