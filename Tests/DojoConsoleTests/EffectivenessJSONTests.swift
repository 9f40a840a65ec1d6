import DojoConsole
import DojoCore
import Foundation
import Testing

/// Issue 14: `report effectiveness --format json` writes its JSON directly; it must stay what the
/// command line's `JSONEncoder` (and `TextSafety.jsonEscaped`) wrote before, byte for byte.
@Suite("Effectiveness report JSON")
struct EffectivenessJSONTests {
  /// The encoder `report … --format json` used before (`jsonText` in the command line).
  private func encoded(_ report: EffectivenessReport) throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    encoder.keyEncodingStrategy = .convertToSnakeCase
    encoder.dateEncodingStrategy = .iso8601
    return TextSafety.jsonEscaped(String(decoding: try encoder.encode(report), as: UTF8.self))
  }

  private func report(trainees: Int, hostile: Bool) -> EffectivenessReport {
    var generator = SeededGenerator(seed: 3)
    let odd = ["a/b \"quoted\" \\ back", "tab\tnew\nline\r\u{8}\u{C}", "\u{1}\u{1B}[31mred\u{7F}\u{85}", "rtl\u{202E}x\u{2066}", "é ü 😀 \u{2028}\u{2029}", "</script>"]
    func name(_ i: Int) -> String { hostile ? "\(odd[i % odd.count]) \(i)" : "trainee-\(i)" }
    var phases: [PhaseTotals] = []
    var criteria: [CriterionTotals] = []
    for i in 0..<trainees {
      for phase in AssessmentPhase.allCases where i % 7 != 0 || phase == .pre {
        let sessions = Int(generator.next() % 3) + 1
        phases.append(
          PhaseTotals(
            trainee: name(i), role: i % 3 == 0 ? "l2-specialist" : "l1-agent", phase: phase, sessions: sessions,
            scoreSum: Double(generator.next() % 1001) / 10 * Double(sessions), timedSessions: sessions,
            handleTimeSum: Double(generator.next() % 90_000) / 100, firstContactResolved: Int(generator.next() % 2),
            csatSessions: i % 5 == 0 ? 0 : 1, csatSum: 3.5, escalationJudged: 1, escalationCorrect: Int(generator.next() % 2)))
        for criterion in ["empathy", "ownership", hostile ? "id/\u{202E}" : "next_steps"] {
          criteria.append(
            CriterionTotals(
              trainee: name(i), criterion: criterion, phase: phase, points: Double(generator.next() % 3), maxPoints: 2))
        }
      }
    }
    let input = EffectivenessInput(
      cohort: hostile ? "spring \"25\"/\u{1B}" : "spring", members: (0..<trainees + 2).map(name), phases: phases,
      criteria: criteria,
      played: [
        PlayedScenario(scenarioID: "s-a", phase: .pre, form: "A", version: "v1"),
        PlayedScenario(scenarioID: "s-a", phase: .post, form: "A", version: "v2"),
      ])
    var report = EffectivenessReport.compute(input, seed: 7, resamples: 200)
    if hostile, !report.criteria.isEmpty { report.criteria[0].name = "Says \"sorry\" / \u{202E}it\u{1}" }
    return report
  }

  @Test(arguments: [(0, false), (1, false), (3, true), (60, false), (60, true)])
  func sameBytesAsJSONEncoder(trainees: Int, hostile: Bool) throws {
    let report = report(trainees: trainees, hostile: hostile)
    let written = EffectivenessJSON.render(report)
    let expected = try encoded(report)
    #expect(written == expected)
    if written != expected {
      // The first difference, to see what went wrong.
      let a = Array(written.utf8), b = Array(expected.utf8)
      let at = a.indices.first { $0 >= b.count || a[$0] != b[$0] } ?? a.count
      Issue.record("differs at byte \(at): …\(String(decoding: a[max(0, at - 80)..<min(a.count, at + 40)], as: UTF8.self))… expected …\(String(decoding: b[max(0, at - 80)..<min(b.count, at + 40)], as: UTF8.self))…")
    }
  }

  @Test func emptyReport() throws {
    let report = EffectivenessReport.compute(
      EffectivenessInput(cohort: "empty", members: [], phases: [], criteria: [], played: []), seed: 1, resamples: 100)
    #expect(EffectivenessJSON.render(report) == (try encoded(report)))
  }
}
