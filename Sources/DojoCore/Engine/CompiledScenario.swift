/// A scenario with its patterns compiled for matching. Build it once per scenario and share it:
/// it is immutable and thread-safe.
public final class CompiledScenario: Sendable {
  public let scenario: Scenario
  public let matcher: PhraseMatcher
  let criteria: [String: CompiledEvidence]
  let intents: [String: CompiledEvidence]
  let handoff: [String: CompiledEvidence]
  /// How many distinct patterns the evidence above uses (the size of a `PatternMemo`).
  let patternCount: Int
  /// The model answer of the first node that expects each criterion, for feedback.
  let modelAnswers: [String: String]
  /// The first model answer that is a hand-off, shown with the escalation verdict.
  let handoffModelAnswer: String?

  public init(_ scenario: Scenario, lexicon: Lexicon) {
    self.scenario = scenario
    let language = scenario.language
    var allSpecs: [EvidenceSpec] = scenario.rubric.criteria.compactMap { $0.evidence[language] }
    allSpecs += scenario.intents.values.compactMap { $0[language] }
    allSpecs += scenario.escalation.handoff.compactMap { $0.evidence[language] }
    func phrases(of pattern: PhrasePattern) -> [String] {
      pattern.alternatives.flatMap { alternative in
        alternative.hasPrefix("@")
          ? (lexicon.phrases(for: String(alternative.dropFirst()), in: language) ?? []).map(\.text)
          : [alternative]
      }
    }
    let everyPhrase = allSpecs.flatMap { $0.any + $0.all + $0.none }.flatMap(phrases(of:))
    let matcher = PhraseMatcher(language: language, phrases: everyPhrase)
    self.matcher = matcher
    var patternIDs: [String: Int] = [:]
    func compile(_ spec: EvidenceSpec?) -> CompiledEvidence {
      func patterns(_ list: [PhrasePattern]) -> [CompiledPattern] {
        list.map { pattern in
          let id = patternIDs[pattern.text] ?? patternIDs.count
          patternIDs[pattern.text] = id
          return CompiledPattern(id: id, source: pattern.text, alternatives: phrases(of: pattern).map(matcher.compile))
        }
      }
      guard let spec else { return CompiledEvidence(any: [], all: [], none: []) }
      return CompiledEvidence(any: patterns(spec.any), all: patterns(spec.all), none: patterns(spec.none))
    }
    criteria = Dictionary(uniqueKeysWithValues: scenario.rubric.criteria.map { ($0.id, compile($0.evidence[language])) })
    intents = scenario.intents.mapValues { compile($0[language]) }
    handoff = Dictionary(uniqueKeysWithValues: scenario.escalation.handoff.map { ($0.id, compile($0.evidence[language])) })
    patternCount = patternIDs.count
    var modelAnswers: [String: String] = [:]
    for node in scenario.orderedNodes.reversed() {
      guard let model = node.model else { continue }
      for id in node.expects { modelAnswers[id] = model }
    }
    self.modelAnswers = modelAnswers
    handoffModelAnswer = scenario.orderedNodes.first { $0.model?.hasPrefix("/escalate") == true || $0.model?.hasPrefix("/transfer") == true }?.model
  }

  /// Whether a criterion counts for a trainee turn at `nodeID`.
  func criterion(_ criterion: Criterion, countsAt nodeID: String) -> Bool {
    criterion.scope.isEmpty || criterion.scope.contains(nodeID)
  }

  /// The trainee's replies (not hand-offs or /end), each analysed once.
  func analyzedReplies(_ transcript: Transcript) -> [AnalyzedReply] {
    transcript.traineeTurns.filter { $0.action?.kind == .reply }.map { analyzedReply($0) }
  }

  /// One reply analysed, with an empty memo of pattern matches.
  func analyzedReply(_ entry: TranscriptEntry) -> AnalyzedReply {
    AnalyzedReply(entry: entry, text: matcher.analyze(entry.text), memo: PatternMemo(patternCount: patternCount))
  }

  /// A criterion's signals gathered over the replies in its scope, and whether any reply was in
  /// scope. The engine (for branches) and the scorer both count evidence through here.
  func tally(_ criterion: Criterion, over replies: inout [AnalyzedReply]) -> (tally: SignalTally, counted: Bool) {
    var tally = SignalTally(evidence: criteria[criterion.id] ?? CompiledEvidence(any: [], all: [], none: []))
    var counted = false
    for index in replies.indices where self.criterion(criterion, countsAt: replies[index].entry.nodeID) {
      tally.add(replies[index].signals(tally.evidence, using: matcher), turn: replies[index].entry.turn ?? 0)
      counted = true
    }
    return (tally, counted)
  }

  /// The signals of `evidence` found in one analysed turn.
  func signals(_ evidence: CompiledEvidence, in text: AnalyzedText) -> TurnSignals {
    var memo = PatternMemo(patternCount: 0)
    return signals(evidence, in: text, memo: &memo)
  }

  /// The signals of `evidence` found in one analysed turn, reusing (and filling) the turn's memo.
  func signals(_ evidence: CompiledEvidence, in text: AnalyzedText, memo: inout PatternMemo) -> TurnSignals {
    TurnSignals(evidence, in: text, memo: &memo, matcher: matcher)
  }

