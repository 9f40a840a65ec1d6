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

  /// SHA-256 is our own (`CSHA256`), no longer OpenSSL's: the FIPS 180-2 / NIST examples, the
  /// lengths around the padding's block boundaries (expected digests from Python's hashlib),
  /// and the same digest however the text is split between `add` calls.
  @Test("SHA-256: the NIST example vectors")
  func nistVectors() {
    let vectors: [(String, String)] = [
      ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
       "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
      ("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
       "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"),
      ("Grüße, €", "09e6d42a48427c7bc2c5b2dabfc70668f4e34e627bc0e52b544d7d3acfced28c"),
    ]
    for (text, digest) in vectors {
      let hash = ContentHash()
      hash.add(text)
      #expect(hash.finish() == digest, "\(text)")
    }
    let million = ContentHash()
    let thousand = String(repeating: "a", count: 1000)
    for _ in 0..<1000 { million.add(thousand) }
    #expect(million.finish() == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
  }

  @Test("SHA-256: lengths around the block boundaries, split anywhere")
  func blockBoundaries() {
    let text = String((0..<200).map { Character(Unicode.Scalar(UInt8(97 + ($0 * 7) % 26))) })
    let expected: [(Int, String)] = [
      (55, "7cda990214cc40c5e59b2a5f09f1c34da7ea4a7d44479d36b150ea7c04aa009a"),
      (56, "642b572edefc37c5664b4b95a7a83bdc5617dc06b241bfac5c8094b10fec734e"),
      (57, "3620c19e53eaaf15b6d63de8dc6ad5afe95344e30d3dbf2be8f0499a7b12ca22"),
      (63, "125d5830922e3666b5891332b54f12d328861b7ec30fec51a03fa27bbe549642"),
      (64, "15c32cfa73534b3c34a1244e4331e3757b34daf267f6a7322d471c849e3a5c65"),
      (65, "ddd761939cd192b02ac5b652b6f4763b0351e0c40a325432c318b0aab6c4afc5"),
      (119, "a1913d07c18ff09efb38be9e5317b92e7a4cf103f6fb7448257c30c7cab59462"),
      (120, "f9fe9011baded2c49c901e5d4d74f66a00f057070e9e9d641b566eeea45f3be3"),
      (128, "fc49b6d718953707a8cb0ca90a5b9bd2703d166a18db96de7f288056ff6f62da"),
      (200, "6e8a846bf11e767a5b51b6d9176ef155dccf864f7a4974eec3799a2aef0577a9"),
    ]
    for (length, digest) in expected {
      let prefix = String(text.prefix(length))
      for split in [0, 1, length / 3, length / 2, length - 1, length] {
        let hash = ContentHash()
        hash.add(String(prefix.prefix(split)))
        hash.add("")
        hash.add(String(prefix.dropFirst(split)))
        #expect(hash.finish() == digest, "length \(length) split at \(split)")
      }
    }
  }

  @Test("SHA-256 of known inputs")
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
