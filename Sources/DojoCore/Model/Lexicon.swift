import Synchronization

/// Concepts written once per language ("empathy", "apology", "verify identity") and used by
/// rubric patterns as `@concept`.
public struct Lexicon: Sendable, Hashable, Codable {
  public var concepts: [Language: [String: [PhrasePattern]]]
  /// Concepts whose phrases count only in a question or a request ("could you confirm your
  /// email", "Nennen Sie mir Ihre Kundennummer"), not in a statement ("a confirmation email
  /// will follow"): the lexicon file's `requests:` list.
  public var requestConcepts: [Language: Set<String>] = [:]
  /// Correctly spelt words (folded) one letter away from a pattern word, which typo tolerance
  /// must not read as that word ("swapped" is not "swamped"): the lexicon's `words.<language>.txt`.
  public var speltWords: [Language: SpeltWordList] = [:]

  public init(
    concepts: [Language: [String: [PhrasePattern]]] = [:], requestConcepts: [Language: Set<String>] = [:],
    speltWords: [Language: SpeltWordList] = [:]
  ) {
    self.concepts = concepts
    self.requestConcepts = requestConcepts
    self.speltWords = speltWords
  }

  /// Whether a concept's phrases count only in a question or a request.
  public func isRequest(_ concept: String, in language: Language) -> Bool {
    requestConcepts[language]?.contains(concept) == true
  }

  public func phrases(for concept: String, in language: Language) -> [PhrasePattern]? {
    concepts[language]?[concept]
  }

  public func hasConcept(_ concept: String, in language: Language) -> Bool {
    concepts[language]?[concept] != nil
  }

  /// Concept names known in any language, sorted.
  public func conceptNames(in language: Language) -> [String] {
    (concepts[language] ?? [:]).keys.sorted()
  }
}

/// Correctly spelt words that typo tolerance must not read as a different word (a lexicon's
/// `words.<language>.txt`), parsed on first use: start-up only reads the file, the first typo
/// check of a reply parses it (the console's first customer line needs none).
public final class SpeltWordList: Sendable, Hashable, Codable {
  /// The list as written: one folded word per line, `#` comments.
  public let text: String
  private let words = Mutex<Set<String>?>(nil)

  public init(text: String) { self.text = text }

  public convenience init(words: Set<String>) { self.init(text: words.sorted().joined(separator: "\n")) }

  public func contains(_ word: String) -> Bool {
    words.withLock { parsed in
      if parsed == nil { parsed = LexiconLoader.parseSpeltWords(text) }
      return parsed!.contains(word)
    }
  }

  public static func == (a: SpeltWordList, b: SpeltWordList) -> Bool { a.text == b.text }
  public func hash(into hasher: inout Hasher) { hasher.combine(text) }
  public convenience init(from decoder: any Decoder) throws { self.init(text: try decoder.singleValueContainer().decode(String.self)) }
  public func encode(to encoder: any Encoder) throws {
    var container = encoder.singleValueContainer()
    try container.encode(text)
  }
}
