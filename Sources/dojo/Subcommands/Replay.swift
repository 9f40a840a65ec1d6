import ArgumentParser
import DojoConsole
import DojoCore
import Foundation

extension Dojo {
  /// Plays an answer file through a scenario and prints the scorecard.
  struct Replay: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "replay",
      abstract: "Replay an answer file through a scenario and score it.",
      discussion: """
        The answer file is plain text, one trainee turn per paragraph (a blank line between \
        turns). Actions: /escalate TIER: note, /transfer TEAM: note, /end. Lines starting with \
        # are comments.
        """)

    @Argument(help: "Scenario id, or the path of a scenario file.", completion: Completions.scenarioIDsOrPaths)
    var scenario: String

    @Option(help: "The answer file.")
    var answers: String

    @Option(help: "Seed for the customer's line variants.")
    var seed: UInt64 = 1

    @Option(help: "Output format.")
    var format: OutputFormat = .text

    @Option(name: .customLong("ui-language"), help: "Language of the scorecard labels; default from LANG.")
    var uiLanguage: Language?

    @OptionGroup var source: ScenarioOptions

    func run() throws {
      Style.configure()
      let (scenario, lexicon) = try source.scenario(self.scenario)
      let answerFile: AnswerFile
      do {
        answerFile = try AnswerFile.load(path: answers)
      } catch let error as AnswerFileError {
        Terminal.error(error.description)
        throw ExitCode(1)
      }
      let compiled = CompiledScenario(scenario, lexicon: lexicon)
      let outcome: ReplayOutcome
      do {
        outcome = try DojoCore.Replay.run(compiled, answers: answerFile, seed: seed)
      } catch let error as ReplayError {
        Terminal.error("\(answers): \(error.description)")
        throw ExitCode(1)
      }
      switch format {
      case .json:
        try Terminal.printJSON(ReplayReport(seed: seed, outcome: outcome))
      case .text:
        let strings = UIStrings.resolve(explicit: uiLanguage, fallback: scenario.language)
        print(TranscriptView(scenario: scenario, transcript: outcome.state.transcript, strings: strings).render())
        print("")
        print(ScorecardView(scenario: scenario, result: outcome.result, strings: strings).render())
      }
    }
  }
}

extension Language: ExpressibleByArgument {}
