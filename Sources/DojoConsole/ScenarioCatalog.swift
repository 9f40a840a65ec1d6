import DojoCore
import Foundation

/// One scenario as menus and `dojo scenarios list` show it.
public struct CatalogEntry: Sendable, Codable, Equatable {
  public var id: String
  public var title: String
  public var role: Role
  public var channel: Channel
  public var language: Language
  public var difficulty: Int
  public var form: String?
  public var formGroup: String?
  public var tags: [String]
  public var version: String
  public var path: String

  public init(_ scenario: Scenario) {
    id = scenario.id
    title = scenario.title
    role = scenario.role
    channel = scenario.channel
    language = scenario.language
    difficulty = scenario.difficulty
    form = scenario.form
    formGroup = scenario.formGroup
    tags = scenario.tags
    version = scenario.version
    path = scenario.path
  }
}

/// The scenarios of a library folder without parsing them all: their summaries are kept in a
/// cache file under `$XDG_CACHE_HOME/supportdojo/` (default `~/.cache/supportdojo/`), one per
/// library folder, keyed by the content of every file.
///
/// - Never stale: each scenario file's entry is keyed by a hash of its bytes, and the whole
///   cache by a hash of the lexicon and product files (which a scenario's checks depend on) and
///   of the dojo executable; a changed, added or removed file rebuilds its entry, a changed
///   lexicon all of them, silently.
/// - Safe with several processes: the file is written whole to a temporary file in the same
///   folder and renamed over the old one, so a reader sees one complete version or the other.
/// - A cache that cannot be read, is not JSON or is of another format or dojo is ignored and
///   rebuilt; a cache that cannot be written is not worth stopping for.
///
/// A library with errors (in a scenario or the lexicon) or with an id used twice has no catalog:
/// `load` returns nil and the caller loads the library as before, which reports the errors.
public struct ScenarioCatalog: Sendable {
  public var entries: [CatalogEntry]
  /// Entries that were parsed this time (not taken from the cache).
  public var rebuilt: Int

  /// The cache file format; a cache of another one is rebuilt.
  static let format = 1

  /// The catalog of the scenario files below `directory`, reading the cache in `cacheFolder`
  /// (see `defaultCacheFolder`) and writing it back when an entry changed. `tool` names the
  /// program that reads the files (a cache written by another version is rebuilt).
  public static func load(directory: String, cacheFolder: String = defaultCacheFolder, tool: String = toolIdentity) -> ScenarioCatalog? {
    let files = ScenarioLibrary.scenarioFiles(in: directory)
    let lexiconDirectory = ScenarioLibrary.findLexicon(near: directory)
    let shared = sharedKey(directory: directory, lexiconDirectory: lexiconDirectory, tool: tool)
    let cacheFile = cacheFile(for: directory, in: cacheFolder)
    let cached = read(cacheFile).flatMap { $0.shared == shared ? $0.files : nil } ?? [:]

    var lexicon: Lexicon?
    var result: [String: CacheFile.Entry] = [:]
    var entries: [CatalogEntry] = []
    var rebuilt = 0
    var usable = true
    for path in files {
      guard let data = FileManager.default.contents(atPath: path) else {
        usable = false
        continue
      }
      let hash = data.withUnsafeBytes(ContentHash.hex(buffer:))
      var entry = cached[path].flatMap { $0.hash == hash ? $0 : nil }
      if entry == nil {
        if lexicon == nil {
          let loaded = lexiconDirectory.map { LexiconLoader.load(directory: $0) }
          if loaded?.diagnostics.contains(where: { $0.severity == .error }) == true { return nil }
          lexicon = loaded?.lexicon ?? Lexicon()
        }
        // A file that is not UTF-8 is an error (`TextFile.read`); the library load reports it.
        var scenario = String(data: data, encoding: .utf8).flatMap { text in
          ScenarioLoader(lexicon: lexicon ?? Lexicon()).parse(yaml: TextFile.normalizingLineEndings(text), file: path).scenario
        }
        if let parsed = scenario { scenario?.version = parsed.computeContentVersion() }
        entry = CacheFile.Entry(hash: hash, scenario: scenario.map(CatalogEntry.init))
        rebuilt += 1
      }
      guard let entry else { continue }
      result[path] = entry
      if let scenario = entry.scenario { entries.append(scenario) } else { usable = false }
    }
    if rebuilt > 0 || Set(result.keys) != Set(cached.keys) {
      write(CacheFile(format: format, shared: shared, files: result), to: cacheFile)
    }
    guard usable, Set(entries.map(\.id)).count == entries.count else { return nil }
    return ScenarioCatalog(entries: entries, rebuilt: rebuilt)
  }

