/// Turns a helpdesk ticket into a redacted, unannotated transcript in the critique format. Pure:
/// the command line reads the export and writes the files.
///
/// Public comments become `customer` or `agent` turns by their author's role, private ones
/// internal `note`s; HTML bodies become text (`HTMLText`), quoted earlier mails and signatures
/// are cut (`MailCleanup`), a comment with attachments and no text becomes `[attachment]`, an
/// empty one is dropped. The language is guessed from the public turns (`LanguageGuess`); every
/// text, the subject included, is redacted (`Redactor`) before it is part of the result.
public enum TicketImport {
  /// What became of one ticket.
  public enum Outcome: Sendable {
    case transcript(AnnotatedTranscript, redactions: [RedactionKind: Int], notes: Int, attachmentsOnly: Int)
    case skipped(ImportSkipReason)
  }

  /// The transcript id of a ticket: `<source>-<ticket id>`, lower-case letters, digits and hyphens.
  public static func transcriptID(_ ticket: HelpdeskTicket) -> String {
    var id = ""
    for scalar in ticket.id.lowercased().unicodeScalars {
      id.unicodeScalars.append(scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar)) ? scalar : "-")
    }
    while id.contains("--") { id = id.replacingOccurrences(of: "--", with: "-") }
    id = id.trimmingCharacters(in: CharacterSet(charactersIn: "-"))
    return "\(ticket.source.rawValue)-\(id.isEmpty ? "ticket" : String(id.prefix(40)))"
  }

  public static func convert(_ ticket: HelpdeskTicket, keepNames: Bool = false) -> Outcome {
    if let skip = ticket.skip { return .skipped(skip) }
    var turns: [AnnotatedTranscript.Line] = []
    var attachmentsOnly = 0
    for message in ticket.messages {
      let plain = message.isHTML ? HTMLText.plainText(message.body) : HTMLText.tidy(message.body.replacingOccurrences(of: "\r\n", with: "\n"))
      var text = MailCleanup.cut(plain)
      if text.isEmpty {
        guard message.attachments > 0 else { continue }
        text = "[attachment]"
        attachmentsOnly += 1
      }
      turns.append(.init(speaker: message.isPrivate ? "note" : message.role.rawValue, text: text))
    }
    guard turns.contains(where: { $0.speaker == "customer" }) else { return .skipped(.empty) }
    guard turns.contains(where: { $0.speaker == "agent" }) else { return .skipped(.noAgentReply) }
    var sample = ""
    for turn in turns where turn.speaker != "note" && turn.text != "[attachment]" {
      sample += turn.text + "\n"
      if sample.utf8.count > 20_000 { break }
    }
    guard let language = LanguageGuess.detect(sample) else { return .skipped(.otherLanguage) }

    // Placeholders are numbered in the order people first write.
    var order: [String] = []
    for message in ticket.messages { if let author = message.authorID, !order.contains(author) { order.append(author) } }
    let people = ticket.people.sorted { (order.firstIndex(of: $0.id) ?? Int.max) < (order.firstIndex(of: $1.id) ?? Int.max) }
    var redactor = Redactor(people: people, requesterID: ticket.requesterID, keepNames: keepNames)
    for index in turns.indices { turns[index].text = redactor.redact(turns[index].text) }
    let subject = ticket.subject.map { redactor.redact(HTMLText.tidy($0)) }.flatMap { $0.isEmpty ? nil : $0 }
    let firstLine = turns.first { $0.speaker == "customer" }?.text ?? ""
    let title = subject ?? shortened(firstLine.replacingOccurrences(of: "\n", with: " "), to: 70)

    let notes = turns.filter { $0.speaker == "note" }.count
    let said = turns.count - notes
    let where_ = "\(ticket.source.displayName) \(language == .de ? "Ticket" : "ticket") \(ticket.id)"
    let status = ticket.status.map { ", \($0)" } ?? ""
    let summary =
      language == .de
      ? "Importiert aus \(where_) (\(ticket.channel.rawValue)\(status)): \(said) Beiträge, \(notes) interne Notizen. Noch nicht annotiert."
      : "Imported from \(where_) (\(ticket.channel.rawValue)\(status)): \(said) turns, \(notes) internal notes. Not annotated yet."
    let transcript = AnnotatedTranscript(
      id: transcriptID(ticket), title: title, scenario: "", language: language, summary: summary, turns: turns, annotations: [],
      path: "", annotated: false, channel: ticket.channel, source: "\(ticket.source.rawValue) ticket \(ticket.id)")
    return .transcript(transcript, redactions: redactor.counts, notes: notes, attachmentsOnly: attachmentsOnly)
  }

  static func shortened(_ text: String, to length: Int) -> String {
    guard text.count > length else { return text }
    let cut = text.prefix(length)
    let word = cut.lastIndex(of: " ").map { cut[..<$0] } ?? cut
    return word + "…"
  }
}

