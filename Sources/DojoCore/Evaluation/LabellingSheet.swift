/// What a labeller sees of one recorded conversation (Markdown): the scenario's title and
/// briefing, each criterion's name and tip (critical ones marked), the escalation expectation,
/// the conversation line by line, and a labels line to fill in. No scores, patterns or model
/// answers, so the labels cannot lean on what the scorer looks for.
public struct LabellingSheet: Sendable {
  public var conversation: RecordedConversation
  public var scenario: Scenario

  public init(conversation: RecordedConversation, scenario: Scenario) {
    self.conversation = conversation
    self.scenario = scenario
  }

  public func render() -> String {
    var lines: [String] = []
    lines.append("# \(conversation.id): \(scenario.title)")
    lines.append("")
    lines.append("Scenario `\(scenario.id)` · \(scenario.role.rawValue) · \(scenario.channel.rawValue) · \(scenario.language.rawValue)")
    lines.append("")
    lines.append("Briefing: " + scenario.summary.trimmingWhitespace)
    lines.append("")
    // What the systems showed: the scenario's facts, and the facts of the nodes this
    // conversation reached (a scenario can keep its facts at a node).
    var shown = scenario.facts.map { "- \($0.fact.source): \($0.fact.text.trimmingWhitespace)" }
    var reached: [String] = []
    for line in conversation.lines where !reached.contains(line.node) { reached.append(line.node) }
    for node in reached.compactMap({ scenario.node($0) }) {
      for fact in node.facts where !shown.contains("- \(fact.source): \(fact.text.trimmingWhitespace)") {
        shown.append("- \(fact.source): \(fact.text.trimmingWhitespace)")
      }
    }
    if !shown.isEmpty {
      lines.append("What the trainee's systems showed (some only later in the conversation):")
      lines.append("")
      lines += shown
      lines.append("")
    }
    lines.append("## Criteria")
    lines.append("")
    for criterion in scenario.rubric.criteria {
      let critical = criterion.critical ? " **(critical: a miss fails the attempt)**" : ""
      lines.append("- `\(criterion.id)`: \(criterion.name)\(critical)")
      lines.append("  Tip: \(criterion.tip.trimmingWhitespace)")
    }
    let escalation = scenario.escalation
    let expected: String
    switch escalation.expect {
    case .resolve: expected = "resolve the case without handing it over"
    case .escalate: expected = "escalate to \(escalation.target ?? "?")"
    case .transfer: expected = "transfer to \(escalation.target ?? "?")"
    }
    lines.append("- `escalation`: expected: \(expected)" + (escalation.critical ? " **(critical)**" : ""))
    if !escalation.rationale.isEmpty { lines.append("  Why: \(escalation.rationale.trimmingWhitespace)") }
    lines.append("")
    lines.append("## Conversation (ended: \(conversation.ending?.rawValue ?? "not finished"))")
    lines.append("")
    for line in conversation.lines {
      let text = line.text.split(separator: "\n", omittingEmptySubsequences: false).joined(separator: "\n    ")
      switch line.speaker {
      case .customer:
        lines.append("- **Customer**: \(text)")
      case .trainee:
        let turn = line.turn.map { " [\($0)]" } ?? ""
        switch line.action ?? .reply {
        case .reply: lines.append("- **Trainee\(turn)**: \(text)")
        case .escalate: lines.append("- **Trainee\(turn)** escalates to `\(line.target ?? "?")` with the note: \(text)")
        case .transfer: lines.append("- **Trainee\(turn)** transfers to `\(line.target ?? "?")` with the note: \(text)")
        case .end: lines.append("- **Trainee\(turn)** ends the conversation.")
        }
      }
    }
    lines.append("")
    lines.append("## Labels")
    lines.append("")
    lines.append("Rate each criterion met, partly, not or na (the conversation never got to where it applies),")
    lines.append("and give a verdict: pass or fail. One line in labels.jsonl:")
    lines.append("")
    let ids = scenario.rubric.criteria.map(\.id) + ["escalation"]
    let template = ids.map { "\"\($0)\": \"?\"" }.joined(separator: ", ")
    lines.append("    {\"conversation\": \"\(conversation.id)\", \"criteria\": {\(template)}, \"verdict\": \"?\", \"labeller\": \"?\"}")
    return lines.joined(separator: "\n") + "\n"
  }
}

extension String {
  fileprivate var trimmingWhitespace: String {
    var text = Substring(self)
    while let first = text.first, first.isWhitespace { text.removeFirst() }
    while let last = text.last, last.isWhitespace { text.removeLast() }
    return String(text)
  }
}
