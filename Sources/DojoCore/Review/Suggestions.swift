/// Learning from leads' overrides: where a lead's rating of a criterion differs from the
/// automatic one, propose a change to the criterion's evidence (or to a lexicon concept), and
/// show which stored sessions — and which conversations of a labelled set — it would flip.
///
/// Pure: built from a scenario, its lexicon and sessions read elsewhere. Proposals are applied
/// to in-memory copies only; nothing here writes a file.

// MARK: - Input

/// A lead's latest rating of one criterion of a stored session.
public struct LeadCriterionRating: Sendable, Hashable {
  public var criterionID: String
  /// Points on the criterion's scale, or nil for N/A.
  public var points: Int?
  /// The automatic points the lead saw (nil for N/A).
  public var autoPoints: Int?
  public var max: Int
  public var comment: String

  public init(criterionID: String, points: Int?, autoPoints: Int?, max: Int, comment: String) {
    self.criterionID = criterionID
    self.points = points
    self.autoPoints = autoPoints
    self.max = max
    self.comment = comment
  }
}

/// A finished session of one scenario with its transcript, its automatic result as played and,
/// when a lead reviewed it, the latest review's ratings.
public struct ReviewedSession: Sendable {
  public var id: Int64
  public var trainee: String
  public var transcript: Transcript
  /// The automatic result as played: its evidence is what the lead saw.
  public var automatic: ScoreResult
  /// Who wrote the latest review (or dispute answer); nil when nobody reviewed it.
  public var reviewer: String?
  /// The latest review's ratings by criterion id.
  public var ratings: [String: LeadCriterionRating]

  public init(
    id: Int64, trainee: String, transcript: Transcript, automatic: ScoreResult, reviewer: String?,
    ratings: [String: LeadCriterionRating]
  ) {
    self.id = id
    self.trainee = trainee
    self.transcript = transcript
    self.automatic = automatic
    self.reviewer = reviewer
    self.ratings = ratings
  }
}

// MARK: - Output

/// The proposals for one scenario.
public struct SuggestionReport: Sendable, Encodable {
  public var scenarioID: String
  public var version: String
  /// The scenario file a proposal on the rubric changes.
  public var path: String
  /// The lexicon file a proposal on a concept changes.
  public var lexiconPath: String
  /// Finished sessions re-scored to count flips.
  public var sessions: Int
  /// Sessions with a lead's review.
  public var reviewed: Int
  /// Criteria where the latest review's rating differs from the automatic one.
  public var overrides: Int
  public var proposals: [Proposal]
  /// Overrides that gave no proposal, and why.
  public var notes: [String]
  /// The evaluation set flips were also counted on, if any.
  public var evaluationSet: String?

  enum CodingKeys: String, CodingKey {
    case version, path, sessions, reviewed, overrides, proposals, notes
    case scenarioID = "scenario_id"
    case lexiconPath = "lexicon_path"
    case evaluationSet = "evaluation_set"
  }

  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(scenarioID, forKey: .scenarioID)
    try c.encode(version, forKey: .version)
    try c.encode(path, forKey: .path)
    try c.encode(lexiconPath, forKey: .lexiconPath)
    try c.encode(sessions, forKey: .sessions)
    try c.encode(reviewed, forKey: .reviewed)
    try c.encode(overrides, forKey: .overrides)
    try c.encode(proposals, forKey: .proposals)
    try c.encode(notes, forKey: .notes)
    try c.encode(evaluationSet, forKey: .evaluationSet)
  }
}

/// One proposed change to a criterion's evidence or to a lexicon concept.
public struct Proposal: Sendable, Encodable {
  public enum Kind: String, Sendable, Encodable {
    /// The lead credited what the scorer did not.
    case missedMeaning = "missed-meaning"
    /// The scorer credited what the lead did not.
    case creditWithoutMeaning = "credit-without-meaning"
  }

  public enum Action: String, Sendable, Encodable {
    case add, replace, remove
  }

  public var number: Int
  public var kind: Kind
  public var criterion: String
  public var criterionName: String
  public var action: Action
  /// The phrase to add, or the phrase that replaces `replaces`; nil when removing.
  public var phrase: String?
  /// The alternative replaced or removed.
  public var replaces: String?
  /// The file to edit by hand.
  public var file: String
  /// Where in that file (`line` 0 when unknown).
  public var list: String
  public var line: Int
  /// The concept changed, when the change is in the lexicon.
  public var concept: String?
  public var reason: String
  /// The overrides the proposal comes from.
  public var overrides: [OverrideEvidence]
  /// Stored sessions whose level of the criterion changes with the proposal applied.
  public var flips: [Flip]
  /// The same on the evaluation set, when one was given.
  public var evaluation: EvaluationImpact?

  enum CodingKeys: String, CodingKey {
    case number, kind, criterion, action, phrase, replaces, file, list, line, concept, reason, overrides, flips, evaluation
    case criterionName = "criterion_name"
  }

  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(number, forKey: .number)
    try c.encode(kind, forKey: .kind)
    try c.encode(criterion, forKey: .criterion)
    try c.encode(criterionName, forKey: .criterionName)
    try c.encode(action, forKey: .action)
    try c.encode(phrase, forKey: .phrase)
    try c.encode(replaces, forKey: .replaces)
    try c.encode(file, forKey: .file)
    try c.encode(list, forKey: .list)
    try c.encode(line, forKey: .line)
    try c.encode(concept, forKey: .concept)
    try c.encode(reason, forKey: .reason)
    try c.encode(overrides, forKey: .overrides)
    try c.encode(flips, forKey: .flips)
    try c.encode(evaluation, forKey: .evaluation)
  }
}

