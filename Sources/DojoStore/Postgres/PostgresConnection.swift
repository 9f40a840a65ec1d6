import CLibPQ
import Foundation

/// Where a PostgreSQL store lives: a `postgres://` (or `postgresql://`) URL as libpq reads it.
///
/// The password never travels in the URL: libpq takes it from `PGPASSWORD` or `~/.pgpass`
/// (`PGPASSFILE`), as every PostgreSQL client does. A URL that carries one is refused, so it
/// does not end up in the shell history, in `ps`, or in an error message.
public struct PostgresURL: Sendable, Hashable, CustomStringConvertible {
  /// The URL as given.
  public let text: String

  /// Whether a `--store` value names a PostgreSQL server rather than an SQLite file.
  public static func isPostgres(_ store: String) -> Bool {
    let lower = store.lowercased()
    return lower.hasPrefix("postgres://") || lower.hasPrefix("postgresql://")
  }

  /// Checks the URL; refuses one that is not `postgres://…` or that carries a password.
  public init(_ text: String) throws {
    guard Self.isPostgres(text) else {
      throw StoreError.cannotOpenServer(url: text, reason: "not a postgres:// URL")
    }
    guard let components = URLComponents(string: text) else {
      throw StoreError.cannotOpenServer(url: text, reason: "the URL cannot be read (postgres://USER@HOST:PORT/DATABASE)")
    }
    if components.password != nil {
      var shown = components
      shown.password = nil
      throw StoreError.cannotOpenServer(
        url: shown.string ?? "postgres://…",
        reason: "the URL carries a password; put it in PGPASSWORD or ~/.pgpass instead, never on the command line")
    }
    self.text = text
  }

  /// The URL as shown in messages (it never holds a password; see `init`).
  public var description: String { text }
}

/// A failure reported by libpq or the server, with the server it came from.
public struct PostgresError: LocalizedError, Sendable, Equatable {
  /// The server's five-character SQLSTATE (`40001`, `42501`, …); nil when the connection failed.
  public var sqlState: String?
  /// The server's or libpq's message, first line.
  public var message: String
  /// Whether the connection is gone (the server went away or could not be reached).
  public var connectionLost: Bool
  /// Whether it went while COMMIT was on its way: the write may or may not be stored, so it is
  /// not run again (it could be stored twice).
  public var duringCommit = false

  public var errorDescription: String? { message }

  /// A serialization failure or a deadlock: the transaction can simply run again.
  var isRetryable: Bool { sqlState == "40001" || sqlState == "40P01" }
  /// The role lacks a privilege, or row-level security refused the row.
  public var isPermissionDenied: Bool { sqlState == "42501" }
}

/// One open connection to a PostgreSQL server through libpq.
///
/// Every value goes to the server as a parameter of `PQexecParams` (text format), never written
/// into the SQL text. Not thread-safe: `PostgresStore` uses it under a lock.
final class PostgresConnection {
  private var handle: OpaquePointer?
  /// The URL, for messages.
  let url: PostgresURL
  /// Called with every statement run, its parameters written in as literals (`DOJO_TRACE_SQL`).
  private let trace: (@Sendable (String) -> Void)?

  /// Connects (libpq reads host, port, user, database and options from the URL, the password
  /// from `PGPASSWORD` or `~/.pgpass`) and sets the session to UTC with ISO dates. `trace`
  /// gets every statement with its arguments written in, ready for `psql` to run again.
  init(url: PostgresURL, trace: (@Sendable (String) -> Void)? = nil) throws {
    self.url = url
    self.trace = trace
    // libpq is loaded on first use (`CLibPQ`): a machine without it gets a store error that
    // says what to install, not a crash.
    if let missing = dojo_libpq_load_error() {
      throw StoreError.cannotOpenServer(url: url.text, reason: String(cString: missing))
    }
    // Defaults first, then the URL (expanded from `dbname`), so the URL's settings win.
    let keys = ["application_name", "connect_timeout", "dbname"]
    let values = ["dojo", "10", url.text]
    handle = withCStrings(keys) { keyPointers in
      withCStrings(values) { valuePointers in
        PQconnectdbParams(keyPointers, valuePointers, 1)
      }
    }
    guard let handle, PQstatus(handle) == CONNECTION_OK else {
      let message = handle.map { Self.firstLine(String(cString: PQerrorMessage($0))) } ?? "out of memory"
      PQfinish(handle)
      self.handle = nil
      throw PostgresError(sqlState: nil, message: message, connectionLost: true)
    }
    try configureSession()
  }

  deinit { PQfinish(handle) }

  /// UTC, ISO dates, and no notices on stderr (`CREATE … IF NOT EXISTS` would print one).
  private func configureSession() throws {
    try executeScript("SET TimeZone = 'UTC'; SET DateStyle = 'ISO, YMD'; SET client_min_messages = warning")
  }

