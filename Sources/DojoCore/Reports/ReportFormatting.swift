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

  /// A difference with its sign (`+4.0`, `−2.5`); a value that rounds to zero has none (`0.0`).
  public static func signed(_ value: Double?) -> String { withSign(value, places: 1) }

  /// A ratio such as a gain or an effect size, two decimals with sign (`+0.13`, `−1.33`); a
  /// value that rounds to zero prints as `0.00`, never `−0.00` or `+0.00`, so a trainee who got
  /// a little worse shows no `+` gain and no reader wonders what a negative zero means.
  public static func ratio(_ value: Double?) -> String { withSign(value, places: 2) }

  private static func withSign(_ value: Double?, places: Int) -> String {
    guard let value else { return "–" }
    let text = fixed(abs(value), places: places)
    if !text.contains(where: { $0 != "0" && $0 != "." }) { return text }
    return (value < 0 ? "−" : "+") + text
  }

  /// When a report was made, for its reader: ISO 8601 in UTC with the zone (`2026-12-06T06:52:09Z`).
  public static func timestamp(secondsSince1970: Double) -> String {
    let date = Date(timeIntervalSince1970: secondsSince1970)
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(identifier: "UTC") ?? .gmt
    let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
    func two(_ value: Int?) -> String { String(format: "%02d", value ?? 0) }
    return String(format: "%04d", c.year ?? 0) + "-\(two(c.month))-\(two(c.day))T\(two(c.hour)):\(two(c.minute)):\(two(c.second))Z"
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

  /// Whether less of the KPI is better: handle time and wrong escalations.
  public static func kpiLowerIsBetter(_ name: String) -> Bool {
    ["aht_seconds", "over_escalation", "under_escalation"].contains(name)
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

/// What the effect sizes mean, in one line each (under 78 columns) for a reader who is not a
/// statistician; Cohen's rough thresholds.
public enum EffectSize {
  public static let dzMeaning =
    "How consistently the trainees improved (0.2 small, 0.5 medium, 0.8 large)."
  public static let davMeaning =
    "Gain against the usual spread of scores (0.2 small, 0.5 medium, 0.8 large)."
}
