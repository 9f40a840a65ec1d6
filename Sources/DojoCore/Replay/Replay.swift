/// Why a replay could not finish.
public enum ReplayError: Error, Equatable, CustomStringConvertible {
  /// The conversation ended but answers were left.
  case answersLeft(count: Int, endedAt: Int, ending: Ending, line: Int)
  /// The answers ran out before the conversation ended.
  case answersEndedEarly(turns: Int, nodeID: String)
  /// The engine refused an answer (a hand-off to a target the organisation does not have).
  case refused(line: Int, reason: String)

  public var description: String {
    switch self {
    case .answersLeft(let count, let endedAt, let ending, let line):
      "the conversation ended (\(ending.rawValue)) after turn \(endedAt), but \(count) answer(s) are left, from line \(line)"
    case .answersEndedEarly(let turns, let nodeID):
      "the answer file ends after \(turns) turn(s) while the conversation is still open at node '\(nodeID)'; add more turns or /end"
    case .refused(let line, let reason):
      "line \(line): \(reason)"
    }
  }
}

/// The outcome of playing an answer file through a scenario.
public struct ReplayOutcome: Sendable {
  public var state: ConversationState
  public var result: ScoreResult
}

/// Plays scripted trainee actions through the engine and scores the transcript.
public enum Replay {
  public static func run(_ compiled: CompiledScenario, actions: [TraineeAction], lines: [Int]? = nil, seed: UInt64) throws -> ReplayOutcome {
    let engine = ConversationEngine(compiled)
    var (state, _) = engine.start(seed: seed)
    for (index, action) in actions.enumerated() {
      // A hand-off after the customer closed the case is after-contact work, not an answer too many.
      if let ending = state.ending, !(action.kind.handoffKind != nil && engine.acceptsAfterCallHandoff(state)) {
        throw ReplayError.answersLeft(count: actions.count - index, endedAt: state.turn, ending: ending, line: lines?[index] ?? index + 1)
      }
      do {
        _ = try engine.apply(action, to: &state)
      } catch let error as EngineError {
        throw ReplayError.refused(line: lines?[index] ?? index + 1, reason: error.description)
      }
    }
    // An answer file that ends with the hand-off says nothing more in the wrap-up exchange.
    if state.isWrappingUp { _ = try engine.apply(.end, to: &state) }
    guard state.isOver else { throw ReplayError.answersEndedEarly(turns: state.turn, nodeID: state.nodeID) }
    return ReplayOutcome(state: state, result: Scorer(compiled).score(state.transcript))
  }

  public static func run(_ compiled: CompiledScenario, answers: AnswerFile, seed: UInt64) throws -> ReplayOutcome {
    try run(compiled, actions: answers.turns.map(\.action), lines: answers.turns.map(\.line), seed: seed)
  }
}