/// A lead's override as a proposal cites it: the ratings, the comment and the trainee's words.
public struct OverrideEvidence: Sendable, Encodable, Hashable {
  public var sessionID: Int64
  public var trainee: String
  public var reviewer: String
  public var lead: Int
  public var automatic: Int
  public var max: Int
  public var comment: String
  /// The trainee's replies in the criterion's scope: `[turn] text`.
  public var replies: [String]
  /// What earned (or cost) the automatic points as played: `turn 2: “words” (pattern)`.
  public var evidence: [String]

  enum CodingKeys: String, CodingKey {
    case trainee, reviewer, lead, automatic, max, comment, replies, evidence
    case sessionID = "session_id"
  }
}

/// A stored session whose level of a criterion a proposal changes.
public struct Flip: Sendable, Encodable, Hashable {
  public enum Direction: String, Sendable, Encodable {
    case towardLead = "toward-lead"
    case awayFromLead = "away-from-lead"
    case noReview = "no-review"
  }

  public var sessionID: Int64
  public var trainee: String
  /// Points with the current scenario, and with the proposal (nil: N/A).
  public var before: Int?
  public var after: Int?
  public var max: Int
  /// The latest lead rating, if any.
  public var lead: Int?
  public var direction: Direction

  enum CodingKeys: String, CodingKey {
    case trainee, before, after, max, lead, direction
    case sessionID = "session_id"
  }

  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(sessionID, forKey: .sessionID)
    try c.encode(trainee, forKey: .trainee)
    try c.encode(before, forKey: .before)
    try c.encode(after, forKey: .after)
    try c.encode(max, forKey: .max)
    try c.encode(lead, forKey: .lead)
    try c.encode(direction, forKey: .direction)
  }
}

/// What a proposal does on a labelled evaluation set (this scenario's conversations only).
public struct EvaluationImpact: Sendable, Encodable, Hashable {
  public var set: String
  /// Labelled conversations of the scenario in the set.
  public var conversations: Int
  /// Conversations whose level of the criterion changes, and how many move toward the label.
  public var flips: Int
  public var towardLabel: Int
  public var awayFromLabel: Int
  /// Cohen's κ (credited / not) over the scenario's items, before and after.
  public var kappaBefore: Double?
  public var kappaAfter: Double?
  /// The same for the criterion alone.
  public var criterionKappaBefore: Double?
  public var criterionKappaAfter: Double?

  enum CodingKeys: String, CodingKey {
    case set, conversations, flips
    case towardLabel = "toward_label"
    case awayFromLabel = "away_from_label"
    case kappaBefore = "kappa_before"
    case kappaAfter = "kappa_after"
    case criterionKappaBefore = "criterion_kappa_before"
    case criterionKappaAfter = "criterion_kappa_after"
  }

  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(set, forKey: .set)
    try c.encode(conversations, forKey: .conversations)
    try c.encode(flips, forKey: .flips)
    try c.encode(towardLabel, forKey: .towardLabel)
    try c.encode(awayFromLabel, forKey: .awayFromLabel)
    try c.encode(kappaBefore, forKey: .kappaBefore)
    try c.encode(kappaAfter, forKey: .kappaAfter)
    try c.encode(criterionKappaBefore, forKey: .criterionKappaBefore)
    try c.encode(criterionKappaAfter, forKey: .criterionKappaAfter)
  }
}

// MARK: - Edits on in-memory copies

/// Which evidence list of a criterion.
public enum EvidenceList: String, Sendable, Hashable {
  case any, all, none
}

/// One change to a scenario's evidence or to the lexicon, applied to copies.
public enum EvidenceEdit: Sendable, Hashable {
  /// Appends a phrase to a criterion's `any` or `none` list.
  case add(criterion: String, list: EvidenceList, phrase: String)
  /// Adds a phrase as another alternative of the criterion's `all` item at `item`.
  case addAlternative(criterion: String, item: Int, phrase: String)
  /// Appends a phrase to a lexicon concept.
  case addToConcept(name: String, phrase: String)
  /// Replaces (or with nil removes) one alternative of one pattern of a criterion's list; a
  /// pattern left without alternatives is removed.
  case replaceAlternative(criterion: String, list: EvidenceList, pattern: Int, alternative: Int, with: String?)
  /// Replaces (or with nil removes) one phrase of a lexicon concept.
  case replaceConceptPhrase(name: String, index: Int, with: String?)

