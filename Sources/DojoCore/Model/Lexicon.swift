/// Concepts written once per language ("empathy", "apology", "verify identity") and used by
/// rubric patterns as `@concept`.
public struct Lexicon: Sendable, Hashable, Codable {
  public var concepts: [Language: [String: [PhrasePattern]]]

  public init(concepts: [Language: [String: [PhrasePattern]]] = [:]) {
    self.concepts = concepts
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
