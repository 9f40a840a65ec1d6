import Foundation
import Testing

@testable import DojoCore

private let library = ScenarioLibrary.load(paths: [LibraryPaths.scenarios])

/// The scenario of an id, compiled, for `EvaluationReport`.
private func compiled(_ id: String) -> CompiledScenario? {
  library.scenario(id).map { CompiledScenario($0, lexicon: library.lexicon) }
}

private func loadSet(_ name: String) throws -> EvaluationSet {
  try EvaluationSet.load(folder: try Fixtures.path(name))
}

/// Whole conversations played blind and labelled blind (see
/// `Fixtures/eval-sets/*/README.md`), scored as recorded and compared with the leads' labels.
@Suite("Blind whole-conversation evaluation")
struct BlindEvaluationTests {
  @Test("the held-out set is what issue 12 asks for: ≥ 80 conversations, ≥ 16 scenarios, five roles, ≥ 40 % German, every channel, all labelled")
  func heldOutComposition() throws {
    let set = try loadSet("eval-sets/heldout20-2026-12-06")
    #expect(set.conversations.count >= 80)
    #expect(set.labels.count == set.conversations.count)
    let scenarios = set.conversations.compactMap { library.scenario($0.scenarioID) }
    #expect(scenarios.count == set.conversations.count, "every conversation's scenario is bundled")
    #expect(Set(scenarios.map(\.id)).count >= 16)
    #expect(Set(scenarios.map(\.role)) == Set(Role.allCases))
    #expect(Set(scenarios.map(\.channel)) == Set(Channel.allCases))
    #expect(Double(scenarios.filter { $0.language == .de }.count) >= 0.4 * Double(scenarios.count))
  }

  @Test("every label names a criterion of its scenario and rates it with a known value", arguments: [
      "eval-sets/dev-2026-12-06", "eval-sets/dev2-2026-12-06", "eval-sets/dev3-2026-12-06", "eval-sets/dev4-2026-12-06",
      "eval-sets/dev5-2026-12-06", "eval-sets/dev6-2026-12-06", "eval-sets/dev7-2026-12-06", "eval-sets/dev8-2026-12-06",
      "eval-sets/dev9-2026-12-06",
      "eval-sets/dev10-2026-12-06", "eval-sets/dev11-2026-12-06", "eval-sets/dev12-2026-12-06",
      "eval-sets/dev13-2026-12-06", "eval-sets/dev14-2026-12-06", "eval-sets/dev15-2026-12-06",
      "eval-sets/heldout6-2026-12-06", "eval-sets/heldout7-2026-12-06", "eval-sets/heldout17-2026-12-06",
      "eval-sets/heldout18-2026-12-06", "eval-sets/heldout19-2026-12-06", "eval-sets/heldout20-2026-12-06",
    ])
  func labelsAreWellFormed(_ name: String) throws {
    let set = try loadSet(name)
    let report = EvaluationReport(set: set, scenario: compiled)
    #expect(report.problems.isEmpty, "\(report.problems)")
    #expect(report.labelled == set.conversations.count)
  }

  /// The floor today's scorer keeps on the held-out sets (figures taken once per scorer, summary
  /// only, 2026-12-06; see the README's "Scores a team lead agrees with"). The targets —
  /// κ ≥ 0.80, each scenario ≥ 0.60, weighted κ ≥ 0.85, verdicts ≥ 90 % — are not all met; this
  /// guards against going back.
  @Test("held-out agreement does not fall below today's figures", arguments: HeldOutFloor.sets)
  func heldOutFloor(_ floor: HeldOutFloor) throws {
    let report = EvaluationReport(set: try loadSet(floor.folder), scenario: compiled)
    let overall = report.overall
    #expect(overall.items >= 500)
    #expect((overall.kappa ?? 0) >= floor.kappa, "κ \(overall.kappa ?? .nan)")
    #expect((overall.weightedKappa ?? 0) >= floor.weightedKappa, "weighted κ \(overall.weightedKappa ?? .nan)")
    #expect((overall.verdictAccuracy ?? 0) >= floor.verdictAccuracy, "verdicts \(overall.verdictAccuracy ?? .nan)")
  }

