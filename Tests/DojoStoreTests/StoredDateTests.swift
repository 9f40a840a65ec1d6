import DojoStore
import Foundation
import GRDB
import Testing

@Suite("Stored dates written by hand")
struct StoredDateTests {
  /// GRDB's own text for a date (a `DateFormatter`, the reference).
  func grdb(_ date: Date) -> String? { String.fromDatabaseValue(date.databaseValue) }

  @Test("the same text as GRDB for dates from 1600 to 2100, to the rounded millisecond")
  func randomDates() {
    var generator = SystemRandomNumberGenerator()
    for index in 0..<30_000 {
      // Mostly 1970 to 2100, a third from 1600 on, with fractions of a millisecond.
      let earliest = index % 3 == 0 ? -11_676_096_000.0 : 0
      let date = Date(timeIntervalSince1970: Double.random(in: earliest..<4_102_444_800, using: &generator))
      #expect(StoredDate.text(date) == grdb(date), "\(date.timeIntervalSinceReferenceDate)")
    }
  }

  @Test("the same text as GRDB at day, month, leap-day and millisecond edges and outside the usual years")
  func edges() throws {
    let calendar = Calendar(identifier: .gregorian)
    var utc = calendar
    utc.timeZone = try #require(TimeZone(secondsFromGMT: 0))
    var dates: [Date] = [Date(), Date(timeIntervalSinceReferenceDate: 0), Date(timeIntervalSince1970: 0)]
    for (year, month, day) in [(2000, 2, 29), (2000, 3, 1), (2100, 3, 1), (1900, 3, 1), (2024, 12, 31), (1600, 1, 1), (9999, 12, 31), (1582, 10, 15), (1500, 6, 1)] {
      let midnight = try #require(utc.date(from: DateComponents(year: year, month: month, day: day)))
      for offset in [-1, -0.001, -0.0005, -0.000_000_1, 0, 0.000_000_1, 0.0005, 0.000_999_9, 0.999_999, 86_399.999_9] {
        dates.append(midnight.addingTimeInterval(offset))
      }
    }
    dates.append(Date(timeIntervalSince1970: -1e10))
    dates.append(Date(timeIntervalSince1970: -0.000_1))
    for date in dates {
      #expect(StoredDate.text(date) == grdb(date), "\(date.timeIntervalSinceReferenceDate)")
    }
  }

  @Test("a session's start reads back as the text stored")
  func storedSession() throws {
    let store = try SQLiteStore.inMemory()
    let started = Date(timeIntervalSince1970: 1_765_000_000.123_456)
    var new = newSession(trainee: "ada")
    new.startedAt = started
    let record = try store.startSession(new)
    let text = try store.writer.read { db in
      try String.fetchOne(db, sql: "SELECT started_at FROM sessions WHERE id = ?", arguments: [record.id])
    }
    #expect(text == grdb(started))
    #expect(record.startedAt == Date.fromDatabaseValue(started.databaseValue))
  }
}

@Suite("Stored dates read by hand")
struct StoredDateReadingTests {
  @Test("the same Date as GRDB for the text of dates from 1600 to 2100, and GRDB's for other forms")
  func sameDates() {
    var generator = SystemRandomNumberGenerator()
    for index in 0..<30_000 {
      // A third from 1600 on, a third within a month of 2001 (where seconds and their fraction
      // are of one size, and the order of the sums shows), the rest 1970 to 2100.
      let earliest = index % 3 == 0 ? -11_676_096_000.0 : (index % 3 == 1 ? 976_000_000 : 0)
      let latest = index % 3 == 1 ? 981_000_000.0 : 4_102_444_800
      let text = StoredDate.text(Date(timeIntervalSince1970: Double.random(in: earliest..<latest, using: &generator)))
      let value = text.databaseValue
      #expect(StoredDate.date(value) == Date.fromDatabaseValue(value), "\(text)")
      let whole = String(text.prefix(19)).databaseValue
      #expect(StoredDate.date(whole) == Date.fromDatabaseValue(whole), "\(text.prefix(19))")
    }
    let others: [DatabaseValue] = [
      "2026-12-06".databaseValue, "2026-12-06T10:00:00.123Z".databaseValue, "2026-02-30 10:00:00.000".databaseValue, "2026-02-29 10:00:00.000".databaseValue,
      "2024-02-29 23:59:59.999".databaseValue, "2026-04-31 10:00:00".databaseValue, "2026-12-31 24:00:00".databaseValue,
      "1500-06-01 00:00:00.000".databaseValue, "2026-12-06 10:00:00.1234".databaseValue, "garbage".databaseValue,
      1_765_000_000.5.databaseValue, 1_765_000_000.databaseValue, DatabaseValue.null,
    ]
    for value in others {
      #expect(StoredDate.date(value) == Date.fromDatabaseValue(value), "\(value)")
    }
  }
}
