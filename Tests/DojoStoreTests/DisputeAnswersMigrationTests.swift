@testable import DojoStore
import Foundation
import GRDB
import Testing

/// "v5-dispute-answers" on a store made before it: answers given move to their own table, the
/// disputes keep their ids and what the trainee wrote, and both read as before.
@Suite("Disputes become append-only (v5-dispute-answers)")
struct DisputeAnswersMigrationTests {
  @Test("an answered and an open dispute of an older store read the same after the migration")
  func olderStore() throws {
    try withTemporaryDirectory { directory in
      let path = directory.appendingPathComponent("old.sqlite").path
      let old = try DatabaseQueue(path: path)
      try StoreMigrations.migrator.migrate(old, upTo: "v4-demo-marks")
      try old.write { db in
        try db.execute(
          sql: """
            INSERT INTO trainees (id, name, role, created_at) VALUES (1, 'tess', 'trainee', '2026-01-01 09:00:00.000'),
              (2, 'lea', 'lead', '2026-01-01 09:00:00.000');
            INSERT INTO sessions (id, trainee_id, scenario_id, scenario_version, scenario_title, role, language, channel,
              mode, seed, started_at, status)
              VALUES (1, 1, 's', 'v', 'S', 'l1-agent', 'en', 'chat', 'practice', 1, '2026-01-01 10:00:00.000', 'finished');
            INSERT INTO reviews (id, session_id, reviewer_id, kind, score, raw_score, passed, created_at)
              VALUES (1, 1, 2, 'dispute-answer', 80, 8, 1, '2026-01-02 10:00:00.000');
            INSERT INTO disputes (id, session_id, criterion_id, trainee_id, comment, created_at, state, answer,
              answered_by, answered_at, answer_score, review_id)
              VALUES (4, 1, 'empathy', 1, 'I did', '2026-01-01 11:00:00.000', 'accepted', 'Right', 2,
                '2026-01-02 10:00:00.000', 2, 1);
            INSERT INTO disputes (id, session_id, criterion_id, trainee_id, comment, created_at)
              VALUES (7, 1, 'verify', 1, 'Also this', '2026-01-01 11:05:00.000');
            """)
      }
      try old.close()

      let store = try SQLiteStore(path: path)
      let disputes = try store.disputes(sessionID: 1)
      #expect(disputes.map(\.id) == [4, 7])
      #expect(disputes.map(\.state) == [.accepted, .open])
      #expect(disputes[0].answer == "Right" && disputes[0].answeredBy == 2 && disputes[0].answerScore == 2)
      #expect(disputes[0].reviewID == 1 && disputes[0].comment == "I did")
      #expect(disputes[1].answer == nil && disputes[1].answeredAt == nil)
      #expect(try store.openDisputes(sessionID: 1).map(\.id) == [7])
      let columns = try store.writer.read { db in try db.columns(in: "disputes").map(\.name) }
      #expect(columns == ["id", "session_id", "criterion_id", "trainee_id", "comment", "created_at"])
      let answers = try store.writer.read { db in
        try Row.fetchAll(db, sql: "SELECT dispute_id, state, answer_score FROM dispute_answers")
      }
      #expect(answers.count == 1 && answers.first?["dispute_id"] == 4 && answers.first?["state"] == "accepted")
      // A new dispute takes the next id, never one of the moved ones.
      let next = try store.writer.write { db in
        try db.execute(
          sql: "INSERT INTO disputes (session_id, criterion_id, trainee_id, comment, created_at) VALUES (1, 'x', 1, 'y', '2026-01-03 00:00:00.000')")
        return db.lastInsertedRowID
      }
      #expect(next == 8)
      let indexes = try store.writer.read { db in try db.indexes(on: "disputes").map(\.columns) }
      #expect(indexes.contains(["session_id"]))
    }
  }

