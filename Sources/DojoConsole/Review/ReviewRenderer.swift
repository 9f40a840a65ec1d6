import DojoCore
import Foundation

/// The formats a review document is written in.
public enum ReviewFormat: String, Sendable, CaseIterable {
  case text, markdown, html, json
}

/// Renders a `ReviewDocument` as terminal text, Markdown or a stand-alone HTML page.
///
/// Whatever the trainee typed is untrusted: control and escape sequences are neutralised in
/// every format, Markdown and HTML special characters are escaped, and the words that earned a
/// criterion are highlighted (bold in the terminal and Markdown, `<mark>` in HTML).
public struct ReviewRenderer: Sendable {
  public let format: ReviewFormat
  /// Only the conversation, hand-offs, notes and hints: no evidence marks, no scores (for blind
  /// calibration scoring).
  public let blind: Bool

  public init(format: ReviewFormat, blind: Bool = false) {
    self.format = format
    self.blind = blind
  }

  public func render(_ document: ReviewDocument) -> String {
    var out: [String] = []
    let header = document.session
    if format == .html {
      out.append(
        "<!DOCTYPE html>\n<html lang=\"\(escape(header.language))\"><head><meta charset=\"utf-8\"><title>Session \(header.id) — \(escape(header.scenarioTitle))</title>"
      )
      out.append(
        "<style>body{font-family:sans-serif;max-width:60em;margin:2em auto}mark{background:#cfc}.customer{color:#036}.missed{color:#a00}.facts{color:#555;font-size:90%}.said{white-space:pre-wrap}table{border-collapse:collapse}td,th{padding:3px 8px;text-align:left;vertical-align:top;border-bottom:1px solid #ddd}</style></head><body>"
      )
    }
    out.append(heading(1, "Session \(header.id): \(plain(header.scenarioTitle))"))
    var facts = [
      "Trainee: \(plain(header.trainee))",
      "Scenario: \(plain(header.scenarioID)) (version \(plain(header.scenarioVersion)))",
      "Role: \(plain(header.role)) · \(plain(header.channel)) · \(plain(header.language)) · \(header.mode)"
        + (header.phase.map { " · \($0)" } ?? "") + (header.cohort.map { " · cohort \(plain($0))" } ?? ""),
      "Started: \(Self.timestamp(header.startedAt))"
        + (header.handleTimeSeconds.map { " · handle time \(ScorecardView.duration($0))" } ?? "")
        + " · hints \(header.hintsUsed)" + (header.ending.map { " · ending \($0)" } ?? ""),
    ]
    if let note = header.scenarioNote { facts.append(warn(plain(note))) }
    out.append(list(facts))

    out.append(heading(2, "Transcript"))
    for line in document.lines {
      out.append(contentsOf: render(line))
    }

    if !document.handoffs.isEmpty {
      out.append(heading(2, "Hand-off"))
      out.append(list(document.handoffs.map { "Turn \($0.turn): \($0.kind) to \(plain($0.target)) — note: “\(said($0.note))”" }))
    }
    if !document.notes.isEmpty {
      out.append(heading(2, "Internal notes"))
      out.append(list(document.notes.map { "Turn \($0.turn): \(said($0.text))" }))
    }
    if !document.hints.isEmpty {
      out.append(heading(2, "Hints shown"))
      out.append(list(document.hints.map { "Turn \($0.turn): \(plain($0.text))" }))
    }

    if blind {
      if format == .html { out.append("</body></html>") }
      return out.joined(separator: format == .text ? "\n" : "\n\n") + "\n"
    }
    let card = document.scorecard
    out.append(heading(2, "Scorecard"))
    let autoVerdict = card.autoPassed ? "passed" : "not passed"
    let effectiveVerdict = card.effectivePassed ? good("passed") : bad("not passed")
    out.append(list([
      "Automatic: \(ScorecardView.number(card.autoScore))/100 · \(autoVerdict) (version \(plain(card.autoVersion)))",
    ] + (card.rescore.map { rescore in
      [
        "Rescored: \(ScorecardView.number(rescore.score))/100 · \(rescore.passed ? "passed" : "not passed") (version \(plain(rescore.scenarioVersion))"
          + (rescore.by.map { ", by \(plain($0))" } ?? "") + "; shown beside, not counted)"
      ]
    } ?? []) + [
      strong("Effective: \(ScorecardView.number(card.effectiveScore))/100") + " · \(effectiveVerdict) (pass mark \(ScorecardView.number(card.passScore)))",
      "Escalation: \(card.escalationVerdict) — \(plain(card.escalationExplanation))"
        + (card.handoffMissing.isEmpty ? "" : " (missing: \(card.handoffMissing.joined(separator: ", ")))"),
    ] + (card.criticalMisses.isEmpty ? [] : [bad("Critical missed: \(card.criticalMisses.joined(separator: ", "))")])))
    let rows = card.criteria.map { row -> [String] in
      var flags: [String] = []
      if row.critical { flags.append("critical") }
      if row.bonus { flags.append("bonus") }
      let note = [row.comment.map(untrusted), row.rootCause.map { "root cause: \($0)" }].compactMap { $0 }.joined(separator: "; ")
        + (row.commentBy.map { " (\(plain($0)))" } ?? "")
      return [
        plain(row.id), plain(row.name) + (flags.isEmpty ? "" : " [\(flags.joined(separator: ", "))]"),
        Self.points(row.autoPoints, row.max), Self.points(row.points, row.max), row.source, note,
      ]
    }
    out.append(table(["criterion", "name", "auto", "effective", "source", "comment"], rows))

    if !document.reviews.isEmpty {
      out.append(heading(2, "Reviews"))
      for review in document.reviews {
        var items = [
          "\(review.kind) #\(review.id) by \(plain(review.reviewer)) at \(Self.timestamp(review.createdAt)): \(ScorecardView.number(review.score))/100 · \(review.passed ? "passed" : "not passed")"
        ]
        if !review.summary.isEmpty { items.append("Summary: \(said(review.summary))") }
        for change in review.changes {
          items.append(
            "\(plain(change.criterionID)): \(Self.points(change.from, nil)) → \(Self.points(change.to, nil))"
              + (change.comment.isEmpty ? "" : " — \(untrusted(change.comment))")
              + (change.rootCause.map { " (root cause: \($0))" } ?? ""))
        }
        out.append(nested(items[0], Array(items.dropFirst())))
      }
    }
    if !document.disputes.isEmpty {
      out.append(heading(2, "Disputes"))
      out.append(list(document.disputes.map { dispute in
        "#\(dispute.id) \(plain(dispute.criterionID)) by \(plain(dispute.trainee)): “\(untrusted(dispute.comment))” — \(dispute.state)"
          + (dispute.answer.map { answer in " by \(plain(dispute.answeredBy ?? "?")): “\(untrusted(answer))”" } ?? "")
          + (dispute.answerScore.map { " → \($0)" } ?? "")
      }))
    }
    if document.scorings.count > 1 {
      out.append(heading(2, "Automatic scorings"))
      out.append(list(document.scorings.map {
        "\($0.kind) at \(Self.timestamp($0.createdAt))\($0.by.map { " by \(plain($0))" } ?? ""): \(ScorecardView.number($0.score))/100 · \($0.passed ? "passed" : "not passed") (version \(plain($0.scenarioVersion)))"
      }))
    }
    if format == .html { out.append("</body></html>") }
    return out.joined(separator: format == .text ? "\n" : "\n\n") + "\n"
  }

