internal import Foundation

extension StringProtocol where UTF8View: BidirectionalCollection {
  /// `trimmingCharacters(in: .whitespacesAndNewlines)` (or `.whitespaces` without `newlines`),
  /// with the same result, but without Foundation's character sets when both ends are ASCII:
  /// the loader trims every scalar of every file, and nearly all of them start and end with a
  /// letter.
  func trimmed(newlines: Bool = true) -> String {
    func isSpace(_ value: UInt32) -> Bool {
      value == 0x20 || value == 0x09 || newlines && (0x0A...0x0D).contains(value)
    }
    // Nearly every text: both ends an ASCII character that is not a space. (A last UTF-8 byte
    // below 0x80 is a whole ASCII scalar.)
    if let first = utf8.first, let last = utf8.last, first < 0x80, last < 0x80, !isSpace(UInt32(first)), !isSpace(UInt32(last)) {
      return String(self)
    }
    let scalars = unicodeScalars
    var start = scalars.startIndex
    var end = scalars.endIndex
    while start < end, isSpace(scalars[start].value) { start = scalars.index(after: start) }
    while start < end, isSpace(scalars[scalars.index(before: end)].value) { end = scalars.index(before: end) }
    // Other whitespace (no-break space, U+2028, …) is Foundation's to judge.
    if start < end, !scalars[start].isASCII || !scalars[scalars.index(before: end)].isASCII {
      return trimmingCharacters(in: newlines ? .whitespacesAndNewlines : .whitespaces)
    }
    return String(String.UnicodeScalarView(scalars[start..<end]))
  }
}
