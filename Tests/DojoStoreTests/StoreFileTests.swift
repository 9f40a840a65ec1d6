import DojoCore
import Foundation
import GRDB
import Glibc
import Testing

@testable import DojoStore

/// Which files `SQLiteStore(path:access:)` accepts, and what it does to them.
@Suite("Store file")
struct StoreFileTests {
  /// Every file in `folder`, with its bytes.
  static func snapshot(_ folder: URL) throws -> [String: Data] {
    var files: [String: Data] = [:]
    for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) {
      files[name] = FileManager.default.contents(atPath: folder.appendingPathComponent(name).path)
    }
    return files
  }

  /// A store as the binary before the application id wrote it: the first four migrations only.
  static func makeLegacyStore(_ path: String) throws {
    let queue = try DatabaseQueue(path: path)
    try StoreMigrations.migrator.migrate(queue, upTo: "v2-cohorts")
    try queue.write { db in
      try db.execute(sql: "INSERT INTO trainees (name, role, created_at) VALUES ('Old Ann', 'trainee', '2026-01-01')")
    }
    try queue.close()
  }

  @Test("new stores carry the SupportDojo application id")
  func newStoreIsMarked() throws {
    try withTemporaryDirectory { directory in
      let path = directory.appendingPathComponent("dojo.sqlite").path
      let store = try SQLiteStore(path: path)
      #expect(store.opening == .created)
      let id = try store.writer.read { try Int32.fetchOne($0, sql: "PRAGMA application_id") }
      #expect(id == StoreIdentity.applicationID)
      #expect(try SQLiteStore(path: path).opening == .existing)
    }
  }

  @Test("a foreign SQLite file is refused for reading and writing, and stays byte-identical")
  func foreignDatabase() throws {
    try withTemporaryDirectory { directory in
      let path = directory.appendingPathComponent("other.db").path
      let queue = try DatabaseQueue(path: path)
      try queue.write { db in
        try db.execute(sql: "CREATE TABLE sessions (id INTEGER PRIMARY KEY, token TEXT); INSERT INTO sessions VALUES (1, 'x')")
      }
      try queue.close()
      let before = try Self.snapshot(directory)
      for access in [StoreAccess.read, .write] {
        #expect(throws: StoreError.foreignDatabase(path: path, evidence: "tables sessions")) {
          try SQLiteStore(path: path, access: access)
        }
        #expect(try Self.snapshot(directory) == before)
      }
      // Another application's mark.
      let marked = directory.appendingPathComponent("marked.db").path
      let other = try DatabaseQueue(path: marked)
      try other.write { try $0.execute(sql: "PRAGMA application_id = 7; CREATE TABLE t (x)") }
      try other.close()
      #expect(throws: StoreError.foreignDatabase(path: marked, evidence: "application id 0x7")) {
        try SQLiteStore(path: marked, access: .read)
      }
    }
  }

  @Test("an older SupportDojo store is recognised by its migrations and marked on its next write")
  func legacyStoreIsAdopted() throws {
    try withTemporaryDirectory { directory in
      let path = directory.appendingPathComponent("old.sqlite").path
      try Self.makeLegacyStore(path)
      let store = try SQLiteStore(path: path)
      #expect(store.opening == .existing)
      #expect(try store.writer.read { try Int32.fetchOne($0, sql: "PRAGMA application_id") } == StoreIdentity.applicationID)
      #expect(try store.trainees().map(\.name) == ["Old Ann"])
    }
  }

  @Test("an older store that cannot be written is not migrated: the error says so")
  func legacyReadOnlyStore() throws {
    try withTemporaryDirectory { directory in
      let path = directory.appendingPathComponent("old.sqlite").path
      try Self.makeLegacyStore(path)
      #expect(chmod(path, 0o444) == 0)
      let before = try Self.snapshot(directory)
      #expect(
        throws: StoreError.needsUpgrade(
          path: path,
          pending: ["v3-review-rules", "v-next-session-lease", "v4-application-id", "v4-demo-marks", "v5-dispute-answers"],
          why: "file mode 444")
      ) {
        try SQLiteStore(path: path, access: .read)
      }
      #expect(try Self.snapshot(directory) == before)
    }
  }

  @Test("a store with migrations this binary does not know is refused")
  func newerSchema() throws {
    try withTemporaryDirectory { directory in
      let path = directory.appendingPathComponent("dojo.sqlite").path
      let store = try SQLiteStore(path: path)
      try store.writer.write { try $0.execute(sql: "INSERT INTO grdb_migrations VALUES ('v9-lease')") }
      for access in [StoreAccess.read, .write] {
        #expect(throws: StoreError.newerSchema(path: path, unknown: ["v9-lease"])) {
          try SQLiteStore(path: path, access: access)
        }
      }
    }
  }

  @Test("a read-only store opens for reading without -wal/-shm, and refuses writes")
  func readOnlyStore() throws {
    try withTemporaryDirectory { directory in
      let path = directory.appendingPathComponent("dojo.sqlite").path
      do {
        let store = try SQLiteStore(path: path)
        _ = try store.trainee(named: "Ann")
      }
      #expect(chmod(path, 0o444) == 0)
      let before = try Self.snapshot(directory)
      #expect(before.keys.sorted() == ["dojo.sqlite"])
      do {
        let store = try SQLiteStore(path: path, access: .read)
        #expect(store.opening == .readOnly(why: "file mode 444"))
        #expect(try store.trainees().map(\.name) == ["Ann"])
        #expect(try store.progress(traineeName: nil).trainees.count == 1)
        #expect(throws: StoreError.readOnly(path: path, why: "file mode 444")) {
          try store.trainee(named: "Bob")
        }
      }
      #expect(try Self.snapshot(directory) == before)
      #expect(throws: StoreError.readOnly(path: path, why: "file mode 444")) {
        try SQLiteStore(path: path, access: .write)
      }
    }
  }

  @Test("reading a missing store creates nothing; writing creates the store and its folders")
  func missingStore() throws {
    try withTemporaryDirectory { directory in
      let path = directory.appendingPathComponent("a/b/dojo.sqlite").path
      let read = try SQLiteStore(path: path, access: .read)
      #expect(read.opening == .absent)
      #expect(try read.trainees().isEmpty)
      #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("a").path))
      #expect(try SQLiteStore(path: path, access: .write).opening == .created)
      #expect(FileManager.default.fileExists(atPath: path))
    }
  }

  @Test("a device is not a store")
  func device() {
    #expect(throws: StoreError.notARegularFile(path: "/dev/null")) {
      try SQLiteStore(path: "/dev/null", access: .read)
    }
  }

  @Test("a store path is a plain path, never an SQLite URI")
  func plainPath() {
    let cwd = FileManager.default.currentDirectoryPath
    #expect(StoreFile.plainPath("file:x.db") == cwd + "/file:x.db")
    #expect(StoreFile.plainPath("/tmp/./a/../b.db") == "/tmp/b.db")
    #expect(StoreFile.immutableURI("/tmp/a b?#%.db") == "file:/tmp/a%20b%3F%23%25.db?mode=ro&immutable=1")
  }
}

