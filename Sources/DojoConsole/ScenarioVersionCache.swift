import DojoCore
import Foundation

/// The content version of a scenario file, remembered between runs so that `practice
/// --scenario` does not encode the scenario to canonical JSON on every start (a twentieth of
/// the time to the first customer line).
///
/// A version depends only on the file's bytes and on the dojo that parses them (the lexicon
/// only adds diagnostics), so it is kept under `$XDG_CACHE_HOME/supportdojo/` (see
/// `ScenarioCatalog.defaultCacheFolder`), one small file per scenario file, keyed by a hash of
/// the file's bytes and by the dojo executable (`ScenarioCatalog.toolIdentity`): never stale, and
/// a missing, unreadable or foreign cache is simply worked out again and rewritten.
public enum ScenarioVersionCache {
  /// Sets the version of every scenario in `library` (loaded with `versions: false`): from the
  /// cache when the file's bytes and the tool match, else computed and remembered. `bytesBefore`
  /// are the files' hashes taken before the library was read (`hashes(of:)`): a file that
  /// changed while it was read gets a version computed from what was parsed, and no cache entry.
  public static func fill(
    _ library: inout ScenarioLibrary, bytesBefore: [String: String], cacheFolder: String = ScenarioCatalog.defaultCacheFolder,
    tool: String = ScenarioCatalog.toolIdentity
  ) {
    for index in library.scenarios.indices {
      let scenario = library.scenarios[index]
      let path = scenario.path
      guard let before = bytesBefore[path], let after = hash(of: path), before == after else {
        library.scenarios[index].version = scenario.computeContentVersion()
        continue
      }
      let key = "format 1 \(after) \(tool)"
      let file = cacheFile(for: path, in: cacheFolder)
      if let text = try? String(contentsOfFile: file, encoding: .utf8) {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        if lines.count >= 2, lines[0] == key, lines[1].count == 16, lines[1].allSatisfy(\.isHexDigit) {
          library.scenarios[index].version = String(lines[1])
          continue
        }
      }
      let version = scenario.computeContentVersion()
      library.scenarios[index].version = version
      ScenarioCatalog.writeAtomically(Data("\(key)\n\(version)\n".utf8), to: file)
    }
  }

  /// The hashes of the files' bytes, by path (files that cannot be read are left out).
  public static func hashes(of paths: [String]) -> [String: String] {
    var result: [String: String] = [:]
    for path in paths { result[path] = hash(of: path) }
    return result
  }

  static func hash(of path: String) -> String? {
    FileManager.default.contents(atPath: path).map { $0.withUnsafeBytes(ContentHash.hex(buffer:)) }
  }

  /// One cache file per scenario file (by its absolute path).
  static func cacheFile(for path: String, in folder: String) -> String {
    let absolute = URL(fileURLWithPath: path).standardizedFileURL.path
    return (folder as NSString).appendingPathComponent("version-\(ContentHash.hex(absolute)).txt")
  }
}
