import ArgumentParser
import DojoConsole
import DojoCore
import DojoStore
import Foundation

extension Dojo {
  /// Cohorts of trainees and their pre/post assessment plans.
  struct Cohort: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "cohort",
      abstract: "Create cohorts, add trainees, and plan their pre/post assessments.",
      subcommands: [Create.self, Add.self, List.self, Plan.self])

    struct Create: ParsableCommand {
      static let configuration = CommandConfiguration(commandName: "create", abstract: "Create an empty cohort.")
      @Argument(help: "The cohort's name.") var name: String
      @OptionGroup var storeOptions: StoreOptions

      func run() throws {
        let store = try storeOptions.open()
        let cohort = try CohortCommand.run { try store.createCohort(named: name) }
        print("Created cohort \(neutralized(cohort.name)).")
      }
    }

    struct Add: ParsableCommand {
      static let configuration = CommandConfiguration(commandName: "add", abstract: "Add trainees to a cohort (new names are registered).")
      @Argument(help: "The cohort's name.", completion: Completions.cohorts) var name: String
      @Argument(help: "Trainee names.", completion: Completions.trainees) var trainees: [String] = []
      @OptionGroup var storeOptions: StoreOptions

      func validate() throws {
        if trainees.isEmpty { throw ValidationError("name at least one trainee to add") }
        if trainees.contains(where: { $0.trimmingCharacters(in: .whitespaces).isEmpty }) {
          throw ValidationError("a trainee name must not be empty")
        }
      }

      func run() throws {
        let store = try storeOptions.open()
        let added = try CohortCommand.run { try store.addMembers(trainees, to: name) }
        let already = trainees.count - added.count
        print("Added \(added.count) trainee(s) to \(neutralized(name))\(already > 0 ? "; \(already) already in it" : "").")
      }
    }

    struct List: ParsableCommand {
      static let configuration = CommandConfiguration(commandName: "list", abstract: "List cohorts with members, plan and assessments.")
      @Option(help: "Output format.") var format: TableFormat = .table
      @OptionGroup var storeOptions: StoreOptions

      func run() throws {
        Style.configure()
        let store = try storeOptions.openForReading()
        let cohorts = try CohortCommand.run { try store.cohorts() }
        switch format {
        case .json:
          try Terminal.printJSON(cohorts)
        case .table:
          if cohorts.isEmpty {
            print("No cohorts yet. Create one with `dojo cohort create NAME`.")
            return
          }
          let rows = cohorts.map { c in
            [neutralized(c.name), String(c.members.count), c.plan.map(CohortCommand.describe) ?? "–",
             String(c.preSessions), String(c.postSessions)]
          }
          print(TextTable(header: ["COHORT", "MEMBERS", "PLAN", "PRE", "POST"], rows: rows).render())
        }
      }
    }

    struct Plan: ParsableCommand {
      static let configuration = CommandConfiguration(
      commandName: "plan",
        abstract: "Set or show a cohort's assessment plan.",
        discussion: """
          The scenarios are ids or form groups, after the cohort's name. In each phase a scenario \
          that belongs to a form group is replaced by the group's scenario in that phase's form, \
          so pre and post use different but equivalent cases. Without options, shows the plan.
          """)
      @Argument(help: "The cohort's name.", completion: Completions.cohorts) var name: String
      @Argument(help: "Scenario ids or form groups the plan plays.", completion: Completions.scenarioIDs) var scenarios: [String] = []
      @Option(help: "The role assessed.") var role: Role?
      @Option(name: .customLong("pre-form"), help: "The form played before the training (e.g. A).") var preForm: String?
      @Option(name: .customLong("post-form"), help: "The form played after the training (e.g. B).") var postForm: String?
      @Option(help: "Output format.") var format: OutputFormat = .text
      @OptionGroup var source: ScenarioOptions
      @OptionGroup var storeOptions: StoreOptions

      func validate() throws {
        let setting = role != nil || !scenarios.isEmpty || preForm != nil || postForm != nil
        if setting && (role == nil || scenarios.isEmpty) {
          throw ValidationError("a plan needs --role and at least one scenario id or form group (and usually --pre-form and --post-form)")
        }
      }

      func run() throws {
        let store = try storeOptions.open()
        if let role {
          let entries = scenarios.map { $0.trimmingCharacters(in: .whitespaces) }
          let library = try source.loadLibrary()
          let plan = AssessmentPlan(role: role.rawValue, scenarios: entries, preForm: preForm, postForm: postForm)
          for phase in SessionPhase.allCases {
            _ = try CohortCommand.resolve(plan, phase: phase, library: library, source: source.resolvedDirectory)
          }
          try CohortCommand.run { try store.setPlan(plan, for: name) }
        }
        let cohort = try CohortCommand.run { try store.cohort(named: name) }
        switch format {
        case .json:
          try Terminal.printJSON(cohort.plan)
        case .text:
          guard let plan = cohort.plan else {
            print("Cohort \(neutralized(name)) has no plan yet; set one with `dojo cohort plan \(neutralized(name)) --role ROLE --pre-form A --post-form B SCENARIO…`.")
            return
          }
          print("Cohort \(neutralized(name)): \(CohortCommand.describe(plan))")
          print("Scenarios: \(plan.scenarios.map(neutralized).joined(separator: ", "))")
        }
      }
    }
  }
}

/// Shared pieces of the cohort commands and of planned assessments.
enum CohortCommand {
  /// Runs a store call, turning cohort and store errors into a one-line message and exit 1.
  @discardableResult
  static func run<T>(_ body: () throws -> T) throws -> T {
    do {
      return try body()
    } catch let error as CohortError {
      Terminal.error(error.localizedDescription)
      throw ExitCode(1)
    } catch let error as StoreError {
      Terminal.error(error.localizedDescription)
      throw ExitCode(1)
    }
  }

  static func describe(_ plan: AssessmentPlan) -> String {
    "\(plan.role), \(plan.scenarios.count) scenario(s), pre form \(plan.preForm ?? "any"), post form \(plan.postForm ?? "any")"
  }

  /// The scenarios a phase plays: each plan entry as a scenario id or form group, swapped for
  /// the entry's sibling in the phase's form. Stops with exit 1 naming an entry that fits nothing.
  static func resolve(_ plan: AssessmentPlan, phase: SessionPhase, library: ScenarioLibrary, source: String) throws -> [Scenario] {
    let form = plan.form(for: phase)
    var chosen: [Scenario] = []
    for entry in plan.scenarios {
      let group = library.scenario(entry)?.formGroup ?? entry
      let members = library.scenarios.filter { $0.formGroup == group }
      var scenario: Scenario?
      if let form, !members.isEmpty {
        scenario = members.first { $0.form == form }
        if scenario == nil {
          Terminal.error("plan entry '\(entry)': form group \(group) has no form \(form) in \(source) (it has \(members.compactMap(\.form).sorted().joined(separator: ", ")))")
          throw ExitCode(1)
        }
      } else {
        scenario = library.scenario(entry) ?? members.first
      }
      guard let scenario else {
        let hint = Suggestion.closest(entry, library.scenarios.map(\.id)).map { " (did you mean '\($0)'?)" } ?? ""
        Terminal.error("plan entry '\(entry)' is neither a scenario id nor a form group in \(source)\(hint)")
        throw ExitCode(1)
      }
      if scenario.role.rawValue != plan.role {
        Terminal.error("plan entry '\(entry)': scenario \(scenario.id) is for \(scenario.role.rawValue), not \(plan.role)")
        throw ExitCode(1)
      }
      chosen.append(scenario)
    }
    return chosen
  }
}
