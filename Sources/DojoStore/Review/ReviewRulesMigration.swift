import GRDB

extension StoreMigrations {
  /// Migration "v3-review-rules": the review rules the store enforces.
  ///
  /// - `role_changes`: every change of a trainee's role, who made it and when; append-only
  ///   (triggers refuse UPDATE and DELETE). Leads that exist when the migration runs get one
  ///   `before-history` row each, so the history explains every current lead.
  /// - `scorings.rescored_by`: the lead who ran a re-scoring.
  /// - `review_scores.own_change`, `previous_score`, `comment_review_id`: whether this review
  ///   changed the rating it started from (and from what), and which review wrote the comment
  ///   it carries, so a comment stays with its author. NULL on rows written before.
  /// - A re-scoring no longer changes the effective score: sessions whose `reviewed_score` came
  ///   from a re-scoring get back the score as played (or their latest review's score).
  static func registerReviewRules(_ migrator: inout DatabaseMigrator) {
    migrator.registerMigration("v3-review-rules") { db in
      try db.create(table: "role_changes") { t in
        t.autoIncrementedPrimaryKey("id")
        t.column("trainee_id", .integer).notNull().indexed().references("trainees")
        t.column("from_role", .text).check { ["trainee", "lead"].contains($0) }
        t.column("to_role", .text).notNull().check { ["trainee", "lead"].contains($0) }
        // NULL for the first lead and for leads from before the history was kept.
        t.column("changed_by", .integer).references("trainees")
        t.column("kind", .text).notNull().check { ["first-lead", "change", "before-history"].contains($0) }
        t.column("created_at", .datetime).notNull()
      }
      try db.execute(
        sql: """
          CREATE TRIGGER role_changes_append_only_update BEFORE UPDATE ON role_changes
          BEGIN SELECT RAISE(ABORT, 'role_changes is append-only'); END;
          CREATE TRIGGER role_changes_append_only_delete BEFORE DELETE ON role_changes
          BEGIN SELECT RAISE(ABORT, 'role_changes is append-only'); END;
          INSERT INTO role_changes (trainee_id, from_role, to_role, changed_by, kind, created_at)
            SELECT id, NULL, 'lead', NULL, 'before-history', created_at FROM trainees WHERE role = 'lead';
          """)

      try db.alter(table: "scorings") { t in
        t.add(column: "rescored_by", .integer).references("trainees")
      }

      try db.alter(table: "review_scores") { t in
        t.add(column: "own_change", .boolean)
        t.add(column: "previous_score", .integer)
        t.add(column: "comment_review_id", .integer).references("reviews")
      }

      // Effective scores come from the score as played and reviews only.
      try db.execute(
        sql: """
          UPDATE sessions SET
            reviewed_score = (SELECT r.score FROM reviews r WHERE r.session_id = sessions.id
              AND r.kind != 'calibration' ORDER BY r.id DESC LIMIT 1),
            reviewed_passed = (SELECT r.passed FROM reviews r WHERE r.session_id = sessions.id
              AND r.kind != 'calibration' ORDER BY r.id DESC LIMIT 1)
          WHERE id IN (SELECT session_id FROM scorings WHERE kind = 'rescore')
          """)
    }
  }
}
