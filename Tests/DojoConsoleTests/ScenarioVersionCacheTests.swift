import DojoConsole
import DojoCore
import Foundation
import Testing

private let bundledLibrary = URL(fileURLWithPath: #filePath)
  .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
  .appendingPathComponent("scenarios")

/// `practice --scenario` takes the scenario's content version from `ScenarioVersionCache`:
/// always the version `computeContentVersion` gives for what was parsed.
@Suite("The scenario version cache")
struct ScenarioVersionCacheTests {
  /// A copy of one bundled scenario file and the lexicon, and a cache folder.
  private func scratch() throws -> (root: URL, file: String, cache: String) {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("dojo-versions-\(UUID().uuidString)")
    let library = root.appendingPathComponent("library")
    try FileManager.default.createDirectory(at: library, withIntermediateDirectories: true)
    try FileManager.default.copyItem(at: bundledLibrary.appendingPathComponent("lexicon"), to: library.appendingPathComponent("lexicon"))
    let source = try #require(ScenarioLibrary.fileDeclaring(id: "l1-unexpected-charge", in: bundledLibrary.path))
    let file = library.appendingPathComponent("unexpected-charge.yaml").path
    try FileManager.default.copyItem(atPath: source, toPath: file)
    return (root, file, root.appendingPathComponent("cache").path)
  }

  private func load(_ file: String, cache: String, tool: String = "test") -> ScenarioLibrary {
    let before = ScenarioVersionCache.hashes(of: [file])
    var library = ScenarioLibrary.load(paths: [file], lint: false, versions: false)
    ScenarioVersionCache.fill(&library, bytesBefore: before, cacheFolder: cache, tool: tool)
    return library
  }

  private func cacheFiles(_ cache: String) -> [String] {
    ((try? FileManager.default.contentsOfDirectory(atPath: cache)) ?? []).map { (cache as NSString).appendingPathComponent($0) }
  }

  @Test("cold and warm give the version the library computes; a cache file is written once")
  func coldAndWarm() throws {
    let (root, file, cache) = try scratch()
    defer { try? FileManager.default.removeItem(at: root) }
    let expected = try #require(ScenarioLibrary.load(paths: [file], lint: false).scenarios.first).version
    #expect(expected.count == 16)
    #expect(load(file, cache: cache).scenarios.first?.version == expected)
    #expect(cacheFiles(cache).count == 1)
    let written = try String(contentsOfFile: try #require(cacheFiles(cache).first), encoding: .utf8)
    #expect(load(file, cache: cache).scenarios.first?.version == expected)
    #expect(try String(contentsOfFile: try #require(cacheFiles(cache).first), encoding: .utf8) == written)
  }

  @Test("a changed file, another dojo or a damaged cache entry gives the version worked out anew")
  func neverStale() throws {
    let (root, file, cache) = try scratch()
    defer { try? FileManager.default.removeItem(at: root) }
    let first = try #require(load(file, cache: cache).scenarios.first?.version)
    // Another dojo executable: the version is worked out again (and the same here).
    #expect(load(file, cache: cache, tool: "another").scenarios.first?.version == first)
    // A changed line changes the version; the cache does not hide it.
    let text = try String(contentsOfFile: file, encoding: .utf8)
    let changed = text.replacingOccurrences(of: "title: ", with: "title: Changed ")
    #expect(changed != text)
    try changed.write(toFile: file, atomically: true, encoding: .utf8)
    let expected = try #require(ScenarioLibrary.load(paths: [file], lint: false).scenarios.first).version
    #expect(expected != first)
    #expect(load(file, cache: cache, tool: "another").scenarios.first?.version == expected)
    // A damaged entry is ignored and rewritten.
    for entry in cacheFiles(cache) { try "garbage".write(toFile: entry, atomically: true, encoding: .utf8) }
    #expect(load(file, cache: cache, tool: "another").scenarios.first?.version == expected)
    #expect(load(file, cache: cache, tool: "another").scenarios.first?.version == expected)
    // A file that changed while it was read gets a version of what was parsed, and no entry.
    var library = ScenarioLibrary.load(paths: [file], lint: false, versions: false)
    ScenarioVersionCache.fill(&library, bytesBefore: [file: "0000000000000000"], cacheFolder: cache + "-other", tool: "test")
    #expect(library.scenarios.first?.version == expected)
    #expect(cacheFiles(cache + "-other").isEmpty)
  }
}
