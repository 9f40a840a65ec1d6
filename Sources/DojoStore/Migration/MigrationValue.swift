import CSHA256
import Foundation

/// One value of a migrated row, read from either store in the column's kind.
enum MigrationValue: Sendable, Hashable {
  case null
  case integer(Int64)
  case real(Double)
  case text(String)
  case boolean(Bool)
  /// Milliseconds since 1970-01-01 00:00:00 UTC.
  case timestamp(Int64)

  var integer: Int64? {
    if case .integer(let value) = self { return value }
    return nil
  }

  /// The value as a key part in the migration state (`last_key`) and in id maps.
  var keyText: String {
    switch self {
    case .null: return ""
    case .integer(let value): return String(value)
    case .text(let value): return value
    default: return canonicalText
    }
  }

  /// The value in the canonical text form the content hash reads: a one-letter type, then the
  /// value. `N` NULL; `i` an integer in decimal; `r` a double as the shortest decimal that reads
  /// back as the same double (so `0.1` and PostgreSQL's `0.1` agree), `NaN`, `inf`, `-inf`;
  /// `b1`/`b0` a flag; `d` a moment as `YYYY-MM-DD HH:MM:SS.SSS` UTC; `t` the byte length of
  /// the UTF-8 text, a colon, the text. The length makes every row's form unambiguous.
  var canonicalText: String {
    switch self {
    case .null: return "N"
    case .integer(let value): return "i\(value)"
    case .real(let value):
      if value.isNaN { return "rNaN" }
      if value.isInfinite { return value < 0 ? "r-inf" : "rinf" }
      return "r\(value)"
    case .boolean(let value): return value ? "b1" : "b0"
    case .timestamp(let milliseconds): return "d" + MigrationTime.text(milliseconds)
    case .text(let value): return "t\(value.utf8.count):\(value)"
    }
  }

  /// The value as a PostgreSQL query parameter (text form), nil for NULL.
  var postgresParameter: String? {
    switch self {
    case .null: return nil
    case .integer(let value): return String(value)
    case .real(let value): return value.postgresText
    case .boolean(let value): return value ? "true" : "false"
    case .timestamp(let milliseconds): return MigrationTime.text(milliseconds) + "+00"
    case .text(let value): return value
    }
  }
}

/// The row's canonical text: the values' `canonicalText` joined by the unit separator (U+001F),
/// ended by a line feed.
func canonicalRow(_ values: [MigrationValue]) -> String {
  values.map(\.canonicalText).joined(separator: "\u{1F}") + "\n"
}

/// Moments to the millisecond, as the stores write them.
enum MigrationTime {
  /// `YYYY-MM-DD HH:MM:SS.SSS`, UTC (the SQLite store's form; PostgreSQL reads it with `+00`).
  static func text(_ milliseconds: Int64) -> String {
    var seconds = time_t(milliseconds.floorDivided(by: 1000))
    let fraction = Int(milliseconds - Int64(seconds) * 1000)
    var parts = tm()
    gmtime_r(&seconds, &parts)
    // By hand rather than String(format:): a big store has millions of moments.
    var bytes: [UInt8] = []
    bytes.reserveCapacity(23)
    func append(_ value: Int, digits: Int, then separator: UInt8?) {
      var divisor = 1
      for _ in 1..<digits { divisor *= 10 }
      var rest = value
      while divisor > 0 {
        bytes.append(UInt8(48 + (rest / divisor) % 10))
        rest %= divisor
        divisor /= 10
      }
      if let separator { bytes.append(separator) }
    }
    append(Int(parts.tm_year) + 1900, digits: 4, then: 45)
    append(Int(parts.tm_mon) + 1, digits: 2, then: 45)
    append(Int(parts.tm_mday), digits: 2, then: 32)
    append(Int(parts.tm_hour), digits: 2, then: 58)
    append(Int(parts.tm_min), digits: 2, then: 58)
    append(Int(parts.tm_sec), digits: 2, then: 46)
    append(fraction, digits: 3, then: nil)
    return String(decoding: bytes, as: UTF8.self)
  }

  /// Reads `YYYY-MM-DD HH:MM[:SS[.fff]]` with a space or `T`, and an optional `Z`, `+00` or
  /// `+00:00` (the stores write UTC only); nil for anything else.
  static func milliseconds(_ text: String) -> Int64? {
    let bytes = Array(text.utf8)
    var index = 0
    func number(_ digits: Int) -> Int? {
      guard index + digits <= bytes.count else { return nil }
      var value = 0
      for byte in bytes[index..<index + digits] {
        guard (48...57).contains(byte) else { return nil }
        value = value * 10 + Int(byte - 48)
      }
      index += digits
      return value
    }
    func skip(_ allowed: [UInt8]) -> Bool {
      guard index < bytes.count, allowed.contains(bytes[index]) else { return false }
      index += 1
      return true
    }
    guard let year = number(4), skip([45]), let month = number(2), skip([45]), let day = number(2),
      skip([32, 84]), let hour = number(2), skip([58]), let minute = number(2)
    else { return nil }
    var second = 0
    var millisecond = 0
    if skip([58]) {
      guard let value = number(2) else { return nil }
      second = value
      if skip([46]) {
        var scale = 100
        while index < bytes.count, (48...57).contains(bytes[index]) {
          millisecond += Int(bytes[index] - 48) * scale
          scale /= 10
          index += 1
        }
      }
    }
    let zone = String(decoding: bytes[index...], as: UTF8.self)
    guard ["", "Z", "+00", "+00:00", "+0000"].contains(zone) else { return nil }
    var parts = tm()
    parts.tm_year = Int32(year - 1900)
    parts.tm_mon = Int32(month - 1)
    parts.tm_mday = Int32(day)
    parts.tm_hour = Int32(hour)
    parts.tm_min = Int32(minute)
    parts.tm_sec = Int32(second)
    let seconds = timegm(&parts)
    return Int64(seconds) * 1000 + Int64(millisecond)
  }
}

extension Int64 {
  fileprivate func floorDivided(by divisor: Int64) -> Int64 {
    let quotient = self / divisor
    return (self % divisor != 0 && (self < 0) != (divisor < 0)) ? quotient - 1 : quotient
  }
}

/// SHA-256 over a stream of rows (`CSHA256`), as lower-case hex.
final class ContentHash {
  private var context = dojo_sha256_context()

  init() { dojo_sha256_init(&context) }

  func add(_ text: String) {
    var text = text
    text.withUTF8 { buffer in dojo_sha256_update(&context, buffer.baseAddress, buffer.count) }
  }

  /// The digest of everything added; call once.
  func finish() -> String {
    var digest = [UInt8](repeating: 0, count: 32)
    dojo_sha256_final(&context, &digest)
    let hex = Array("0123456789abcdef".utf8)
    return String(decoding: digest.flatMap { [hex[Int($0 >> 4)], hex[Int($0 & 15)]] }, as: UTF8.self)
  }
}