/// Demo rows: marked, removable, written in short transactions.
@Suite("Demo data")
struct DemoDataTests {
  static func request(trainees: Int, practice: Int) throws -> DemoDataRequest {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent().appendingPathComponent("scenarios").path
    let library = ScenarioLibrary.load(paths: [root], lint: false)
    let l1 = library.scenarios.filter { $0.role == .l1Agent }
    let pre = Array(l1.filter { $0.form == "A" }.prefix(2))
    let post = Array(l1.filter { $0.form == "B" }.prefix(2))
    #expect(!pre.isEmpty && !post.isEmpty)
    return DemoDataRequest(
      cohort: "demo", trainees: trainees, practicePerTrainee: practice, seed: 3, preScenarios: pre,
      postScenarios: post, practiceScenarios: l1, strongAnswers: [:], weakAnswers: [:],
      start: Date(timeIntervalSince1970: 1_780_000_000))
  }

  /// Counts commits on a connection.
  final class CommitCounter: TransactionObserver, @unchecked Sendable {
    var commits = 0
    func observes(eventsOfKind eventKind: DatabaseEventKind) -> Bool { true }
    func databaseDidChange(with event: DatabaseEvent) {}
    func databaseDidCommit(_ db: Database) { commits += 1 }
    func databaseDidRollback(_ db: Database) {}
  }

  @Test("a bulk write commits at least every 200 sessions")
  func shortTransactions() throws {
    try withTemporaryDirectory { directory in
      let store = try SQLiteStore(path: directory.appendingPathComponent("dojo.sqlite").path)
      let counter = CommitCounter()
      store.writer.add(transactionObserver: counter, extent: .databaseLifetime)
      let summary = try store.fillDemoData(try Self.request(trainees: 1, practice: 1_000))
      #expect(summary.sessions == 1_004)
      // One commit for the cohort, then one per 200 sessions at most.
      #expect(counter.commits >= 1 + 1_004 / 200)
    }
  }

  @Test("demo rows are marked, and removing them leaves everything else")
  func markAndRemove() throws {
    let store = try SQLiteStore.inMemory()
    let real = try store.startSession(newSession(trainee: "Real Rita"))
    try store.finishSession(id: real.id ?? 0, status: .finished, endedAt: date(60), handleTimeSeconds: 60, result: nil)
    let summary = try store.fillDemoData(try Self.request(trainees: 3, practice: 2))
    #expect(try store.demoSessionCount() == summary.sessions)
    #expect(try store.sessions(traineeName: nil).count == summary.sessions + 1)

    let removed = try store.removeDemoData()
    #expect(removed == DemoRemovalSummary(sessions: summary.sessions, trainees: 3, keptTrainees: 0, cohorts: 1))
    #expect(try store.demoSessionCount() == 0)
    #expect(try store.sessions(traineeName: nil).map(\.id) == [real.id])
    #expect(try store.trainees().map(\.name) == ["Real Rita"])
    #expect(try store.cohorts().isEmpty)
    #expect(try store.writer.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM turns") } == 0)
  }
}
