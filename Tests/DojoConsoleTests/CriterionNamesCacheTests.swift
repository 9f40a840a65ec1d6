import DojoConsole
import DojoCore
import Foundation
import Testing

/// Issue 14: reports name criteria from a cache of the library, never a stale one.
@Suite("Criterion names cache")
struct CriterionNamesCacheTests {
  private let bundled = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("scenarios").path

  /// A copy of two bundled scenarios and the lexicon, and an empty cache folder.
  private func library() throws -> (root: String, cache: String) {
    let temporary = FileManager.default.temporaryDirectory.appendingPathComponent("dojo-names-\(UUID().uuidString)").path
    let root = temporary + "/scenarios"
    try FileManager.default.createDirectory(atPath: root + "/l1-agent", withIntermediateDirectories: true)
    try FileManager.default.copyItem(atPath: bundled + "/lexicon", toPath: root + "/lexicon")
    for file in ["return-window.yaml", "return-window-b.yaml"] {
      try FileManager.default.copyItem(atPath: bundled + "/l1-agent/" + file, toPath: root + "/l1-agent/" + file)
    }
    return (root, temporary + "/cache")
  }

  private func names(_ declared: [CriterionNames.Declared], _ ids: [String]) -> [String?] {
    let names = CriterionNames(declared: declared, played: nil)
    return ids.map { names.name($0) }
  }

  @Test func sameNamesAsTheLibraryThenFromTheCacheUntilAFileChanges() throws {
    let (root, cache) = try library()
    defer { try? FileManager.default.removeItem(atPath: (root as NSString).deletingLastPathComponent) }
    let environment = ["XDG_CACHE_HOME": cache]
    let parsed = ScenarioLibrary.load(paths: [root], lint: false)
    #expect(parsed.scenarios.count == 2)
    let ids = Array(Set(parsed.scenarios.flatMap { $0.rubric.criteria.map(\.id) } + ["escalation"])).sorted()
    let expected = ids.map { CriterionNames(library: parsed, played: nil).name($0) }

    let first = CriterionNamesCache.declared(library: root, environment: environment)
    #expect(names(first, ids) == expected)
    let files = try FileManager.default.contentsOfDirectory(atPath: cache + "/supportdojo")
    #expect(files.count == 1 && files[0].hasPrefix("criterion-names-"))

    // The second run reads the cache: a name planted in it comes back.
    let file = cache + "/supportdojo/" + files[0]
    let stored = try String(contentsOfFile: file, encoding: .utf8)
    let someName = try #require(first.first?.criteria.first?.name)
    try stored.replacingOccurrences(of: someName, with: "PLANTED").write(toFile: file, atomically: true, encoding: .utf8)
    #expect(CriterionNamesCache.declared(library: root, environment: environment).first?.criteria.first?.name == "PLANTED")

    // A changed scenario file is parsed again.
    let scenario = try #require(
      ["return-window.yaml", "return-window-b.yaml"].map { root + "/l1-agent/" + $0 }
        .first { (try? String(contentsOfFile: $0, encoding: .utf8))?.contains(someName) == true })
    let text = try String(contentsOfFile: scenario, encoding: .utf8)
    try text.replacingOccurrences(of: someName, with: "Renamed criterion").write(toFile: scenario, atomically: true, encoding: .utf8)
    let changed = CriterionNamesCache.declared(library: root, environment: environment)
    #expect(changed.flatMap(\.criteria).contains { $0.name == "Renamed criterion" })
    #expect(!changed.flatMap(\.criteria).contains { $0.name == "PLANTED" })

    // A removed scenario drops out.
    try FileManager.default.removeItem(atPath: root + "/l1-agent/return-window-b.yaml")
    #expect(CriterionNamesCache.declared(library: root, environment: environment).map(\.scenario) == ["l1-return-window"])
  }

  @Test func worksWithoutAWritableCache() throws {
    let (root, _) = try library()
    defer { try? FileManager.default.removeItem(atPath: (root as NSString).deletingLastPathComponent) }
    let declared = CriterionNamesCache.declared(library: root, environment: ["XDG_CACHE_HOME": "/proc/no-such-cache"])
    #expect(declared.count == 2)
    #expect(CriterionNamesCache.declared(library: root, environment: [:]).count == 2)
  }
}
