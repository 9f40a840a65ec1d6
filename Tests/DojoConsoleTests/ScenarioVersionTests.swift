import DojoCore
import DojoStore
import Foundation
import Testing

@testable import DojoConsole

private let repositoryScenarios = URL(fileURLWithPath: #filePath)
  .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
  .appendingPathComponent("scenarios")

/// A scenario folder in a temporary directory with the bundled lexicon, products and templates.
private func temporaryLibrary() throws -> URL {
  let root = FileManager.default.temporaryDirectory.appendingPathComponent("dojo-versions-\(UUID().uuidString)")
  try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
  for folder in ["lexicon", "products", "templates"] {
    try FileManager.default.copyItem(at: repositoryScenarios.appendingPathComponent(folder), to: root.appendingPathComponent(folder))
  }
  return root
}

/// Renders the templates for `product` into `root` and loads the scenario `id`.
private func refresh(_ root: URL, product: String, id: String) throws -> ScenarioLibrary {
  let lexicon = LexiconLoader.load(directory: root.appendingPathComponent("lexicon").path).lexicon
  let plan = try TemplateLibrary(root: root.path, lexicon: lexicon).plan(product: product)
  #expect(plan.errors == [])
  for output in plan.outputs where output.kind == .scenario {
    let url = root.appendingPathComponent(output.path)
    try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
    try output.content.write(to: url, atomically: true, encoding: .utf8)
  }
  let library = ScenarioLibrary.load(paths: [root.appendingPathComponent("l1-agent").path], lexiconDirectory: root.appendingPathComponent("lexicon").path)
  #expect(library.errors == [])
  return library
}

private func play(_ library: ScenarioLibrary, _ id: String, store: SQLiteStore, lines: [String]) throws -> (SessionRecord, ScoreResult?) {
  Style.configure(forceOff: true)
  let console = PracticeConsole(
    library: library, store: store, input: ScriptedLineInput(lines), output: BufferedOutput(), strings: .en,
    settings: PracticeSettings(mode: .practice, coach: false, seed: 3))
  return try console.play(try #require(library.scenario(id)), trainee: "alice")
}

private let turns = [
  "I'm sorry about the unexpected renewal, I understand that's annoying. Could you confirm the email on your account?",
  "I've checked your account: the plan renewed nine days ago and renewals are refunded within 14 days. I've refunded the money; you'll see it within 5 business days.",
  "Your playlists stay. Is there anything else I can help you with?",
]

@Suite("Scenario versions in the store")
struct ScenarioVersionTests {
  @Test("a session keeps the version it was played on; the old version loads back after a change")
  func oldVersionStaysReadable() throws {
    let root = try temporaryLibrary()
    defer { try? FileManager.default.removeItem(at: root) }
    let id = "l1-annual-renewal-refund-streamly"
    let store = try SQLiteStore.inMemory()

    let before = try refresh(root, product: "streamly", id: id)
    let (first, firstResult) = try play(before, id, store: store, lines: turns)
    #expect(firstResult?.score == 100)

    // The refund window shrinks from 14 to 10 days: refresh, and the same answers now miss.
    let productFile = root.appendingPathComponent("products/streamly.yaml")
    let facts = try String(contentsOf: productFile, encoding: .utf8)
    #expect(facts.contains("refund_window_days: 14"))
    try facts.replacingOccurrences(of: "refund_window_days: 14", with: "refund_window_days: 10")
      .write(to: productFile, atomically: true, encoding: .utf8)
    let after = try refresh(root, product: "streamly", id: id)
    let (second, secondResult) = try play(after, id, store: store, lines: turns)
    // "14 days" no longer meets the window criterion: the customer keeps asking, and the script
    // runs out before the conversation ends, so there is no score.
    #expect(secondResult == nil)

    let firstVersion = try store.session(id: first.id!).scenarioVersion
    let secondVersion = try store.session(id: second.id!).scenarioVersion
    #expect(firstVersion != secondVersion)
    #expect(try store.scenarioVersions(id: id).map(\.version) == [firstVersion, secondVersion])

    let old = try #require(try store.scenarioSnapshot(id: id, version: firstVersion))
    #expect(old.scenario == before.scenario(id))
    #expect(old.scenario.computeContentVersion() == firstVersion)
    let window = { (scenario: Scenario) in scenario.rubric.criteria.first { $0.id == "check_policy" }?.evidence[.en]?.all.map(\.text) }
    #expect(window(old.scenario) == ["14 days|14-day"])
    #expect(window(try #require(try store.scenarioSnapshot(id: id, version: secondVersion)).scenario) == ["10 days|10-day"])
    #expect(try store.scenarioSnapshot(id: id, version: "0000000000000000") == nil)

    // Playing the same version again keeps one row and its first-seen time.
    _ = try play(after, id, store: store, lines: turns)
    #expect(try store.scenarioVersions(id: id).count == 2)
  }
}