  /// Runs one statement with `$1`, `$2`, … bound to `parameters` and returns its rows.
  @discardableResult
  func execute(_ sql: String, _ parameters: [(any PostgresEncodable)?] = []) throws -> PostgresRows {
    guard let handle else { throw PostgresError(sqlState: nil, message: "not connected", connectionLost: true) }
    let texts = parameters.map { $0?.postgresText }
    if let trace { trace(Self.inlined(sql, texts)) }
    let result: OpaquePointer? = withOptionalCStrings(texts) { pointers in
      PQexecParams(handle, sql, Int32(texts.count), nil, pointers, nil, nil, 0)
    }
    defer { PQclear(result) }
    let status = result.map(PQresultStatus) ?? PGRES_FATAL_ERROR
    guard status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK else {
      throw error(result)
    }
    guard let result else { return PostgresRows(columns: [], values: [], affected: 0) }
    let rowCount = Int(PQntuples(result))
    let columnCount = Int(PQnfields(result))
    var columns: [String] = []
    columns.reserveCapacity(columnCount)
    for column in 0..<columnCount { columns.append(String(cString: PQfname(result, Int32(column)))) }
    var values: [String?] = []
    values.reserveCapacity(rowCount * columnCount)
    for row in 0..<rowCount {
      for column in 0..<columnCount {
        if PQgetisnull(result, Int32(row), Int32(column)) == 1 {
          values.append(nil)
        } else {
          values.append(String(cString: PQgetvalue(result, Int32(row), Int32(column))))
        }
      }
    }
    let affected = Int(String(cString: PQcmdTuples(result))) ?? 0
    return PostgresRows(columns: columns, values: values, affected: affected)
  }

  /// Runs SQL that holds several statements and no values (a schema migration), through the
  /// simple query protocol. Never give it text built from input.
  func executeScript(_ sql: String) throws {
    guard let handle else { throw PostgresError(sqlState: nil, message: "not connected", connectionLost: true) }
    if let trace { trace(sql) }
    let result = PQexec(handle, sql)
    defer { PQclear(result) }
    let status = result.map(PQresultStatus) ?? PGRES_FATAL_ERROR
    guard status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK else { throw error(result) }
  }

  /// How a transaction isolates itself from others.
  enum TransactionKind {
    /// Serializable and read-write: the server refuses an outcome that a one-at-a-time run
    /// could not give, and the transaction is run again. For the few, rule-laden writes
    /// (reviews, roles, cohorts).
    case write
    /// Read committed, with the rows it depends on locked explicitly (`FOR UPDATE`): the
    /// session write path, where twenty consoles writing at once must not refuse each other.
    case locking
    /// A consistent snapshot for several reads.
    case read
  }

  /// Runs `body` in one transaction and commits it. A serialization failure or deadlock runs
  /// the whole body again (a few times, with a short random pause); a lost connection is
  /// opened again and the body run again when the failure came before COMMIT was sent.
  func transaction<T>(_ kind: TransactionKind, _ body: (PostgresConnection) throws -> T) throws -> T {
    var attempt = 0
    var reconnects = 0
    while true {
      attempt += 1
      var committing = false
      do {
        try reconnectIfLost()
        switch kind {
        case .write: try execute("BEGIN ISOLATION LEVEL SERIALIZABLE")
        case .locking: try execute("BEGIN ISOLATION LEVEL READ COMMITTED")
        case .read: try execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        }
        let value = try body(self)
        committing = true
        try execute("COMMIT")
        return value
      } catch let error as PostgresError {
        if !error.connectionLost { _ = try? execute("ROLLBACK") }
        // A lost connection is tried again for about ten seconds (three rounds of
        // `reconnectIfLost`), then reported: the caller says so rather than hang.
        if error.connectionLost { reconnects += 1 }
        let retry = error.isRetryable || (error.connectionLost && !committing && reconnects <= 3)
        guard retry, attempt < 50 else {
          var reported = error
          reported.duringCommit = committing && error.connectionLost
          throw reported
        }
        usleep(UInt32.random(in: 1_000...(10_000 * UInt32(min(attempt, 10)))))
      } catch {
        _ = try? execute("ROLLBACK")
        throw error
      }
    }
  }

  /// Opens the connection again when the server dropped it (a restart, a network hiccup):
  /// a few tries, then the failure.
  private func reconnectIfLost() throws {
    guard let handle, PQstatus(handle) != CONNECTION_OK else { return }
    for pause in [0, 100_000, 500_000, 1_000_000, 2_000_000] {
      if pause > 0 { usleep(UInt32(pause)) }
      PQreset(handle)
      if PQstatus(handle) == CONNECTION_OK {
        try configureSession()
        return
      }
    }
    throw PostgresError(
      sqlState: nil, message: Self.firstLine(String(cString: PQerrorMessage(handle))), connectionLost: true)
  }

