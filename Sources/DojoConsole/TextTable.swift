import DojoCore

/// A plain text table with columns padded to the widest cell, up to `maximumColumnWidth`:
/// a longer cell (a pasted 10,000-character name) is cut with `…` instead of widening every
/// row. The last column is neither padded nor cut. Every cell is made terminal-safe
/// (`TextSafety.terminalSafe`: control and bidi characters neutralised, dojo's colours kept).
public struct TextTable: Sendable {
  public var header: [String]
  public var rows: [[String]]
  /// The widest a column other than the last may be, in terminal columns.
  public var maximumColumnWidth: Int

  /// The default `maximumColumnWidth`.
  public static let defaultMaximumColumnWidth = 40

  public init(header: [String], rows: [[String]], maximumColumnWidth: Int = TextTable.defaultMaximumColumnWidth) {
    self.header = header
    self.rows = rows
    self.maximumColumnWidth = maximumColumnWidth
  }

  public func render() -> String {
    let all = ([header] + rows).map { row in
      row.enumerated().map { column, cell in
        let safe = Self.oneLine(TextSafety.terminalSafe(cell))
        return column == row.count - 1 ? safe : safe.truncated(toWidth: maximumColumnWidth)
      }
    }
    let widths = header.indices.map { column in
      all.map { $0.indices.contains(column) ? $0[column].displayWidth : 0 }.max() ?? 0
    }
    return all.enumerated().map { index, row in
      let line = row.enumerated().map { column, cell in
        column == row.count - 1 ? cell : cell.padding(toLength: widths[column], withPad: " ", startingAt: 0)
      }.joined(separator: "  ")
      return index == 0 ? Style.strong(line) : line
    }.joined(separator: "\n")
  }
}

extension TextTable {
  /// Line feeds and tabs as spaces (most cells have neither: they come back as they are).
  static func oneLine(_ cell: String) -> String {
    guard cell.utf8.contains(where: { $0 == UInt8(ascii: "\n") || $0 == UInt8(ascii: "\t") }) else { return cell }
    var result = String.UnicodeScalarView()
    for scalar in cell.unicodeScalars { result.append(scalar == "\n" || scalar == "\t" ? " " : scalar) }
    return String(result)
  }
}

extension String {
  func padding(toLength length: Int, withPad pad: String, startingAt: Int) -> String {
    let width = displayWidth
    return width >= length ? self : self + String(repeating: pad, count: length - width)
  }

  /// The text cut to at most `width` terminal columns, ending in `…` when cut; colour
  /// sequences are kept and, when the text is cut, closed with a reset.
  func truncated(toWidth width: Int) -> String {
    guard displayWidth > width else { return self }
    var result = ""
    var used = 0
    var inEscape = false
    var sawEscape = false
    for character in self {
      if inEscape {
        result.append(character)
        if character.isLetter { inEscape = false }
        continue
      }
      if character == "\u{1B}" {
        inEscape = true
        sawEscape = true
        result.append(character)
        continue
      }
      let columns = character.unicodeScalars.first.map(Self.columns) ?? 0
      if used + columns > width - 1 { break }
      used += columns
      result.append(character)
    }
    return result + "…" + (sawEscape ? "\u{1B}[0m" : "")
  }

  /// The columns the text takes in a terminal: East Asian wide and full-width characters and
  /// emoji take two, colour escape sequences none.
  var displayWidth: Int {
    // Printable ASCII (most cells): one column a byte.
    if utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) { return utf8.count }
    var width = 0
    var inEscape = false
    for character in self {
      if inEscape {
        if character.isLetter { inEscape = false }
        continue
      }
      if character == "\u{1B}" {
        inEscape = true
        continue
      }
      width += character.unicodeScalars.first.map(Self.columns) ?? 0
    }
    return width
  }

  private static func columns(_ scalar: Unicode.Scalar) -> Int {
    if scalar.properties.isEmojiPresentation { return 2 }
    switch scalar.value {
    case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF,
      0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x20000...0x3FFFD:
      return 2
    default:
      return 1
    }
  }
}
