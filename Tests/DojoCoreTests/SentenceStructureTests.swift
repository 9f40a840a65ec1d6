import Foundation
import Testing

@testable import DojoCore

/// One line of `Fixtures/structure/cases.tsv`.
struct StructureCase: CustomTestStringConvertible, Sendable {
  var line: Int
  var language: Language
  var forbidden: Bool
  /// The phrase asks for something (a request concept's phrase).
  var request: Bool
  var phrase: String
  var expected: Bool
  var reply: String

  var testDescription: String { "line \(line): \(reply)" }

  static func all() -> [StructureCase] {
    guard let path = try? Fixtures.path("structure/cases.tsv"),
      let text = try? String(contentsOfFile: path, encoding: .utf8)
    else { return [] }
    return text.split(separator: "\n", omittingEmptySubsequences: false).enumerated().compactMap { index, line in
      guard !line.hasPrefix("#"), !line.isEmpty else { return nil }
      let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
      guard fields.count == 5, let language = Language(rawValue: fields[0]) else { return nil }
      return StructureCase(
        line: index + 1, language: language, forbidden: fields[1] == "forbidden", request: fields[1] == "request", phrase: fields[2],
        expected: fields[3] == "match", reply: fields[4])
    }
  }
}

@Suite("Sentence structure before words")
struct SentenceStructureTests {
  @Test("the fixture has its cases")
  func fixture() {
    #expect(StructureCase.all().count >= 30)
  }

  @Test("a phrase counts only where the structure lets it", arguments: StructureCase.all())
  func structure(_ example: StructureCase) {
    let matcher = PhraseMatcher(language: example.language, phrases: [example.phrase])
    let pattern = CompiledPattern(
      id: 0, source: example.phrase, alternatives: [matcher.compile(example.phrase, requestOnly: example.request)],
      assertedOnly: example.forbidden)
    let found = matcher.match(pattern, in: matcher.analyze(example.reply)) != nil
    #expect(found == example.expected, "\(example.phrase) in “\(example.reply)”")
  }
}
