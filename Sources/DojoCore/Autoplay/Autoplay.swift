/// What autoplay found for one scenario.
public struct AutoplayReport: Sendable, Codable {
  public var scenario: String
  public var runs: Int
  public var seed: UInt64
  public var nodes: Int
  public var nodesVisited: [String]
  public var nodesNeverVisited: [String]
  public var branches: Int
  public var branchesTaken: Int
  /// `node#index → target` for branches no run took.
  public var branchesNeverTaken: [String]
  /// Nodes where a run was still open when it ran out of steps.
  public var deadEnds: [String]
  public var endingsReached: [String: Int]
  /// Ending nodes no run reached.
  public var endingsNeverReached: [String]
  /// The model path: score and ending when every turn is the node's model answer.
  public var modelScore: Double?
  public var modelPassed: Bool?
  public var modelEnding: String?

  public var nodeCoverage: Double { nodes == 0 ? 0 : Double(nodesVisited.count) / Double(nodes) }
  public var branchCoverage: Double { branches == 0 ? 1 : Double(branchesTaken) / Double(branches) }
}

/// Plays model and random paths through a scenario so authors can see coverage, dead ends and
/// endings no path reaches before trainees do.
///
/// Random players pick, at each turn, among the model answers of every node, the examples of
/// the rubric, silence, the hand-offs the scenario mentions, and `/end`, with a seeded generator.
public struct Autoplay: Sendable {
  public let compiled: CompiledScenario
  public var maxTurns = 30

  public init(_ compiled: CompiledScenario) { self.compiled = compiled }

  public func run(runs: Int, seed: UInt64, progress: (Int) -> Void = { _ in }) -> AutoplayReport {
    let scenario = compiled.scenario
    let engine = ConversationEngine(compiled)
    var visited: Set<String> = []
    var taken: Set<String> = []
    var deadEnds: Set<String> = []
    var endings: [String: Int] = [:]
    var endingNodes: Set<String> = []

    let replies = candidateActions()
    var generator = SeededGenerator(seed: seed)

    // The model path first.
    var modelState = engine.start(seed: seed).0
    var steps = 0
    while !modelState.isOver, steps < maxTurns {
      let action = engine.modelAction(modelState) ?? .end
      guard let next = try? engine.step(modelState, action) else { break }
      modelState = next.0
      record(next.1, taken: &taken)
      steps += 1
    }
    modelState.transcript.visitedNodes.forEach { visited.insert($0) }
    if modelState.isOver { endingNodes.insert(modelState.nodeID) }
    let modelResult = modelState.isOver ? Scorer(compiled).score(modelState.transcript) : nil

    for run in 0..<max(0, runs) {
      var state = engine.start(seed: generator.next()).0
      var turns = 0
      while !state.isOver, turns < maxTurns {
        // Half the time play the model answer for this node, so deep nodes are reached too.
        let action: TraineeAction
        if generator.next() % 2 == 0, let model = engine.modelAction(state) {
          action = model
        } else {
          action = generator.pick(replies) ?? .end
        }
        turns += 1
        // A refused action (a second hand-off during the wrap-up) is a turn that did nothing.
        guard let next = try? engine.step(state, action) else { continue }
        state = next.0
        record(next.1, taken: &taken)
      }
      state.transcript.visitedNodes.forEach { visited.insert($0) }
      if let ending = state.ending {
        endings[ending.rawValue, default: 0] += 1
        if scenario.node(state.nodeID)?.isEnding == true { endingNodes.insert(state.nodeID) }
      } else {
        deadEnds.insert(state.nodeID)
      }
      progress(run + 1)
    }
    if let ending = modelState.ending { endings[ending.rawValue, default: 0] += 1 }

    let allBranches = scenario.orderedNodes.flatMap { node in
      node.branches.indices.map { "\(node.id)#\($0 + 1) → \(node.branches[$0].target)" }
    }
    return AutoplayReport(
      scenario: scenario.id, runs: runs, seed: seed, nodes: scenario.nodes.count,
      nodesVisited: scenario.nodeOrder.filter(visited.contains),
      nodesNeverVisited: scenario.nodeOrder.filter { !visited.contains($0) },
      branches: allBranches.count, branchesTaken: allBranches.filter(taken.contains).count,
      branchesNeverTaken: allBranches.filter { !taken.contains($0) },
      deadEnds: deadEnds.sorted(), endingsReached: endings,
      endingsNeverReached: scenario.orderedNodes.filter { $0.isEnding && !endingNodes.contains($0.id) }.map(\.id),
      modelScore: modelResult?.score, modelPassed: modelResult?.passed, modelEnding: modelState.ending?.rawValue)
  }

  private func record(_ events: [ConversationEvent], taken: inout Set<String>) {
    for case .branchTaken(let from, let index, let to) in events {
      taken.insert("\(from)#\(index + 1) → \(to)")
    }
  }

  private func candidateActions() -> [TraineeAction] {
    let scenario = compiled.scenario
    var actions: [TraineeAction] = [.reply("ok"), .reply("Let me check that for you.")]
    for node in scenario.orderedNodes {
      if let model = node.model, let action = try? SlashCommand.parseAction(model) { actions.append(action) }
    }
    for criterion in scenario.rubric.criteria {
      actions += (criterion.examplesMet + criterion.examplesNotMet).map(TraineeAction.reply)
    }
    if let target = scenario.escalation.target {
      let action: TraineeAction = scenario.escalation.expect == .transfer
        ? .transfer(to: target, note: "handing over") : .escalate(to: target, note: "handing over")
      actions.append(action)
    }
    // Every tier and team of the organisation, so branches on `any` are taken too.
    for unit in scenario.organisation.units {
      actions.append(unit.kind == .escalate
        ? .escalate(to: unit.id, note: "please take over") : .transfer(to: unit.id, note: "please take over"))
    }
    actions.append(.end)
    return actions
  }
}
