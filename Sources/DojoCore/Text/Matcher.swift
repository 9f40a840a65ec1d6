import Synchronization

/// A phrase compiled into vocabulary ids: the content words that must all occur within a
/// small window, in any order.
struct CompiledPhrase: Sendable, Hashable {
  var words: [Int]
  /// The words must come from one clause (a short phrase with a possessive, whose words in two
  /// clauses mean something else).
  var oneClause = false
  /// The phrase itself contains a negation ("don't worry"), so negation is part of the match.
  var negated: Bool
  var text: String
  /// The phrase is a question itself ("are you sure", "hast du das gelesen"), so a question
  /// mark does not keep it from counting.
  var isQuestion = false
  /// The phrase asks for something (a request concept's phrase, `@verify_identity`): it counts
  /// only in a question or a request, not in a statement that shares its words.
  var requestOnly = false
  /// `words` with the words fewest phrases use first: the order a quick check that every word
  /// is in a reply looks at them (it stops at the first missing one).
  var checkOrder: [Int] = []
}

/// One pattern of a rubric entry: a plain phrase, or a lexicon concept with many phrases.
struct CompiledPattern: Sendable, Hashable {
  /// Equal sources in one compiled scenario share an id, so a reply is searched for each
  /// pattern once (see `PatternMemo`).
  var id: Int
  var source: String
  let alternatives: [CompiledPhrase]
  /// A forbidden phrase (a promise, a blame): it counts only where the trainee asserts it, not
  /// in a question, a condition, a hedge or reported speech.
  var assertedOnly = false
  /// Every alternative's words in its check order, one after the other, and where each
  /// alternative's words end: plain integers in one array, so the quick check of a concept's
  /// hundreds of phrases touches no reference counts.
  let checkWords: [Int]
  let checkEnds: [Int]

  init(id: Int, source: String, alternatives: [CompiledPhrase], assertedOnly: Bool = false) {
    self.id = id
    self.source = source
    self.alternatives = alternatives
    self.assertedOnly = assertedOnly
    var words: [Int] = [], ends: [Int] = []
    ends.reserveCapacity(alternatives.count)
    for phrase in alternatives {
      words += phrase.checkOrder.count == phrase.words.count ? phrase.checkOrder : phrase.words
      ends.append(words.count)
    }
    checkWords = words
    checkEnds = ends
  }
}

/// The patterns already searched for in one reply, with what was found. Criteria, intents and
/// hand-off facts share lexicon concepts (`@empathy`, `@next_steps`), so without it the same
/// concept is searched for again for every criterion that uses it.
struct PatternMemo {
  /// Per pattern id: `notSearched`, `notFound`, or the index of its match in `matches`.
  /// (Plain integers: arrays of optionals cost a runtime metadata lookup to allocate.)
  private var slots: [Int]
  private var matches: [PhraseMatch] = []
  private static let notSearched = -2
  private static let notFound = -1

  init(patternCount: Int) {
    slots = Array(repeating: Self.notSearched, count: patternCount)
  }

  /// The first alternative of `pattern` that matches `text`, searched once per pattern.
  mutating func match(_ pattern: CompiledPattern, in text: AnalyzedText, using matcher: PhraseMatcher) -> PhraseMatch? {
    guard pattern.id < slots.count else { return matcher.match(pattern, in: text) }
    switch slots[pattern.id] {
    case Self.notFound: return nil
    case Self.notSearched: break
    case let index: return matches[index]
    }
    guard let match = matcher.match(pattern, in: text) else {
      slots[pattern.id] = Self.notFound
      return nil
    }
    slots[pattern.id] = matches.count
    matches.append(match)
    return match
  }

  /// The same for `patterns[index]`, which is looked at only when it was not searched yet.
  mutating func match(_ patterns: [CompiledPattern], at index: Int, in text: AnalyzedText, using matcher: PhraseMatcher) -> PhraseMatch? {
    let id = patterns[index].id
    guard id < slots.count else { return matcher.match(patterns[index], in: text) }
    switch slots[id] {
    case Self.notFound: return nil
    case Self.notSearched: break
    case let found: return matches[found]
    }
    guard let match = matcher.match(patterns[index], in: text) else {
      slots[id] = Self.notFound
      return nil
    }
    slots[id] = matches.count
    matches.append(match)
    return match
  }
}

