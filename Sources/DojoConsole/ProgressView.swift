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
  /// column (ids cut in the middle with `…`) and the totals wrap, so nothing breaks mid-row at 80 columns.
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
        lines.append(Self.fitted(header: header.map { strings[$0] }, rows: rows, width: width))
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

  /// The table, its scenario ids cut in the middle until it fits `width` (the start and the
  /// end of an id tell scenarios apart: `l1-annual-r…und-streamly`); never below 16 columns, a
  /// narrower terminal wraps.
  static func fitted(header: [String], rows: [[String]], width: Int?) -> String {
    let text = TextTable(header: header, rows: rows).render()
    guard let width,
      let widest = text.split(separator: "\n").map({ TextWrap.displayWidth(String($0)) }).max(), widest > width
    else { return text }
    let longest = rows.map { $0[0].count }.max() ?? 0
    let room = max(16, max(header[0].count, longest) - (widest - width))
    let cut = rows.map { row in [middleCut(row[0], to: room)] + row.dropFirst() }
    return TextTable(header: header, rows: cut).render()
  }

  /// `text` at most `width` characters, its middle replaced by `…` when longer.
  static func middleCut(_ text: String, to width: Int) -> String {
    guard text.count > width, width > 1 else { return text }
    let head = (width - 1) / 2
    return String(text.prefix(head)) + "…" + String(text.suffix(width - 1 - head))
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
