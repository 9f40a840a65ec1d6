/// A plain text table with columns padded to the widest cell.
public struct TextTable: Sendable {
  public var header: [String]
  public var rows: [[String]]

  public init(header: [String], rows: [[String]]) {
    self.header = header
    self.rows = rows
  }

  public func render() -> String {
    let all = [header] + rows
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

extension String {
  func padding(toLength length: Int, withPad pad: String, startingAt: Int) -> String {
    let width = displayWidth
    return width >= length ? self : self + String(repeating: pad, count: length - width)
  }

  /// The columns the text takes in a terminal: East Asian wide and full-width characters and
  /// emoji take two, colour escape sequences none.
  var displayWidth: Int {
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