/// Evidence patterns compiled for one language.
struct CompiledEvidence: Sendable, Hashable {
  var any: [CompiledPattern]
  var all: [CompiledPattern]
  var none: [CompiledPattern]
  /// Phrases that cap the criterion below full marks (see `EvidenceSpec.weak`).
  var weak: [CompiledPattern] = []

  /// The positive signals a full score needs: the `any` group counts once, each `all` item once.
  var signalCount: Int { (any.isEmpty ? 0 : 1) + all.count }
  var isEmpty: Bool { any.isEmpty && all.isEmpty && none.isEmpty && weak.isEmpty }
}

/// A reply after analysis: its tokens and, for each vocabulary word, where it occurs.
public final class AnalyzedText: Sendable {
  public let tokens: [Token]
  /// The vocabulary ids that occur, ascending; `occurrences[starts[i]..<starts[i + 1]]` are the
  /// token positions of `words[i]`. (Sorted arrays, not a dictionary: a reply has a few dozen
  /// words, and a binary search over them is much cheaper than hashing.)
  let words: [Int]
  let starts: [Int]
  let occurrences: [Int]
  /// For each token, how many content words (not stopwords) come before it; phrase windows
  /// are measured in content words, so "the", "to" and numbers' neighbours do not stretch them.
  let contentIndex: [Int]
  /// For each token, what the sentence structure says about it (negated, hypothetical, …).
  let standing: [WordStanding]
  /// For each token, its sentence and clause index (copies of the tokens' own, as plain
  /// integers: reading them from the tokens retains each token's word on every look).
  let sentences: [Int]
  let clauses: [Int]
  /// For each token, whether it is a negation and whether it is a stopword.
  let negations: [Bool]
  let stopwords: [Bool]
  /// One bit per vocabulary id: whether the word occurs (the quick check before a phrase is
  /// searched for).
  let present: WordBits

  /// `pairs` holds one `WordBits.pair(word, position)` per word a token counts as.
  init(tokens: [Token], pairs: [Int], contentIndex: [Int], standing: [WordStanding], present: WordBits) {
    self.tokens = tokens
    self.contentIndex = contentIndex
    self.standing = standing
    self.present = present
    var sentences: [Int] = [], clauses: [Int] = [], negations: [Bool] = [], stopwords: [Bool] = []
    sentences.reserveCapacity(tokens.count)
    clauses.reserveCapacity(tokens.count)
    negations.reserveCapacity(tokens.count)
    stopwords.reserveCapacity(tokens.count)
    for index in tokens.indices {
      sentences.append(tokens[index].sentence)
      clauses.append(tokens[index].clause)
      negations.append(tokens[index].part.isNegation)
      stopwords.append(tokens[index].part.isStopword)
    }
    self.sentences = sentences
    self.clauses = clauses
    self.negations = negations
    self.stopwords = stopwords
    // Word first, then position: one integer each, so a plain integer sort orders them.
    let sorted = pairs.sorted()
    var words: [Int] = [], starts: [Int] = [], occurrences: [Int] = []
    words.reserveCapacity(sorted.count)
    starts.reserveCapacity(sorted.count + 1)
    occurrences.reserveCapacity(sorted.count)
    var previousWord = -1
    for pair in sorted {
      let word = WordBits.word(of: pair)
      if word != previousWord {
        words.append(word)
        starts.append(occurrences.count)
        previousWord = word
      }
      occurrences.append(WordBits.position(of: pair))
    }
    starts.append(occurrences.count)
    self.words = words
    self.starts = starts
    self.occurrences = occurrences
  }

  /// Where the vocabulary word `word` occurs (an empty range when it does not).
  func positions(of word: Int) -> Range<Int> {
    var low = 0, high = words.count
    while low < high {
      let middle = (low + high) / 2
      if words[middle] < word { low = middle + 1 } else { high = middle }
    }
    guard low < words.count, words[low] == word else { return 0..<0 }
    return starts[low]..<starts[low + 1]
  }
}

/// A set of vocabulary ids as bits, and the packing of (word, position) pairs into one integer.
struct WordBits: Sendable {
  private var bits: [UInt64]

  init(vocabularySize: Int) {
    bits = Array(repeating: 0, count: vocabularySize / 64 + 1)
  }

  mutating func insert(_ word: Int) {
    let slot = word >> 6
    if slot >= bits.count { bits += Array(repeating: 0, count: slot + 1 - bits.count) }
    bits[slot] |= 1 << UInt64(word & 63)
  }

  func contains(_ word: Int) -> Bool {
    let slot = word >> 6
    return slot < bits.count && bits[slot] & (1 << UInt64(word & 63)) != 0
  }

