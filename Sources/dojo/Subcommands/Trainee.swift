import ArgumentParser
import DojoConsole
import DojoStore
import Foundation

extension Dojo {
  /// Trainees and their roles.
  struct Trainee: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "List trainees or change a trainee's role (trainee or lead).",
      subcommands: [TraineeList.self, TraineeRole.self], defaultSubcommand: TraineeList.self)
  }

  /// Lists trainees with their roles.
  struct TraineeList: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List trainees and their roles.")

    @Option(help: "text or json.")
    var format: OutputFormat = .text

    @OptionGroup var storeOptions: StoreOptions

    func run() throws {
      Style.configure()
      let trainees = try reviewing { try storeOptions.openForReading().trainees() }
      struct Line: Encodable {
        var name: String
        var role: String
      }
      switch format {
      case .json: print(try jsonText(trainees.map { Line(name: $0.name, role: $0.role.rawValue) }))
      case .text:
        print(TextTable(header: ["NAME", "ROLE"], rows: trainees.map { [neutralized($0.name), $0.role.rawValue] }).render())
      }
    }
  }

  /// Makes a trainee a lead (a reviewer) or a trainee again.
  struct TraineeRole: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "role", abstract: "Set a trainee's role: lead (may review) or trainee.")

    @Argument(help: "The trainee's name (created if new).")
    var name: String

    @Argument(help: "lead or trainee.")
    var role: DojoStore.TraineeRole

    @Option(help: "text or json.")
    var format: OutputFormat = .text

    @OptionGroup var storeOptions: StoreOptions

    func run() throws {
      let store = try storeOptions.open()
      try reviewing {
        _ = try store.trainee(named: name)
        try store.setRole(role, for: name.trimmingCharacters(in: .whitespacesAndNewlines))
      }
      let trimmed = name.trimmingCharacters(in: .whitespacesAndNewlines)
      if format == .json {
        print(try jsonText(["name": trimmed, "role": role.rawValue]))
      } else {
        print("\(neutralized(trimmed)) is now a \(role.rawValue).")
      }
    }
  }
}

extension DojoStore.TraineeRole: ExpressibleByArgument {}
