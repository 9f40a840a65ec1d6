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
