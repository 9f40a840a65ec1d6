import Foundation
import Testing

@testable import DojoCore

/// The phrasings of one language in `Fixtures/phrasings/<language>.tsv`: sentences written
/// blind by other writers, either a way of saying a concept (`yes`) or something close that must
/// not count (`near-miss`).
func phrasings(_ language: Language) throws -> [ConceptPhrasing] {
  let path = try Fixtures.path("phrasings/\(language.rawValue).tsv")
  return try PhrasingCheck.conceptPhrasings(String(contentsOfFile: path, encoding: .utf8), file: path)
}

@Suite("Lexicon coverage of phrasings written blind")
struct LexiconCoverageTests {
  static let concepts = PhrasingCheck.conceptNames
  static let assertedOnly = PhrasingCheck.assertedOnly

  static let minimumRecall = 0.85
  static let maximumNearMissRate = 0.15

  @Test("the phrasings fixture has yes lines and near misses for every concept in both languages")
  func fixture() throws {
    for language in Language.allCases {
      let all = try phrasings(language)
      for names in Self.concepts {
        let lines = all.filter { $0.concept == names.phrasing }
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
    var results: [PhrasingResult] = []
    for language in Language.allCases {
      results += PhrasingCheck.check(try phrasings(language), language: language, lexicon: loaded.lexicon)
    }
    for result in results.sorted(by: { ($0.name, $0.language.rawValue) < ($1.name, $1.language.rawValue) }) {
      let name = result.name.padding(toLength: 18, withPad: " ", startingAt: 0)
      let recall = String(format: "%.2f", result.recall)
      let nearMiss = String(format: "%.2f", result.falseRate)
      table.append("\(name)\(result.language.rawValue)    \(recall)    \(nearMiss)")
    }
    print(table.joined(separator: "\n"))
    for result in results {
      let missed = result.misread.filter(\.meant).map { "\($0.line): \($0.sentence)" }
      let credited = result.misread.filter { !$0.meant }.map { "\($0.line): \($0.sentence)  [\($0.words.joined(separator: " "))]" }
      #expect(result.recall >= Self.minimumRecall, "\(result.name) (\(result.language.rawValue)) misses:\n\(missed.joined(separator: "\n"))")
      #expect(
        result.falseRate <= Self.maximumNearMissRate,
        "\(result.name) (\(result.language.rawValue)) credits near misses:\n\(credited.joined(separator: "\n"))")
    }
  }
}
