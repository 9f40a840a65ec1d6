import ArgumentParser
import DojoConsole
import DojoCore
import DojoStore
import Foundation

extension Dojo {
  /// Fills a store with a synthetic cohort, for demos and benchmarks.
  struct DemoData: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "demo-data",
      abstract: "Fill the store with a seeded synthetic cohort: pre assessments, practice, post assessments.",
      discussion: """
        Creates the cohort, its members and an assessment plan (three form groups of one role \
        with forms A and B; pre plays A, post plays B), then for each trainee the pre \
        assessments, --practice practice sessions over three weeks, and the post assessments, \
        each with turns from the bundled answer files, criterion scores and KPI proxies. Most \
        trainees improve, some get worse. The same --seed gives the same rows.

        Demo rows are marked: every command that reads the store notes how many demo sessions \
        it includes, and --remove deletes them all (sessions, their cohorts, and their trainees \
        unless something real refers to them). Pass --store FILE for a store of its own; \
        writing into (or removing from) the default store needs --yes.
        """)

    @Option(help: "How many trainees.") var trainees: Int?
    @Option(help: "The new cohort's name.") var cohort: String?
    @Option(help: "Seed of the generator.") var seed: UInt64 = 1
    @Option(help: "Practice sessions per trainee between the assessments.") var practice: Int = 6
    @Option(help: "Day of the pre assessment (YYYY-MM-DD, UTC; default: 28 days ago).") var start: SinceDate?
    @OptionGroup var source: ScenarioOptions
    @OptionGroup var storeOptions: StoreOptions
    @Flag(help: "Delete everything demo-data wrote into the store, and nothing else.") var remove = false
    @Flag(help: "Use the default store (without --store, demo-data refuses to touch it).") var yes = false

    func validate() throws {
      if storeOptions.path == nil && !yes {
        throw ValidationError(
          "demo-data \(remove ? "deletes from" : "writes synthetic sessions into") a store: pass --store FILE, or --yes to use the default store (\(SQLiteStore.defaultPath()))")
      }
      if remove {
        if trainees != nil || cohort != nil { throw ValidationError("--remove takes no --trainees or --cohort: it deletes all demo data") }
        return
      }
      guard let trainees else { throw ValidationError("missing --trainees (how many synthetic trainees)") }
      guard let cohort else { throw ValidationError("missing --cohort (the new cohort's name)") }
      if !(1...100_000).contains(trainees) { throw ValidationError("--trainees must be between 1 and 100000") }
      if !(0...1_000).contains(practice) { throw ValidationError("--practice must be between 0 and 1000") }
      if cohort.trimmingCharacters(in: .whitespaces).isEmpty { throw ValidationError("--cohort must not be empty") }
    }

    func run() throws {
      if remove {
        try removeDemoData()
        return
      }
      let trainees = trainees ?? 0
      let cohort = cohort ?? ""
      let library = try source.loadLibrary()
      guard let (role, groups) = Self.assessmentGroups(library) else {
        Terminal.error("no role in \(source.resolvedDirectory) has form groups with forms A and B to build an assessment plan from")
        throw ExitCode(1)
      }
      let plan = AssessmentPlan(role: role.rawValue, scenarios: groups, preForm: "A", postForm: "B")
      let pre = try CohortCommand.resolve(plan, phase: .pre, library: library, source: source.resolvedDirectory)
      let post = try CohortCommand.resolve(plan, phase: .post, library: library, source: source.resolvedDirectory)
      let assessed = Set((pre + post).map(\.id))
      let roleScenarios = library.scenarios.filter { $0.role == role }
      let practiceScenarios = roleScenarios.filter { !assessed.contains($0.id) }.nilIfEmpty ?? roleScenarios
      var strong: [String: [TraineeAction]] = [:]
      var weak: [String: [TraineeAction]] = [:]
      for scenario in Set(pre + post + practiceScenarios) {
        let folder = (source.resolvedDirectory as NSString).appendingPathComponent("answers/\(scenario.id)")
        strong[scenario.id] = try? AnswerFile.load(path: folder + "/strong.txt").turns.map(\.action)
        weak[scenario.id] = try? AnswerFile.load(path: folder + "/weak.txt").turns.map(\.action)
      }
      let day = 86_400.0
      let today = (Date().timeIntervalSince1970 / day).rounded(.down) * day
      let startDate = start?.date ?? Date(timeIntervalSince1970: today - 28 * day)

      let store = try storeOptions.openSQLite()
      let request = DemoDataRequest(
        cohort: cohort.trimmingCharacters(in: .whitespaces), trainees: trainees, practicePerTrainee: practice, seed: seed,
        preScenarios: pre, postScenarios: post, practiceScenarios: practiceScenarios,
        strongAnswers: strong, weakAnswers: weak, start: startDate)
      let clock = ContinuousClock()
      let began = clock.now
      let summary = try CohortCommand.run {
        let summary = try store.fillDemoData(request) { done in
          Terminal.progress("demo data: \(done) of \(trainees) trainees")
        }
        try store.setPlan(plan, for: request.cohort)
        return summary
      }
      Terminal.endProgress()
      let seconds = (clock.now - began).components.seconds
      print("Cohort \(neutralized(request.cohort)): \(summary.trainees) trainees, \(summary.sessions) sessions, \(summary.turns) turns, \(summary.criterionScores) criterion scores (seed \(seed), \(seconds) s).")
      print("Plan: \(CohortCommand.describe(plan)) — \(plan.scenarios.joined(separator: ", "))")
      print("Next: dojo report effectiveness --cohort \(neutralized(request.cohort))")
    }

    private func removeDemoData() throws {
      let store = try storeOptions.openSQLite()
      let removed = try CohortCommand.run {
        try store.removeDemoData { done in Terminal.progress("demo data: \(done) sessions deleted") }
      }
      Terminal.endProgress()
      let kept = removed.keptTrainees > 0 ? "; kept \(removed.keptTrainees) demo trainees that real records refer to" : ""
      print("Removed \(removed.sessions) demo sessions, \(removed.trainees) demo trainees and \(removed.cohorts) demo cohorts from \(neutralized(store.location))\(kept).")
    }

    /// The role with the most form groups that have both an A and a B form, and up to three of them.
    static func assessmentGroups(_ library: ScenarioLibrary) -> (Role, [String])? {
      var groups: [Role: Set<String>] = [:]
      for scenario in library.scenarios {
        guard let group = scenario.formGroup, scenario.form == "A" else { continue }
        if library.scenarios.contains(where: { $0.formGroup == group && $0.form == "B" }) {
          groups[scenario.role, default: []].insert(group)
        }
      }
      guard let best = groups.max(by: { ($0.value.count, $1.key) < ($1.value.count, $0.key) }) else { return nil }
      return (best.key, Array(best.value.sorted().prefix(3)))
    }
  }
}

extension Array {
  fileprivate var nilIfEmpty: [Element]? { isEmpty ? nil : self }
}