  /// A (word, position) pair as one integer that sorts by word, then position.
  static func pair(_ word: Int, _ position: Int) -> Int { word << 32 | position }
  static func word(of pair: Int) -> Int { pair >> 32 }
  static func position(of pair: Int) -> Int { pair & 0xFFFF_FFFF }
}

/// Where a phrase matched, with the words the trainee typed there.
public struct PhraseMatch: Sendable, Hashable, Codable {
  public var pattern: String
  public var words: [String]
}

/// Matches trainee text against phrases in one language. Tolerates case, diacritics, umlaut
/// spellings, inflection (Snowball stems), single typos, German compounds and word order within
/// a window, and rejects matches that are negated in their clause.
///
/// The vocabulary is fixed when the matcher is built: each text word is looked up once and
/// mapped to the vocabulary words it counts as, so scoring cost does not grow with the number
/// of patterns.
public final class PhraseMatcher: Sendable {
  public let language: Language
  let tokenizer: Tokenizer
  /// Stems and folded forms of pattern words, each mapped to its vocabulary id.
  private let vocabulary: [String: Int]
  /// One-deletion variants of vocabulary keys, for typo lookup.
  private let deletions: [String: [String]]
  /// Correctly spelt words (folded) that typo tolerance would otherwise read as another word
  /// (the lexicon's `words.<language>.txt`): "swapped" is not a typo of "swamped".
  private let speltWords: SpeltWordList?

  /// A matcher for `phrases`; `speltWords` are correctly spelt words that must not be read as
  /// a typo of a different word (see `LexiconLoader`).
  init(language: Language, phrases: [String], speltWords: SpeltWordList? = nil) {
    self.language = language
    self.speltWords = speltWords
    tokenizer = Tokenizer(language: language)
    var vocabulary: [String: Int] = [:]
    var count = 0
    var slots: [EntityKind: Int] = [:]
    // How many phrases use each vocabulary id (for the order of the quick check, see
    // `CompiledPhrase.checkOrder`).
    var phraseCounts: [Int] = []
    for phrase in phrases {
      let (words, slotNames) = Self.splitSlots(phrase)
      var used: Set<Int> = []
      for name in slotNames {
        guard let kind = EntityKind(rawValue: name) else { continue }
        if let id = slots[kind] {
          used.insert(id)
          continue
        }
        slots[kind] = count
        vocabulary["{" + name + "}"] = count
        used.insert(count)
        count += 1
      }
      for token in tokenizer.tokenize(words) {
        let id = vocabulary[token.stem] ?? vocabulary[token.folded] ?? count
        if id == count { count += 1 }
        vocabulary[token.stem] = vocabulary[token.stem] ?? id
        vocabulary[token.folded] = vocabulary[token.folded] ?? id
        if let stemID = vocabulary[token.stem] { used.insert(stemID) }
      }
      if phraseCounts.count < count { phraseCounts += Array(repeating: 0, count: count - phraseCounts.count) }
      for id in used { phraseCounts[id] += 1 }
    }
    vocabularySize = count
    self.phraseCounts = phraseCounts
    var deletions: [String: [String]] = [:]
    var longestPart = 0
    for key in vocabulary.keys {
      // A word beyond the limit is only ever matched exactly (see `fuzzyWordLimit`).
      guard let length = Self.fuzzyLength(key) else { continue }
      longestPart = max(longestPart, length)
      guard length >= Self.typoMinimumLength - 1 else { continue }
      for variant in Self.oneDeletions(key) { deletions[variant, default: []].append(key) }
    }
    self.vocabulary = vocabulary
    self.deletions = deletions
    self.longestPart = longestPart
    self.slots = slots
    // The other words of each phrase with a slot: the recognisers run on a reply only when all
    // of some such phrase's words are there (they cost more than the rest of the analysis).
    var triggers: Set<[Int]> = []
    for phrase in phrases where phrase.contains("{") {
      let (words, _) = Self.splitSlots(phrase)
      triggers.insert(tokenizer.tokenize(words).filter { !$0.isStopword }.compactMap { vocabulary[$0.stem] })
    }
    slotTriggers = Array(triggers)
  }

  /// For each phrase with a slot, the vocabulary ids of its other content words (empty for a
  /// phrase that is only a slot, which makes the recognisers run on every reply).
  private let slotTriggers: [[Int]]

  /// How many vocabulary ids there are (ids run from 0 up to it).
  let vocabularySize: Int
  /// Per vocabulary id, how many of the matcher's phrases use it.
  private let phraseCounts: [Int]

