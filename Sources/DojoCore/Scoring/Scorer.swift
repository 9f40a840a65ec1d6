/// Scores a transcript against a scenario's rubric and escalation expectations.
/// A pure function: the same transcript always gives the same result.
public struct Scorer: Sendable {
  public let compiled: CompiledScenario
  public var scenario: Scenario { compiled.scenario }

  /// Turns after the window's end in which a hand-off is late but keeps its points.
  public static let lateGrace = 2

  /// Whether a hand-off note's gap is small enough to keep the decision's points: one fact
  /// missing out of three or more. Leads rate the hand-off decision; a note that carries nearly
  /// everything the next tier needs is a right decision well passed on (the scorecard still
  /// names the missing fact, and the verdict stays "incomplete hand-off").
  static func noteGapIsMinor(_ escalation: EscalationResult) -> Bool {
    escalation.handoffMissing.count == 1 && escalation.handoffPresent.count >= 2
  }

  public init(_ compiled: CompiledScenario) {
    self.compiled = compiled
  }

  public func score(_ transcript: Transcript) -> ScoreResult {
    let turns = transcript.traineeTurns
    var conversation = compiled.analyzedReplies(transcript)
    // Worked out once: every criterion's model answer and N/A rule looks at the path.
    let path = transcript.visitedNodes
    let visited = Set(path)

    var escalation = judgeEscalation(transcript)
    var results = criterionResults(transcript, escalation: escalation, conversation: &conversation, path: path, visited: visited)
    // A hand-off the scenario allows alongside keeping the case is one only after the work due
    // by then was done: sending the job itself on ("please write the article for L1") before
    // doing any of it hands the case over.
    if escalation.actual != "none", escalation.verdict == .notExpected || escalation.verdict == .missed,
      let turn = escalation.turn, !didExpectedWork(before: turn, transcript, results)
    {
      escalation = judgeEscalation(transcript, allowingAlongside: false)
      results = criterionResults(transcript, escalation: escalation, conversation: &conversation, path: path, visited: visited)
    }
    // A hand-off before the window opened is premature only when something expected before it
    // was left undone: an e-mail that does every check in its first turn may hand over in the
    // second. (Judged on the criteria of the nodes the trainee had answered at by then.)
    if escalation.verdict == .premature, let turn = escalation.turn, didExpectedWork(before: turn, transcript, results) {
      escalation.verdict = escalation.handoffMissing.isEmpty ? .correct : .incompleteHandoff
      escalation.explanation = VerdictTexts.explanation(
        of: escalation, expectation: scenario.escalation, ending: transcript.ending, language: scenario.language)
      // The replies' analyses and pattern memos stay valid: they depend only on the text.
      results = criterionResults(transcript, escalation: escalation, conversation: &conversation, path: path, visited: visited)
    }

    let expectation = scenario.escalation
    // Keeping a case that was yours is the right decision whether or not the conversation got to
    // a resolution (what went wrong then shows in the other criteria): full points when it was
    // resolved, or when the customer left or the trainee typed /end with it still open; none
    // when the conversation stopped unfinished. A hand-off a little after its window (up to
    // `lateGrace` turns) keeps the points: leads judge the decision, and say so in the note.
    let escalationPoints: Int
    if escalation.verdict == .notExpected {
      switch transcript.ending {
      case .resolved?, .gaveUp?, .endedByAgent?: escalationPoints = 2
      // Ended by a hand-off the scenario allows alongside keeping the case.
      case .escalated?, .transferred?: escalationPoints = escalation.actual == "none" ? 0 : 2
      default: escalationPoints = 0
      }
    } else if escalation.verdict == .late, let turn = escalation.turn, let window = expectation.window,
      turn <= window.upperBound + Self.lateGrace
    {
      escalationPoints = 2
    } else if escalation.verdict == .incompleteHandoff, Self.noteGapIsMinor(escalation) {
      escalationPoints = 2
    } else {
      escalationPoints = escalation.verdict.points
    }
    results.append(CriterionResult(
      id: "escalation", name: Self.escalationName(expectation, language: scenario.language), score: escalationPoints, max: 2,
      weight: ScenarioLimits.clampedWeight(expectation.weight), met: escalationPoints == 2, applicable: true,
      critical: expectation.critical, bonus: false, evidence: escalation.turn.map { [Evidence(turn: $0, pattern: escalation.actual, words: [])] } ?? [],
      violations: [], tip: expectation.rationale.isEmpty ? escalation.explanation : expectation.rationale,
      modelAnswer: handoffModelAnswer(visited: path), reason: nil))

    var earned = 0.0, possible = 0.0, bonus = 0.0
    for result in results where result.applicable {
      let share = Double(result.score ?? 0) / Double(result.max)
      if result.bonus {
        bonus += result.weight * share
      } else {
        earned += result.weight * share
        possible += result.weight
      }
    }
    let raw = possible > 0 ? min(100, ((earned + bonus) / possible * 1000).rounded() / 10) : 0
    let criticalMisses = results.filter { $0.applicable && $0.critical && !$0.met }.map(\.id)
    let total = criticalMisses.isEmpty ? raw : 0
    let verdict = escalation.verdict
    let ending = transcript.ending
    let fcr: Bool
    switch ending {
    case .resolved?: fcr = verdict == .notExpected || verdict == .correct
    case .escalated?, .transferred?: fcr = verdict == .correct || verdict == .late
    default: fcr = false
    }
    var resolveMissing: [String] = []
    if ending == .endedByAgent || ending == nil {
      let met = Set(results.filter(\.met).map(\.id))
      let closest = compiled.resolveConditions.min { a, b in
        a.criteria.filter { !met.contains($0) }.count < b.criteria.filter { !met.contains($0) }.count
      }
      resolveMissing = closest?.criteria.filter { !met.contains($0) }.compactMap { scenario.rubric.criterion($0)?.name } ?? []
    }
    return ScoreResult(
      scenario: scenario.id, version: scenario.version, score: total, rawScore: raw,
      passScore: scenario.rubric.passScore, passed: criticalMisses.isEmpty && total >= scenario.rubric.passScore,
      criticalMisses: criticalMisses, criteria: results, escalation: escalation, ending: ending,
      endingMood: transcript.finalMood,
      csatProxy: ending == .gaveUp ? 1 : max(1, transcript.finalMood.rawValue), fcrProxy: fcr, turns: turns.count,
      resolveMissing: resolveMissing)
  }

