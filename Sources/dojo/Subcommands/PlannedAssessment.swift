import ArgumentParser
import DojoConsole
import DojoCore
import DojoStore

extension Dojo.Practice {
  /// With `--assessment --cohort NAME`: the scenarios the cohort's plan sets for `--phase`, in
  /// order, or nil when the cohort has no plan (then the trainee chooses, as in practice).
  /// A cohort not created yet only tags the sessions (with a warning). Stops with exit 1 for a
  /// missing phase or a trainee outside a planned cohort.
  func plannedScenarios(store: any Store, library: ScenarioLibrary, trainee: String) throws -> [Scenario]? {
    guard assessment, let cohort else { return nil }
    let summary: CohortSummary
    do {
      summary = try store.cohort(named: cohort)
    } catch CohortError.unknownCohort {
      // A cohort not created yet is a tag on the sessions; `dojo cohort create` picks them up.
      Terminal.warning("no cohort \(cohort) yet: the attempts are tagged with it; `dojo cohort create \(cohort)` adds members and a plan")
      return nil
    } catch {
      Terminal.error(error.localizedDescription)
      throw ExitCode(1)
    }
    guard let plan = summary.plan else {
      Terminal.warning("cohort \(cohort) has no assessment plan (`dojo cohort plan`); choose the scenarios yourself")
      return nil
    }
    guard let phase else {
      Terminal.error("cohort \(cohort) has an assessment plan: say which part with --phase pre or --phase post")
      throw ExitCode(1)
    }
    if scenario != nil {
      Terminal.error("--scenario cannot be combined with cohort \(cohort)'s plan, which sets the scenarios")
      throw ExitCode(1)
    }
    guard summary.members.contains(trainee) else {
      Terminal.error("trainee \(trainee) is not in cohort \(cohort); add them with `dojo cohort add \(cohort) \(trainee)`")
      throw ExitCode(1)
    }
    return try CohortCommand.resolve(plan, phase: phase, library: library, source: source.resolvedDirectory)
  }
}
