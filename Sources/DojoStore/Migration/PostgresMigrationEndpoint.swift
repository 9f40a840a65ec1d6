import Foundation

/// A PostgreSQL store as the source or the target of a migration. A target database without a
/// SupportDojo schema gets one first (`PostgresStore.initialize`, as `dojo store init` does).
final class PostgresMigrationEndpoint: MigrationEndpoint {
  let url: PostgresURL
  let connection: PostgresConnection
  var location: String { url.text }
  var isPostgres: Bool { true }
  /// Whether this run created the schema.
  private(set) var initialized = false

  init(url: PostgresURL, target: Bool) throws {
    self.url = url
    if target {
      let probe: PostgresConnection
      do {
        probe = try PostgresConnection(url: url)
      } catch let error as PostgresError {
        throw StoreError.cannotOpenServer(url: url.text, reason: PostgresStore.explained(error))
      }
      let present = try? probe.value(String.self, "SELECT to_regclass('dojo_migrations')::text")
      if present == nil {
        try PostgresStore.initialize(url: url)
        initialized = true
      }
    }
    // Refuses a database without the schema (a source), or with another dojo's schema version.
    _ = try PostgresStore(url: url)
    do {
      connection = try PostgresConnection(url: url)
      // Doubles as the shortest text that reads back exactly (the default since PostgreSQL 12,
      // unless a server changed it), so the content hash sees the stored value.
      try connection.executeScript("SET extra_float_digits = 3")
    } catch let error as PostgresError {
      throw StoreError.cannotOpenServer(url: url.text, reason: PostgresStore.explained(error))
    }
  }

  private func failure(_ operation: String, _ error: any Error) -> StoreError {
    if let error = error as? StoreError { return error }
    if let error = error as? PostgresError {
      return StoreError.databaseFailure(operation: operation, reason: "\(error.message) (store \(url.text))")
    }
    return StoreError.databaseFailure(operation: operation, reason: "\(error) (store \(url.text))")
  }

  /// A key column as compared and sorted: text byte-wise (`COLLATE "C"`), as SQLite does.
  private func sortable(_ table: MigrationTable, _ name: String) -> String {
    table.columns.first { $0.name == name }?.kind == .text ? "\"\(name)\" COLLATE \"C\"" : "\"\(name)\""
  }

  func count(_ table: MigrationTable) throws -> Int {
    do {
      return try connection.value(Int.self, "SELECT count(*) FROM \(table.name)") ?? 0
    } catch { throw failure("count the rows of \(table.name)", error) }
  }

  func maxID(_ table: MigrationTable) throws -> Int64 {
    guard table.hasIdentity else { return 0 }
    do {
      return try connection.value(Int64.self, "SELECT max(id) FROM \(table.name)") ?? 0
    } catch { throw failure("read the largest id of \(table.name)", error) }
  }

  func rows(_ table: MigrationTable, after: [MigrationValue]?, limit: Int, idRange: ClosedRange<Int64>?) throws
    -> [[MigrationValue]]
  {
    var conditions: [String] = []
    var parameters: [(any PostgresEncodable)?] = []
    let keys = table.key.map { sortable(table, $0) }
    if let after {
      let placeholders = after.indices.map { "$\(parameters.count + $0 + 1)" }
      conditions.append("(\(keys.joined(separator: ", "))) > (\(placeholders.joined(separator: ", ")))")
      parameters += after.map(\.postgresParameter)
    }
    if let idRange {
      conditions.append("id BETWEEN $\(parameters.count + 1) AND $\(parameters.count + 2)")
      parameters += [idRange.lowerBound, idRange.upperBound]
    }
    let sql = """
      SELECT \(table.columnList) FROM \(table.name)
      \(conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND "))
      ORDER BY \(keys.joined(separator: ", ")) LIMIT \(limit)
      """
    do {
      let result = try connection.execute(sql, parameters)
      var rows: [[MigrationValue]] = []
      rows.reserveCapacity(result.count)
      for index in 0..<result.count {
        let row = result[index]
        var values: [MigrationValue] = []
        values.reserveCapacity(table.columns.count)
        for (position, column) in table.columns.enumerated() {
          values.append(try Self.value(row.text(position), column: column, table: table.name))
        }
        rows.append(values)
      }
      return rows
    } catch { throw failure("read \(table.name)", error) }
  }

  /// A value from the server's text form in the column's kind.
  static func value(_ text: String?, column: MigrationColumn, table: String) throws -> MigrationValue {
    guard let text else { return .null }
    let value: MigrationValue? =
      switch column.kind {
      case .integer: Int64(text).map(MigrationValue.integer)
      case .real: Double(postgresText: text).map(MigrationValue.real)
      case .boolean: Bool(postgresText: text).map(MigrationValue.boolean)
      case .timestamp: MigrationTime.milliseconds(text).map(MigrationValue.timestamp)
      case .text: .text(text)
      }
    guard let value else {
      throw StoreError.databaseFailure(
        operation: "read \(table).\(column.name)", reason: "it holds \"\(text)\", not a \(column.kind.rawValue)")
    }
    return value
  }

  // MARK: - Target side

  func prepareState() throws {
    do {
      try connection.executeScript(MigrationStateSQL.create(postgres: true))
    } catch { throw failure("create the migration state", error) }
  }