  /// Every rubric criterion's result (the escalation criterion is added by `score`).
  func criterionResults(
    _ transcript: Transcript, escalation: EscalationResult, conversation: inout AnalyzedConversation, path: [String],
    visited: Set<String>
  ) -> [CriterionResult] {
    // A criterion whose nodes were never reached is N/A only when the case was handled to a
    // proper ending along another path; a conversation cut short (a give-up, /end, a wrong or
    // premature hand-off) does not get to skip what it never reached.
    let handledProperly = transcript.ending == .resolved
      || [.correct, .late, .incompleteHandoff].contains(escalation.verdict)
    var results: [CriterionResult] = []
    let language = scenario.language
    // A conversation the customer or the trainee broke off: what the trainee said before it got
    // to a criterion's nodes still counts for it (a hand-off ends the trainee's part instead).
    // So does one ended by a hand-off that was not the case's way out (needless, premature or to
    // the wrong place): the replies before it count wherever they were said.
    let cutShort = transcript.ending == nil || transcript.ending == .gaveUp || transcript.ending == .endedByAgent
      || !handledProperly
    // Nodes the conversation went past without stopping there (the customer moved on).
    var skipped: Set<String> = []
    for (from, to) in zip(path, path.dropFirst()) { skipped.formUnion(compiled.skippedNodes(from: from, to: to)) }
    skipped.subtract(visited)
    let models = pathModels(path)
    for criterion in scenario.rubric.criteria {
      let (tally, counted) = compiled.tally(criterion, over: &conversation, wholeConversation: cutShort)
      let evidence = tally.evidence
      // A point made before the node that expects it was reached counts too (the customer
      // then passes that node without asking).
      let applicable = criterion.scope.isEmpty || criterion.scope.contains(where: visited.contains) || !handledProperly
        || tally.metSignals > 0 || criterion.scope.contains(where: skipped.contains)
      // A criterion that only forbids phrases is met when nothing forbidden was said, even if no
      // reply fell in its scope.
      let onlyForbids = evidence.signalCount == 0 && !evidence.isEmpty
      let points = applicable ? (counted || onlyForbids ? tally.points(scale: criterion.scale) : 0) : nil
      var reason: String?
      if let points, points < criterion.scale.maxPoints {
        if !tally.forbidden.isEmpty {
          reason = VerdictTexts.text(.reasonForbidden, language)
        } else if !tally.weakened.isEmpty, tally.metSignals == tally.evidence.signalCount {
          reason = VerdictTexts.text(.reasonWeakened, language)
        } else if tally.metSignals > 0 {
          reason = VerdictTexts.text(.reasonPartly, language)
        } else if criterion.scope.isEmpty || criterion.scope.contains(where: visited.contains) {
          // "The customer moved on" only where they left the point for want of progress (a
          // `misses` branch, or moving on after two replies without it), not where the
          // conversation simply went on.
          let movedOn = zip(path, path.dropFirst()).contains { from, to in
            criterion.scope.contains(from) && leftForWantOfProgress(from: from, to: to, transcript: transcript)
          }
          reason = VerdictTexts.text(movedOn ? .reasonMovedOn : .reasonNotShown, language)
        } else if criterion.scope.contains(where: skipped.contains) {
          reason = VerdictTexts.text(.reasonMovedOn, language)
        } else {
          reason = VerdictTexts.text(.reasonNotReached, language)
        }
      }
      results.append(CriterionResult(
        id: criterion.id, name: criterion.name, score: points, max: criterion.scale.maxPoints,
        weight: ScenarioLimits.clampedWeight(criterion.weight), met: points == criterion.scale.maxPoints, applicable: applicable,
        critical: criterion.critical, bonus: criterion.bonus, evidence: tally.evidenceList,
        violations: tally.forbidden, weakened: tally.weakened, tip: criterion.tip, modelAnswer: modelAnswer(for: criterion.id, pathModels: models),
        reason: reason))
    }

    return results
  }

