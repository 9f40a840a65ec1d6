import Foundation
import GRDB
import Testing

@testable import DojoStore

/// The canonical row text `dojo store migrate` hashes: the same stored value reads the same from
/// SQLite and from PostgreSQL's text form, and different rows never share a text.
@Suite("store migration: canonical rows and hashes")
struct MigrationCanonicalTests {
  private func column(_ kind: MigrationColumnKind) -> MigrationColumn { MigrationColumn("c", kind) }

  @Test("a value reads the same from SQLite's storage and from PostgreSQL's text")
  func sameOnBothSides() throws {
    let pairs: [(DatabaseValue, String, MigrationColumnKind)] = [
      (0.1.databaseValue, "0.1", .real),
      (1e-05.databaseValue, "1e-05", .real),
      (Double(3).databaseValue, "3", .real),
      (Int64(3).databaseValue, "3", .real),
      (Int64(-9_007_199_254_740_993).databaseValue, "-9007199254740993", .integer),
      (Int64(1).databaseValue, "t", .boolean),
      (Int64(0).databaseValue, "f", .boolean),
      ("2026-12-06 10:00:00.000".databaseValue, "2026-12-06 10:00:00+00", .timestamp),
      ("2026-12-06 10:00:00.120".databaseValue, "2026-12-06 10:00:00.12+00", .timestamp),
      ("1969-12-31 23:59:59.999".databaseValue, "1969-12-31 23:59:59.999+00", .timestamp),
      ("Grüße \u{1F600}\t\n".databaseValue, "Grüße \u{1F600}\t\n", .text),
    ]
    for (stored, text, kind) in pairs {
      let sqlite = try SQLiteMigrationEndpoint.value(stored, column: column(kind), table: "t")
      let postgres = try PostgresMigrationEndpoint.value(text, column: column(kind), table: "t")
      #expect(sqlite.canonicalText == postgres.canonicalText, "\(stored) / \(text)")
    }
    #expect(try PostgresMigrationEndpoint.value(nil, column: column(.text), table: "t") == .null)
  }

  @Test("moments keep their milliseconds and are written as the SQLite store writes them")
  func moments() {
    #expect(MigrationTime.milliseconds("2026-12-06 10:00:00.123").map(MigrationTime.text) == "2026-12-06 10:00:00.123")
    #expect(MigrationTime.milliseconds("2026-12-06T10:00:00Z") == MigrationTime.milliseconds("2026-12-06 10:00:00.000"))
    #expect(MigrationTime.milliseconds("1969-12-31 23:59:59.999").map(MigrationTime.text) == "1969-12-31 23:59:59.999")
    #expect(MigrationTime.milliseconds("2026-12-06 10:00:00+02") == nil)
    #expect(MigrationTime.milliseconds("yesterday") == nil)
  }

  @Test("different rows never share a canonical text: NULL, empty text, split text, types")
  func unambiguous() {
    let rows: [[MigrationValue]] = [
      [.null], [.text("")], [.text("N")], [.text("ab"), .text("c")], [.text("a"), .text("bc")],
      [.integer(1)], [.boolean(true)], [.real(1)], [.text("1")], [.text("a\u{1F}t1:b")], [.text("a"), .text("b")],
    ]
    let texts = rows.map(canonicalRow)
    #expect(Set(texts).count == rows.count)
  }

  @Test("SHA-256 of known inputs (OpenSSL)")
  func hashes() {
    let empty = ContentHash()
    #expect(empty.finish() == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    let abc = ContentHash()
    abc.add("a")
    abc.add("bc")
    #expect(abc.finish() == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
  }

  @Test("the catalogue names every table of the store, each after the tables it refers to")
  func catalogue() throws {
    let store = try SQLiteStore.inMemory()
    let tables = try store.writer.read { db in
      try String.fetchAll(
        db,
        sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name != 'grdb_migrations'")
    }
    #expect(Set(tables) == Set(MigrationCatalog.tables.map(\.name)))
    var seen: Set<String> = []
    for table in MigrationCatalog.tables {
      for column in table.columns {
        if let referenced = column.references { #expect(seen.contains(referenced) || referenced == table.name, "\(table.name).\(column.name)") }
      }
      seen.insert(table.name)
      // Every column of the table, and no other.
      let columns = try store.writer.read { db in try db.columns(in: table.name).map(\.name) }
      #expect(Set(columns) == Set(table.columns.map(\.name)), "\(table.name)")
    }
  }
}
