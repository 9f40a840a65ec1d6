import GRDB

extension StoreMigrations {
  /// Migration "v2-reviews": team-lead reviews, disputes, calibration rounds and automatic
  /// re-scorings. Nothing here changes a row of "v1": the automatic score stays as it was
  /// played; `sessions.reviewed_score` and `reviewed_passed` carry the effective score and
  /// verdict once a review, a dispute answer or a re-scoring gives them, so reports read
  /// `COALESCE(reviewed_score, score)`.
  static func registerReviews(_ migrator: inout DatabaseMigrator) {
    migrator.registerMigration("v2-reviews") { db in
      try db.alter(table: "sessions") { t in
        t.add(column: "reviewed_score", .double)
        t.add(column: "reviewed_passed", .boolean)
      }

      try db.create(table: "calibration_rounds") { t in
        t.autoIncrementedPrimaryKey("id")
        t.column("name", .text).notNull().unique()
        t.column("state", .text).notNull().defaults(to: "open")
          .check { ["open", "closed"].contains($0) }
        t.column("created_at", .datetime).notNull()
        t.column("closed_at", .datetime)
      }

      try db.create(table: "calibration_sessions") { t in
        t.column("round_id", .integer).notNull().references("calibration_rounds", onDelete: .cascade)
        t.column("session_id", .integer).notNull().references("sessions", onDelete: .cascade)
        t.column("position", .integer).notNull()
        t.primaryKey(["round_id", "session_id"])
      }

      try db.create(table: "calibration_reviewers") { t in
        t.column("round_id", .integer).notNull().references("calibration_rounds", onDelete: .cascade)
        t.column("trainee_id", .integer).notNull().references("trainees")
        t.primaryKey(["round_id", "trainee_id"])
      }

      try db.create(table: "reviews") { t in
        t.autoIncrementedPrimaryKey("id")
        t.column("session_id", .integer).notNull().indexed()
          .references("sessions", onDelete: .cascade)
        t.column("reviewer_id", .integer).notNull().references("trainees")
        t.column("kind", .text).notNull()
          .check { ["review", "dispute-answer", "calibration"].contains($0) }
        t.column("round_id", .integer).references("calibration_rounds", onDelete: .cascade)
        t.column("summary", .text).notNull().defaults(to: "")
        t.column("score", .double).notNull()
        t.column("raw_score", .double).notNull()
        t.column("passed", .boolean).notNull()
        t.column("created_at", .datetime).notNull()
      }

      try db.create(table: "review_scores") { t in
        t.autoIncrementedPrimaryKey("id")
        t.column("review_id", .integer).notNull().indexed()
          .references("reviews", onDelete: .cascade)
        t.column("criterion_id", .text).notNull()
        // NULL means N/A.
        t.column("score", .integer)
        t.column("auto_score", .integer)
        t.column("max", .integer).notNull()
        t.column("changed", .boolean).notNull()
        t.column("comment", .text).notNull().defaults(to: "")
        t.column("root_cause", .text)
          .check { ["knowledge", "process", "communication", "tool", "policy", "other"].contains($0) }
        t.uniqueKey(["review_id", "criterion_id"])
      }

      try db.create(table: "disputes") { t in
        t.autoIncrementedPrimaryKey("id")
        t.column("session_id", .integer).notNull().indexed()
          .references("sessions", onDelete: .cascade)
        t.column("criterion_id", .text).notNull()
        t.column("trainee_id", .integer).notNull().references("trainees")
        t.column("comment", .text).notNull()
        t.column("created_at", .datetime).notNull()
        t.column("state", .text).notNull().defaults(to: "open")
          .check { ["open", "accepted", "partially-accepted", "rejected"].contains($0) }
        t.column("answer", .text)
        t.column("answered_by", .integer).references("trainees")
        t.column("answered_at", .datetime)
        t.column("answer_score", .integer)
        t.column("review_id", .integer).references("reviews")
      }

      try db.create(table: "scorings") { t in
        t.autoIncrementedPrimaryKey("id")
        t.column("session_id", .integer).notNull().indexed()
          .references("sessions", onDelete: .cascade)
        t.column("kind", .text).notNull().check { ["played", "rescore"].contains($0) }
        t.column("scenario_version", .text).notNull()
        t.column("score", .double).notNull()
        t.column("raw_score", .double).notNull()
        t.column("passed", .boolean).notNull()
        t.column("result_json", .text).notNull()
        t.column("created_at", .datetime).notNull()
      }
    }
  }
}
