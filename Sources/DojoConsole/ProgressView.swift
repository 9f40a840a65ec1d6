import DojoCore
import DojoStore

/// Renders progress: a table per trainee and a sparkline trend per role.
public struct ProgressView: Sendable {
  public let report: ProgressReport
  public let strings: UIStrings

  public init(report: ProgressReport, strings: UIStrings) {
    self.report = report
    self.strings = strings
  }

  public func render() -> String {
    var lines: [String] = []
    if report.trainees.isEmpty { return "No attempts yet." }
    for trainee in report.trainees {
      lines.append(Style.strong(neutralized(trainee.name)) + Style.dim(" (\(trainee.role.rawValue))"))
      let rows = trainee.scenarios.map { s in
        [s.scenarioID, s.role, String(s.attempts), String(s.passes), s.bestScore.map(strings.number) ?? "–",
         s.latestScore.map(strings.number) ?? "–", String(s.hintsUsed)]
      }
      if !rows.isEmpty {
        lines.append(TextTable(header: ["SCENARIO", "ROLE", "ATTEMPTS", "PASSED", "BEST", "LATEST", "HINTS"], rows: rows).render())
      }
      for trend in trainee.roles where !trend.scores.isEmpty {
        lines.append("  \(trend.role): \(Self.sparkline(trend.scores))  \(trend.scores.map(strings.number).suffix(8).joined(separator: " → "))")
      }
      lines.append("")
    }
    let totals = report.totals
    lines.append(Style.dim("\(totals.trainees) trainee(s) · \(totals.attempts) finished attempt(s) · \(totals.passes) passed · mean \(totals.meanScore.map(strings.number) ?? "–") · hints \(totals.hintsUsed)"))
    return lines.joined(separator: "\n")
  }

  /// Scores 0–100 as block characters, one per attempt (the last 20).
  public static func sparkline(_ scores: [Double]) -> String {
    let blocks: [Character] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]
    return String(scores.suffix(20).map { score in
      blocks[min(blocks.count - 1, max(0, Int((score / 100 * Double(blocks.count - 1)).rounded())))]
    })
  }
}
