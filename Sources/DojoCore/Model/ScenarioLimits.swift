/// The ranges the numbers in a scenario file must fall in. The loader refuses a value outside
/// them with a diagnostic naming the range; the engine and the scorer clamp to them as well, so
/// a scenario that did not come through the loader (a stored snapshot, a value built in code)
/// can never make arithmetic overflow.
public enum ScenarioLimits {
  /// `difficulty`.
  public static let difficulty = 1...3
  /// `mood` of a branch: how far one turn moves the customer's 0–5 mood.
  public static let moodChange = -5...5
  /// `misses` of a branch condition: turns in a row without progress.
  public static let misses = 1...20
  /// `pass` of a rubric, in points of 100.
  public static let passScore = 0...100
  /// A turn number in an escalation `window`.
  public static let windowTurn = 1...100
  /// `weight` of a criterion or of the escalation; must also be greater than 0.
  public static let maxWeight = 100.0

  /// A mood change the engine applies: within `moodChange`.
  public static func clampedMoodChange(_ value: Int) -> Int {
    min(moodChange.upperBound, max(moodChange.lowerBound, value))
  }

  /// A weight the scorer applies: finite, within 0…`maxWeight` (NaN counts as 0).
  public static func clampedWeight(_ value: Double) -> Double {
    value.isNaN ? 0 : min(maxWeight, max(0, value))
  }
}
