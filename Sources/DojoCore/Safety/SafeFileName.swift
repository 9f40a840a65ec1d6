/// Parts of file names made from names people typed: safe characters only, and short enough for
/// any file system (Linux and macOS allow 255 bytes per name), with a short hash of the whole
/// text when it had to be cut, so two long names with the same start stay apart.
public enum SafeFileName {
  /// The longest part, in UTF-8 bytes (hash included).
  public static let defaultPartBytes = 60

  /// Letters, digits, `-` and `.` kept; anything else (slashes, spaces, control characters)
  /// becomes `-`; leading and trailing `.` and `-` dropped; "unnamed" when nothing is left.
  /// Longer than `maxBytes` UTF-8 bytes: cut at a character boundary and ended with `-` and
  /// eight hex digits of a hash of the original text.
  public static func part(_ text: String, maxBytes: Int = defaultPartBytes) -> String {
    var mapped = ""
    for character in text {
      mapped.append(character.isLetter || character.isNumber || character == "-" || character == "." ? character : "-")
      if mapped.utf8.count > maxBytes * 2 + 16 { break }  // enough to cut from; the hash covers the rest
    }
    let trimmed = trimDots(mapped)
    if trimmed.isEmpty { return "unnamed" }
    guard trimmed.utf8.count > maxBytes || mapped.count < text.count else { return trimmed }
    let suffix = "-" + hash(text)
    var cut = ""
    for character in trimmed {
      if cut.utf8.count + String(character).utf8.count + suffix.utf8.count > maxBytes { break }
      cut.append(character)
    }
    let head = trimDots(cut)
    return (head.isEmpty ? "unnamed" : head) + suffix
  }

  private static func trimDots(_ text: String) -> String {
    var scalars = Substring(text)
    while let first = scalars.first, first == "." || first == "-" { scalars.removeFirst() }
    while let last = scalars.last, last == "." || last == "-" { scalars.removeLast() }
    return String(scalars)
  }

  /// Eight hex digits of the 64-bit FNV-1a hash of the text's UTF-8 bytes (stable across runs
  /// and platforms, unlike `Hasher`).
  static func hash(_ text: String) -> String {
    var value: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in text.utf8 {
      value ^= UInt64(byte)
      value &*= 0x0000_0100_0000_01B3
    }
    let hex = String(value & 0xFFFF_FFFF, radix: 16)
    return String(repeating: "0", count: 8 - hex.count) + hex
  }
}