  /// Whether every criterion expected at the nodes the trainee answered at up to hand-off turn
  /// `turn` was fully met.
  func didExpectedWork(before turn: Int, _ transcript: Transcript, _ results: [CriterionResult]) -> Bool {
    let answered = Set(transcript.traineeTurns.filter { ($0.turn ?? 0) <= turn }.map(\.nodeID))
    let due = scenario.rubric.criteria.filter { !$0.bonus && $0.scope.contains(where: answered.contains) }.map(\.id)
    return !due.isEmpty && due.allSatisfy { id in results.first { $0.id == id }?.met ?? false }
  }

  /// Whether the conversation left `from` for `to` because the trainee made no progress there:
  /// only a `misses` branch leads there, or the customer's line there opens with the node's
  /// moving-on line.
  func leftForWantOfProgress(from: String, to: String, transcript: Transcript) -> Bool {
    guard let node = scenario.node(from) else { return false }
    let branches = node.branches.filter { $0.target == to }
    if !branches.isEmpty, branches.allSatisfy({ $0.condition.misses != nil }) { return true }
    let movesOn = node.movesOn ?? DefaultLines.movesOn(scenario.language)
    return transcript.entries.contains { $0.speaker == .customer && $0.nodeID == to && $0.text.hasPrefix(movesOn) }
  }

  /// The model answer of the node where this conversation expected the criterion (the last
  /// such node it reached), else of the first node that expects it.
  /// (`pathModels` is `pathModels(visited)`, worked out once for all criteria.)
  func modelAnswer(for criterionID: String, pathModels: [(expects: [String], model: String)]) -> String? {
    pathModels.first { $0.expects.contains(criterionID) }?.model ?? compiled.modelAnswers[criterionID]
  }