  /// The scenario and lexicon with the edit applied.
  public func applied(to scenario: Scenario, lexicon: Lexicon) -> (Scenario, Lexicon) {
    var scenario = scenario
    var lexicon = lexicon
    let language = scenario.language
    func editSpec(_ criterionID: String, _ body: (inout EvidenceSpec) -> Void) {
      guard let index = scenario.rubric.criteria.firstIndex(where: { $0.id == criterionID }) else { return }
      var spec = scenario.rubric.criteria[index].evidence[language] ?? EvidenceSpec()
      body(&spec)
      scenario.rubric.criteria[index].evidence[language] = spec
    }
    switch self {
    case .add(let criterion, let list, let phrase):
      editSpec(criterion) { spec in
        switch list {
        case .any: spec.any.append(PhrasePattern(phrase))
        case .all: spec.all.append(PhrasePattern(phrase))
        case .none: spec.none.append(PhrasePattern(phrase))
        }
      }
    case .addAlternative(let criterion, let item, let phrase):
      editSpec(criterion) { spec in
        guard spec.all.indices.contains(item) else { return }
        spec.all[item] = PhrasePattern(spec.all[item].alternatives.joined(separator: "|") + "|" + phrase)
      }
    case .addToConcept(let name, let phrase):
      lexicon.concepts[language, default: [:]][name, default: []].append(PhrasePattern(phrase))
    case .replaceAlternative(let criterion, let list, let patternIndex, let alternative, let replacement):
      editSpec(criterion) { spec in
        func edit(_ patterns: inout [PhrasePattern]) {
          guard patterns.indices.contains(patternIndex) else { return }
          var alternatives = patterns[patternIndex].alternatives
          guard alternatives.indices.contains(alternative) else { return }
          if let replacement { alternatives[alternative] = replacement } else { alternatives.remove(at: alternative) }
          if alternatives.isEmpty {
            patterns.remove(at: patternIndex)
          } else {
            patterns[patternIndex] = PhrasePattern(alternatives.joined(separator: "|"))
          }
        }
        switch list {
        case .any: edit(&spec.any)
        case .all: edit(&spec.all)
        case .none: edit(&spec.none)
        }
      }
    case .replaceConceptPhrase(let name, let index, let replacement):
      var phrases = lexicon.concepts[language]?[name] ?? []
      guard phrases.indices.contains(index) else { break }
      if let replacement { phrases[index] = PhrasePattern(replacement) } else { phrases.remove(at: index) }
      lexicon.concepts[language, default: [:]][name] = phrases
    }
    return (scenario, lexicon)
  }
}

// MARK: - Phrase picking

/// Picks phrases from trainee replies: runs of 2–4 content words (stopwords between them kept,
/// never at either end, never a negation), scored by how many replies they match with the
/// scorer's own matcher.
public struct PhrasePicker: Sendable {
  public let language: Language
  let tokenizer: Tokenizer
  /// The lexicon's correctly spelt words, so a probe reads typos as the scorer does.
  let speltWords: SpeltWordList?

  public init(language: Language, speltWords: SpeltWordList? = nil) {
    self.language = language
    self.speltWords = speltWords
    tokenizer = Tokenizer(language: language)
  }

  /// A run of content words in a reply.
  public struct Candidate: Sendable, Hashable {
    /// The words as typed (lower-cased), from the first content word to the last.
    public var text: String
    /// The content words' stems, sorted: equal for the same words in another order.
    public var key: [String]
    public var contentWords: Int
  }

  /// Every run of 2–4 content words of `text` within one clause, leaving out runs with a word
  /// (folded) in `excluding`.
  public func runs(in text: String, excluding: Set<String> = []) -> [Candidate] {
    let tokens = tokenizer.tokenize(text)
    // A word that is partly a negation ("can't" → can, not) is a negation as a whole.
    let negated = tokens.indices.map { index in
      tokens[index].isNegation
        || (index + 1 < tokens.count && tokens[index + 1].surface == tokens[index].surface && tokens[index + 1].isNegation)
        || (index > 0 && tokens[index - 1].surface == tokens[index].surface && tokens[index - 1].isNegation)
    }
    let content = tokens.indices.filter { !tokens[$0].isStopword && !negated[$0] }
    var result: [Candidate] = []
    for (offset, start) in content.enumerated() {
      for length in 2...4 {
        let lastOffset = offset + length - 1
        guard lastOffset < content.count else { break }
        let end = content[lastOffset]
        guard tokens[start].sentence == tokens[end].sentence, tokens[start].clause == tokens[end].clause else { break }
        if (start...end).contains(where: { negated[$0] }) { break }
        let words = content[offset...lastOffset].map { tokens[$0] }
        if words.contains(where: { excluding.contains($0.folded) }) { continue }
        var surfaces: [String] = []
        for index in start...end where surfaces.last != tokens[index].surface.lowercased() {
          surfaces.append(tokens[index].surface.lowercased())
        }
        result.append(Candidate(text: surfaces.joined(separator: " "), key: words.map(\.stem).sorted(), contentWords: length))
      }
    }
    return result
  }

  /// The folded words of a text (to exclude words that already earned evidence).
  public func foldedWords(_ text: String) -> Set<String> {
    Set(tokenizer.tokenize(text).map(\.folded))
  }

  /// The stems of a phrase's content words (all its words when it has no content word).
  public func contentStems(_ phrase: String) -> Set<String> {
    let tokens = tokenizer.tokenize(phrase)
    let content = tokens.filter { !$0.isStopword }
    return Set((content.isEmpty ? tokens : content).map(\.stem))
  }

  /// Whether `phrase`, as a pattern, matches `text` (the scorer's matcher: inflection, typos,
  /// word order within a window, negation).
  public func matches(_ phrase: String, _ text: String) -> Bool {
    Probe(language: language, phrase: phrase, speltWords: speltWords).matches(text)
  }

  /// A phrase compiled once and tried on many texts.
  struct Probe {
    let matcher: PhraseMatcher
    let compiled: CompiledPhrase

    init(language: Language, phrase: String, speltWords: SpeltWordList? = nil) {
      matcher = PhraseMatcher(language: language, phrases: [phrase], speltWords: speltWords)
      compiled = matcher.compile(phrase)
    }

    func matches(_ text: String) -> Bool { matcher.find(compiled, in: matcher.analyze(text)) != nil }
  }

  /// A candidate with how well it fits.
  public struct Ranked: Sendable, Hashable {
    public var candidate: Candidate
    /// Groups (overrides) with a reply it matches.
    public var coverage: Int
    /// Replies to avoid that it matches.
    public var avoidHits: Int
  }

