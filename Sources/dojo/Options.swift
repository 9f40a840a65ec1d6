import ArgumentParser
import DojoConsole
import DojoCore
import DojoStore
import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// Where scenarios come from, shared by every command that reads them.
struct ScenarioOptions: ParsableArguments {
  @Option(
    name: .customLong("scenarios"),
    help: "Scenario folder (default: $DOJO_SCENARIOS, else ./scenarios, else the installed library).")
  var directory: String?

  /// The folder named with --scenarios or $DOJO_SCENARIOS, else the first of ./scenarios and the
  /// installed library (PREFIX/share/supportdojo/scenarios beside PREFIX/bin/dojo) that exists,
  /// else "scenarios" (which `requireLibrary()` reports as missing).
  var resolvedDirectory: String { Self.resolvedDirectory(named: directory) }

  /// The library folder when `--scenarios` names `directory` (or nothing): the rule above, also
  /// used by shell completion, which reads `--scenarios` from the words typed.
  static func resolvedDirectory(named directory: String?) -> String {
    if let explicit = explicitDirectory(named: directory) { return explicit }
    return defaultLibraries.first { FileManager.default.fileExists(atPath: $0) } ?? "scenarios"
  }

  private var explicitDirectory: String? { Self.explicitDirectory(named: directory) }

  private static func explicitDirectory(named directory: String?) -> String? {
    directory ?? ProcessInfo.processInfo.environment["DOJO_SCENARIOS"].flatMap { $0.isEmpty ? nil : $0 }
  }

  /// Where a library is looked for when none is named: the working folder's, then the one
  /// `make install` puts beside the executable (symbolic links to it resolved).
  static var defaultLibraries: [String] {
    var candidates = ["scenarios"]
    if let executable = Bundle.main.executableURL?.resolvingSymlinksInPath() {
      let prefix = executable.deletingLastPathComponent().deletingLastPathComponent()
      candidates.append(prefix.appendingPathComponent("share/supportdojo/scenarios").path)
    }
    return candidates
  }

  /// Stops with one line and exit code 1 when there is no library to read: nothing named and
  /// none found, or the named folder missing.
  func requireLibrary() throws {
    let path = resolvedDirectory
    if FileManager.default.fileExists(atPath: path) { return }
    if let explicit = explicitDirectory {
      let how = directory != nil ? "--scenarios" : "DOJO_SCENARIOS"
      Terminal.error("no scenario library at \(explicit) (from \(how)): no such file or folder")
    } else {
      Terminal.error("no scenario library found: pass --scenarios DIR or set DOJO_SCENARIOS")
    }
    throw ExitCode(1)
  }

  /// The lexicon for files named on the command line: the one nearest to them, else the
  /// scenario folder's (a draft written with `scenarios new --out` elsewhere still uses it).
  func lexiconDirectory(near paths: [String]) -> String? {
    paths.lazy.compactMap(ScenarioLibrary.findLexicon(near:)).first
      ?? ScenarioLibrary.findLexicon(near: resolvedDirectory)
  }

  /// Loads the library and stops with exit code 1 when it has errors.
  func loadLibrary(lint: Bool = false) throws -> ScenarioLibrary {
    try requireLibrary()
    let library = ScenarioLibrary.load(paths: [resolvedDirectory], lint: lint)
    if !library.errors.isEmpty {
      for diagnostic in library.errors.prefix(20) { Terminal.error(diagnostic.description) }
      if library.errors.count > 20 { Terminal.error("… and \(library.errors.count - 20) more errors; run `dojo scenarios lint`") }
      throw ExitCode(1)
    }
    return library
  }

  /// The summaries of the library's scenarios, from the cache of `ScenarioCatalog` (files that
  /// changed are read again); when the library has errors, it is loaded to report them (exit 1).
  func catalog() throws -> [CatalogEntry] {
    try requireLibrary()
    if let catalog = ScenarioCatalog.load(directory: resolvedDirectory) { return catalog.entries }
    return try loadLibrary().scenarios.map(CatalogEntry.init)
  }

