/// The text of a helpdesk comment's HTML body, the way a reader of the mail sees it.
///
/// Hand-written on purpose: none of the packages we may depend on parses HTML, and a mail body
/// needs little — tags dropped, block tags and `<br>` as line breaks, list items as "- ",
/// entities decoded, white space collapsed as a browser does — plus one thing a general HTML
/// library would not do for us: quoted earlier mails (`<blockquote>`, Gmail's `gmail_quote`,
/// Outlook's `divRplyFwdMsg`, Yahoo's `yahoo_quoted`, Zendesk's `zd-quote`) and `<script>`,
/// `<style>`, `<head>` are left out with everything inside them. Pure and linear in the length
/// of the input; malformed HTML (an unclosed tag, a stray `<`) degrades to text, never fails.
public enum HTMLText {
  public static func plainText(_ html: String) -> String {
    let scalars = Array(html.unicodeScalars)
    var out = String.UnicodeScalarView()
    out.reserveCapacity(scalars.count)
    var index = 0
    /// Depth of elements being skipped, and the tag name that opened the outermost skip.
    var skipTag: String? = nil
    var skipDepth = 0
    var lastWasSpace = true
    /// A line break (`<br>`): always one more.
    func newline() {
      while let last = out.last, last == " " { out.removeLast() }
      out.append("\n")
      lastWasSpace = true
    }
    /// The end of a block: a line break unless the text already ends with `breaks` of them.
    func blockBreak(_ breaks: Int = 1) {
      while let last = out.last, last == " " { out.removeLast() }
      var trailing = 0
      for scalar in out.reversed() {
        guard scalar == "\n" else { break }
        trailing += 1
      }
      if out.isEmpty { return }
      for _ in trailing..<max(trailing, breaks) { out.append("\n") }
      lastWasSpace = true
    }
    func append(_ scalar: Unicode.Scalar) {
      if scalar == " " || scalar == "\n" || scalar == "\t" || scalar == "\r" {
        if !lastWasSpace {
          out.append(" ")
          lastWasSpace = true
        }
      } else if scalar == "\u{00A0}" {
        out.append(" ")
        lastWasSpace = false
      } else {
        out.append(scalar)
        lastWasSpace = false
      }
    }
    while index < scalars.count {
      let scalar = scalars[index]
      if scalar == "<", index + 1 < scalars.count, isTagStart(scalars[index + 1]) {
        // Comments and declarations.
        if scalars[index + 1] == "!" {
          if index + 3 < scalars.count && scalars[index + 2] == "-" && scalars[index + 3] == "-" {
            index = find("-->", in: scalars, from: index + 4).map { $0 + 3 } ?? scalars.count
          } else {
            index = find(">", in: scalars, from: index + 1).map { $0 + 1 } ?? scalars.count
          }
          continue
        }
        guard let end = tagEnd(scalars, from: index + 1) else {
          index = scalars.count
          continue
        }
        let tag = String(String.UnicodeScalarView(scalars[(index + 1)..<end]))
        index = end + 1
        let closing = tag.hasPrefix("/")
        let name = tagName(closing ? String(tag.dropFirst()) : tag)
        let selfClosing = tag.hasSuffix("/")
        if let skipping = skipTag {
          if name == skipping {
            if closing { skipDepth -= 1 } else if !selfClosing { skipDepth += 1 }
            if skipDepth == 0 {
              skipTag = nil
              if !isInline(name) { blockBreak() }
            }
          }
          continue
        }
        if !closing && !selfClosing && startsSkip(name: name, tag: tag) {
          skipTag = name
          skipDepth = 1
          continue
        }
        switch name {
        case "br":
          newline()
        case "li" where !closing:
          blockBreak()
          out.append(contentsOf: "- ".unicodeScalars)
          lastWasSpace = true
        case "hr":
          blockBreak()
        case "td", "th":
          if closing, !lastWasSpace {
            out.append(" ")
            lastWasSpace = true
          }
        default:
          if !isInline(name) {
            blockBreak(closing && (name == "p" || name.first == "h") ? 2 : 1)
          }
        }
        continue
      }
      if skipTag != nil {
        index += 1
        continue
      }
      if scalar == "&", let (decoded, length) = entity(scalars, at: index) {
        for s in decoded.unicodeScalars { append(s) }
        index += length
        continue
      }
      append(scalar)
      index += 1
    }
    return tidy(String(out))
  }

