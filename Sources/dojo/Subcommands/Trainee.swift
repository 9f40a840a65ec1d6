import ArgumentParser
import DojoConsole
import DojoCore
import DojoStore
import Foundation

extension Dojo {
  /// Trainees and their roles.
  struct Trainee: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "trainee",
      abstract: "List trainees or change a trainee's role (trainee or lead).",
      subcommands: [TraineeList.self, TraineeRole.self, TraineeRoles.self], defaultSubcommand: TraineeList.self)
  }

  /// Lists trainees with their roles.
  struct TraineeList: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List trainees and their roles.")

    @Option(help: "Output format.")
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

  /// Makes a trainee a lead (a reviewer) or a trainee again, on a lead's word; every change is recorded.
  struct TraineeRole: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "role", abstract: "Set a trainee's role: lead (may review) or trainee. Needs a lead.",
      discussion: """
        A lead changes roles: `--by LEAD`. The store's first lead is set once, while no lead \
        exists, with `--first-lead`. Every change is recorded with who made it and when \
        (`dojo trainee roles --history`); the last lead cannot step down.
        """)

    @Argument(help: "The trainee's name (created if new).", completion: Completions.trainees)
    var name: String

    @Argument(help: "The new role.")
    var role: DojoStore.TraineeRole

    @Option(help: "The lead who makes the change.", completion: Completions.trainees)
    var by: String?

    @Flag(name: .customLong("first-lead"), help: "Make NAME the store's first lead (only while there is no lead).")
    var firstLead = false

    @Option(help: "Output format.")
    var format: OutputFormat = .text

    @OptionGroup var storeOptions: StoreOptions

    func validate() throws {
      if firstLead && by != nil { throw ValidationError("--first-lead and --by exclude each other") }
      if firstLead && role != .lead { throw ValidationError("--first-lead makes a lead: `dojo trainee role NAME lead --first-lead`") }
      if !firstLead && by == nil {
        throw ValidationError("a role change needs the lead who makes it: --by LEAD (or --first-lead while the store has no lead)")
      }
    }

    func run() throws {
      let store = try storeOptions.open()
      let change = try reviewing {
        if firstLead { return try store.makeFirstLead(name, at: Date()) }
        return try store.changeRole(role, for: name, by: by ?? "", at: Date())
      }
      if format == .json {
        print(try jsonText(RoleLine(change)))
      } else {
        print(
          "\(neutralized(change.traineeName)) is now a \(role.rawValue)"
            + (change.changedByName.map { " (changed by \(neutralized($0)))." } ?? " (the first lead)."))
      }
    }
  }

  /// Current leads, or every recorded role change.
  struct TraineeRoles: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "roles", abstract: "List the leads, or with --history every role change: who, by whom, when.")

    @Flag(help: "Every role change, oldest first.")
    var history = false

    @Option(help: "Output format.")
    var format: OutputFormat = .text

    @OptionGroup var storeOptions: StoreOptions

    func run() throws {
      Style.configure()
      let store = try storeOptions.openForReading()
      if history {
        let changes = try reviewing { try store.roleChanges() }
        switch format {
        case .json: print(try jsonText(changes.map(RoleLine.init)))
        case .text:
          print(
            TextTable(
              header: ["WHEN", "TRAINEE", "FROM", "TO", "BY"],
              rows: changes.map {
                [
                  ReviewRenderer.timestamp($0.record.createdAt), neutralized($0.traineeName), $0.record.fromRole?.rawValue ?? "-",
                  $0.record.toRole.rawValue, RoleLine.byText($0),
                ]
              }
            ).render())
        }
        return
      }
      let leads = try reviewing { try store.trainees() }.filter { $0.role == .lead }
      switch format {
      case .json: print(try jsonText(leads.map(\.name)))
      case .text:
        if leads.isEmpty {
          print("No lead yet; set the first one with `dojo trainee role NAME lead --first-lead`.")
        } else {
          print(TextTable(header: ["LEAD"], rows: leads.map { [neutralized($0.name)] }).render())
        }
      }
    }
  }
}

/// One role change as the commands print it.
struct RoleLine: Encodable {
  var at: Date
  var trainee: String
  @Nullable var from: String?
  var to: String
  @Nullable var by: String?
  var kind: String

  init(_ change: RoleChange) {
    at = change.record.createdAt
    trainee = change.traineeName
    from = change.record.fromRole?.rawValue
    to = change.record.toRole.rawValue
    by = change.changedByName
    kind = change.record.kind.rawValue
  }

  static func byText(_ change: RoleChange) -> String {
    switch change.record.kind {
    case .firstLead: "(first lead)"
    case .beforeHistory: "(before the history was kept)"
    case .change: change.changedByName.map(neutralized) ?? "?"
    }
  }
}

extension DojoStore.TraineeRole: ExpressibleByArgument {}