  /// The vocabulary id of each typed slot the phrases use (`{time_frame}`, `{amount}`, …).
  /// Recognisers run on a reply only when there is one.
  private let slots: [EntityKind: Int]

  /// A phrase without its `{slot}` words, and the slot names.
  static func splitSlots(_ phrase: String) -> (words: String, slots: [String]) {
    guard phrase.contains("{") else { return (phrase, []) }
    var words: [Substring] = []
    var slots: [String] = []
    for word in phrase.split(separator: " ") {
      if let name = PhrasePattern.slotName(word) { slots.append(name) } else { words.append(word) }
    }
    return (words.joined(separator: " "), slots)
  }

  static let typoMinimumLength = 5
  static let compoundMinimumLength = 5
  /// Words longer than this many letters (in the text or in a pattern) are matched only
  /// exactly: no typo tolerance and no compound splitting. Typo variants and compound parts
  /// cost time with the square of a word's length, and a pasted token or a 50,000-letter
  /// "word" in a product fact must not stall matching. The longest German compounds in real
  /// use stay well below it.
  public static let fuzzyWordLimit = 64

  /// The length in letters of a word that typo tolerance and compound splitting may look at, or
  /// nil beyond `fuzzyWordLimit` (checked on the UTF-8 length first, so a huge word is not
  /// even counted).
  static func fuzzyLength(_ word: String) -> Int? {
    let bytes = word.utf8.count
    if bytes <= fuzzyWordLimit { return bytes == 0 ? 0 : word.count }
    if bytes > fuzzyWordLimit * 4 { return nil }
    let count = word.count
    return count <= fuzzyWordLimit ? count : nil
  }

  /// The length in letters of the longest vocabulary word that can be a compound part or a typo
  /// target; compound splitting never tries a longer part.
  private let longestPart: Int

  /// Compiles a phrase into vocabulary ids. Stopwords are dropped, except in a phrase that
  /// would keep fewer than two words, which only loses its articles.
  func compile(_ phrase: String, requestOnly: Bool = false) -> CompiledPhrase {
    let (words, slotNames) = Self.splitSlots(phrase)
    let slotWords = slotNames.compactMap { EntityKind(rawValue: $0).flatMap { slots[$0] } }
    let tokens = tokenizer.tokenize(words)
    let content = tokens.filter { !$0.isStopword }
    var chosen = content.isEmpty ? tokens : content
    if content.count < 2 && tokens.count >= 2 {
      // "your fault", "Ihr Fehler", "with you": a short phrase keeps its small words (all but
      // articles), or it would shrink to one common word with another meaning.
      let articles = Lexical.articles(language)
      chosen = tokens.filter { !articles.contains($0.folded) }
    }
    // A short phrase with a possessive ("your fault", "Ihr Fehler") is one clause's words:
    // "das war unser Fehler, nicht Ihrer" is not "Ihr Fehler" (but "der Fehler liegt bei uns" is
    // "unser Fehler").
    let possessives = Lexical.possessives(language)
    let oneClause = (2...3).contains(tokens.count) && chosen.count >= 2 && slotWords.isEmpty
      && tokens.contains { possessives.contains($0.folded) }
    let ids = chosen.compactMap { vocabulary[$0.stem] } + slotWords
    // Rarest first (fewest phrases use it; ties in phrase order), so the quick check stops early.
    let checkOrder = ids.indices.sorted { a, b in
      let countA = ids[a] < phraseCounts.count ? phraseCounts[ids[a]] : 0
      let countB = ids[b] < phraseCounts.count ? phraseCounts[ids[b]] : 0
      return countA != countB ? countA < countB : a < b
    }.map { ids[$0] }
    return CompiledPhrase(
      words: ids,
      oneClause: oneClause,
      negated: tokens.contains { $0.isNegation },
      text: phrase,
      isQuestion: phrase.hasSuffix("?") || tokens.first.map { Lexical.questionOpeners(language).contains($0.folded) } == true,
      requestOnly: requestOnly,
      checkOrder: checkOrder)
  }

