internal import Foundation


/// Reads a composed YAML tree while collecting diagnostics with file:line:col.
///
/// Every accessor reports a wrong type or a bad value itself and returns nil, so the loader
/// can keep going and report every problem of a file in one pass.
struct YAMLReader {
  let file: String
  var diagnostics = DiagnosticBag()

  init(file: String) { self.file = file }

  func location(_ node: YAMLNode?) -> SourceLocation {
    location(node?.mark)
  }

  func location(_ mark: YAMLMark?) -> SourceLocation {
    SourceLocation(file: file, line: mark?.line ?? 1, column: mark?.column ?? 1)
  }

  static func kindName(_ node: YAMLNode) -> String {
    switch node {
    case .scalar(let scalar): scalar.string.isEmpty ? "an empty value" : "text '\(scalar.string)'"
    case .mapping: "a mapping"
    case .sequence: "a list"
    }
  }

  /// Opens a mapping for reading its keys; reports `what` when the node is something else.
  mutating func mapping(_ node: YAMLNode, _ what: String) -> MappingReader? {
    guard case .mapping(let mapping) = node else {
      diagnostics.error(.wrongType, location(node), "expected a mapping for \(what), found \(Self.kindName(node))")
      return nil
    }
    // Duplicate keys never get here: Yams rejects them while composing (see composeYAML).
    var entries: [MappingReader.Entry] = []
    for (key, value) in mapping {
      guard case .scalar(let scalar) = key else {
        diagnostics.error(.wrongType, location(key), "expected a plain key in \(what), found \(Self.kindName(key))")
        continue
      }
      entries.append(.init(key: scalar.string, keyMark: key.mark, value: value))
    }
    return MappingReader(what: what, mark: node.mark, entries: entries)
  }

  mutating func string(_ node: YAMLNode, _ what: String) -> String? {
    guard case .scalar(let scalar) = node else {
      diagnostics.error(.wrongType, location(node), "expected text for \(what), found \(Self.kindName(node))")
      return nil
    }
    return scalar.string
  }

  /// Non-empty text.
  mutating func text(_ node: YAMLNode, _ what: String) -> String? {
    guard let value = string(node, what) else { return nil }
    let trimmed = value.trimmed()
    if trimmed.isEmpty {
      diagnostics.error(.invalidValue, location(node), "expected non-empty text for \(what)")
      return nil
    }
    return trimmed
  }

  mutating func int(_ node: YAMLNode, _ what: String, in range: ClosedRange<Int>? = nil) -> Int? {
    guard case .scalar(let scalar) = node, Self.isWholeNumber(scalar.string) else {
      diagnostics.error(.wrongType, location(node), "expected a whole number for \(what), found \(Self.kindName(node))")
      return nil
    }
    return bounded(node, scalar.string, what, range, signed: false)
  }

  /// A whole number written with or without a sign (`+1`, `-2`), within `range`.
  mutating func signedInt(_ node: YAMLNode, _ what: String, in range: ClosedRange<Int>) -> Int? {
    guard case .scalar(let scalar) = node, Self.isWholeNumber(scalar.string) else {
      diagnostics.error(.wrongType, location(node), "expected a whole number such as +1 or -1 for \(what), found \(Self.kindName(node))")
      return nil
    }
    let text = scalar.string.hasPrefix("+") ? String(scalar.string.dropFirst()) : scalar.string
    return bounded(node, text, what, range, signed: true)
  }

  /// Digits with an optional sign.
  static func isWholeNumber(_ text: String) -> Bool {
    var digits = Substring(text)
    if let first = digits.first, first == "+" || first == "-" { digits = digits.dropFirst() }
    return !digits.isEmpty && digits.allSatisfy { $0.isASCII && $0.isNumber }
  }

  /// `text` (digits with an optional '-') as a number within `range`; a number too large for
  /// any range is reported as out of range, not as "not a number".
  private mutating func bounded(_ node: YAMLNode, _ text: String, _ what: String, _ range: ClosedRange<Int>?, signed: Bool) -> Int? {
    let value = Int(text)
    if let value, range?.contains(value) ?? true { return value }
    let shown = node.string ?? text
    if let range {
      let low = signed && range.lowerBound > 0 ? "+\(range.lowerBound)" : "\(range.lowerBound)"
      let high = signed && range.upperBound > 0 ? "+\(range.upperBound)" : "\(range.upperBound)"
      diagnostics.error(.invalidValue, location(node), "\(what) must be between \(low) and \(high), found \(shown)")
    } else {
      diagnostics.error(.invalidValue, location(node), "\(what) is too large, found \(shown)")
    }
    return nil
  }

  /// A weight: a number greater than 0 and at most `ScenarioLimits.maxWeight`.
  mutating func weight(_ node: YAMLNode, _ what: String) -> Double? {
    guard let value = number(node, what) else { return nil }
    guard value > 0, value <= ScenarioLimits.maxWeight else {
      diagnostics.error(
        .invalidValue, location(node),
        "\(what) must be greater than 0 and at most \(Int(ScenarioLimits.maxWeight)), found \(node.string ?? "")")
      return nil
    }
    return value
  }

