internal import Foundation

/// How report numbers are written, the same in text, CSV and HTML.
public enum ReportNumber {
  /// A score or points value with one decimal (`72.5`), or `–` when undefined.
  public static func score(_ value: Double?) -> String {
    guard let value else { return "–" }
    return String(format: "%.1f", value)
  }

  /// A difference with its sign (`+4.0`, `−2.5`).
  public static func signed(_ value: Double?) -> String {
    guard let value else { return "–" }
    let text = String(format: "%+.1f", abs(value) < 0.05 ? 0 : value)
    return text.replacingOccurrences(of: "-", with: "−")
  }

  /// A ratio such as a gain or an effect size, two decimals with sign.
  public static func ratio(_ value: Double?) -> String {
    guard let value else { return "–" }
    return String(format: "%+.2f", abs(value) < 0.005 ? 0 : value).replacingOccurrences(of: "-", with: "−")
  }

  /// A share 0–1 as a whole percentage (`83%`).
  public static func percent(_ value: Double?) -> String {
    guard let value else { return "–" }
    return String(format: "%.0f%%", value * 100)
  }

  /// An interval as `[7.9, 14.6]` with the given formatter.
  public static func interval(_ interval: Interval?, _ format: (Double?) -> String = signed) -> String {
    guard let interval else { return "[–]" }
    return "[\(format(interval.low)), \(format(interval.high))]"
  }

  /// A KPI value in its unit: seconds as `m:ss`, rates as percent, CSAT with one decimal.
  public static func kpi(_ name: String, _ value: Double?) -> String {
    guard let value else { return "–" }
    switch name {
    case "aht_seconds":
      let seconds = Int(value.rounded())
      return String(format: "%d:%02d", seconds / 60, seconds % 60)
    case "csat": return String(format: "%.2f", value)
    case "hints_per_session": return String(format: "%.2f", value)
    default: return percent(value)
    }
  }

  /// A plain number for CSV: up to six decimals, no grouping, empty when undefined.
  public static func plain(_ value: Double?) -> String {
    guard let value else { return "" }
    if value == value.rounded() && abs(value) < 1e15 { return String(Int(value)) }
    var text = String(format: "%.6f", value)
    while text.hasSuffix("0") { text.removeLast() }
    return text
  }

  /// Names of the KPI proxies for people.
  public static func kpiLabel(_ name: String) -> String {
    switch name {
    case "aht_seconds": "AHT (handle time)"
    case "fcr": "FCR (first-contact resolution)"
    case "csat": "CSAT proxy (1–5)"
    case "escalation_accuracy": "Escalation accuracy"
    case "over_escalation": "Over-escalation"
    case "under_escalation": "Under-escalation"
    case "hints_per_session": "Hints per session"
    default: name
    }
  }
}