  public func analyze(_ text: String) -> AnalyzedText {
    let tokens = tokenizer.tokenize(text) { parts(of: $0) }
    var pairs: [Int] = []
    pairs.reserveCapacity(tokens.count * 2)
    var present = WordBits(vocabularySize: vocabularySize)
    var contentIndex: [Int] = []
    contentIndex.reserveCapacity(tokens.count)
    var content = 0
    for index in tokens.indices {
      // (Fields read in place: binding each token to a name copies it, with two reference counts.)
      for id in tokens[index].part.vocabulary {
        pairs.append(WordBits.pair(id, index))
        present.insert(id)
      }
      contentIndex.append(content)
      if !tokens[index].part.isStopword { content += 1 }
    }
    let standing = SentenceStructure.analyze(tokens, language: language)
    if !slots.isEmpty, slotTriggers.contains(where: { words in words.allSatisfy { present.contains($0) } }) {
      // Each word a recogniser found inside a time frame, an amount, … also counts as the slot.
      var first = 0
      for entity in Recognisers.recognise(text, language: language) {
        guard let id = slots[entity.kind] else { continue }
        while first < tokens.count && tokens[first].bytes.upperBound <= entity.bytes.lowerBound { first += 1 }
        var index = first
        while index < tokens.count && tokens[index].bytes.lowerBound < entity.bytes.upperBound {
          pairs.append(WordBits.pair(id, index))
          present.insert(id)
          index += 1
        }
      }
    }
    return AnalyzedText(tokens: tokens, pairs: pairs, contentIndex: contentIndex, standing: standing, present: present)
  }

  /// The tokenizer's parts of a word as typed, each with the vocabulary words it counts as;
  /// remembered, since replies repeat the same words all the time.
  private let wordCache = Mutex<[String: [WordPart]]>([:])

  private func parts(of surface: String) -> [WordPart] {
    if let cached = wordCache.withLock({ $0[surface] }) { return cached }
    let parts = tokenizer.parts(of: surface).map { $0.with(vocabulary: Array(computeMatchingWords($0)).sorted()) }
    wordCache.withLock { cache in
      if cache.count > 100_000 { cache.removeAll(keepingCapacity: true) }
      cache[surface] = parts
    }
    return parts
  }

  private func computeMatchingWords(_ token: WordPart) -> Set<Int> {
    var result: Set<Int> = []
    if let id = vocabulary[token.stem] { result.insert(id) }
    if let id = vocabulary[token.folded] { result.insert(id) }
    // Typos: never for numbers ("29.90" is not "39.90") or negations ("nicht" is not "nachts"),
    // and a correctly spelt word is no typo of a word it differs from before its ending.
    if !token.isNegation {
      let spelt = speltWords?.contains(token.folded) ?? false
      for key in typoTargets(of: token) where !spelt || Self.differOnlyInEnding(key, token) {
        if let id = vocabulary[key] { result.insert(id) }
      }
    }
    let stem = token.stem
    if language == .de, let length = Self.fuzzyLength(stem), length >= Self.compoundMinimumLength + 2,
      longestPart >= Self.compoundMinimumLength, !Lexical.germanNonCompounds.contains(where: { stem.hasPrefix($0) })
    {
      // German compounds: "Rückerstattungsbetrag" contains "Erstattung". Parts at the start or
      // the end of the word count from five letters, parts inside it from six. No part is
      // longer than the longest vocabulary word.
      let characters = Array(stem)
      for start in 0...(characters.count - Self.compoundMinimumLength) {
        let longest = min(characters.count, start + longestPart)
        guard start + Self.compoundMinimumLength <= longest else { continue }
        for end in (start + Self.compoundMinimumLength)...longest where start > 0 || end < characters.count {
          let inner = start > 0 && end < characters.count
          if inner && end - start <= Self.compoundMinimumLength { continue }
          if let id = vocabulary[String(characters[start..<end])] { result.insert(id) }
        }
      }
    }
    return result
  }

  /// The vocabulary words one edit away from a word as typed (its stem or its folded form),
  /// which typo tolerance reads it as: never for numbers ("29.90" is not "39.90"), negations
  /// or the common words that are never typos (`Lexical.exactWords`).
  func typoTargets(of token: WordPart) -> Set<String> {
    var targets: Set<String> = []
    let negations = Lexical.negations(language), exact = Lexical.exactWords(language)
    for form in Set([token.stem, token.folded]) {
      // One edit changes the length by at most one letter, so a form longer than the longest
      // vocabulary word plus one can have no typo match (and is never split into variants).
      guard let length = Self.fuzzyLength(form), length >= Self.typoMinimumLength - 1, length <= longestPart + 1,
        Double(form) == nil, !exact.contains(form)
      else { continue }
      var candidates: [String] = deletions[form] ?? []
      for variant in Self.oneDeletions(form) {
        if vocabulary[variant] != nil { candidates.append(variant) }
        candidates += deletions[variant] ?? []
      }
      for key in candidates
      where key.count >= Self.typoMinimumLength && !negations.contains(key) && !exact.contains(key) && Self.withinOneEdit(key, form) {
        targets.insert(key)
      }
    }
    return targets
  }

