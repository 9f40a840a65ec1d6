import ArgumentParser
import DojoConsole

/// Every command names itself (`commandName:`): without it ArgumentParser derives each name with
/// `String(describing:)`, a runtime type lookup that cost the console's start-up ~9 % of its CPU.
@main
struct Dojo: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "dojo",
    abstract: "SupportDojo: practise customer-service conversations and get honest scores.",
    discussion: """
      Exit codes: 0 success, 1 a problem with the input (scenario errors, unknown ids, bad \
      answer files), 64 a usage error.
      """,
    version: "0.1.0",
    subcommands: [
      Practice.self, Replay.self, Walkthrough.self, Critique.self, Import.self, Scenarios.self, Eval.self, Progress.self, Review.self,
      Dispute.self, Calibrate.self, Trainee.self, Cohort.self, Report.self, Export.self, DemoData.self, StoreCommand.self,
    ],
    defaultSubcommand: Practice.self
  )
}
