import ArgumentParser
import DojoConsole
import DojoCore
import Foundation

extension Dojo {
  /// Commands for scenario authors: lint, list, show, autoplay.
  struct Scenarios: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "scenarios",
      abstract: "Lint, list, show, autoplay, refresh, diff and create scenarios (also from transcripts); suggest pattern changes from reviews.",
      subcommands: [Lint.self, List.self, Show.self, Autoplay.self, Refresh.self, Stale.self, Diff.self, New.self, FromTranscript.self, Versions.self, Suggest.self])
  }
}

extension Dojo.Scenarios {
  /// Checks scenario files and folders and prints file:line:col diagnostics.
  struct Lint: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "lint",
      abstract: "Check scenario files; errors and warnings name file:line:col.",
      discussion: "Exit code 1 when any file has an error; warnings alone exit 0 unless --strict.")

    @Argument(help: "Files or folders (default: the scenario folder).")
    var paths: [String] = []

    @Flag(help: "Treat warnings as errors.")
    var strict = false

    @Flag(help: "Also read every rubric example against its criterion (DJ107; compiles each scenario, a few ms per file).")
    var examples = false

    @Option(help: "Output format.")
    var format: OutputFormat = .text

    @OptionGroup var source: ScenarioOptions

    func run() throws {
      Style.configure()
      if self.paths.isEmpty { try source.requireLibrary() }
      let paths = self.paths.isEmpty ? [source.resolvedDirectory] : self.paths
      // Product files and templates are checked by rendering every template for every product,
      // in a scenario folder and when named on their own.
      let content = paths.filter { TemplateLibrary.contentRoot(of: $0) != nil }
      let scenarioPaths = paths.filter { !content.contains($0) }
      var library = ScenarioLibrary.load(
        paths: scenarioPaths, lexiconDirectory: source.lexiconDirectory(near: scenarioPaths), versions: false, examples: examples)
      library.diagnostics += paths.flatMap { TemplateLibrary.lintFolder($0, lexicon: library.lexicon) }
      library.diagnostics += content.flatMap(TemplateLibrary.lintContent)
      let diagnostics = library.diagnostics
      switch format {
      case .json:
        try Terminal.printJSON(LintReport(files: library.files.count, scenarios: library.scenarios.count, diagnostics: diagnostics))
      case .text:
        for diagnostic in diagnostics {
          let severity = diagnostic.severity == .error ? Style.bad("error") : Style.warn("warning")
          print("\(diagnostic.location): \(severity): \(neutralized(diagnostic.message)) [\(diagnostic.code)]")
        }
        let errors = library.errors.count, warnings = library.warnings.count
        let summary = "\(library.files.count) file(s), \(library.scenarios.count) scenario(s) loaded, \(errors) error(s), \(warnings) warning(s)"
        FileHandle.standardError.write(Data("\(summary)\n".utf8))
      }
      if !library.errors.isEmpty || (strict && !library.warnings.isEmpty) { throw ExitCode(1) }
    }
  }

  struct LintReport: Encodable {
    var files: Int
    var scenarios: Int
    var diagnostics: [Diagnostic]
  }

  /// Lists the scenarios with role, channel, language and difficulty.
  struct List: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List scenarios.")

    @Option(help: "Only this role.")
    var role: Role?

    @Option(help: "Only this language.")
    var language: Language?

    @Option(help: "Output format.")
    var format: TableFormat = .table

    @OptionGroup var source: ScenarioOptions

    func run() throws {
      Style.configure()
      // The cached catalog when the library reads cleanly; else the library itself, which
      // reports its errors.
      let scenarios = try source.catalog()
        .filter { role == nil || $0.role == role }
        .filter { language == nil || $0.language == language }
        .sorted { ($0.role, $0.id) < ($1.role, $1.id) }
      switch format {
      case .json:
        try Terminal.printJSON(scenarios.map(ScenarioSummary.init))
      case .table:
        let rows = scenarios.map { s in
          [s.id, s.role.rawValue, s.channel.rawValue, s.language.rawValue, String(s.difficulty),
           s.form.map { "\(s.formGroup ?? "")/\($0)" } ?? "", s.title]
        }
        print(TextTable(header: ["ID", "ROLE", "CHANNEL", "LANG", "DIFF", "FORM", "TITLE"], rows: rows).render())
      }
    }
  }

  /// Shows one scenario: briefing, persona, nodes, rubric and escalation expectation.
  struct Show: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Show one scenario.")

    @Argument(help: "Scenario id or path.", completion: Completions.scenarioIDsOrPaths)
    var scenario: String

    @Option(help: "Output format.")
    var format: OutputFormat = .text

    @OptionGroup var source: ScenarioOptions

    func run() throws {
      Style.configure()
      let (scenario, _) = try source.scenario(self.scenario)
      switch format {
      case .json: try Terminal.printJSON(WithScenarioID(scenario.id, scenario))
      case .text: print(ScenarioView(scenario: scenario).render())
      }
    }
  }

  /// Plays model and random paths and reports coverage, dead ends and unreached endings.
  struct Autoplay: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "autoplay",
      abstract: "Play model and random paths through scenarios; report coverage and dead ends.",
      discussion: "Exit code 1 when a scenario has dead ends, unreached nodes or a model path that does not pass.")

    @Argument(help: "Files or folders (default: the scenario folder).")
    var paths: [String] = []

    @Option(help: "Random runs per scenario.")
    var runs = 200

    @Option(help: "Seed for the random players.")
    var seed: UInt64 = 1

    @Option(help: "Output format.")
    var format: OutputFormat = .text

    @OptionGroup var source: ScenarioOptions

    func validate() throws {
      guard runs >= 0 else { throw ValidationError("--runs must be 0 or more") }
    }

    func run() throws {
      Style.configure()
      if self.paths.isEmpty { try source.requireLibrary() }
      let paths = self.paths.isEmpty ? [source.resolvedDirectory] : self.paths
      let library = ScenarioLibrary.load(paths: paths, lexiconDirectory: source.lexiconDirectory(near: paths), lint: false)
      if !library.errors.isEmpty {
        for diagnostic in library.errors { Terminal.error(diagnostic.description) }
        throw ExitCode(1)
      }
      var reports: [AutoplayReport] = []
      for (index, scenario) in library.scenarios.enumerated() {
        let autoplay = DojoCore.Autoplay(CompiledScenario(scenario, lexicon: library.lexicon))
        reports.append(autoplay.run(runs: runs, seed: seed) { run in
          if run % 50 == 0 { Terminal.progress("autoplay \(index + 1)/\(library.scenarios.count) \(scenario.id): run \(run)/\(runs)") }
        })
      }
      Terminal.endProgress()
      switch format {
      case .json: try Terminal.printJSON(reports.map { WithScenarioID($0.scenario, $0) })
      case .text: for report in reports { print(AutoplayView(report: report).render()) }
      }
      let problems = reports.contains { !$0.deadEnds.isEmpty || !$0.nodesNeverVisited.isEmpty || $0.modelPassed != true }
      if problems { throw ExitCode(1) }
    }
  }
}