  /// The catalog when the library reads cleanly, else nil (the caller loads the library, which
  /// reports its errors).
  func cleanCatalog() throws -> [CatalogEntry]? {
    try requireLibrary()
    return ScenarioCatalog.load(directory: resolvedDirectory)?.entries
  }

  /// The library of one scenario file of the library folder (with the folder's lexicon).
  func libraryOfFile(_ file: String) throws -> ScenarioLibrary? {
    let library = ScenarioLibrary.load(
      paths: [file], lexiconDirectory: ScenarioLibrary.findLexicon(near: resolvedDirectory), lint: false,
      lexicon: .scenarioLanguages)
    if !library.errors.isEmpty {
      for diagnostic in library.errors.prefix(20) { Terminal.error(diagnostic.description) }
      throw ExitCode(1)
    }
    return library
  }

  /// A library of the one scenario with this id (and the lexicon), read without parsing the
  /// other files; nil when no file declares the id. `practice --scenario` starts on it.
  func libraryOfOne(_ id: String) throws -> ScenarioLibrary? {
    try requireLibrary()
    guard let file = ScenarioLibrary.fileDeclaring(id: id, in: resolvedDirectory) else { return nil }
    // The content version comes from the cache when the file is unchanged (`ScenarioVersionCache`).
    let before = ScenarioVersionCache.hashes(of: [file])
    var library = ScenarioLibrary.load(
      paths: [file], lexiconDirectory: ScenarioLibrary.findLexicon(near: resolvedDirectory), lint: false,
      versions: false, lexicon: .scenarioLanguages)
    ScenarioVersionCache.fill(&library, bytesBefore: before)
    if !library.errors.isEmpty {
      for diagnostic in library.errors.prefix(20) { Terminal.error(diagnostic.description) }
      throw ExitCode(1)
    }
    return library.scenario(id) == nil ? nil : library
  }

  /// A scenario by id, or a scenario file by path (with the lexicon nearest to it). An id is
  /// looked up by a text search first, so only that file is parsed.
  func scenario(_ idOrPath: String) throws -> (Scenario, Lexicon) {
    let isPath = idOrPath.hasSuffix(".yaml") || idOrPath.hasSuffix(".yml") || idOrPath.contains("/")
    if !isPath { try requireLibrary() }
    let file = isPath ? idOrPath : ScenarioLibrary.fileDeclaring(id: idOrPath, in: resolvedDirectory)
    if let file {
      let lexiconDirectory = isPath ? self.lexiconDirectory(near: [file]) : ScenarioLibrary.findLexicon(near: resolvedDirectory)
      let library = ScenarioLibrary.load(paths: [file], lexiconDirectory: lexiconDirectory, lint: false)
      if !library.errors.isEmpty {
        for diagnostic in library.errors.prefix(20) { Terminal.error(diagnostic.description) }
        throw ExitCode(1)
      }
      if let scenario = library.scenarios.first { return (scenario, library.lexicon) }
      if isPath {
        Terminal.error("\(idOrPath): no scenario found")
        throw ExitCode(1)
      }
    }
    let library = try loadLibrary()
    guard let scenario = library.scenario(idOrPath) else {
      let ids = library.scenarios.map(\.id)
      let hint = Suggestion.closest(idOrPath, ids).map { " (did you mean '\($0)'?)" } ?? ""
      Terminal.error("unknown scenario '\(idOrPath)' in \(resolvedDirectory)\(hint); `dojo scenarios list` shows them")
      throw ExitCode(1)
    }
    return (scenario, library.lexicon)
  }
}

