import Foundation
import GRDB
import Glibc
import Testing

@testable import DojoCore
@testable import DojoStore

/// Which kind of database a test runs on.
enum StoreKind: String, CustomTestStringConvertible, Sendable {
  case memory, file, postgres

  var testDescription: String { rawValue }

  /// Every kind: SQLite in memory and in a file, and PostgreSQL when the test run has a server
  /// (`TestPostgres`).
  static let allCases: [StoreKind] = [.memory, .file] + (TestPostgres.enabled ? [.postgres] : [])
  /// One SQLite store and PostgreSQL: for behaviour that does not depend on the file.
  static let sqlite: [StoreKind] = [.memory, .file]
  /// Stores that several consoles share: an SQLite file, and PostgreSQL.
  static let leases: [StoreKind] = [.file] + (TestPostgres.enabled ? [.postgres] : [])
  static let backends: [StoreKind] = [.memory] + (TestPostgres.enabled ? [.postgres] : [])
}

/// The PostgreSQL server of the test run: `make test` starts a throw-away cluster
/// (`.ci/test-postgres`) and sets `DOJO_TEST_POSTGRES_URL` to it, with
/// `DOJO_TEST_POSTGRES_REQUIRED=1` so that a missing server fails the PostgreSQL tests instead of
/// leaving them out. A plain `swift test` without the variable leaves them out and says so.
enum TestPostgres {
  static let url = ProcessInfo.processInfo.environment["DOJO_TEST_POSTGRES_URL"].flatMap { $0.isEmpty ? nil : $0 }
  static let required = ProcessInfo.processInfo.environment["DOJO_TEST_POSTGRES_REQUIRED"] == "1"

  static let enabled: Bool = {
    if url == nil && !required {
      FileHandle.standardError.write(
        Data(
          "note: DOJO_TEST_POSTGRES_URL is not set: the store tests run on SQLite only (make test runs them on PostgreSQL too)\n"
            .utf8))
    }
    return url != nil || required
  }()

  /// A fresh, empty store in a schema of its own on the test server (the cluster is thrown away
  /// after the run, schemas and all).
  static func freshStore(owner: SessionOwner = .current()) throws -> PostgresStore {
    let url = try freshURL()
    // The roles are the role tests' (PostgresRoleTests); the others need only the tables.
    try PostgresStore.initialize(url: url, roles: false)
    return try PostgresStore(url: url, owner: owner)
  }

  /// The URL of a new, empty schema on the test server.
  static func freshURL() throws -> PostgresURL {
    guard let url else {
      throw TestPostgresMissing()
    }
    let schema = "t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
    let admin = try PostgresConnection(url: PostgresURL(url))
    try admin.execute("CREATE SCHEMA \(schema)")
    let separator = url.contains("?") ? "&" : "?"
    return try PostgresURL(url + separator + "options=-csearch_path%3D\(schema)")
  }

  /// Runs one SQL statement on a store's own connection (its schema), for tests that look
  /// under the store.
  static func execute(_ store: PostgresStore, _ sql: String, _ parameters: [(any PostgresEncodable)?] = []) throws
    -> PostgresRows
  {
    try store.connection.with { try $0.execute(sql, parameters) }
  }
}

/// `make test` asked for PostgreSQL and there is none.
struct TestPostgresMissing: Error, CustomStringConvertible {
  var description: String {
    "DOJO_TEST_POSTGRES_REQUIRED=1 but DOJO_TEST_POSTGRES_URL is not set: run the tests through `make test` (.ci/test-postgres)"
  }
}

/// A fresh store of the given kind (SQLite in memory, or PostgreSQL), for tests that need no
/// file. A file store needs a folder removed afterwards: use `withStore`.
func makeStore(_ kind: StoreKind, owner: SessionOwner = .current()) throws -> any Store {
  switch kind {
  case .memory, .file: try SQLiteStore.inMemory(owner: owner)
  case .postgres: try TestPostgres.freshStore(owner: owner)
  }
}

/// One row read by SQL under the store (`?` for the id), as text, on either kind of store.
func rawTexts(_ store: any Store, _ sql: String, _ id: Int64) throws -> [String?]? {
  if let sqlite = store as? SQLiteStore {
    return try sqlite.writer.read { db in
      try Row.fetchOne(db, sql: sql, arguments: [id]).map { row in (0..<row.count).map { row[$0] as String? } }
    }
  }
  let postgres = try #require(store as? PostgresStore)
  let rows = try TestPostgres.execute(postgres, sql.replacingOccurrences(of: "?", with: "$1"), [id])
  return rows.first.map { row in (0..<rows.columns.count).map { row.text($0) } }
}

/// Runs one statement under the store, on either kind of store.
func rawExecute(_ store: any Store, _ sql: String) throws {
  if let sqlite = store as? SQLiteStore {
    try sqlite.writer.write { try $0.execute(sql: sql) }
  } else {
    _ = try TestPostgres.execute(try #require(store as? PostgresStore), sql)
  }
}

/// One number (or NULL) read by SQL under the store, on either kind of store.
func scalar(_ store: any Store, _ sql: String, _ id: Int64) throws -> Double? {
  if let sqlite = store as? SQLiteStore {
    return try sqlite.writer.read { try Double.fetchOne($0, sql: sql, arguments: [id]) }
  }
  let postgres = try #require(store as? PostgresStore)
  let rows = try TestPostgres.execute(postgres, sql.replacingOccurrences(of: "?", with: "$1"), [id])
  return try rows.first?.optional(0, as: Double.self)
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
func withStore<T>(_ kind: StoreKind, _ body: (any Store) throws -> T) throws -> T {
  switch kind {
  case .memory:
    return try body(try SQLiteStore.inMemory())
  case .postgres:
    return try body(try TestPostgres.freshStore())
  case .file:
    return try withTemporaryDirectory { directory in
      let path = directory.appendingPathComponent("nested/data/dojo.sqlite").path
      return try body(try SQLiteStore(path: path))
    }
  }
}

/// Runs `body` on a fresh SQLite store of the given kind, for tests of the SQLite file itself.
func withSQLiteStore<T>(_ kind: StoreKind, _ body: (SQLiteStore) throws -> T) throws -> T {
  switch kind {
  case .memory, .postgres:
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
