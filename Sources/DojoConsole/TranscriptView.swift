import DojoCore

/// Renders a transcript as a conversation: customer lines, the trainee's turns and actions.
public struct TranscriptView: Sendable {
  public let scenario: Scenario
  public let transcript: Transcript
  public let strings: UIStrings

  public init(scenario: Scenario, transcript: Transcript, strings: UIStrings) {
    self.scenario = scenario
    self.transcript = transcript
    self.strings = strings
  }

  public func render() -> String {
    var lines: [String] = []
    let customerName = scenario.persona.name
    for entry in transcript.entries {
      switch entry.speaker {
      case .customer:
        lines.append(Style.customer("\(customerName): ") + neutralized(entry.text))
      case .trainee:
        let label = Style.strong("\(strings[.you]) [\(entry.turn ?? 0)]: ")
        switch entry.action?.kind ?? .reply {
        case .reply: lines.append(label + neutralized(entry.text))
        case .escalate, .transfer, .end: lines.append(label + Style.accent(neutralized(entry.action?.typedForm ?? entry.text)))
        }
      }
    }
    return lines.joined(separator: "\n")
  }
}