  private func render(_ line: ReviewDocument.Line) -> [String] {
    var out: [String] = []
    if line.speaker == "customer" {
      let label = "Customer"
      switch format {
      case .html: out.append("<p class=\"customer\"><b>\(label):</b> \(said(line.text))</p>")
      case .markdown: out.append("**\(label):** \(said(line.text))")
      default: out.append(Style.customer("\(label): ") + said(line.text))
      }
    } else {
      let phrases = blind ? [] : line.earned.map(\.words) + line.violations.map(\.words)
      let label = "Trainee [turn \(line.turn ?? 0)]"
      var body: String
      switch line.action ?? "reply" {
      case "reply": body = lines(highlighted(line.text, phrases: phrases))
      case "end": body = "/end"
      default: body = "/\(line.action ?? "") \(plain(line.target ?? "")): \(said(line.text))"
      }
      if let latency = line.latencySeconds { body += dim(" (\(Int(latency.rounded())) s)") }
      switch format {
      case .html: out.append("<p><b>\(label):</b> \(body)</p>")
      case .markdown: out.append("**\(label):** \(body)")
      default: out.append(Style.strong("\(label): ") + body)
      }
      var marks: [String] = line.earned.map {
        good("✓ \(plain($0.criterionID))") + dim(" “\(untrusted($0.words.joined(separator: " ")))”")
      }
      marks += line.violations.map { bad("✗ \(plain($0.criterionID)) forbidden: “\(untrusted($0.words.joined(separator: " ")))”") }
      marks += line.missed.map { missedMark("– \(plain($0)) missed here") }
      if !marks.isEmpty && !blind { out.append(indentedList(marks)) }
    }
    if !line.facts.isEmpty {
      let facts = line.facts.map { "\(plain($0.source)): \(plain($0.text))" }
      switch format {
      case .html: out.append("<div class=\"facts\">Facts now visible:<ul>\(facts.map { "<li>\($0)</li>" }.joined())</ul></div>")
      case .markdown: out.append("> Facts now visible:\n" + facts.map { "> - \($0)" }.joined(separator: "\n"))
      default: out.append(Style.dim("    facts: ") + facts.map { Style.dim($0) }.joined(separator: Style.dim(" · ")))
      }
    }
    return out
  }

