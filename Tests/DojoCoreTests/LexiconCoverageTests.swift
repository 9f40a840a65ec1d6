import Foundation
import Testing

@testable import DojoCore

/// One line of `Fixtures/phrasings/<language>.tsv`: a sentence written blind by another writer,
/// either a way of saying the concept (`yes`) or something close that must not count
/// (`near-miss`).
struct Phrasing: Sendable {
  var concept: String
  var isYes: Bool
  var sentence: String
  var line: Int

  static func all(_ language: Language) -> [Phrasing] {
    guard let path = try? Fixtures.path("phrasings/\(language.rawValue).tsv"),
      let text = try? String(contentsOfFile: path, encoding: .utf8)
    else { return [] }
    return text.split(separator: "\n", omittingEmptySubsequences: false).enumerated().compactMap { index, line in
      guard !line.hasPrefix("#"), !line.isEmpty else { return nil }
      let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
      guard fields.count == 3, fields[1] == "yes" || fields[1] == "near-miss" else { return nil }
      return Phrasing(concept: fields[0], isYes: fields[1] == "yes", sentence: fields[2], line: index + 1)
    }
  }
}

/// How one concept of the bundled lexicon does on the phrasings of one language.
struct ConceptCoverage: Sendable {
  var concept: String
  var language: Language
  var yes: Int
  var nearMisses: Int
  /// `yes` sentences the concept does not match.
  var missed: [String]
  /// `near-miss` sentences it matches, with the phrase that matched.
  var credited: [String]

  var recall: Double { yes == 0 ? 0 : Double(yes - missed.count) / Double(yes) }
  var nearMissRate: Double { nearMisses == 0 ? 0 : Double(credited.count) / Double(nearMisses) }
}

@Suite("Lexicon coverage of phrasings written blind")
struct LexiconCoverageTests {
  /// Phrasing concept names and the lexicon concepts they stand for.
  static let concepts: [(phrasing: String, lexicon: String)] = [
    ("empathy", "empathy"), ("apology", "apology"), ("ownership", "ownership"), ("checked", "checked"),
    ("verify", "verify_identity"), ("next_steps", "next_steps"), ("refund_promise", "refund_promise"),
    ("refusal", "refusal"), ("blame_customer", "blame_customer"), ("closing", "closing"),
    ("appreciation", "appreciation"), ("criticism", "criticism"),
  ]

  /// Concepts used in `none:` lists: they count only where the trainee asserts them.
  static let assertedOnly: Set<String> = ["refund_promise", "blame_customer", "criticism"]

  static let minimumRecall = 0.85
  static let maximumNearMissRate = 0.15

  /// Matches every phrasing of `language` against its concept from the bundled lexicon.
  static func coverage(_ language: Language, lexicon: Lexicon) -> [ConceptCoverage] {
    let phrasings = Phrasing.all(language)
    return concepts.map { names in
      let phrases = (lexicon.phrases(for: names.lexicon, in: language) ?? []).map(\.text)
      let matcher = PhraseMatcher(language: language, phrases: phrases, speltWords: lexicon.speltWords[language])
      let pattern = CompiledPattern(
        id: 0, source: "@" + names.lexicon, alternatives: phrases.map { matcher.compile($0, requestOnly: lexicon.isRequest(names.lexicon, in: language)) },
        assertedOnly: assertedOnly.contains(names.lexicon))
      let lines = phrasings.filter { $0.concept == names.phrasing }
      var result = ConceptCoverage(
        concept: names.lexicon, language: language, yes: lines.filter(\.isYes).count,
        nearMisses: lines.filter { !$0.isYes }.count, missed: [], credited: [])
      for line in lines {
        let match = phrases.isEmpty ? nil : matcher.match(pattern, in: matcher.analyze(line.sentence))
        if line.isYes, match == nil { result.missed.append("\(line.line): \(line.sentence)") }
        if !line.isYes, let match {
          result.credited.append("\(line.line): \(line.sentence)  [\(match.words.joined(separator: " "))]")
        }
      }
      return result
    }
  }

  @Test("the phrasings fixture has yes lines and near misses for every concept in both languages")
  func fixture() {
    for language in Language.allCases {
      let phrasings = Phrasing.all(language)
      for names in Self.concepts {
        let lines = phrasings.filter { $0.concept == names.phrasing }
        #expect(lines.filter(\.isYes).count >= 30, "\(names.phrasing) \(language.rawValue)")
        #expect(lines.filter { !$0.isYes }.count >= 10, "\(names.phrasing) \(language.rawValue)")
      }
    }
  }

  @Test("every concept finds the phrasings meant and passes over the near misses")
  func coverage() throws {
    let loaded = LexiconLoader.load(directory: LibraryPaths.scenarios + "/lexicon")
    #expect(loaded.diagnostics.isEmpty, "\(loaded.diagnostics)")
    var table = ["concept           lang  recall  near-miss"]
    var results: [ConceptCoverage] = []
    for language in Language.allCases {
      results += Self.coverage(language, lexicon: loaded.lexicon)
    }
    for result in results.sorted(by: { ($0.concept, $0.language.rawValue) < ($1.concept, $1.language.rawValue) }) {
      let name = result.concept.padding(toLength: 18, withPad: " ", startingAt: 0)
      let recall = String(format: "%.2f", result.recall)
      let nearMiss = String(format: "%.2f", result.nearMissRate)
      table.append("\(name)\(result.language.rawValue)    \(recall)    \(nearMiss)")
    }
    print(table.joined(separator: "\n"))
    for result in results {
      #expect(
        result.recall >= Self.minimumRecall,
        "\(result.concept) (\(result.language.rawValue)) misses:\n\(result.missed.joined(separator: "\n"))")
      #expect(
        result.nearMissRate <= Self.maximumNearMissRate,
        "\(result.concept) (\(result.language.rawValue)) credits near misses:\n\(result.credited.joined(separator: "\n"))")
    }
  }
}
