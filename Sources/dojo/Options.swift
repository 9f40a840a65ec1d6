import ArgumentParser
import DojoConsole
import DojoCore
import Foundation

/// Where scenarios come from, shared by every command that reads them.
struct ScenarioOptions: ParsableArguments {
  @Option(name: .customLong("scenarios"), help: "Scenario folder (default: $DOJO_SCENARIOS or ./scenarios).")
  var directory: String?

  var resolvedDirectory: String {
    directory ?? ProcessInfo.processInfo.environment["DOJO_SCENARIOS"] ?? "scenarios"
  }

  /// The lexicon for files named on the command line: the one nearest to them, else the
  /// scenario folder's (a draft written with `scenarios new --out` elsewhere still uses it).
  func lexiconDirectory(near paths: [String]) -> String? {
    paths.lazy.compactMap(ScenarioLibrary.findLexicon(near:)).first
      ?? ScenarioLibrary.findLexicon(near: resolvedDirectory)
  }

  /// Loads the library and stops with exit code 1 when it has errors.
  func loadLibrary(lint: Bool = false) throws -> ScenarioLibrary {
    let library = ScenarioLibrary.load(paths: [resolvedDirectory], lint: lint)
    if !library.errors.isEmpty {
      for diagnostic in library.errors.prefix(20) { Terminal.error(diagnostic.description) }
      if library.errors.count > 20 { Terminal.error("… and \(library.errors.count - 20) more errors; run `dojo scenarios lint`") }
      throw ExitCode(1)
    }
    return library
  }

  /// A scenario by id, or a scenario file by path (with the lexicon nearest to it). An id is
  /// looked up by a text search first, so only that file is parsed.
  func scenario(_ idOrPath: String) throws -> (Scenario, Lexicon) {
    let isPath = idOrPath.hasSuffix(".yaml") || idOrPath.hasSuffix(".yml") || idOrPath.contains("/")
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
