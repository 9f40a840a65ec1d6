internal import Foundation
import Synchronization

#if canImport(Glibc)
  internal import Glibc
#elseif canImport(Darwin)
  internal import Darwin
#endif

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
  ///
  /// With `lexicon: .scenarioLanguages` only the lexicon files of the languages the scenario
  /// files name are read (see `LexiconScope`).
  public static func load(
    paths: [String], lexiconDirectory: String? = nil, lint: Bool = true, versions: Bool = true, lexicon scope: LexiconScope = .all,
    examples: Bool = false
  ) -> ScenarioLibrary {
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
      let languages = scope == .all ? nil : languagesNamed(inFiles: files)
      let loaded = LexiconLoader.load(directory: lexiconPath, languages: languages)
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
          found += linter.warnings(for: valid, examples: examples)
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

  /// Which lexicon files a load reads.
  public enum LexiconScope: Sendable {
    /// All of them (linting, reports, anything that may use another language).
    case all
    /// Those of the languages the scenario files may use: each file's top-level `language:`,
    /// and any language whose code stands before a `:` or a quote as a key would (an `en:`
    /// evidence block in a German scenario), found without parsing YAML. A file without a
    /// `language:` line needs every language. The lexicon file of another language is not read,
    /// and its problems are not reported. For commands that play one scenario: the practice
    /// console's start reads half the lexicon.
    case scenarioLanguages
  }

  /// The languages the scenario files may use (see `LexiconScope.scenarioLanguages`); nil when
  /// some file's cannot be told, or cannot be read.
  static func languagesNamed(inFiles files: [String]) -> Set<Language>? {
    var languages: Set<Language> = []
    for file in files {
      guard let text = try? String(contentsOfFile: file, encoding: .utf8), let named = languagesNamed(in: text) else { return nil }
      languages.formUnion(named)
    }
    return languages
  }

  /// A byte of a word: an ASCII letter, digit or underscore, or any byte of a non-ASCII letter
  /// ("Grüßen\"" does not name the language `en`).
  private static func isWordByte(_ byte: UInt8) -> Bool {
    (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte | 0x20) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
      || byte == UInt8(ascii: "_") || byte >= 0x80
  }

  /// The languages one scenario file may use; nil without a known top-level `language:`.
  static func languagesNamed(in text: String) -> Set<Language>? {
    guard let main = topLevelValue(of: "language", in: text).flatMap(Language.init(rawValue:)) else { return nil }
    var languages: Set<Language> = [main]
    var text = text
    text.withUTF8 { bytes in
      for language in Language.allCases where language != main {
        let code = Array(language.rawValue.utf8)
        guard bytes.count > code.count else { continue }
        for start in 0..<(bytes.count - code.count) where bytes[start] == code[0] {
          guard bytes[start..<(start + code.count)].elementsEqual(code) else { continue }
          let before = start == 0 ? UInt8(ascii: " ") : bytes[start - 1]
          let after = bytes[start + code.count]
          let standsAlone = !(isWordByte(before) || before == UInt8(ascii: "-"))
          if standsAlone, after == UInt8(ascii: ":") || after == UInt8(ascii: "\"") || after == UInt8(ascii: "'") {
            languages.insert(language)
            break
          }
        }
      }
    }
    return languages
  }

  /// Scenario files below a folder, sorted, skipping the lexicon and other reserved folders.
  public static func scenarioFiles(in directory: String) -> [String] {
    // A walk of its own rather than `FileManager.enumerator`, whose per-entry path handling
    // cost more than reading the files: every entry whose name ends in `.yaml`/`.yml`, hidden
    // ones included; folders are entered, symbolic links to folders are not (as the
    // enumerator did).
    guard isFolder(directory) else { return [] }
    var result: [String] = []
    var pending = [""]
    while let relativeFolder = pending.popLast() {
      let folder = relativeFolder.isEmpty ? directory : (directory as NSString).appendingPathComponent(relativeFolder)
      guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { continue }
      for name in names {
        // A reserved folder at any depth holds no scenarios: not walked at all (answer files are
        // most of a library's files); nor does a file of that name.
        if reservedFolders.contains(name) { continue }
        let relative = relativeFolder.isEmpty ? name : relativeFolder + "/" + name
        if name.hasSuffix(".yaml") || name.hasSuffix(".yml") {
          result.append((directory as NSString).appendingPathComponent(relative))
        }
        if isFolder((folder as NSString).appendingPathComponent(name)) { pending.append(relative) }
      }
    }
    return result.sorted()
  }

  /// Whether `path` is a folder itself, not a symbolic link to one.
  private static func isFolder(_ path: String) -> Bool {
    var info = stat()
    return lstat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
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
  ///
  /// Files named as the naming rule names them (the id ends with the file's base name:
  /// `l1-agent/unexpected-charge.yaml` for `l1-unexpected-charge`) are read first, so the usual
  /// case reads one file, not the whole library; ids are unique in a library without errors,
  /// so the order changes nothing else.
  public static func fileDeclaring(id: String, in directory: String) -> String? {
    let files = scenarioFiles(in: directory)
    func named(_ path: String) -> Bool {
      let base = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
      return !base.isEmpty && id.hasSuffix(base)
    }
    return (files.filter(named) + files.filter { !named($0) }).first { path in
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
    topLevelValue(of: "id", in: text)
  }

  /// The value of a top-level key written on its own line as `key: value` (see `topLevelID`).
  static func topLevelValue(of key: String, in text: String) -> String? {
    let prefix = Array((key + ":").utf8)
    // One pass over the bytes, line by line, without collecting the lines: it runs over every
    // file of the library before `practice --scenario` can start.
    var text = text
    return text.withUTF8 { bytes -> String? in
      func isLineEnd(_ byte: UInt8) -> Bool { byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") }
      var start = 0
      while start < bytes.count {
        var end = start
        while end < bytes.count, !isLineEnd(bytes[end]) { end += 1 }
        if end - start >= prefix.count, bytes[start..<(start + prefix.count)].elementsEqual(prefix) {
          return lineValue(bytes[(start + prefix.count)..<end])
        }
        start = end + 1
      }
      return nil
    }
  }

  /// The value after `key:` on its line: without a ` #` comment, blanks around it and quotes.
  private static func lineValue(_ line: Slice<UnsafeBufferPointer<UInt8>>) -> String {
    func isBlank(_ byte: UInt8) -> Bool { byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") }
    var value = line
    if let comment = line.indices.dropLast().first(where: { line[$0] == UInt8(ascii: " ") && line[$0 + 1] == UInt8(ascii: "#") }) {
      value = line[..<comment]
    }
    value = value.drop(while: isBlank)
    while let last = value.last, isBlank(last) { value = value.dropLast() }
    if value.count >= 2, let first = value.first, first == UInt8(ascii: "\"") || first == UInt8(ascii: "'"), value.last == first {
      value = value.dropFirst().dropLast()
    }
    return String(decoding: value, as: UTF8.self)
  }

  /// A scenario by id, or by the path it was read from.
  public func scenario(_ idOrPath: String) -> Scenario? {
    scenarios.first { $0.id == idOrPath }
      ?? scenarios.first { URL(fileURLWithPath: $0.path).standardizedFileURL.path == URL(fileURLWithPath: idOrPath).standardizedFileURL.path }
  }
}