  // MARK: - Building blocks per format

  /// Text from the scenario or the store's own values: escaped, not highlighted.
  func plain(_ text: String) -> String { escape(text) }

  /// Text a trainee or reviewer typed, on one line (a table cell, a quoted comment).
  func untrusted(_ text: String) -> String { escape(text) }

  /// Text a trainee, customer or reviewer wrote over several lines (an e-mail, a note), with its
  /// line breaks, blank lines and indentation kept.
  func said(_ text: String) -> String { lines(escape(text, keepLines: true)) }

  /// Escaped (and highlighted) text whose line breaks are kept: in the terminal continuation
  /// lines are indented under the speaker; Markdown ends each line with a hard break (`\`) and
  /// escapes what would start a list, heading or rule; HTML keeps them with `white-space: pre-wrap`.
  func lines(_ rendered: String) -> String {
    guard rendered.contains("\n") else { return rendered }
    let parts = rendered.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    switch format {
    case .html:
      return "<span class=\"said\">\(rendered)</span>"
    case .markdown:
      return ([parts[0]] + parts.dropFirst().map(Self.markdownLineStart)).joined(separator: "\\\n")
    case .text, .json:
      return ([parts[0]] + parts.dropFirst().map { $0.isEmpty ? $0 : "    " + $0 }).joined(separator: "\n")
    }
  }

  /// A continuation line of a Markdown paragraph that stays part of it: leading blanks kept as
  /// no-break spaces, and a leading `-`, `+`, `=`, `~` or `1.` escaped so that it starts no list,
  /// heading underline or code fence.
  static func markdownLineStart(_ line: String) -> String {
    var rest = Substring(line)
    var out = ""
    while let first = rest.first, first == " " || first == "\t" {
      out += first == " " ? "&nbsp;" : String(repeating: "&nbsp;", count: 4)
      rest = rest.dropFirst()
    }
    if let first = rest.first, "-+=~".contains(first) {
      out += "\\"
    } else if let digits = rest.firstIndex(where: { !$0.isNumber }), digits != rest.startIndex,
      rest[digits] == "." || rest[digits] == ")"
    {
      out += rest[..<digits] + "\\"
      rest = rest[digits...]
    }
    return out + rest
  }

  func escape(_ text: String, keepLines: Bool = false) -> String {
    let safe = neutralized(text)
    switch format {
    case .html:
      return safe.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
        .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    case .markdown:
      var out = ""
      for character in safe {
        switch character {
        case "<": out += "&lt;"
        case ">": out += "&gt;"
        case "&": out += "&amp;"
        case "\\", "`", "*", "_", "[", "]", "#", "|": out += "\\\(character)"
        case "\n": out += keepLines ? "\n" : " "
        default: out.append(character)
        }
      }
      return out
    case .text, .json:
      return safe
    }
  }

  /// The text with the words that matched a criterion highlighted: for each piece of evidence,
  /// the one occurrence of its words that lies closest together, not every copy of a word.
  func highlighted(_ text: String, phrases: [[String]]) -> String {
    let tokens = Self.tokens(text)
    let marked = Self.markedTokens(tokens, phrases: phrases)
    var out = ""
    for (index, (token, _)) in tokens.enumerated() {
      let safe = escape(token, keepLines: true)
      guard marked.contains(index) else {
        out += safe
        continue
      }
      switch format {
      case .html: out += "<mark>\(safe)</mark>"
      case .markdown: out += "**\(safe)**"
      case .text, .json: out += Style.good(Style.strong(safe))
      }
    }
    return out
  }

  /// The indices of the word tokens to highlight. The matcher allows other words in between and
  /// a changed order, so each phrase takes its words in order with the shortest span, else each
  /// word's first occurrence.
  static func markedTokens(_ tokens: [(String, Bool)], phrases: [[String]]) -> Set<Int> {
    let words = tokens.indices.filter { tokens[$0].1 }
    func occurrences(of word: String) -> [Int] {
      words.filter { tokens[$0].0.compare(word, options: [.caseInsensitive]) == .orderedSame }
    }
    var marked: Set<Int> = []
    for phrase in phrases {
      let positions = phrase.map(occurrences(of:))
      guard let first = positions.first else { continue }
      var best: [Int]?
      for start in first {
        var chosen = [start]
        for later in positions.dropFirst() {
          guard let next = later.first(where: { $0 > chosen[chosen.count - 1] }) else { break }
          chosen.append(next)
        }
        guard chosen.count == phrase.count else { continue }
        let span = chosen[chosen.count - 1] - chosen[0]
        if let current = best, current[current.count - 1] - current[0] <= span { continue }
        best = chosen
      }
      marked.formUnion(best ?? positions.compactMap(\.first))
    }
    return marked
  }

