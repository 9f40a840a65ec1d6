import Foundation
import DojoCore

/// The effectiveness data for spreadsheets: one row per trainee × phase × metric.
///
/// Columns: `cohort,trainee,phase,metric,value`. Metrics: `score` (mean over the phase's
/// sessions), `score:<role>`, `criterion:<id>` (percent of points), `sessions`, and the KPI
/// proxies (`aht_seconds`, `fcr`, `csat`, `escalation_accuracy`, `over_escalation`,
/// `under_escalation`, `hints_per_session`). Undefined values are empty cells.
public enum EffectivenessCSV {
  public static let header = "cohort,trainee,phase,metric,value"

  public static func render(_ input: EffectivenessInput) -> String {
    var lines = [header]
    var overall: [String: [AssessmentPhase: PhaseTotals]] = [:]
    var roles: [String: [AssessmentPhase: [String: PhaseTotals]]] = [:]
    for row in input.phases {
      overall[row.trainee, default: [:]][row.phase, default: PhaseTotals(trainee: row.trainee, role: "", phase: row.phase, sessions: 0, scoreSum: 0)].add(row)
      roles[row.trainee, default: [:]][row.phase, default: [:]][row.role] = row
    }
    var criteria: [String: [AssessmentPhase: [String: (Double, Double)]]] = [:]
    for row in input.criteria where row.maxPoints > 0 {
      let old = criteria[row.trainee, default: [:]][row.phase, default: [:]][row.criterion] ?? (0, 0)
      criteria[row.trainee, default: [:]][row.phase, default: [:]][row.criterion] = (old.0 + row.points, old.1 + row.maxPoints)
    }
    for trainee in overall.keys.sorted() {
      for phase in AssessmentPhase.allCases {
        guard let totals = overall[trainee]?[phase] else { continue }
        func add(_ metric: String, _ value: Double?) {
          lines.append([input.cohort, trainee, phase.rawValue, metric, ReportNumber.plain(value)].map(field).joined(separator: ","))
        }
        add("sessions", Double(totals.sessions))
        add("score", totals.meanScore)
        for (role, row) in (roles[trainee]?[phase] ?? [:]).sorted(by: { $0.key < $1.key }) {
          add("score:\(role)", row.meanScore)
        }
        for (criterion, points) in (criteria[trainee]?[phase] ?? [:]).sorted(by: { $0.key < $1.key }) {
          add("criterion:\(criterion)", points.0 / points.1 * 100)
        }
        for metric in totals.kpis.metrics { add(metric.name, metric.value) }
      }
    }
    return lines.joined(separator: "\n") + "\n"
  }

  /// Quotes a field when needed (RFC 4180), neutralises control and bidi characters
  /// (`neutralized`), and defuses text a spreadsheet would run as a formula: when the first
  /// Unicode scalar after leading spaces is `=`, `+`, `-` or `@`, or the text starts with a tab
  /// or carriage return, it gets a `'` in front. (Scalars, not characters: "=" followed by a
  /// combining accent or a zero-width joiner is one character that is not "=", yet a
  /// spreadsheet still reads a formula.)
  public static func field(_ text: String) -> String {
    var text = text
    if isFormulaLike(text), Double(text) == nil { text = "'" + text }
    text = neutralized(text)
    guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
    return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
  }

  /// Whether a spreadsheet would take the text for a formula (see `field`).
  static func isFormulaLike(_ text: String) -> Bool {
    guard let first = text.unicodeScalars.first else { return false }
    if first == "\t" || first == "\r" { return true }
    let start = text.unicodeScalars.first { $0 != " " && $0 != "\u{A0}" && $0 != "\u{3000}" }
    guard let start else { return false }
    return start == "=" || start == "+" || start == "-" || start == "@"
  }
}
