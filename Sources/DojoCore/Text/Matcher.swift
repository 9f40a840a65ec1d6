/// A phrase compiled into vocabulary ids: the content words that must all occur within a
/// small window, in any order.
struct CompiledPhrase: Sendable, Hashable {
  var words: [Int]
  /// The phrase itself contains a negation ("don't worry"), so negation is part of the match.
  var negated: Bool
  var text: String
}

/// One pattern of a rubric entry: a plain phrase, or a lexicon concept with many phrases.
struct CompiledPattern: Sendable, Hashable {
  var source: String
  var alternatives: [CompiledPhrase]
}

/// Evidence patterns compiled for one language.
struct CompiledEvidence: Sendable, Hashable {
  var any: [CompiledPattern]
  var all: [CompiledPattern]
  var none: [CompiledPattern]

  var signalCount: Int { (any.isEmpty ? 0 : 1) + all.count }
  var isEmpty: Bool { any.isEmpty && all.isEmpty && none.isEmpty }
}

/// A reply after analysis: its tokens and, for each vocabulary word, where it occurs.
public struct AnalyzedText: Sendable {
  public let tokens: [Token]
  let positions: [Int: [Int]]
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

  init(language: Language, phrases: [String]) {
    self.language = language
    tokenizer = Tokenizer(language: language)
    var vocabulary: [String: Int] = [:]
    var count = 0
    for phrase in phrases {
      for token in tokenizer.tokenize(phrase) {
        let id = vocabulary[token.stem] ?? vocabulary[token.folded] ?? count
        if id == count { count += 1 }
        vocabulary[token.stem] = vocabulary[token.stem] ?? id
        vocabulary[token.folded] = vocabulary[token.folded] ?? id
      }
    }
    var deletions: [String: [String]] = [:]
    for key in vocabulary.keys where key.count >= Self.typoMinimumLength - 1 {
      for variant in Self.oneDeletions(key) { deletions[variant, default: []].append(key) }
    }
    self.vocabulary = vocabulary
    self.deletions = deletions
  }

  static let typoMinimumLength = 5
  static let compoundMinimumLength = 5

  /// Compiles a phrase into vocabulary ids. Stopwords are dropped unless the phrase has nothing
  /// else.
  func compile(_ phrase: String) -> CompiledPhrase {
    let tokens = tokenizer.tokenize(phrase)
    let content = tokens.filter { !$0.isStopword }
    let chosen = content.isEmpty ? tokens : content
    return CompiledPhrase(
      words: chosen.compactMap { vocabulary[$0.stem] },
      negated: tokens.contains { $0.isNegation },
      text: phrase)
  }

  public func analyze(_ text: String) -> AnalyzedText {
    let tokens = tokenizer.tokenize(text)
    var positions: [Int: [Int]] = [:]
    for (index, token) in tokens.enumerated() {
      for id in matchingWords(token) { positions[id, default: []].append(index) }
    }
    return AnalyzedText(tokens: tokens, positions: positions)
  }

  /// The vocabulary words a text token counts as.
  private func matchingWords(_ token: Token) -> Set<Int> {
    var result: Set<Int> = []
    if let id = vocabulary[token.stem] { result.insert(id) }
    if let id = vocabulary[token.folded] { result.insert(id) }
    for form in Set([token.stem, token.folded]) where form.count >= Self.typoMinimumLength && Double(form) == nil {
      var candidates: [String] = deletions[form] ?? []
      for variant in Self.oneDeletions(form) {
        if vocabulary[variant] != nil { candidates.append(variant) }
        candidates += deletions[variant] ?? []
      }
      for key in candidates where key.count >= Self.typoMinimumLength - 1 && Self.withinOneEdit(key, form) {
        if let id = vocabulary[key] { result.insert(id) }
      }
    }
    let stem = token.stem
    if language == .de, stem.count >= Self.compoundMinimumLength + 2 {
      // German compounds: "Rückerstattungsbetrag" contains "Erstattung" at its start or end.
      let characters = Array(stem)
      for cut in 2...(characters.count - Self.compoundMinimumLength) {
        if let id = vocabulary[String(characters[cut...])] { result.insert(id) }
      }
      for cut in Self.compoundMinimumLength...(characters.count - 2) {
        if let id = vocabulary[String(characters[..<cut])] { result.insert(id) }
      }
    }
    return result
  }

  /// Finds a phrase in analysed text: every content word within a window of
  /// `words + 4` tokens, and no negation before or after it in the same clause
  /// (unless the phrase itself is negated).
  func find(_ phrase: CompiledPhrase, in text: AnalyzedText) -> [Int]? {
    guard !phrase.words.isEmpty else { return nil }
    var lists: [[Int]] = []
    for word in phrase.words {
      guard let list = text.positions[word] else { return nil }
      lists.append(list)
    }
    let window = phrase.words.count + 4
    // Try each occurrence of the rarest word as the anchor.
    let anchorIndex = lists.indices.min { lists[$0].count < lists[$1].count }!
    for anchor in lists[anchorIndex] {
      var chosen: [Int] = []
      var ok = true
      for (index, list) in lists.enumerated() {
        if index == anchorIndex {
          chosen.append(anchor)
          continue
        }
        let nearest = list.min { abs($0 - anchor) < abs($1 - anchor) }!
        chosen.append(nearest)
        if abs(nearest - anchor) >= window { ok = false }
      }
      guard ok, chosen.max()! - chosen.min()! < window else { continue }
      if !phrase.negated, isNegated(first: chosen.min()!, last: chosen.max()!, in: text.tokens) { continue }
      return chosen.sorted()
    }
    return nil
  }

  /// A negation before the phrase (up to three content words) or after it (two content words in
  /// English; in German, where "nicht" and "kein" often close the clause, up to five) in the
  /// same clause.
  private func isNegated(first: Int, last: Int, in tokens: [Token]) -> Bool {
    let clause = tokens[first].clause
    var seen = 0
    var index = first - 1
    while index >= 0, seen < 3, tokens[index].clause == clause {
      if tokens[index].isNegation { return true }
      if !tokens[index].isStopword { seen += 1 }
      index -= 1
    }
    let limit = language == .de ? 5 : 2
    seen = 0
    index = last + 1
    while index < tokens.count, seen < limit, tokens[index].clause == tokens[last].clause {
      if tokens[index].isNegation { return true }
      if !tokens[index].isStopword { seen += 1 }
      index += 1
    }
    return false
  }

  /// The first alternative of a pattern that matches, with the words as typed.
  func match(_ pattern: CompiledPattern, in text: AnalyzedText) -> PhraseMatch? {
    for phrase in pattern.alternatives {
      if let positions = find(phrase, in: text) {
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
