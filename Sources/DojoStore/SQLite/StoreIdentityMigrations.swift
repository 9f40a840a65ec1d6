import GRDB

/// The header mark that tells a SupportDojo store from any other SQLite file
/// (`PRAGMA application_id`, bytes 68–71 of the file): "SDoj".
public enum StoreIdentity {
  /// The application id every SupportDojo store carries.
  public static let applicationID: Int32 = 0x5344_6F6A
}

extension StoreMigrations {
  /// Marks the file as a SupportDojo store (new stores at once, older ones on their next
  /// writing open), and adds the demo marks: rows written by `dojo demo-data` carry `demo = 1`,
  /// so they can be told apart and removed.
  static func registerStoreIdentity(_ migrator: inout DatabaseMigrator) {
    migrator.registerMigration("v4-application-id") { db in
      // The value is a literal on purpose: a shipped migration must not change when the
      // constant does.
      try db.execute(sql: "PRAGMA application_id = 1396993898")
    }
    migrator.registerMigration("v4-demo-marks") { db in
      try db.alter(table: "sessions") { t in
        t.add(column: "demo", .boolean).notNull().defaults(to: false)
      }
      try db.alter(table: "trainees") { t in
        t.add(column: "demo", .boolean).notNull().defaults(to: false)
      }
      try db.alter(table: "cohorts") { t in
        t.add(column: "demo", .boolean).notNull().defaults(to: false)
      }
      try db.create(index: "sessions_on_demo", on: "sessions", columns: ["demo"])
    }
  }
}
