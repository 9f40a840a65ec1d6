/// Where a conversation stands: everything needed to continue it, and nothing else.
/// `Codable` with a format version, so a session can be saved and resumed.
public struct ConversationState: Sendable, Hashable, Codable {
  public static let currentFormatVersion = 1

  public var formatVersion = ConversationState.currentFormatVersion
  public var scenarioID: String
  public var nodeID: String
  public var mood: Mood
  public var generator: SeededGenerator
  /// Consecutive trainee turns at the current node that made no progress on its expectations.
  public var missesAtNode = 0
  public var transcript: Transcript
  /// Facts the trainee has been shown so far, in order.
  public var factsSeen: [Fact] = []
  /// What the replies so far showed for each criterion (by id), kept up to date turn by turn so
  /// that a step does not re-read the whole conversation. Nil in a state saved before it
  /// existed; the engine then works it out from the transcript once.
  public var criterionProgress: [String: CriterionProgress]?

  /// The number of trainee turns so far (the last trainee entry's number: engine transcripts
  /// number them 1, 2, 3…, so this does not count the whole transcript on every turn).
  public var turn: Int {
    guard let last = transcript.entries.last(where: { $0.speaker == .trainee }) else { return 0 }
    return last.turn ?? transcript.traineeTurns.count
  }
  public var ending: Ending? { transcript.ending }
  public var isOver: Bool { ending != nil }
}

/// What the replies in a criterion's scope have shown so far: enough to tell whether it is
/// fully met, without the replies themselves.
public struct CriterionProgress: Sendable, Hashable, Codable {
  /// A reply in the criterion's scope was given.
  public var counted = false
  /// One of the `any` patterns was met.
  public var anyMet = false
  /// The indices of the `all` items met, ascending.
  public var allMet: [Int] = []
  /// A forbidden phrase was used.
  public var forbidden = false

  public init() {}

  mutating func add(_ signals: TurnSignals) {
    counted = true
    if signals.anyMatch != nil { anyMet = true }
    for found in signals.allMatches where !allMet.contains(found.index) {
      allMet.append(found.index)
      allMet.sort()
    }
    if !signals.forbidden.isEmpty { forbidden = true }
  }

  /// Points on the scale, counted as `SignalTally.points` counts them.
  func points(evidence: CompiledEvidence, scale: Scale) -> Int {
    SignalTally.points(metSignals: (anyMet ? 1 : 0) + allMet.count, forbidden: forbidden, evidence: evidence, scale: scale)
  }
}

/// What happened as the result of an action; the console renders these, the recorder stores them.
public enum ConversationEvent: Sendable, Hashable, Codable {
  case customerSays(text: String, nodeID: String)
  case factsShown([Fact])
  case moodChanged(from: Mood, to: Mood)
  /// A trainee turn earned a signal for a criterion.
  case evidence(criterionID: String, Evidence)
  /// A trainee turn used a phrase a criterion forbids.
  case forbiddenPhrase(criterionID: String, Evidence)
  /// The turn took a branch of a node (index is 0-based).
  case branchTaken(from: String, index: Int, to: String)
  case ended(Ending)
}

/// Errors an engine step can raise.
public enum EngineError: Error, Equatable, CustomStringConvertible {
  case conversationOver(Ending)
  case unknownNode(String)
  case stateFromOtherScenario(expected: String, found: String)
  case unsupportedStateVersion(Int)

  public var description: String {
    switch self {
    case .conversationOver(let ending): "the conversation is over (\(ending.rawValue))"
    case .unknownNode(let id): "the saved state points at node '\(id)', which the scenario no longer has"
    case .stateFromOtherScenario(let expected, let found): "the saved state is for scenario '\(found)', not '\(expected)'"
    case .unsupportedStateVersion(let version): "saved state format \(version) is not supported (expected \(ConversationState.currentFormatVersion))"
    }
  }
}