  /// Whether a correctly spelt word may still count as `key`: the two share all but their last
  /// two letters, and at least four ("Vorschläge" as "Vorschlag", "ändere" as "ändern"; not
  /// "swapped" as "swamped" or "both" as "botched"). Compared on the form that is one edit
  /// from `key` (stem or folded).
  static func differOnlyInEnding(_ key: String, _ token: WordPart) -> Bool {
    for form in [token.stem, token.folded] where withinOneEdit(key, form) {
      let a = Array(key.utf8), b = Array(form.utf8)
      var common = 0
      while common < min(a.count, b.count) && a[common] == b[common] { common += 1 }
      if common >= max(4, max(a.count, b.count) - 2) { return true }
    }
    return false
  }

  /// Finds a phrase in analysed text: every word in one sentence, within a window of
  /// `words + 2` content words, and not negated in that clause (unless the phrase itself is).
  func find(_ phrase: CompiledPhrase, in text: AnalyzedText, assertedOnly: Bool = false) -> [Int]? {
    guard !phrase.words.isEmpty else { return nil }
    // Cheapest test first: every word must occur somewhere. (No arrays are built until a match
    // is found: this runs for every phrase of every pattern on every reply.)
    var rarest = 0..<0
    for word in phrase.words {
      let range = text.positions(of: word)
      if range.isEmpty { return nil }
      if rarest.isEmpty || range.count < rarest.count { rarest = range }
    }
    let window = phrase.words.count + 2
    let content = text.contentIndex
    let occurrences = text.occurrences
    anchors: for anchor in occurrences[rarest] {
      // All words of a phrase come from one sentence, nearest to the anchor.
      let sentence = text.sentences[anchor]
      var first = anchor, last = anchor
      for word in phrase.words {
        guard let nearest = nearest(word, to: anchor, inSentence: sentence, in: text) else { continue anchors }
        first = min(first, nearest)
        last = max(last, nearest)
      }
      guard content[last] - content[first] < window else { continue }
      if !phrase.negated, isNegated(first: first, last: last, in: text) { continue }
      let nearestPositions = phrase.words.map { nearest($0, to: anchor, inSentence: sentence, in: text)! }
      // A forbidden phrase is one clause's words too: "I've read your case, you won't need to"
      // does not say "you caused".
      if (phrase.oneClause || assertedOnly && phrase.words.count >= 2),
        nearestPositions.contains(where: { text.clauses[$0] != text.clauses[nearestPositions[0]] })
      {
        continue
      }
      let positions = nearestPositions.sorted()
      if !stands(positions, in: text, phrase: phrase, assertedOnly: assertedOnly) { continue }
      return positions
    }
    return nil
  }

  /// Whether the sentence structure lets a match count: not under a wider negation (unless the
  /// phrase carries its own), not under a negated promise, not a feeling of the trainee's own;
  /// for a forbidden phrase also not in a question, condition, hedge or reported speech.
  private func stands(_ positions: [Int], in text: AnalyzedText, phrase: CompiledPhrase, assertedOnly: Bool) -> Bool {
    var blocking: WordStanding = [.ownFeeling, .deniedPromise]
    if !phrase.negated { blocking.insert(.negated) }
    if assertedOnly { blocking.insert(.hypothetical) }
    if assertedOnly && !phrase.isQuestion { blocking.insert(.question) }
    for position in positions where !text.standing[position].isDisjoint(with: blocking) { return false }
    if phrase.requestOnly && !positions.contains(where: { text.standing[$0].contains(.request) }) { return false }
    return true
  }

  /// The occurrence of a vocabulary word nearest to `anchor` within one sentence (the earlier
  /// one on a tie). A binary search: positions are ascending and sentences never go back, so
  /// only the occurrences right before and right after the anchor can be the nearest. (A scan
  /// made a reply that repeats one word many times quadratic.)
  private func nearest(_ word: Int, to anchor: Int, inSentence sentence: Int, in text: AnalyzedText) -> Int? {
    let range = text.positions(of: word)
    let occurrences = text.occurrences
    var low = range.lowerBound, high = range.upperBound
    while low < high {
      let middle = (low + high) / 2
      if occurrences[middle] < anchor { low = middle + 1 } else { high = middle }
    }
    var nearest: Int?
    if low > range.lowerBound, text.sentences[occurrences[low - 1]] == sentence { nearest = occurrences[low - 1] }
    if low < range.upperBound, text.sentences[occurrences[low]] == sentence {
      let after = occurrences[low]
      if nearest == nil || after - anchor < anchor - nearest! { nearest = after }
    }
    return nearest
  }

