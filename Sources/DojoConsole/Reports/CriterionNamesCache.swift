import DojoCore
import Foundation

/// The criteria a scenario library names, kept between runs so that a report does not parse
/// the whole library for a few dozen names (about 4 ms of CPU per scenario file).
///
/// Never stale: the cache is keyed by a hash of every scenario file's path and bytes, every
/// lexicon file's (loading a scenario checks its concepts), and this program's own file, so any
/// change in them loads the library again and rewrites the cache. One file per library folder,
/// under `$XDG_CACHE_HOME/supportdojo/` (else `~/.cache/supportdojo/`); a cache that cannot be
/// read or written is skipped silently.
public enum CriterionNamesCache {
  /// Bump when what is cached changes shape or meaning.
  static let format = "criterion-names-1"

  /// The criteria each scenario of the library at `directory` declares, in library order.
  public static func declared(
    library directory: String, environment: [String: String] = ProcessInfo.processInfo.environment
  ) -> [CriterionNames.Declared] {
    let files = ScenarioLibrary.scenarioFiles(in: directory)
    let lexicon = ScenarioLibrary.findLexicon(near: directory)
    let key = contentKey(files: files, lexicon: lexicon)
    let cache = cacheFile(for: directory, environment: environment)
    if let cache, let data = FileManager.default.contents(atPath: cache),
      let stored = try? JSONDecoder().decode(Stored.self, from: data), stored.key == key
    {
      return stored.declared
    }
    let library = ScenarioLibrary.load(paths: [directory], lint: false)
    let declared = library.scenarios.map(CriterionNames.Declared.init)
    if let cache, let data = try? JSONEncoder().encode(Stored(key: key, declared: declared)) {
      write(data, to: cache)
    }
    return declared
  }

  private struct Stored: Codable {
    var key: String
    var declared: [CriterionNames.Declared]
  }

  /// FNV-1a (64 bits) over the format, this program's file, and each file's path and bytes.
  static func contentKey(files: [String], lexicon: String?) -> String {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    func add(_ bytes: some Sequence<UInt8>) {
      for byte in bytes {
        hash ^= UInt64(byte)
        hash = hash &* 0x0000_0100_0000_01b3
      }
      hash ^= 0xff
      hash = hash &* 0x0000_0100_0000_01b3
    }
    add(format.utf8)
    // The program itself: another build may load scenarios differently.
    var program = stat()
    if stat("/proc/self/exe", &program) == 0 {
      add("\(program.st_size) \(program.st_mtim.tv_sec).\(program.st_mtim.tv_nsec) \(program.st_ino)".utf8)
    } else {
      add((CommandLine.arguments.first ?? "").utf8)
    }
    var lexiconFiles: [String] = []
    if let lexicon, let enumerator = FileManager.default.enumerator(atPath: lexicon) {
      while let relative = enumerator.nextObject() as? String { lexiconFiles.append(lexicon + "/" + relative) }
    }
    for path in files + lexiconFiles.sorted() {
      add(path.utf8)
      guard let data = FileManager.default.contents(atPath: path) else { continue }
      data.withUnsafeBytes { add($0) }
    }
    return String(hash, radix: 16)
  }

  /// `…/supportdojo/criterion-names-<hash of the folder's absolute path>.json`.
  static func cacheFile(for directory: String, environment: [String: String]) -> String? {
    let base: String
    if let home = environment["XDG_CACHE_HOME"], home.hasPrefix("/") {
      base = home
    } else if let home = environment["HOME"], home.hasPrefix("/") {
      base = home + "/.cache"
    } else {
      return nil
    }
    let absolute = URL(fileURLWithPath: directory).standardizedFileURL.path
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in absolute.utf8 {
      hash ^= UInt64(byte)
      hash = hash &* 0x0000_0100_0000_01b3
    }
    return base + "/supportdojo/criterion-names-" + String(hash, radix: 16) + ".json"
  }

  /// Writes through a temporary file and a rename, so a reader never sees half a cache.
  private static func write(_ data: Data, to path: String) {
    let folder = (path as NSString).deletingLastPathComponent
    try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    let temporary = path + ".\(getpid()).tmp"
    guard FileManager.default.createFile(atPath: temporary, contents: data) else { return }
    if rename(temporary, path) != 0 { try? FileManager.default.removeItem(atPath: temporary) }
  }
}