/// The conversation state machine: (scenario, state, action) → (new state, events).
/// Pure and deterministic: no terminal, no clock, no database.
public struct ConversationEngine: Sendable {
  public let compiled: CompiledScenario
  public var scenario: Scenario { compiled.scenario }

  public init(_ compiled: CompiledScenario) {
    self.compiled = compiled
  }

  /// Opens the conversation at the start node.
  public func start(seed: UInt64) -> (ConversationState, [ConversationEvent]) {
    var state = ConversationState(
      scenarioID: scenario.id, nodeID: scenario.start, mood: scenario.persona.mood,
      generator: SeededGenerator(seed: seed), transcript: Transcript(finalMood: scenario.persona.mood))
    var events: [ConversationEvent] = []
    enter(scenario.start, say: nil, state: &state, events: &events)
    return (state, events)
  }

  /// Checks that a saved state belongs to this scenario and can continue.
  public func validate(_ state: ConversationState) throws {
    guard state.formatVersion == ConversationState.currentFormatVersion else {
      throw EngineError.unsupportedStateVersion(state.formatVersion)
    }
    guard state.scenarioID == scenario.id else {
      throw EngineError.stateFromOtherScenario(expected: scenario.id, found: state.scenarioID)
    }
    guard scenario.node(state.nodeID) != nil else { throw EngineError.unknownNode(state.nodeID) }
  }

  /// Applies one trainee action.
  public func step(_ state: ConversationState, _ action: TraineeAction) throws -> (ConversationState, [ConversationEvent]) {
    var state = state
    let events = try apply(action, to: &state)
    return (state, events)
  }

  /// Applies one trainee action to `state` in place and returns what happened. The same as
  /// `step`, without copying the transcript: a caller that keeps one state for a whole
  /// conversation should use this, or every turn copies every line before it. On an error,
  /// `state` is unchanged.
  public func apply(_ action: TraineeAction, to state: inout ConversationState) throws -> [ConversationEvent] {
    if let ending = state.ending { throw EngineError.conversationOver(ending) }
    try validate(state)
    var events: [ConversationEvent] = []
    let node = scenario.node(state.nodeID)!
    let turn = state.turn + 1
    if state.criterionProgress == nil { state.criterionProgress = progress(of: state.transcript) }
    state.transcript.entries.append(
      TranscriptEntry(speaker: .trainee, nodeID: node.id, turn: turn, text: action.text, action: action))

    switch action.kind {
    case .reply:
      reply(action.text, at: node, turn: turn, state: &state, events: &events)
    case .escalate, .transfer:
      handOff(action, at: node, state: &state, events: &events)
    case .end:
      finish(.endedByAgent, state: &state, events: &events)
    }
    state.transcript.finalMood = state.mood
    return events
  }

  // MARK: - Steps