/// One line per scenario in `dojo scenarios list --format json`.
struct ScenarioSummary: Encodable {
  var id, title, role, channel, language: String
  var difficulty: Int
  var form: String?
  var formGroup: String?
  var tags: [String]
  var version: String
  var path: String

  private enum CodingKeys: String, CodingKey {
    case id, title, role, channel, language, difficulty, form, formGroup, tags, version, path
  }

  /// Every key, with null for absent values, so the JSON shape is stable.
  func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(id, forKey: .id)
    try c.encode(title, forKey: .title)
    try c.encode(role, forKey: .role)
    try c.encode(channel, forKey: .channel)
    try c.encode(language, forKey: .language)
    try c.encode(difficulty, forKey: .difficulty)
    try c.encode(form, forKey: .form)
    try c.encode(formGroup, forKey: .formGroup)
    try c.encode(tags, forKey: .tags)
    try c.encode(version, forKey: .version)
    try c.encode(path, forKey: .path)
    // `id` is deprecated: `scenario_id` is the key of every output.
    var named = encoder.container(keyedBy: ScenarioIDKey.self)
    try named.encode(id, forKey: .scenarioID)
  }

  init(_ s: CatalogEntry) {
    id = s.id
    title = s.title
    role = s.role.rawValue
    channel = s.channel.rawValue
    language = s.language.rawValue
    difficulty = s.difficulty
    form = s.form
    formGroup = s.formGroup
    tags = s.tags
    version = s.version
    path = s.path
  }
}

extension Role: ExpressibleByArgument {}
