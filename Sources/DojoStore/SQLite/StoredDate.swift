import DojoCore
import Foundation
import GRDB

/// Dates as an SQLite store keeps them: `yyyy-MM-dd HH:mm:ss.SSS` in UTC, byte for byte the text
/// GRDB writes for a `Date` (`Date.databaseValue`), worked out by hand.
///
/// GRDB formats with a `DateFormatter`, whose first use starts ICU and reads the system time
/// zone (≈ 3 % of a console's start-up before its first line). The arithmetic here gives what
/// Foundation's formatter gives: milliseconds since 1970 rounded half up, split into days
/// (rounded down) and the milliseconds of the day, then the Gregorian calendar (years 1600–9999;
/// other dates are left to GRDB).
/// A test holds it to GRDB's text.
public enum StoredDate {
  /// The text GRDB would store for `date`.
  public static func text(_ date: Date) -> String {
    let millis = ((date.timeIntervalSinceReferenceDate + 978_307_200) * 1000 + 0.5).rounded(.down)
    let dayMillis = 86_400_000.0
    let dayNumber = (millis / dayMillis).rounded(.down)
    // Out of range for the arithmetic below (hundreds of millions of years): GRDB's own text.
    guard dayNumber.isFinite, abs(dayNumber) < 1e11 else { return String.fromDatabaseValue(date.databaseValue) ?? "" }
    var inDay = Int(millis - dayNumber * dayMillis)
    var days = Int(dayNumber)
    // Rounding can leave a full day (or a hair below zero) in the remainder.
    if inDay >= 86_400_000 { inDay -= 86_400_000; days += 1 }
    if inDay < 0 { inDay += 86_400_000; days -= 1 }
    let (year, month, day) = CivilDate.civil(daysSince1970: days)
    // ICU switches to the Julian calendar before October 1582 and writes no sign before year 1;
    // such dates (and years of five digits) keep GRDB's text.
    guard (1600...9999).contains(year) else { return String.fromDatabaseValue(date.databaseValue) ?? "" }
    var bytes: [UInt8] = []
    bytes.reserveCapacity(24)
    func digits(_ value: Int, _ count: Int) {
      var divisor = 1
      for _ in 1..<count { divisor *= 10 }
      while divisor > 0 {
        bytes.append(UInt8(ascii: "0") + UInt8(value / divisor % 10))
        divisor /= 10
      }
    }
    digits(year, 4)
    bytes.append(UInt8(ascii: "-"))
    digits(month, 2)
    bytes.append(UInt8(ascii: "-"))
    digits(day, 2)
    bytes.append(UInt8(ascii: " "))
    digits(inDay / 3_600_000, 2)
    bytes.append(UInt8(ascii: ":"))
    digits(inDay / 60_000 % 60, 2)
    bytes.append(UInt8(ascii: ":"))
    digits(inDay / 1000 % 60, 2)
    bytes.append(UInt8(ascii: "."))
    digits(inDay % 1000, 3)
    return String(decoding: bytes, as: UTF8.self)
  }

  /// For records: their dates stored as `text(_:)` gives them.
  public static let strategy = DatabaseDateEncodingStrategy.custom { text($0) }

  /// For records: their dates read as `date(_:)` reads them.
  public static let decoding = DatabaseDateDecodingStrategy.custom { date($0) }

  /// The date GRDB reads from a stored value (`Date.fromDatabaseValue`), the same `Date` to the
  /// bit; text in this type's form (`yyyy-MM-dd HH:mm:ss` with an optional `.SSS`, years
  /// 1600–9999) is read by hand. GRDB reads through a Gregorian `Calendar` whose first question
  /// to its locale starts ICU; anything else is left to it.
  public static func date(_ value: DatabaseValue) -> Date? {
    if case .string(let text) = value.storage, let date = date(text: text) { return date }
    return Date.fromDatabaseValue(value)
  }

  /// `yyyy-MM-dd HH:mm:ss[.SSS]`, nil for anything else.
  static func date(text: String) -> Date? {
    text.utf8.withContiguousStorageIfAvailable { bytes -> Date? in
      guard bytes.count == 19 || bytes.count == 23 else { return nil }
      func number(_ start: Int, _ count: Int) -> Int? {
        var value = 0
        for index in start..<start + count {
          let digit = Int(bytes[index]) - 48
          guard (0...9).contains(digit) else { return nil }
          value = value * 10 + digit
        }
        return value
      }
      func byte(_ index: Int, _ character: Unicode.Scalar) -> Bool { bytes[index] == UInt8(ascii: character) }
      guard byte(4, "-"), byte(7, "-"), byte(10, " "), byte(13, ":"), byte(16, ":"),
        let year = number(0, 4), let month = number(5, 2), let day = number(8, 2),
        let hour = number(11, 2), let minute = number(14, 2), let second = number(17, 2),
        (1600...9999).contains(year), (1...12).contains(month), day >= 1, day <= CivilDate.daysIn(month: month, year: year),
        hour < 24, minute < 60, second < 60
      else { return nil }
      var millis = 0
      if bytes.count == 23 {
        guard byte(19, "."), let fraction = number(20, 3) else { return nil }
        millis = fraction
      }
      // In Foundation's order: the start of the day, plus the time of day with its fraction.
      let dayStart = CivilDate.days(year: year, month: month, day: day) * 86_400 - 978_307_200
      let timeOfDay = Double(hour * 3600 + minute * 60 + second) + Double(millis * 1_000_000) / 1e9
      return Date(timeIntervalSinceReferenceDate: Double(dayStart) + timeOfDay)
    } ?? nil
  }
}
