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
      ScenarioCatalog.writeAtomically(data, to: cache)
    }
    return declared
  }

  private struct Stored: Codable {
    var key: String
    var declared: [CriterionNames.Declared]
  }

  /// The hash of the format, this program (`ScenarioCatalog.toolIdentity`), and each scenario and
  /// lexicon file's path and bytes.
  static func contentKey(files: [String], lexicon: String?) -> String {
    var text = "\(format)\n\(ScenarioCatalog.toolIdentity)\n"
    var lexiconFiles: [String] = []
    if let lexicon, let enumerator = FileManager.default.enumerator(atPath: lexicon) {
      while let relative = enumerator.nextObject() as? String { lexiconFiles.append(lexicon + "/" + relative) }
    }
    for path in files + lexiconFiles.sorted() {
      let hash = FileManager.default.contents(atPath: path).map { $0.withUnsafeBytes(ContentHash.hex(buffer:)) } ?? "-"
      text += "\(path) \(hash)\n"
    }
    return ContentHash.hex(text)
  }

  /// `…/supportdojo/criterion-names-<hash of the folder's absolute path>.json`, in the cache
  /// folder the library catalog uses.
  static func cacheFile(for directory: String, environment: [String: String]) -> String? {
    guard let folder = ScenarioCatalog.cacheFolder(environment: environment) else { return nil }
    let absolute = URL(fileURLWithPath: directory).standardizedFileURL.path
    return folder + "/criterion-names-" + ContentHash.hex(absolute) + ".json"
  }
}
