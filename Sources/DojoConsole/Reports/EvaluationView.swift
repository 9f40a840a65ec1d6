import DojoCore

/// The text form of `dojo eval`: overall figures, a table per scenario and criterion, then every
/// disagreement with the words involved (unless `summaryOnly`).
public struct EvaluationView: Sendable {
  public var report: EvaluationReport
  public var summaryOnly: Bool

  public init(report: EvaluationReport, summaryOnly: Bool = false) {
    self.report = report
    self.summaryOnly = summaryOnly
  }

  static func number(_ value: Double?) -> String {
    guard let value else { return "–" }
    return ReportNumber.fixed(value, places: 2)
  }

  static func percent(_ value: Double?) -> String { ReportNumber.percent(value) }

  public func render() -> String {
    var lines: [String] = []
    let overall = report.overall
    lines.append(Style.strong("Evaluation set \(report.set)") + ": \(report.labelled) labelled of \(report.conversations) conversations")
    lines.append(
      "Overall: κ \(Self.number(overall.kappa)) (credited / not, \(overall.items) items) · weighted κ \(Self.number(overall.weightedKappa)) (0 / partial / full) · verdicts \(Self.percent(overall.verdictAccuracy)) of \(overall.verdicts) · agreement \(Self.percent(overall.agreement))"
    )
    if report.otherVersion > 0 {
      lines.append("\(report.otherVersion) conversations were recorded on another version of their scenario (scored as recorded).")
    }
    if report.notApplicableMismatches > 0 {
      lines.append("\(report.notApplicableMismatches) items N/A on one side only (left out of κ).")
    }
    for problem in report.problems { lines.append(Style.warn("problem: ") + problem) }
    if report.missedTargets.isEmpty {
      lines.append(Style.good("All targets met") + " (κ ≥ \(report.targets.kappa), each scenario ≥ \(report.targets.scenarioKappa), weighted κ ≥ \(report.targets.weightedKappa), verdicts ≥ \(Self.percent(report.targets.verdictAccuracy))).")
    } else {
      lines.append(Style.warn("Targets missed: ") + report.missedTargets.joined(separator: "; "))
    }
    lines.append("")
    var rows: [[String]] = []
    for scenario in report.scenarios {
      let f = scenario.figures
      rows.append([
        scenario.scenarioID, "(all)", "\(scenario.conversations)", "\(f.items)", Self.percent(f.agreement), Self.number(f.kappa),
        Self.number(f.weightedKappa), Self.percent(f.verdictAccuracy),
      ])
      for criterion in scenario.criteria {
        let c = criterion.figures
        rows.append([
          "", criterion.criterion, "", "\(c.items)", Self.percent(c.agreement), Self.number(c.kappa), Self.number(c.weightedKappa), "",
        ])
      }
    }
    lines.append(TextTable(
      header: ["scenario", "criterion", "conv", "items", "agree", "κ", "wκ", "verdicts"], rows: rows
    ).render())
    guard !summaryOnly else { return lines.joined(separator: "\n") }
    if !report.disagreements.isEmpty {
      lines.append("")
      lines.append(Style.strong("Disagreements (\(report.disagreements.count))"))
      for item in report.disagreements {
        lines.append("")
        let scorer = item.scorerLevel.map { ["not", "partly", "met"][$0] } ?? "n/a"
        lines.append("\(item.conversation) · \(item.scenarioID) · \(item.criterion) (\(item.name)): lead \(item.lead.rawValue), scorer \(scorer) \(item.scorerPoints)")
        if !item.evidence.isEmpty { lines.append("  evidence: " + item.evidence.joined(separator: "; ")) }
        if !item.violations.isEmpty { lines.append("  forbidden: " + item.violations.joined(separator: "; ")) }
        if !item.weakened.isEmpty { lines.append("  only halfway: " + item.weakened.joined(separator: "; ")) }
        if let reason = item.reason { lines.append("  reason: \(reason)") }
        for reply in item.replies { lines.append("  " + reply.replacingOccurrences(of: "\n", with: " ⏎ ")) }
      }
    }
    if !report.verdictDisagreements.isEmpty {
      lines.append("")
      lines.append(Style.strong("Verdicts that differ (\(report.verdictDisagreements.count))"))
      for item in report.verdictDisagreements {
        let critical = item.criticalMisses.isEmpty ? "" : " (critical: \(item.criticalMisses.joined(separator: ", ")))"
        lines.append("\(item.conversation) · \(item.scenarioID): lead \(item.lead.rawValue), scorer \(item.passed ? "pass" : "fail") at \(ReportNumber.score(item.score))\(critical)")
      }
    }
    return lines.joined(separator: "\n")
  }
}
