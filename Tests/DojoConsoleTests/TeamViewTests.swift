import DojoConsole
import DojoCore
import Foundation
import Testing

/// Issue 17: the team report's weakest criteria show names, which may be longer than 80 columns.
@Suite("Team report in the terminal")
struct TeamViewTests {
  @Test func longCriterionNamesWrapUnderTheirColumnAtWords() {
    let name = "Erklärt Auslöser, Weg und Zeitrahmen der Erstattung (l1-return-window) / Erklärt, was mit der Klarna-Rechnung passiert und wann (l1-return-window-b)"
    var report = TeamReport.compute(
      cohort: nil, since: nil,
      trainees: [TeamTotals(trainee: "Ann", passes: 1, lastPlayed: "2026-11-30", totals: PhaseTotals(trainee: "Ann", role: "l1-agent", phase: .pre, sessions: 1, scoreSum: 80))],
      criteria: [CriterionRate(criterion: "explain_refund", results: 80, met: 15, points: 87, maxPoints: 160)])
    report.weakestCriteria[0].name = name
    let text = TeamView(report: report, width: 80).render()
    let section = text.components(separatedBy: "Weakest criteria\n")[1].split(separator: "\n").map(String.init)
    #expect(section[0].hasPrefix("POINTS  MET  RESULTS  CRITERION"))
    #expect(section.dropFirst().allSatisfy { TextWrap.displayWidth($0) <= 80 })
    #expect(section[1].hasPrefix("54.4%   19%  80       Erklärt Auslöser,"))
    // Continuation lines hang under the name, and no word is cut.
    #expect(section.count > 2 && section.dropFirst(2).allSatisfy { $0.hasPrefix(String(repeating: " ", count: 22)) })
    #expect(section.dropFirst().map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ").hasSuffix(name))
    // Piped: one line as before.
    #expect(TeamView(report: report).render().contains("80       \(name)"))
  }
}
