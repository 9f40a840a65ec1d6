import Foundation
import GRDB

/// An SQLite store as the source or the target of a migration.
final class SQLiteMigrationEndpoint: MigrationEndpoint {
  let store: SQLiteStore
  let location: String
  var isPostgres: Bool { false }

  /// Opens the store at `path`: as a source it must exist; as a target it is created when missing.
  init(path: String, target: Bool) throws {
    store = try SQLiteStore(path: path, access: target ? .write : .read)
    location = store.path ?? path
    if !target, store.opening == .absent {
      throw StoreError.cannotOpen(path: location, reason: "there is no store at this path to migrate from")
    }
    if target, case .readOnly(let why) = store.opening {
      throw StoreError.readOnly(path: location, why: why)
    }
  }

  private func failure(_ operation: String, _ error: any Error) -> StoreError {
    if let error = error as? StoreError { return error }
    return StoreError.databaseFailure(operation: operation, reason: "\(error) (store \(location))")
  }

  func count(_ table: MigrationTable) throws -> Int {
    do {
      return try store.writer.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM \(table.name)") ?? 0 }
    } catch { throw failure("count the rows of \(table.name)", error) }
  }

  func maxID(_ table: MigrationTable) throws -> Int64 {
    guard table.hasIdentity else { return 0 }
    do {
      return try store.writer.read { db in try Int64.fetchOne(db, sql: "SELECT max(id) FROM \(table.name)") ?? 0 }
    } catch { throw failure("read the largest id of \(table.name)", error) }
  }

  func rows(_ table: MigrationTable, after: [MigrationValue]?, limit: Int, idRange: ClosedRange<Int64>?) throws
    -> [[MigrationValue]]
  {
    var conditions: [String] = []
    var arguments: [DatabaseValue] = []
    if let after {
      conditions.append("(\(table.key.joined(separator: ", "))) > (\(table.key.map { _ in "?" }.joined(separator: ", ")))")
      arguments += after.map(Self.databaseValue)
    }
    if let idRange {
      conditions.append("id BETWEEN ? AND ?")
      arguments += [idRange.lowerBound.databaseValue, idRange.upperBound.databaseValue]
    }
    let sql = """
      SELECT \(table.columnList) FROM \(table.name)
      \(conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND "))
      ORDER BY \(table.key.joined(separator: ", ")) LIMIT \(limit)
      """
    do {
      return try store.writer.read { db in
        let statement = try db.cachedStatement(sql: sql)
        let cursor = try Row.fetchCursor(statement, arguments: StatementArguments(arguments))
        var result: [[MigrationValue]] = []
        while let row = try cursor.next() {
          var values: [MigrationValue] = []
          values.reserveCapacity(table.columns.count)
          for (index, column) in table.columns.enumerated() {
            values.append(try Self.value(row[index] as DatabaseValue, column: column, table: table.name))
          }
          result.append(values)
        }
        return result
      }
    } catch { throw failure("read \(table.name)", error) }
  }

  /// A stored value in the column's kind; a value of another type (text in an integer column)
  /// is an error that names the table and column.
  static func value(_ stored: DatabaseValue, column: MigrationColumn, table: String) throws -> MigrationValue {
    func unreadable(_ shown: String) -> StoreError {
      StoreError.databaseFailure(
        operation: "read \(table).\(column.name)", reason: "it holds \(shown), not a \(column.kind.rawValue)")
    }
    switch (stored.storage, column.kind) {
    case (.null, _): return .null
    case (.int64(let value), .integer): return .integer(value)
    case (.double(let value), .integer):
      guard let exact = Int64(exactly: value) else { throw unreadable("\(value)") }
      return .integer(exact)
    case (.double(let value), .real): return .real(value)
    case (.int64(let value), .real): return .real(Double(value))
    case (.int64(let value), .boolean): return .boolean(value != 0)
    case (.string(let value), .text): return .text(value)
    case (.string(let value), .timestamp):
      guard let milliseconds = MigrationTime.milliseconds(value) else { throw unreadable("\"\(value)\"") }
      return .timestamp(milliseconds)
    case (.int64(let value), .text): return .text(String(value))
    case (.double(let value), .text): return .text("\(value)")
    case (.string(let value), _): throw unreadable("\"\(value)\"")
    case (.blob, _): throw unreadable("a blob")
    case (.int64(let value), .timestamp): throw unreadable("\(value)")
    case (.double(let value), _): throw unreadable("\(value)")
    }
  }

  /// A value as SQLite stores it: flags 0/1, moments as `YYYY-MM-DD HH:MM:SS.SSS` text (as GRDB
  /// writes a `Date`).
  static func databaseValue(_ value: MigrationValue) -> DatabaseValue {
    switch value {
    case .null: return .null
    case .integer(let value): return value.databaseValue
    case .real(let value): return value.databaseValue
    case .text(let value): return value.databaseValue
    case .boolean(let value): return (value ? 1 : 0).databaseValue
    case .timestamp(let milliseconds): return MigrationTime.text(milliseconds).databaseValue
    }
  }

