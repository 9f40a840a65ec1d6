import Foundation
import GRDB

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// How a command uses the store: reading never changes the file (no migration unless the
/// store can be written anyway, no WAL switch, no `-wal`/`-shm` left beside a read-only file);
/// writing may create the store and its folder.
public enum StoreAccess: Sendable {
  case read
  case write
}

/// What is at a store path, found without changing anything there.
enum StoreFile: Equatable {
  /// Nothing: a writing command creates the store.
  case missing
  /// An empty file, or an SQLite database without a single table: a writing command makes it
  /// a store (as `mktemp` leaves one).
  case empty
  /// A SupportDojo store (marked, or an older one recognised by its migration table).
  case supportDojo

  /// Looks at `path` (absolute). Throws `StoreError.notAFile`, `.notSQLite` or
  /// `.foreignDatabase` for anything that is not ours.
  static func inspect(_ path: String) throws -> StoreFile {
    var info = stat()
    guard stat(path, &info) == 0 else {
      if errno == ENOENT || errno == ENOTDIR { return .missing }
      throw StoreError.cannotOpen(path: path, reason: String(cString: strerror(errno)))
    }
    if (info.st_mode & S_IFMT) == S_IFDIR { throw StoreError.notAFile(path: path) }
    guard (info.st_mode & S_IFMT) == S_IFREG else { throw StoreError.notARegularFile(path: path) }
    if info.st_size == 0 { return .empty }
    guard let handle = FileHandle(forReadingAtPath: path) else {
      throw StoreError.cannotOpen(path: path, reason: "it cannot be read (\(String(cString: strerror(EACCES))))")
    }
    defer { try? handle.close() }
    let header = [UInt8]((try? handle.read(upToCount: 100)) ?? Data())
    guard header.count == 100, header.starts(with: Array("SQLite format 3\0".utf8)) else {
      throw StoreError.notSQLite(path: path)
    }
    let applicationID = header[68..<72].reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
    if applicationID == UInt32(bitPattern: StoreIdentity.applicationID) { return .supportDojo }
    if applicationID != 0 {
      throw StoreError.foreignDatabase(
        path: path, evidence: "application id 0x\(String(applicationID, radix: 16, uppercase: true))")
    }
    // No mark: an empty database, an older SupportDojo store, or someone else's tables.
    let (tables, migrations) = try contents(path)
    if tables.isEmpty { return .empty }
    // A store another dojo is creating at this moment: GRDB makes its migration table before
    // the first migration commits (a writing open then waits for that migration's lock).
    if tables == ["grdb_migrations"], migrations.isEmpty { return .empty }
    if tables.contains("grdb_migrations"), tables.contains("sessions"), tables.contains("trainees"),
      migrations.contains("v1")
    {
      return .supportDojo
    }
    let shown = tables.sorted().prefix(3).joined(separator: ", ") + (tables.count > 3 ? ", …" : "")
    throw StoreError.foreignDatabase(path: path, evidence: "tables \(shown)")
  }

  /// The table names and applied migration ids of an unmarked database, read without locks and
  /// without creating any file beside it.
  private static func contents(_ path: String) throws -> (tables: Set<String>, migrations: Set<String>) {
    do {
      let queue = try readOnlyQueue(path)
      return try queue.read { db in
        let tables = try String.fetchSet(
          db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
        let migrations =
          tables.contains("grdb_migrations")
          ? try String.fetchSet(db, sql: "SELECT identifier FROM grdb_migrations") : []
        return (tables, migrations)
      }
    } catch let error as DatabaseError where error.resultCode == .SQLITE_NOTADB {
      throw StoreError.notSQLite(path: path)
    } catch let error as StoreError {
      throw error
    } catch {
      throw StoreError.cannotOpen(path: path, reason: SQLiteStore.reason(error))
    }
  }

  /// A read-only connection that leaves nothing behind. Without a `-wal` file nobody is writing,
  /// so the file is opened `immutable` (no locks, no `-shm`); with one, SQLite reads through the
  /// `-wal` and `-shm` that are already there.
  static func readOnlyQueue(_ path: String, trace: (@Sendable (String) -> Void)? = nil) throws -> DatabaseQueue {
    var config = SQLiteStore.configuration(trace: trace)
    config.readonly = true
    let opened = FileManager.default.fileExists(atPath: path + "-wal") ? path : immutableURI(path)
    return try DatabaseQueue(path: opened, configuration: config)
  }

  /// `file:` URI of an absolute path, with `immutable=1`.
  static func immutableURI(_ path: String) -> String {
    var allowed = CharacterSet.alphanumerics
    allowed.insert(charactersIn: "/-._~")
    let encoded = path.addingPercentEncoding(withAllowedCharacters: allowed) ?? path
    return "file:\(encoded)?mode=ro&immutable=1"
  }

  /// Why this process must not write the store, or nil when it may. A file or folder without
  /// any write permission bit counts as read-only even for root, who could write it anyway:
  /// someone made it read-only on purpose.
  static func readOnlyReason(_ path: String) -> String? {
    let folder = (path as NSString).deletingLastPathComponent
    for (target, what) in [(path, "file"), (folder.isEmpty ? "/" : folder, "folder")] {
      var info = stat()
      guard stat(target, &info) == 0 else { continue }
      let mode = String(info.st_mode & 0o777, radix: 8)
      if info.st_mode & 0o222 == 0 {
        return what == "file" ? "file mode \(mode)" : "folder \(target) has mode \(mode)"
      }
      if access(target, W_OK) != 0 {
        return what == "file"
          ? "not writable by this user, file mode \(mode)"
          : "folder \(target) is not writable by this user, mode \(mode)"
      }
    }
    return nil
  }

  /// The path as a plain file path: absolute and standardised, so SQLite never reads a value
  /// such as `file:x.db` as a URI.
  static func plainPath(_ path: String) -> String {
    URL(fileURLWithPath: path).standardizedFileURL.path
  }
}
