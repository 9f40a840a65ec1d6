import ArgumentParser
import DojoConsole
import DojoCore
import DojoStore
import Foundation

/// Formats of the effectiveness report.
enum ReportFormat: String, ExpressibleByArgument, CaseIterable {
  case text, json, csv, html
}

extension Dojo {
  /// Reports over the store for team leads.
  struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "report",
      abstract: "Reports for team leads: pre/post training effectiveness, the team's week.",
      subcommands: [Effectiveness.self, Team.self])

    struct Effectiveness: ParsableCommand {
      static let configuration = CommandConfiguration(
      commandName: "effectiveness",
        abstract: "Pre/post training effectiveness of a cohort, with intervals and warnings.",
        discussion: """
          Pairs each trainee's mean pre score with their mean post score (finished assessment \
          sessions of the cohort) and reports the mean difference with a 95% percentile-bootstrap \
          interval, the normalised gain (post − pre) / (100 − pre), the effect sizes d_z (mean \
          difference / SD of the differences) and d_av (mean difference / mean of the pre and post \
          SDs), and the shares improved and worse; the same per criterion and per role, and the \
          KPI proxies before and after. --format csv gives one row per trainee × phase × metric; \
          --format html a self-contained page with charts.
          """)

      @Option(help: "The cohort.", completion: Completions.cohorts) var cohort: String
      @Option(help: "Output format.") var format: ReportFormat = .text
      @Option(help: "Write to this file instead of stdout.") var out: String?
      @Option(help: "Seed of the bootstrap (printed in the report).") var seed: UInt64 = 20_240_601
      @Option(help: "Bootstrap resamples.") var resamples: Int = Statistics.defaultResamples
      @OptionGroup var storeOptions: StoreOptions
      @OptionGroup var source: ScenarioOptions

      func validate() throws {
        if !(100...100_000).contains(resamples) { throw ValidationError("--resamples must be between 100 and 100000") }
        if format == .html && out == nil && isatty(STDOUT_FILENO) == 1 {
          throw ValidationError("--format html writes a page: give --out FILE (or redirect stdout)")
        }
      }

      func run() throws {
        Style.configure(forceOff: out != nil)
        let store = try storeOptions.openForReading()
        let input = try CohortCommand.run { try store.effectivenessInput(cohort: cohort) }
        let names = source.criterionNames(played: Set(input.played.map(\.scenarioID)))
        let report = EffectivenessReport.compute(input, seed: seed, resamples: resamples, names: names)
        let text: String
        switch format {
        case .text: text = EffectivenessView(report: report).render() + "\n"
        case .json: text = EffectivenessJSON.render(report) + "\n"
        case .csv:
          text = EffectivenessCSV.render(input)
          // A CSV has no place for them; the reader must still see them.
          report.warnings.forEach { Terminal.warning($0.message) }
        case .html:
          text = EffectivenessHTML.render(report, generatedAt: ReportNumber.timestamp(secondsSince1970: Date().timeIntervalSince1970))
        }
        try Output.write(text, to: out)
      }
    }

    struct Team: ParsableCommand {
      static let configuration = CommandConfiguration(
      commandName: "team",
        abstract: "The team lead's weekly view: attempts, pass rate, mean score and KPI proxies per trainee, weakest criteria.")

      @Option(help: "Only this cohort's members (and sessions tagged with it).", completion: Completions.cohorts) var cohort: String?
      @Option(help: "Only sessions started on or after this day (YYYY-MM-DD, UTC) or ISO 8601 time.") var since: SinceDate?
      @Option(help: "Output format.") var format: OutputFormat = .text
      @OptionGroup var storeOptions: StoreOptions
      @OptionGroup var source: ScenarioOptions

      func run() throws {
        Style.configure()
        let store = try storeOptions.openForReading()
        let report = try CohortCommand.run {
          let report = try store.teamReport(cohort: cohort, since: since?.date)
          let played = try store.teamScenarios(cohort: cohort, since: since?.date)
          return report.naming(source.criterionNames(played: Set(played)))
        }
        switch format {
        case .json: try Terminal.printJSON(report)
        case .text: print(TeamView(report: report, width: TerminalWidth.current()).render())
        }
      }
    }
  }
}


extension ScenarioOptions {
  /// Names for the criteria of a report, from the scenarios among `played` in the library; none
  /// (the reports show ids) when there is no library: a report needs only the store.
  ///
  /// A library folder's names come from `CriterionNamesCache` (parsed again only when a file
  /// changed); a single scenario file is parsed.
  func criterionNames(played: Set<String>?) -> CriterionNames {
    let path = resolvedDirectory
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { return .none }
    guard isDirectory.boolValue else {
      return CriterionNames(library: ScenarioLibrary.load(paths: [path], lint: false), played: played)
    }
    return CriterionNames(declared: CriterionNamesCache.declared(library: path), played: played)
  }
}
