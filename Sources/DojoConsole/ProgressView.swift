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
    if report.trainees.isEmpty { return strings[.progressNone] }
    let header: [UIText] = [
      .progressScenario, .progressRole, .progressAttempts, .progressPassed, .progressBest, .progressLatest, .progressHints,
    ]
    for trainee in report.trainees {
      lines.append(Style.strong(neutralized(trainee.name)) + Style.dim(" (\(roleName(trainee.role)))"))
      let rows = trainee.scenarios.map { s in
        [s.scenarioID, s.role, String(s.attempts), String(s.passes), s.bestScore.map(strings.number) ?? "–",
         s.latestScore.map(strings.number) ?? "–", String(s.hintsUsed)]
      }
      if !rows.isEmpty {
        lines.append(TextTable(header: header.map { strings[$0] }, rows: rows).render())
      }
      let trends = trainee.roles.filter { !$0.scores.isEmpty }
      if !trends.isEmpty { lines.append(Style.dim(strings[.progressTrend])) }
      for trend in trends {
        lines.append("  \(trend.role): \(Self.sparkline(trend.scores))  \(trend.scores.map(strings.number).suffix(8).joined(separator: " → "))")
      }
      lines.append("")
    }
    let totals = report.totals
    lines.append(Style.dim(strings.format(
      .progressTotals, String(totals.trainees), String(totals.attempts), String(totals.passes),
      totals.meanScore.map(strings.number) ?? "–", String(totals.hintsUsed))))
    return lines.joined(separator: "\n")
  }

  /// A trainee's role in the UI language (the English words are the values `dojo trainee role` takes).
  private func roleName(_ role: TraineeRole) -> String {
    switch role {
    case .trainee: strings[.traineeRoleTrainee]
    case .lead: strings[.traineeRoleLead]
    }
  }

  /// Scores 0–100 as block characters, one per attempt (the last 20).
  public static func sparkline(_ scores: [Double]) -> String {
    let blocks: [Character] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]
    return String(scores.suffix(20).map { score in
      blocks[min(blocks.count - 1, max(0, Int((score / 100 * Double(blocks.count - 1)).rounded())))]
    })
  }
}
