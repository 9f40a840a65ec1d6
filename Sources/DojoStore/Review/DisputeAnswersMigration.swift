import GRDB

extension StoreMigrations {
  /// "v5-dispute-answers": a lead's answer to a dispute becomes a row of its own
  /// (`dispute_answers`, at most one per dispute) instead of an update of the dispute, so
  /// disputes are append-only like lines, scorings and reviews. Answers already given move to
  /// the new table unchanged; `disputes` keeps what the trainee opened (the table is rebuilt
  /// without the answer columns, ids kept).
  static func registerDisputeAnswers(_ migrator: inout DatabaseMigrator) {
    migrator.registerMigration("v5-dispute-answers") { db in
      try db.create(table: "dispute_answers") { t in
        t.autoIncrementedPrimaryKey("id")
        t.column("dispute_id", .integer).notNull().unique()
          .references("disputes", onDelete: .cascade)
        t.column("state", .text).notNull()
          .check { ["accepted", "partially-accepted", "rejected"].contains($0) }
        t.column("answer", .text).notNull()
        t.column("answered_by", .integer).references("trainees")
        t.column("answered_at", .datetime).notNull()
        t.column("answer_score", .integer)
        t.column("review_id", .integer).references("reviews")
      }
      try db.execute(
        sql: """
          INSERT INTO dispute_answers (dispute_id, state, answer, answered_by, answered_at, answer_score, review_id)
          SELECT id, state, COALESCE(answer, ''), answered_by, COALESCE(answered_at, created_at), answer_score, review_id
          FROM disputes WHERE state <> 'open' ORDER BY id
          """)
      try db.create(table: "disputes_opened") { t in
        t.autoIncrementedPrimaryKey("id")
        t.column("session_id", .integer).notNull()
          .references("sessions", onDelete: .cascade)
        t.column("criterion_id", .text).notNull()
        t.column("trainee_id", .integer).notNull().references("trainees")
        t.column("comment", .text).notNull()
        t.column("created_at", .datetime).notNull()
      }
      // Ids are kept, and so is the id counter: a dispute removed earlier (with its demo
      // session) never gives its id to a new one.
      try db.execute(
        sql: """
          INSERT INTO disputes_opened (id, session_id, criterion_id, trainee_id, comment, created_at)
          SELECT id, session_id, criterion_id, trainee_id, comment, created_at FROM disputes ORDER BY id;
          DELETE FROM sqlite_sequence WHERE name = 'disputes_opened';
          INSERT INTO sqlite_sequence (name, seq) SELECT 'disputes_opened', MAX(
            COALESCE((SELECT seq FROM sqlite_sequence WHERE name = 'disputes'), 0),
            COALESCE((SELECT MAX(id) FROM disputes_opened), 0));
          DROP TABLE disputes;
          ALTER TABLE disputes_opened RENAME TO disputes;
          CREATE INDEX disputes_on_session_id ON disputes (session_id);
          """)
    }
  }
}