  /// Candidates from `groups` (each the replies of one override), best first: those matching no
  /// reply in `avoid` first, then by the number of groups matched, then the shortest, then fewer
  /// replies to avoid matched, then the order found. `require` keeps only candidates whose
  /// content stems include it (a longer form of a phrase); `exclude` drops runs with those
  /// folded words.
  public func rank(
    groups: [[String]], avoid: [String], require: Set<String> = [], minimumWords: Int = 2, exclude: Set<String> = []
  ) -> [Ranked] {
    var seen: Set<[String]> = []
    var candidates: [Candidate] = []
    for group in groups {
      for reply in group {
        for candidate in runs(in: reply, excluding: exclude)
        where candidate.contentWords >= minimumWords && require.isSubset(of: Set(candidate.key)) && seen.insert(candidate.key).inserted {
          candidates.append(candidate)
        }
      }
    }
    let ranked = candidates.map { candidate in
      let probe = Probe(language: language, phrase: candidate.text, speltWords: speltWords)
      return Ranked(
        candidate: candidate, coverage: groups.filter { $0.contains(where: probe.matches) }.count,
        avoidHits: avoid.filter(probe.matches).count)
    }
    return ranked.enumerated().sorted { a, b in
      let x = a.element, y = b.element
      if (x.avoidHits == 0) != (y.avoidHits == 0) { return x.avoidHits == 0 }
      if x.coverage != y.coverage { return x.coverage > y.coverage }
      if x.candidate.contentWords != y.candidate.contentWords { return x.candidate.contentWords < y.candidate.contentWords }
      if x.avoidHits != y.avoidHits { return x.avoidHits < y.avoidHits }
      return a.offset < b.offset
    }.map(\.element)
  }
}

// MARK: - Suggestions

/// Builds proposals from a scenario's stored sessions and their lead reviews.
public struct Suggestions: Sendable {
  public let scenario: Scenario
  public let lexicon: Lexicon
  /// The lexicon file of the scenario's language, named in proposals on concepts.
  public let lexiconPath: String
  let picker: PhrasePicker
  /// How many of the best-ranked phrases are tried by scoring the overridden sessions again.
  static let phrasesTried = 8

  public init(scenario: Scenario, lexicon: Lexicon, lexiconPath: String) {
    self.scenario = scenario
    self.lexicon = lexicon
    self.lexiconPath = lexiconPath
    picker = PhrasePicker(language: scenario.language, speltWords: lexicon.speltWords[scenario.language])
  }

  /// One override of one criterion, with the session's current-rubric result.
  struct Override {
    var session: ReviewedSession
    var criterion: Criterion
    var rating: LeadCriterionRating
    var lead: Int
    var automatic: Int
    /// The criterion as the current scenario scores the session.
    var current: CriterionResult
    var replies: [(turn: Int, text: String)]

    var credited: Bool { lead > automatic }
  }

  /// A proposal before flips are counted.
  struct Draft {
    var kind: Proposal.Kind
    var criterion: Criterion
    var edit: EvidenceEdit
    var action: Proposal.Action
    var phrase: String?
    var replaces: String?
    var file: String
    var list: String
    var line: Int
    var concept: String?
    var reason: String
    var overrides: [Override]
  }

  /// The proposals for the scenario's sessions; `progress` hears what is being done.
  public func report(
    sessions: [ReviewedSession], evaluation: EvaluationSet? = nil, progress: (String) -> Void = { _ in }
  ) -> SuggestionReport {
    let sessions = sessions.filter { $0.automatic.scenario == scenario.id }.sorted { $0.id < $1.id }
    let base = CompiledScenario(scenario, lexicon: lexicon)
    let baseScorer = Scorer(base)
    progress("scoring \(sessions.count) sessions with the current rubric")
    let baseResults = Dictionary(uniqueKeysWithValues: sessions.map { ($0.id, baseScorer.score($0.transcript)) })
    var notes: [String] = []
    var overrides: [Override] = []
    for session in sessions where session.reviewer != nil {
      for rating in session.ratings.values.sorted(by: { $0.criterionID < $1.criterionID }) {
        guard let lead = rating.points, let automatic = rating.autoPoints, lead != automatic else { continue }
        guard let criterion = scenario.rubric.criterion(rating.criterionID) else {
          let what = rating.criterionID == "escalation" ? "the escalation verdict comes from the hand-off, not from phrases" : "the scenario has no such criterion now"
          notes.append("session \(session.id) · \(rating.criterionID): lead \(lead)/\(rating.max), automatic \(automatic)/\(rating.max) — \(what); no proposal")
          continue
        }
        guard let current = baseResults[session.id]?.criteria.first(where: { $0.id == criterion.id }) else { continue }
        if current.score == lead {
          notes.append(
            "session \(session.id) · \(criterion.id): lead \(lead)/\(rating.max), automatic \(automatic)/\(rating.max) as played — the current version already scores it \(lead)/\(rating.max)")
          continue
        }
        overrides.append(Override(
          session: session, criterion: criterion, rating: rating, lead: lead, automatic: automatic, current: current,
          replies: Self.replies(of: session.transcript, scope: criterion.scope)))
      }
    }
    var drafts: [Draft] = []
    for criterion in scenario.rubric.criteria {
      let mine = overrides.filter { $0.criterion.id == criterion.id }
      let missed = mine.filter(\.credited)
      let unearned = mine.filter { !$0.credited }
      if !missed.isEmpty {
        let (made, skipped) = missedMeaning(criterion, missed, sessions: sessions, base: baseResults)
        drafts += made
        notes += skipped
      }
      if !unearned.isEmpty {
        let (made, skipped) = creditWithoutMeaning(criterion, unearned, sessions: sessions)
        drafts += made
        notes += skipped
      }
    }
    var proposals: [Proposal] = []
    for (index, draft) in drafts.enumerated() {
      progress("proposal \(index + 1)/\(drafts.count): scoring \(sessions.count) sessions")
      let (changedScenario, changedLexicon) = draft.edit.applied(to: scenario, lexicon: lexicon)
      let compiled = CompiledScenario(changedScenario, lexicon: changedLexicon)
      let flips = Self.flips(of: draft.criterion, sessions: sessions, base: baseResults, with: Scorer(compiled))
      proposals.append(Proposal(
        number: index + 1, kind: draft.kind, criterion: draft.criterion.id, criterionName: draft.criterion.name,
        action: draft.action, phrase: draft.phrase, replaces: draft.replaces, file: draft.file, list: draft.list,
        line: draft.line, concept: draft.concept, reason: draft.reason,
        overrides: draft.overrides.map(evidence(of:)), flips: flips,
        evaluation: evaluation.map { Self.impact(on: $0, criterion: draft.criterion.id, base: base, changed: compiled) }))
    }
    return SuggestionReport(
      scenarioID: scenario.id, version: scenario.version, path: scenario.path, lexiconPath: lexiconPath,
      sessions: sessions.count, reviewed: sessions.filter { $0.reviewer != nil }.count, overrides: overrides.count,
      proposals: proposals, notes: notes, evaluationSet: evaluation?.name)
  }

