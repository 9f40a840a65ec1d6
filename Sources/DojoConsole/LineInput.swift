import CReadline
import Foundation
import Synchronization

/// Where the console reads lines from: GNU readline on a terminal, plain lines from a pipe.
public protocol LineInput: AnyObject {
  /// Reads one line; nil at end of input (Ctrl-D or end of the pipe).
  func readLine(prompt: String) -> String?
  /// Whether a person is typing (prompts, delays and colours make sense).
  var isInteractive: Bool { get }
  /// What Tab completes after `/escalate` and `/transfer` (the scenario's organisation).
  func useTargets(tiers: [String], teams: [String])
}

extension LineInput {
  public func useTargets(tiers: [String], teams: [String]) {}
}

/// Plain line input for pipes and files: no prompt is written, nothing is echoed.
public final class PlainLineInput: LineInput {
  public init() {}
  public var isInteractive: Bool { false }

  public func readLine(prompt: String) -> String? {
    Swift.readLine(strippingNewline: true)
  }
}

/// Lines from a list, for tests and scripted runs.
public final class ScriptedLineInput: LineInput {
  private var lines: [String]
  public private(set) var prompts: [String] = []

  public init(_ lines: [String]) { self.lines = lines }
  public var isInteractive: Bool { false }

  public func readLine(prompt: String) -> String? {
    prompts.append(prompt)
    return lines.isEmpty ? nil : lines.removeFirst()
  }
}

/// GNU readline: line editing, a history file appended to as each line is entered, and Tab
/// completion of slash commands, escalation tiers and transfer teams.
public final class ReadlineInput: LineInput {
  private let historyPath: String?

  /// Completion candidates live in a static because readline's callbacks cannot capture.
  private static let completion = Mutex(Completion())

  struct Completion {
    var commands: [String] = []
    var tiers: [String] = []
    var teams: [String] = []
    var matches: [String] = []
    var index = 0
  }

  public init(historyPath: String?, commands: [String], tiers: [String], teams: [String]) {
    self.historyPath = historyPath
    Self.configureCompletion(commands: commands, tiers: tiers, teams: teams)
    dojo_rl_set_name(strdup("dojo"))
    dojo_rl_set_completion(readlineCompletion)
    if let historyPath {
      try? FileManager.default.createDirectory(
        atPath: (historyPath as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
      if !FileManager.default.fileExists(atPath: historyPath) {
        _ = FileManager.default.createFile(atPath: historyPath, contents: nil)
      }
      read_history(historyPath)
    }
  }

  public var isInteractive: Bool { true }

  public func readLine(prompt: String) -> String? {
    guard let raw = readline(prompt) else { return nil }
    defer { free(raw) }
    let line = String(cString: raw)
    if !line.trimmingCharacters(in: .whitespaces).isEmpty {
      add_history(raw)
      if let historyPath {
        append_history(1, historyPath)
        history_truncate_file(historyPath, 1000)
      }
    }
    return line
  }

  public func useTargets(tiers: [String], teams: [String]) {
    Self.completion.withLock {
      $0.tiers = tiers
      $0.teams = teams
    }
  }

  /// Sets what Tab completes: commands at the start of a line, tiers after `/escalate`, teams
  /// after `/transfer`.
  static func configureCompletion(commands: [String], tiers: [String], teams: [String]) {
    completion.withLock {
      $0.commands = commands
      $0.tiers = tiers
      $0.teams = teams
    }
  }

  /// Candidates for the word being completed, given the whole line so far.
  static func candidates(line: String, word: String) -> [String] {
    completion.withLock { state in
      let trimmed = line.trimmingCharacters(in: .whitespaces)
      let pool: [String]
      if trimmed.hasPrefix("/escalate ") || trimmed == "/escalate" && line.hasSuffix(" ") {
        pool = state.tiers
      } else if trimmed.hasPrefix("/transfer ") || trimmed == "/transfer" && line.hasSuffix(" ") {
        pool = state.teams
      } else if word.hasPrefix("/") && !trimmed.contains(" ") {
        pool = state.commands
      } else {
        pool = []
      }
      return pool.filter { $0.hasPrefix(word) }
    }
  }
}

/// readline's attempted-completion hook: hands the candidates to `rl_completion_matches`.
private func readlineCompletion(
  _ text: UnsafePointer<CChar>?, _ start: Int32, _ end: Int32
) -> UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? {
  dojo_rl_set_completion_over(1)
  let word = text.map { String(cString: $0) } ?? ""
  let buffer = dojo_rl_line_buffer().map { String(cString: $0) } ?? ""
  let line = String(decoding: buffer.utf8.prefix(Int(end)), as: UTF8.self)
  ReadlineInput.prepareMatches(line: line, word: word)
  return rl_completion_matches(text, readlineGenerator)
}

/// readline's generator: returns the next prepared match (malloc'd), then NULL.
private func readlineGenerator(_ text: UnsafePointer<CChar>?, _ state: Int32) -> UnsafeMutablePointer<CChar>? {
  guard let match = ReadlineInput.nextMatch(restart: state == 0) else { return nil }
  return strdup(match)
}

extension ReadlineInput {
  static func prepareMatches(line: String, word: String) {
    let matches = candidates(line: line, word: word)
    completion.withLock {
      $0.matches = matches
      $0.index = 0
    }
  }

  static func nextMatch(restart: Bool) -> String? {
    completion.withLock { state in
      if restart { state.index = 0 }
      guard state.index < state.matches.count else { return nil }
      let match = state.matches[state.index]
      state.index += 1
      return match
    }
  }
}

// MARK: - Ctrl-C

/// Ctrl-C during a session: one line saying the session is kept and how to resume it, then exit
/// 130. The line is prepared before the signal can come, because a signal handler may only write
/// and exit. Under readline the handler runs after readline has restored the terminal (readline
/// passes the signal on to the handler that was in place when it was called).
public enum InterruptNotice {
  private static let capacity = 4096
  nonisolated(unsafe) private static let buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
  private static let length = Atomic<Int>(0)

  /// Shows `message` on Ctrl-C and exits 130, until `end()`.
  public static func begin(_ message: String) {
    let bytes = Array(("\n" + message + "\n").utf8.prefix(capacity))
    length.store(0, ordering: .sequentiallyConsistent)
    bytes.withUnsafeBufferPointer { buffer.update(from: $0.baseAddress!, count: $0.count) }
    length.store(bytes.count, ordering: .sequentiallyConsistent)
    signal(SIGINT, interruptHandler)
    // A parent may have started us with SIGINT blocked (test runners do); Ctrl-C must still work.
    var set = sigset_t()
    sigemptyset(&set)
    sigaddset(&set, SIGINT)
    pthread_sigmask(SIG_UNBLOCK, &set, nil)
  }

  /// Ctrl-C ends the program as before.
  public static func end() {
    signal(SIGINT, SIG_DFL)
    length.store(0, ordering: .sequentiallyConsistent)
  }

  fileprivate static func leave() -> Never {
    let count = length.load(ordering: .sequentiallyConsistent)
    if count > 0 { _ = write(STDOUT_FILENO, buffer, count) }
    _exit(130)
  }
}

private func interruptHandler(_ signal: Int32) {
  InterruptNotice.leave()
}
