import DojoStore
import Foundation
import Glibc
import Testing

@testable import DojoCore

/// Which kind of database a test runs on.
enum StoreKind: String, CaseIterable, CustomTestStringConvertible, Sendable {
  case memory, file

  var testDescription: String { rawValue }
}

/// A fresh temporary directory, removed when the body returns.
func withTemporaryDirectory<T>(_ body: (URL) throws -> T) throws -> T {
  let directory = FileManager.default.temporaryDirectory
    .appendingPathComponent("dojo-store-tests-\(UUID().uuidString)")
  try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
  defer { try? FileManager.default.removeItem(at: directory) }
  return try body(directory)
}

/// Async variant of `withTemporaryDirectory`.
func withAsyncTemporaryDirectory<T>(_ body: (URL) async throws -> T) async throws -> T {
  let directory = FileManager.default.temporaryDirectory
    .appendingPathComponent("dojo-store-tests-\(UUID().uuidString)")
  try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
  defer { try? FileManager.default.removeItem(at: directory) }
  return try await body(directory)
}

/// Runs `body` on a fresh store of the given kind (a file store in a nested, not yet existing
/// directory, so that directory creation is exercised too).
func withStore<T>(_ kind: StoreKind, _ body: (SQLiteStore) throws -> T) throws -> T {
  switch kind {
  case .memory:
    return try body(try SQLiteStore.inMemory())
  case .file:
    return try withTemporaryDirectory { directory in
      let path = directory.appendingPathComponent("nested/data/dojo.sqlite").path
      return try body(try SQLiteStore(path: path))
    }
  }
}

/// A date with a whole number of milliseconds, so it survives the database unchanged.
func date(_ seconds: Double) -> Date {
  Date(timeIntervalSince1970: 1_750_000_000 + seconds)
}

/// A new session of a fixed scenario.
func newSession(
  trainee: String = "Alice", scenario: String = "l1-unexpected-charge", role: String = "l1-agent",
  mode: SessionMode = .practice, at seconds: Double = 0, pid: Int32? = nil
) -> NewSession {
  NewSession(
    traineeName: trainee, scenarioID: scenario, scenarioVersion: "0123456789abcdef",
    scenarioTitle: "Title of \(scenario)", role: role, language: "en", channel: "chat",
    mode: mode, seed: 42, startedAt: date(seconds), pid: pid)
}

/// A score result with two criteria and a correct escalation.
func sampleResult(score: Double = 83.5, passed: Bool = true, turns: Int = 2) -> ScoreResult {
  let greet = CriterionResult(
    id: "greet", name: "Greets the customer", score: 2, max: 2, weight: 1, met: true,
    applicable: true, critical: false, bonus: false,
    evidence: [Evidence(turn: 1, pattern: "hello", words: ["hello"])], violations: [],
    tip: "Say hello.", modelAnswer: "Hello, how can I help?")
  let verify = CriterionResult(
    id: "verify-order", name: "Checks the order history", score: nil, max: 3, weight: 2.5,
    met: false, applicable: false, critical: true, bonus: false, evidence: [], violations: [],
    tip: "Look at the order history first.", modelAnswer: nil)
  let escalation = EscalationResult(
    expected: "escalate:l2-specialist", actual: "escalate:l2-specialist", verdict: .correct,
    turn: 2, note: "Order checked; charge of 19.99 unexplained", handoffPresent: ["order-id"],
    handoffMissing: [], explanation: "Handed over on time with a complete note.")
  return ScoreResult(
    scenario: "l1-unexpected-charge", version: "0123456789abcdef", score: score,
    rawScore: score + 1.5, passScore: 70, passed: passed, criticalMisses: [],
    criteria: [greet, verify], escalation: escalation, ending: .escalated, endingMood: .satisfied,
    csatProxy: 4, fcrProxy: true, turns: turns)
}

/// The pid of a process that has exited and been reaped.
func deadPID() throws -> Int32 {
  // posix_spawn + waitpid on this pid: Foundation's waitUntilExit can miss an exit while other
  // tests start processes in parallel, and then hangs.
  var pid: pid_t = 0
  let argv: [UnsafeMutablePointer<CChar>?] = [strdup("/bin/true"), nil]
  defer { argv.forEach { free($0) } }
  guard posix_spawn(&pid, "/bin/true", nil, nil, argv, nil) == 0 else { throw CocoaError(.executableLoad) }
  var status: Int32 = 0
  while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
  return pid
}
