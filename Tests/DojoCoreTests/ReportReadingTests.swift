@testable import DojoCore
@testable import DojoConsole
import Foundation
import Testing

/// Issue 17, "The reports": what a team lead reads in the effectiveness and team reports.
@Suite("Reports a team lead can read")
struct ReportReadingTests {
  static let library = ScenarioLibrary.load(paths: [LibraryPaths.scenarios], lint: false)

  func row(_ trainee: String, _ phase: AssessmentPhase, _ score: Double) -> PhaseTotals {
    PhaseTotals(
      trainee: trainee, role: "l1-agent", phase: phase, sessions: 1, scoreSum: score, timedSessions: 1,
      handleTimeSum: phase == .pre ? 400 : 300, firstContactResolved: phase == .post ? 1 : 0, csatSessions: 1,
      csatSum: 4, escalationJudged: 1, escalationCorrect: 1, overEscalated: 0)
  }

  /// Ann and Bob improve a little; "check_order_history" is worded differently in forms A and B.
  func report(names: CriterionNames = .none) -> EffectivenessReport {
    let criteria = ["ann", "bob"].flatMap { name in
      [CriterionTotals(trainee: name, criterion: "check_order_history", phase: .pre, points: 1, maxPoints: 2),
       CriterionTotals(trainee: name, criterion: "check_order_history", phase: .post, points: 2, maxPoints: 2)]
    }
    let input = EffectivenessInput(
      cohort: "c", members: [], phases: [row("ann", .pre, 50), row("ann", .post, 70), row("bob", .pre, 60), row("bob", .post, 59.999)],
      criteria: criteria,
      played: [PlayedScenario(scenarioID: "l1-unexpected-charge", phase: .pre, form: "A", version: "v1"),
               PlayedScenario(scenarioID: "l1-unexpected-charge-b", phase: .post, form: "B", version: "v1")])
    return EffectivenessReport.compute(input, seed: 1, resamples: 100, names: names)
  }

  @Test func criteriaShowTheirNamesWithTheScenarioWhereTheWordingsDiffer() throws {
    let both = CriterionNames(library: Self.library, played: ["l1-unexpected-charge", "l1-unexpected-charge-b"])
    let a = try #require(Self.library.scenario("l1-unexpected-charge")?.rubric.criterion("check_order_history")?.name)
    let b = try #require(Self.library.scenario("l1-unexpected-charge-b")?.rubric.criterion("check_order_history")?.name)
    #expect(a != b)
    #expect(both.name("check_order_history") == "\(a) (l1-unexpected-charge) / \(b) (l1-unexpected-charge-b)")
    // One scenario played: its name alone; an id no scenario declares stays an id.
    let one = CriterionNames(library: Self.library, played: ["l1-unexpected-charge"])
    #expect(one.name("check_order_history") == a)
    #expect(one.name("no_such_criterion") == nil && one.label("no_such_criterion") == "no_such_criterion")
    // The generated escalation criterion has a name too.
    #expect(one.name("escalation") != nil)

    let named = report(names: both)
    #expect(named.criteria.first?.name == both.name("check_order_history"))
    // JSON: the id stays, the name comes beside it (null for roles).
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    let json = String(decoding: try encoder.encode(named), as: UTF8.self)
    #expect(json.contains("{\"id\":\"check_order_history\",\"name\":\"\(a) (l1-unexpected-charge) / \(b) (l1-unexpected-charge-b)\""))
    #expect(json.contains("{\"id\":\"l1-agent\",\"name\":null"))
    // HTML: the chart and the table show the names, each wording on its own line with its scenario.
    let html = EffectivenessHTML.render(named, generatedAt: "2026-11-29T03:00:00Z")
    #expect(html.contains("<div class=\"w\">\(EffectivenessHTML.escape(a)) <span class=\"id\">l1-unexpected-charge</span></div>"))
    #expect(html.contains("<div class=\"id\">check_order_history</div>"))
    #expect(html.contains("class=\"label\">\(EffectivenessHTML.escape(EffectivenessHTML.short(both.label("check_order_history"), 34)))<title>"))
    // The team report's weakest criteria too.
    let team = TeamReport.compute(
      cohort: nil, since: nil, trainees: [],
      criteria: [CriterionRate(criterion: "check_order_history", results: 2, met: 1, points: 2, maxPoints: 4)])
    #expect(team.weakestCriteria.first?.name == nil)
    #expect(team.naming(one).weakestCriteria.first?.label == a)
  }

