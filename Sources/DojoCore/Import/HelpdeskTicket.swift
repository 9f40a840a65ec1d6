internal import Foundation

/// The helpdesks `dojo import` reads.
public enum HelpdeskSource: String, Sendable, Codable, CaseIterable {
  case zendesk, freshdesk, csv

  /// The name a lead knows it by.
  public var displayName: String {
    switch self {
    case .zendesk: "Zendesk"
    case .freshdesk: "Freshdesk"
    case .csv: "CSV"
    }
  }
}

/// Who wrote a message of a helpdesk ticket.
public enum HelpdeskAuthorRole: String, Sendable, Codable {
  case customer, agent
}

/// A person an export names (requester, agent, CC'd end-user): what is known about them is only
/// used to redact it.
public struct HelpdeskPerson: Sendable, Hashable {
  public var id: String
  public var name: String
  public var emails: [String]
  public var phones: [String]
  public var role: HelpdeskAuthorRole

  public init(id: String, name: String, emails: [String] = [], phones: [String] = [], role: HelpdeskAuthorRole) {
    self.id = id
    self.name = name
    self.emails = emails
    self.phones = phones
    self.role = role
  }
}

/// One comment or conversation entry of a ticket, as the export has it.
public struct HelpdeskMessage: Sendable {
  public var authorID: String?
  public var role: HelpdeskAuthorRole
  /// A private comment or note: it becomes an internal note, never a turn.
  public var isPrivate: Bool
  /// The body as exported; `isHTML` says whether it still needs `HTMLText.plainText`.
  public var body: String
  public var isHTML: Bool
  public var attachments: Int

  public init(authorID: String?, role: HelpdeskAuthorRole, isPrivate: Bool, body: String, isHTML: Bool, attachments: Int = 0) {
    self.authorID = authorID
    self.role = role
    self.isPrivate = isPrivate
    self.body = body
    self.isHTML = isHTML
    self.attachments = attachments
  }
}

/// Why a ticket of an export was not turned into a transcript. The raw values are the JSON keys
/// of the import summary.
public enum ImportSkipReason: String, Sendable, Codable, CaseIterable, CodingKeyRepresentable {
  /// Merged into another ticket (Zendesk tag `closed_by_merge`).
  case merged
  /// Deleted (Zendesk status `deleted`; Freshdesk `deleted` or `spam`).
  case deleted
  /// No message with text, or no customer message.
  case empty
  /// Customer messages but no public agent reply: nothing to critique.
  case noAgentReply = "no_agent_reply"
  /// Neither English nor German.
  case otherLanguage = "other_language"
  /// A transcript with that id is already in the folder (it may carry annotations).
  case alreadyImported = "already_imported"
}

/// A ticket read from an export, before cleaning and redaction.
public struct HelpdeskTicket: Sendable {
  public var source: HelpdeskSource
  public var id: String
  public var subject: String?
  public var status: String?
  public var channel: Channel
  /// Everyone the export names for this ticket; their names, e-mails and phone numbers are redacted.
  public var people: [HelpdeskPerson]
  public var requesterID: String?
  public var messages: [HelpdeskMessage]
  /// Set when the export itself says the ticket must not be imported (merged, deleted).
  public var skip: ImportSkipReason?

  public init(
    source: HelpdeskSource, id: String, subject: String? = nil, status: String? = nil, channel: Channel,
    people: [HelpdeskPerson] = [], requesterID: String? = nil, messages: [HelpdeskMessage], skip: ImportSkipReason? = nil
  ) {
    self.source = source
    self.id = id
    self.subject = subject
    self.status = status
    self.channel = channel
    self.people = people
    self.requesterID = requesterID
    self.messages = messages
    self.skip = skip
  }
}

/// An export that cannot be read, with where the problem is. Messages never quote the file's
/// content: it may be personal data.
public enum ImportError: Error, Equatable, Sendable, CustomStringConvertible {
  case notUTF8(file: String, line: Int, column: Int)
  case invalidJSON(file: String, line: Int?, column: Int?)
  case wrongExport(file: String, expected: HelpdeskSource, detail: String)
  case csv(file: String, row: Int, column: String?, message: String)
  case empty(file: String)

  public var description: String {
    switch self {
    case .notUTF8(let file, let line, let column):
      "\(file):\(line):\(column): not UTF-8 text; export the file as UTF-8"
    case .invalidJSON(let file, let line?, let column?):
      "\(file):\(line):\(column): broken JSON; is the export complete?"
    case .invalidJSON(let file, _, _):
      "\(file): broken JSON; is the export complete?"
    case .wrongExport(let file, let expected, let detail):
      "\(file): not a \(expected.displayName) export: \(detail)"
    case .csv(let file, let row, let column?, let message):
      "\(file): row \(row), column '\(column)': \(message)"
    case .csv(let file, let row, nil, let message):
      "\(file): row \(row): \(message)"
    case .empty(let file):
      "\(file): the file is empty"
    }
  }
}

/// The text of an export file, or where it stops being UTF-8. A byte-order mark is dropped.
public enum ExportText {
  public static func decode(_ data: [UInt8], file: String) throws(ImportError) -> String {
    if data.isEmpty || data.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) { throw .empty(file: file) }
    if let text = String(validating: data, as: UTF8.self) {
      return text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text
    }
    // Find the first byte that breaks UTF-8, and say where it is.
    let bytes = data
    var index = 0, line = 1, lineStart = 0
    while index < bytes.count {
      let byte = bytes[index]
      let length = byte < 0x80 ? 1 : byte >> 5 == 0b110 ? 2 : byte >> 4 == 0b1110 ? 3 : byte >> 3 == 0b11110 ? 4 : 0
      let valid = length > 0 && index + length <= bytes.count
        && bytes[(index + 1)..<(index + length)].allSatisfy { $0 >> 6 == 0b10 }
        && String(validating: bytes[index..<(index + length)], as: UTF8.self) != nil
      if !valid {
        let column = String(decoding: bytes[lineStart..<index], as: UTF8.self).unicodeScalars.count + 1
        throw .notUTF8(file: file, line: line, column: column)
      }
      if byte == 0x0A {
        line += 1
        lineStart = index + 1
      }
      index += length
    }
    throw .notUTF8(file: file, line: line, column: 1)
  }

  /// Line and column (1-based, columns in Unicode scalars) of a UTF-8 byte offset.
  static func location(ofByte offset: Int, in text: String) -> (line: Int, column: Int) {
    var line = 1, column = 1, position = 0
    for scalar in text.unicodeScalars {
      if position >= offset { break }
      position += UTF8.width(scalar)
      if scalar == "\n" {
        line += 1
        column = 1
      } else {
        column += 1
      }
    }
    return (line, column)
  }
}