  func states(source: String) throws -> [String: MigrationTableState] {
    do {
      let rows = try connection.execute(
        "SELECT table_name, mode, last_key, copied, matched, id_offset, done FROM dojo_migration_state WHERE source = $1",
        [source])
      var states: [String: MigrationTableState] = [:]
      for row in rows.all {
        let table: String = try row.get(0)
        states[table] = MigrationTableState(
          table: table, mode: try row.get(1), lastKey: MigrationStateSQL.decodeKey(row.text(2)), copied: try row.get(3),
          matched: try row.get(4), idOffset: try row.get(5), done: try row.get(6))
      }
      return states
    } catch { throw failure("read the migration state", error) }
  }

  func matches(source: String) throws -> [MigrationMatch] {
    do {
      return try connection.execute(
        "SELECT table_name, source_key, target_key FROM dojo_migration_matches WHERE source = $1", [source]
      ).all.map { MigrationMatch(table: try $0.get(0), sourceKey: try $0.get(1), targetKey: try $0.get(2)) }
    } catch { throw failure("read the migration's matches", error) }
  }

  private static func save(_ state: MigrationTableState, source: String, _ db: PostgresConnection) throws {
    try db.execute(
      """
      INSERT INTO dojo_migration_state (source, table_name, mode, last_key, copied, matched, id_offset, done)
      VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
      ON CONFLICT (source, table_name) DO UPDATE SET mode = excluded.mode, last_key = excluded.last_key,
        copied = excluded.copied, matched = excluded.matched, id_offset = excluded.id_offset, done = excluded.done
      """,
      [
        source, state.table, state.mode, MigrationStateSQL.encodeKey(state.lastKey), state.copied, state.matched,
        state.idOffset, state.done,
      ])
  }

  func begin(source: String, states: [MigrationTableState], reserve: [String: Int64]) throws {
    do {
      try connection.transaction(.locking) { db in
        for state in states { try Self.save(state, source: source, db) }
        // A merge's ids are taken before the first row is written, so the team's own writes
        // meanwhile get ids after them.
        for (table, upTo) in reserve where upTo > 0 {
          try Self.advance(table, atLeast: upTo, db)
        }
      }
    } catch { throw failure("start the migration", error) }
  }

  /// Sets the id sequence of `table` so the next id is past `atLeast` and past every id in use.
  private static func advance(_ table: String, atLeast: Int64, _ db: PostgresConnection) throws {
    guard let sequence = try db.value(String.self, "SELECT pg_get_serial_sequence($1, 'id')", [table]) else { return }
    let largest = try db.value(Int64.self, "SELECT max(id) FROM \(table)") ?? 0
    let current = try db.value(Int64.self, "SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM \(sequence)") ?? 0
    let next = max(atLeast, largest, current)
    if next > 0 { try db.execute("SELECT setval($1::regclass, $2)", [sequence, next]) }
  }

  /// The INSERT for `count` rows of `table`, parameters numbered row by row.
  private func insertSQL(_ table: MigrationTable, rows count: Int) -> String {
    let width = table.columns.count
    let rows = (0..<count).map { row in
      "(" + (1...width).map { "$\(row * width + $0)" }.joined(separator: ", ") + ")"
    }
    return "INSERT INTO \(table.name) (\(table.columnList)) VALUES " + rows.joined(separator: ", ")
  }

  func write(
    _ table: MigrationTable, rows: [[MigrationValue]], state: MigrationTableState, matches: [MigrationMatch],
    source: String
  ) throws {
    // At most 30,000 parameters per statement (the protocol allows 65,535).
    let perStatement = max(1, 30_000 / table.columns.count)
    do {
      try connection.transaction(.locking) { db in
        var start = 0
        while start < rows.count {
          let chunk = rows[start..<min(start + perStatement, rows.count)]
          let parameters: [(any PostgresEncodable)?] = chunk.flatMap { $0.map(\.postgresParameter) }
          try db.execute(insertSQL(table, rows: chunk.count), parameters)
          start += chunk.count
        }
        for match in matches {
          try db.execute(
            "INSERT INTO dojo_migration_matches (source, table_name, source_key, target_key) VALUES ($1, $2, $3, $4)",
            [source, match.table, match.sourceKey, match.targetKey])
        }
        try Self.save(state, source: source, db)
      }
    } catch { throw failure("copy rows into \(table.name)", error) }
  }

  func ids(_ table: MigrationTable, naturalKeys names: [String]) throws -> [String: Int64] {
    guard let column = table.naturalKey, !names.isEmpty else { return [:] }
    do {
      var found: [String: Int64] = [:]
      for chunk in stride(from: 0, to: names.count, by: 500).map({ Array(names[$0..<min($0 + 500, names.count)]) }) {
        let placeholders = chunk.indices.map { "$\($0 + 1)" }.joined(separator: ", ")
        let rows = try connection.execute(
          "SELECT \(column), id FROM \(table.name) WHERE \(column) IN (\(placeholders))", chunk)
        for row in rows.all { found[try row.get(0)] = try row.get(1) }
      }
      return found
    } catch { throw failure("look up \(table.name) by \(column)", error) }
  }

  func exists(_ table: MigrationTable, key: [MigrationValue]) throws -> Bool {
    let condition = table.key.enumerated().map { "\"\($0.element)\" = $\($0.offset + 1)" }.joined(separator: " AND ")
    do {
      return try connection.value(Int.self, "SELECT 1 FROM \(table.name) WHERE \(condition)", key.map(\.postgresParameter))
        != nil
    } catch { throw failure("look up a row of \(table.name)", error) }
  }

  func advanceSequence(_ table: MigrationTable) throws {
    guard table.hasIdentity else { return }
    do {
      try connection.transaction(.locking) { db in try Self.advance(table.name, atLeast: 0, db) }
    } catch { throw failure("move the id sequence of \(table.name) on", error) }
  }
}
