import GRDB

extension StoreMigrations {
  /// "v2-scenario-versions": one row per scenario id and content version, with the scenario's
  /// canonical JSON, so old versions stay readable for review.
  static func registerScenarioVersions(_ migrator: inout DatabaseMigrator) {
    migrator.registerMigration("v2-scenario-versions") { db in
      try db.create(table: "scenario_versions") { t in
        t.column("scenario_id", .text).notNull()
        t.column("version", .text).notNull()
        t.column("scenario_json", .text).notNull()
        t.column("first_seen", .datetime).notNull()
        t.primaryKey(["scenario_id", "version"])
      }
    }
  }
}