  /// Whether a match is negated in its clause: a negation among its words ("I don't
  /// understand"), up to three content words before it ("we can't offer a refund"), or after it
  /// — in English only as "is not" / "will not be" ("a refund is not possible"), in German up to
  /// three content words on ("das erstatten wir Ihnen leider nicht"), where "nicht" and "kein"
  /// often close the clause.
  private func isNegated(first: Int, last: Int, in text: AnalyzedText) -> Bool {
    let clauses = text.clauses, negations = text.negations, stopwords = text.stopwords
    let clause = clauses[first]
    var inside = first
    while inside <= last {
      if negations[inside] && clauses[inside] == clause { return true }
      inside += 1
    }
    var seen = 0
    var index = first - 1
    // "There's no way we can refund that": "no way", "no chance" negate the whole clause after them.
    if language == .en {
      var before = first - 1
      while before > 0, clauses[before] == clause, clauses[before - 1] == clause {
        if Lexical.englishNegatedNouns.contains(text.tokens[before].folded), text.tokens[before - 1].folded == "no" { return true }
        before -= 1
      }
    }
    // English: "a renewal you weren't expecting is annoying". A copula with only other verbs and
    // their objects between it and a "not" before it heads a clause of its own: the "not" ends
    // with its verb. Not after a verb that carries a negation into what it says ("I don't
    // think it is fair", "not sure a refund is possible").
    var copulaPassed = false, wordsSinceCopula = 0, carrierSinceCopula = false
    while index >= 0, seen < 3, clauses[index] == clause {
      // "without"/"ohne" negate the word right after them ("without warning"), not the clause;
      // "if not" / "falls nicht" stands for "otherwise" and negates nothing after it ("if not
      // just reply quoting the ticket").
      // "Ohne das dauert es länger": a pronoun is the whole object of "ohne" (a German verb after
      // it is written small), so what follows is not negated.
      let pronounObject = Lexical.objectNegations.contains(text.tokens[index].folded) && index + 2 == first
        && Lexical.pronounObjects.contains(text.tokens[index + 1].folded)
        && (language == .en || text.tokens[first].surface.first?.isLowercase == true)
      if negations[index], language == .en, copulaPassed, wordsSinceCopula > 0, !carrierSinceCopula,
        Lexical.englishVerbNegations.contains(text.tokens[index].folded),
        !isPseudoCleft(before: index, clause: clause, in: text)
      {
        return false
      }
      // "… nicht ok, und ich kümmere mich drum": a new subject after "und"/"and" starts a clause
      // the "nicht" before it does not reach.
      if Lexical.isCoordinatedSubject(at: index, in: text, language: language) { break }
      // "no" negates the noun after it ("no refund"), not the verb further on ("with no
      // explanation would alarm me"; "no way" and "no chance" are read above).
      let determinerOnly = language == .en && text.tokens[index].folded == "no" && seen > 0
        && !(index + 1 < first && Lexical.englishNegatedNouns.contains(text.tokens[index + 1].folded))
        && ((index + 1)..<first).contains { Lexical.englishVerbsAfterSubject.contains(text.tokens[$0].folded) }
      if negations[index] && !determinerOnly && (seen == 0 || !Lexical.objectNegations.contains(text.tokens[index].folded)) && !pronounObject
        && !(index > 0 && index + 1 < first && clauses[index - 1] == clause
          && Lexical.ellipticNegationOpeners.contains(text.tokens[index - 1].folded))
      {
        return true
      }
      if language == .en {
        let word = text.tokens[index].folded
        if Lexical.englishCopulas.contains(word) {
          copulaPassed = true
        } else if copulaPassed, !negations[index] {
          if Lexical.englishNegationCarriers.contains(word) { carrierSinceCopula = true }
          if !stopwords[index] { wordsSinceCopula += 1 }
        }
      }
      if !stopwords[index] { seen += 1 }
      index -= 1
    }
    let clauseAfter = clauses[last]
    switch language {
    case .en:
      // The first words after the phrase in its clause, skipping adverbs: "is (unfortunately) not".
      var picked = (0, 0, 0)
      var count = 0
      var index = last + 1
      while index < clauses.count, index <= last + 4, count < 3, clauses[index] == clauseAfter {
        if !Lexical.englishAdverbs.contains(text.tokens[index].folded) {
          switch count {
          case 0: picked.0 = index
          case 1: picked.1 = index
          default: picked.2 = index
          }
          count += 1
        }
        index += 1
      }
      guard count >= 2 else { return false }
      let first = text.tokens[picked.0].folded, second = text.tokens[picked.1].folded
      if Lexical.englishCopulas.contains(first), Lexical.englishNegations.contains(second), second != "without" { return true }
      if count >= 3, Lexical.englishModals.contains(first), second == "not", text.tokens[picked.2].folded == "be" { return true }
      return false
    case .de:
      // German puts "nicht" late after a verb: "auszahlen lassen kann ich sie dir selbst leider
      // nicht". After a noun ("die neun Anrufe … zählen nicht") only the next few words.
      let afterVerb = text.tokens[last].surface.first?.isLowercase == true
      // A phrase at the front of its clause (only small words before it: "Einen festen Termin …")
      // is the object the verb of the clause governs, however late its "nicht" comes: "Einen
      // festen Termin für die Reparatur kann ich Ihnen heute noch nicht nennen".
      var fronted = true
      var before = first - 1
      while before >= 0, clauses[before] == clause {
        if !stopwords[before] { fronted = false; break }
        before -= 1
      }
      seen = 0
      index = last + 1
      let reach = fronted ? 10 : afterVerb ? 6 : 3
      while index < clauses.count, seen < reach, clauses[index] == clauseAfter {
        if Lexical.isCoordinatedSubject(at: index, in: text, language: language) { break }
        if negations[index] && !Lexical.germanForwardOnlyNegations.contains(text.tokens[index].folded) { return true }
        if !stopwords[index] { seen += 1 }
        index += 1
      }
      return false
    }
  }

