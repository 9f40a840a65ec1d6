import Foundation
import GRDB

/// A Swift value sent to PostgreSQL as a query parameter, in the server's text form.
protocol PostgresEncodable {
  var postgresText: String { get }
}

/// A Swift value read from PostgreSQL's text form.
protocol PostgresDecodable {
  init?(postgresText: String)
}

extension String: PostgresEncodable, PostgresDecodable {
  var postgresText: String { self }
  init?(postgresText: String) { self = postgresText }
}

extension Int: PostgresEncodable, PostgresDecodable {
  var postgresText: String { String(self) }
  init?(postgresText: String) { self.init(postgresText) }
}

extension Int64: PostgresEncodable, PostgresDecodable {
  var postgresText: String { String(self) }
  init?(postgresText: String) { self.init(postgresText) }
}

extension Int32: PostgresEncodable, PostgresDecodable {
  var postgresText: String { String(self) }
  init?(postgresText: String) { self.init(postgresText) }
}

extension Double: PostgresEncodable, PostgresDecodable {
  var postgresText: String {
    if isNaN { return "NaN" }
    if isInfinite { return self < 0 ? "-Infinity" : "Infinity" }
    return "\(self)"
  }
  init?(postgresText: String) {
    switch postgresText {
    case "NaN": self = .nan
    case "Infinity": self = .infinity
    case "-Infinity": self = -.infinity
    default: self.init(postgresText)
    }
  }
}

extension Bool: PostgresEncodable, PostgresDecodable {
  var postgresText: String { self ? "true" : "false" }
  init?(postgresText: String) {
    switch postgresText {
    case "t", "true": self = true
    case "f", "false": self = false
    default: return nil
    }
  }
}

extension Date: PostgresEncodable, PostgresDecodable {
  /// UTC to the millisecond, as the SQLite store keeps it (`timestamptz(3)` columns).
  var postgresText: String {
    (String.fromDatabaseValue(databaseValue) ?? "1970-01-01 00:00:00.000") + "+00"
  }

  /// Reads `2026-12-06 10:00:00.123+00` (the session runs in UTC with ISO dates).
  init?(postgresText: String) {
    var text = Substring(postgresText)
    if text.hasSuffix("+00") { text = text.dropLast(3) }
    guard let date = Date.fromDatabaseValue(String(text).databaseValue) else { return nil }
    self = date
  }

  /// The date as a `timestamptz(3)` column gives it back (to the millisecond), so a record
  /// returned by a write equals the same record read later.
  var postgresStored: Date { Date(postgresText: postgresText) ?? self }
}

extension PostgresEncodable where Self: RawRepresentable, RawValue == String {
  var postgresText: String { rawValue }
}

extension TraineeRole: PostgresEncodable {}
extension SessionMode: PostgresEncodable {}
extension SessionPhase: PostgresEncodable {}
extension SessionStatus: PostgresEncodable {}
extension ScoreSource: PostgresEncodable {}
extension ReviewKind: PostgresEncodable {}
extension DisputeState: PostgresEncodable {}
extension ScoringKind: PostgresEncodable {}

// MARK: - Records

/// Reads a `Codable` record from a row whose column names are the record's coding keys: the
/// records the SQLite store reads through GRDB read the same way from PostgreSQL.
struct PostgresRecordDecoder: Decoder {
  let row: PostgresRow
  var codingPath: [any CodingKey] = []
  var userInfo: [CodingUserInfoKey: Any] { [:] }

  func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
    KeyedDecodingContainer(Keyed<Key>(row: row))
  }

  func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
    throw DecodingError.typeMismatch([Any].self, .init(codingPath: codingPath, debugDescription: "a row is not a list"))
  }

  func singleValueContainer() throws -> any SingleValueDecodingContainer {
    throw DecodingError.typeMismatch(Any.self, .init(codingPath: codingPath, debugDescription: "a row is not one value"))
  }

  private struct Keyed<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let row: PostgresRow
    var codingPath: [any CodingKey] { [] }
    var allKeys: [Key] { row.rows.columns.compactMap { Key(stringValue: $0) } }

    func contains(_ key: Key) -> Bool { row.has(key.stringValue) }
    func decodeNil(forKey key: Key) throws -> Bool { row.text(key.stringValue) == nil }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
      guard let text = row.text(key.stringValue) else {
        throw DecodingError.valueNotFound(T.self, .init(codingPath: [key], debugDescription: "NULL or missing"))
      }
      if let decodable = T.self as? any PostgresDecodable.Type {
        guard let value = decodable.init(postgresText: text) as? T else {
          throw DecodingError.dataCorrupted(.init(codingPath: [key], debugDescription: "cannot read \"\(text)\""))
        }
        return value
      }
      // Enums with a raw value decode through one string.
      return try T(from: TextDecoder(text: text, codingPath: [key]))
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws
      -> KeyedDecodingContainer<NestedKey>
    {
      throw DecodingError.typeMismatch(type, .init(codingPath: [key], debugDescription: "nested values are not stored"))
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
      throw DecodingError.typeMismatch([Any].self, .init(codingPath: [key], debugDescription: "nested values are not stored"))
    }

    func superDecoder() throws -> any Decoder { PostgresRecordDecoder(row: row) }
    func superDecoder(forKey key: Key) throws -> any Decoder { PostgresRecordDecoder(row: row) }
  }

  /// One column's text, for types that decode from a single value (raw-value enums).
  private struct TextDecoder: Decoder, SingleValueDecodingContainer {
    let text: String
    var codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
      throw DecodingError.typeMismatch(type, .init(codingPath: codingPath, debugDescription: "a column is one value"))
    }
    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
      throw DecodingError.typeMismatch([Any].self, .init(codingPath: codingPath, debugDescription: "a column is one value"))
    }
    func singleValueContainer() throws -> any SingleValueDecodingContainer { self }

    func decodeNil() -> Bool { false }
    func decode<T: Decodable>(_ type: T.Type) throws -> T {
      if let decodable = T.self as? any PostgresDecodable.Type, let value = decodable.init(postgresText: text) as? T {
        return value
      }
      throw DecodingError.dataCorrupted(.init(codingPath: codingPath, debugDescription: "cannot read \"\(text)\" as \(T.self)"))
    }
  }
}