/// Where the store is, shared by every command that reads or writes sessions.
///
/// The value is a plain file path (`file:x.db` is a file named so, not an SQLite URI), or a
/// `postgres://USER@HOST:PORT/DATABASE` URL of a team server (`PostgresStore`; the password comes
/// from `PGPASSWORD` or `~/.pgpass`, never from the URL). Commands that only read open the store with `openForReading()`: nothing is created or
/// migrated, a read-only store works, and a missing one reads as empty.
struct StoreOptions: ParsableArguments {
  @Option(name: .customLong("store"), help: "SQLite store file or postgres://USER@HOST:PORT/DB (default: $DOJO_STORE or $XDG_DATA_HOME/supportdojo/dojo.sqlite).")
  var path: String?

  var resolvedPath: String { path ?? SQLiteStore.defaultPath() }

  /// Opens the store for a command that writes: creates it (and its folder) when missing, and
  /// says so on stderr.
  func open() throws -> any Store {
    try open(access: .write)
  }

  /// Opens the store for a command that only reads.
  func openForReading() throws -> any Store {
    try open(access: .read)
  }

  /// With `DOJO_TRACE_SQL=FILE`, every statement the store runs is appended to FILE with its
  /// arguments written in, each ending in `;` and a new line, ready for the `sqlite3` shell or
  /// `psql` (the report benchmarks' baselines, `make bench-reports`, `make bench-reports-postgres`).
  private static func sqlTrace() -> (@Sendable (String) -> Void)? {
    guard let file = ProcessInfo.processInfo.environment["DOJO_TRACE_SQL"], !file.isEmpty else { return nil }
    let fd = Glibc.open(file, O_WRONLY | O_CREAT | O_APPEND, 0o644)
    guard fd >= 0 else { return nil }
    return { sql in
      // One write per statement: O_APPEND keeps the lines of concurrent readers whole.
      let line = Array((sql + ";\n").utf8)
      _ = line.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
    }
  }

  private func open(access: StoreAccess) throws -> any Store {
    if PostgresURL.isPostgres(resolvedPath) {
      Self.reportWaits()
      do {
        return try PostgresStore(url: PostgresURL(resolvedPath), trace: Self.sqlTrace())
      } catch {
        Terminal.error(error.localizedDescription)
        throw ExitCode(1)
      }
    }
    return try openSQLite(access: access)
  }

  /// Waits for another program's write lock, or for an unreachable server, are reported on
  /// stderr, so a pause is explained.
  private static func reportWaits() {
    SQLiteStore.reportWaits { wait in
      switch wait {
      case .waiting(_, let seconds): Terminal.warning(UIStrings.en.format(.storeWaiting, String(seconds)))
      case .unreachable(_, let seconds): Terminal.warning(UIStrings.en.format(.storeUnreachable, String(seconds)))
      case .done(_, let seconds): Terminal.warning(UIStrings.en.format(.storeDone, String(seconds)))
      }
    }
  }

  /// Opens an SQLite store for writing, for commands that work on the file alone
  /// (`demo-data`); a PostgreSQL URL is refused with one line.
  func openSQLite() throws -> SQLiteStore {
    if PostgresURL.isPostgres(resolvedPath) {
      Terminal.error("this command works on SQLite stores only; pass --store FILE")
      throw ExitCode(1)
    }
    return try openSQLite(access: .write)
  }

  private func openSQLite(access: StoreAccess) throws -> SQLiteStore {
    Self.reportWaits()
    let store: SQLiteStore
    do {
      store = try SQLiteStore(path: resolvedPath, access: access, trace: Self.sqlTrace())
    } catch {
      // The store's errors name the path and the way on: one line.
      Terminal.error(error.localizedDescription)
      throw ExitCode(1)
    }
    let shown = store.path ?? resolvedPath
    switch store.opening {
    case .created:
      Terminal.note("created store at \(shown)")
    case .absent:
      Terminal.note("no store at \(shown) yet: nothing recorded (practise a scenario, or pass --store)")
    default:
      break
    }
    if access == .read, let demo = try? store.demoSessionCount(), demo > 0 {
      let remove = path.map { "dojo demo-data --remove --store \(shellQuoted($0))" } ?? "dojo demo-data --remove --yes"
      Terminal.note("the store holds \(demo) demo sessions from `dojo demo-data`, included here; `\(remove)` deletes them")
    }
    return store
  }
}

