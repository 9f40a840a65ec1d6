import GRDB

extension StoreMigrations {
  /// "v2-cohorts": cohorts, their members, and one assessment plan per cohort (role, scenarios,
  /// the form played before and the form played after the training).
  static func registerCohorts(_ migrator: inout DatabaseMigrator) {
    migrator.registerMigration("v2-cohorts") { db in
      try db.create(table: "cohorts") { t in
        t.autoIncrementedPrimaryKey("id")
        t.column("name", .text).notNull().unique()
        t.column("created_at", .datetime).notNull()
        t.column("plan_role", .text)
        t.column("pre_form", .text)
        t.column("post_form", .text)
      }
      try db.create(table: "cohort_members") { t in
        t.column("cohort_id", .integer).notNull().references("cohorts", onDelete: .cascade)
        t.column("trainee_id", .integer).notNull().indexed().references("trainees", onDelete: .cascade)
        t.column("added_at", .datetime).notNull()
        t.primaryKey(["cohort_id", "trainee_id"])
      }
      try db.create(table: "cohort_plan_scenarios") { t in
        t.column("cohort_id", .integer).notNull().references("cohorts", onDelete: .cascade)
        t.column("position", .integer).notNull()
        t.column("scenario", .text).notNull()
        t.primaryKey(["cohort_id", "position"])
      }
      // Lets the team report total every criterion in one pass over an index, without reading
      // the criterion rows themselves (with their evidence).
      try db.create(
        index: "criterion_scores_for_reports", on: "criterion_scores",
        columns: ["criterion_id", "source", "applicable", "score", "max", "met", "session_id"])
      // Lets the effectiveness report read a cohort's criterion results from the index alone.
      try db.create(
        index: "criterion_scores_by_session", on: "criterion_scores",
        columns: ["session_id", "source", "applicable", "criterion_id", "score", "max"])
    }
  }
}
