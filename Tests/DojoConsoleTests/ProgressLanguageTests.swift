import DojoCore
import DojoStore
import Testing

@testable import DojoConsole

@Suite("dojo progress in the UI language")
struct ProgressLanguageTests {
  private let report = ProgressReport(
    trainees: [
      TraineeProgress(
        name: "ana", role: .lead,
        scenarios: [
          ScenarioProgress(
            scenarioID: "l1-return-window", title: "Rückgabe", role: "l1-agent", attempts: 2, passes: 1,
            bestScore: 84.6, latestScore: 70, hintsUsed: 1)
        ],
        roles: [RoleTrend(role: "l1-agent", scores: [70, 84.6])])
    ],
    roles: [RoleTrend(role: "l1-agent", scores: [70, 84.6])],
    totals: ProgressTotals(trainees: 1, sessions: 2, attempts: 2, passes: 1, hintsUsed: 1, meanScore: 77.3))

  @Test("headers, role, trend and totals follow a German UI; nothing English is left")
  func german() {
    Style.configure(forceOff: true)
    let text = ProgressView(report: report, strings: .de).render()
    for word in ["SZENARIO", "VERSUCHE", "BESTANDEN", "BESTE", "LETZTE", "HINWEISE", "Teamleitung", "Verlauf je Rolle",
                 "1 Trainee(s)", "Mittel 77,3", "84,6"] {
      #expect(text.contains(word), "\(word) missing in\n\(text)")
    }
    for word in ["SCENARIO", "ATTEMPTS", "LATEST", "(lead)", "trainee(s)", "finished", "mean", "84.6"] {
      #expect(!text.contains(word), "\(word) left in\n\(text)")
    }
    #expect(ProgressView(report: ProgressReport(trainees: [], roles: [], totals: report.totals), strings: .de).render()
      == "Noch keine Versuche.")
  }

  @Test("the English UI keeps its words")
  func english() {
    Style.configure(forceOff: true)
    let text = ProgressView(report: report, strings: .en).render()
    for word in ["SCENARIO", "ATTEMPTS", "PASSED", "BEST", "LATEST", "HINTS", "(lead)", "Trend per role",
                 "1 trainee(s) · 2 finished attempt(s) · 1 passed · mean 77.3 · hints 1"] {
      #expect(text.contains(word), "\(word) missing in\n\(text)")
    }
    #expect(ProgressView(report: ProgressReport(trainees: [], roles: [], totals: report.totals), strings: .en).render()
      == "No attempts yet.")
  }

  @Test("at 80 columns the German table and totals fit: scenario ids are cut in the middle, not the rows")
  func fitsEightyColumns() {
    Style.configure(forceOff: true)
    var wide = report
    wide.trainees[0].scenarios[0].scenarioID = "l1-annual-renewal-refund-tunewave"
    wide.trainees[0].scenarios.append(wide.trainees[0].scenarios[0])
    wide.trainees[0].scenarios[1].scenarioID = "l1-annual-renewal-refund-streamly"
    let text = ProgressView(report: wide, strings: .de).render(width: 80)
    for line in text.split(separator: "\n") {
      #expect(TextWrap.displayWidth(String(line)) <= 80, "\(line)")
    }
    #expect(text.contains("l1-annual-r…und-tunewave "), "\(text)")
    #expect(text.contains("l1-annual-r…und-streamly "), "\(text)")
    #expect(!ProgressView(report: wide, strings: .de).render().contains("…"))
  }
}
