import DojoStore
import Foundation
import GRDB
import Testing

@Suite("Migrations")
struct MigrationTests {
  @Test("v1 creates the tables, columns and indexes", arguments: StoreKind.sqlite)
  func createsSchema(kind: StoreKind) throws {
    try withSQLiteStore(kind) { store in
      try store.writer.read { db in
        let tables = try String.fetchAll(
          db,
          sql:
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
        )
        // Every migration's tables, in name order; v1's columns stay as they were.
        #expect(
          tables == [
            "calibration_reviewers", "calibration_rounds", "calibration_sessions", "cohort_members",
            "cohort_plan_scenarios", "cohorts", "criterion_scores", "dispute_answers", "disputes", "escalations", "grdb_migrations",
            "hints", "notes", "review_scores", "reviews", "role_changes", "scenario_versions", "scorings", "session_leases",
            "sessions", "trainees", "turns",
          ])
        #expect(
          try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations")
            == [
              "v1", "v2-reviews", "v2-scenario-versions", "v2-cohorts", "v3-review-rules",
              "v-next-session-lease", "v4-application-id", "v4-demo-marks", "v5-dispute-answers",
            ])

        #expect(
          try db.columns(in: "sessions").map(\.name) == [
            "id", "trainee_id", "scenario_id", "scenario_version", "scenario_title", "role",
            "language", "channel", "mode", "phase", "cohort", "form", "seed", "started_at",
            "ended_at", "status", "pid", "ending", "score", "raw_score", "passed",
            "escalation_verdict", "csat_proxy", "fcr_proxy", "handle_time_seconds", "hints_used",
            "turns", "result_json", "reviewed_score", "reviewed_passed", "demo",
          ])
        #expect(
          try db.columns(in: "turns").map(\.name) == [
            "id", "session_id", "seq", "speaker", "node_id", "turn", "text", "action", "target",
            "at", "latency_seconds",
          ])
        #expect(
          try db.columns(in: "criterion_scores").map(\.name) == [
            "id", "session_id", "criterion_id", "score", "max", "weight", "met", "applicable",
            "critical", "evidence_json", "source", "created_at",
          ])
        #expect(try db.columns(in: "trainees").map(\.name) == ["id", "name", "role", "created_at", "demo"])
        #expect(
          try db.columns(in: "escalations").map(\.name) == [
            "id", "session_id", "turn", "kind", "target", "note", "at",
          ])
        #expect(
          try db.columns(in: "notes").map(\.name) == ["id", "session_id", "turn", "text", "at"])
        #expect(
          try db.columns(in: "hints").map(\.name) == [
            "id", "session_id", "turn", "node_id", "text", "at",
          ])

        let sessionIndexes = Set(try db.indexes(on: "sessions").map(\.columns))
        #expect(
          sessionIndexes == [
            ["trainee_id", "started_at"], ["scenario_id"], ["cohort", "phase"], ["status"], ["demo"],
          ])
        #expect(
          try db.indexes(on: "turns").contains {
            $0.columns == ["session_id", "seq"] && $0.isUnique
          })
        #expect(try db.indexes(on: "trainees").contains { $0.columns == ["name"] && $0.isUnique })

        let turnKeys = try db.foreignKeys(on: "turns")
        #expect(turnKeys.map(\.destinationTable) == ["sessions"])
        #expect(try Bool.fetchOne(db, sql: "PRAGMA foreign_keys") == true)
      }
    }
  }

  @Test("a file store is in WAL mode and reopens without migrating again")
  func fileStoreReopens() throws {
    try withTemporaryDirectory { directory in
      let path = directory.appendingPathComponent("dojo.sqlite").path
      let first = try SQLiteStore(path: path)
      _ = try first.startSession(newSession())
      #expect(
        try first.writer.read { try String.fetchOne($0, sql: "PRAGMA journal_mode") } == "wal")

      let second = try SQLiteStore(path: path)
      #expect(try second.sessions().count == 1)
      #expect(
        try second.writer.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM grdb_migrations") }
          == first.writer.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM grdb_migrations") })
    }
  }

  @Test("constraints reject values outside the allowed sets", arguments: StoreKind.sqlite)
  func constraints(kind: StoreKind) throws {
    try withSQLiteStore(kind) { store in
      let session = try store.startSession(newSession())
      #expect(throws: DatabaseError.self) {
        try store.writer.write { db in
          try db.execute(
            sql: "UPDATE sessions SET status = 'paused' WHERE id = ?", arguments: [session.id])
        }
      }
      #expect(throws: DatabaseError.self) {
        try store.writer.write { db in
          try db.execute(
            sql: "INSERT INTO notes (session_id, turn, text, at) VALUES (999, 0, 'x', '2025-01-01')"
          )
        }
      }
    }
  }

  @Test("deleting a session removes its lines")
  func cascade() throws {
    let store = try SQLiteStore.inMemory()
    let session = try store.startSession(newSession())
    let id = try #require(session.id)
    try store.appendTurn(
      sessionID: id, speaker: .customer, nodeID: "start", turn: nil, text: "Hi", action: nil,
      target: nil, at: date(1), latency: nil)
    try store.writer.write { db in
      try db.execute(sql: "DELETE FROM sessions WHERE id = ?", arguments: [id])
    }
    #expect(try store.writer.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM turns") } == 0)
  }
}

@Suite("Opening")
struct OpeningTests {
  @Test("a path whose parent is a file cannot have its directory created")
  func parentIsFile() throws {
    try withTemporaryDirectory { directory in
      let blocker = directory.appendingPathComponent("blocker")
      try Data("x".utf8).write(to: blocker)
      let path = blocker.appendingPathComponent("dojo.sqlite").path
      do {
        _ = try SQLiteStore(path: path)
        Issue.record("expected an error")
      } catch let error as StoreError {
        guard case .cannotCreateDirectory(let failed, _) = error else {
          Issue.record("unexpected error \(error)")
          return
        }
        #expect(failed == blocker.path)
        #expect(error.localizedDescription.hasPrefix("cannot create folder \(blocker.path)"))
      }
    }
  }

  @Test("a file that is not a database gives a clear error naming it")
  func notADatabase() throws {
    try withTemporaryDirectory { directory in
      let path = directory.appendingPathComponent("dojo.sqlite").path
      try Data(String(repeating: "not a database\n", count: 100).utf8)
        .write(to: URL(fileURLWithPath: path))
      do {
        _ = try SQLiteStore(path: path)
        Issue.record("expected an error")
      } catch let error as StoreError {
        guard case .notSQLite(let failed) = error else {
          Issue.record("unexpected error \(error)")
          return
        }
        #expect(failed == path)
        #expect(error.localizedDescription.hasPrefix("\(path) is not a SupportDojo store (not an SQLite database)"))
      }
    }
  }

  @Test("errors read well")
  func messages() {
    #expect(StoreError.unknownSession(7).localizedDescription == "unknown session 7")
    #expect(StoreError.unknownTrainee("Bo").localizedDescription == "unknown trainee \"Bo\"")
    #expect(
      StoreError.notResumable(id: 3, status: .finished).localizedDescription
        == "session 3 is finished: only interrupted sessions can be resumed")
  }
}
