import ArgumentParser
import DojoConsole
import DojoCore
import DojoStore
import Foundation

extension Dojo.Scenarios {
  /// Lists the versions of a scenario that sessions were played on, or shows one of them.
  struct Versions: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "versions",
      abstract: "List the stored versions of a scenario, or show an old one (--show VERSION).",
      discussion: "A version is stored the first time a session is played on it or re-scored with it.")

    @Argument(help: "Scenario id.", completion: Completions.scenarioIDs)
    var scenario: String

    @Option(help: "Show this stored version (as `dojo scenarios show` does).")
    var show: String?

    @Option(help: "Output format.")
    var format: OutputFormat = .text

    @OptionGroup var source: ScenarioOptions
    @OptionGroup var store: StoreOptions

    func run() throws {
      Style.configure()
      let store = try self.store.openForReading()
      let versions: [ScenarioSnapshot]
      do {
        versions = try store.scenarioVersions(id: scenario)
      } catch {
        Terminal.error(error.localizedDescription)
        throw ExitCode(1)
      }
      // Nothing stored and no such scenario in the library: a typo, not "never played".
      if versions.isEmpty && ScenarioLibrary.fileDeclaring(id: scenario, in: source.resolvedDirectory) == nil {
        let ids = ScenarioLibrary.load(paths: [source.resolvedDirectory], lint: false).scenarios.map(\.id)
        let hint = Suggestion.closest(scenario, ids).map { " (did you mean '\($0)'?)" } ?? ""
        Terminal.error("unknown scenario '\(scenario)' in \(source.resolvedDirectory) and the store\(hint)")
        throw ExitCode(1)
      }
      if let show {
        guard let snapshot = versions.first(where: { $0.version == show }) else {
          let known = versions.map(\.version)
          let list = known.isEmpty ? "no version of '\(scenario)' is stored" : "stored: \(known.joined(separator: ", "))"
          Terminal.error("unknown version '\(show)' of scenario '\(scenario)' (\(list))")
          throw ExitCode(1)
        }
        switch format {
        case .json: try Terminal.printJSON(WithScenarioID(snapshot.scenario.id, snapshot.scenario))
        case .text: print(ScenarioView(scenario: snapshot.scenario).render())
        }
        return
      }
      let sessions = try store.sessions(traineeName: nil).filter { $0.scenarioID == scenario }
      let formatter = ISO8601DateFormatter()
      let rows = versions.map { snapshot in
        VersionRow(
          version: snapshot.version, firstSeen: formatter.string(from: snapshot.firstSeen), title: snapshot.scenario.title,
          sessions: sessions.filter { $0.scenarioVersion == snapshot.version }.count)
      }
      switch format {
      case .json:
        try Terminal.printJSON(VersionsReport(scenarioID: scenario, scenario: scenario, versions: rows))
      case .text:
        if rows.isEmpty {
          print("no stored version of '\(neutralized(scenario))'; one is stored when a session is played")
          return
        }
        // Times read as in the review queue; JSON keeps ISO 8601.
        let table = zip(rows, versions).map { row, snapshot in
          [row.version, ReviewRenderer.timestamp(snapshot.firstSeen), String(row.sessions), neutralized(row.title)]
        }
        print(TextTable(header: ["VERSION", "FIRST SEEN", "SESSIONS", "TITLE"], rows: table).render())
      }
    }
  }

  struct VersionRow: Encodable {
    var version: String
    /// ISO 8601, UTC.
    var firstSeen: String
    var title: String
    var sessions: Int
  }

  struct VersionsReport: Encodable {
    var scenarioID: String
    /// Deprecated: the same as `scenario_id`, kept for one release.
    var scenario: String
    var versions: [VersionRow]
  }
}
