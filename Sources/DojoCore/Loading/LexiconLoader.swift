internal import Foundation
internal import Yams

/// Reads the shared lexicon: one YAML file per language under `lexicon/`
/// (`en.yaml`, `de.yaml`), each `language:` plus `concepts:` mapping names to phrases.
public enum LexiconLoader {
  public static func load(directory: String) -> (lexicon: Lexicon, diagnostics: [Diagnostic]) {
    var lexicon = Lexicon()
    var bag = DiagnosticBag()
    let files = ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [])
      .filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted()
    for name in files {
      let path = (directory as NSString).appendingPathComponent(name)
      guard case .success(let text) = TextFile.read(path: path) else {
        bag.error(.unreadableFile, SourceLocation(file: path, line: 1, column: 1), "cannot read lexicon file")
        continue
      }
      var reader = YAMLReader(file: path)
      defer { bag.append(contentsOf: reader.diagnostics.items) }
      guard let root = composeYAML(text, file: path, into: &reader.diagnostics),
        let map = reader.mapping(root, "the lexicon")
      else { continue }
      reader.finish(map, allowed: ["language", "concepts"])
      guard let languageNode = map["language"] else {
        reader.missing("language", in: map, expected: "en or de")
        continue
      }
      guard let language = reader.choice(languageNode, "language", Language.allCases.map(\.rawValue), code: .unknownLanguage)
        .flatMap(Language.init(rawValue:))
      else { continue }
      guard let conceptsNode = map["concepts"] else {
        reader.missing("concepts", in: map, expected: "a mapping of concept names to phrases")
        continue
      }
      guard let concepts = reader.mapping(conceptsNode, "'concepts'") else { continue }
      for entry in concepts.entries {
        let phrases = reader.patterns(entry.value, "concept '\(entry.key)'")
        if phrases.contains(where: { !$0.conceptReferences.isEmpty || $0.alternatives.count > 1 }) {
          reader.diagnostics.error(.invalidValue, reader.location(entry.value), "concept '\(entry.key)' refers to another concept; lexicon phrases must be plain text, without @ or |")
        }
        lexicon.concepts[language, default: [:]][entry.key] = phrases
      }
    }
    return (lexicon, bag.items)
  }
}