  /// The nodes on the path that have a model answer, the last reached first, with what each expects.
  func pathModels(_ visited: [String]) -> [(expects: [String], model: String)] {
    visited.reversed().compactMap { id in
      guard let node = scenario.node(id), let model = node.model else { return nil }
      return (node.expects, model)
    }
  }

  /// The hand-off model answer of a node this conversation reached, else the first one.
  func handoffModelAnswer(visited: [String]) -> String? {
    for id in visited.reversed() {
      if let model = scenario.node(id)?.model, model.hasPrefix("/escalate") || model.hasPrefix("/transfer") { return model }
    }
    return compiled.handoffModelAnswer
  }

  static func escalationName(_ expectation: EscalationExpectation, language: Language) -> String {
    switch expectation.expect {
    case .resolve: VerdictTexts.text(.nameResolve, language)
    case .escalate: VerdictTexts.text(.nameEscalate, language, expectation.target ?? "?")
    case .transfer: VerdictTexts.text(.nameTransfer, language, expectation.target ?? "?")
    }
  }

  /// Compares the first hand-off (escalation or transfer) with the expectation.
  public func judgeEscalation(_ transcript: Transcript, allowingAlongside: Bool = true) -> EscalationResult {
    let expectation = scenario.escalation
    let language = scenario.language
    let expected: String
    switch expectation.expect {
    case .resolve: expected = "resolve"
    case .escalate: expected = "escalate:\(expectation.target ?? "")"
    case .transfer: expected = "transfer:\(expectation.target ?? "")"
    }
    // A hand-off the scenario allows alongside keeping the case is not the case's hand-off.
    let handoffs = transcript.traineeTurns.filter { $0.action?.kind.handoffKind != nil }
    let handoff = handoffs.first { entry in
      guard allowingAlongside, let kind = entry.action?.kind.handoffKind else { return true }
      return !expectation.isAlongside(kind, entry.action?.target ?? "")
    }
    guard let handoff, let action = handoff.action else {
      let verdict: EscalationVerdict = expectation.expect == .resolve ? .notExpected : .missed
      let alongside = handoffs.first?.action
      var result = EscalationResult(
        expected: expected, actual: alongside.map { "\($0.kind.rawValue):\($0.target ?? "")" } ?? "none", verdict: verdict,
        turn: handoffs.first?.turn, note: alongside?.text, handoffPresent: [], handoffMissing: [], explanation: "")
      result.explanation = VerdictTexts.explanation(
        of: result, expectation: expectation, ending: transcript.ending, language: language)
      return result
    }
    let target = action.target ?? ""
    let actual = "\(action.kind.rawValue):\(target)"
    let turn = handoff.turn ?? 0

    let analyzedNote = compiled.matcher.analyze(action.text)
    var memo = PatternMemo(patternCount: compiled.patternCount)
    var present: [String] = [], missing: [String] = []
    for requirement in expectation.handoff {
      var tally = SignalTally(evidence: compiled.handoff[requirement.id]!)
      tally.add(compiled.signals(tally.evidence, in: analyzedNote, memo: &memo), turn: turn)
      if tally.isFullyMet { present.append(requirement.id) } else { missing.append(requirement.id) }
    }

    let verdict: EscalationVerdict
    let handoffKind = action.kind.handoffKind ?? .transfer
    if expectation.expect == .resolve {
      verdict = .unnecessary
    } else if !expectation.accepts(handoffKind, target) {
      verdict = .wrongTarget
    } else if let window = expectation.window, turn < window.lowerBound {
      verdict = .premature
    } else if let window = expectation.window, turn > window.upperBound {
      verdict = .late
    } else if !missing.isEmpty {
      verdict = .incompleteHandoff
    } else {
      verdict = .correct
    }
    var result = EscalationResult(
      expected: expected, actual: actual, verdict: verdict, turn: turn, note: action.text,
      handoffPresent: present, handoffMissing: missing, explanation: "")
    result.explanation = VerdictTexts.explanation(
      of: result, expectation: expectation, ending: transcript.ending, language: language)
    return result
  }
}
