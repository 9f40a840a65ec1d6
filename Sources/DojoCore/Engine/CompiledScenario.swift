internal import Foundation
import Synchronization

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
  /// Patterns that ask for each thing the customer knows, by item id.
  let knownItems: [String: CompiledEvidence]
  /// Per node: the nodes its branches can lead to, itself included.
  let reaches: [String: Set<String>]
  /// Per pair of nodes (from, to): the nodes on some way from one to the other, both included.
  let passed: [String: [String: Set<String>]]
  /// The same along forward branches only (not `misses`, not hand-offs).
  let forwardReaches: [String: Set<String>]
  /// Criteria expected where a hand-off can happen (nodes with an `escalated`/`transferred`
  /// branch): what the customer asks for in the wrap-up when it is still missing.
  let handoffPointCriteria: Set<String>
  /// Per node with a model reply (not a hand-off): the stems of its content words, to see how
  /// much of it a reply says in other words.
  let modelStems: [String: Set<String>]
  /// Ways `/end` closes the case as resolved: each a set of criteria that must all be met,
  /// with the ending node whose line the customer says.
  let resolveConditions: [ResolveCondition]

  public init(_ scenario: Scenario, lexicon: Lexicon) {
    self.scenario = scenario
    let language = scenario.language
    /// Each phrase a pattern stands for, those of a request concept (`@verify_identity`) marked
    /// to count only in a question or a request.
    func phrases(of pattern: PhrasePattern) -> [(text: String, requestOnly: Bool)] {
      Self.phrases(of: pattern, language: language, lexicon: lexicon)
    }
    let everyPhrase = Self.everyPhrase(of: scenario, lexicon: lexicon)
    let matcher = PhraseMatcher(language: language, phrases: everyPhrase, speltWords: lexicon.speltWords[language])
    self.matcher = matcher
    var patternIDs: [String: Int] = [:]
    func compile(_ spec: EvidenceSpec?) -> CompiledEvidence {
      func patterns(_ list: [PhrasePattern], assertedOnly: Bool = false) -> [CompiledPattern] {
        list.map { pattern in
          // A forbidden phrase is matched by other rules, so it has an id of its own.
          let key = (assertedOnly ? "none:" : "") + pattern.text
          let id = patternIDs[key] ?? patternIDs.count
          patternIDs[key] = id
          return CompiledPattern(
            id: id, source: pattern.text,
            alternatives: phrases(of: pattern).map { matcher.compile($0.text, requestOnly: $0.requestOnly) }, assertedOnly: assertedOnly)
        }
      }
      guard let spec else { return CompiledEvidence(any: [], all: [], none: []) }
      return CompiledEvidence(
        any: patterns(spec.any), all: patterns(spec.all), none: patterns(spec.none, assertedOnly: true),
        weak: patterns(spec.weak, assertedOnly: true))
    }
    criteria = Dictionary(uniqueKeysWithValues: scenario.rubric.criteria.map { ($0.id, compile($0.evidence[language])) })
    intents = scenario.intents.mapValues { compile($0[language]) }
    handoff = Dictionary(uniqueKeysWithValues: scenario.escalation.handoff.map { ($0.id, compile($0.evidence[language])) })
    knownItems = Dictionary(uniqueKeysWithValues: scenario.persona.knows.map { ($0.id, compile(EvidenceSpec(any: $0.asked))) })
    patternCount = patternIDs.count
    // Which nodes can reach which (branches only), for the counting rule above.
    var reaches: [String: Set<String>] = [:]
    for node in scenario.orderedNodes {
      var seen: Set<String> = [node.id]
      var queue = [node.id]
      while let id = queue.popLast() {
        for branch in scenario.node(id)?.branches ?? [] where seen.insert(branch.target).inserted { queue.append(branch.target) }
      }
      reaches[node.id] = seen
    }
    self.reaches = reaches
    var stems: [String: Set<String>] = [:]
    for node in scenario.orderedNodes {
      guard let model = node.model, !model.hasPrefix("/") else { continue }
      stems[node.id] = Self.contentStems(matcher.analyze(model))
    }
    modelStems = stems
    var passed: [String: [String: Set<String>]] = [:]
    for start in scenario.nodeOrder {
      for end in reaches[start] ?? [] where end != start {
        passed[start, default: [:]][end] = Set((reaches[start] ?? []).filter { reaches[$0]?.contains(end) == true })
      }
    }
    self.passed = passed
    var forward: [String: Set<String>] = [:]
    for node in scenario.orderedNodes {
      var seen: Set<String> = [node.id]
      var queue = [node.id]
      while let id = queue.popLast() {
        for branch in scenario.node(id)?.branches ?? []
        where branch.condition.misses == nil && branch.condition.escalated == nil && branch.condition.transferred == nil
          && seen.insert(branch.target).inserted
        {
          queue.append(branch.target)
        }
      }
      forward[node.id] = seen
    }
    forwardReaches = forward
    let handoffNodes = Set(scenario.orderedNodes.filter { node in
      node.branches.contains { $0.condition.escalated != nil || $0.condition.transferred != nil }
    }.map(\.id))
    handoffPointCriteria = Set(scenario.rubric.criteria.filter { criterion in
      !criterion.scope.isEmpty && !handoffNodes.isDisjoint(with: criterion.scope)
        || scenario.orderedNodes.contains { handoffNodes.contains($0.id) && $0.expects.contains(criterion.id) }
    }.map(\.id))
    if !scenario.rubric.resolveWhen.isEmpty {
      let ending = scenario.orderedNodes.first { $0.ending == .resolved }?.id
      resolveConditions = [ResolveCondition(criteria: scenario.rubric.resolveWhen, endingNode: ending, node: nil)]
    } else {
      resolveConditions = scenario.orderedNodes.flatMap { node in
        node.branches.compactMap { branch -> ResolveCondition? in
          guard scenario.node(branch.target)?.ending == .resolved else { return nil }
          let needed = branch.condition.met + branch.condition.metAny.prefix(1)
          guard !needed.isEmpty, branch.condition.escalated == nil, branch.condition.transferred == nil else { return nil }
          return ResolveCondition(criteria: needed, endingNode: branch.target, node: node.id)
        }
      }
    }
    var modelAnswers: [String: String] = [:]
    for node in scenario.orderedNodes.reversed() {
      guard let model = node.model else { continue }
      for id in node.expects { modelAnswers[id] = model }
    }
    self.modelAnswers = modelAnswers
    handoffModelAnswer = scenario.orderedNodes.first { $0.model?.hasPrefix("/escalate") == true || $0.model?.hasPrefix("/transfer") == true }?.model
  }

  /// The stems of a text's content words (no stopwords, no one- or two-letter words).
  static func contentStems(_ text: AnalyzedText) -> Set<String> {
    Set(text.tokens.filter { !$0.isStopword && $0.folded.count > 2 }.map(\.stem))
  }

  /// How much of a node's model answer a reply says, as the share of the model's content stems
  /// the reply uses (0 without a model reply).
  func modelOverlap(_ reply: AnalyzedText, at nodeID: String) -> (share: Double, shared: Int) {
    guard let model = modelStems[nodeID], !model.isEmpty else { return (0, 0) }
    let shared = model.intersection(Self.contentStems(reply)).count
    return (Double(shared) / Double(model.count), shared)
  }

  /// Whether a criterion counts for a trainee turn at `nodeID`.
  func criterion(_ criterion: Criterion, countsAt nodeID: String) -> Bool {
    criterion.scope.isEmpty || criterion.scope.contains(nodeID)
  }

  /// The nodes on the forward way from `start` to `end` that a conversation going from one to
  /// the other skipped (by a `misses` branch or by moving on): their points were due.
  func skippedNodes(from start: String, to end: String) -> Set<String> {
    guard start != end else { return [] }
    return Set((forwardReaches[start] ?? []).filter { $0 != start && $0 != end && forwardReaches[$0]?.contains(end) == true })
  }

  /// The nodes a single reply can have passed on its way from `start` to `end`.
  func passedNodes(from start: String, to end: String) -> Set<String> {
    passed[start]?[end] ?? []
  }

  /// Whether a criterion's forbidden phrases count at `nodeID`: only in its scope proper.
  func criterion(_ criterion: Criterion, forbidsAt nodeID: String) -> Bool {
    criterion.scope.isEmpty || criterion.scope.contains(nodeID)
  }

  /// The known items a reply asks for, in the persona's order: an item counts when one of its
  /// phrases is in a sentence that is a question (ends with `?`) or a request ("could you",
  /// "please", "bitte").
  func itemsAsked(in raw: String, _ text: AnalyzedText, memo: inout PatternMemo) -> [KnownItem] {
    let mentioned = scenario.persona.knows.filter { item in
      guard let evidence = knownItems[item.id] else { return false }
      return evidence.any.contains { memo.match($0, in: text, using: matcher) != nil }
    }
    guard !mentioned.isEmpty else { return [] }
    var asked: [KnownItem] = []
    for sentence in Self.sentences(raw) {
      let analyzed = matcher.analyze(sentence.text)
      var sentenceMemo = PatternMemo(patternCount: patternCount)
      let isRequest = sentence.isQuestion || RequestMarkers.opensRequest(sentence.text, scenario.language)
      guard isRequest else { continue }
      for item in mentioned where !asked.contains(where: { $0.id == item.id }) {
        if knownItems[item.id]!.any.contains(where: { sentenceMemo.match($0, in: analyzed, using: matcher) != nil }) {
          asked.append(item)
        }
      }
    }
    return mentioned.filter { item in asked.contains { $0.id == item.id } }
  }

  /// Whether the reply asks the customer an open question (what, which, when, how many, …)
  /// about something the persona does not know: no known item's phrase is in that sentence.
  func asksUnknown(in raw: String) -> Bool {
    for sentence in Self.sentences(raw) where sentence.isQuestion && RequestMarkers.opensOpenQuestion(sentence.text, scenario.language) {
      let analyzed = matcher.analyze(sentence.text)
      var memo = PatternMemo(patternCount: patternCount)
      let known = scenario.persona.knows.contains { item in
        knownItems[item.id]?.any.contains { memo.match($0, in: analyzed, using: matcher) != nil } == true
      }
      if !known { return true }
    }
    return false
  }

  /// Short forms whose full stop ends no sentence (folded to lower case, without their dots).
  static let abbreviations: Set<String> = [
    "z", "b", "z.b", "bzw", "ca", "usw", "etc", "vgl", "evtl", "ggf", "inkl", "zzgl", "u", "a", "u.a", "d.h", "nr",
    "tel", "e.g", "i.e", "e", "g", "i", "approx", "incl", "no", "vs",
  ]

  /// A reply cut into sentences at `.`, `!`, `?`, `;` and line breaks (a dot between digits,
  /// as in 17.99, or after a short form such as "z. B.", does not end one).
  static func sentences(_ text: String) -> [(text: String, isQuestion: Bool)] {
    var result: [(String, Bool)] = []
    var current = ""
    let characters = Array(text)
    for (index, character) in characters.enumerated() {
      let nextIsDigit = index + 1 < characters.count && characters[index + 1].isNumber
      let previousIsDigit = index > 0 && characters[index - 1].isNumber
      // "z. B.", "bzw.", "e.g." do not end a sentence: "Was hast du ausprobiert, z. B. einen
      // anderen Browser?" is one question.
      let lastWord = current.split(whereSeparator: { $0 == " " || $0 == "(" }).last.map { $0.lowercased() } ?? ""
      let abbreviation = character == "." && Self.abbreviations.contains(lastWord)
      if character == "?" || character == "!" || character == ";" || character == "\n"
        || character == "." && !(previousIsDigit && nextIsDigit) && !abbreviation
      {
        if !current.trimmingCharacters(in: .whitespaces).isEmpty { result.append((current, character == "?")) }
        current = ""
      } else {
        current.append(character)
      }
    }
    if !current.trimmingCharacters(in: .whitespaces).isEmpty { result.append((current, false)) }
    return result
  }

  /// The trainee's replies (not hand-offs or /end), each analysed once.
  func analyzedReplies(_ transcript: Transcript) -> AnalyzedConversation {
    var conversation = AnalyzedConversation()
    for (position, entry) in transcript.entries.enumerated() {
      if entry.speaker == .trainee {
        if entry.action?.kind == .reply {
          var reply = analyzedReply(entry)
          reply.position = position
          conversation.replies.append(reply)
        }
      } else {
        conversation.customerLines.append(CustomerLine(position: position, nodeID: entry.nodeID))
      }
    }
    return conversation
  }

  /// For a criterion with a scope: the transcript position before which replies count — until
  /// the conversation left the scope's nodes for the last time (a point made before its node,
  /// or in the reply that led there, counts; one made after the conversation moved on does not).
  /// Nil when the conversation never reached or passed the scope.
  func countingLimit(_ criterion: Criterion, _ conversation: inout AnalyzedConversation) -> Int? {
    let scope = criterion.scope
    let lines = conversation.customerLines
    // The nodes skipped between each two lines are the same for every criterion: worked out
    // once per conversation.
    if conversation.skippedAfterLine == nil {
      conversation.skippedAfterLine = lines.indices.map { index in
        guard index + 1 < lines.count, lines[index + 1].nodeID != lines[index].nodeID else { return [] }
        return skippedNodes(from: lines[index].nodeID, to: lines[index + 1].nodeID)
      }
    }
    let skippedAfterLine = conversation.skippedAfterLine ?? []
    var limit: Int?
    for (index, line) in lines.enumerated() {
      let next = index + 1 < lines.count ? lines[index + 1].position : Int.max
      if scope.contains(line.nodeID) { limit = next }
      // Nodes the conversation went past between two lines: their replies up to there count.
      if index + 1 < lines.count, lines[index + 1].nodeID != line.nodeID, !skippedAfterLine[index].isDisjoint(with: scope) {
        limit = max(limit ?? 0, next)
      }
    }
    return limit
  }

  /// One reply analysed, with an empty memo of pattern matches.
  func analyzedReply(_ entry: TranscriptEntry) -> AnalyzedReply {
    AnalyzedReply(entry: entry, text: matcher.analyze(entry.text), memo: PatternMemo(patternCount: patternCount))
  }

  /// A criterion's signals gathered over the replies in its scope, and whether any reply was in
  /// scope. The engine (for branches) and the scorer both count evidence through here.
  ///
  /// For the final score of a conversation broken off before it reached the criterion's nodes
  /// (`wholeConversation`), every reply counts: a lead credits what was said, wherever. The
  /// engine, deciding where to go next, counts only up to the scope.
  func tally(
    _ criterion: Criterion, over conversation: inout AnalyzedConversation, wholeConversation: Bool = false
  ) -> (tally: SignalTally, counted: Bool) {
    var tally = SignalTally(evidence: criteria[criterion.id] ?? CompiledEvidence(any: [], all: [], none: []))
    var counted = false
    let limit = criterion.scope.isEmpty ? Int.max : countingLimit(criterion, &conversation) ?? (wholeConversation ? Int.max : -1)
    for index in conversation.replies.indices
    where conversation.replies[index].position < limit || self.criterion(criterion, countsAt: conversation.replies[index].entry.nodeID) {
      var signals = conversation.replies[index].signals(tally.evidence, using: matcher)
      // A forbidden phrase counts only where the criterion applies: its scope is its topic
      // ("genehmige ich" is fine for overtime, a broken promise for a payout HR decides).
      if !self.criterion(criterion, forbidsAt: conversation.replies[index].entry.nodeID) {
        signals.forbidden = []
        signals.weak = []
      }
      tally.add(signals, turn: conversation.replies[index].entry.turn ?? 0)
      counted = true
    }
    return (tally, counted)
  }

  /// The phrases an alternative stands for: `@refund` is every phrase of the concept; a concept
  /// inside a phrase (`@refund {time_frame}`) gives one phrase per concept phrase, the other
  /// words kept (at most 400 phrases per alternative).
  static func expandConcepts(in alternative: String, phrases: (String) -> [String]) -> [String] {
    guard alternative.contains("@") else { return [alternative] }
    var results = [""]
    for word in alternative.split(separator: " ") {
      let options = word.hasPrefix("@") && word.count > 1 ? phrases(String(word.dropFirst())) : [String(word)]
      results = results.flatMap { prefix in options.map { prefix.isEmpty ? $0 : prefix + " " + $0 } }
      if results.count > 400 { results = Array(results.prefix(400)) }
    }
    return results
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

  /// The rubric examples their criteria do not read as they say — a `met` example not met, a
  /// `not_met` example met — in rubric order (lint's DJ107, a template refresh's DJ106).
  func misreadExamples() -> [(criterion: Criterion, example: String, meant: Bool)] {
    scenario.rubric.criteria.flatMap { criterion in
      criterion.examplesMet.filter { !replyMeets(criterion.id, $0) }.map { (criterion, $0, true) }
        + criterion.examplesNotMet.filter { replyMeets(criterion.id, $0) }.map { (criterion, $0, false) }
    }
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

  /// Phrases that announce a hand-off in words: asserted only (not "Shall I escalate?", not
  /// "no need to pass it on").
  static func handoffAnnouncements(_ language: Language) -> [String] {
    switch language {
    case .en:
      [
        "I'll escalate", "I will escalate", "I'm escalating", "I am escalating", "we'll escalate", "we're escalating",
        "I'll hand it over", "I'm handing it over", "I'll pass it on", "I'm passing it on", "I'll pass this on",
        "I'll get it escalated", "I'll get this escalated", "getting it escalated", "getting this escalated",
      ]
    case .de:
      [
        "ich eskaliere", "eskaliere ich", "wir eskalieren", "eskalieren wir", "ich leite weiter", "leite ich weiter",
        "ich gebe weiter", "gebe ich weiter", "ich übergebe", "übergebe ich", "eskaliere", "übergebe",
      ]
    }
  }

  /// Every evidence spec the scenario's matcher reads: criteria, intents, hand-off facts and
  /// what the customer knows.
  static func evidenceSpecs(of scenario: Scenario) -> [EvidenceSpec] {
    let language = scenario.language
    var specs: [EvidenceSpec] = scenario.rubric.criteria.compactMap { $0.evidence[language] }
    specs += scenario.intents.values.compactMap { $0[language] }
    specs += scenario.escalation.handoff.compactMap { $0.evidence[language] }
    specs += scenario.persona.knows.map { EvidenceSpec(any: $0.asked) }
    return specs
  }

  /// Each phrase a pattern stands for (concepts expanded, German separated verbs added), those
  /// of a request concept (`@verify_identity`) marked to count only in a question or a request.
  static func phrases(of pattern: PhrasePattern, language: Language, lexicon: Lexicon) -> [(text: String, requestOnly: Bool)] {
    pattern.alternatives.flatMap { alternative in
      let request = alternative.hasPrefix("@") && lexicon.isRequest(String(alternative.dropFirst()), in: language)
      return expandConcepts(in: alternative) { (lexicon.phrases(for: $0, in: language) ?? []).map(\.text) }
        .flatMap { [$0] + Lexical.separatedVerbVariants(of: $0, language: language) }
        .map { (text: $0, requestOnly: request) }
    }
  }

  /// The text of every phrase the scenario's matcher knows: its vocabulary.
  static func everyPhrase(of scenario: Scenario, lexicon: Lexicon) -> [String] {
    var texts: [String] = []
    for spec in evidenceSpecs(of: scenario) {
      for pattern in spec.any + spec.all + spec.none + spec.weak {
        texts += phrases(of: pattern, language: scenario.language, lexicon: lexicon).map(\.text)
      }
    }
    return texts
  }

  /// A hand-off announced in words but not typed ("I'm escalating this to engineering now"),
  /// per language: a matcher of its own (the scoring vocabulary stays as it is), built once for
  /// every scenario and only when a reply is read for it.
  private static let announcements: [Language: (matcher: PhraseMatcher, pattern: CompiledPattern)] = {
    var compiled: [Language: (matcher: PhraseMatcher, pattern: CompiledPattern)] = [:]
    for language in Language.allCases {
      let phrases = handoffAnnouncements(language)
      let matcher = PhraseMatcher(language: language, phrases: phrases)
      let pattern = CompiledPattern(
        id: 0, source: "hand-off announced", alternatives: phrases.map { matcher.compile($0, requestOnly: false) },
        assertedOnly: true)
      compiled[language] = (matcher, pattern)
    }
    return compiled
  }()

  /// Whether a reply announces a hand-off it does not make ("ich eskaliere das heute noch an
  /// die Entwicklung").
  func announcesHandoff(_ text: String) -> Bool {
    Self.sentences(text).contains { sentence in
      // Passing feedback on is no hand-off of the case: "I'll pass your feedback on to his team
      // lead", "ich gebe Ihr Lob gern weiter". (A question keeps its mark: "Shall I escalate?"
      // announces nothing.)
      announcesHandoff(inSentence: sentence.isQuestion ? sentence.text + "?" : sentence.text)
        && !Self.mentionsFeedback(sentence.text)
    }
  }

  /// Words for what a customer says about the service rather than the case itself.
  static let feedbackWords: Set<String> = [
    "feedback", "compliment", "compliments", "praise", "comments",
    "rückmeldung", "rueckmeldung", "lob", "anregung", "anregungen", "kritik",
  ]

  static func mentionsFeedback(_ sentence: String) -> Bool {
    let words = sentence.lowercased().split { !$0.isLetter }.map(String.init)
    return words.contains { feedbackWords.contains($0) }
  }

  private func announcesHandoff(inSentence text: String) -> Bool {
    guard let (matcher, pattern) = Self.announcements[scenario.language],
      let match = matcher.match(pattern, in: matcher.analyze(text))
    else { return false }
    // The verb itself, not a word of its stem: "I'll pull your escalations" and "I'll confirm
    // the check passes" announce nothing. A verb alone must be the first person: "… und
    // eskaliere das an die Technik" announces, "Wann an den Support eskalieren" does not.
    let words = match.words.map { $0.lowercased() }
    if words.count == 1 { return Self.firstPersonAnnouncements.contains(words[0]) }
    // The particle itself, not an adjective of its stem: "ich gebe Ihnen weitere Tipps" hands
    // nothing on ("ich gebe das weiter" does).
    if words.contains(where: { $0.hasPrefix("weiter") && $0 != "weiter" }) { return false }
    return words.contains { Self.announcementVerbs.contains($0) }
  }

  /// The verb forms a hand-off announcement uses (`handoffAnnouncements`).
  static let announcementVerbs: Set<String> = [
    "escalate", "escalating", "escalated", "hand", "handing", "pass", "passing",
    "eskaliere", "eskalieren", "leite", "gebe", "übergebe", "uebergebe",
  ]

  /// German first-person verbs that announce a hand-off on their own, without "ich".
  static let firstPersonAnnouncements: Set<String> = ["eskaliere", "übergebe", "uebergebe"]

  /// Whether a reply shows an intent.
  func showsIntent(_ intentID: String, in text: AnalyzedText, memo: inout PatternMemo) -> Bool {
    guard let evidence = intents[intentID] else { return false }
    var tally = SignalTally(evidence: evidence)
    tally.add(signals(evidence, in: text, memo: &memo), turn: 0)
    return tally.isFullyMet
  }
}

/// One way `/end` closes a case as resolved.
struct ResolveCondition: Sendable {
  var criteria: [String]
  var endingNode: String?
  /// The node whose branch this is: the conversation must have got there (nil for the rubric's
  /// `resolve_when`, which holds anywhere).
  var node: String?
}

/// How a sentence that asks for something starts, per language: "Could you …", "Please …",
/// "Können Sie …", "Bitte …". Word order matters ("Sie können …" tells, "Können Sie …" asks),
/// so these are read from the sentence's first words, not matched as phrases.
enum RequestMarkers {
  static func openers(_ language: Language) -> [String] {
    switch language {
    case .en:
      ["please", "could you", "can you", "would you", "will you", "may i", "can i have", "could i have",
       "tell me", "let me know", "send me", "what is", "what's", "which", "do you have", "give me",
       "can u", "could u", "would u", "pls", "plz", "kindly", "i need", "i'll need", "i will need", "just need",
       "need", "i'd need", "confirm", "send", "give"]
    case .de:
      ["bitte", "könnten sie", "können sie", "würden sie", "dürfte ich", "darf ich", "nennen sie", "teilen sie",
       "sagen sie", "schicken sie", "geben sie", "wie lautet", "welche", "welcher", "welches", "haben sie",
       "kannst du", "könntest du", "schick mir", "sag mir", "gib mir", "ich brauche", "ich bräuchte", "brauche",
       "bräuchte", "nenn mir", "bestätigen sie", "bestätige"]
    }
  }

  /// Open questions: they ask for a piece of information, not for a yes or no.
  static func openQuestionOpeners(_ language: Language) -> [String] {
    switch language {
    case .en: ["what", "what's", "which", "when", "where", "how many", "how much", "how long", "who", "can you tell me", "could you tell me"]
    case .de: ["was", "welche", "welcher", "welches", "wann", "wo", "wie viele", "wie viel", "wie lange", "wer", "können sie mir sagen", "kannst du mir sagen"]
    }
  }

  /// Whether the sentence opens as an open question.
  static func opensOpenQuestion(_ sentence: String, _ language: Language) -> Bool {
    let text = sentence.lowercased().trimmingCharacters(in: .whitespacesAndNewlines.union(.punctuationCharacters))
    return openQuestionOpeners(language).contains { text.hasPrefix($0 + " ") }
  }

  /// Whether the sentence opens as a request (leading greetings and "and/so" are skipped).
  static func opensRequest(_ sentence: String, _ language: Language) -> Bool {
    var text = sentence.lowercased().trimmingCharacters(in: .whitespacesAndNewlines.union(.punctuationCharacters))
    let fillers = language == .en ? ["and ", "so ", "also ", "then ", "ok ", "okay ", "thanks ", "thank you "] : ["und ", "also ", "dann ", "ok ", "okay ", "danke "]
    var changed = true
    while changed {
      changed = false
      for filler in fillers where text.hasPrefix(filler) {
        text = String(text.dropFirst(filler.count)).trimmingCharacters(in: .whitespaces.union(.punctuationCharacters))
        changed = true
      }
    }
    if openers(language).contains(where: { text.hasPrefix($0 + " ") || text == $0 }) { return true }
    // "quickly first pls confirm the email on the order", "vorher bräuchte ich bitte noch …":
    // a request word later in the sentence makes it a request too.
    let words = text.split { !$0.isLetter }
    return words.contains { politeRequestWords(language).contains(String($0)) }
  }

  /// Words that make any sentence a request, wherever they stand.
  static func politeRequestWords(_ language: Language) -> Set<String> {
    switch language {
    case .en: ["please", "pls", "plz", "kindly"]
    case .de: ["bitte", "bräuchte", "brauche"]
    }
  }
}

/// A transcript's replies, analysed, and where the customer spoke at which node.
struct AnalyzedConversation {
  var replies: [AnalyzedReply] = []
  var customerLines: [CustomerLine] = []
  /// Per customer line, the nodes the conversation skipped between it and the next line (see
  /// `countingLimit`); filled on first use.
  var skippedAfterLine: [Set<String>]?
}

/// One customer line: its position in the transcript and its node.
struct CustomerLine {
  var position: Int
  var nodeID: String
}

/// A trainee reply analysed for matching, with the patterns already searched for in it.
struct AnalyzedReply {
  let entry: TranscriptEntry
  let text: AnalyzedText
  var memo: PatternMemo
  /// Where the reply stands in the transcript's entries.
  var position = 0

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
  var weak: [PhraseMatch] = []

  /// Searches one turn for the patterns of `evidence`.
  /// (By index, not `for pattern in …`: a copy of each pattern costs a reference count per field,
  /// and most patterns are answered from the memo.)
  init(_ evidence: CompiledEvidence, in text: AnalyzedText, memo: inout PatternMemo, matcher: PhraseMatcher) {
    for index in evidence.any.indices {
      if let match = memo.match(evidence.any, at: index, in: text, using: matcher) {
        anyMatch = match
        break
      }
    }
    for index in evidence.all.indices {
      if let match = memo.match(evidence.all, at: index, in: text, using: matcher) {
        allMatches.append(IndexedMatch(index: index, match: match))
      }
    }
    for index in evidence.none.indices {
      if let match = memo.match(evidence.none, at: index, in: text, using: matcher) { forbidden.append(match) }
    }
    for index in evidence.weak.indices {
      if let match = memo.match(evidence.weak, at: index, in: text, using: matcher) { weak.append(match) }
    }
  }

  var isEmpty: Bool { anyMatch == nil && allMatches.isEmpty && forbidden.isEmpty && weak.isEmpty }
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
  /// Every `weak` phrase: the point was made only halfway.
  var weakened: [Evidence] = []

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
    for match in signals.weak {
      weakened.append(Evidence(turn: turn, pattern: match.pattern, words: match.words))
    }
  }

  var metSignals: Int { (anyEvidence == nil ? 0 : 1) + allEvidence.count }

  var isFullyMet: Bool {
    forbidden.isEmpty && weakened.isEmpty && metSignals == evidence.signalCount && !evidence.isEmpty
  }

  /// Points on the scale: the share of signals met, rounded down; 0 when a forbidden phrase
  /// was used; full marks for a criterion that only forbids phrases; never full after a `weak`
  /// phrase.
  func points(scale: Scale) -> Int {
    if !forbidden.isEmpty || evidence.isEmpty { return 0 }
    let signals = evidence.signalCount
    let points = signals == 0 ? scale.maxPoints : (scale.maxPoints * metSignals) / signals
    return weakened.isEmpty ? points : min(points, scale.maxPoints - 1)
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

/// A `CompiledScenario` built once, on first use, by whichever thread asks first.
final class DeferredCompilation: Sendable {
  private let scenario: Scenario
  private let lexicon: Lexicon
  private let built = Mutex<CompiledScenario?>(nil)

  init(_ scenario: Scenario, lexicon: Lexicon) {
    self.scenario = scenario
    self.lexicon = lexicon
  }

  var isBuilt: Bool { built.withLock { $0 != nil } }

  var compiled: CompiledScenario {
    built.withLock { built in
      if let built { return built }
      let compiled = CompiledScenario(scenario, lexicon: lexicon)
      built = compiled
      return compiled
    }
  }
}
