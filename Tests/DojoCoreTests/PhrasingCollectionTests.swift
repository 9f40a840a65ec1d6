import Foundation
import Testing

@testable import DojoCore

/// The second blind phrasing collection (`Fixtures/phrasings-2026-12-06`): what the lexicon and
/// the critical criteria read of sentences written blind, kept as floors. The `heldout-` halves
/// were never read by anyone tuning; their figures say what tuning on the `dev-` halves carried
/// over.
@Suite("Blind phrasing collection of 2026-12-06")
struct PhrasingCollectionTests {
  private static let library = ScenarioLibrary.load(paths: [LibraryPaths.scenarios])

  /// A file, the least share of its sentences meant that must be read, and the most share of its
  /// near misses (or broken replies) that may be read.
  struct Floor: Sendable, CustomTestStringConvertible {
    var file: String
    var language: Language?
    var minimumRead: Double
    var maximumWronglyRead: Double
    var testDescription: String { file }
  }

  static let floors = [
    Floor(file: "dev-en.tsv", language: .en, minimumRead: 0.91, maximumWronglyRead: 0.16),
    Floor(file: "dev-de.tsv", language: .de, minimumRead: 0.88, maximumWronglyRead: 0.12),
    Floor(file: "heldout-en.tsv", language: .en, minimumRead: 0.57, maximumWronglyRead: 0.14),
    Floor(file: "heldout-de.tsv", language: .de, minimumRead: 0.63, maximumWronglyRead: 0.21),
    Floor(file: "dev-critical.jsonl", language: nil, minimumRead: 0.97, maximumWronglyRead: 0.61),
    Floor(file: "heldout-critical.jsonl", language: nil, minimumRead: 0.96, maximumWronglyRead: 0.59),
  ]

  @Test("the lexicon and the critical criteria keep what they read of the blind collection", arguments: floors)
  func keepsFloor(_ floor: Floor) throws {
    let path = try Fixtures.path("phrasings-2026-12-06/\(floor.file)")
    let text = try String(contentsOfFile: path, encoding: .utf8)
    let results: [PhrasingResult]
    if let language = floor.language {
      results = PhrasingCheck.check(
        try PhrasingCheck.conceptPhrasings(text, file: path), language: language, lexicon: Self.library.lexicon)
    } else {
      results = try PhrasingCheck.check(try PhrasingCheck.criterionPhrasings(text, file: path), file: path) { id in
        Self.library.scenario(id).map { CompiledScenario($0, lexicon: Self.library.lexicon) }
      }
    }
    let meant = results.reduce(0) { $0 + $1.shouldCount }, read = results.reduce(0) { $0 + $1.counted }
    let near = results.reduce(0) { $0 + $1.shouldNotCount }, wrong = results.reduce(0) { $0 + $1.wronglyCounted }
    #expect(meant > 0 && near > 0)
    #expect(Double(read) / Double(meant) >= floor.minimumRead, "\(read) of \(meant)")
    #expect(Double(wrong) / Double(near) <= floor.maximumWronglyRead, "\(wrong) of \(near)")
  }
}