/// Writes a `Codable` record as column names and parameter values, for an INSERT.
/// Nil optionals are left out (the column's default, NULL, applies), and so is a nil `id`.
struct PostgresRecordEncoder: Encoder {
  final class Columns {
    var names: [String] = []
    var values: [(any PostgresEncodable)?] = []
  }

  let columns = Columns()
  var codingPath: [any CodingKey] { [] }
  var userInfo: [CodingUserInfoKey: Any] { [:] }

  static func columns(of record: some Encodable) throws -> (names: [String], values: [(any PostgresEncodable)?]) {
    let encoder = PostgresRecordEncoder()
    try record.encode(to: encoder)
    return (encoder.columns.names, encoder.columns.values)
  }

  func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
    KeyedEncodingContainer(Keyed<Key>(columns: columns))
  }

  func unkeyedContainer() -> any UnkeyedEncodingContainer {
    fatalError("a record is encoded by column names")
  }

  func singleValueContainer() -> any SingleValueEncodingContainer {
    fatalError("a record is encoded by column names")
  }

  private struct Keyed<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let columns: Columns
    var codingPath: [any CodingKey] { [] }

    mutating func encodeNil(forKey key: Key) throws {
      columns.names.append(key.stringValue)
      columns.values.append(nil)
    }

    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
      columns.names.append(key.stringValue)
      if let encodable = value as? any PostgresEncodable {
        columns.values.append(encodable)
      } else if let raw = (value as? any RawRepresentable)?.rawValue as? String {
        columns.values.append(raw)
      } else {
        throw EncodingError.invalidValue(
          value, .init(codingPath: [key], debugDescription: "\(T.self) has no column form"))
      }
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key)
      -> KeyedEncodingContainer<NestedKey>
    {
      fatalError("nested values are not stored")
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
      fatalError("nested values are not stored")
    }

    mutating func superEncoder() -> any Encoder { PostgresRecordEncoder() }
    mutating func superEncoder(forKey key: Key) -> any Encoder { PostgresRecordEncoder() }
  }
}

extension PostgresConnection {
  /// Inserts a record into `table` and returns the id the database gave it.
  func insert(_ record: some Encodable, into table: String) throws -> Int64 {
    let (names, values) = try PostgresRecordEncoder.columns(of: record)
    let placeholders = (1...names.count).map { "$\($0)" }.joined(separator: ", ")
    let rows = try execute(
      "INSERT INTO \(table) (\(names.joined(separator: ", "))) VALUES (\(placeholders)) RETURNING id", values)
    guard let row = rows.first else { throw PostgresDecodingError.null(column: "id") }
    return try row.get(0)
  }

  /// The rows of a query, each decoded as a record.
  func fetch<R: Decodable>(_ type: R.Type, _ sql: String, _ parameters: [(any PostgresEncodable)?] = []) throws -> [R] {
    try execute(sql, parameters).records(type)
  }

  /// The first row of a query decoded as a record, or nil.
  func fetchOne<R: Decodable>(_ type: R.Type, _ sql: String, _ parameters: [(any PostgresEncodable)?] = []) throws -> R? {
    try execute(sql, parameters).first?.record(type)
  }

  /// The first column of the first row, or nil (no row, or NULL).
  func value<T: PostgresDecodable>(_ type: T.Type, _ sql: String, _ parameters: [(any PostgresEncodable)?] = []) throws -> T? {
    try execute(sql, parameters).first?.optional(0, as: type)
  }

  /// The first column of every row (NULLs left out).
  func values<T: PostgresDecodable>(_ type: T.Type, _ sql: String, _ parameters: [(any PostgresEncodable)?] = []) throws -> [T] {
    let rows = try execute(sql, parameters)
    return try rows.all.compactMap { try $0.optional(0, as: type) }
  }
}
