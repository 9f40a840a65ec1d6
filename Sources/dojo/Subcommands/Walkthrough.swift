import ArgumentParser
import DojoConsole
import DojoCore
import Foundation

extension Dojo {
  /// Looks over an experienced colleague's shoulder: the model conversation with commentary.
  struct Walkthrough: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "walkthrough",
      abstract: "Walk through a scenario's model conversation, with a line of commentary per turn.",
      discussion: "On a terminal it waits for Enter after each turn (q to stop); piped, it prints it all.")

    @Argument(help: "Scenario id or path.", completion: Completions.scenarioIDsOrPaths)
    var scenario: String

    @Option(help: "Output format.")
    var format: OutputFormat = .text

    @Option(name: .customLong("ui-language"), help: "Language of the labels; default from LANG, else the scenario's.")
    var uiLanguage: Language?

    @OptionGroup var source: ScenarioOptions

    func run() throws {
      Style.configure()
      let (scenario, lexicon) = try source.scenario(self.scenario)
      let walkthrough = DojoCore.Walkthrough(CompiledScenario(scenario, lexicon: lexicon))
      if format == .json {
        try Terminal.printJSON(walkthrough)
        return
      }
      let strings = UIStrings.resolve(explicit: uiLanguage, fallback: scenario.language)
      let interactive = isatty(STDIN_FILENO) == 1 && isatty(STDOUT_FILENO) == 1
      print(Style.strong(scenario.title) + Style.dim("  [\(scenario.id) · \(strings[.walkthrough])]"))
      print("\(Style.accent(strings[.briefing])): \(scenario.summary)\n")
      for step in walkthrough.steps {
        for line in step.customer { print(Style.customer("\(scenario.persona.name): ") + line) }
        for fact in step.facts { print(Style.dim("  \(fact.source): \(fact.text)")) }
        print(Style.strong("\(strings[.colleague]) [\(step.turn)]: ") + step.answer)
        if let commentary = step.commentary { print(Style.accent("  ↳ \(commentary)")) }
        print("")
        if interactive {
          print(Style.dim(strings[.pressEnter]), terminator: "")
          if readLine()?.trimmingCharacters(in: .whitespaces).lowercased() == "q" { return }
        }
      }
      for line in walkthrough.closing { print(Style.customer("\(scenario.persona.name): ") + line) }
      if let result = walkthrough.result {
        print(Style.dim("\(strings[.ending]): \(strings.endingName(walkthrough.ending)) · \(strings[.score]): \(strings.number(result.score))/100"))
      }
    }
  }
}
