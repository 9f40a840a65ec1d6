/// Removes terminal control and escape sequences and bidirectional controls from text a trainee,
/// reviewer or author typed, so that printing it can never drive the reader's terminal (clear the
/// screen, set the window title through OSC, write a hyperlink) or reorder what the reader sees
/// (U+202E RIGHT-TO-LEFT OVERRIDE and the other bidi controls).
///
/// The one sanitising function for names, comments and free text in every output format: text,
/// CSV, Markdown and HTML call it on each value they print; JSON escapes the same characters
/// (`TextSafety.jsonEscaped`). ESC becomes `␛`, the bidi controls and every other control
/// character `�`; line feed and tab stay.
public func neutralized(_ text: String) -> String {
  guard text.unicodeScalars.contains(where: TextSafety.isUnsafe) else { return text }
  var result = String.UnicodeScalarView()
  for scalar in text.unicodeScalars {
    if scalar.value == 0x1B {
      result.append("␛")
    } else if TextSafety.isUnsafe(scalar) {
      result.append("\u{FFFD}")
    } else {
      result.append(scalar)
    }
  }
  return String(result)
}

/// The characters output must never carry as they were typed, and the ways of making text safe
/// for each kind of output.
public enum TextSafety {
  /// C0 controls other than line feed and tab, DEL, C1 controls (U+0080–U+009F: U+009B is a
  /// one-byte CSI on some terminals), and the Unicode bidirectional controls (U+061C, U+200E,
  /// U+200F, U+202A–U+202E, U+2066–U+2069).
  public static func isUnsafe(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.value {
    case 0x0A, 0x09: false
    case 0x00...0x1F, 0x7F...0x9F: true
    case 0x061C, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: true
    default: false
    }
  }

  /// Whether a scalar is a bidirectional control (see `isUnsafe`).
  public static func isBidiControl(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.value {
    case 0x061C, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: true
    default: false
    }
  }

  /// Finished terminal output, as the last step before it is written: keeps the colour
  /// sequences dojo itself writes (`ESC [ digits ; … m`) and neutralises everything else as
  /// `neutralized` does. A safety net under the per-value `neutralized`, for text that reaches
  /// a terminal without it.
  public static func terminalSafe(_ text: String) -> String {
    guard text.unicodeScalars.contains(where: isUnsafe) else { return text }
    let scalars = Array(text.unicodeScalars)
    var result = String.UnicodeScalarView()
    var index = 0
    while index < scalars.count {
      let scalar = scalars[index]
      if scalar.value == 0x1B, let end = colourSequenceEnd(scalars, from: index) {
        result.append(contentsOf: scalars[index...end])
        index = end + 1
        continue
      }
      if scalar.value == 0x1B {
        result.append("␛")
      } else if isUnsafe(scalar) {
        result.append("\u{FFFD}")
      } else {
        result.append(scalar)
      }
      index += 1
    }
    return String(result)
  }

  /// The index of the `m` that ends an SGR colour sequence starting at `start` (ESC), if it is one.
  private static func colourSequenceEnd(_ scalars: [Unicode.Scalar], from start: Int) -> Int? {
    guard start + 2 < scalars.count, scalars[start + 1] == "[" else { return nil }
    var index = start + 2
    while index < scalars.count, index - start <= 32 {
      let scalar = scalars[index]
      if scalar == "m" { return index }
      guard ("0"..."9").contains(scalar) || scalar == ";" else { return nil }
      index += 1
    }
    return nil
  }

  /// JSON text with the bidi and C1 controls written as `\uXXXX` escapes (JSON encoders write
  /// them raw; C0 controls are escaped already). The data stays the same for a JSON reader; a
  /// terminal shows the escapes. These characters only occur inside JSON strings, where the
  /// escape is valid.
  public static func jsonEscaped(_ json: String) -> String {
    guard json.unicodeScalars.contains(where: isUnsafe) else { return json }
    var result = ""
    for scalar in json.unicodeScalars {
      if isUnsafe(scalar) {
        let hex = String(scalar.value, radix: 16)
        result += "\\u" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
      } else {
        result.unicodeScalars.append(scalar)
      }
    }
    return result
  }
}