  private func error(_ result: OpaquePointer?) -> PostgresError {
    let lost = handle.map { PQstatus($0) != CONNECTION_OK } ?? true
    guard let result else {
      let message = handle.map { Self.firstLine(String(cString: PQerrorMessage($0))) } ?? "not connected"
      return PostgresError(sqlState: nil, message: message, connectionLost: lost)
    }
    let state = PQresultErrorField(result, Int32(UInt8(ascii: "C"))).map { String(cString: $0) }
    let primary = PQresultErrorField(result, Int32(UInt8(ascii: "M"))).map { String(cString: $0) }
    let message = primary ?? Self.firstLine(String(cString: PQresultErrorMessage(result)))
    return PostgresError(sqlState: state, message: message, connectionLost: lost)
  }

  /// `sql` with `$1`, `$2`, … replaced by `texts` as quoted literals (NULL for nil), for the
  /// trace only: the server still gets every value as a parameter. An untyped literal takes its
  /// type from its place, as an untyped parameter does.
  static func inlined(_ sql: String, _ texts: [String?]) -> String {
    guard !texts.isEmpty else { return sql }
    var result = ""
    var characters = sql[...]
    while let dollar = characters.firstIndex(of: "$") {
      result += characters[..<dollar]
      let digits = characters[characters.index(after: dollar)...].prefix { $0.isASCII && $0.isNumber }
      if let number = Int(digits), number >= 1, number <= texts.count {
        result += texts[number - 1].map { "'" + $0.replacingOccurrences(of: "'", with: "''") + "'" } ?? "NULL"
        characters = characters[digits.endIndex...]
      } else {
        result += "$"
        characters = characters[characters.index(after: dollar)...]
      }
    }
    return result + characters
  }

  static func firstLine(_ text: String) -> String {
    let line = text.split(separator: "\n", omittingEmptySubsequences: true).first.map(String.init) ?? text
    return line.trimmingCharacters(in: .whitespaces)
  }
}

/// The rows of one result, values as the server's text (nil for NULL).
struct PostgresRows: Sendable {
  let columns: [String]
  let values: [String?]
  /// Rows inserted, updated or deleted (from the command tag).
  let affected: Int

  var count: Int { columns.isEmpty ? 0 : values.count / columns.count }
  var isEmpty: Bool { count == 0 }

  subscript(row: Int) -> PostgresRow { PostgresRow(rows: self, index: row) }

  /// Every row, in order.
  var all: [PostgresRow] { (0..<count).map { PostgresRow(rows: self, index: $0) } }

  /// The first row, if any.
  var first: PostgresRow? { isEmpty ? nil : self[0] }

  /// Each row decoded as a record (`PostgresRecordDecoder`).
  func records<R: Decodable>(_ type: R.Type) throws -> [R] {
    try all.map { try $0.record(type) }
  }
}

/// One row of a result.
struct PostgresRow {
  let rows: PostgresRows
  let index: Int

  /// The text of column `column` (nil for NULL).
  func text(_ column: Int) -> String? { rows.values[index * rows.columns.count + column] }

  /// The text of the column with this name (nil for NULL or no such column).
  func text(_ name: String) -> String? {
    guard let column = rows.columns.firstIndex(of: name) else { return nil }
    return text(column)
  }

  func has(_ name: String) -> Bool { rows.columns.contains(name) }

  /// Column `column` as a value; throws when it is NULL or does not parse.
  func get<T: PostgresDecodable>(_ column: Int, as type: T.Type = T.self) throws -> T {
    guard let text = text(column) else { throw PostgresDecodingError.null(column: rows.columns[column]) }
    guard let value = T(postgresText: text) else {
      throw PostgresDecodingError.unreadable(column: rows.columns[column], text: text, type: "\(T.self)")
    }
    return value
  }

  /// Column `column` as a value, nil when NULL.
  func optional<T: PostgresDecodable>(_ column: Int, as type: T.Type = T.self) throws -> T? {
    guard text(column) != nil else { return nil }
    return try get(column, as: type)
  }

  /// The row as a record whose coding keys are the column names.
  func record<R: Decodable>(_ type: R.Type) throws -> R {
    try R(from: PostgresRecordDecoder(row: self))
  }
}

/// A stored value that did not read back as expected.
enum PostgresDecodingError: LocalizedError {
  case null(column: String)
  case unreadable(column: String, text: String, type: String)

  var errorDescription: String? {
    switch self {
    case .null(let column): "column \(column) is NULL"
    case .unreadable(let column, let text, let type): "column \(column) holds \"\(text)\", not a \(type)"
    }
  }
}

// MARK: - C strings

/// Calls `body` with a C array of the strings (each NUL-terminated, valid for the call).
private func withCStrings<R>(_ strings: [String], _ body: ([UnsafePointer<CChar>?]) -> R) -> R {
  let copies = strings.map { strdup($0) }
  defer { copies.forEach { free($0) } }
  return body(copies.map { UnsafePointer($0) } + [nil])
}

/// As `withCStrings`, with nil passed as a NULL pointer (SQL NULL for a parameter).
private func withOptionalCStrings<R>(_ strings: [String?], _ body: ([UnsafePointer<CChar>?]) -> R) -> R {
  let copies = strings.map { $0.map { strdup($0) } ?? nil }
  defer { copies.forEach { free($0) } }
  return body(copies.map { UnsafePointer($0) })
}
