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
  public var speltWords: [Language: Set<String>] = [:]

  public init(
    concepts: [Language: [String: [PhrasePattern]]] = [:], requestConcepts: [Language: Set<String>] = [:],
    speltWords: [Language: Set<String>] = [:]
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
