internal import Foundation

/// How report numbers are written, the same in text, CSV and HTML.
public enum ReportNumber {
  /// A score or points value with one decimal (`72.5`), or `–` when undefined.
  public static func score(_ value: Double?) -> String {
    guard let value else { return "–" }
    return fixed(value, places: 1)
  }

  /// A number with a fixed count of decimals (0–3), rounded half away from zero, without a
  /// minus sign for a value that rounds to zero; fast (no format strings).
  public static func fixed(_ value: Double, places: Int) -> String {
    guard value.isFinite else { return "–" }
    let factor = [1.0, 10, 100, 1000][max(0, min(3, places))]
    let scaled = (abs(value) * factor).rounded()
    guard scaled < 1e15 else { return String(value) }
    let whole = Int(scaled)
    let negative = value < 0 && whole != 0
    let unit = Int(factor)
    var text = (negative ? "-" : "") + String(whole / unit)
    if places > 0 {
      let fraction = String(whole % unit)
      text += "." + String(repeating: "0", count: places - fraction.count) + fraction
    }
    return text
  }

  /// A difference with its sign (`+4.0`, `−2.5`).
  public static func signed(_ value: Double?) -> String {
    guard let value else { return "–" }
    let text = fixed(value, places: 1)
    return text.hasPrefix("-") ? "−" + text.dropFirst() : "+" + text
  }

  /// A ratio such as a gain or an effect size, two decimals with sign; a small loss keeps its
  /// minus (`−0.00`), so a trainee who got worse never shows a `+` gain.
  public static func ratio(_ value: Double?) -> String {
    guard let value else { return "–" }
    return (value < -Statistics.tolerance ? "−" : "+") + fixed(abs(value), places: 2)
  }

  /// A share 0–1 as a whole percentage (`83%`).
  public static func percent(_ value: Double?) -> String {
    guard let value else { return "–" }
    return fixed(value * 100, places: 0) + "%"
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