  /// Runs of letters and digits (words) and everything between them, cut as the matcher cuts
  /// them: a number keeps its decimal comma or point ("34,90"), a contraction its apostrophe
  /// ("I'm").
  static func tokens(_ text: String) -> [(String, Bool)] {
    let characters = Array(text)
    var tokens: [(String, Bool)] = []
    var current = ""
    var inWord = false
    for (index, character) in characters.enumerated() {
      var isWord = character.isLetter || character.isNumber
      let next = index + 1 < characters.count ? characters[index + 1] : nil
      if !isWord, inWord, character == "," || character == ".", current.first?.isNumber == true,
        next?.isNumber == true
      {
        isWord = true
      }
      if !isWord, inWord, character == "'" || character == "\u{2019}", next?.isLetter == true { isWord = true }
      if isWord != inWord, !current.isEmpty {
        tokens.append((current, inWord))
        current = ""
      }
      inWord = isWord
      current.append(character)
    }
    if !current.isEmpty { tokens.append((current, inWord)) }
    return tokens
  }

  func heading(_ level: Int, _ text: String) -> String {
    switch format {
    case .html: return "<h\(level)>\(text)</h\(level)>"
    case .markdown: return String(repeating: "#", count: level) + " " + text
    case .text, .json: return (level == 1 ? "" : "\n") + Style.strong(text)
    }
  }

  func list(_ items: [String]) -> String {
    switch format {
    case .html: return "<ul>" + items.map { "<li>\($0)</li>" }.joined() + "</ul>"
    case .markdown: return items.map { "- \($0)" }.joined(separator: "\n")
    case .text, .json: return items.map { "  \($0)" }.joined(separator: "\n")
    }
  }

  /// One list item with its details indented under it.
  func nested(_ item: String, _ details: [String]) -> String {
    switch format {
    case .html:
      return "<ul><li>\(item)" + (details.isEmpty ? "" : "<ul>" + details.map { "<li>\($0)</li>" }.joined() + "</ul>") + "</li></ul>"
    case .markdown: return (["- \(item)"] + details.map { "  - \($0)" }).joined(separator: "\n")
    case .text, .json: return (["  \(item)"] + details.map { "    \($0)" }).joined(separator: "\n")
    }
  }

  func indentedList(_ items: [String]) -> String {
    switch format {
    case .html: return "<ul>" + items.map { "<li>\($0)</li>" }.joined() + "</ul>"
    case .markdown: return items.map { "  - \($0)" }.joined(separator: "\n")
    case .text, .json: return items.map { "      \($0)" }.joined(separator: "\n")
    }
  }

  func table(_ header: [String], _ rows: [[String]]) -> String {
    switch format {
    case .html:
      return "<table><tr>" + header.map { "<th>\($0)</th>" }.joined() + "</tr>"
        + rows.map { "<tr>" + $0.map { "<td>\($0)</td>" }.joined() + "</tr>" }.joined() + "</table>"
    case .markdown:
      return (["| " + header.joined(separator: " | ") + " |", "|" + header.map { _ in " --- |" }.joined()]
        + rows.map { "| " + $0.joined(separator: " | ") + " |" }).joined(separator: "\n")
    case .text, .json:
      // Terminal tables head their columns in capitals, as every other table of dojo does.
      return TextTable(header: header.map { $0.uppercased() }, rows: rows).render()
    }
  }

  func strong(_ text: String) -> String {
    switch format {
    case .html: "<b>\(text)</b>"
    case .markdown: "**\(text)**"
    case .text, .json: Style.strong(text)
    }
  }

  func good(_ text: String) -> String { format == .text ? Style.good(text) : text }
  func bad(_ text: String) -> String {
    switch format {
    case .html: "<span class=\"missed\">\(text)</span>"
    case .markdown: "**\(text)**"
    case .text, .json: Style.bad(text)
    }
  }
  func warn(_ text: String) -> String { format == .text ? Style.warn(text) : text }
  func dim(_ text: String) -> String { format == .text ? Style.dim(text) : text }
  func missedMark(_ text: String) -> String {
    format == .html ? "<span class=\"missed\">\(text)</span>" : format == .text ? Style.warn(text) : text
  }

  static func points(_ points: Int?, _ max: Int?) -> String {
    guard let points else { return "N/A" }
    return max.map { "\(points)/\($0)" } ?? String(points)
  }

  /// A UTC time stamp, as `2026-11-29 14:05`.
  public static func timestamp(_ date: Date) -> String {
    let formatter = DateFormatter()
    formatter.locale = Locale(identifier: "en_US_POSIX")
    formatter.timeZone = TimeZone(identifier: "UTC")
    formatter.dateFormat = "yyyy-MM-dd HH:mm"
    return formatter.string(from: date) + " UTC"
  }
}
