import ArgumentParser
import DojoConsole
import DojoCore
import DojoStore
import Foundation

extension Dojo {
  /// Attempts, best and latest scores per scenario, and a trend per role.
  struct Progress: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "progress",
      abstract: "Show practice progress: attempts, best and latest score per scenario, trend per role.")

    @Option(help: "Only this trainee (default: everyone).", completion: Completions.trainees)
    var trainee: String?

    @Option(help: "Output format.")
    var format: TableFormat = .table

    @Option(name: .customLong("ui-language"), help: "Language of the labels; default from LC_ALL, LC_MESSAGES or LANG, else English.")
    var uiLanguage: Language?

    @OptionGroup var storeOptions: StoreOptions

    func run() throws {
      Style.configure()
      let store = try storeOptions.openForReading()
      let report = try store.progress(traineeName: trainee)
      if let trainee, report.trainees.isEmpty {
        Terminal.error("no trainee named '\(trainee)' in \(storeOptions.resolvedPath)")
        throw ExitCode(1)
      }
      switch format {
      case .json:
        try Terminal.printJSON(report)
      case .table:
        print(ProgressView(report: report, strings: UIStrings.resolve(explicit: uiLanguage)).render(width: TerminalWidth.current()))
      }
    }
  }
}