  // MARK: Lead credited, scorer did not

  func missedMeaning(
    _ criterion: Criterion, _ overrides: [Override], sessions: [ReviewedSession], base: [Int64: ScoreResult]
  ) -> ([Draft], [String]) {
    var drafts: [Draft] = []
    var notes: [String] = []
    let spec = criterion.evidence[scenario.language] ?? EvidenceSpec()
    // A forbidden phrase that fired where the lead saw none: narrow it (as for unearned credit).
    let forbidden = overrides.filter { !$0.current.violations.isEmpty }
    if !forbidden.isEmpty {
      let keep = replies(of: criterion, in: sessions) { $0 == 0 }
      let (made, skipped) = narrow(
        criterion, forbidden, evidence: { $0.current.violations }, lists: [.none], keep: keep, kind: .missedMeaning,
        why: "the scorer found a forbidden phrase where the lead saw nothing forbidden")
      drafts += made
      notes += skipped
    }
    // Otherwise a missing signal: the `any` group, else the first `all` item not met.
    var bySlot: [Int: [Override]] = [:]  // -1: any
    for override in overrides where override.current.violations.isEmpty {
      let found = Set(override.current.evidence.map(\.pattern))
      if !spec.any.isEmpty && !spec.any.contains(where: { found.contains($0.text) }) {
        bySlot[-1, default: []].append(override)
      } else if let item = spec.all.indices.first(where: { !found.contains(spec.all[$0].text) }) {
        bySlot[item, default: []].append(override)
      } else {
        notes.append("session \(override.session.id) · \(criterion.id): lead \(override.lead)/\(override.rating.max), but every signal already matched; no proposal")
      }
    }
    let avoid = replies(of: criterion, in: sessions) { $0 == 0 }
    for slot in bySlot.keys.sorted() {
      let group = bySlot[slot] ?? []
      // Words that already earned another signal are not the missing meaning.
      var exclude: Set<String> = []
      if slot >= 0 {
        for override in group { for item in override.current.evidence { exclude.formUnion(picker.foldedWords(item.words.joined(separator: " "))) } }
      }
      let ranked = picker.rank(groups: group.map { $0.replies.map(\.text) }, avoid: avoid, exclude: exclude)
      guard !ranked.isEmpty else {
        notes += group.map {
          "session \($0.session.id) · \(criterion.id): lead credited it, but its replies in scope have no run of 2–4 content words to propose"
        }
        continue
      }
      // Where the phrase goes: a concept the list (or item) uses, else the list itself.
      let target: (edit: (String) -> EvidenceEdit, list: String, line: Int, concept: String?, file: String)
      if slot < 0 {
        if let concept = spec.any.lazy.compactMap({ $0.conceptReferences.first { self.lexicon.hasConcept($0, in: self.scenario.language) } }).first {
          target = ({ .addToConcept(name: concept, phrase: $0) }, "concepts › \(concept)", conceptLine(concept), concept, lexiconPath)
        } else {
          target = ({ .add(criterion: criterion.id, list: .any, phrase: $0) }, listName(criterion, .any), spec.any.first?.line ?? 0, nil, scenario.path)
        }
      } else {
        let item = spec.all[slot]
        if let concept = item.conceptName, lexicon.hasConcept(concept, in: scenario.language) {
          target = ({ .addToConcept(name: concept, phrase: $0) }, "concepts › \(concept)", conceptLine(concept), concept, lexiconPath)
        } else {
          target = (
            { .addAlternative(criterion: criterion.id, item: slot, phrase: $0) }, listName(criterion, .all) + " item \(slot + 1) (\(item.text))",
            item.line, nil, scenario.path
          )
        }
      }
      // Of the best few, the one that turns most of these overrides toward the lead.
      let chosen = best(ranked, edit: target.edit, criterion: criterion, overrides: group)
      let phrase = chosen.ranked.candidate.text
      var reason = "\(Self.leads(group)) credited \(criterion.id) in \(Self.sessions(group)) where the scorer did not"
      reason += slot < 0 ? " (no phrase of the `any` list matched)" : " (the `all` item “\(spec.all[slot].text)” did not match)"
      reason += "; “\(phrase)” is in the replies of \(chosen.ranked.coverage) of \(group.count) override\(group.count == 1 ? "" : "s")"
      reason += avoid.isEmpty ? "" : " and in \(chosen.ranked.avoidHits) of \(avoid.count) repl\(avoid.count == 1 ? "y" : "ies") a lead rated not"
      if let concept = target.concept {
        reason += "; the list uses @\(concept), so the phrase belongs in the concept (every criterion and scenario using @\(concept) gains it)"
      }
      drafts.append(Draft(
        kind: .missedMeaning, criterion: criterion, edit: target.edit(phrase), action: .add, phrase: phrase, replaces: nil,
        file: target.file, list: target.list, line: target.line, concept: target.concept, reason: reason, overrides: group))
    }
    return (drafts, notes)
  }