  /// `$XDG_CACHE_HOME/supportdojo`, else `~/.cache/supportdojo` (a relative XDG value is
  /// ignored, as the specification asks).
  public static var defaultCacheFolder: String {
    cacheFolder(environment: ProcessInfo.processInfo.environment)
      ?? ((NSHomeDirectory() as NSString).appendingPathComponent(".cache") as NSString).appendingPathComponent("supportdojo")
  }

  /// `$XDG_CACHE_HOME/supportdojo`, else `$HOME/.cache/supportdojo`, from `environment`; nil
  /// when neither is an absolute path.
  public static func cacheFolder(environment: [String: String]) -> String? {
    if let base = environment["XDG_CACHE_HOME"], base.hasPrefix("/") { return base + "/supportdojo" }
    if let home = environment["HOME"], home.hasPrefix("/") { return home + "/.cache/supportdojo" }
    return nil
  }

  /// The running executable's path, size and modification time: a rebuilt dojo reads the files
  /// anew.
  public static var toolIdentity: String {
    let path = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments.first ?? ""
    var info = stat()
    guard stat(path, &info) == 0 else { return path }
    return "\(path) \(info.st_size) \(info.st_mtim.tv_sec).\(info.st_mtim.tv_nsec)"
  }

  // MARK: - The cache file

  struct CacheFile: Codable {
    struct Entry: Codable {
      /// `ContentHash` of the file's bytes.
      var hash: String
      /// Nil when the file has errors.
      var scenario: CatalogEntry?
    }

    var format: Int
    /// Hash of the lexicon and product files and of the tool.
    var shared: String
    /// Path → entry.
    var files: [String: Entry]
  }

  /// The cache file of a library folder: one per folder (by its absolute path).
  static func cacheFile(for directory: String, in folder: String) -> String {
    let absolute = URL(fileURLWithPath: directory).standardizedFileURL.path
    return (folder as NSString).appendingPathComponent("library-\(ContentHash.hex(absolute)).json")
  }

  /// What every entry depends on besides its own file: the lexicon and product files (names and
  /// bytes), the cache format and the tool.
  static func sharedKey(directory: String, lexiconDirectory: String?, tool: String) -> String {
    var text = "format \(format)\ntool \(tool)\n"
    let products = (directory as NSString).appendingPathComponent("products")
    for folder in [lexiconDirectory, products].compactMap({ $0 }) {
      let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).sorted()
      for name in names {
        let path = (folder as NSString).appendingPathComponent(name)
        let hash = FileManager.default.contents(atPath: path).map { $0.withUnsafeBytes(ContentHash.hex(buffer:)) } ?? "-"
        text += "\(path) \(hash)\n"
      }
    }
    return ContentHash.hex(text)
  }

  static func read(_ file: String) -> CacheFile? {
    guard let data = FileManager.default.contents(atPath: file),
      let cache = try? JSONDecoder().decode(CacheFile.self, from: data), cache.format == format
    else { return nil }
    return cache
  }

  /// Writes the whole cache to a temporary file beside it and renames it into place.
  static func write(_ cache: CacheFile, to file: String) {
    guard let data = try? JSONEncoder().encode(cache) else { return }
    writeAtomically(data, to: file)
  }

  /// Writes `data` to a temporary file beside `file` and renames it into place, so a reader
  /// sees one complete version or the other; a failure is silent (a cache is not worth stopping for).
  public static func writeAtomically(_ data: Data, to file: String) {
    let folder = (file as NSString).deletingLastPathComponent
    try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    let temporary = "\(file).\(getpid()).\(UInt64.random(in: 0...UInt64.max)).tmp"
    guard FileManager.default.createFile(atPath: temporary, contents: data) else { return }
    if rename(temporary, file) != 0 { unlink(temporary) }
  }
}
