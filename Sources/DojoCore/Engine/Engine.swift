/// Where a conversation stands: everything needed to continue it, and nothing else.
/// `Codable` with a format version, so a session can be saved and resumed.
public struct ConversationState: Sendable, Hashable, Codable {
  public static let currentFormatVersion = 2

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
  /// What each criterion has shown so far, turn by turn (the engine's running tally).
  public var progress: [String: CriterionProgress] = [:]
  /// What the customer has heard, whatever the point it was said at: every criterion's positive
  /// signals over all replies. The customer does not ask again for what they heard; the score
  /// still counts only what was said where the rubric expects it (`progress`).
  public var heard: [String: CriterionProgress] = [:]
  /// Things the customer knows that they have already told.
  public var itemsTold: [String] = []
  /// Points the customer asked the rest of after the trainee made them in part. When the next
  /// reply comes back to such a point, the customer takes it as made and moves on rather than
  /// asking a third time (the score still counts only what was said).
  public var askedForRest: [String] = []
  /// Nodes the conversation has passed through, in order, without repeats.
  public var nodesReached: [String] = []
  /// After a hand-off in chat or on the phone: the ending that follows the wrap-up exchange.
  public var wrapUp: WrapUp?

  /// The number of the last trainee turn (read from the end: no pass over the transcript).
  public var turn: Int {
    transcript.entries.last { $0.speaker == .trainee }?.turn ?? 0
  }
  public var ending: Ending? { transcript.ending }
  public var isOver: Bool { ending != nil }
  /// True while the customer waits for the trainee's last words after a hand-off.
  public var isWrappingUp: Bool { wrapUp != nil && ending == nil }
}

/// The ending a hand-off leads to once the trainee has said what happens next.
public struct WrapUp: Sendable, Hashable, Codable {
  public var ending: Ending
  /// The node whose line closes the conversation (nil: a default line).
  public var closingNode: String?
  public var kind: HandoffKind
}

/// What a criterion has shown so far: whether its `any` group and each `all` item was met, and
/// whether a forbidden phrase was used.
public struct CriterionProgress: Sendable, Hashable, Codable {
  public var anyMet = false
  public var allMet: [Bool] = []
  public var forbidden = false

  /// Nothing shown yet for `evidence`.
  init(for evidence: CompiledEvidence) {
    allMet = Array(repeating: false, count: evidence.all.count)
  }

  /// Adds a turn's positive signals; true when one of them was new.
  mutating func add(_ signals: TurnSignals) -> Bool {
    var gained = false
    if signals.anyMatch != nil {
      gained = gained || !anyMet
      anyMet = true
    }
    for found in signals.allMatches {
      gained = gained || !allMet[found.index]
      allMet[found.index] = true
    }
    return gained
  }

  /// Some of the point was made (a signal heard, in any turn).
  var isStarted: Bool { anyMet || allMet.contains(true) }

  /// Full points: every signal met and nothing forbidden.
  func isMet(_ evidence: CompiledEvidence) -> Bool {
    guard !forbidden, !evidence.isEmpty else { return false }
    if !evidence.any.isEmpty && !anyMet { return false }
    return allMet.count == evidence.all.count && allMet.allSatisfy { $0 }
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
  /// The customer waits for one more exchange after a hand-off before the conversation ends.
  case wrapUpStarted(Ending)
  case ended(Ending)
}

/// Errors an engine step can raise.
public enum EngineError: Error, Equatable, CustomStringConvertible {
  case conversationOver(Ending)
  case unknownNode(String)
  case stateFromOtherScenario(expected: String, found: String)
  case unsupportedStateVersion(Int)
  /// A hand-off to a tier or team the scenario's organisation does not have.
  case unknownTarget(kind: HandoffKind, target: String, known: [String])
  /// A second hand-off while the first one is being wrapped up.
  case alreadyHandedOff

  public var description: String {
    switch self {
    case .conversationOver(let ending): "the conversation is over (\(ending.rawValue))"
    case .unknownNode(let id): "the saved state points at node '\(id)', which the scenario no longer has"
    case .stateFromOtherScenario(let expected, let found): "the saved state is for scenario '\(found)', not '\(expected)'"
    case .unsupportedStateVersion(let version): "saved state format \(version) is not supported (expected \(ConversationState.currentFormatVersion))"
    case .unknownTarget(let kind, let target, let known):
      "there is no \(kind == .escalate ? "tier" : "team") '\(target)' here; /\(kind.rawValue) goes to: \(known.joined(separator: ", "))\(Suggestion.didYouMean(target, known))"
    case .alreadyHandedOff: "the case is already handed over; tell the customer what happens next, or /end"
    }
  }
}

/// The conversation state machine: (scenario, state, action) → (new state, events).
/// Pure and deterministic: no terminal, no clock, no database.
///
/// The customer follows an agenda (the node graph): each reply is read for the rubric points
/// it shows, the things it asks the customer for, and the hand-offs it makes. The customer
/// answers what they were asked, moves past what is already covered, names what is still
/// missing, never says one of their last two lines again, and after two replies without
/// progress at one point moves on in their own way.
public struct ConversationEngine: Sendable {
  public let scenario: Scenario
  private let patterns: Patterns
  /// Replies in a row without progress before the customer moves on.
  public static let patience = 2

  /// The scenario with its matcher patterns (compiled on first use by an engine made with
  /// `init(_:lexicon:)`).
  public var compiled: CompiledScenario {
    switch patterns {
    case .compiled(let compiled): compiled
    case .deferred(let deferred): deferred.compiled
    }
  }

  public init(_ compiled: CompiledScenario) {
    scenario = compiled.scenario
    patterns = .compiled(compiled)
  }

  /// An engine that compiles the scenario's patterns when a reply first needs them (or on
  /// `prepare()`). The opening (`start`) needs none, so a console can show the customer's first
  /// line before they are built; the transcript and every event are the same either way.
  public init(_ scenario: Scenario, lexicon: Lexicon) {
    self.scenario = scenario
    patterns = .deferred(DeferredCompilation(scenario, lexicon: lexicon))
  }

  /// Compiles the patterns now if they are not yet (a console calls it after the first line is
  /// shown, so the first reply does not wait for them).
  public func prepare() {
    _ = compiled
  }

  /// Whether the patterns are built yet (the start-up tests check that opening builds none).
  var isCompiled: Bool {
    switch patterns {
    case .compiled: true
    case .deferred(let deferred): deferred.isBuilt
    }
  }

  private enum Patterns: Sendable {
    case compiled(CompiledScenario)
    case deferred(DeferredCompilation)
  }