  // MARK: Scorer credited, lead did not

  func creditWithoutMeaning(_ criterion: Criterion, _ overrides: [Override], sessions: [ReviewedSession]) -> ([Draft], [String]) {
    let spec = criterion.evidence[scenario.language] ?? EvidenceSpec()
    if spec.any.isEmpty && spec.all.isEmpty {
      // A criterion that only forbids: the lead heard something forbidden the list lacks.
      let avoid = replies(of: criterion, in: sessions) { $0 == criterion.scale.maxPoints }
      let ranked = picker.rank(groups: overrides.map { $0.replies.map(\.text) }, avoid: avoid)
      guard !ranked.isEmpty else {
        return ([], overrides.map { "session \($0.session.id) · \(criterion.id): no run of 2–4 content words in its replies to forbid" })
      }
      let edit: (String) -> EvidenceEdit = { .add(criterion: criterion.id, list: .none, phrase: $0) }
      let chosen = best(ranked, edit: edit, criterion: criterion, overrides: overrides)
      let phrase = chosen.ranked.candidate.text
      var reason = "\(Self.leads(overrides)) did not credit \(criterion.id) in \(Self.sessions(overrides))"
        + " although no forbidden phrase matched; “\(phrase)” is in the replies of \(chosen.ranked.coverage) of \(overrides.count) override\(overrides.count == 1 ? "" : "s")"
      reason += avoid.isEmpty ? "" : " and in \(chosen.ranked.avoidHits) of \(avoid.count) repl\(avoid.count == 1 ? "y" : "ies") a lead credited"
      return ([Draft(
        kind: .creditWithoutMeaning, criterion: criterion, edit: edit(phrase), action: .add, phrase: phrase, replaces: nil,
        file: scenario.path, list: listName(criterion, .none), line: spec.none.first?.line ?? 0, concept: nil, reason: reason,
        overrides: overrides)], [])
    }
    let keep = replies(of: criterion, in: sessions) { $0 == criterion.scale.maxPoints }
    return narrow(
      criterion, overrides, evidence: { $0.current.evidence }, lists: [.any, .all], keep: keep, kind: .creditWithoutMeaning,
      why: "the scorer credited it where the lead did not")
  }

  /// Where a pattern alternative that matched sits: in a criterion's list or in a concept.
  struct Culprit: Hashable {
    var list: EvidenceList
    var pattern: Int
    var alternative: Int
    /// Set when the alternative is a concept: the concept and the phrase's index in it.
    var concept: String?
    var conceptIndex: Int
    var phrase: String
  }