  private func reply(_ text: String, at node: ConversationNode, turn: Int, state: inout ConversationState, events: inout [ConversationEvent]) {
    let analyzed = compiled.matcher.analyze(text)
    var memo = PatternMemo(patternCount: compiled.patternCount)
    var progress = false
    var forbidden = false
    var progressTable = state.criterionProgress ?? [:]
    state.criterionProgress = nil  // no second reference while the table is updated in place
    for criterion in scenario.rubric.criteria where compiled.criterion(criterion, countsAt: node.id) {
      let signals = compiled.signals(compiled.criteria[criterion.id]!, in: analyzed, memo: &memo)
      progressTable[criterion.id, default: CriterionProgress()].add(signals)
      if let match = signals.anyMatch {
        events.append(.evidence(criterionID: criterion.id, Evidence(turn: turn, pattern: match.pattern, words: match.words)))
      }
      for match in signals.allMatches.map(\.match) {
        events.append(.evidence(criterionID: criterion.id, Evidence(turn: turn, pattern: match.pattern, words: match.words)))
      }
      for match in signals.forbidden {
        events.append(.forbiddenPhrase(criterionID: criterion.id, Evidence(turn: turn, pattern: match.pattern, words: match.words)))
        forbidden = true
      }
      if node.expects.contains(criterion.id), signals.positiveCount > 0 { progress = true }
    }

    // A first miss makes the customer repeat themselves; from the second miss in a row
    // patience wears thin.
    state.missesAtNode = progress ? 0 : state.missesAtNode + 1
    var moodDelta = 0
    if !node.expects.isEmpty {
      if progress { moodDelta += 1 } else if state.missesAtNode >= 2 { moodDelta -= 1 }
    }
    if forbidden { moodDelta -= 1 }

    state.criterionProgress = progressTable
    let met = metCriteria(in: state)
    let branchIndex = node.branches.firstIndex { branch in
      let condition = branch.condition
      guard condition.escalated == nil, condition.transferred == nil else { return false }
      return holds(condition, met: met, misses: state.missesAtNode) {
        compiled.showsIntent($0, in: analyzed, memo: &memo)
      }
    }
    let branch = branchIndex.map { node.branches[$0] }
    changeMood(by: moodDelta + (branch?.moodChange ?? 0), state: &state, events: &events)

    if let branch, let branchIndex {
      events.append(.branchTaken(from: node.id, index: branchIndex, to: branch.target))
      enter(branch.target, say: branch.say, state: &state, events: &events)
    } else {
      let line = state.generator.pick(node.reprompt) ?? DefaultLines.reprompt(scenario.language)
      state.transcript.entries.append(TranscriptEntry(speaker: .customer, nodeID: node.id, text: line))
      events.append(.customerSays(text: line, nodeID: node.id))
    }
    if state.ending == nil, state.mood == .gaveUp {
      let line = scenario.persona.giveUpLine ?? DefaultLines.giveUp(scenario.language)
      state.transcript.entries.append(TranscriptEntry(speaker: .customer, nodeID: state.nodeID, text: line))
      events.append(.customerSays(text: line, nodeID: state.nodeID))
      finish(.gaveUp, state: &state, events: &events)
    }
  }

  private func handOff(_ action: TraineeAction, at node: ConversationNode, state: inout ConversationState, events: inout [ConversationEvent]) {
    let target = action.target ?? ""
    let met = metCriteria(in: state)
    let branchIndex = node.branches.firstIndex { branch in
      let condition = branch.condition
      let wanted = action.kind == .escalate ? condition.escalated : condition.transferred
      guard let wanted, wanted == "any" || wanted == target else { return false }
      var rest = condition
      rest.escalated = nil
      rest.transferred = nil
      return holds(rest, met: met, misses: state.missesAtNode) { _ in false }
    }
    if let branchIndex {
      let branch = node.branches[branchIndex]
      events.append(.branchTaken(from: node.id, index: branchIndex, to: branch.target))
      changeMood(by: branch.moodChange, state: &state, events: &events)
      enter(branch.target, say: branch.say, state: &state, events: &events)
      return
    }
    let line = action.kind == .escalate ? DefaultLines.escalated(scenario.language) : DefaultLines.transferred(scenario.language)
    state.transcript.entries.append(TranscriptEntry(speaker: .customer, nodeID: node.id, text: line))
    events.append(.customerSays(text: line, nodeID: node.id))
    finish(action.kind == .escalate ? .escalated : .transferred, state: &state, events: &events)
  }

  /// Whether a condition holds (escalation conditions are checked by the caller).
  private func holds(_ condition: BranchCondition, met: Set<String>, misses: Int, intent: (String) -> Bool) -> Bool {
    if !condition.met.allSatisfy(met.contains) { return false }
    if !condition.metAny.isEmpty, !condition.metAny.contains(where: met.contains) { return false }
    if condition.notMet.contains(where: met.contains) { return false }
    if let name = condition.intent, !intent(name) { return false }
    if let needed = condition.misses, misses < needed { return false }
    return true
  }