  /// Lines trimmed, runs of blank lines cut to one, no blank lines at either end.
  public static func tidy(_ text: String) -> String {
    var lines: [Substring] = []
    var blank = 0
    for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
      let line = trimmed(raw)
      if line.isEmpty {
        blank += 1
        continue
      }
      if blank > 0 && !lines.isEmpty { lines.append("") }
      blank = 0
      lines.append(line)
    }
    return lines.joined(separator: "\n")
  }

  /// The line without spaces, tabs, no-break spaces and carriage returns at either end (without
  /// Foundation's `trimmingCharacters`, which is slow on Linux).
  static func trimmed(_ line: Substring) -> Substring {
    func isBlank(_ s: Unicode.Scalar) -> Bool { s == " " || s == "\t" || s == "\r" || s == "\u{00A0}" || s == "\u{3000}" }
    let scalars = line.unicodeScalars
    guard let first = scalars.firstIndex(where: { !isBlank($0) }) else { return "" }
    let last = scalars.lastIndex(where: { !isBlank($0) }) ?? first
    return Substring(scalars[first...last])
  }

  private static let inlineTags: Set<String> = [
    "a", "b", "i", "u", "em", "strong", "span", "font", "small", "big", "sub", "sup", "code", "abbr", "img", "s", "strike", "mark", "q", "label", "wbr",
  ]

  private static func isInline(_ name: String) -> Bool { inlineTags.contains(name) || name.isEmpty }

  private static func isTagStart(_ scalar: Unicode.Scalar) -> Bool {
    scalar == "/" || scalar == "!" || scalar.properties.isAlphabetic
  }

  private static func startsSkip(name: String, tag: String) -> Bool {
    if ["blockquote", "script", "style", "head", "title"].contains(name) { return true }
    guard name == "div" || name == "span" || name == "section" else { return false }
    let lower = tag.lowercased()
    return ["gmail_quote", "yahoo_quoted", "divrplyfwdmsg", "zd-quote", "moz-cite-prefix", "quote_container"].contains { lower.contains($0) }
  }

  private static func tagName(_ tag: String) -> String {
    String(tag.unicodeScalars.prefix { $0.properties.isAlphabetic || ("0"..."9").contains($0) }).lowercased()
  }

  /// The index of the `>` that ends a tag, skipping quoted attribute values.
  private static func tagEnd(_ scalars: [Unicode.Scalar], from start: Int) -> Int? {
    var quote: Unicode.Scalar? = nil
    var index = start
    while index < scalars.count {
      let scalar = scalars[index]
      if let q = quote {
        if scalar == q { quote = nil }
      } else if scalar == "\"" || scalar == "'" {
        quote = scalar
      } else if scalar == ">" {
        return index
      }
      index += 1
    }
    return nil
  }

  private static func find(_ needle: String, in scalars: [Unicode.Scalar], from start: Int) -> Int? {
    let pattern = Array(needle.unicodeScalars)
    guard scalars.count >= pattern.count, start <= scalars.count - pattern.count else { return nil }
    for index in start...(scalars.count - pattern.count) where scalars[index] == pattern[0] {
      if Array(scalars[index..<(index + pattern.count)]) == pattern { return index }
    }
    return nil
  }

  private static let named: [String: String] = [
    "amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "nbsp": "\u{00A0}", "auml": "ä", "ouml": "ö", "uuml": "ü",
    "Auml": "Ä", "Ouml": "Ö", "Uuml": "Ü", "szlig": "ß", "euro": "€", "hellip": "…", "ndash": "–", "mdash": "—",
    "lsquo": "‘", "rsquo": "’", "ldquo": "“", "rdquo": "”", "bdquo": "„", "sbquo": "‚", "laquo": "«", "raquo": "»",
    "eacute": "é", "egrave": "è", "agrave": "à", "aacute": "á", "ccedil": "ç", "copy": "©", "reg": "®", "trade": "™",
    "pound": "£", "times": "×", "deg": "°", "middot": "·", "bull": "•", "shy": "", "zwnj": "", "zwj": "",
  ]

  /// A character reference at `index` (`&amp;`, `&#228;`, `&#xE4;`) and its length, or nil.
  private static func entity(_ scalars: [Unicode.Scalar], at index: Int) -> (String, Int)? {
    var end = index + 1
    while end < scalars.count, end - index <= 10, scalars[end] != ";" {
      let s = scalars[end]
      guard s.properties.isAlphabetic || ("0"..."9").contains(s) || s == "#" else { return nil }
      end += 1
    }
    guard end < scalars.count, scalars[end] == ";" else { return nil }
    let body = String(String.UnicodeScalarView(scalars[(index + 1)..<end]))
    if body.hasPrefix("#") {
      let digits = body.dropFirst()
      let value = digits.first == "x" || digits.first == "X" ? UInt32(digits.dropFirst(), radix: 16) : UInt32(digits)
      guard let value, let scalar = Unicode.Scalar(value), value != 0 else { return nil }
      return (String(scalar), end - index + 1)
    }
    guard let text = named[body] else { return nil }
    return (text, end - index + 1)
  }
}