  /// Narrows or removes the alternative that earned (or cost) points the lead disagreed with:
  /// a longer phrase containing it that still matches the `keep` replies where it matched and
  /// none of the overridden replies, else no alternative at all.
  func narrow(
    _ criterion: Criterion, _ overrides: [Override], evidence: (Override) -> [Evidence], lists: [EvidenceList],
    keep: [String], kind: Proposal.Kind, why: String
  ) -> ([Draft], [String]) {
    var notes: [String] = []
    var byCulprit: [Culprit: [(Override, String)]] = [:]
    var order: [Culprit] = []
    for override in overrides {
      // The weakest evidence: the one with the fewest words.
      let items = evidence(override).sorted { $0.words.count < $1.words.count }
      var found: (Culprit, String)?
      for item in items {
        guard let reply = override.session.transcript.traineeTurns.first(where: { $0.turn == item.turn })?.text,
          let culprit = culprit(criterion, pattern: item.pattern, lists: lists, reply: reply)
        else { continue }
        found = (culprit, reply)
        break
      }
      guard let (culprit, reply) = found else {
        notes.append("session \(override.session.id) · \(criterion.id): the pattern that earned the points is not in the current version; no proposal")
        continue
      }
      if byCulprit[culprit] == nil { order.append(culprit) }
      byCulprit[culprit, default: []].append((override, reply))
    }
    var drafts: [Draft] = []
    for culprit in order {
      let group = byCulprit[culprit] ?? []
      let offending = group.map(\.1)
      let stillNeeded = keep.filter { picker.matches(culprit.phrase, $0) }
      let required = picker.contentStems(culprit.phrase)
      let ranked = stillNeeded.isEmpty
        ? []
        : picker.rank(groups: stillNeeded.map { [$0] }, avoid: offending, require: required, minimumWords: max(2, required.count + 1))
          .filter { $0.avoidHits == 0 }
      var replacement = ranked.first?.candidate.text
      // A longer phrase the list already has: the alternative can simply go.
      let already = replacement.flatMap { phrase in
        existingPhrases(criterion, culprit.list).first { picker.contentStems($0) == picker.contentStems(phrase) }
      }
      if already != nil { replacement = nil }
      let edit: EvidenceEdit = culprit.concept.map { .replaceConceptPhrase(name: $0, index: culprit.conceptIndex, with: replacement) }
        ?? .replaceAlternative(criterion: criterion.id, list: culprit.list, pattern: culprit.pattern, alternative: culprit.alternative, with: replacement)
      let spec = criterion.evidence[scenario.language] ?? EvidenceSpec()
      let patterns = culprit.list == .any ? spec.any : culprit.list == .all ? spec.all : spec.none
      let pattern = patterns.indices.contains(culprit.pattern) ? patterns[culprit.pattern] : PhrasePattern(culprit.phrase)
      let words = group.flatMap { override, _ in
        evidence(override).filter { $0.pattern == pattern.text }.map { "“\($0.words.joined(separator: " "))”" }
      }
      let what = culprit.concept.map { "the phrase “\(culprit.phrase)” of @\($0)" }
        ?? (pattern.alternatives.count > 1 ? "the alternative “\(culprit.phrase)” of “\(pattern.text)”" : "the phrase “\(culprit.phrase)”")
      var reason = "\(Self.leads(group.map(\.0))) rated \(criterion.id) lower in \(Self.sessions(group.map(\.0))): \(why); "
        + "\(what) matched \(Array(Set(words)).sorted().joined(separator: ", "))"
      if let already {
        reason += "; the list already has the longer “\(already)”, so remove it"
      } else if let replacement {
        reason += "; “\(replacement)” still matches \(ranked.first?.coverage ?? 0) of \(stillNeeded.count) repl\(stillNeeded.count == 1 ? "y" : "ies") a lead rated \(kind == .creditWithoutMeaning ? "full" : "not") where it matched, and none of the overridden ones"
      } else if stillNeeded.isEmpty {
        reason += "; no reply a lead rated \(kind == .creditWithoutMeaning ? "full" : "not") needs it, so remove it"
      } else {
        reason += "; no longer phrase keeps the \(stillNeeded.count) repl\(stillNeeded.count == 1 ? "y" : "ies") a lead rated \(kind == .creditWithoutMeaning ? "full" : "not") without the overridden ones, so remove it"
      }
      if let concept = culprit.concept {
        reason += "; the phrase is in the concept @\(concept), so the change reaches every criterion and scenario using it"
      }
      drafts.append(Draft(
        kind: kind, criterion: criterion, edit: edit, action: replacement == nil ? .remove : .replace, phrase: replacement,
        replaces: culprit.phrase, file: culprit.concept == nil ? scenario.path : lexiconPath,
        list: culprit.concept.map { "concepts › \($0)" } ?? listName(criterion, culprit.list) + (culprit.list == .all ? " item \(culprit.pattern + 1)" : ""),
        line: culprit.concept.map(conceptLine) ?? pattern.line, concept: culprit.concept, reason: reason, overrides: group.map(\.0)))
    }
    return (drafts, notes)
  }

  /// The alternative of the pattern `source` (in one of `lists`) that matches `reply` first, in
  /// the order the scorer tries them (a concept's phrases in the lexicon's order).
  func culprit(_ criterion: Criterion, pattern source: String, lists: [EvidenceList], reply: String) -> Culprit? {
    let spec = criterion.evidence[scenario.language] ?? EvidenceSpec()
    for list in lists {
      let patterns = list == .any ? spec.any : list == .all ? spec.all : spec.none
      guard let index = patterns.firstIndex(where: { $0.text == source }) else { continue }
      for (alternativeIndex, alternative) in patterns[index].alternatives.enumerated() {
        if alternative.hasPrefix("@") {
          let name = String(alternative.dropFirst())
          for (phraseIndex, phrase) in (lexicon.phrases(for: name, in: scenario.language) ?? []).enumerated()
          where picker.matches(phrase.text, reply) {
            return Culprit(
              list: list, pattern: index, alternative: alternativeIndex, concept: name, conceptIndex: phraseIndex, phrase: phrase.text)
          }
        } else if picker.matches(alternative, reply) {
          return Culprit(list: list, pattern: index, alternative: alternativeIndex, concept: nil, conceptIndex: 0, phrase: alternative)
        }
      }
    }
    return nil
  }

  // MARK: Helpers

  /// Every phrase of a criterion's list, concepts spelt out.
  func existingPhrases(_ criterion: Criterion, _ list: EvidenceList) -> [String] {
    let spec = criterion.evidence[scenario.language] ?? EvidenceSpec()
    let patterns = list == .any ? spec.any : list == .all ? spec.all : spec.none
    return patterns.flatMap(\.alternatives).flatMap { alternative in
      alternative.hasPrefix("@")
        ? (lexicon.phrases(for: String(alternative.dropFirst()), in: scenario.language) ?? []).map(\.text) : [alternative]
    }
  }

  /// Of the best-ranked phrases, the one whose edit turns most of `overrides` toward the lead
  /// (the ranking decides ties).
  func best(
    _ ranked: [PhrasePicker.Ranked], edit: (String) -> EvidenceEdit, criterion: Criterion, overrides: [Override]
  ) -> (ranked: PhrasePicker.Ranked, fixed: Int) {
    var best: (ranked: PhrasePicker.Ranked, fixed: Int)?
    for candidate in ranked.prefix(Self.phrasesTried) {
      let (changed, changedLexicon) = edit(candidate.candidate.text).applied(to: scenario, lexicon: lexicon)
      let scorer = Scorer(CompiledScenario(changed, lexicon: changedLexicon))
      let fixed = overrides.filter { override in
        let after = scorer.score(override.session.transcript).criteria.first { $0.id == criterion.id }?.score ?? 0
        return abs(after - override.lead) < abs((override.current.score ?? 0) - override.lead)
      }.count
      if best == nil || fixed > best!.fixed { best = (candidate, fixed) }
      if fixed == overrides.count { break }
    }
    return best ?? (ranked[0], 0)
  }