  /// "What I can't do is cover the lost takings": the "not" of a "what" clause is about what
  /// follows its "is".
  private func isPseudoCleft(before negation: Int, clause: Int, in text: AnalyzedText) -> Bool {
    var index = negation - 1
    while index >= 0, text.clauses[index] == clause {
      if text.tokens[index].folded == "what" { return true }
      index -= 1
    }
    return false
  }

  /// The first alternative of a pattern that matches, with the words as typed.
  func match(_ pattern: CompiledPattern, in text: AnalyzedText) -> PhraseMatch? {
    let present = text.present, checkWords = pattern.checkWords, checkEnds = pattern.checkEnds
    var start = 0
    for alternative in checkEnds.indices {
      // The quick check: every word of the phrase occurs somewhere in the reply (most phrases
      // of a concept fail it on their first word).
      let end = checkEnds[alternative]
      var index = start
      while index < end && present.contains(checkWords[index]) { index += 1 }
      let allPresent = start < end && index == end
      start = end
      guard allPresent else { continue }
      if let positions = find(pattern.alternatives[alternative], in: text, assertedOnly: pattern.assertedOnly) {
        var words: [String] = []
        for position in positions where words.last != text.tokens[position].surface {
          words.append(text.tokens[position].surface)
        }
        return PhraseMatch(pattern: pattern.source, words: words)
      }
    }
    return nil
  }

  static func oneDeletions(_ word: String) -> [String] {
    let characters = Array(word)
    return characters.indices.map { index in
      var copy = characters
      copy.remove(at: index)
      return String(copy)
    }
  }

  /// Optimal string alignment distance ≤ 1 (one insertion, deletion, substitution or swap).
  static func withinOneEdit(_ a: String, _ b: String) -> Bool {
    let a = Array(a), b = Array(b)
    if abs(a.count - b.count) > 1 { return false }
    if a == b { return true }
    if a.count == b.count {
      let differences = a.indices.filter { a[$0] != b[$0] }
      if differences.count == 1 { return true }
      if differences.count == 2, differences[1] == differences[0] + 1 {
        return a[differences[0]] == b[differences[1]] && a[differences[1]] == b[differences[0]]
      }
      return false
    }
    let (short, long) = a.count < b.count ? (a, b) : (b, a)
    var i = 0, j = 0, skipped = false
    while i < short.count && j < long.count {
      if short[i] == long[j] {
        i += 1
        j += 1
      } else {
        if skipped { return false }
        skipped = true
        j += 1
      }
    }
    return true
  }
}
