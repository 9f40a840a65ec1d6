import ArgumentParser
import DojoConsole
import DojoCore
import DojoStore
import Foundation

extension Dojo.Scenarios {
  /// Proposes evidence changes from leads' overrides, with the sessions each would flip.
  struct Suggest: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "suggest",
      abstract: "Propose evidence changes from leads' overrides, with the sessions each would flip; never applies them.",
      discussion: """
        Reads the store (read-only) for criteria where the latest lead review's rating differs \
        from the automatic one. Where the lead credited what the scorer did not, it proposes a \
        phrase from the trainee's words for the criterion's list (or the lexicon concept the list \
        uses); where the scorer credited what the lead did not, a forbidden phrase or a narrower \
        (or no) alternative. Each proposal is tried on an in-memory copy of the scenario: every \
        finished session of the scenario is scored again and the ones whose criterion changes \
        are listed; with --set also the conversations of a labelled evaluation set, with κ \
        before and after. No scenario or lexicon file is written.
        """)

    @Option(help: "Only this scenario id.", completion: Completions.scenarioIDs)
    var scenario: String?

    @Option(name: .customLong("set"), help: "Also count flips and κ on this labelled evaluation set folder.", completion: .directory)
    var evaluationSet: String?

    @Option(help: "Output format.")
    var format: OutputFormat = .text

    @OptionGroup var source: ScenarioOptions
    @OptionGroup var storeOptions: StoreOptions

    /// A path below the working folder as a relative one, as scenario paths are shown.
    static func shown(_ path: String) -> String {
      let here = FileManager.default.currentDirectoryPath + "/"
      return path.hasPrefix(here) ? String(path.dropFirst(here.count)) : path
    }

    func run() throws {
      Style.configure()
      let started = Date()
      let progress: (String) -> Void = { if Date().timeIntervalSince(started) > 1 { Terminal.progress($0) } }
      let evaluation = try evaluationSet.map { folder in
        do { return try EvaluationSet.load(folder: folder) } catch let error as EvaluationSetError {
          Terminal.error(error.description)
          throw ExitCode(1)
        }
      }
      let store = try storeOptions.openForReading()
      let sessions = try reviewing { try store.reviewedSessions(scenarioID: scenario) }
      // Without --scenario: every scenario a lead has reviewed a session of.
      var ids = scenario.map { [$0] } ?? []
      for session in sessions where scenario == nil && session.reviewer != nil && !ids.contains(session.automatic.scenario) {
        ids.append(session.automatic.scenario)
      }
      var reports: [SuggestionReport] = []
      for id in ids.sorted() {
        let (current, lexicon) = try source.scenario(id)
        let lexiconPath = Self.shown(
          (ScenarioLibrary.findLexicon(near: source.resolvedDirectory) ?? source.resolvedDirectory + "/lexicon")
            + "/\(current.language.rawValue).yaml")
        let suggestions = Suggestions(scenario: current, lexicon: lexicon, lexiconPath: lexiconPath)
        reports.append(suggestions.report(
          sessions: sessions.filter { $0.automatic.scenario == id }, evaluation: evaluation,
          progress: { progress("\(id): \($0)") }))
      }
      Terminal.endProgress()
      switch format {
      case .json:
        try Terminal.printJSON(reports)
      case .text:
        if reports.isEmpty {
          print("No lead has reviewed a finished session in \(storeOptions.resolvedPath) yet: nothing to learn from.")
          print("Nothing was changed: no scenario or lexicon file was written.")
        } else {
          print(SuggestionView(reports: reports).render())
        }
      }
    }
  }
}