  /// Whether a single reply, on its own, fully meets a criterion (used for rubric examples and
  /// the evaluation set). With `nodeID`, a reply given at a node outside the criterion's scope
  /// does not count.
  public func replyMeets(_ criterionID: String, _ reply: String, atNode nodeID: String? = nil) -> Bool {
    guard let evidence = criteria[criterionID], let criterion = scenario.rubric.criterion(criterionID) else { return false }
    if let nodeID, !self.criterion(criterion, countsAt: nodeID) { return false }
    let found = signals(evidence, in: matcher.analyze(reply))
    var tally = SignalTally(evidence: evidence)
    tally.add(found, turn: 1)
    return tally.points(scale: criterion.scale) == criterion.scale.maxPoints
  }

  /// Whether a reply shows an intent.
  func showsIntent(_ intentID: String, in text: AnalyzedText, memo: inout PatternMemo) -> Bool {
    guard let evidence = intents[intentID] else { return false }
    var tally = SignalTally(evidence: evidence)
    tally.add(signals(evidence, in: text, memo: &memo), turn: 0)
    return tally.isFullyMet
  }
}

/// A trainee reply analysed for matching, with the patterns already searched for in it.
struct AnalyzedReply {
  let entry: TranscriptEntry
  let text: AnalyzedText
  var memo: PatternMemo

  /// The signals of `evidence` in this reply. (A mutating method, so that a reply in an array
  /// is used in place rather than copied for every criterion.)
  mutating func signals(_ evidence: CompiledEvidence, using matcher: PhraseMatcher) -> TurnSignals {
    TurnSignals(evidence, in: text, memo: &memo, matcher: matcher)
  }
}

/// What one turn showed for one piece of evidence.
struct TurnSignals {
  var anyMatch: PhraseMatch?
  /// The `all` items that matched in this turn, in item order.
  var allMatches: [IndexedMatch] = []
  var forbidden: [PhraseMatch] = []

  /// Searches one turn for the patterns of `evidence`.
  init(_ evidence: CompiledEvidence, in text: AnalyzedText, memo: inout PatternMemo, matcher: PhraseMatcher) {
    for pattern in evidence.any {
      if let match = memo.match(pattern, in: text, using: matcher) {
        anyMatch = match
        break
      }
    }
    for (index, pattern) in evidence.all.enumerated() {
      if let match = memo.match(pattern, in: text, using: matcher) { allMatches.append(IndexedMatch(index: index, match: match)) }
    }
    for pattern in evidence.none {
      if let match = memo.match(pattern, in: text, using: matcher) { forbidden.append(match) }
    }
  }

  var isEmpty: Bool { anyMatch == nil && allMatches.isEmpty && forbidden.isEmpty }
  var positiveCount: Int { (anyMatch == nil ? 0 : 1) + allMatches.count }
}

/// The match of one `all` item (by its index in the list).
struct IndexedMatch {
  var index: Int
  var match: PhraseMatch
}

/// Where one `all` item (by its index in the list) was first met.
struct IndexedEvidence {
  var index: Int
  var evidence: Evidence
}

/// Signals gathered over several turns: the first place each signal was met, and every
/// forbidden phrase.
struct SignalTally {
  let evidence: CompiledEvidence
  var anyEvidence: Evidence?
  /// The `all` items met so far, each where it was first met.
  var allEvidence: [IndexedEvidence] = []
  var forbidden: [Evidence] = []

  init(evidence: CompiledEvidence) { self.evidence = evidence }

  mutating func add(_ signals: TurnSignals, turn: Int) {
    if anyEvidence == nil, let match = signals.anyMatch {
      anyEvidence = Evidence(turn: turn, pattern: match.pattern, words: match.words)
    }
    for found in signals.allMatches where !allEvidence.contains(where: { $0.index == found.index }) {
      let evidence = Evidence(turn: turn, pattern: found.match.pattern, words: found.match.words)
      allEvidence.append(IndexedEvidence(index: found.index, evidence: evidence))
    }
    for match in signals.forbidden {
      forbidden.append(Evidence(turn: turn, pattern: match.pattern, words: match.words))
    }
  }

  var metSignals: Int { (anyEvidence == nil ? 0 : 1) + allEvidence.count }

  var isFullyMet: Bool { forbidden.isEmpty && metSignals == evidence.signalCount && !evidence.isEmpty }

  /// Points on the scale: the share of signals met, rounded down; 0 when a forbidden phrase
  /// was used; full marks for a criterion that only forbids phrases.
  func points(scale: Scale) -> Int {
    Self.points(metSignals: metSignals, forbidden: !forbidden.isEmpty, evidence: evidence, scale: scale)
  }

  /// Points for `metSignals` of `evidence`'s signals (shared with `CriterionProgress`).
  static func points(metSignals: Int, forbidden: Bool, evidence: CompiledEvidence, scale: Scale) -> Int {
    if forbidden || evidence.isEmpty { return 0 }
    let signals = evidence.signalCount
    if signals == 0 { return scale.maxPoints }
    return (scale.maxPoints * metSignals) / signals
  }

  var evidenceList: [Evidence] {
    var list: [Evidence] = []
    if let anyEvidence { list.append(anyEvidence) }
    for item in allEvidence.sorted(by: { $0.index < $1.index }) { list.append(item.evidence) }
    return list.count < 2 ? list : list.sorted { $0.turn < $1.turn }
  }
}

/// The trainee's words that earned (or cost) a point: which turn, which pattern, which words.
public struct Evidence: Sendable, Hashable, Codable {
  public var turn: Int
  public var pattern: String
  public var words: [String]
}