  // MARK: - Target side

  func prepareState() throws {
    do {
      try store.writer.write { db in try db.execute(sql: MigrationStateSQL.create(postgres: false)) }
    } catch { throw failure("create the migration state", error) }
  }

  func states(source: String) throws -> [String: MigrationTableState] {
    do {
      return try store.writer.read { db in
        let rows = try Row.fetchAll(
          db, sql: "SELECT table_name, mode, last_key, copied, matched, id_offset, done FROM dojo_migration_state WHERE source = ?",
          arguments: [source])
        var states: [String: MigrationTableState] = [:]
        for row in rows {
          let table: String = row[0]
          states[table] = MigrationTableState(
            table: table, mode: row[1], lastKey: MigrationStateSQL.decodeKey(row[2]), copied: row[3], matched: row[4],
            idOffset: row[5], done: row[6])
        }
        return states
      }
    } catch { throw failure("read the migration state", error) }
  }

  func matches(source: String) throws -> [MigrationMatch] {
    do {
      return try store.writer.read { db in
        try Row.fetchAll(
          db, sql: "SELECT table_name, source_key, target_key FROM dojo_migration_matches WHERE source = ?",
          arguments: [source]
        ).map { MigrationMatch(table: $0[0], sourceKey: $0[1], targetKey: $0[2]) }
      }
    } catch { throw failure("read the migration's matches", error) }
  }

  func begin(source: String, states: [MigrationTableState], reserve: [String: Int64]) throws {
    do {
      try store.writer.write { db in
        for state in states { try Self.save(state, source: source, db) }
        // AUTOINCREMENT keeps the largest id per table in sqlite_sequence: moving it on keeps
        // the ids a merge will write from being taken meanwhile.
        for (table, upTo) in reserve where upTo > 0 {
          try db.execute(
            sql: """
              INSERT INTO sqlite_sequence (name, seq) SELECT ?, ? WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = ?);
              UPDATE sqlite_sequence SET seq = max(seq, ?) WHERE name = ?;
              """, arguments: [table, upTo, table, upTo, table])
        }
      }
    } catch { throw failure("start the migration", error) }
  }

  private static func save(_ state: MigrationTableState, source: String, _ db: Database) throws {
    try db.execute(
      sql: """
        INSERT INTO dojo_migration_state (source, table_name, mode, last_key, copied, matched, id_offset, done)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (source, table_name) DO UPDATE SET mode = excluded.mode, last_key = excluded.last_key,
          copied = excluded.copied, matched = excluded.matched, id_offset = excluded.id_offset, done = excluded.done
        """,
      arguments: [
        source, state.table, state.mode, MigrationStateSQL.encodeKey(state.lastKey), state.copied, state.matched,
        state.idOffset, state.done,
      ])
  }

  func write(
    _ table: MigrationTable, rows: [[MigrationValue]], state: MigrationTableState, matches: [MigrationMatch],
    source: String
  ) throws {
    let placeholders = table.columns.map { _ in "?" }.joined(separator: ", ")
    let sql = "INSERT INTO \(table.name) (\(table.columnList)) VALUES (\(placeholders))"
    do {
      try store.writer.write { db in
        let statement = try db.cachedStatement(sql: sql)
        for row in rows {
          try statement.execute(arguments: StatementArguments(row.map(Self.databaseValue)))
        }
        for match in matches {
          try db.execute(
            sql: "INSERT INTO dojo_migration_matches (source, table_name, source_key, target_key) VALUES (?, ?, ?, ?)",
            arguments: [source, match.table, match.sourceKey, match.targetKey])
        }
        try Self.save(state, source: source, db)
      }
    } catch { throw failure("copy rows into \(table.name)", error) }
  }

  func ids(_ table: MigrationTable, naturalKeys names: [String]) throws -> [String: Int64] {
    guard let column = table.naturalKey, !names.isEmpty else { return [:] }
    do {
      return try store.writer.read { db in
        var found: [String: Int64] = [:]
        for chunk in stride(from: 0, to: names.count, by: 500).map({ Array(names[$0..<min($0 + 500, names.count)]) }) {
          let rows = try Row.fetchAll(
            db, sql: "SELECT \(column), id FROM \(table.name) WHERE \(column) IN (\(chunk.map { _ in "?" }.joined(separator: ", ")))",
            arguments: StatementArguments(chunk))
          for row in rows { found[row[0]] = row[1] }
        }
        return found
      }
    } catch { throw failure("look up \(table.name) by \(column)", error) }
  }

  func exists(_ table: MigrationTable, key: [MigrationValue]) throws -> Bool {
    let condition = table.key.map { "\($0) = ?" }.joined(separator: " AND ")
    do {
      return try store.writer.read { db in
        try Int.fetchOne(
          db, sql: "SELECT 1 FROM \(table.name) WHERE \(condition)", arguments: StatementArguments(key.map(Self.databaseValue)))
          != nil
      }
    } catch { throw failure("look up a row of \(table.name)", error) }
  }

  func advanceSequence(_ table: MigrationTable) throws {}
}
