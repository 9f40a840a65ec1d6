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

    private enum CodingKeys: String, CodingKey { case index, speaker, node, turn, text, action, target }

    public func encode(to encoder: any Encoder) throws {
      var c = encoder.container(keyedBy: CodingKeys.self)
      try c.encode(index, forKey: .index)
      try c.encode(speaker, forKey: .speaker)
      try c.encode(node, forKey: .node)
      try c.encode(turn, forKey: .turn)
      try c.encode(text, forKey: .text)
      try c.encode(action, forKey: .action)
      try c.encode(target, forKey: .target)
    }
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

  private enum CodingKeys: String, CodingKey {
    case scenario, version, seed, score, rawScore, passScore, passed, criticalMisses, criteria, escalation,
      ending, endingMood, csatProxy, fcrProxy, turns
  }

  /// Encodes every key, with null for absent values, so the JSON shape is stable.
  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(scenario, forKey: .scenario)
    try c.encode(version, forKey: .version)
    try c.encode(seed, forKey: .seed)
    try c.encode(score, forKey: .score)
    try c.encode(rawScore, forKey: .rawScore)
    try c.encode(passScore, forKey: .passScore)
    try c.encode(passed, forKey: .passed)
    try c.encode(criticalMisses, forKey: .criticalMisses)
    try c.encode(criteria, forKey: .criteria)
    try c.encode(escalation, forKey: .escalation)
    try c.encode(ending, forKey: .ending)
    try c.encode(endingMood, forKey: .endingMood)
    try c.encode(csatProxy, forKey: .csatProxy)
    try c.encode(fcrProxy, forKey: .fcrProxy)
    try c.encode(turns, forKey: .turns)
    // `scenario` is deprecated: `scenario_id` is the key of every output.
    var named = encoder.container(keyedBy: ScenarioIDKey.self)
    try named.encode(scenario, forKey: .scenarioID)
  }

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