  /// The dev sets the patterns were tuned on keep what the tuning reached (a regression guard,
  /// not evidence of agreement: these conversations have been read).
  @Test("dev agreement does not fall below what tuning reached", arguments: [
    ("eval-sets/dev-2026-12-06", 0.99, 0.90, 0.90), ("eval-sets/dev2-2026-12-06", 0.95, 0.92, 0.95),
    ("eval-sets/dev3-2026-12-06", 0.87, 0.88, 0.91), ("eval-sets/dev4-2026-12-06", 0.85, 0.86, 0.95),
    ("eval-sets/dev5-2026-12-06", 0.89, 0.89, 0.96), ("eval-sets/dev6-2026-12-06", 0.93, 0.91, 0.95),
    ("eval-sets/dev7-2026-12-06", 0.91, 0.89, 0.93), ("eval-sets/dev8-2026-12-06", 0.89, 0.92, 0.95),
    ("eval-sets/dev9-2026-12-06", 0.88, 0.86, 0.93), ("eval-sets/dev10-2026-12-06", 0.86, 0.85, 0.92),
    ("eval-sets/dev11-2026-12-06", 0.89, 0.84, 0.97), ("eval-sets/dev12-2026-12-06", 0.93, 0.88, 0.95),
    ("eval-sets/dev13-2026-12-06", 0.82, 0.85, 0.96), ("eval-sets/dev14-2026-12-06", 0.95, 0.89, 0.93),
    ("eval-sets/dev15-2026-12-06", 0.66, 0.68, 0.85),
  ])
  func devFloor(_ name: String, _ kappa: Double, _ weightedKappa: Double, _ verdicts: Double) throws {
    let overall = EvaluationReport(set: try loadSet(name), scenario: compiled).overall
    #expect((overall.kappa ?? 0) >= kappa, "κ \(overall.kappa ?? .nan)")
    #expect((overall.weightedKappa ?? 0) >= weightedKappa, "weighted κ \(overall.weightedKappa ?? .nan)")
    #expect((overall.verdictAccuracy ?? 0) >= verdicts, "verdicts \(overall.verdictAccuracy ?? .nan)")
  }

  @Test("figures: agreement, Cohen's κ, quadratic-weighted κ and verdict accuracy by hand")
  func figuresByHand() {
    // Lead 2,2,0,0,1 against scorer 2,0,0,1,1: credited 1,1,0,0,1 / 1,0,0,1,1 → agreement 3/5,
    // p_e = 0.6·0.6 + 0.4·0.4 = 0.52, κ = (0.6 − 0.52)/0.48 = 1/6. Quadratic: observed 5/5,
    // expected 35/25, weighted κ = 1 − 1/1.4 = 2/7.
    let figures = EvaluationReport.figures(
      lead: [2, 2, 0, 0, 1], scorer: [2, 0, 0, 1, 1], verdicts: [(true, true), (false, true), (true, true), (false, false)])
    #expect(figures.items == 5)
    #expect(abs((figures.agreement ?? 0) - 0.6) < 1e-9)
    #expect(abs((figures.exactAgreement ?? 0) - 0.6) < 1e-9)
    #expect(abs((figures.kappa ?? 0) - 1.0 / 6.0) < 1e-9)
    #expect(abs((figures.weightedKappa ?? 0) - 2.0 / 7.0) < 1e-9)
    #expect(figures.verdicts == 4)
    #expect(figures.verdictAccuracy == 0.75)
  }

  @Test("a recorded conversation is scored as recorded, and each disagreement carries the words involved")
  func miniSet() throws {
    let report = EvaluationReport(set: try loadSet("eval-mini"), scenario: compiled)
    #expect(report.labelled == 1)
    #expect(report.overall.items == 6)
    #expect(report.overall.agreement == 5.0 / 6.0)
    #expect(report.overall.kappa == 0)
    #expect(report.overall.weightedKappa == 0)
    #expect(report.overall.verdictAccuracy == 0)
    #expect(report.disagreements.map(\.criterion) == ["check_order_history", "no_false_promise"])
    let promise = try #require(report.disagreements.last)
    #expect(promise.lead == .not)
    #expect(promise.scorerLevel == 2)
    #expect(promise.replies.first?.hasPrefix("[1] Hi Dana") == true)
    let order = try #require(report.disagreements.first)
    #expect(order.evidence.contains { $0.contains("order history") })
    #expect(report.verdictDisagreements.map(\.conversation) == ["mini-1"])
    #expect(report.missedTargets.contains { $0.hasPrefix("kappa") })
  }

