import DojoCore

/// Renders a scenario for authors and leads: briefing, persona, graph, rubric, escalation.
public struct ScenarioView: Sendable {
  public let scenario: Scenario

  public init(scenario: Scenario) { self.scenario = scenario }

  public func render() -> String {
    let s = scenario
    var lines: [String] = []
    lines.append(Style.strong(s.title) + Style.dim("  [\(s.id) · version \(s.version)]"))
    var meta = ["role \(s.role.rawValue)", "channel \(s.channel.rawValue)", "language \(s.language.rawValue)", "difficulty \(s.difficulty)"]
    if let form = s.form { meta.append("form \(s.formGroup ?? "")/\(form)") }
    if !s.tags.isEmpty { meta.append("tags \(s.tags.joined(separator: ", "))") }
    lines.append(Style.dim(meta.joined(separator: " · ")))
    lines.append("")
    lines.append(s.summary)
    lines.append("")
    lines.append("\(Style.strong("Customer")): \(s.persona.name) — \(s.persona.description) (starts \(s.persona.mood.name))")
    lines.append("")
    lines.append(Style.strong("Conversation"))
    for node in s.orderedNodes {
      let marker = node.id == s.start ? "▶ " : "  "
      let ending = node.ending.map { Style.dim(" [end: \($0.rawValue)]") } ?? ""
      lines.append("\(marker)\(Style.accent(node.id))\(ending): “\(node.customer.first ?? "")”")
      if !node.expects.isEmpty { lines.append(Style.dim("     expects: \(node.expects.joined(separator: ", "))")) }
      for branch in node.branches {
        lines.append(Style.dim("     → \(branch.target) when \(Self.describe(branch.condition))"))
      }
    }
    lines.append("")
    lines.append(Style.strong("Rubric") + Style.dim(" (pass \(Int(s.rubric.passScore)))"))
    for criterion in s.rubric.criteria {
      // Stored copies of old scenarios may carry any number: no Int conversion that could trap.
      let weight = ScenarioLimits.clampedWeight(criterion.weight)
      var flags = ["×\(ScorecardView.number(weight))", criterion.scale.rawValue]
      if criterion.critical { flags.append("critical") }
      if criterion.bonus { flags.append("bonus") }
      lines.append("  \(criterion.id): \(criterion.name) \(Style.dim("[\(flags.joined(separator: ", "))]"))")
    }
    lines.append("")
    let e = s.escalation
    var expectation = "Escalation: \(e.expect.rawValue)"
    if let target = e.target { expectation += " to \(target)" }
    if let window = e.window { expectation += " in turns \(window.lowerBound)–\(window.upperBound)" }
    lines.append(Style.strong(expectation))
    for requirement in e.handoff { lines.append("  hand-off must carry: \(requirement.name)") }
    if !e.rationale.isEmpty { lines.append(Style.dim("  \(e.rationale)")) }
    return lines.joined(separator: "\n")
  }

  static func describe(_ c: BranchCondition) -> String {
    var parts: [String] = []
    if !c.met.isEmpty { parts.append("met \(c.met.joined(separator: "+"))") }
    if !c.metAny.isEmpty { parts.append("met any of \(c.metAny.joined(separator: ", "))") }
    if !c.notMet.isEmpty { parts.append("not met \(c.notMet.joined(separator: ", "))") }
    if let intent = c.intent { parts.append("intent \(intent)") }
    if let tier = c.escalated { parts.append("escalated to \(tier)") }
    if let team = c.transferred { parts.append("transferred to \(team)") }
    if let misses = c.misses { parts.append("\(misses) misses") }
    return parts.isEmpty ? "always" : parts.joined(separator: ", ")
  }
}

/// Renders an autoplay report.
public struct AutoplayView: Sendable {
  public let report: AutoplayReport

  public init(report: AutoplayReport) { self.report = report }

  public func render() -> String {
    let r = report
    var lines: [String] = []
    let ok = r.deadEnds.isEmpty && r.nodesNeverVisited.isEmpty && r.modelPassed == true
    lines.append("\(ok ? Style.good("✓") : Style.bad("✗")) \(Style.strong(r.scenario))  \(r.runs) random runs, seed \(r.seed)")
    let model = r.modelScore.map { "model path \($0 == $0.rounded() ? String(Int($0)) : String($0)) (\(r.modelPassed == true ? "passed" : "NOT passed"), \(r.modelEnding ?? "open"))" } ?? "model path does not end"
    lines.append("  \(model)")
    lines.append("  nodes \(r.nodesVisited.count)/\(r.nodes) (\(Int((r.nodeCoverage * 100).rounded()))%) · branches \(r.branchesTaken)/\(r.branches) (\(Int((r.branchCoverage * 100).rounded()))%)")
    let endings = r.endingsReached.keys.sorted().map { "\($0) \(r.endingsReached[$0]!)" }.joined(separator: ", ")
    lines.append("  endings: \(endings)")
    if !r.nodesNeverVisited.isEmpty { lines.append(Style.bad("  never visited: \(r.nodesNeverVisited.joined(separator: ", "))")) }
    if !r.endingsNeverReached.isEmpty { lines.append(Style.warn("  endings never reached: \(r.endingsNeverReached.joined(separator: ", "))")) }
    if !r.branchesNeverTaken.isEmpty { lines.append(Style.warn("  branches never taken: \(r.branchesNeverTaken.joined(separator: "; "))")) }
    if !r.deadEnds.isEmpty { lines.append(Style.bad("  dead ends (runs still open after the turn limit): \(r.deadEnds.joined(separator: ", "))")) }
    return lines.joined(separator: "\n")
  }
}
