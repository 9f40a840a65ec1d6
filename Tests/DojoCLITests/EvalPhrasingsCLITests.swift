import Foundation
import Testing

/// `dojo eval phrasings` end to end: figures, stable JSON keys, errors at `file:line`.
@Suite("dojo eval phrasings (the built binary)")
struct EvalPhrasingsCLITests {
  private static let fixtures = CLI.repositoryRoot.appendingPathComponent("Tests/DojoCoreTests/Fixtures/phrasings-check").path

  @Test("a concept file: a line per concept, the sentences read the wrong way with file:line; JSON with stable keys")
  func concepts() throws {
    let text = try CLI.run(["eval", "phrasings", Self.fixtures + "/en.tsv", "--scenarios", CLI.scenarios])
    #expect(text.status == 0, "\(text.stderr)")
    #expect(text.stdout.contains("empathy"))
    #expect(text.stdout.contains("Overall: 1 of 2 sentences meant were read, 0 of 2 near misses were read."))
    #expect(text.stdout.contains(Self.fixtures + "/en.tsv:2  empathy  missed"))
    let json = try CLI.run(["eval", "phrasings", Self.fixtures + "/en.tsv", "--format", "json", "--scenarios", CLI.scenarios])
    let results = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
    #expect(Set(results.first?.keys.map { $0 } ?? []) == ["name", "language", "should_count", "counted", "should_not_count", "wrongly_counted", "misread"])
  }

  @Test("a malformed line is an error at file:line with exit 1; a name without a language needs --language (exit 64)")
  func errors() throws {
    let bad = try CLI.run(["eval", "phrasings", Self.fixtures + "/missing-field.tsv", "--language", "en", "--scenarios", CLI.scenarios])
    #expect(bad.status == 1)
    #expect(bad.stderr.contains(Self.fixtures + "/missing-field.tsv:3: expected three tab-separated fields"))
    let unnamed = try CLI.run(["eval", "phrasings", Self.fixtures + "/bad-label.tsv", "--scenarios", CLI.scenarios])
    #expect(unnamed.status == 64, "\(unnamed.stderr)")
    #expect(unnamed.stderr.contains("--language"))
  }
}
