import Foundation
import Testing

@testable import DojoCore

/// The system word lists the spelt-word lists are made from (Debian's `wamerican`, `wbritish`
/// and `wngerman`; `make test` installs them).
private let dictionaries: [Language: [String]] = [
  .en: ["/usr/share/dict/american-english", "/usr/share/dict/british-english"],
  .de: ["/usr/share/dict/ngerman"],
]

private let dictionariesInstalled = dictionaries.values.joined().allSatisfy { FileManager.default.fileExists(atPath: $0) }

/// The lexicon's spelt-word lists (`scenarios/lexicon/words.<language>.txt`): every correctly
/// spelt word of the system dictionaries that typo tolerance would otherwise read as a different
/// word of the bundled patterns or lexicon. `make spelt-words` writes them
/// (`DOJO_WRITE_SPELT_WORDS=1`); this suite fails when a pattern change made them stale.
@Suite("Spelt-word lists")
struct SpeltWordsTests {
  @Test("a correctly spelt word is not read as another word one letter away; a typo still is; a different ending still counts")
  func speltWordsAreNoTypos() {
    let matcher = PhraseMatcher(
      language: .en, phrases: ["swamped", "we botched", "proposal"], speltWords: SpeltWordList(words: ["swapped", "both", "proposals"]))
    func matches(_ phrase: String, _ text: String) -> Bool {
      matcher.find(matcher.compile(phrase), in: matcher.analyze(text)) != nil
    }
    #expect(!matches("swamped", "After you've swapped the secret, watch the log."))
    #expect(!matches("we botched", "We sign with both secrets for a day."))
    #expect(matches("swamped", "You must be swampped with tickets."))
    #expect(matches("we botched", "we botched it"))
    #expect(matches("proposal", "Here are my proposals."))
  }

  @Test("German: 'Vorschläge' still reads as 'Vorschlag', 'Kragen' (spelt) is not 'Tragen'")
  func germanEndings() {
    let matcher = PhraseMatcher(language: .de, phrases: ["Vorschlag", "Tragen"], speltWords: SpeltWordList(words: ["vorschlaege", "kragen"]))
    func matches(_ phrase: String, _ text: String) -> Bool {
      matcher.find(matcher.compile(phrase), in: matcher.analyze(text)) != nil
    }
    #expect(matches("Vorschlag", "Ich habe drei Vorschläge."))
    #expect(!matches("Tragen", "Das geht mir an den Kragen."))
    #expect(matches("Tragen", "Das Traegen der Jacke"))
  }

  @Test("the lexicon's spelt-word lists are what the dictionaries and today's patterns give", .enabled(if: dictionariesInstalled))
  func listsAreCurrent() throws {
    let library = ScenarioLibrary.load(paths: [LibraryPaths.scenarios])
    let write = ProcessInfo.processInfo.environment["DOJO_WRITE_SPELT_WORDS"] != nil
    for language in Language.allCases {
      let expected = speltWords(language, library: library)
      let path = LibraryPaths.scenarios + "/lexicon/words.\(language.rawValue).txt"
      if write {
        let header = """
          # Correctly spelt words (folded) one letter away from a word of the bundled patterns or
          # lexicon: typo tolerance does not read them as that word ("swapped" is not "swamped"),
          # unless the two differ only in their last two letters. Written by `make spelt-words`
          # from Debian's word lists; do not edit by hand.

          """
        try (header + expected.sorted().joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        continue
      }
      let stored = LexiconLoader.parseSpeltWords((try? String(contentsOfFile: path, encoding: .utf8)) ?? "")
      let missing = expected.subtracting(stored).sorted(), extra = stored.subtracting(expected).sorted()
      #expect(
        missing.isEmpty && extra.isEmpty,
        "\(path) is stale (run `make spelt-words`): missing \(missing.prefix(10)), not needed \(extra.prefix(10))")
    }
  }

  /// The dictionary words of `language` that typo tolerance would read as a different word of
  /// the library's vocabulary (every pattern of every scenario and every lexicon phrase).
  private func speltWords(_ language: Language, library: ScenarioLibrary) -> Set<String> {
    var phrases: [String] = []
    for scenario in library.scenarios where scenario.language == language {
      phrases += CompiledScenario.everyPhrase(of: scenario, lexicon: library.lexicon)
    }
    for concept in library.lexicon.conceptNames(in: language) {
      phrases += (library.lexicon.phrases(for: concept, in: language) ?? []).map(\.text)
    }
    let matcher = PhraseMatcher(language: language, phrases: phrases)
    let tokenizer = Tokenizer(language: language)
    var result: Set<String> = []
    for path in dictionaries[language] ?? [] {
      guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { continue }
      for line in text.split(whereSeparator: \.isNewline) where !line.contains("'") {
        for part in tokenizer.parts(of: String(line))
        where matcher.typoTargets(of: part).contains(where: { !PhraseMatcher.differOnlyInEnding($0, part) }) {
          result.insert(part.folded)
        }
      }
    }
    return result
  }
}