  /// The trainee's replies (not hand-offs) at the scope's nodes; every reply when the scope is empty.
  static func replies(of transcript: Transcript, scope: [String]) -> [(turn: Int, text: String)] {
    transcript.traineeTurns
      .filter { ($0.action?.kind ?? .reply) == .reply && (scope.isEmpty || scope.contains($0.nodeID)) }
      .map { ($0.turn ?? 0, $0.text) }
  }

  /// In-scope replies of reviewed sessions whose latest lead rating of the criterion satisfies `rated`.
  func replies(of criterion: Criterion, in sessions: [ReviewedSession], rated: (Int) -> Bool) -> [String] {
    sessions.flatMap { session -> [String] in
      guard session.reviewer != nil, let points = session.ratings[criterion.id]?.points, rated(points) else { return [] }
      return Self.replies(of: session.transcript, scope: criterion.scope).map(\.text)
    }
  }

  func listName(_ criterion: Criterion, _ list: EvidenceList) -> String {
    "rubric › \(criterion.id) › evidence › \(scenario.language.rawValue) › \(list.rawValue)"
  }

  func conceptLine(_ concept: String) -> Int {
    lexicon.phrases(for: concept, in: scenario.language)?.first?.line ?? 0
  }

  /// "session 3", "sessions 1 and 2", "sessions 1, 2 and 5".
  static func sessions(_ overrides: [Override]) -> String {
    let ids = overrides.map { String($0.session.id) }
    guard let last = ids.last else { return "no session" }
    return ids.count == 1 ? "session \(last)" : "sessions " + ids.dropLast().joined(separator: ", ") + " and " + last
  }

  static func leads(_ overrides: [Override]) -> String {
    var names: [String] = []
    for override in overrides { if let name = override.session.reviewer, !names.contains(name) { names.append(name) } }
    return names.joined(separator: " and ")
  }

  func evidence(of override: Override) -> OverrideEvidence {
    let played = override.session.automatic.criteria.first { $0.id == override.criterion.id }
    let earned = (played?.evidence ?? []).map { "turn \($0.turn): “\($0.words.joined(separator: " "))” (\($0.pattern))" }
    let forbidden = (played?.violations ?? []).map { "turn \($0.turn): forbidden “\($0.words.joined(separator: " "))” (\($0.pattern))" }
    return OverrideEvidence(
      sessionID: override.session.id, trainee: override.session.trainee, reviewer: override.session.reviewer ?? "",
      lead: override.lead, automatic: override.automatic, max: override.rating.max, comment: override.rating.comment,
      replies: override.replies.map { "[\($0.turn)] \($0.text)" }, evidence: earned + forbidden)
  }

  /// Sessions whose points for the criterion differ between the current scenario and `scorer`.
  static func flips(of criterion: Criterion, sessions: [ReviewedSession], base: [Int64: ScoreResult], with scorer: Scorer) -> [Flip] {
    sessions.compactMap { session in
      let before = base[session.id]?.criteria.first { $0.id == criterion.id }
      let after = scorer.score(session.transcript).criteria.first { $0.id == criterion.id }
      guard let before, let after, before.score != after.score || before.applicable != after.applicable else { return nil }
      let lead = session.reviewer == nil ? nil : session.ratings[criterion.id]?.points
      let direction: Flip.Direction
      if let lead {
        direction = abs((after.score ?? 0) - lead) < abs((before.score ?? 0) - lead) ? .towardLead : .awayFromLead
      } else {
        direction = .noReview
      }
      return Flip(
        sessionID: session.id, trainee: session.trainee, before: before.score, after: after.score, max: after.max, lead: lead,
        direction: direction)
    }
  }

  /// Flips and κ before and after on the set's labelled conversations of this scenario.
  static func impact(on set: EvaluationSet, criterion: String, base: CompiledScenario, changed: CompiledScenario) -> EvaluationImpact {
    let id = base.scenario.id
    let conversations = set.conversations.filter { $0.scenarioID == id && set.labels[$0.id] != nil }
    let subset = EvaluationSet(
      name: set.name, conversations: conversations, labels: set.labels.filter { label in conversations.contains { $0.id == label.key } })
    let before = EvaluationReport(set: subset) { $0 == id ? base : nil }
    let after = EvaluationReport(set: subset) { $0 == id ? changed : nil }
    var flips = 0, toward = 0, away = 0
    let baseScorer = Scorer(base), changedScorer = Scorer(changed)
    for conversation in conversations {
      guard let old = baseScorer.score(conversation.transcript).criteria.first(where: { $0.id == criterion }),
        let new = changedScorer.score(conversation.transcript).criteria.first(where: { $0.id == criterion })
      else { continue }
      let oldLevel = EvaluationReport.level(old), newLevel = EvaluationReport.level(new)
      guard oldLevel != newLevel else { continue }
      flips += 1
      guard let label = set.labels[conversation.id]?.criteria[criterion]?.level else { continue }
      if abs((newLevel ?? 0) - label) < abs((oldLevel ?? 0) - label) { toward += 1 } else { away += 1 }
    }
    func criterionKappa(_ report: EvaluationReport) -> Double? {
      report.scenarios.first?.criteria.first { $0.criterion == criterion }?.figures.kappa
    }
    return EvaluationImpact(
      set: set.name, conversations: conversations.count, flips: flips, towardLabel: toward, awayFromLabel: away,
      kappaBefore: before.scenarios.first?.figures.kappa, kappaAfter: after.scenarios.first?.figures.kappa,
      criterionKappaBefore: criterionKappa(before), criterionKappaAfter: criterionKappa(after))
  }
}