  @Test func kpiBarsSayWhereLowerIsBetter() {
    let html = EffectivenessHTML.kpiCharts(report())
    let figures = html.components(separatedBy: "<figure class=\"kpi\">").dropFirst()
    let lower = figures.filter { $0.contains("↓ lower is better") }.map { $0.components(separatedBy: "<figcaption>")[1].prefix(16) }
    #expect(lower == ["AHT (handle time", "Over-escalation<", "Under-escalation"])
  }

  @Test func effectSizesHaveAPlainLineEach() {
    let html = EffectivenessHTML.render(report(), generatedAt: "2026-11-29T03:00:00Z")
    #expect(html.contains("<div class=\"p\">\(EffectSize.dzMeaning)</div>"))
    #expect(html.contains("<div class=\"p\">\(EffectSize.davMeaning)</div>"))
    // Short enough for an 80-column terminal with the view's indent of two.
    #expect(EffectSize.dzMeaning.count + 2 < 80 && EffectSize.davMeaning.count + 2 < 80)
  }

  @Test func sevenCardsLeaveNoRaggedRow() {
    let html = EffectivenessHTML.render(report(), generatedAt: "2026-11-29T03:00:00Z")
    #expect(html.components(separatedBy: "<div class=\"card\">").count - 1 == 7)
    // A fixed grid leaves 4 + 3 (or 3 + 3 + 1) with a hole; cards that grow fill the last row.
    #expect(EffectivenessHTML.css.contains(".cards{display:flex;flex-wrap:wrap;gap:10px;margin-top:18px}.cards .card{flex:1 1 200px}"))
    #expect(!EffectivenessHTML.css.contains("auto-fill"))
  }

  @Test func generationTimeIsUTCWithItsZone() {
    #expect(ReportNumber.timestamp(secondsSince1970: 0) == "1970-01-01T00:00:00Z")
    #expect(ReportNumber.timestamp(secondsSince1970: 1_796_539_929) == "2026-12-06T06:52:09Z")
  }

  @Test func valuesThatRoundToZeroHaveNoSign() {
    #expect(ReportNumber.ratio(-0.1 / 82) == "0.00" && ReportNumber.ratio(0.001) == "0.00" && ReportNumber.ratio(0) == "0.00")
    #expect(ReportNumber.signed(-0.04) == "0.0" && ReportNumber.signed(0) == "0.0")
    #expect(ReportNumber.ratio(-0.005) == "−0.01" && ReportNumber.signed(-0.05) == "−0.1")
    // Bob: 60 → 59.999, a gain of −0.000025.
    let report = report()
    let html = EffectivenessHTML.render(report, generatedAt: "2026-11-29T03:00:00Z")
    #expect(!html.contains("−0.00") && !html.contains("+0.00") && !html.contains("−0.0<") && !html.contains("−0.0 "))
    #expect(html.contains("<td>bob</td><td>60.0</td><td>60.0</td><td>0.0</td><td>0.00</td>"))
  }

  @Test func at760PixelsTheKPIRowHoldsAndIntervalsKeepTogether() {
    let report = report()
    // Seven KPI charts in one row that shrink with the page instead of wrapping at 132 px each.
    #expect(EffectivenessHTML.css.contains(".kpis{display:grid;grid-template-columns:repeat(7,minmax(0,1fr))"))
    #expect(report.kpis.first?.post.metrics.count == 7)
    // The difference and its interval do not break inside: two lines at most.
    let table = EffectivenessHTML.groupTable(report.roles, label: "Role")
    #expect(table.contains("</span> <span class=\"nw\">[") && EffectivenessHTML.css.contains(".nw{white-space:nowrap}"))
  }
}
