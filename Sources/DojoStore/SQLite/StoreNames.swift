import GRDB

/// Names in a store read for shell completion, where Tab must never change anything: only an
/// existing SupportDojo store is opened, read-only and without migrating, leasing or creating
/// a file. A missing store, anything that is not ours, or any error gives no names.
public enum StoreNames {
  public enum Kind: Sendable {
    case trainees
    case cohorts
  }

  public static func read(_ kind: Kind, inStoreAt path: String) -> [String] {
    let path = StoreFile.plainPath(path)
    guard (try? StoreFile.inspect(path)) == .supportDojo, let queue = try? StoreFile.readOnlyQueue(path) else {
      return []
    }
    let sql =
      switch kind {
      case .trainees: "SELECT name FROM trainees ORDER BY name"
      case .cohorts: "SELECT name FROM cohorts ORDER BY name"
      }
    return (try? queue.read { try String.fetchAll($0, sql: sql) }) ?? []
  }
}
