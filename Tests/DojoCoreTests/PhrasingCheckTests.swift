import Foundation
import Testing

@testable import DojoCore

/// `dojo eval phrasings`: sentences written blind, read against the lexicon's concepts or a
/// scenario's criteria.
@Suite("Phrasing check")
struct PhrasingCheckTests {
  private static let library = ScenarioLibrary.load(paths: [LibraryPaths.scenarios])

  private func text(_ name: String) throws -> (String, String) {
    let path = try Fixtures.path("phrasings-check/\(name)")
    return (try String(contentsOfFile: path, encoding: .utf8), path)
  }

  @Test("a concept file is read sentence by sentence: what was meant and missed, what was near and read")
  func concepts() throws {
    let (content, path) = try text("en.tsv")
    let results = PhrasingCheck.check(
      try PhrasingCheck.conceptPhrasings(content, file: path), language: .en, lexicon: Self.library.lexicon)
    #expect(results.map(\.name) == ["empathy"])
    let empathy = try #require(results.first)
    #expect(empathy.shouldCount == 2 && empathy.counted == 1)
    #expect(empathy.shouldNotCount == 2 && empathy.wronglyCounted == 0)
    #expect(empathy.misread.map(\.line) == [2])
    #expect(empathy.misread.first?.meant == true)
  }

  @Test("a criterion file reads each reply on its own; a forbidden promise let through counts as read wrongly")
  func criteria() throws {
    let (content, path) = try text("criteria.jsonl")
    let results = try PhrasingCheck.check(try PhrasingCheck.criterionPhrasings(content, file: path), file: path) { id in
      Self.library.scenario(id).map { CompiledScenario($0, lexicon: Self.library.lexicon) }
    }
    #expect(results.map(\.name) == ["l1-unexpected-charge:no_false_promise", "l1-unexpected-charge:empathy"])
    let promise = results[0]
    #expect(promise.shouldCount == 1 && promise.counted == 1)
    // The first broken reply is caught; the second breaks nothing the criterion forbids and is
    // read as keeping it, which is the file's point: it shows what the criterion lets through.
    #expect(promise.shouldNotCount == 2 && promise.wronglyCounted == 1)
    #expect(promise.misread.map(\.line) == [2])
    #expect(results[1].counted == 1)
  }

  @Test(
    "a file that cannot be read is an error at its line",
    arguments: [
      ("missing-field.tsv", 3, "expected three tab-separated fields"),
      ("bad-label.tsv", 2, "the second field is 'maybe'"),
      ("bad-label.jsonl", 1, "label 'yes'"),
      ("unknown-criterion.jsonl", 2, "has no criterion 'no_such'"),
    ])
  func errors(_ name: String, _ line: Int, _ message: String) throws {
    let (content, path) = try text(name)
    let error = #expect(throws: PhrasingFileError.self) {
      if name.hasSuffix(".tsv") {
        _ = try PhrasingCheck.conceptPhrasings(content, file: path)
      } else {
        _ = try PhrasingCheck.check(try PhrasingCheck.criterionPhrasings(content, file: path), file: path) { id in
          Self.library.scenario(id).map { CompiledScenario($0, lexicon: Self.library.lexicon) }
        }
      }
    }
    #expect(error?.line == line)
    #expect(error?.description.hasPrefix("\(path):\(line): ") == true)
    #expect(error?.description.contains(message) == true, "\(error?.description ?? "")")
  }
}