  @Test("a dispute is answered once: a second answer row is refused by the database")
  func oneAnswer() throws {
    let store = try SQLiteStore.inMemory()
    try store.writer.write { db in
      try db.execute(
        sql: """
          INSERT INTO trainees (id, name, role, created_at) VALUES (1, 'tess', 'trainee', '2026-01-01 09:00:00.000');
          INSERT INTO sessions (id, trainee_id, scenario_id, scenario_version, scenario_title, role, language, channel,
            mode, seed, started_at, status)
            VALUES (1, 1, 's', 'v', 'S', 'l1-agent', 'en', 'chat', 'practice', 1, '2026-01-01 10:00:00.000', 'finished');
          INSERT INTO disputes (id, session_id, criterion_id, trainee_id, comment, created_at)
            VALUES (1, 1, 'empathy', 1, 'I did', '2026-01-01 11:00:00.000');
          INSERT INTO dispute_answers (dispute_id, state, answer, answered_at) VALUES (1, 'rejected', 'No', '2026-01-02 00:00:00.000');
          """)
    }
    #expect(throws: DatabaseError.self) {
      try store.writer.write { db in
        try db.execute(
          sql: "INSERT INTO dispute_answers (dispute_id, state, answer, answered_at) VALUES (1, 'accepted', 'Yes', '2026-01-02 00:00:01.000')")
      }
    }
    #expect(try store.disputes(sessionID: 1).map(\.state) == [.rejected])
  }
}

/// "pg-v2-dispute-answers": the same move on a PostgreSQL store made before it, by `dojo store
/// init` (a store that needs it says so when opened).
@Suite("Disputes become append-only on PostgreSQL", .enabled(if: TestPostgres.enabled), .timeLimit(.minutes(3)))
struct PostgresDisputeAnswersMigrationTests {
  @Test("an older store is refused until store init moves its answers; then they read as before")
  func olderStore() throws {
    let url = try TestPostgres.freshURL()
    let connection = try PostgresConnection(url: url)
    try connection.executeScript(PostgresSchema.migrationsTable)
    try connection.executeScript(PostgresSchema.migrations[0].sql)
    try connection.execute("INSERT INTO dojo_migrations (identifier) VALUES ('pg-v1')")
    try connection.executeScript(
      """
      INSERT INTO trainees (id, name, role, created_at) VALUES (1, 'tess', 'trainee', now()), (2, 'lea', 'lead', now());
      INSERT INTO sessions (id, trainee_id, scenario_id, scenario_version, scenario_title, role, language, channel,
        mode, seed, started_at, status)
        VALUES (1, 1, 's', 'v', 'S', 'l1-agent', 'en', 'chat', 'practice', 1, now(), 'finished');
      INSERT INTO reviews (id, session_id, reviewer_id, kind, score, raw_score, passed, created_at)
        VALUES (1, 1, 2, 'dispute-answer', 80, 8, true, now());
      INSERT INTO disputes (id, session_id, criterion_id, trainee_id, comment, created_at, state, answer,
        answered_by, answered_at, answer_score, review_id)
        VALUES (4, 1, 'empathy', 1, 'I did', now(), 'partially-accepted', 'Half', 2, now(), 1, 1);
      INSERT INTO disputes (id, session_id, criterion_id, trainee_id, comment, created_at)
        VALUES (7, 1, 'verify', 1, 'Also this', now());
      """)
    #expect(throws: StoreError.self) { _ = try PostgresStore(url: url) }
    let done = try PostgresStore.initialize(url: url, roles: false)
    #expect(done.applied == ["pg-v2-dispute-answers"])
    let store = try PostgresStore(url: url)
    let disputes = try store.disputes(sessionID: 1)
    #expect(disputes.map(\.id) == [4, 7])
    #expect(disputes.map(\.state) == [.partiallyAccepted, .open])
    #expect(disputes[0].answer == "Half" && disputes[0].answerScore == 1 && disputes[0].reviewID == 1)
    #expect(try store.openDisputes(sessionID: 1).map(\.id) == [7])
    let columns = try connection.values(
      String.self,
      "SELECT column_name::text FROM information_schema.columns WHERE table_name = 'disputes' AND table_schema = current_schema() ORDER BY ordinal_position")
    #expect(columns == ["id", "session_id", "criterion_id", "trainee_id", "comment", "created_at"])
  }
}