/// A path as a shell word, quoted only when it needs to be.
private func shellQuoted(_ text: String) -> String {
  let plain = text.allSatisfy { $0.isLetter || $0.isNumber || "/._-+,:@%".contains($0) }
  return plain && !text.isEmpty ? text : "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
}

/// Output formats for commands with a machine form.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
  case text, json
}

enum TableFormat: String, ExpressibleByArgument, CaseIterable {
  case table, json
}

/// stdout/stderr helpers for the command line.
enum Terminal {
  static func error(_ message: String) {
    FileHandle.standardError.write(Data("dojo: error: \(neutralized(message))\n".utf8))
  }

  /// A one-line remark on stderr that is neither a warning nor an error.
  static func note(_ message: String) {
    FileHandle.standardError.write(Data("dojo: note: \(neutralized(message))\n".utf8))
  }

  static func warning(_ message: String) {
    FileHandle.standardError.write(Data("dojo: warning: \(neutralized(message))\n".utf8))
  }

  static var stderrIsTerminal: Bool { isatty(STDERR_FILENO) == 1 }

  /// A progress line on stderr, only when stderr is a terminal.
  static func progress(_ message: String) {
    guard stderrIsTerminal else { return }
    FileHandle.standardError.write(Data("\r\u{1B}[2K\(message)".utf8))
  }

  static func endProgress() {
    guard stderrIsTerminal else { return }
    FileHandle.standardError.write(Data("\r\u{1B}[2K".utf8))
  }

  /// Prints a value as pretty JSON with stable, snake_case keys.
  static func printJSON<T: Encodable>(_ value: T) throws {
    print(try jsonText(value))
  }
}

/// A day (`2026-03-01`, UTC midnight) or an ISO 8601 date and time.
struct SinceDate: ExpressibleByArgument {
  var date: Date
  /// As typed, for messages.
  var argument: String

  init?(argument: String) {
    self.argument = argument
    // The day-only format also accepts a longer string (dropping the time), so it only gets a bare day.
    if argument.count == 10, let date = try? Date(argument, strategy: .iso8601.year().month().day().dateSeparator(.dash)) {
      self.date = date
    } else if let date = try? Date(argument, strategy: .iso8601) {
      self.date = date
    } else {
      return nil
    }
  }

  static var defaultCompletionKind: CompletionKind { .default }
}

/// Writing command output to stdout or a file.
enum Output {
  /// Writes `text` to `path`, or to stdout when nil; with `createFolders`, missing folders on the
  /// way are made (an export into a new folder). A failure is one line naming why, exit 1.
  /// Control and bidi characters that slipped past the renderers are neutralised here
  /// (`TextSafety.terminalSafe`), in files as on stdout.
  static func write(_ text: String, to path: String?, createFolders: Bool = false) throws {
    let text = TextSafety.terminalSafe(text)
    guard let path else {
      FileHandle.standardOutput.write(Data(text.utf8))
      return
    }
    do {
      if createFolders {
        try FileManager.default.createDirectory(
          atPath: URL(fileURLWithPath: path).deletingLastPathComponent().path, withIntermediateDirectories: true)
      }
      try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
    } catch {
      Terminal.error("cannot write \(path): \(reason(path, error))")
      throw ExitCode(1)
    }
  }

  /// Why a file cannot be written, in words (Foundation says "The file doesn't exist" when the
  /// folder is missing).
  static func reason(_ path: String, _ error: (any Error)?) -> String {
    let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
    var isFolder: ObjCBool = false
    if !FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder) { return "folder \(folder) does not exist" }
    if !isFolder.boolValue { return "\(folder) is not a folder" }
    if !FileManager.default.isWritableFile(atPath: folder) { return "folder \(folder) is not writable" }
    return error.map { ($0 as NSError).localizedDescription } ?? "it cannot be created"
  }
}
