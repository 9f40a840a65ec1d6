import DojoCore
import Foundation

/// Where the console writes: the terminal, or a buffer in tests.
public protocol ConsoleOutput: AnyObject {
  func write(_ text: String)
  /// Waits before showing a customer line, as if the customer were typing.
  func pause(seconds: Double)
}

extension ConsoleOutput {
  public func line(_ text: String = "") { write(text + "\n") }
}

/// Standard output, flushed after each write so a piped reader sees lines as they happen. On a
/// terminal, lines are wrapped at word boundaries to its width, read again for every write so a
/// resized window is followed.
public final class StandardOutput: ConsoleOutput {
  public let typingDelay: Bool
  public let wraps: Bool

  public init(typingDelay: Bool, wraps: Bool = true) {
    self.typingDelay = typingDelay
    self.wraps = wraps
  }

  public func write(_ text: String) {
    var safe = TextSafety.terminalSafe(text)
    if wraps, let width = TerminalWidth.current() { safe = TextWrap.wrap(safe, width: width) }
    FileHandle.standardOutput.write(Data(safe.utf8))
  }

  public func pause(seconds: Double) {
    guard typingDelay, seconds > 0 else { return }
    Thread.sleep(forTimeInterval: seconds)
  }
}

/// Standard error: where an interactive walk talks when stdout is kept for JSON.
public final class StandardErrorOutput: ConsoleOutput {
  public init() {}

  public func write(_ text: String) {
    FileHandle.standardError.write(Data(TextSafety.terminalSafe(text).utf8))
  }

  public func pause(seconds: Double) {}
}

/// Collects output in memory, for tests.
public final class BufferedOutput: ConsoleOutput {
  public private(set) var text = ""

  public init() {}

  public func write(_ text: String) { self.text += text }
  public func pause(seconds: Double) {}
}

// MARK: - Word wrap

/// The width to wrap standard output to: the terminal's columns (asked again on each call, so a
/// resized window is followed from the next line on), else `COLUMNS`; nil when stdout is not a
/// terminal, so pipes and files get the lines as they are.
public enum TerminalWidth {
  public static func current(environment: [String: String] = ProcessInfo.processInfo.environment) -> Int? {
    guard isatty(STDOUT_FILENO) == 1 else { return nil }
    var size = winsize()
    if ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return Int(size.ws_col) }
    if let columns = environment["COLUMNS"].flatMap(Int.init), columns > 0 { return columns }
    return nil
  }
}

/// Wraps text at word boundaries to a width in terminal columns. Colour sequences take no room;
/// wide characters (emoji, CJK) take two. A continuation line keeps the line's indentation, and
/// hangs under the text of a list item ("  1. …", "  ✓ …") or of a two-column line
/// ("/help               this list"). A word longer than the line is cut.
public enum TextWrap {
  public static func wrap(_ text: String, width: Int) -> String {
    text.split(separator: "\n", omittingEmptySubsequences: false)
      .map { wrapLine(String($0), width: width).joined(separator: "\n") }
      .joined(separator: "\n")
  }

  /// One line (no newline inside) as the lines it wraps to.
  static func wrapLine(_ line: String, width: Int) -> [String] {
    guard width >= 10, displayWidth(line) > width else { return [line] }
    var indent = hangingIndent(line)
    if indent > width / 2 { indent = min(leadingSpaces(line), width / 2) }
    let pad = String(repeating: " ", count: indent)
    var lines: [String] = []
    var current = ""
    var currentWidth = 0
    var pendingSpace = ""
    for token in tokens(line) {
      if token.isSpace {
        pendingSpace += token.text
        continue
      }
      let wordWidth = displayWidth(token.text)
      let spaceWidth = pendingSpace.count
      if currentWidth > 0 && currentWidth + spaceWidth + wordWidth > width && currentWidth > indent {
        lines.append(current)
        current = pad
        currentWidth = indent
        pendingSpace = ""
      } else {
        current += pendingSpace
        currentWidth += spaceWidth
        pendingSpace = ""
      }
      // A word that does not fit on a line of its own is cut where the line ends.
      var word = Substring(token.text)
      while currentWidth + displayWidth(String(word)) > width, currentWidth < width {
        let (head, tail) = cut(word, columns: width - currentWidth)
        guard !head.isEmpty else { break }
        lines.append(current + head)
        current = pad
        currentWidth = indent
        word = tail
      }
      current += word
      currentWidth += displayWidth(String(word))
    }
    if !current.trimmingCharacters(in: .whitespaces).isEmpty || lines.isEmpty { lines.append(current) }
    return lines
  }

