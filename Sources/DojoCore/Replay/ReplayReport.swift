/// The machine form of a replay: the score result plus the seed and the turns.
/// Keys are stable; the command line encodes them in snake_case.
public struct ReplayReport: Sendable, Codable {
  /// One line of the conversation.
  public struct Turn: Sendable, Codable {
    public var index: Int
    public var speaker: String
    public var node: String
    public var turn: Int?
    public var text: String
    public var action: String?
    public var target: String?
  }

  public var scenario: String
  public var version: String
  public var seed: UInt64
  public var score: Double
  public var rawScore: Double
  public var passScore: Double
  public var passed: Bool
  public var criticalMisses: [String]
  public var criteria: [CriterionResult]
  public var escalation: EscalationResult
  public var ending: String?
  public var endingMood: String
  public var csatProxy: Int
  public var fcrProxy: Bool
  public var turns: [Turn]

  public init(seed: UInt64, outcome: ReplayOutcome) {
    let result = outcome.result
    scenario = result.scenario
    version = result.version
    self.seed = seed
    score = result.score
    rawScore = result.rawScore
    passScore = result.passScore
    passed = result.passed
    criticalMisses = result.criticalMisses
    criteria = result.criteria
    escalation = result.escalation
    ending = result.ending?.rawValue
    endingMood = result.endingMood.name
    csatProxy = result.csatProxy
    fcrProxy = result.fcrProxy
    turns = outcome.state.transcript.entries.enumerated().map { index, entry in
      Turn(
        index: index + 1, speaker: entry.speaker.rawValue, node: entry.nodeID, turn: entry.turn, text: entry.text,
        action: entry.action.map(\.kind.rawValue), target: entry.action?.target)
    }
  }
}
