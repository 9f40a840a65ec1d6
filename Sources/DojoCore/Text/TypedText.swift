/// What becomes of text a trainee typed before it is scored and stored.
///
/// The console, piped input and answer files all pass their lines through `clean`, so the
/// text the scorer reads is exactly the text the store keeps. Without it a NUL byte ("Hi\0there")
/// was scored on the whole line but stored as "Hi": SQLite takes a C string and stops at NUL.
public enum TypedText {
  /// `text` with every control character that is not tab or newline replaced by a space:
  /// NUL and the rest of C0 (U+0000–U+001F, carriage return included), DEL (U+007F) and C1
  /// (U+0080–U+009F). Everything else, emoji and combining marks included, is kept as typed.
  public static func clean(_ text: String) -> String {
    guard text.unicodeScalars.contains(where: isReplaced) else { return text }
    var scalars = String.UnicodeScalarView()
    for scalar in text.unicodeScalars {
      scalars.append(isReplaced(scalar) ? " " : scalar)
    }
    return String(scalars)
  }

  /// Whether `clean` replaces this scalar.
  public static func isReplaced(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.value {
    case 0x09, 0x0A: false
    case 0x00...0x1F, 0x7F...0x9F: true
    default: false
    }
  }
}