  /// Criteria fully met by the replies so far, each counting only the turns in its scope.
  /// Reads the whole transcript; `metCriteria(in: ConversationState)` does not.
  public func metCriteria(in transcript: Transcript) -> Set<String> {
    var replies = compiled.analyzedReplies(transcript)
    var met: Set<String> = []
    for criterion in scenario.rubric.criteria {
      let (tally, counted) = compiled.tally(criterion, over: &replies)
      if counted, tally.points(scale: criterion.scale) == criterion.scale.maxPoints { met.insert(criterion.id) }
    }
    return met
  }

  /// Criteria fully met by the replies so far, from the progress the state keeps (worked out
  /// from the transcript only for a state saved without it).
  public func metCriteria(in state: ConversationState) -> Set<String> {
    let table = state.criterionProgress ?? progress(of: state.transcript)
    var met: Set<String> = []
    for criterion in scenario.rubric.criteria {
      guard let progress = table[criterion.id], progress.counted else { continue }
      let evidence = compiled.criteria[criterion.id] ?? CompiledEvidence(any: [], all: [], none: [])
      if progress.points(evidence: evidence, scale: criterion.scale) == criterion.scale.maxPoints { met.insert(criterion.id) }
    }
    return met
  }

  /// The progress of every criterion over a whole transcript (for a state that lacks it).
  func progress(of transcript: Transcript) -> [String: CriterionProgress] {
    var replies = compiled.analyzedReplies(transcript)
    var table: [String: CriterionProgress] = [:]
    for criterion in scenario.rubric.criteria {
      for index in replies.indices where compiled.criterion(criterion, countsAt: replies[index].entry.nodeID) {
        let evidence = compiled.criteria[criterion.id] ?? CompiledEvidence(any: [], all: [], none: [])
        table[criterion.id, default: CriterionProgress()].add(replies[index].signals(evidence, using: compiled.matcher))
      }
    }
    return table
  }

  private func changeMood(by delta: Int, state: inout ConversationState, events: inout [ConversationEvent]) {
    guard delta != 0 else { return }
    let old = state.mood
    state.mood = old.moved(by: delta)
    if state.mood != old { events.append(.moodChanged(from: old, to: state.mood)) }
  }

  private func enter(_ nodeID: String, say: String?, state: inout ConversationState, events: inout [ConversationEvent]) {
    let node = scenario.node(nodeID)!
    state.nodeID = nodeID
    state.missesAtNode = 0
    if let line = say ?? state.generator.pick(node.customer) {
      state.transcript.entries.append(TranscriptEntry(speaker: .customer, nodeID: nodeID, text: line))
      events.append(.customerSays(text: line, nodeID: nodeID))
    }
    let newFacts = node.facts.filter { !state.factsSeen.contains($0) }
    if !newFacts.isEmpty {
      state.factsSeen += newFacts
      events.append(.factsShown(newFacts))
    }
    if let ending = node.ending { finish(ending, state: &state, events: &events) }
  }

  private func finish(_ ending: Ending, state: inout ConversationState, events: inout [ConversationEvent]) {
    state.transcript.ending = ending
    state.transcript.finalMood = state.mood
    events.append(.ended(ending))
  }
}

/// Customer lines the engine uses when a scenario does not give its own.
enum DefaultLines {
  static func reprompt(_ language: Language) -> String {
    switch language {
    case .en: "Sorry, that doesn't really answer my question."
    case .de: "Das beantwortet meine Frage leider nicht."
    }
  }

  static func giveUp(_ language: Language) -> String {
    switch language {
    case .en: "Forget it. I'll take my business elsewhere."
    case .de: "Wissen Sie was, vergessen Sie es. Ich kündige."
    }
  }

  static func escalated(_ language: Language) -> String {
    switch language {
    case .en: "Okay. I'll wait for them to get in touch."
    case .de: "Gut, dann warte ich auf die Rückmeldung."
    }
  }

  static func transferred(_ language: Language) -> String {
    switch language {
    case .en: "Alright, put me through."
    case .de: "In Ordnung, verbinden Sie mich bitte."
    }
  }
}
