internal import Foundation
import Synchronization

/// Every scenario found under some paths, with the lexicon they share and all diagnostics.
public struct ScenarioLibrary: Sendable {
  public var scenarios: [Scenario]
  public var lexicon: Lexicon
  public var diagnostics: [Diagnostic]
  /// Files that were looked at, in order.
  public var files: [String]

  public var errors: [Diagnostic] { diagnostics.filter { $0.severity == .error } }
  public var warnings: [Diagnostic] { diagnostics.filter { $0.severity == .warning } }

  /// Folders under a scenario root that hold other things than scenarios.
  public static let reservedFolders: Set<String> = ["lexicon", "products", "answers", "templates"]

  /// Loads files and folders (recursively, `*.yaml`/`*.yml`), finds the lexicon in the nearest
  /// `lexicon/` folder at or above each path (or in `lexiconDirectory`), and runs the linter.
  /// Without `versions`, scenarios keep an empty `version`: `scenarios lint` reports on files and
  /// never shows a version, and hashing each scenario's canonical JSON costs as much as parsing it.
  public static func load(paths: [String], lexiconDirectory: String? = nil, lint: Bool = true, versions: Bool = true) -> ScenarioLibrary {
    var diagnostics: [Diagnostic] = []
    var files: [String] = []
    for path in paths {
      var isDirectory: ObjCBool = false
      guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
        diagnostics.append(Diagnostic(.error, .unreadableFile, at: SourceLocation(file: path, line: 1, column: 1), "no such file or folder"))
        continue
      }
      files += isDirectory.boolValue ? scenarioFiles(in: path) : [path]
    }
    let lexiconPath = lexiconDirectory ?? paths.lazy.compactMap(findLexicon(near:)).first
    var lexicon = Lexicon()
    if let lexiconPath {
      let loaded = LexiconLoader.load(directory: lexiconPath)
      lexicon = loaded.lexicon
      diagnostics += loaded.diagnostics
    }
    let loader = ScenarioLoader(lexicon: lexicon)
    let linter = Linter(lexicon: lexicon)
    let paths = files
    // Files are read and checked in parallel; results are merged in file order.
    let loaded = Mutex([(scenario: Scenario?, diagnostics: [Diagnostic])?](repeating: nil, count: paths.count))
    DispatchQueue.concurrentPerform(iterations: paths.count) { index in
      var (scenario, found) = loader.load(path: paths[index])
      if var valid = scenario {
        if versions { valid.version = valid.computeContentVersion() }
        if lint {
          found += linter.warnings(for: valid)
          if let misnamed = Linter.fileNameWarning(for: valid) { found.append(misnamed) }
        }
        scenario = valid
      }
      loaded.withLock { $0[index] = (scenario, found) }
    }
    var scenarios: [Scenario] = []
    var seen: [String: String] = [:]
    for (file, result) in zip(files, loaded.withLock { $0 }) {
      guard let result else { continue }
      diagnostics += result.diagnostics
      guard let scenario = result.scenario else { continue }
      if let other = seen[scenario.id] {
        diagnostics.append(Diagnostic(
          .error, .duplicateScenarioID, at: SourceLocation(file: file, line: 1, column: 1),
          "scenario id '\(scenario.id)' is already used by \(other)"))
        continue
      }
      seen[scenario.id] = file
      scenarios.append(scenario)
    }
    return ScenarioLibrary(scenarios: scenarios, lexicon: lexicon, diagnostics: diagnostics, files: files)
  }

  /// Scenario files below a folder, sorted, skipping the lexicon and other reserved folders.
  public static func scenarioFiles(in directory: String) -> [String] {
    guard let enumerator = FileManager.default.enumerator(atPath: directory) else { return [] }
    var result: [String] = []
    while let relative = enumerator.nextObject() as? String {
      let components = relative.split(separator: "/").map(String.init)
      // A reserved folder at any depth holds no scenarios: not walked at all (answer files are
      // most of a library's files).
      if let last = components.last, reservedFolders.contains(last), enumerator.fileAttributes?[.type] as? FileAttributeType == .typeDirectory {
        enumerator.skipDescendants()
        continue
      }
      if components.dropLast().contains(where: reservedFolders.contains) || reservedFolders.contains(components[0]) && components.count == 1 {
        continue
      }
      if relative.hasSuffix(".yaml") || relative.hasSuffix(".yml") {
        result.append((directory as NSString).appendingPathComponent(relative))
      }
    }
    return result.sorted()
  }

  /// The nearest `lexicon/` folder in `path` or one of its parents.
  public static func findLexicon(near path: String) -> String? {
    var isDirectory: ObjCBool = false
    _ = FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
    var url = URL(fileURLWithPath: path).standardizedFileURL
    if !isDirectory.boolValue { url.deleteLastPathComponent() }
    while true {
      let candidate = url.appendingPathComponent("lexicon").path
      var candidateIsDirectory: ObjCBool = false
      if FileManager.default.fileExists(atPath: candidate, isDirectory: &candidateIsDirectory), candidateIsDirectory.boolValue {
        return candidate
      }
      let parent = url.deletingLastPathComponent()
      if parent.path == url.path { return nil }
      url = parent
    }
  }

  /// The file that declares `id: <id>` on a line of its own, found without parsing YAML; nil if
  /// none does. Lets a command that needs one scenario skip loading the whole library.
  public static func fileDeclaring(id: String, in directory: String) -> String? {
    scenarioFiles(in: directory).first { path in
      guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return false }
      return topLevelID(in: text) == id
    }
  }

  /// The ids the scenario files below a folder declare (by their top-level `id:` line, as
  /// `fileDeclaring` finds them), sorted and without repeats: cheap enough for shell completion.
  public static func declaredIDs(in directory: String) -> [String] {
    let ids = scenarioFiles(in: directory).compactMap { path in
      (try? String(contentsOfFile: path, encoding: .utf8)).flatMap(topLevelID(in:))
    }
    return Array(Set(ids.filter { !$0.isEmpty })).sorted()
  }

  /// The value of the top-level `id:` key (at the start of a line), without quotes or a comment.
  /// Cheap enough to run over a whole library: nested ids (criteria, hand-off facts) are indented.
  static func topLevelID(in text: String) -> String? {
    let prefix = Array("id:".utf8)
    for bytes in text.utf8.split(whereSeparator: { $0 == UInt8(ascii: "\n") || $0 == UInt8(ascii: "\r") }) where bytes.starts(with: prefix) {
      var value = Substring(bytes).dropFirst(3)
      if let comment = value.range(of: " #") { value = value[..<comment.lowerBound] }
      value = value.drop { $0 == " " || $0 == "\t" }
      while let last = value.last, last == " " || last == "\t" || last == "\r" { value = value.dropLast() }
      if value.count >= 2, let first = value.first, first == "\"" || first == "'", value.last == first {
        value = value.dropFirst().dropLast()
      }
      return String(value)
    }
    return nil
  }

  /// A scenario by id, or by the path it was read from.
  public func scenario(_ idOrPath: String) -> Scenario? {
    scenarios.first { $0.id == idOrPath }
      ?? scenarios.first { URL(fileURLWithPath: $0.path).standardizedFileURL.path == URL(fileURLWithPath: idOrPath).standardizedFileURL.path }
  }
}
