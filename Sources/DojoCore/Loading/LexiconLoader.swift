internal import Foundation

/// Reads the shared lexicon: one YAML file per language under `lexicon/`
/// (`en.yaml`, `de.yaml`), each `language:` plus `concepts:` mapping names to phrases, and per
/// language a plain list of correctly spelt words that are not typos (`words.en.txt`, one
/// folded word per line, `#` comments; written by `make spelt-words`).
public enum LexiconLoader {
  /// Reads every lexicon file in `directory`; with `languages`, a file whose top-level
  /// `language:` line names another language is skipped unparsed (one without such a line is
  /// read).
  public static func load(directory: String, languages: Set<Language>? = nil) -> (lexicon: Lexicon, diagnostics: [Diagnostic]) {
    var lexicon = Lexicon()
    var diagnostics: [Diagnostic] = []
    let files = ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [])
      .filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted()
    for name in files {
      let path = (directory as NSString).appendingPathComponent(name)
      guard case .success(let text) = TextFile.read(path: path) else {
        diagnostics.append(Diagnostic(.error, .unreadableFile, at: SourceLocation(file: path, line: 1, column: 1), "cannot read lexicon file"))
        continue
      }
      if let languages, let language = ScenarioLibrary.topLevelValue(of: "language", in: text).flatMap(Language.init(rawValue:)),
        !languages.contains(language)
      {
        continue
      }
      let parsed = parse(yaml: text, file: path)
      diagnostics += parsed.diagnostics
      if let language = parsed.language {
        lexicon.concepts[language, default: [:]].merge(parsed.concepts) { _, new in new }
        lexicon.requestConcepts[language, default: []].formUnion(parsed.requests)
      }
    }
    for language in Language.allCases where languages?.contains(language) ?? true {
      let path = (directory as NSString).appendingPathComponent("words.\(language.rawValue).txt")
      guard FileManager.default.fileExists(atPath: path) else { continue }
      guard case .success(let text) = TextFile.read(path: path) else {
        diagnostics.append(Diagnostic(.error, .unreadableFile, at: SourceLocation(file: path, line: 1, column: 1), "cannot read the spelt-word list"))
        continue
      }
      lexicon.speltWords[language] = SpeltWordList(text: text)
    }
    return (lexicon, diagnostics)
  }

  /// The words of a spelt-word list: one per line, blank lines and `#` comments skipped.
  static func parseSpeltWords(_ text: String) -> Set<String> {
    var words: Set<String> = []
    for line in text.split(whereSeparator: \.isNewline) {
      let word = line.trimmingCharacters(in: .whitespaces)
      if !word.isEmpty && !word.hasPrefix("#") { words.insert(word) }
    }
    return words
  }

  /// Parses one lexicon file; `file` names it in diagnostics. Concepts that read cleanly are
  /// returned even when others have errors.
  public static func parse(
    yaml: String, file: String
  ) -> (language: Language?, concepts: [String: [PhrasePattern]], requests: Set<String>, diagnostics: [Diagnostic]) {
    var reader = YAMLReader(file: file)
    guard let root = composeYAML(yaml, file: file, into: &reader.diagnostics),
      let map = reader.mapping(root, "the lexicon")
    else { return (nil, [:], [], reader.diagnostics.items) }
    reader.finish(map, allowed: ["language", "concepts", "requests"])
    guard let languageNode = map["language"] else {
      reader.missing("language", in: map, expected: "en or de")
      return (nil, [:], [], reader.diagnostics.items)
    }
    guard let language = reader.choice(languageNode, "language", Language.allCases.map(\.rawValue), code: .unknownLanguage)
      .flatMap(Language.init(rawValue:))
    else { return (nil, [:], [], reader.diagnostics.items) }
    guard let conceptsNode = map["concepts"] else {
      reader.missing("concepts", in: map, expected: "a mapping of concept names to phrases")
      return (language, [:], [], reader.diagnostics.items)
    }
    guard let concepts = reader.mapping(conceptsNode, "'concepts'") else { return (language, [:], [], reader.diagnostics.items) }
    var result: [String: [PhrasePattern]] = [:]
    for entry in concepts.entries {
      let phrases = reader.patterns(entry.value, "concept '\(entry.key)'")
      // (Only a phrase with an `@` or a `|` can; most have neither, and are not split.)
      if phrases.contains(where: { phrase in
        phrase.text.utf8.contains { $0 == UInt8(ascii: "@") || $0 == UInt8(ascii: "|") }
          && (!phrase.conceptReferences.isEmpty || phrase.alternatives.count > 1)
      }) {
        reader.diagnostics.error(.invalidValue, reader.location(entry.value), "concept '\(entry.key)' refers to another concept; lexicon phrases must be plain text, without @ or |")
      }
      result[entry.key] = phrases
    }
    // `requests: [verify_identity]`: concepts that count only in a question or a request.
    var requests: Set<String> = []
    if let node = map["requests"], let names = reader.strings(node, "'requests'") {
      for name in names {
        if result[name] == nil {
          reader.diagnostics.error(
            .unknownConcept, reader.location(node),
            "'requests' names '\(name)', which is not a concept of this file\(Suggestion.didYouMean(name, result.keys.sorted()))")
        } else {
          requests.insert(name)
        }
      }
    }
    return (language, result, requests, reader.diagnostics.items)
  }
}
