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

  /// The report as text; with `width` (the terminal's columns), tables narrow their scenario
  /// column (cut with `…`) and the totals wrap, so nothing breaks mid-row at 80 columns.
  public func render(width: Int? = nil) -> String {
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
        lines.append(Self.fitted(TextTable(header: header.map { strings[$0] }, rows: rows), width: width))
      }
      let trends = trainee.roles.filter { !$0.scores.isEmpty }
      if !trends.isEmpty { lines.append(Style.dim(strings[.progressTrend])) }
      for trend in trends {
        lines.append("  \(trend.role): \(Self.sparkline(trend.scores))  \(trend.scores.map(strings.number).suffix(8).joined(separator: " → "))")
      }
      lines.append("")
    }
    let totals = report.totals
    let totalsLine = strings.format(
      .progressTotals, String(totals.trainees), String(totals.attempts), String(totals.passes),
      totals.meanScore.map(strings.number) ?? "–", String(totals.hintsUsed))
    lines.append(Style.dim(width.map { TextWrap.wrap(totalsLine, width: $0) } ?? totalsLine))
    return lines.joined(separator: "\n")
  }

  /// The table, its widest columns cut until it fits `width` (never below 16 columns: ids stay
  /// recognisable; a narrower terminal wraps).
  static func fitted(_ table: TextTable, width: Int?) -> String {
    var table = table
    var text = table.render()
    guard let width else { return text }
    while let widest = text.split(separator: "\n").map({ String($0).displayWidth }).max(), widest > width,
      table.maximumColumnWidth > 16
    {
      table.maximumColumnWidth = max(16, min(table.maximumColumnWidth, widestCell(table)) - (widest - width))
      text = table.render()
    }
    return text
  }

  /// The widest cell of any column but the last.
  private static func widestCell(_ table: TextTable) -> Int {
    ([table.header] + table.rows).flatMap { $0.dropLast().map(\.displayWidth) }.max() ?? 0
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