/// What an import did, for the terminal and for `--format json` (snake_case keys).
public struct ImportSummary: Sendable, Codable {
  public var source: HelpdeskSource
  public var files: [String] = []
  public var out: String
  public var ticketsRead = 0
  public var transcriptsWritten = 0
  public var messages = 0
  public var internalNotes = 0
  public var attachmentOnlyMessages = 0
  public var languages: [Language: Int] = [:]
  public var skipped: [ImportSkipReason: Int] = [:]
  /// Replacements per kind of personal data, summed over the tickets; never the values.
  public var redactions: [RedactionKind: Int] = [:]
  public var namesKept = false
  public var transcripts: [String] = []
  public var seconds = 0.0

  public init(source: HelpdeskSource, out: String, namesKept: Bool) {
    self.source = source
    self.out = out
    self.namesKept = namesKept
    for reason in ImportSkipReason.allCases { skipped[reason] = 0 }
    for kind in RedactionKind.allCases { redactions[kind] = 0 }
    for language in Language.allCases { languages[language] = 0 }
  }

  /// Adds what became of one ticket; `written` false when a transcript was not written because
  /// the folder already has one with its id.
  public mutating func add(_ outcome: TicketImport.Outcome) {
    ticketsRead += 1
    switch outcome {
    case .skipped(let reason):
      skipped[reason, default: 0] += 1
    case .transcript(let transcript, let redactions, let notes, let attachmentsOnly):
      transcriptsWritten += 1
      transcripts.append(transcript.id)
      languages[transcript.language, default: 0] += 1
      messages += transcript.turns.count
      internalNotes += notes
      attachmentOnlyMessages += attachmentsOnly
      for (kind, count) in redactions { self.redactions[kind, default: 0] += count }
    }
  }

  /// The summary as lines for the terminal.
  public var lines: [String] {
    var lines = ["\(ticketsRead) ticket(s) read from \(files.count) file(s); \(transcriptsWritten) transcript(s) written to \(out) (\(languages[.en] ?? 0) en, \(languages[.de] ?? 0) de), \(messages) turns and notes"]
    let skips = ImportSkipReason.allCases.compactMap { reason in (skipped[reason] ?? 0) > 0 ? "\(skipped[reason] ?? 0) \(reason.rawValue.replacingOccurrences(of: "_", with: " "))" : nil }
    lines.append("skipped: " + (skips.isEmpty ? "none" : skips.joined(separator: ", ")))
    let kinds = RedactionKind.allCases.map { "\(redactions[$0] ?? 0) \($0.rawValue)" }
    lines.append("redacted: " + kinds.joined(separator: ", ") + (namesKept ? " (names kept: --keep-names)" : ""))
    if attachmentOnlyMessages > 0 { lines.append("\(attachmentOnlyMessages) message(s) with attachments only, kept as [attachment]") }
    return lines
  }
}

internal import Foundation
