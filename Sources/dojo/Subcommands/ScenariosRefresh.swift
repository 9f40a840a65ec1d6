import ArgumentParser
import DojoConsole
import DojoCore
import Foundation

extension Dojo.Scenarios {
  /// Renders the template scenarios for a product into ordinary scenario and answer files.
  struct Refresh: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "refresh",
      abstract: "Render the template scenarios for a product into scenario files.",
      discussion: """
        Reads products/<id>.yaml and templates/<role>/*.yaml under the scenario folder, writes \
        <role>/<template-id>-<product>.yaml (without the role's id prefix: l1-agent/refund-streamly.yaml \
        for l1-refund-streamly) and answers/<template-id>-<product>/*.txt, and lints \
        the results. Nothing is written when a rendered file has an error (exit code 1).
        """)

    @Option(help: "The product to render for (its id in products/).")
    var product: String

    @Option(help: "Re-target: render for --product the templates of the scenarios rendered for this product.")
    var from: String?

    @Flag(help: "Show what would change without writing.")
    var dryRun = false

    @Flag(help: "Overwrite rendered files that were edited by hand.")
    var force = false

    @Option(help: "Output format.")
    var format: OutputFormat = .text

    @OptionGroup var source: ScenarioOptions

    func run() throws {
      Style.configure()
      let root = source.resolvedDirectory
      let library = TemplateLibrary(root: root, lexicon: try lexicon(near: root))
      let plan: RefreshPlan
      do {
        plan = try library.plan(product: product, from: from)
      } catch {
        Terminal.error(error.description)
        throw ExitCode(1)
      }
      let failed = !plan.errors.isEmpty
      // A rendered file someone edited would lose the edit: say so and write nothing, unless forced.
      let edited = plan.outputs.filter { output in
        guard output.kind == .scenario, output.status == .changed else { return false }
        let path = (root as NSString).appendingPathComponent(output.path)
        return (try? String(contentsOfFile: path, encoding: .utf8)).map(RenderedHeader.isEditedByHand) ?? false
      }
      if !failed && !dryRun && !force && !edited.isEmpty {
        for output in edited {
          Terminal.error(
            "\((root as NSString).appendingPathComponent(output.path)): edited by hand since it was rendered; "
              + "move the change into \(output.template) or the product file, or pass --force to overwrite it")
        }
        throw ExitCode(1)
      }
      if !failed && !dryRun {
        for output in plan.outputs where output.status != .unchanged {
          let path = (root as NSString).appendingPathComponent(output.path)
          do {
            try FileManager.default.createDirectory(
              atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try output.content.write(toFile: path, atomically: true, encoding: .utf8)
          } catch {
            Terminal.error("\(path): cannot write: \(error.localizedDescription)")
            throw ExitCode(1)
          }
        }
      }
      switch format {
      case .json:
        try Terminal.printJSON(RefreshReport(
          product: plan.product, dryRun: dryRun, written: !failed && !dryRun, files: plan.outputs,
          diagnostics: plan.diagnostics))
      case .text:
        for diagnostic in plan.diagnostics { print(DiagnosticText.line(diagnostic)) }
        if !plan.outputs.isEmpty {
          let rows = plan.outputs.map { [$0.status.rawValue, $0.kind.rawValue, $0.path, $0.template] }
          print(TextTable(header: ["STATUS", "KIND", "FILE", "TEMPLATE"], rows: rows).render())
        }
        let count = { (status: RefreshOutput.Status) in plan.outputs.filter { $0.status == status }.count }
        let nothingToWrite = count(.created) + count(.changed) == 0
        let verb =
          failed ? "not written: fix the errors above"
          : dryRun ? "dry run, nothing written" : nothingToWrite ? "up to date, nothing written" : "written"
        print("\(plan.product): \(count(.created)) created, \(count(.changed)) changed, \(count(.unchanged)) unchanged (\(verb))")
      }
      if failed { throw ExitCode(1) }
    }
  }

  struct RefreshReport: Encodable {
    var product: String
    var dryRun: Bool
    var written: Bool
    var files: [RefreshOutput]
    var diagnostics: [Diagnostic]
  }

  /// Lists rendered scenarios that no longer match their template or product facts.
  struct Stale: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "stale",
      abstract: "List rendered scenarios that no longer match their template or product facts.",
      discussion: "Exit code 1 when any scenario is stale (for CI); `dojo scenarios refresh --product ID` brings them up to date.")

    @Option(help: "Output format.")
    var format: OutputFormat = .text

    @OptionGroup var source: ScenarioOptions

    func run() throws {
      Style.configure()
      let root = source.resolvedDirectory
      let library = TemplateLibrary(root: root, lexicon: try lexicon(near: root))
      for diagnostic in library.productDiagnostics where diagnostic.severity == .error {
        Terminal.error(diagnostic.description)
      }
      let (stale, checked) = library.stale()
      switch format {
      case .json:
        try Terminal.printJSON(StaleReport(checked: checked, stale: stale))
      case .text:
        if !stale.isEmpty {
          let rows = stale.map { [$0.scenarioID, $0.product, $0.reasons.map(\.rawValue).joined(separator: ", "), $0.path] }
          print(TextTable(header: ["SCENARIO", "PRODUCT", "WHY", "FILE"], rows: rows).render())
        }
        let products = Set(stale.map(\.product)).sorted()
        let advice = products.isEmpty ? "" : "; run " + products.map { "`dojo scenarios refresh --product \($0)`" }.joined(separator: ", ")
        print("\(checked) rendered scenario(s) checked, \(stale.count) stale\(advice)")
      }
      if !stale.isEmpty || library.productDiagnostics.contains(where: { $0.severity == .error }) { throw ExitCode(1) }
    }
  }

  struct StaleReport: Encodable {
    var checked: Int
    var stale: [StaleScenario]
  }
}

/// The lexicon for a scenario folder; a missing folder or errors in the lexicon stop the command.
func lexicon(near root: String) throws -> Lexicon {
  var isDirectory: ObjCBool = false
  guard FileManager.default.fileExists(atPath: root, isDirectory: &isDirectory), isDirectory.boolValue else {
    Terminal.error("\(root): no such scenario folder; give it with --scenarios DIR or DOJO_SCENARIOS")
    throw ExitCode(1)
  }
  guard let directory = ScenarioLibrary.findLexicon(near: root) else { return Lexicon() }
  let loaded = LexiconLoader.load(directory: directory)
  let errors = loaded.diagnostics.filter { $0.severity == .error }
  if !errors.isEmpty {
    for diagnostic in errors { Terminal.error(diagnostic.description) }
    throw ExitCode(1)
  }
  return loaded.lexicon
}

/// `file:line:col: error: message [DJ030]`, coloured like `dojo scenarios lint`.
enum DiagnosticText {
  static func line(_ diagnostic: Diagnostic) -> String {
    let severity = diagnostic.severity == .error ? Style.bad("error") : Style.warn("warning")
    return "\(diagnostic.location): \(severity): \(neutralized(diagnostic.message)) [\(diagnostic.code)]"
  }
}
