internal import Foundation

/// Explains a YAML syntax error caused by the layout of the text (a tab in the indentation, a
/// line indented to no column of the lines above, a key without its ':') in plain words, on the
/// line the author has to change. The parser's own words ("did not find expected key") come
/// where it noticed, often a line later.
enum YAMLLayout {
  struct Finding: Equatable {
    var line: Int
    var column: Int
    var message: String
  }

  /// The plain-words finding for the parser's `problem` at `line`:`column` (1-based), with
  /// the start of the parser's `context` when it gave one; nil when the layout is not the cause.
  static func explain(problem: String, line: Int, column: Int, contextLine: Int?, in text: String) -> Finding? {
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    guard line >= 1, line <= lines.count else { return nil }
    let current = lines[line - 1]

    // A tab where the indentation is: at the position the parser stopped, or before the first
    // character of that line.
    let leading = current.prefix { $0 == " " || $0 == "\t" }
    if let tab = leading.firstIndex(of: "\t") {
      return Finding(
        line: line, column: leading.distance(from: leading.startIndex, to: tab) + 1,
        message: "line \(line) is indented with a tab; use spaces")
    }

    // A key the parser started to read but never found the ':' of: the key's line.
    if problem.contains("could not find expected ':'"), let contextLine, contextLine >= 1, contextLine <= lines.count {
      let text = lines[contextLine - 1]
      let indent = Self.indent(of: text)
      let shown = text.dropFirst(indent).prefix(40)
      return Finding(
        line: contextLine, column: indent + 1,
        message: "line \(contextLine): '\(shown)' has no ':' after its key; write 'key: value'")
    }

    let layoutProblems = ["did not find expected key", "did not find expected '-' indicator", "mapping values are not allowed"]
    guard layoutProblems.contains(where: problem.contains), isContent(current) else { return nil }
    guard let previous = (1..<line).reversed().first(where: { isContent(lines[$0 - 1]) }) else { return nil }
    let here = indent(of: current)
    let above = lines[previous - 1]
    if here > indent(of: above) && opensBlock(above) { return nil }
    let open = columns(openAt: previous, in: lines)
    guard !open.contains(here) else { return nil }
    // The columns the line was probably meant to start at: the nearest open ones each side.
    let near = [open.filter { $0 < here }.max(), open.filter { $0 > here }.min()].compactMap { $0 }
    let expected = near.map(String.init).joined(separator: " or ")
    return Finding(
      line: line, column: here + 1,
      message: "line \(line): indentation does not match the lines above (\(spaces(here)) here; "
        + "the lines above start at \(expected) \(near == [1] ? "space" : "spaces"))")
  }

  /// The columns (0-based) a line after `line` may start at: that line's own, where its
  /// sequence item's content starts, and those of the lines it belongs to.
  static func columns(openAt line: Int, in lines: [String]) -> Set<Int> {
    var columns: Set<Int> = []
    var lowest = Int.max
    for number in stride(from: line, through: 1, by: -1) {
      let text = lines[number - 1]
      guard isContent(text) else { continue }
      let indent = indent(of: text)
      guard indent < lowest else { continue }
      lowest = indent
      columns.insert(indent)
      // "- key: value" opens the item's mapping two columns further ("- - x" more).
      var rest = text.dropFirst(indent)
      var column = indent
      while rest.hasPrefix("- ") {
        column += 2
        rest = rest.dropFirst(2)
        while rest.hasPrefix(" ") {
          column += 1
          rest = rest.dropFirst()
        }
        columns.insert(column)
      }
      if indent == 0 { break }
    }
    return columns
  }

  /// Whether the line ends where a nested block (or a multi-line value) may follow.
  static func opensBlock(_ line: String) -> Bool {
    var text = Substring(line)
    if let hash = text.range(of: " #") { text = text[..<hash.lowerBound] }
    let trimmed = text.trimmingCharacters(in: .whitespaces)
    if trimmed == "-" || trimmed.hasSuffix(":") { return true }
    if let last = trimmed.last, "[{,|>".contains(last) { return true }
    // Block scalar headers with indicators: "|-", ">+", "|2".
    return trimmed.range(of: #"[|>][-+0-9]*$"#, options: .regularExpression) != nil
  }

  static func isContent(_ line: String) -> Bool {
    let trimmed = line.trimmingCharacters(in: .whitespaces)
    return !trimmed.isEmpty && !trimmed.hasPrefix("#")
  }

  static func indent(of line: String) -> Int { line.prefix { $0 == " " }.count }

  static func spaces(_ count: Int) -> String { count == 1 ? "1 space" : "\(count) spaces" }
}
