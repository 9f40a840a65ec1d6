import DojoCore
import DojoStore

/// Walks a reviewer through a session's criteria, one prompt per line, and collects ratings.
///
/// For a review, Enter keeps the current rating (the automatic one, or an earlier review's); a
/// changed score needs a comment, and a negative rating asks for a root cause (optional when
/// the current rating is kept). For a
/// blind calibration score the automatic score is not shown and every criterion must be rated.
/// Works the same on a terminal and on piped input.
public final class ReviewWalk {
  /// What is rated.
  public struct Item: Sendable, Hashable {
    public var id: String
    public var name: String
    public var max: Int
    /// The points Enter keeps: the automatic ones, or an earlier review's (nil for N/A).
    public var autoPoints: Int?

    public init(id: String, name: String, max: Int, autoPoints: Int?) {
      self.id = id
      self.name = name
      self.max = max
      self.autoPoints = autoPoints
    }
  }

  /// What the walk collected.
  public struct Outcome: Sendable, Hashable {
    public var ratings: [NewCriterionRating]
    public var summary: String
  }

  let input: LineInput
  let output: ConsoleOutput
  let blind: Bool

  public init(input: LineInput, output: ConsoleOutput, blind: Bool) {
    self.input = input
    self.output = output
    self.blind = blind
  }

  /// One line; piped input is shown after its prompt, so the output reads as the review did.
  private func read(_ prompt: String) -> String? {
    guard let line = input.readLine(prompt: prompt) else { return nil }
    if !input.isInteractive { output.line(prompt + neutralized(line)) }
    return line
  }

  /// Runs the walk; nil when the input ends before it is complete (nothing should be stored).
  public func run(_ items: [Item]) -> Outcome? {
    var ratings: [NewCriterionRating] = []
    let causes = RootCause.allCases.map(\.rawValue)
    for item in items {
      let scale = "0–\(item.max), na"
      let auto = item.autoPoints.map(String.init) ?? "na"
      output.line(Style.strong("\(item.id)") + " — \(item.name)")
      let prompt = blind ? "  rating [\(scale)]: " : "  rating [\(scale); Enter keeps \(auto)]: "
      var points: Int?
      var accepted = false
      while true {
        guard let line = read(prompt) else { return nil }
        let typed = line.trimmingCharacters(in: .whitespaces).lowercased()
        if typed.isEmpty {
          if blind {
            output.line(Style.warn("  a blind score needs a rating (\(scale))"))
            continue
          }
          points = item.autoPoints
          accepted = true
          break
        }
        if typed == "na" || typed == "n/a" {
          points = nil
          break
        }
        if let value = Int(typed), (0...item.max).contains(value) {
          points = value
          break
        }
        output.line(Style.warn("  '\(neutralized(line))' is not on the scale (\(scale))"))
      }
      let changed = !accepted && points != item.autoPoints
      var comment = ""
      if changed && !blind {
        while comment.isEmpty {
          guard let line = read("  comment (why \(auto) → \(points.map(String.init) ?? "na")): ") else {
            return nil
          }
          comment = line.trimmingCharacters(in: .whitespaces)
          if comment.isEmpty { output.line(Style.warn("  a changed score needs a comment")) }
        }
      }
      var cause: RootCause?
      if !blind && ReviewedScore.isNegative(points: points, max: item.max) {
        let optional = !changed
        while true {
          let hint = optional ? "; Enter skips" : ""
          guard let line = read("  root cause [\(causes.joined(separator: ", "))\(hint)]: ") else {
            return nil
          }
          let typed = line.trimmingCharacters(in: .whitespaces).lowercased()
          if typed.isEmpty && optional { break }
          if let found = RootCause(rawValue: typed) {
            cause = found
            break
          }
          if let number = Int(typed), (1...causes.count).contains(number) {
            cause = RootCause.allCases[number - 1]
            break
          }
          output.line(Style.warn("  pick one of \(causes.joined(separator: ", "))"))
        }
      }
      if blind || !accepted || cause != nil {
        ratings.append(NewCriterionRating(criterionID: item.id, points: points, comment: comment, rootCause: cause))
      }
    }
    var summary = ""
    if !blind {
      while summary.isEmpty {
        guard let line = read("Summary for the trainee: ") else { return nil }
        summary = line.trimmingCharacters(in: .whitespaces)
        if summary.isEmpty { output.line(Style.warn("a review ends with a summary comment for the trainee")) }
      }
    }
    return Outcome(ratings: ratings, summary: summary)
  }
}
