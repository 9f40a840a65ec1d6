import Foundation

/// How far the copy of one table got, kept in the target (`dojo_migration_state`) in the same
/// transaction as each batch, so a second run continues after the last copied key and never
/// copies a row twice.
struct MigrationTableState: Sendable, Equatable {
  var table: String
  /// `copy` (ids kept) or `merge` (ids remapped).
  var mode: String
  /// The source key of the last row copied, as key texts; nil before the first batch.
  var lastKey: [String]?
  /// Rows written to the target.
  var copied: Int
  /// Rows the target had already (`--merge`: same name, same key), not written again.
  var matched: Int
  /// Added to the source's ids (`--merge`; 0 in a plain copy).
  var idOffset: Int64
  var done: Bool
}

/// A source row the target already had (`--merge`), kept in `dojo_migration_matches`: a
/// trainee, cohort or calibration round of the same name (source id → target id), or a row of
/// a table without ids whose remapped key the target holds.
struct MigrationMatch: Sendable, Equatable {
  var table: String
  var sourceKey: String
  var targetKey: String
}

/// One side of a migration: an SQLite file or a PostgreSQL database with a SupportDojo schema.
/// Reads go in primary-key order (text keys byte-wise, as SQLite compares them), so both sides
/// hash their rows in the same order.
protocol MigrationEndpoint: AnyObject {
  /// The file (absolute) or the URL.
  var location: String { get }
  var isPostgres: Bool { get }

  func count(_ table: MigrationTable) throws -> Int
  /// The largest `id`, 0 when the table is empty.
  func maxID(_ table: MigrationTable) throws -> Int64
  /// Up to `limit` rows with a key after `after` (all when nil), in key order; with `idRange`,
  /// only rows whose id is in it.
  func rows(_ table: MigrationTable, after: [MigrationValue]?, limit: Int, idRange: ClosedRange<Int64>?) throws
    -> [[MigrationValue]]

  // MARK: Target side

  /// Creates the state tables when missing.
  func prepareState() throws
  /// The state of the migration from `source`, per table (empty when none started).
  func states(source: String) throws -> [String: MigrationTableState]
  /// Every row the target already had, per table (`--merge`).
  func matches(source: String) throws -> [MigrationMatch]
  /// Starts a migration: one state row per table; reserves the ids a merge will use.
  func begin(source: String, states: [MigrationTableState], reserve: [String: Int64]) throws
  /// Writes rows and the new state (and any matches) in one transaction.
  func write(
    _ table: MigrationTable, rows: [[MigrationValue]], state: MigrationTableState, matches: [MigrationMatch],
    source: String) throws
  /// The ids of the rows whose natural key (`name`) is one of `names`.
  func ids(_ table: MigrationTable, naturalKeys names: [String]) throws -> [String: Int64]
  /// Whether a row with this key exists.
  func exists(_ table: MigrationTable, key: [MigrationValue]) throws -> Bool
  /// Moves the table's id sequence past its largest id (PostgreSQL; SQLite keeps track itself).
  func advanceSequence(_ table: MigrationTable) throws
}

extension MigrationTable {
  var columnList: String { columns.map { "\"\($0.name)\"" }.joined(separator: ", ") }
}

enum MigrationStateSQL {
  static func create(postgres: Bool) -> String {
    let flag = postgres ? "boolean NOT NULL DEFAULT false" : "BOOLEAN NOT NULL DEFAULT 0"
    let number = postgres ? "bigint" : "INTEGER"
    return """
      CREATE TABLE IF NOT EXISTS dojo_migration_state (
        source text NOT NULL,
        table_name text NOT NULL,
        mode text NOT NULL,
        last_key text,
        copied \(number) NOT NULL DEFAULT 0,
        matched \(number) NOT NULL DEFAULT 0,
        id_offset \(number) NOT NULL DEFAULT 0,
        done \(flag),
        PRIMARY KEY (source, table_name)
      );
      CREATE TABLE IF NOT EXISTS dojo_migration_matches (
        source text NOT NULL,
        table_name text NOT NULL,
        source_key text NOT NULL,
        target_key text NOT NULL,
        PRIMARY KEY (source, table_name, source_key)
      );
      """
  }

  static func encodeKey(_ key: [String]?) -> String? {
    guard let key, let data = try? JSONEncoder().encode(key) else { return nil }
    return String(decoding: data, as: UTF8.self)
  }

  static func decodeKey(_ text: String?) -> [String]? {
    guard let text else { return nil }
    return try? JSONDecoder().decode([String].self, from: Data(text.utf8))
  }
}

extension MigrationTable {
  /// A key as stored in the state (`keyText` of each part) read back as values.
  func keyValues(_ texts: [String]) -> [MigrationValue] {
    zip(key, texts).map { name, text in
      let kind = columns.first { $0.name == name }?.kind ?? .text
      return kind == .integer ? Int64(text).map(MigrationValue.integer) ?? .text(text) : .text(text)
    }
  }

  /// The key of a row, as values.
  func key(of row: [MigrationValue]) -> [MigrationValue] { keyPositions.map { row[$0] } }
}
