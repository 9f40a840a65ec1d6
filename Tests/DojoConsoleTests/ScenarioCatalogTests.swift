import DojoConsole
import DojoCore
import Foundation
import Testing

private let bundled = URL(fileURLWithPath: #filePath)
  .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
  .appendingPathComponent("scenarios")

/// A scratch library (a few bundled scenarios and the lexicon) and a cache folder.
private struct Scratch {
  let root: URL
  var library: String { root.appendingPathComponent("library").path }
  var cache: String { root.appendingPathComponent("cache").path }

  init(scenarios: Int = 4) throws {
    root = FileManager.default.temporaryDirectory.appendingPathComponent("dojo-catalog-\(UUID().uuidString)")
    let library = root.appendingPathComponent("library")
    try FileManager.default.createDirectory(at: library, withIntermediateDirectories: true)
    try FileManager.default.copyItem(at: bundled.appendingPathComponent("lexicon"), to: library.appendingPathComponent("lexicon"))
    for file in ScenarioLibrary.scenarioFiles(in: bundled.path).prefix(scenarios) {
      let name = URL(fileURLWithPath: file).lastPathComponent
      try FileManager.default.copyItem(atPath: file, toPath: library.appendingPathComponent(name).path)
    }
  }

  var files: [String] { ScenarioLibrary.scenarioFiles(in: library) }

  /// What the library itself says, as catalog entries.
  var loaded: [CatalogEntry] { ScenarioLibrary.load(paths: [library], lint: false).scenarios.map(CatalogEntry.init) }

  func catalog(tool: String = "test") -> ScenarioCatalog? {
    ScenarioCatalog.load(directory: library, cacheFolder: cache, tool: tool)
  }

  var cacheFiles: [String] {
    ((try? FileManager.default.contentsOfDirectory(atPath: cache)) ?? []).map { (cache as NSString).appendingPathComponent($0) }
  }

  func remove() { try? FileManager.default.removeItem(at: root) }
}

@Suite("The scenario catalog cache")
struct ScenarioCatalogTests {
  @Test("a warm cache gives what loading the library gives, without parsing a file")
  func warm() throws {
    let scratch = try Scratch()
    defer { scratch.remove() }
    let cold = try #require(scratch.catalog())
    #expect(cold.rebuilt == scratch.files.count)
    #expect(cold.entries == scratch.loaded)
    let warm = try #require(scratch.catalog())
    #expect(warm.rebuilt == 0)
    #expect(warm.entries == scratch.loaded)
    #expect(scratch.cacheFiles.count == 1)
  }

  @Test("an edited, added or removed file rebuilds its entry and only that one")
  func staleEntries() throws {
    let scratch = try Scratch()
    defer { scratch.remove() }
    _ = scratch.catalog()
    let edited = scratch.files[0]
    var text = try String(contentsOfFile: edited, encoding: .utf8)
    text = text.replacingOccurrences(of: #"(?m)^title: .*$"#, with: "title: Edited title", options: .regularExpression)
    try text.write(toFile: edited, atomically: true, encoding: .utf8)
    let afterEdit = try #require(scratch.catalog())
    #expect(afterEdit.rebuilt == 1)
    #expect(afterEdit.entries.contains { $0.title == "Edited title" && $0.path == edited })
    #expect(afterEdit.entries == scratch.loaded)

    // An added file (a copy under a new id) and a removed one.
    let added = (scratch.library as NSString).appendingPathComponent("zz-added.yaml")
    try text.replacingOccurrences(of: #"(?m)^id: (\S+)"#, with: "id: $1-added", options: .regularExpression)
      .write(toFile: added, atomically: true, encoding: .utf8)
    try FileManager.default.removeItem(atPath: scratch.files[1])
    let afterAdd = try #require(scratch.catalog())
    #expect(afterAdd.rebuilt == 1)
    #expect(afterAdd.entries == scratch.loaded)
    #expect(afterAdd.entries.count == 4)
  }

  @Test("a changed lexicon or another dojo rebuilds every entry")
  func sharedKey() throws {
    let scratch = try Scratch(scenarios: 2)
    defer { scratch.remove() }
    _ = scratch.catalog()
    #expect(scratch.catalog(tool: "another dojo")?.rebuilt == 2)
    let lexicon = (scratch.library as NSString).appendingPathComponent("lexicon/en.yaml")
    try (String(contentsOfFile: lexicon, encoding: .utf8) + "\n# a comment\n").write(toFile: lexicon, atomically: true, encoding: .utf8)
    #expect(scratch.catalog(tool: "another dojo")?.rebuilt == 2)
    #expect(scratch.catalog(tool: "another dojo")?.rebuilt == 0)
  }

  @Test("a corrupt, foreign or unreadable cache is ignored and rebuilt")
  func corrupt() throws {
    let scratch = try Scratch(scenarios: 2)
    defer { scratch.remove() }
    _ = scratch.catalog()
    let file = try #require(scratch.cacheFiles.first)
    for junk in ["{ not json", #"{"format": 999, "shared": "x", "files": {}}"#, "", "\u{0}\u{1}"] {
      try Data(junk.utf8).write(to: URL(fileURLWithPath: file))
      let catalog = try #require(scratch.catalog())
      #expect(catalog.rebuilt == 2)
      #expect(catalog.entries == scratch.loaded)
    }
    // Entries whose hash matches but whose content was tampered with are the cache's word; a
    // hash that does not match the file is rebuilt.
    var text = try String(contentsOfFile: file, encoding: .utf8)
    text = text.replacingOccurrences(of: #""hash":"[0-9a-f]+""#, with: #""hash":"0000000000000000""#, options: .regularExpression)
    try text.write(toFile: file, atomically: true, encoding: .utf8)
    #expect(scratch.catalog()?.rebuilt == 2)
    // A cache folder that cannot be written: the catalog is still right.
    try FileManager.default.removeItem(atPath: scratch.cache)
    try Data().write(to: URL(fileURLWithPath: scratch.cache))
    #expect(scratch.catalog()?.entries == scratch.loaded)
  }

  @Test("a library with an error has no catalog (loading it reports the error)")
  func errors() throws {
    let scratch = try Scratch(scenarios: 2)
    defer { scratch.remove() }
    try "id: broken\ntitle: [\n".write(toFile: (scratch.library as NSString).appendingPathComponent("broken.yaml"), atomically: true, encoding: .utf8)
    #expect(scratch.catalog() == nil)
    #expect(scratch.catalog() == nil)
  }

  @Test("writers in parallel leave one complete cache that reads back right")
  func concurrentWriters() throws {
    let scratch = try Scratch(scenarios: 6)
    defer { scratch.remove() }
    let library = scratch.library, cache = scratch.cache
    // Each writer sees another tool, so every one of them rewrites the whole cache.
    DispatchQueue.concurrentPerform(iterations: 16) { index in
      _ = ScenarioCatalog.load(directory: library, cacheFolder: cache, tool: "tool \(index % 4)")
    }
    #expect(scratch.cacheFiles.count == 1)  // no temporary files left behind
    let after = try #require(ScenarioCatalog.load(directory: library, cacheFolder: cache, tool: "tool 0"))
    #expect(after.entries == scratch.loaded)
    let again = try #require(ScenarioCatalog.load(directory: library, cacheFolder: cache, tool: "tool 0"))
    #expect(again.rebuilt == 0)
  }
}
