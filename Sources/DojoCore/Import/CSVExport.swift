/// One message a row, for every helpdesk without an importer of its own:
/// `ticket,time,author,role,text[,channel,private]` with a header row naming the columns (in
/// any order). RFC 4180 quoting: fields with commas, quotes or line breaks in double quotes,
/// a quote doubled inside. `role` is `customer` or `agent`; `time` an ISO 8601 date or date and
/// time (messages of a ticket are ordered by it; equal times keep the file's order); `channel`
/// `email`, `chat` or `phone`; `private` `true`/`false` (`yes`/`no`, `1`/`0`), true for an
/// internal note. Errors name the row (the header is row 1) and the column.
public enum CSVExport {
  public static let requiredColumns = ["ticket", "time", "author", "role", "text"]
  public static let optionalColumns = ["channel", "private"]

  public static func parse(_ text: String, file: String) throws(ImportError) -> ParsedExport {
    let rows = try records(text, file: file)
    guard let header = rows.first else { throw .empty(file: file) }
    var columns: [String: Int] = [:]
    for (index, name) in header.enumerated() {
      let key = name.trimmingCharacters(in: .whitespaces).lowercased()
      guard requiredColumns.contains(key) || optionalColumns.contains(key) else {
        throw .csv(file: file, row: 1, column: key, message: "unknown column; expected \((requiredColumns + optionalColumns).joined(separator: ", "))")
      }
      if columns[key] != nil { throw .csv(file: file, row: 1, column: key, message: "the column is named twice") }
      columns[key] = index
    }
    for key in requiredColumns where columns[key] == nil {
      throw .csv(file: file, row: 1, column: key, message: "missing column; the header needs \(requiredColumns.joined(separator: ", "))")
    }
    var order: [String] = []
    var byTicket: [String: [(time: String, row: Int, author: String, message: HelpdeskMessage, channel: Channel?)]] = [:]
    for (offset, row) in rows.enumerated().dropFirst() {
      let number = offset + 1
      if row.count == 1 && row[0].trimmingCharacters(in: .whitespaces).isEmpty { continue }
      guard row.count == header.count else {
        throw .csv(file: file, row: number, column: nil, message: "\(row.count) fields, the header has \(header.count)")
      }
      func value(_ key: String) -> String { columns[key].map { row[$0] } ?? "" }
      let ticket = value("ticket").trimmingCharacters(in: .whitespaces)
      guard !ticket.isEmpty, ticket.count <= 40, ticket.unicodeScalars.allSatisfy({ $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || "-_.".unicodeScalars.contains($0)) }) else {
        throw .csv(file: file, row: number, column: "ticket", message: "expected a ticket id: letters, digits, '-', '_' or '.', at most 40")
      }
      let time = value("time").trimmingCharacters(in: .whitespaces)
      guard isISODate(time) else {
        throw .csv(file: file, row: number, column: "time", message: "expected an ISO 8601 date or date and time, like 2026-03-01T09:30:00Z")
      }
      let roleText = value("role").trimmingCharacters(in: .whitespaces).lowercased()
      guard let role = HelpdeskAuthorRole(rawValue: roleText) else {
        throw .csv(file: file, row: number, column: "role", message: "expected customer or agent")
      }
      let channelText = value("channel").trimmingCharacters(in: .whitespaces).lowercased()
      var channel: Channel?
      if !channelText.isEmpty {
        guard let parsed = Channel(rawValue: channelText) ?? ["web": .email, "mail": .email, "voice": .phone, "messaging": .chat][channelText] else {
          throw .csv(file: file, row: number, column: "channel", message: "expected email, chat or phone")
        }
        channel = parsed
      }
      let privateText = value("private").trimmingCharacters(in: .whitespaces).lowercased()
      guard ["", "true", "false", "yes", "no", "1", "0"].contains(privateText) else {
        throw .csv(file: file, row: number, column: "private", message: "expected true or false")
      }
      let author = value("author").trimmingCharacters(in: .whitespaces)
      let message = HelpdeskMessage(
        authorID: author.isEmpty ? nil : "\(role.rawValue):\(author)", role: role, isPrivate: ["true", "yes", "1"].contains(privateText),
        body: value("text"), isHTML: false)
      if byTicket[ticket] == nil { order.append(ticket) }
      byTicket[ticket, default: []].append((time, number, author, message, channel))
    }
    let tickets = order.map { id -> HelpdeskTicket in
      let rows = (byTicket[id] ?? []).sorted { ($0.time, $0.row) < ($1.time, $1.row) }
      var people: [HelpdeskPerson] = []
      for row in rows where !row.author.isEmpty {
        guard let authorID = row.message.authorID else { continue }
        if !people.contains(where: { $0.id == authorID }) { people.append(HelpdeskPerson(id: authorID, name: row.author, role: row.message.role)) }
      }
      let requester = rows.first { $0.message.role == .customer && $0.message.authorID != nil }?.message.authorID
      return HelpdeskTicket(
        source: .csv, id: id, channel: rows.compactMap(\.channel).first ?? .email, people: people, requesterID: requester,
        messages: rows.map(\.message))
    }
    return ParsedExport(tickets: tickets)
  }

  static func isISODate(_ text: String) -> Bool {
    let scalars = Array(text.unicodeScalars)
    guard scalars.count >= 10 else { return false }
    for (index, scalar) in scalars.prefix(10).enumerated() {
      let ok = index == 4 || index == 7 ? scalar == "-" : ("0"..."9").contains(scalar)
      if !ok { return false }
    }
    return scalars.count == 10 || scalars[10] == "T" || scalars[10] == " "
  }

  /// RFC 4180 records; a quote that is never closed is an error at the row it opens.
  static func records(_ text: String, file: String) throws(ImportError) -> [[String]] {
    var rows: [[String]] = []
    var row: [String] = []
    var field = String.UnicodeScalarView()
    var quoted = false, fieldStarted = false
    var quoteRow = 0
    var scalars = text.unicodeScalars.makeIterator()
    var pending: Unicode.Scalar? = nil
    func next() -> Unicode.Scalar? {
      if let p = pending { pending = nil; return p }
      return scalars.next()
    }
    while let scalar = next() {
      if quoted {
        if scalar == "\"" {
          if let following = next() {
            if following == "\"" { field.append("\"") } else { quoted = false; pending = following }
          } else { quoted = false }
        } else {
          field.append(scalar)
        }
        continue
      }
      switch scalar {
      case "\"" where !fieldStarted:
        quoted = true
        fieldStarted = true
        quoteRow = rows.count + 1
      case ",":
        row.append(String(field))
        field = String.UnicodeScalarView()
        fieldStarted = false
      case "\r":
        continue
      case "\n":
        row.append(String(field))
        rows.append(row)
        row = []
        field = String.UnicodeScalarView()
        fieldStarted = false
      case "\"":
        throw .csv(file: file, row: rows.count + 1, column: nil, message: "a quote inside an unquoted field; put the field in double quotes and double the quote")
      default:
        field.append(scalar)
        fieldStarted = true
      }
    }
    if quoted { throw .csv(file: file, row: quoteRow, column: nil, message: "a quoted field is never closed") }
    if fieldStarted || !row.isEmpty || !field.isEmpty {
      row.append(String(field))
      rows.append(row)
    }
    return rows
  }
}
