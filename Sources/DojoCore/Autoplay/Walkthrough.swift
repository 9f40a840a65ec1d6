/// One step of the model conversation: what the customer said, the model answer, and why it works.
public struct WalkthroughStep: Sendable, Codable {
  public var turn: Int
  public var nodeID: String
  public var customer: [String]
  public var facts: [Fact]
  public var answer: String
  public var commentary: String?
}

/// The model conversation of a scenario: the path an experienced colleague takes by giving each
/// node's model answer, as the engine plays it.
public struct Walkthrough: Sendable, Codable {
  public var scenario: String
  public var steps: [WalkthroughStep]
  /// The customer's closing line(s) and the ending.
  public var closing: [String]
  public var ending: Ending?
  public var result: ScoreResult?

  private enum EncodingKeys: String, CodingKey { case scenario, scenarioID, steps, closing, ending, result }

  /// `scenario` (here and in `result`) is deprecated: `scenario_id` is the key of every output.
  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: EncodingKeys.self)
    try c.encode(scenario, forKey: .scenario)
    try c.encode(scenario, forKey: .scenarioID)
    try c.encode(steps, forKey: .steps)
    try c.encode(closing, forKey: .closing)
    try c.encodeIfPresent(ending, forKey: .ending)
    try c.encodeIfPresent(result.map { WithScenarioID($0.scenario, $0) }, forKey: .result)
  }

  /// Plays the model answers through the engine (seed 1), at most `maxTurns` turns.
  public init(_ compiled: CompiledScenario, seed: UInt64 = 1, maxTurns: Int = 30) {
    let engine = ConversationEngine(compiled)
    var (state, events) = engine.start(seed: seed)
    var steps: [WalkthroughStep] = []
    var pending: [ConversationEvent] = events
    while !state.isOver, steps.count < maxTurns, let node = compiled.scenario.node(state.nodeID),
      let action = engine.modelAction(state)
    {
      // In the wrap-up after a hand-off the model answer is the closing node's.
      let closingNode = state.wrapUp?.closingNode.flatMap { compiled.scenario.node($0) }
      steps.append(WalkthroughStep(
        turn: steps.count + 1, nodeID: node.id, customer: Self.lines(pending), facts: Self.facts(pending),
        answer: action.typedForm, commentary: state.isWrappingUp ? closingNode?.commentary : node.commentary))
      guard let next = try? engine.step(state, action) else { break }
      (state, events) = next
      pending = events
    }
    scenario = compiled.scenario.id
    self.steps = steps
    closing = Self.lines(pending)
    ending = state.ending
    result = state.isOver ? Scorer(compiled).score(state.transcript) : nil
  }

  private static func lines(_ events: [ConversationEvent]) -> [String] {
    var lines: [String] = []
    for case .customerSays(let text, _) in events { lines.append(text) }
    return lines
  }

  private static func facts(_ events: [ConversationEvent]) -> [Fact] {
    var facts: [Fact] = []
    for case .factsShown(let shown) in events { facts += shown }
    return facts
  }
}
