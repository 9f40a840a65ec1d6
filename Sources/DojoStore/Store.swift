import Foundation

/// Everything the `dojo` commands ask of a store: sessions, reviews, roles, cohorts and
/// scenario versions, and a few lookups. `SQLiteStore` (one file, no set-up) and
/// `PostgresStore` (a team server) implement it, and the same tests run against both.
public protocol Store: SessionStore, ReviewStore, RoleStore, CohortStore, ScenarioVersionStore {
  /// Where the store is, for messages: the file path, or the server's URL (which never
  /// carries a password).
  var location: String { get }
  /// The trainee with this name (trimmed, any Unicode form), or nil; never creates one.
  func existingTrainee(named name: String) throws -> TraineeRecord?
  /// The scenarios of the sessions a team report counts (ids, sorted), so that its criteria can
  /// be named from the scenarios that were played.
  func teamScenarios(cohort: String?, since: Date?) throws -> [String]
  /// How many sessions `dojo demo-data` wrote.
  func demoSessionCount() throws -> Int
}

/// Opening a store named by a `--store` value or `$DOJO_STORE`.
public enum StoreLocation {
  /// Opens `location`: a `postgres://` URL opens a `PostgresStore`, anything else is an SQLite
  /// file path. `trace` gets every statement either store runs, arguments written in.
  public static func open(
    _ location: String, access: StoreAccess, owner: SessionOwner = .current(),
    trace: (@Sendable (String) -> Void)? = nil
  ) throws -> any Store {
    if PostgresURL.isPostgres(location) {
      return try PostgresStore(url: PostgresURL(location), owner: owner, trace: trace)
    }
    return try SQLiteStore(path: location, access: access, owner: owner, trace: trace)
  }
}