  mutating func number(_ node: YAMLNode, _ what: String) -> Double? {
    guard case .scalar(let scalar) = node, let value = Double(scalar.string), value.isFinite else {
      diagnostics.error(.wrongType, location(node), "expected a number for \(what), found \(Self.kindName(node))")
      return nil
    }
    return value
  }

  mutating func bool(_ node: YAMLNode, _ what: String) -> Bool? {
    guard case .scalar(let scalar) = node, ["true", "false"].contains(scalar.string) else {
      diagnostics.error(.wrongType, location(node), "expected true or false for \(what), found \(Self.kindName(node))")
      return nil
    }
    return scalar.string == "true"
  }

  /// One of the given words.
  mutating func choice(_ node: YAMLNode, _ what: String, _ options: [String], code: DiagnosticCode = .invalidValue) -> String? {
    guard let value = string(node, what) else { return nil }
    guard options.contains(value) else {
      diagnostics.error(
        code, location(node),
        "unknown \(what) '\(value)'; expected one of: \(options.joined(separator: ", "))\(Suggestion.didYouMean(value, options))")
      return nil
    }
    return value
  }

  /// A list of items; a single scalar is accepted as a one-item list when `allowSingle` is set.
  mutating func list(_ node: YAMLNode, _ what: String, allowSingle: Bool = false) -> [YAMLNode]? {
    switch node {
    case .sequence(let sequence): return Array(sequence)
    case .scalar where allowSingle: return [node]
    default:
      let expected = allowSingle ? "text or a list" : "a list"
      diagnostics.error(.wrongType, location(node), "expected \(expected) for \(what), found \(Self.kindName(node))")
      return nil
    }
  }

  mutating func strings(_ node: YAMLNode, _ what: String, allowSingle: Bool = false) -> [String]? {
    guard let items = list(node, what, allowSingle: allowSingle) else { return nil }
    return items.compactMap { text($0, "an item of \(what)") }
  }

  mutating func patterns(_ node: YAMLNode, _ what: String) -> [PhrasePattern] {
    guard let items = list(node, what, allowSingle: true) else { return [] }
    return items.compactMap { item in
      // (The message is built only for an item that is not text.)
      guard case .scalar(let scalar) = item else {
        _ = string(item, "a pattern in \(what)")
        return nil
      }
      let trimmed = scalar.string.trimmed()
      let pattern = PhrasePattern(trimmed, line: item.mark?.line ?? 0, column: item.mark?.column ?? 0)
      let alternatives = pattern.alternatives
      if trimmed.isEmpty || trimmed == "@" || alternatives.isEmpty || alternatives.contains("@") {
        diagnostics.error(.emptyPattern, location(item), "empty pattern in \(what); expected a phrase or @concept")
        return nil
      }
      return pattern
    }
  }

  /// Reports keys that were not read; call after reading every known key.
  mutating func finish(_ reader: MappingReader, allowed: [String]) {
    for entry in reader.entries where !allowed.contains(entry.key) {
      diagnostics.error(
        .unknownKey, location(entry.keyMark),
        "unknown key '\(entry.key)' in \(reader.what); expected one of: \(allowed.joined(separator: ", "))\(Suggestion.didYouMean(entry.key, allowed))")
    }
  }

  mutating func missing(_ key: String, in reader: MappingReader, expected: String) {
    diagnostics.error(.missingKey, location(reader.mark), "missing key '\(key)' in \(reader.what); expected \(expected)")
  }
}

/// The keys of one YAML mapping, in file order.
struct MappingReader {
  struct Entry {
    var key: String
    var keyMark: YAMLMark?
    var value: YAMLNode
  }

  var what: String
  var mark: YAMLMark?
  var entries: [Entry]

  subscript(key: String) -> YAMLNode? { entries.first { $0.key == key }?.value }

}

/// "Did you mean …?" for misspelt keys, ids and commands.
public enum Suggestion {
  /// The closest option within a small edit distance, or nil.
  public static func closest(_ word: String, _ options: [String]) -> String? {
    let candidates = options.map { ($0, editDistance(word.lowercased(), $0.lowercased())) }
      .filter { $0.1 <= max(1, min(3, word.count / 3)) }
      .sorted { $0.1 < $1.1 }
    return candidates.first?.0
  }

  static func didYouMean(_ word: String, _ options: [String]) -> String {
    closest(word, options).map { " (did you mean '\($0)'?)" } ?? ""
  }

  /// Optimal string alignment distance: insertions, deletions, substitutions and swaps of
  /// neighbouring characters ("modle" → "model" is 1).
  public static func editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a), b = Array(b)
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var table = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
    for i in 0...a.count { table[i][0] = i }
    for j in 0...b.count { table[0][j] = j }
    for i in 1...a.count {
      for j in 1...b.count {
        let cost = a[i - 1] == b[j - 1] ? 0 : 1
        table[i][j] = min(table[i - 1][j] + 1, table[i][j - 1] + 1, table[i - 1][j - 1] + cost)
        if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
          table[i][j] = min(table[i][j], table[i - 2][j - 2] + 1)
        }
      }
    }
    return table[a.count][b.count]
  }
}
