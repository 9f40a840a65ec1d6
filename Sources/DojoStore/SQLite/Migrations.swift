import GRDB

/// The schema, one migration per shipped change. A shipped migration is never edited:
/// add a new one. Tables and columns are named by string, not by app types, so later
/// changes to the records cannot change what an old migration does.
enum StoreMigrations {
  static var migrator: DatabaseMigrator {
    var migrator = DatabaseMigrator()

    migrator.registerMigration("v1") { db in
      try db.create(table: "trainees") { t in
        t.autoIncrementedPrimaryKey("id")
        t.column("name", .text).notNull().unique()
        t.column("role", .text).notNull().defaults(to: "trainee")
          .check { ["trainee", "lead"].contains($0) }
        t.column("created_at", .datetime).notNull()
      }

      try db.create(table: "sessions") { t in
        t.autoIncrementedPrimaryKey("id")
        t.column("trainee_id", .integer).notNull().references("trainees")
        t.column("scenario_id", .text).notNull()
        t.column("scenario_version", .text).notNull()
        t.column("scenario_title", .text).notNull()
        t.column("role", .text).notNull()
        t.column("language", .text).notNull()
        t.column("channel", .text).notNull()
        t.column("mode", .text).notNull().check { ["practice", "assessment"].contains($0) }
        t.column("phase", .text).check { ["pre", "post"].contains($0) }
        t.column("cohort", .text)
        t.column("form", .text)
        t.column("seed", .integer).notNull()
        t.column("started_at", .datetime).notNull()
        t.column("ended_at", .datetime)
        t.column("status", .text).notNull()
          .check { ["active", "interrupted", "finished", "abandoned"].contains($0) }
        t.column("pid", .integer)
        t.column("ending", .text)
        t.column("score", .double)
        t.column("raw_score", .double)
        t.column("passed", .boolean)
        t.column("escalation_verdict", .text)
        t.column("csat_proxy", .integer)
        t.column("fcr_proxy", .boolean)
        t.column("handle_time_seconds", .double)
        t.column("hints_used", .integer).notNull().defaults(to: 0)
        t.column("turns", .integer).notNull().defaults(to: 0)
        t.column("result_json", .text)
      }
      try db.create(
        index: "sessions_on_trainee_started", on: "sessions", columns: ["trainee_id", "started_at"])
      try db.create(index: "sessions_on_scenario", on: "sessions", columns: ["scenario_id"])
      try db.create(
        index: "sessions_on_cohort_phase", on: "sessions", columns: ["cohort", "phase"])
      try db.create(index: "sessions_on_status", on: "sessions", columns: ["status"])

      try db.create(table: "turns") { t in
        t.autoIncrementedPrimaryKey("id")
        t.column("session_id", .integer).notNull().references("sessions", onDelete: .cascade)
        t.column("seq", .integer).notNull()
        t.column("speaker", .text).notNull().check { ["customer", "trainee"].contains($0) }
        t.column("node_id", .text).notNull()
        t.column("turn", .integer)
        t.column("text", .text).notNull()
        t.column("action", .text)
          .check { ["reply", "escalate", "transfer", "end"].contains($0) }
        t.column("target", .text)
        t.column("at", .datetime).notNull()
        t.column("latency_seconds", .double)
        t.uniqueKey(["session_id", "seq"])
      }

      try db.create(table: "criterion_scores") { t in
        t.autoIncrementedPrimaryKey("id")
        t.column("session_id", .integer).notNull().indexed()
          .references("sessions", onDelete: .cascade)
        t.column("criterion_id", .text).notNull()
        t.column("score", .integer)
        t.column("max", .integer).notNull()
        t.column("weight", .double).notNull()
        t.column("met", .boolean).notNull()
        t.column("applicable", .boolean).notNull()
        t.column("critical", .boolean).notNull()
        t.column("evidence_json", .text).notNull()
        t.column("source", .text).notNull().defaults(to: "auto")
        t.column("created_at", .datetime).notNull()
      }

      try db.create(table: "escalations") { t in
        t.autoIncrementedPrimaryKey("id")
        t.column("session_id", .integer).notNull().indexed()
          .references("sessions", onDelete: .cascade)
        t.column("turn", .integer).notNull()
        t.column("kind", .text).notNull().check { ["escalate", "transfer"].contains($0) }
        t.column("target", .text).notNull()
        t.column("note", .text).notNull()
        t.column("at", .datetime).notNull()
      }

      try db.create(table: "notes") { t in
        t.autoIncrementedPrimaryKey("id")
        t.column("session_id", .integer).notNull().indexed()
          .references("sessions", onDelete: .cascade)
        t.column("turn", .integer).notNull()
        t.column("text", .text).notNull()
        t.column("at", .datetime).notNull()
      }

      try db.create(table: "hints") { t in
        t.autoIncrementedPrimaryKey("id")
        t.column("session_id", .integer).notNull().indexed()
          .references("sessions", onDelete: .cascade)
        t.column("turn", .integer).notNull()
        t.column("node_id", .text).notNull()
        t.column("text", .text).notNull()
        t.column("at", .datetime).notNull()
      }
    }
    registerReviews(&migrator)
    registerScenarioVersions(&migrator)
    registerCohorts(&migrator)
    registerReviewRules(&migrator)
    registerSessionLease(&migrator)
    registerStoreIdentity(&migrator)
    registerDisputeAnswers(&migrator)
    return migrator
  }
}
