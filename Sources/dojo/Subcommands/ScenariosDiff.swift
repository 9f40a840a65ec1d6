import ArgumentParser
import DojoConsole
import DojoCore
import Foundation

extension Dojo.Scenarios {
  /// Shows, per scenario, what changed since a git revision or against another folder.
  struct Diff: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "diff",
      abstract: "Show what changed per scenario: customer lines, facts, rubric, escalation, version.",
      discussion: """
        Compares the scenario folder with the same folder at a git revision (--since, default \
        HEAD) or with another folder (--against). Unchanged scenarios are left out of the text \
        output unless --all.
        """)

    @Option(help: "A git revision (commit, tag, branch) to compare with (default: HEAD).")
    var since: String?

    @Option(help: "A scenario folder to compare with instead of git.")
    var against: String?

    @Flag(help: "List unchanged scenarios too.")
    var all = false

    @Option(help: "Output format.")
    var format: OutputFormat = .text

    @OptionGroup var source: ScenarioOptions

    func validate() throws {
      if since != nil && against != nil { throw ValidationError("give --since or --against, not both") }
    }

    func run() throws {
      Style.configure()
      let current = try source.loadLibrary()
      let old: [Scenario]
      let base: String
      if let against {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: against, isDirectory: &isDirectory), isDirectory.boolValue else {
          Terminal.error("\(against): no such folder")
          throw ExitCode(1)
        }
        // A folder of old files without its own lexicon is read with the library's, as --since is.
        let library = ScenarioLibrary.load(paths: [against], lexiconDirectory: source.lexiconDirectory(near: [against]), lint: false)
        for diagnostic in library.errors { Terminal.warning("old version: \(diagnostic.description)") }
        old = library.scenarios
        base = against
      } else {
        let revision = since ?? "HEAD"
        old = try scenarios(at: revision, lexicon: current.lexicon)
        base = revision
      }
      let changes = ScenarioDiff.compare(old: old, new: current.scenarios)
      switch format {
      case .json:
        try Terminal.printJSON(DiffReport(base: base, scenarios: changes.filter { all || $0.status != .unchanged }))
      case .text:
        print(render(changes))
      }
    }

    /// The scenarios of the folder as they were at `revision`, read with `git show`.
    func scenarios(at revision: String, lexicon: Lexicon) throws -> [Scenario] {
      let directory = source.resolvedDirectory
      let names: [String]
      do {
        _ = try Git.run(["rev-parse", "--is-inside-work-tree"], in: directory)
        let listing = try Git.run(["ls-tree", "-r", "--name-only", revision, "--", "."], in: directory)
        names = String(decoding: listing, as: UTF8.self).split(separator: "\n").map(String.init)
      } catch let failure as Git.Failure {
        let notRepository = failure.description.contains("not a git repository")
        Terminal.error(
          notRepository
            ? "\(directory) is not in a git repository; compare with a folder instead: --against DIR"
            : "git: \(failure.description)")
        throw ExitCode(1)
      }
      let loader = ScenarioLoader(lexicon: lexicon)
      var result: [Scenario] = []
      for name in names where (name.hasSuffix(".yaml") || name.hasSuffix(".yml")) && isScenarioPath(name) {
        let data: Data
        do {
          data = try Git.run(["show", "\(revision):./\(name)"], in: directory)
        } catch let failure as Git.Failure {
          Terminal.error("git: \(failure.description)")
          throw ExitCode(1)
        }
        let (scenario, diagnostics) = loader.parse(yaml: String(decoding: data, as: UTF8.self), file: "\(revision):\(name)")
        if var scenario {
          scenario.version = scenario.computeContentVersion()
          result.append(scenario)
        } else if let first = diagnostics.first(where: { $0.severity == .error }) {
          Terminal.warning("old version does not load, left out: \(first.description)")
        }
      }
      return result
    }

    /// Whether a path inside the scenario folder holds a scenario (not the lexicon, products,
    /// templates or answers).
    func isScenarioPath(_ relative: String) -> Bool {
      let parts = relative.split(separator: "/").map(String.init)
      return !parts.dropLast().contains(where: ScenarioLibrary.reservedFolders.contains)
    }

    func render(_ changes: [ScenarioChange]) -> String {
      var out: [String] = []
      for change in changes where all || change.status != .unchanged {
        let version: String
        switch change.status {
        case .added: version = "new, version \(change.newVersion ?? "")"
        case .removed: version = "removed, was version \(change.oldVersion ?? "")"
        case .changed: version = "version \(change.oldVersion ?? "") → \(change.newVersion ?? "")"
        case .unchanged: version = "unchanged, version \(change.newVersion ?? "")"
        }
        out.append("\(Style.strong(neutralized(change.id))) (\(version))")
        for item in change.changes {
          out.append("  [\(item.area.rawValue)] \(neutralized(item.what))")
          if let old = item.old { out.append(contentsOf: old.split(separator: "\n").map { "    " + Style.bad("- \(neutralized(String($0)))") }) }
          if let new = item.new { out.append(contentsOf: new.split(separator: "\n").map { "    " + Style.good("+ \(neutralized(String($0)))") }) }
        }
      }
      let count = { (status: ScenarioChange.Status) in changes.filter { $0.status == status }.count }
      out.append("\(count(.changed)) changed, \(count(.added)) added, \(count(.removed)) removed, \(count(.unchanged)) unchanged")
      return out.joined(separator: "\n")
    }
  }

  struct DiffReport: Encodable {
    var base: String
    var scenarios: [ScenarioChange]
  }
}