  @Test("a bad label line is reported with its file and line")
  func badLabel() throws {
    let folder = try Fixtures.path("eval-broken")
    #expect {
      _ = try EvaluationSet.load(folder: folder)
    } throws: { error in
      let description = (error as? EvaluationSetError)?.description ?? ""
      return description.hasPrefix(folder + "/labels.jsonl:3: ") && description.contains("yes")
    }
  }
}

/// The figures of the held-out sets, rounded down: the floors `heldOutFloor` keeps. heldout20 is
/// the ninth session's set of record (played and labelled in it; summary only): κ 0.670 / weighted
/// 0.666 / verdicts 74 of 80 for the session's start and final scorer alike. heldout18 and
/// heldout19 are the sets of record of the eighth session (played and labelled in it; summary
/// only): the session's start scorer gives κ 0.612 / weighted 0.677 / verdicts 71 of 80 and 0.683
/// / 0.721 / 72; its final scorer 0.612 / 0.680 / 71 and 0.683 / 0.721 / 72. A pass mark of 80,
/// tried in the session, gave 68 and 70 verdicts there (and +2, +1, 0 on heldout17, 6, 7) and was
/// taken back; a critical-criteria round gave heldout17 0.621 / 0.667 / 71 and heldout6 0.814 /
/// 0.791 / 69 and was taken back. heldout17 (seventh session's set of record: 0.637 / 0.680 / 70);
/// heldout7 (8a61470: κ 0.680 / 0.656 / 72; 5819a10: 0.700 / 0.687 / 72; 516bb47: 0.756 / 0.758 /
/// 74; d9d5f4c: 0.737 / 0.758 / 74; 9442ea9: 0.730 / 0.767 / 74; sessions 7 and 8: 0.742 / 0.760 /
/// 73) and heldout6 (a715a12: 0.623 / 0.582 / 67; 5819a10: 0.714 / 0.662 / 67; 516bb47: 0.762 /
/// 0.754 / 70; d9d5f4c: 0.792 / 0.785 / 71; 9442ea9: 0.834 / 0.796 / 71; sessions 7 and 8: 0.839 /
/// 0.812 / 70) were looked at more than once, summary only, never read. Earlier held-out sets, each
/// read for tuning after their first look, are dev3–dev15 (see the README).
struct HeldOutFloor: Sendable, CustomTestStringConvertible {
  var folder: String
  var kappa: Double
  var weightedKappa: Double
  var verdictAccuracy: Double

  var testDescription: String { folder }

  static let sets = [
    HeldOutFloor(folder: "eval-sets/heldout20-2026-12-06", kappa: 0.67, weightedKappa: 0.66, verdictAccuracy: 0.92),
    HeldOutFloor(folder: "eval-sets/heldout19-2026-12-06", kappa: 0.68, weightedKappa: 0.72, verdictAccuracy: 0.89),
    HeldOutFloor(folder: "eval-sets/heldout18-2026-12-06", kappa: 0.61, weightedKappa: 0.67, verdictAccuracy: 0.88),
    HeldOutFloor(folder: "eval-sets/heldout17-2026-12-06", kappa: 0.63, weightedKappa: 0.68, verdictAccuracy: 0.87),
    HeldOutFloor(folder: "eval-sets/heldout7-2026-12-06", kappa: 0.74, weightedKappa: 0.76, verdictAccuracy: 0.91),
    HeldOutFloor(folder: "eval-sets/heldout6-2026-12-06", kappa: 0.83, weightedKappa: 0.81, verdictAccuracy: 0.87),
  ]
}
