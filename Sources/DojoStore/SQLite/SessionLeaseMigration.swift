import GRDB

extension StoreMigrations {
  /// "v-next-session-lease": who owns each active session and until when it counts as alive
  /// (see `SessionOwner`). One row per active or interrupted session; a finished or abandoned
  /// session has none. Sessions from before this migration have no row and are judged by their
  /// `pid` as before.
  static func registerSessionLease(_ migrator: inout DatabaseMigrator) {
    migrator.registerMigration("v-next-session-lease") { db in
      try db.create(table: "session_leases") { t in
        t.primaryKey("session_id", .integer).references("sessions", onDelete: .cascade)
        t.column("owner", .text).notNull()
        t.column("namespace", .text)
        t.column("lease_until", .datetime).notNull()
      }
    }
  }
}