  /// Opens the conversation at the start node.
  public func start(seed: UInt64) -> (ConversationState, [ConversationEvent]) {
    var state = ConversationState(
      scenarioID: scenario.id, nodeID: scenario.start, mood: scenario.persona.mood,
      generator: SeededGenerator(seed: seed), transcript: Transcript(finalMood: scenario.persona.mood))
    var events: [ConversationEvent] = []
    enter(scenario.start, say: nil, reply: nil, climb: .none, state: &state, events: &events)
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

  /// Applies one trainee action to a copy of the state.
  public func step(_ state: ConversationState, _ action: TraineeAction) throws -> (ConversationState, [ConversationEvent]) {
    var state = state
    let events = try apply(action, to: &state)
    return (state, events)
  }

  /// Applies one trainee action in place. (A long conversation would otherwise copy its whole
  /// transcript on every turn.) On error the state is unchanged.
  public func apply(_ action: TraineeAction, to state: inout ConversationState) throws -> [ConversationEvent] {
    if let ending = state.ending {
      guard let kind = action.kind.handoffKind, acceptsAfterCallHandoff(state) else { throw EngineError.conversationOver(ending) }
      try validateTarget(of: action)
      return handOffAfterCall(action, kind: kind, state: &state)
    }
    try validate(state)
    if action.kind.handoffKind != nil {
      if state.wrapUp != nil { throw EngineError.alreadyHandedOff }
      try validateTarget(of: action)
    }
    var events: [ConversationEvent] = []
    let node = scenario.node(state.nodeID)!
    let turn = state.turn + 1
    state.transcript.entries.append(
      TranscriptEntry(speaker: .trainee, nodeID: node.id, turn: turn, text: action.text, action: action))

    switch action.kind {
    case .reply:
      if let wrapUp = state.wrapUp {
        let reading = tally(action.text, at: node, turn: turn, state: &state, events: &events)
        close(wrapUp, answered: true, after: reaction(to: reading, state: &state), state: &state, events: &events)
      } else {
        reply(action.text, at: node, turn: turn, state: &state, events: &events)
      }
    case .escalate, .transfer:
      handOff(action, at: node, state: &state, events: &events)
    case .end:
      if let wrapUp = state.wrapUp {
        close(wrapUp, state: &state, events: &events)
      } else if let condition = metResolveCondition(state) {
        let closing = condition.endingNode.flatMap { scenario.node($0) }
        let line = closing.flatMap { state.generator.pick($0.customer) } ?? DefaultLines.resolved(scenario.language)
        say([line], nodeID: closing?.id ?? node.id, state: &state, events: &events)
        if let mood = closing?.mood { setMood(mood, state: &state, events: &events) }
        finish(.resolved, state: &state, events: &events)
      } else {
        finish(.endedByAgent, state: &state, events: &events)
      }
    }
    state.transcript.finalMood = state.mood
    return events
  }

  private func validateTarget(of action: TraineeAction) throws {
    guard let kind = action.kind.handoffKind else { return }
    let target = action.target ?? ""
    if scenario.organisation.unit(kind, target) == nil {
      throw EngineError.unknownTarget(kind: kind, target: target, known: scenario.organisation.units(kind).map(\.id))
    }
  }

  // MARK: - After-contact work

  /// Whether the case can still be handed on after the customer closed it: after-contact work,
  /// as on a real desk, when the customer said goodbye in the turn the trainee announced the
  /// hand-off. Once, after a case that closed as resolved with nothing handed over yet.
  public func acceptsAfterCallHandoff(_ state: ConversationState) -> Bool {
    state.ending == .resolved && !scenario.organisation.units.isEmpty
      && !state.transcript.entries.contains { $0.action?.kind.handoffKind != nil }
  }

  /// Records a hand-off typed after the customer left: the case ends handed over (no customer
  /// line: the customer has gone), and the score judges the hand-off like any other.
  private func handOffAfterCall(_ action: TraineeAction, kind: HandoffKind, state: inout ConversationState) -> [ConversationEvent] {
    var events: [ConversationEvent] = []
    state.transcript.entries.append(
      TranscriptEntry(speaker: .trainee, nodeID: state.nodeID, turn: state.turn + 1, text: action.text, action: action))
    finish(kind == .escalate ? .escalated : .transferred, state: &state, events: &events)
    return events
  }

  // MARK: - Reading a reply

  /// What one reply showed at a node, after the running tally was updated.
  private struct ReplyReading {
    var analyzed: AnalyzedText
    var memo: PatternMemo
    /// The node the reply was typed at, and its turn number.
    var origin: String
    var turn: Int
    /// Criteria this reply has been counted for beyond its own node.
    var credited: Set<String> = []
    /// An expected criterion gained a signal it did not have before.
    var progress = false
    /// An expected criterion gained a signal but is not yet fully met.
    var partial: [String] = []
    /// Expected criteria the reply said something for (new or not).
    var addressed: [String] = []
    var forbidden = false
    /// Criteria whose forbidden phrases the reply used, in rubric order.
    var forbiddenCriteria: [String] = []
  }

  /// Adds one reply's signals to the running tally and reports the evidence.
  private func tally(_ text: String, at node: ConversationNode, turn: Int, state: inout ConversationState, events: inout [ConversationEvent]) -> ReplyReading {
    var reading = ReplyReading(
      analyzed: compiled.matcher.analyze(text), memo: PatternMemo(patternCount: compiled.patternCount), origin: node.id,
      turn: turn)
    for criterion in scenario.rubric.criteria where compiled.criterion(criterion, countsAt: node.id) {
      let evidence = compiled.criteria[criterion.id]!
      let signals = compiled.signals(evidence, in: reading.analyzed, memo: &reading.memo)
      var progress = state.progress[criterion.id] ?? CriterionProgress(for: evidence)
      events += evidenceEvents(criterion.id, signals, turn: turn)
      let gained = progress.add(signals)
      for match in signals.forbidden where compiled.criterion(criterion, forbidsAt: node.id) {
        events.append(.forbiddenPhrase(criterionID: criterion.id, Evidence(turn: turn, pattern: match.pattern, words: match.words)))
        progress.forbidden = true
        reading.forbidden = true
        if reading.forbiddenCriteria.last != criterion.id { reading.forbiddenCriteria.append(criterion.id) }
      }
      state.progress[criterion.id] = progress
      if node.expects.contains(criterion.id), signals.anyMatch != nil || !signals.allMatches.isEmpty {
        reading.addressed.append(criterion.id)
      }
      if node.expects.contains(criterion.id), gained {
        reading.progress = true
        if !progress.isMet(evidence) { reading.partial.append(criterion.id) }
      }
    }
    return reading
  }

  /// Counts a reply for the criteria of a node it took the conversation into (positive signals
  /// only: a forbidden phrase counts only where it was typed).
  private func credit(_ reading: inout ReplyReading, at nodeID: String, state: inout ConversationState, events: inout [ConversationEvent]) {
    for criterion in scenario.rubric.criteria
    where criterion.scope.contains(nodeID) && !compiled.criterion(criterion, countsAt: reading.origin) && !reading.credited.contains(criterion.id) {
      reading.credited.insert(criterion.id)
      let evidence = compiled.criteria[criterion.id]!
      let signals = compiled.signals(evidence, in: reading.analyzed, memo: &reading.memo)
      var progress = state.progress[criterion.id] ?? CriterionProgress(for: evidence)
      events += evidenceEvents(criterion.id, signals, turn: reading.turn)
      _ = progress.add(signals)
      state.progress[criterion.id] = progress
    }
  }

  /// The evidence events of one turn's positive signals for a criterion.
  private func evidenceEvents(_ criterionID: String, _ signals: TurnSignals, turn: Int) -> [ConversationEvent] {
    var matches = signals.anyMatch.map { [$0] } ?? []
    matches += signals.allMatches.map(\.match)
    return matches.map { .evidence(criterionID: criterionID, Evidence(turn: turn, pattern: $0.pattern, words: $0.words)) }
  }

  /// Criteria fully met where the rubric counts them (the score's view).
  private func scoredSet(_ state: ConversationState) -> Set<String> {
    Set(state.progress.compactMap { id, progress in
      compiled.criteria[id].map { progress.isMet($0) } == true ? id : nil
    })
  }

  /// What the conversation moves on: criteria met where they count, and points the customer has
  /// heard anywhere (a forbidden phrase does not undo what was heard).
  ///
  /// With `substance`, a point also counts as heard when every `all` item (the substance) was
  /// said and only the `any` wording is missing: the customer got the answer (the score keeps
  /// the part). Used where the customer reacts to a reply at the current node, not to pass a
  /// node the trainee has not reached yet.
  private func metSet(_ state: ConversationState, substance: Bool = false) -> Set<String> {
    var met = scoredSet(state)
    for (id, heard) in state.heard {
      guard let evidence = compiled.criteria[id], !(evidence.any.isEmpty && evidence.all.isEmpty) else { continue }
      var clean = heard
      clean.forbidden = false
      // Heard enough to move on: fully met, or every `all` item (the substance) was said and only
      // the `any` wording is missing — the customer got the answer; the score keeps the part.
      let gotSubstance = substance && !evidence.all.isEmpty && clean.allMet.count == evidence.all.count
        && clean.allMet.allSatisfy { $0 }
      if clean.isMet(evidence) || gotSubstance { met.insert(id) }
    }
    return met
  }

  /// Adds a reply's positive signals for every criterion to what the customer has heard.
  private func hear(_ reading: inout ReplyReading, state: inout ConversationState) {
    for criterion in scenario.rubric.criteria {
      let evidence = compiled.criteria[criterion.id]!
      let signals = compiled.signals(evidence, in: reading.analyzed, memo: &reading.memo)
      var heard = state.heard[criterion.id] ?? CriterionProgress(for: evidence)
      _ = heard.add(signals)
      state.heard[criterion.id] = heard
    }
  }

  private func reply(_ text: String, at node: ConversationNode, turn: Int, state: inout ConversationState, events: inout [ConversationEvent]) {
    var reading = tally(text, at: node, turn: turn, state: &state, events: &events)
    hear(&reading, state: &state)
    // A promise the customer should not have been given, or a blame they should not have heard,
    // is answered first ("Friday, then. I'm holding you to that.").
    let reaction = reaction(to: reading, state: &state)

    // What the trainee asked the customer for, answered before anything else.
    var answers: [String] = []
    // Only a fresh answer keeps the conversation moving; asking again for what was told is no
    // progress (the customer repeats it once more in other words, then moves on).
    var answered = false
    for item in compiled.itemsAsked(in: text, reading.analyzed, memo: &reading.memo) {
      if state.itemsTold.contains(item.id) {
        answers.append(item.again ?? DefaultLines.again(scenario.language, state.generator.pick(item.says) ?? ""))
      } else {
        answers.append(state.generator.pick(item.says) ?? "")
        state.itemsTold.append(item.id)
        answered = true
      }
    }
    if reading.progress {
      state.missesAtNode = 0
    } else if !answered {
      // Capped, so a saved state with any count continues without overflow.
      state.missesAtNode = min(state.missesAtNode, 1_000) + 1
    }
    // A forbidden phrase costs points, not the customer's mood: a false promise pleases them.
    var moodDelta = 0

    let heard = metSet(state, substance: true)
    // A point the customer already asked the rest of, and this reply came back to: taken as made.
    let takenAsMade = Set(reading.addressed.filter { state.askedForRest.contains($0) && !heard.contains($0) })
    let met = heard.union(takenAsMade)
    // "So are you passing it to them now?" — "Yes.": a yes to the customer's question says what
    // the question asked, for the conversation's turns (intents) only; the score counts the
    // trainee's own words.
    let affirmed = affirmedQuestion(text, state: state).map(compiled.matcher.analyze)
    var affirmedMemo = PatternMemo(patternCount: affirmed == nil ? 0 : compiled.patternCount)
    let branchIndex = node.branches.firstIndex { branch in
      let condition = branch.condition
      guard condition.escalated == nil, condition.transferred == nil else { return false }
      return holds(condition, met: met, misses: state.missesAtNode) { id in
        if compiled.showsIntent(id, in: reading.analyzed, memo: &reading.memo) { return true }
        guard let affirmed else { return false }
        return compiled.showsIntent(id, in: affirmed, memo: &affirmedMemo)
      }
    }
    // Moving on only because the customer gave up asking for the rest pleases nobody.
    let grudging = !takenAsMade.isEmpty && branchIndex.map { index in
      !holds(node.branches[index].condition, met: heard, misses: state.missesAtNode) { _ in true }
    } == true
    // Nor does a branch back to the same node that made no progress (the author's reaction to
    // words said, such as "I'll wait"): its own `mood` counts, no automatic step up.
    let standsStill = !reading.progress && branchIndex.map { node.branches[$0].target == node.id } == true

    // A customer still in a fair mood does not storm off after two unclear replies: they ask
    // differently first and lose some patience; the author's give-up comes when they are upset.
    if let branchIndex, node.branches[branchIndex].condition.misses != nil,
      scenario.node(node.branches[branchIndex].target)?.ending == .gaveUp, state.mood > .upset, answers.isEmpty,
      let fresh = askDifferently(at: node, state: &state)
    {
      changeMood(by: -1, state: &state, events: &events)
      lowerMood(to: .neutral, state: &state, events: &events)
      say(reaction + [fresh], nodeID: node.id, state: &state, events: &events)
      return
    }
    // The case would close as resolved, but the reply says a hand-off is on its way ("I'm
    // escalating this to engineering now"): the customer waits for it (once) instead of hanging
    // up before it can be typed.
    if let branchIndex, node.branches[branchIndex].condition.misses == nil,
      scenario.node(node.branches[branchIndex].target)?.ending == .resolved, answers.isEmpty,
      compiled.announcesHandoff(text) || announcedHandoffPending(state)
    {
      let waits = DefaultLines.awaitsHandoff(scenario.language, colleague: scenario.role.talksToColleagues)
      let saidHere = state.transcript.entries.contains {
        $0.speaker == .customer && $0.nodeID == node.id && $0.text.hasSuffix(waits)
      }
      if !saidHere {
        say(reaction + [waits], nodeID: node.id, state: &state, events: &events)
        return
      }
    }
    if let branchIndex {
      let branch = node.branches[branchIndex]
      let forward = branch.condition.misses == nil
      events.append(.branchTaken(from: node.id, index: branchIndex, to: branch.target))
      // A step forward pleases the customer; a branch taken for want of progress cannot, nor
      // one taken because the customer stopped asking for the rest of a point.
      let change = ScenarioLimits.clampedMoodChange(branch.moodChange)
      moodDelta += forward ? (grudging || standsStill ? min(0, change) : 1 + change) : min(0, change - 1)
      let accepting = forward && !grudging && OfferReading.endsWithOffer(text, scenario.language)
      enter(
        branch.target, say: branch.say, before: reaction + answers, reply: forward ? reading : nil,
        climb: forward ? .up(moodDelta) : .down(moodDelta), acceptingOffer: accepting, state: &state, events: &events)
    } else if !reading.forbidden, !reading.progress, answers.isEmpty, let onward = understoodBranch(of: node),
      Self.saysTheModel(compiled.modelOverlap(reading.analyzed, at: node.id))
    {
      // The reply says much of what the model answer says, in words the rubric's phrases miss
      // entirely: the customer understood and moves on. (The score still counts only the
      // phrases.) Where the phrases found part of it, the customer asks for the rest instead.
      let branch = node.branches[onward]
      state.missesAtNode = 0
      events.append(.branchTaken(from: node.id, index: onward, to: branch.target))
      let step = 1 + ScenarioLimits.clampedMoodChange(branch.moodChange)
      enter(branch.target, say: branch.say, reply: reading, climb: .up(step), state: &state, events: &events)
    } else if state.missesAtNode >= Self.patience, let onward = onwardBranch(of: node) {
      // Two replies without progress: the customer moves on in their own way.
      let branch = node.branches[onward]
      events.append(.branchTaken(from: node.id, index: onward, to: branch.target))
      let movesOn = node.movesOn ?? DefaultLines.movesOn(scenario.language)
      enter(
        branch.target, say: nil, before: reaction + answers + [movesOn], reply: nil, climb: .down(moodDelta - 1),
        state: &state, events: &events)
    } else if state.missesAtNode >= Self.patience, node.branches.allSatisfy({ $0.condition.misses == nil || $0.condition.misses! > state.missesAtNode }) {
      // Nowhere to move on to: a customer still in a fair mood asks differently (and loses
      // some patience); one already upset gives up.
      changeMood(by: min(0, moodDelta - 1), state: &state, events: &events)
      let fresh = answers.isEmpty ? askDifferently(at: node, state: &state) : nil
      if state.mood <= .upset || (answers.isEmpty && fresh == nil) {
        giveUp(state: &state, events: &events, after: reaction + answers)
        return
      }
      if answers.isEmpty { lowerMood(to: .neutral, state: &state, events: &events) }
      say(reaction + (answers.isEmpty ? [fresh!] : answers), nodeID: node.id, state: &state, events: &events)
    } else {
      // No branch: answers if something was asked, else a line that names what is missing.
      // A bare "yes" or "no" to the customer's own question answers it: the customer takes it
      // and asks for what is still missing, without "that doesn't answer my question" and
      // without losing patience over it.
      let bareAnswer = answers.isEmpty && OfferReading.isBareAnswer(text) && lastCustomerLineAsks(state)
      if answers.isEmpty, state.missesAtNode >= 2, !bareAnswer { moodDelta -= 1 }
      changeMood(by: min(0, moodDelta), state: &state, events: &events)
      if state.mood == .gaveUp {
        giveUp(state: &state, events: &events, after: reaction)
        return
      }
      // A customer who takes a promise at face value does not push in the same breath for what
      // the promise seemed to answer ("… as good as settled. Is a discount possible at all?"):
      // the reaction is their turn; the push comes with the next reply if the point is still open.
      if !reaction.isEmpty, answers.isEmpty {
        say(reaction, nodeID: node.id, state: &state, events: &events)
        return
      }
      var lines = answers.isEmpty ? [pushLine(at: node, partial: reading.partial, state: &state)] : answers
      if bareAnswer, let push = lines.first {
        let complaint = DefaultLines.reprompts(scenario.language).contains(push)
        let apologetic = OfferReading.apologeticOpenings.contains { push.lowercased().hasPrefix($0) }
        if complaint {
          lines = [DefaultLines.afterBareAnswer(scenario.language)]
        } else if !apologetic {
          lines = [DefaultLines.okay + " " + OfferReading.droppingAcknowledgement(push)]
        }
      }
      // An open question about something the persona does not know gets an honest "don't know"
      // before the push, not silence.
      if answers.isEmpty, compiled.asksUnknown(in: text) {
        lines.insert(DefaultLines.dontKnow(scenario.language, colleague: scenario.role.talksToColleagues), at: 0)
      }
      // "That doesn't answer my question" is never said satisfied.
      if answers.isEmpty, !bareAnswer { lowerMood(to: .neutral, state: &state, events: &events) }
      if answers.isEmpty {
        for id in reading.partial where !state.askedForRest.contains(id) { state.askedForRest.append(id) }
      }
      say(reaction + lines, nodeID: node.id, state: &state, events: &events)
    }
    if state.ending == nil, state.mood == .gaveUp { giveUp(state: &state, events: &events) }
  }

  /// What the customer says first to a reply that used a criterion's forbidden phrase: that
  /// criterion's `reaction`, once per conversation (the first criterion that has one and has not
  /// reacted yet).
  private func reaction(to reading: ReplyReading, state: inout ConversationState) -> [String] {
    let said = state.transcript.entries.filter { $0.speaker == .customer }.map(\.text)
    for id in reading.forbiddenCriteria {
      guard let variants = scenario.rubric.criterion(id)?.reaction, !variants.isEmpty else { continue }
      if variants.contains(where: { variant in said.contains { $0.contains(variant) } }) { continue }
      if let line = state.generator.pick(variants) { return [line] }
    }
    return []
  }

  /// A reply "says the model" when it uses at least 40 % of the model answer's content words and
  /// at least four of them.
  static func saysTheModel(_ overlap: (share: Double, shared: Int)) -> Bool {
    overlap.share >= 0.4 && overlap.shared >= 4
  }

  /// Whether an earlier reply announced a hand-off that has not been typed since ("ich eskaliere
  /// das heute noch an die Entwicklung", two turns before the case would close).
  private func announcedHandoffPending(_ state: ConversationState) -> Bool {
    for entry in state.transcript.entries.reversed() where entry.speaker == .trainee {
      if entry.action?.kind.handoffKind != nil { return false }
      if entry.action?.kind == .reply, compiled.announcesHandoff(entry.text) { return true }
    }
    return false
  }

  /// The branch a customer who understood takes: the first forward branch on criteria (not a
  /// miss count, not a hand-off) to a node that is not an ending — understanding moves the
  /// conversation on, it does not close the case — and not one that also asks for an intent (its
  /// `say:` answers words this reply did not say) or leads back to the same node.
  private func understoodBranch(of node: ConversationNode) -> Int? {
    node.branches.firstIndex { branch in
      let c = branch.condition
      return c.misses == nil && c.escalated == nil && c.transferred == nil && !(c.met.isEmpty && c.metAny.isEmpty)
        && c.intent == nil && branch.target != node.id && scenario.node(branch.target)?.isEnding == false
    }
  }

  /// The branch a customer who moves on takes: the first one that asks for progress (not a
  /// miss count, not a hand-off, not one back to the same node), one without an intent first.
  private func onwardBranch(of node: ConversationNode) -> Int? {
    let onward = node.branches.indices.filter { index in
      let branch = node.branches[index]
      let c = branch.condition
      return c.misses == nil && c.escalated == nil && c.transferred == nil
        && !(c.met.isEmpty && c.metAny.isEmpty && c.intent == nil)
        && branch.target != node.id && scenario.node(branch.target)?.isEnding == false
    }
    return onward.first { node.branches[$0].condition.intent == nil } ?? onward.first
  }

  /// The line that pushes for what is still open at a node, never one of the last two lines:
  /// the prompt of a point half made, then of the points still missing, then the node's own
  /// reprompts, then the built-in ones.
  private func pushLine(at node: ConversationNode, partial: [String], state: inout ConversationState) -> String {
    let met = metSet(state, substance: true)
    let open = partial + node.expects.filter { !met.contains($0) && !partial.contains($0) }
    // A point made in part — in this reply or an earlier one — gets the prompt that asks for a
    // part still missing, else its later prompts (authors write the first to ask for the point,
    // the later ones for the rest of it); a point not touched yet, its first prompt, and only
    // when that was just said the later ones ("Never mind the money …" is no first ask). ("Weiß
    // Ihre Entwicklung davon?" is not asked again after the problem ticket was named two turns ago.)
    var groups: [[String]] = open.flatMap { id -> [[String]] in
      guard let prompts = scenario.rubric.criterion(id)?.prompt, !prompts.isEmpty else { return [] }
      let madeInPart = partial.contains(id) || state.askedForRest.contains(id) || state.heard[id]?.isStarted == true
      if madeInPart, let heard = state.heard[id], let focused = promptsForMissingParts(id, prompts, heard: heard) {
        return [focused]
      }
      if madeInPart { return [prompts.count > 1 ? Array(prompts.dropFirst()) : prompts] }
      return [[prompts[0]], Array(prompts.dropFirst())]
    }.filter { !$0.isEmpty }
    groups.append(node.reprompt)
    groups.append(DefaultLines.reprompts(scenario.language))
    let recent = recentCustomerLines(state)
    for group in groups {
      let fresh = group.filter { !recent.contains($0) }
      if let line = state.generator.pick(fresh) { return line }
    }
    return DefaultLines.reprompts(scenario.language).first { !recent.contains($0) } ?? DefaultLines.reprompts(scenario.language)[0]
  }

  /// The prompts of a point made in part that ask for a part still missing — a prompt whose own
  /// words show a part not heard yet ("Und warum immer montags?" while the pattern is missing) —
  /// those repeating the fewest parts already heard first; nil when no prompt names a missing
  /// part (then the authors' order decides).
  private func promptsForMissingParts(_ id: String, _ prompts: [String], heard: CriterionProgress) -> [String]? {
    guard prompts.count > 1, let evidence = compiled.criteria[id] else { return nil }
    var asking: [(prompt: String, repeats: Int)] = []
    for prompt in prompts {
      let found = compiled.signals(evidence, in: compiled.matcher.analyze(prompt))
      var missing = 0, repeats = 0
      if found.anyMatch != nil { if heard.anyMet { repeats += 1 } else { missing += 1 } }
      for match in found.allMatches where match.index < heard.allMet.count {
        if heard.allMet[match.index] { repeats += 1 } else { missing += 1 }
      }
      if missing > 0 { asking.append((prompt, repeats)) }
    }
    guard let fewest = asking.map(\.repeats).min() else { return nil }
    let best = asking.filter { $0.repeats == fewest }.map(\.prompt)
    // The first prompt asks for the whole point; a later one that fits asks for the rest.
    return best.count > 1 ? best.filter { $0 != prompts[0] } : best
  }

  /// A push line the customer has not said at this node yet (another open point's prompt, a
  /// reprompt, a built-in line), or nil when every one was used.
  private func askDifferently(at node: ConversationNode, state: inout ConversationState) -> String? {
    let met = metSet(state)
    let open = node.expects.filter { !met.contains($0) }
    var candidates: [String] = open.compactMap { id -> [String]? in
      guard let prompts = scenario.rubric.criterion(id)?.prompt else { return nil }
      // Those asking for a missing part of a point made in part come first.
      guard let heard = state.heard[id], heard.isStarted, let focused = promptsForMissingParts(id, prompts, heard: heard) else {
        return prompts
      }
      return focused + prompts.filter { !focused.contains($0) }
    }.flatMap { $0 }
    candidates += node.reprompt + DefaultLines.reprompts(scenario.language)
    let saidHere = Set(state.transcript.entries.filter { $0.speaker == .customer && $0.nodeID == node.id }.map(\.text))
    return candidates.first { !saidHere.contains($0) }
  }

  /// The customer's last question as a statement, when the reply is a bare yes to it ("Yes." to
  /// "So are you passing it to them now?" reads "So are you passing it to them now").
  private func affirmedQuestion(_ text: String, state: ConversationState) -> String? {
    guard OfferReading.isBareAnswer(text), !OfferReading.isBareNo(text) else { return nil }
    return lastYesNoQuestion(state)
  }

  /// The customer's last line when it ends with a yes/no question ("So are you passing it to
  /// them now?", not "What else do they need?"), without its question mark.
  private func lastYesNoQuestion(_ state: ConversationState) -> String? {
    guard let last = state.transcript.entries.last(where: { $0.speaker == .customer })?.text,
      let mark = last.lastIndex(of: "?")
    else { return nil }
    let question = last[..<mark]
    let start = question.lastIndex(where: { ".!?".contains($0) }).map { question.index(after: $0) } ?? question.startIndex
    let words = question[start...].lowercased().split { !$0.isLetter }.map(String.init)
    guard let opening = words.first(where: { !OfferReading.discourseMarkers.contains($0) }),
      !OfferReading.questionWords.contains(opening)
    else { return nil }
    return String(question[start...])
  }

  /// Whether the customer's last line asked a yes/no question.
  private func lastCustomerLineAsks(_ state: ConversationState) -> Bool { lastYesNoQuestion(state) != nil }

  private func recentCustomerLines(_ state: ConversationState) -> [String] {
    var lines: [String] = []
    for entry in state.transcript.entries.reversed() where entry.speaker == .customer {
      lines.append(entry.text)
      if lines.count == 2 { break }
    }
    return lines
  }

  // MARK: - Hand-offs and endings

  private func handOff(_ action: TraineeAction, at node: ConversationNode, state: inout ConversationState, events: inout [ConversationEvent]) {
    let target = action.target ?? ""
    let kind = action.kind.handoffKind ?? .transfer
    let met = metSet(state)
    // An `intent` on a hand-off branch reads the hand-off's note ("… Samstag ist schon
    // genehmigt"); the note is read only when a branch asks for one.
    let asksIntent = node.branches.contains { $0.condition.intent != nil }
    let note = asksIntent ? compiled.matcher.analyze(action.text) : nil
    var memo = PatternMemo(patternCount: note == nil ? 0 : compiled.patternCount)
    let branchIndex = node.branches.firstIndex { branch in
      let condition = branch.condition
      let wanted = action.kind == .escalate ? condition.escalated : condition.transferred
      guard let wanted, wanted == "any" || wanted == target else { return false }
      var rest = condition
      rest.escalated = nil
      rest.transferred = nil
      return holds(rest, met: met, misses: state.missesAtNode) { intent in
        note.map { compiled.showsIntent(intent, in: $0, memo: &memo) } ?? false
      }
    }
    let defaultEnding: Ending = kind == .escalate ? .escalated : .transferred
    let branch = branchIndex.map { node.branches[$0] }
    if let branch, let branchIndex { events.append(.branchTaken(from: node.id, index: branchIndex, to: branch.target)) }
    let targetNode = branch.flatMap { scenario.node($0.target) }
    let ending = targetNode.map { $0.ending } ?? defaultEnding

    // In chat and on the phone the customer gets one more exchange before the end; an e-mail
    // reply and its hand-off go out together.
    if scenario.channel != .email, let ending, ending == .escalated || ending == .transferred {
      raiseMood(by: branch?.moodChange ?? 0, state: &state, events: &events)
      state.wrapUp = WrapUp(ending: ending, closingNode: targetNode?.id, kind: kind)
      let line = branch?.say ?? wrapUpLine(at: node, kind: kind, state: &state)
      say([line], nodeID: node.id, state: &state, events: &events)
      events.append(.wrapUpStarted(ending))
      return
    }
    if let branch {
      raiseMood(by: branch.moodChange, state: &state, events: &events)
      enter(branch.target, say: branch.say, reply: nil, climb: .none, state: &state, events: &events)
      return
    }
    let line = DefaultLines.handedOver(scenario.language, kind, colleague: scenario.role.talksToColleagues, channel: scenario.channel)
    say([line], nodeID: node.id, state: &state, events: &events)
    finish(defaultEnding, state: &state, events: &events)
  }

  /// What the customer says right after a hand-off: asks for what is still missing (the
  /// prompt of an open point that counts here), else acknowledges it.
  private func wrapUpLine(at node: ConversationNode, kind: HandoffKind, state: inout ConversationState) -> String {
    let met = metSet(state)
    // Only what belongs to the hand-off (who takes over, what happens, when): an earlier point
    // such as verification makes no sense to ask for once the case is handed over.
    let open = scenario.rubric.criteria.filter { criterion in
      !met.contains(criterion.id) && !criterion.prompt.isEmpty && compiled.handoffPointCriteria.contains(criterion.id)
        && compiled.criterion(criterion, countsAt: node.id)
    }
    let preferred = open.filter { node.expects.contains($0.id) } + open.filter { !node.expects.contains($0.id) }
    let recent = recentCustomerLines(state)
    for criterion in preferred {
      if let line = state.generator.pick(criterion.prompt.filter { !recent.contains($0) }) { return line }
    }
    return DefaultLines.wrapUpAcknowledged(scenario.language, kind, pleased: state.mood >= .neutral)
  }

  /// Ends a hand-off after its wrap-up exchange with the closing line.
  private func close(
    _ wrapUp: WrapUp, answered: Bool = false, after before: [String] = [], state: inout ConversationState,
    events: inout [ConversationEvent]
  ) {
    let closing = wrapUp.closingNode.flatMap { scenario.node($0) }
    var line = closing.flatMap { state.generator.pick($0.customer.filter { !recentCustomerLines(state).contains($0) }) }
    if line == nil {
      line = DefaultLines.handedOver(scenario.language, wrapUp.kind, colleague: scenario.role.talksToColleagues, channel: scenario.channel)
    }
    if let closing {
      reach(closing, state: &state, events: &events)
      state.nodeID = closing.id
    }
    say(before + [line!], nodeID: closing?.id ?? state.nodeID, state: &state, events: &events)
    if let mood = closing?.mood {
      setMood(mood, state: &state, events: &events)
    } else if answered {
      // Told what happens next, the customer leaves a step calmer than the hand-off found them
      // ("Perfect, I'll wait to hear from them. Thanks!" is not said upset).
      raiseMood(by: 1, state: &state, events: &events)
    }
    finish(wrapUp.ending, state: &state, events: &events)
  }

  /// The first way to close the case as resolved whose criteria are all met, at a node the
  /// conversation has got to: a support offer made in the first reply of a coaching talk does not
  /// close it as agreed when `/end` comes before anything was agreed.
  func metResolveCondition(_ state: ConversationState) -> ResolveCondition? {
    let met = metSet(state)
    return compiled.resolveConditions.first { condition in
      (condition.node.map(state.nodesReached.contains) ?? true) && condition.criteria.allSatisfy(met.contains)
    }
  }

  private func giveUp(state: inout ConversationState, events: inout [ConversationEvent], after before: [String] = []) {
    let line = scenario.persona.giveUpLine ?? DefaultLines.giveUp(scenario.language)
    if state.mood != .gaveUp { setMood(.gaveUp, state: &state, events: &events) }
    say(before + [line], nodeID: state.nodeID, state: &state, events: &events)
    finish(.gaveUp, state: &state, events: &events)
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

  /// Criteria fully met by the replies of a transcript, each counting only the turns before or
  /// at the point it is expected.
  public func metCriteria(in transcript: Transcript) -> Set<String> {
    var conversation = compiled.analyzedReplies(transcript)
    var met: Set<String> = []
    for criterion in scenario.rubric.criteria {
      let (tally, counted) = compiled.tally(criterion, over: &conversation)
      if counted, tally.points(scale: criterion.scale) == criterion.scale.maxPoints { met.insert(criterion.id) }
    }
    return met
  }

  /// What an experienced colleague does now: the node's model answer, or in the wrap-up after
  /// a hand-off the closing node's model answer (else `/end`).
  public func modelAction(_ state: ConversationState) -> TraineeAction? {
    if let wrapUp = state.wrapUp {
      let model = wrapUp.closingNode.flatMap { scenario.node($0)?.model }
      return model.flatMap { try? SlashCommand.parseAction($0) } ?? .end
    }
    return scenario.node(state.nodeID)?.model.flatMap { try? SlashCommand.parseAction($0) }
  }

  /// The model answer text for the current point (what `/hint` and the scorecard show).
  public func modelAnswer(_ state: ConversationState) -> String? {
    if let wrapUp = state.wrapUp { return wrapUp.closingNode.flatMap { scenario.node($0)?.model } }
    return scenario.node(state.nodeID)?.model
  }

  /// Criteria fully met so far in a running conversation (no re-analysis).
  /// (The score's view: criteria met where the rubric counts them, as the scorer would.)
  public func metCriteria(in state: ConversationState) -> Set<String> { scoredSet(state) }

  // MARK: - Moving

  /// How entering a node changes the mood: a step forward may raise it, a step taken for
  /// want of progress may only lower it.
  private enum Climb {
    case none
    case up(Int)
    case down(Int)
  }

  /// A change that may rise, but only up to `satisfied`: only an author's line makes the
  /// customer delighted.
  private func raiseMood(by delta: Int, up ceiling: Mood = .satisfied, state: inout ConversationState, events: inout [ConversationEvent]) {
    let capped = delta > 0 ? min(delta, max(0, ceiling.rawValue - state.mood.rawValue)) : delta
    changeMood(by: capped, state: &state, events: &events)
  }

  /// Brings the mood down to `ceiling` if it is above it.
  private func lowerMood(to ceiling: Mood, state: inout ConversationState, events: inout [ConversationEvent]) {
    if state.mood > ceiling { setMood(ceiling, state: &state, events: &events) }
  }

  private func changeMood(by delta: Int, state: inout ConversationState, events: inout [ConversationEvent]) {
    let delta = ScenarioLimits.clampedMoodChange(delta)
    guard delta != 0 else { return }
    setMood(state.mood.moved(by: delta), state: &state, events: &events)
  }

  private func setMood(_ mood: Mood, state: inout ConversationState, events: inout [ConversationEvent]) {
    let old = state.mood
    state.mood = mood
    if mood != old { events.append(.moodChanged(from: old, to: mood)) }
  }

  /// Arrives at a node: shows what the agent's systems now show and, when the reply that led
  /// here already covers what this node asks for, passes on without saying the node's line.
  private func enter(
    _ nodeID: String, say branchLine: String?, before: [String] = [], reply: ReplyReading?, climb: Climb,
    acceptingOffer: Bool = false, state: inout ConversationState, events: inout [ConversationEvent]
  ) {
    var current = scenario.node(nodeID)!
    let origin = state.nodeID
    var passed = false
    reach(current, state: &state, events: &events)
    if var reading = reply {
      credit(&reading, at: current.id, state: &state, events: &events)
      var hops = 0
      while !current.isEnding, hops < scenario.nodes.count {
        let met = metSet(state)
        // Pass a node only when what it expects is already met; a branch on an intent alone
        // is a reaction to what the customer asks here, which the reply did not answer.
        guard current.expects.allSatisfy(met.contains) else { break }
        let next = current.branches.firstIndex { branch in
          let c = branch.condition
          guard c.misses == nil, c.escalated == nil, c.transferred == nil, !(c.met.isEmpty && c.metAny.isEmpty)
          else { return false }
          return holds(c, met: met, misses: 0) { compiled.showsIntent($0, in: reading.analyzed, memo: &reading.memo) }
        }
        guard let next else { break }
        let branch = current.branches[next]
        events.append(.branchTaken(from: current.id, index: next, to: branch.target))
        current = scenario.node(branch.target)!
        reach(current, state: &state, events: &events)
        credit(&reading, at: current.id, state: &state, events: &events)
        passed = true
        hops += 1
      }
      // The scorer counts the reply for every node between where it was typed and where the
      // customer answers; so does the running tally.
      for passedNode in compiled.passedNodes(from: reading.origin, to: current.id).sorted() {
        credit(&reading, at: passedNode, state: &state, events: &events)
      }
    }
    state.nodeID = current.id
    // A branch back to the same node that made no progress (a reaction the author wrote, such as
    // "I'll wait") keeps the count of replies without progress: it cannot hold the customer at
    // the node for ever.
    if current.id != origin || reply?.progress == true { state.missesAtNode = 0 }

    switch climb {
    case .none: break
    case .up(let delta):
      // A line the author gave no mood shows at most neutral while the case is open: pushing
      // back or asking the next question is not being pleased. Endings may show satisfied.
      raiseMood(by: delta, up: current.isEnding ? .satisfied : .neutral, state: &state, events: &events)
    case .down(let delta): changeMood(by: min(0, delta), state: &state, events: &events)
    }
    if let mood = current.mood {
      // The line's own mood; after a step taken for want of progress it can only fall.
      if case .down = climb { if mood < state.mood { setMood(mood, state: &state, events: &events) } } else {
        setMood(mood, state: &state, events: &events)
      }
    }

    if !current.isEnding, state.mood == .gaveUp {
      // Worn out on arrival: the give-up line is all they say.
      giveUp(state: &state, events: &events, after: before)
      return
    }
    var lines = before
    let recent = recentCustomerLines(state)
    // A branch that keeps the customer where they were says its line once in a row; said again,
    // they ask for what is still missing instead.
    let repeated = branchLine.map { line in recent.contains { $0.contains(line) } } ?? false
    if let branchLine, !passed, !repeated {
      lines.append(branchLine)
    } else if repeated, !passed, current.id == origin, !current.isEnding {
      lines.append(pushLine(at: current, partial: [], state: &state))
    } else if let line = state.generator.pick(current.customer.filter { !recent.contains($0) && !lines.contains($0) }) {
      lines.append(line)
    } else if !current.isEnding, lines.isEmpty {
      lines.append(pushLine(at: current, partial: [], state: &state))
    }
    // An offer the reply ended with gets a yes first, unless the customer's line answers it
    // already ("No, I really want to cancel", "Ja, passt") or they have given up.
    // (In an e-mail that opens with its subject, the body after it is what is read and answered.)
    let subject = lines.first.flatMap(Self.subjectEnd(of:)).map { String(lines[0][..<$0.upperBound]) } ?? ""
    if acceptingOffer, before.isEmpty, let first = lines.first.map({ String($0.dropFirst(subject.count)) }),
      !OfferReading.answersYesOrNo(first), state.mood > .gaveUp
    {
      // "Okay. Fair enough, thanks." becomes "Yes, please. Fair enough, thanks.": one
      // acknowledgement, not two. A customer still upset says a short yes; so does one whose
      // line asks something of its own with "please" ("Yes. Please make sure …").
      let rest = OfferReading.droppingAcknowledgement(first)
      let short = state.mood < .neutral || OfferReading.opensWithPlease(rest)
      lines[0] = subject + DefaultLines.acceptsOffer(scenario.language, short: short) + " " + rest
    }
    say(lines, nodeID: current.id, state: &state, events: &events)
    if let ending = current.ending {
      if ending == .gaveUp, state.mood != .gaveUp { setMood(.gaveUp, state: &state, events: &events) }
      finish(ending, state: &state, events: &events)
    } else if state.mood == .gaveUp {
      giveUp(state: &state, events: &events)
    }
  }

  /// Marks a node as reached and shows the facts that become visible there.
  private func reach(_ node: ConversationNode, state: inout ConversationState, events: inout [ConversationEvent]) {
    if !state.nodesReached.contains(node.id) { state.nodesReached.append(node.id) }
    var newFacts = node.facts.filter { !state.factsSeen.contains($0) }
    for system in scenario.facts where !state.factsSeen.contains(system.fact) && !newFacts.contains(system.fact) {
      if system.after.isEmpty || system.after.contains(where: state.nodesReached.contains) { newFacts.append(system.fact) }
    }
    if !newFacts.isEmpty {
      state.factsSeen += newFacts
      events.append(.factsShown(newFacts))
    }
  }

  /// The customer says one turn made of `lines` (a reaction to a promise and answers to what was
  /// asked first, then the customer's own line). In an e-mail
  /// whose last line opens with its subject ("Subject: Re: TCK-30418"), what comes before that
  /// line goes below the subject, as a paragraph of its own.
  private func say(_ lines: [String], nodeID: String, state: inout ConversationState, events: inout [ConversationEvent]) {
    let parts = lines.filter { !$0.isEmpty }
    var text = parts.joined(separator: " ")
    if scenario.channel == .email, parts.count > 1, let last = parts.last, let cut = Self.subjectEnd(of: last) {
      text = String(last[..<cut.lowerBound]) + "\n\n" + parts.dropLast().joined(separator: " ") + "\n\n"
        + String(last[cut.upperBound...])
    }
    guard !text.isEmpty else { return }
    state.transcript.entries.append(TranscriptEntry(speaker: .customer, nodeID: nodeID, text: text))
    events.append(.customerSays(text: text, nodeID: nodeID))
  }

  /// Where the subject line of an e-mail ends (the blank line after "Subject: …" / "Betreff: …").
  static func subjectEnd(of mail: String) -> Range<String.Index>? {
    guard mail.hasPrefix("Subject:") || mail.hasPrefix("Betreff:") else { return nil }
    return mail.range(of: "\n\n")
  }

  private func finish(_ ending: Ending, state: inout ConversationState, events: inout [ConversationEvent]) {
    state.transcript.ending = ending
    state.transcript.finalMood = state.mood
    events.append(.ended(ending))
  }
}

/// Customer lines the engine uses when a scenario does not give its own.
enum DefaultLines {
  static func reprompts(_ language: Language) -> [String] {
    switch language {
    case .en:
      ["Sorry, that doesn't really answer my question.", "I'm not sure that helps me. Could we get back to what I asked?",
       "Hm. That's not really what I was asking about."]
    case .de:
      ["Das beantwortet meine Frage leider nicht.", "Das hilft mir so nicht weiter. Können wir bei meiner Frage bleiben?",
       "Hm, danach hatte ich eigentlich nicht gefragt."]
    }
  }

  /// What the customer says when the trainee announces a hand-off they have not typed yet.
  static func awaitsHandoff(_ language: Language, colleague: Bool) -> String {
    switch (language, colleague) {
    case (.en, _): "Okay, do that. I'll wait."
    case (.de, false): "Gut, machen Sie das. Ich warte."
    case (.de, true): "Gut, mach das. Ich warte."
    }
  }

  /// What a customer says after a bare "yes" that leaves the rest of the point open.
  static func afterBareAnswer(_ language: Language) -> String {
    switch language {
    case .en: "Okay. And what happens now?"
    case .de: "Okay. Und wie geht es jetzt weiter?"
    }
  }

  /// The acknowledgement before a question after a bare "yes" (the same in both languages).
  static let okay = "Okay."

  /// The customer's yes to an offer the trainee ended a reply with ("Shall I also pause April?").
  static func acceptsOffer(_ language: Language, short: Bool = false) -> String {
    switch language {
    case .en: short ? "Yes." : "Yes, please."
    case .de: short ? "Ja." : "Ja, gern."
    }
  }

  static func again(_ language: Language, _ answer: String) -> String {
    switch language {
    case .en: "As I said: \(answer)"
    case .de: "Wie gesagt: \(answer)"
    }
  }

  static func dontKnow(_ language: Language, colleague: Bool) -> String {
    switch (language, colleague) {
    case (.en, _): "I don't know that offhand."
    case (.de, false): "Das weiß ich so nicht."
    case (.de, true): "Das weiß ich gerade nicht aus dem Kopf."
    }
  }

  static func movesOn(_ language: Language) -> String {
    switch language {
    case .en: "Okay, let's leave that."
    case .de: "Na gut, lassen wir das."
    }
  }

  static func resolved(_ language: Language) -> String {
    switch language {
    case .en: "Okay, that's everything then. Thanks."
    case .de: "Gut, dann ist alles geklärt. Danke."
    }
  }

  static func wrapUpAcknowledged(_ language: Language, _ kind: HandoffKind, pleased: Bool) -> String {
    switch (language, pleased) {
    case (.en, true): kind == .escalate ? "Okay, thank you." : "Alright, thanks."
    case (.en, false): "Hm. If that's how it has to be."
    case (.de, true): kind == .escalate ? "Gut, danke." : "In Ordnung, danke."
    case (.de, false): "Hm. Wenn es sein muss."
    }
  }

  static func giveUp(_ language: Language) -> String {
    switch language {
    case .en: "Forget it. I'll take my business elsewhere."
    case .de: "Wissen Sie was, vergessen Sie es. Ich kündige."
    }
  }

  /// The closing line of a hand-off no scenario line covers; only a caller is "put through" —
  /// not a colleague, nor anyone who wrote an e-mail or a chat (where the trainee may just have
  /// said the other team will write).
  static func handedOver(_ language: Language, _ kind: HandoffKind, colleague: Bool, channel: Channel) -> String {
    if colleague { return language == .en ? "Alright, I'll wait to hear from them." : "Alles klar, dann warte ich auf deren Rückmeldung." }
    if kind == .transfer, channel == .email {
      return language == .en ? "Alright, I'll wait for their reply." : "In Ordnung, dann warte ich auf deren Antwort."
    }
    if kind == .transfer, channel == .chat {
      return language == .en ? "Okay. I'll wait to hear from them." : "Gut. Dann warte ich, bis die sich melden."
    }
    return kind == .escalate ? escalated(language) : transferred(language)
  }

  static func escalated(_ language: Language) -> String {
    switch language {
    case .en: "Okay. I'll wait for them to get in touch."
    case .de: "Gut, dann warte ich auf die Rückmeldung."
    }
  }

  static func transferred(_ language: Language) -> String {
    switch language {
    case .en: "Okay, put me through then."
    case .de: "Gut, dann verbinden Sie mich bitte."
    }
  }
}

/// Offers a trainee ends a reply with, read from the last question ("Shall I also pause April?",
/// "Soll ich Ihnen das Ersatzpaket gleich schicken?"), and lines that already answer one.
enum OfferReading {
  private static let openers: [Language: [String]] = [
    .en: [
      "shall i ", "should i ", "shall we ", "should we ", "do you want me to ", "would you like me to ", "want me to ",
      "would you like ", "do you want ", "how about i ",
    ],
    .de: [
      "soll ich ", "sollen wir ", "möchten sie, dass ich ", "möchtest du, dass ich ", "möchten sie ", "möchtest du ",
      "wollen sie ", "willst du ", "darf ich ihnen ", "darf ich dir ",
    ],
  ]
  private static let connectives = ["and ", "also ", "or ", "und ", "oder ", "noch was: "]
  private static let yesOrNo = [
    "yes", "yeah", "yep", "sure", "no", "nope", "not ", "don't", "please don't", "ja", "jo", "gern", "klar", "nein",
    "nee", "ne,", "bitte nicht", "lieber nicht", "nicht ",
  ]

  /// Whether the reply ends with a question that offers to do something, or with two questions
  /// of which the first does ("Would you like gift wrapping? And should the driver hand it to
  /// the concierge?").
  static func endsWithOffer(_ text: String, _ language: Language) -> Bool {
    var body = Substring(text.trimmingCharacters(in: .whitespacesAndNewlines))
    for _ in 0..<2 {
      guard body.hasSuffix("?") else { return false }
      body = body.dropLast()
      let start = body.lastIndex { ".!?\n".contains($0) }.map { body.index(after: $0) } ?? body.startIndex
      var question = body[start...].trimmingCharacters(in: .whitespaces).lowercased()
      for connective in connectives where question.hasPrefix(connective) {
        question = String(question.dropFirst(connective.count))
      }
      if (openers[language] ?? []).contains(where: { question.hasPrefix($0) }) { return true }
      body = body[..<start].trimmingCharacters(in: .whitespacesAndNewlines)[...]
    }
    return false
  }

  private static let acknowledgements = [
    "okay", "ok", "right", "alright", "all right", "fine", "good", "gut", "alles klar", "na gut", "also gut",
  ]

  /// The line without an opening "Okay." / "Right," / "Gut." (the yes takes its place).
  static func droppingAcknowledgement(_ line: String) -> String {
    let lowered = line.lowercased()
    for word in acknowledgements where lowered.hasPrefix(word) {
      let rest = line.dropFirst(word.count)
      guard let mark = rest.first, mark == "." || mark == "," || mark == "!" else { continue }
      let remainder = rest.dropFirst().trimmingCharacters(in: .whitespaces)
      guard let initial = remainder.first else { return line }
      return initial.uppercased() + remainder.dropFirst()
    }
    return line
  }

  /// Whether a customer line opens with "please" / "bitte" (after which "Yes, please." reads
  /// twice polite).
  static func opensWithPlease(_ line: String) -> Bool {
    let opening = line.lowercased()
    return opening.hasPrefix("please") || opening.hasPrefix("bitte")
  }

  /// A reply that is only a yes or a no ("Yes.", "yep, doing it", "Ja, genau.", "Nein"): at
  /// most four words, the first of them an answer word.
  static func isBareAnswer(_ text: String) -> Bool {
    let words = text.lowercased().split { !$0.isLetter && $0 != "'" }.map(String.init)
    guard let first = words.first, words.count <= 4 else { return false }
    return bareAnswerWords.contains(first)
  }

  /// Words that open a question asking for more than a yes or a no.
  static let questionWords: Set<String> = [
    "what", "who", "whom", "whose", "when", "where", "why", "how", "which", "was", "wer", "wen", "wem", "wessen", "wann", "wo",
    "woher", "wohin", "warum", "wieso", "weshalb", "wie", "welche", "welcher", "welches", "welchen", "womit", "wofür", "worum",
  ]

  /// Words before the question proper: "So are you …", "Und können Sie …".
  static let discourseMarkers: Set<String> = ["so", "and", "but", "okay", "ok", "then", "und", "also", "aber", "dann", "na", "gut"]

  /// A bare answer that says no ("No.", "Nein, leider nicht").
  static func isBareNo(_ text: String) -> Bool {
    let first = text.lowercased().split { !$0.isLetter && $0 != "'" }.first.map(String.init) ?? ""
    return ["no", "nope", "nein", "nee"].contains(first)
  }

  private static let bareAnswerWords: Set<String> = [
    "yes", "yeah", "yep", "yup", "sure", "correct", "right", "exactly", "absolutely", "definitely", "indeed", "no", "nope",
    "ja", "jo", "jap", "jawohl", "genau", "richtig", "klar", "sicher", "natürlich", "korrekt", "stimmt", "nein", "nee",
  ]

  /// Openings of a customer line that already apologise for asking ("Sorry, so is a discount
  /// possible or not?"): no "Okay." before them.
  static let apologeticOpenings = ["sorry", "hm", "entschuldigung", "verzeihung"]

  /// Whether a customer line opens with a yes or a no of its own.
  static func answersYesOrNo(_ line: String) -> Bool {
    let opening = line.lowercased()
    return yesOrNo.contains { word in
      guard opening.hasPrefix(word) else { return false }
      let rest = opening.dropFirst(word.count)
      return word.hasSuffix(" ") || word.hasSuffix(",") || rest.first.map { !$0.isLetter } ?? true
    }
  }
}
