import Foundation
import DojoCore

/// Renders a score result as the scorecard a trainee reads at the end of an attempt.
public struct ScorecardView: Sendable {
  public let scenario: Scenario
  public let result: ScoreResult
  public let strings: UIStrings
  public var handleTimeSeconds: Double?
  public var hintsUsed: Int?

  public init(scenario: Scenario, result: ScoreResult, strings: UIStrings, handleTimeSeconds: Double? = nil, hintsUsed: Int? = nil) {
    self.scenario = scenario
    self.result = result
    self.strings = strings
    self.handleTimeSeconds = handleTimeSeconds
    self.hintsUsed = hintsUsed
  }

  public func render() -> String {
    var lines: [String] = []
    let verdict = result.passed ? Style.good(strings[.passed]) : Style.bad(strings[.notPassed])
    lines.append(Style.strong("\(strings[.scorecard]): \(scenario.title)") + Style.dim("  [\(scenario.id) · \(strings[.version]) \(result.version)]"))
    lines.append("\(strings[.score]): \(Style.strong(format(result.score)))/100 · \(verdict) \(Style.dim("(\(strings[.passMark]) \(format(result.passScore)))"))")
    if !result.criticalMisses.isEmpty {
      let missed = result.criticalMisses.map { id in
        result.criteria.first { $0.id == id }.map { result.name(of: $0, in: strings.language, scenario: scenario) } ?? id
      }
      lines.append(Style.bad("\(strings[.criticalMissed]): \(missed.joined(separator: ", ")) — \(strings[.autoFail]) (\(strings[.withoutIt]) \(format(result.rawScore)))"))
    }
    lines.append("")
    for criterion in result.criteria {
      let mark: String
      if !criterion.applicable {
        mark = Style.dim("–")
      } else if criterion.met {
        mark = Style.good("✓")
      } else if (criterion.score ?? 0) > 0 {
        mark = Style.warn("◐")
      } else {
        mark = Style.bad("✗")
      }
      let points = criterion.applicable ? "\(criterion.score ?? 0)/\(criterion.max)" : strings[.notApplicable]
      var flags: [String] = []
      if criterion.critical { flags.append(strings[.critical]) }
      if criterion.bonus { flags.append(strings[.bonus]) }
      let flagText = flags.isEmpty ? "" : Style.dim(" [\(flags.joined(separator: ", "))]")
      let name = result.name(of: criterion, in: strings.language, scenario: scenario)
      lines.append("\(mark) \(name)\(flagText)  \(Style.dim(points + " · ×" + format(criterion.weight)))")
      if criterion.id == "escalation" {
        lines.append("    " + Self.indented(result.escalationExplanation(in: strings.language, scenario: scenario), by: 4))
        if !result.escalation.handoffMissing.isEmpty || result.escalation.verdict != .correct && result.escalation.verdict != .notExpected {
          let escalation = result.escalation
          lines.append(Style.dim(
            "    \(strings[.expected]): \(strings.handoffName(escalation.expected)) · "
              + "\(strings[.actual]): \(strings.handoffName(escalation.actual)) · \(strings.verdictName(escalation.verdict))"))
        }
      } else {
        // Two patterns can find the same words: each turn's words are shown once.
        for evidence in Self.distinct(criterion.evidence) {
          lines.append(Style.dim("    \(strings[.turn]) \(evidence.turn): ") + "“\(neutralized(evidence.words.joined(separator: " ")))”")
        }
        for violation in Self.distinct(criterion.violations) {
          lines.append(Style.bad("    \(strings[.turn]) \(violation.turn): “\(neutralized(violation.words.joined(separator: " ")))” — \(strings[.avoid])"))
        }
        for weakening in Self.distinct(criterion.weakened) {
          lines.append(Style.dim("    \(strings[.turn]) \(weakening.turn): “\(neutralized(weakening.words.joined(separator: " ")))” — \(strings[.weakens])"))
        }
      }
      if criterion.applicable && !criterion.met {
        if let reason = result.reason(of: criterion, in: strings.language) {
          lines.append(Style.dim("    \(strings[.reasonLabel]): " + Self.indented(reason, by: 6)))
        }
        lines.append("    \(Style.accent(strings[.tip])): " + Self.indented(result.tip(of: criterion, in: strings.language, scenario: scenario), by: 6))
        if let model = criterion.modelAnswer {
          lines.append("    \(Style.accent(strings[.modelAnswer])): " + Self.indented(model, by: 6))
        }
      }
    }
    if !result.resolveMissing.isEmpty {
      lines.append(Style.warn(strings.format(.notResolvedBecause, result.resolveMissing.joined(separator: "; "))))
    }
    lines.append("")
    var footer = ["\(strings[.turns]): \(result.turns)", "\(strings[.ending]): \(strings.endingName(result.ending))",
                  "\(strings[.mood]): \(strings.moodName(result.endingMood))"]
    if let handleTimeSeconds { footer.append("\(strings[.handleTime]): \(Self.duration(handleTimeSeconds))") }
    if let hintsUsed { footer.append("\(strings[.hints]): \(hintsUsed)") }
    lines.append(Style.dim(footer.joined(separator: " · ")))
    return lines.joined(separator: "\n")
  }

  /// Text of several lines (a model e-mail, say) with its second and later lines indented under
  /// the first, so it stays inside its criterion.
  /// The evidence with each turn's words once, in the order found.
  static func distinct(_ evidence: [Evidence]) -> [Evidence] {
    var seen: Set<String> = []
    return evidence.filter { seen.insert("\($0.turn)\u{1F}" + $0.words.joined(separator: " ")).inserted }
  }

  static func indented(_ text: String, by columns: Int) -> String {
    let text = text.trimmingCharacters(in: .newlines)
    guard text.contains("\n") else { return text }
    let pad = String(repeating: " ", count: columns)
    return text.split(separator: "\n", omittingEmptySubsequences: false)
      .enumerated().map { $0.offset == 0 || $0.element.isEmpty ? String($0.element) : pad + $0.element }
      .joined(separator: "\n")
  }

  /// A score as the trainee's language writes it: 16.7 in English, 16,7 in German.
  func format(_ value: Double) -> String { strings.number(value) }

  /// A score as people write it: 85, 85.7.
  public static func number(_ value: Double) -> String {
    value == value.rounded() ? String(Int(value)) : String(format: "%.1f", value)
  }

  public static func duration(_ seconds: Double) -> String {
    let total = Int(seconds.rounded())
    return String(format: "%d:%02d", total / 60, total % 60)
  }
}