  private struct Token {
    var text: String
    var isSpace: Bool
  }

  /// Words and runs of spaces; colour sequences stay with the word they touch.
  private static func tokens(_ line: String) -> [Token] {
    var result: [Token] = []
    for character in line {
      let isSpace = character == " "
      if let last = result.last, last.isSpace == isSpace {
        result[result.count - 1].text.append(character)
      } else {
        result.append(Token(text: String(character), isSpace: isSpace))
      }
    }
    return result
  }

  /// The first `columns` columns of a word, and the rest.
  private static func cut(_ word: Substring, columns: Int) -> (String, Substring) {
    var head = ""
    var used = 0
    var index = word.startIndex
    while index < word.endIndex {
      let character = word[index]
      let next = used + width(of: character)
      if next > columns && used > 0 { break }
      head.append(character)
      used = next
      index = word.index(after: index)
    }
    return (head, word[index...])
  }

  static func leadingSpaces(_ line: String) -> Int {
    visible(line).prefix { $0 == " " }.count
  }

  /// Where continuation lines start: after a list marker, at the second column of a two-column
  /// line, else at the line's own indentation.
  static func hangingIndent(_ line: String) -> Int {
    let plain = visible(line)
    let lead = plain.prefix { $0 == " " }.count
    let body = plain.dropFirst(lead)
    // "1. ", "12. ", "- ", "• ", "✓ ", "✗ ", "◐ ", "– "
    if let space = body.firstIndex(of: " ") {
      let marker = body[..<space]
      let isNumber = marker.count >= 2 && marker.last == "." && marker.dropLast().allSatisfy(\.isNumber)
      if isNumber || ["-", "•", "*", "✓", "✗", "◐", "–"].contains(String(marker)) {
        return lead + displayWidth(String(marker)) + 1
      }
    }
    // "/help               this list": text after a gap of three or more spaces.
    if let gap = body.range(of: "   ") {
      let before = body[..<gap.lowerBound]
      let after = body[gap.lowerBound...].prefix { $0 == " " }
      return lead + displayWidth(String(before)) + after.count
    }
    return lead
  }

  /// The text without colour sequences.
  static func visible(_ text: String) -> String {
    var result = ""
    var inEscape = false
    for scalar in text.unicodeScalars {
      if inEscape {
        if (0x40...0x7E).contains(scalar.value) && scalar != "[" { inEscape = false }
        continue
      }
      if scalar.value == 0x1B {
        inEscape = true
        continue
      }
      result.unicodeScalars.append(scalar)
    }
    return result
  }

  /// Columns the text takes on a terminal.
  public static func displayWidth(_ text: String) -> Int {
    visible(text).reduce(0) { $0 + width(of: $1) }
  }

  static func width(of character: Character) -> Int {
    let scalars = character.unicodeScalars
    guard let first = scalars.first else { return 0 }
    if scalars.contains(where: { $0.properties.isEmojiPresentation }) || scalars.contains("\u{FE0F}") { return 2 }
    if isWide(first.value) { return 2 }
    switch first.properties.generalCategory {
    case .nonspacingMark, .enclosingMark, .format, .control: return 0
    default: return 1
    }
  }

  private static func isWide(_ value: UInt32) -> Bool {
    (0x1100...0x115F).contains(value) || (0x2E80...0xA4CF).contains(value) && value != 0x303F
      || (0xAC00...0xD7A3).contains(value) || (0xF900...0xFAFF).contains(value) || (0xFE30...0xFE4F).contains(value)
      || (0xFF00...0xFF60).contains(value) || (0xFFE0...0xFFE6).contains(value) || (0x20000...0x3FFFD).contains(value)
  }
}
