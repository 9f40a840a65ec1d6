internal import Foundation

/// What one export file held: its tickets, in file order.
public struct ParsedExport: Sendable {
  public var tickets: [HelpdeskTicket]
}

// MARK: - JSON

/// Reads JSON with `JSONSerialization` (fast enough for tens of thousands of tickets, and it
/// accepts the loose shapes exports come in) and says where broken JSON breaks.
enum ExportJSON {
  static func parse(_ text: String, file: String, lineOffset: Int = 0) throws(ImportError) -> Any {
    do {
      return try JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed])
    } catch {
      // corelibs and Darwin both say "… around character N." (and Darwin "line L, column C").
      let description = ((error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String) ?? ""
      if let offset = number(after: "character ", in: description) {
        let (line, column) = ExportText.location(ofByte: offset, in: text)
        throw .invalidJSON(file: file, line: line + lineOffset, column: column)
      }
      if let line = number(after: "line ", in: description), let column = number(after: "column ", in: description) {
        throw .invalidJSON(file: file, line: line + lineOffset, column: column)
      }
      // No position given: the parser ran out of text (a cut-off export), so the end is where it breaks.
      let (line, column) = ExportText.location(ofByte: text.utf8.count, in: text)
      throw .invalidJSON(file: file, line: line + lineOffset, column: column)
    }
  }

  private static func number(after marker: String, in text: String) -> Int? {
    guard let range = text.range(of: marker) else { return nil }
    let digits = text[range.upperBound...].prefix { $0.isNumber }
    return Int(digits)
  }

  /// The text of an id: exports write ids as numbers or strings.
  static func id(_ value: Any?) -> String? {
    switch value {
    case let text as String: text.isEmpty ? nil : text
    case let number as NSNumber: number.stringValue
    case let int as Int: String(int)
    default: nil
    }
  }

  static func string(_ value: Any?) -> String? {
    guard let text = value as? String, !text.isEmpty else { return nil }
    return text
  }

  static func bool(_ value: Any?, default fallback: Bool) -> Bool {
    switch value {
    case let flag as Bool: flag
    case let number as NSNumber: number.boolValue
    case let text as String: ["true", "1", "yes"].contains(text.lowercased())
    default: fallback
    }
  }

  static func int(_ value: Any?) -> Int? {
    switch value {
    case let int as Int: int
    case let number as NSNumber: number.intValue
    case let text as String: Int(text)
    default: nil
    }
  }

  static func count(_ value: Any?) -> Int { (value as? [Any])?.count ?? 0 }
}

// MARK: - Zendesk

/// Zendesk's JSON exports, field names as in Zendesk's public API reference:
/// - the ticket comments list (`GET /api/v2/tickets/{id}/comments`, optionally `include=users`):
///   `{"comments": [...], "users": [...]}`, one ticket, named after the file;
/// - a ticket with its comments: `{"ticket": {...}, "comments": [...], "users": [...]}`;
/// - the incremental ticket export and ticket lists: `{"tickets": [...], "users": [...]}` with
///   each ticket's `comments` side-loaded on the ticket, or a top-level `comments` list whose
///   entries carry `ticket_id`;
/// - the newline-delimited JSON of the account export: one ticket object (with `comments`) a line.
///
/// Tickets: `id`, `subject`, `status`, `via.channel`, `requester_id`, `assignee_id`, `tags`;
/// comments: `author_id`, `public`, `html_body`/`plain_body`/`body`, `attachments`; users:
/// `id`, `name`, `email`, `phone`, `role` (`end-user`, `agent`, `admin`).
public enum ZendeskExport {
  public static func parse(_ text: String, file: String) throws(ImportError) -> ParsedExport {
    let root: Any
    do {
      root = try ExportJSON.parse(text, file: file)
    } catch {
      // The account export is one JSON object per line.
      if let lines = try ndjson(text, file: file) { return try parse(lines: lines, file: file) }
      throw error
    }
    if let list = root as? [Any] {
      if list.first.map(FreshdeskExport.looksLikeFreshdesk) == true {
        throw .wrongExport(file: file, expected: .zendesk, detail: "it looks like a Freshdesk export; use `dojo import freshdesk`")
      }
      return try parse(lines: list, file: file)
    }
    guard let object = root as? [String: Any] else {
      throw .wrongExport(file: file, expected: .zendesk, detail: "expected an object with `tickets` or `comments`")
    }
    let users = people(object["users"])
    if let tickets = object["tickets"] as? [Any] {
      if tickets.first.map(FreshdeskExport.looksLikeFreshdesk) == true {
        throw .wrongExport(file: file, expected: .zendesk, detail: "it looks like a Freshdesk export; use `dojo import freshdesk`")
      }
      var byTicket: [String: [Any]] = [:]
      for comment in (object["comments"] as? [Any]) ?? [] {
        if let dictionary = comment as? [String: Any], let ticket = ExportJSON.id(dictionary["ticket_id"]) {
          byTicket[ticket, default: []].append(comment)
        }
      }
      var result: [HelpdeskTicket] = []
      for (index, item) in tickets.enumerated() {
        guard let ticket = item as? [String: Any] else {
          throw .wrongExport(file: file, expected: .zendesk, detail: "entry \(index + 1) of `tickets` is not an object")
        }
        let id = ExportJSON.id(ticket["id"]) ?? "\(index + 1)"
        let comments = (ticket["comments"] as? [Any]) ?? byTicket[id] ?? []
        result.append(self.ticket(ticket, id: id, comments: comments, users: users))
      }
      return ParsedExport(tickets: result)
    }
    if let comments = object["comments"] as? [Any] {
      let ticket = (object["ticket"] as? [String: Any]) ?? [:]
      let id = ExportJSON.id(ticket["id"]) ?? fileStem(file)
      return ParsedExport(tickets: [self.ticket(ticket, id: id, comments: comments, users: users)])
    }
    if object["ticket"] is [String: Any] {
      throw .wrongExport(file: file, expected: .zendesk, detail: "a ticket without its comments; export with `include=comments` or the ticket's comments list")
    }
    if FreshdeskExport.looksLikeFreshdesk(object) {
      throw .wrongExport(file: file, expected: .zendesk, detail: "it looks like a Freshdesk export; use `dojo import freshdesk`")
    }
    throw .wrongExport(file: file, expected: .zendesk, detail: "expected an object with `tickets` or `comments`")
  }

  /// Newline-delimited objects, or nil when the first line is not one (then the text is broken JSON).
  private static func ndjson(_ text: String, file: String) throws(ImportError) -> [Any]? {
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    guard lines.count > 1, let first = lines.first(where: { !$0.trimmingCharacters(in: .whitespaces).isEmpty }),
      (try? JSONSerialization.jsonObject(with: Data(first.utf8))) is [String: Any]
    else { return nil }
    var objects: [Any] = []
    for (index, line) in lines.enumerated() where !line.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
      objects.append(try ExportJSON.parse(String(line), file: file, lineOffset: index))
    }
    return objects
  }

  private static func parse(lines: [Any], file: String) throws(ImportError) -> ParsedExport {
    var result: [HelpdeskTicket] = []
    for (index, item) in lines.enumerated() {
      guard let ticket = item as? [String: Any], ticket["comments"] != nil || ticket["via"] != nil else {
        throw .wrongExport(file: file, expected: .zendesk, detail: "entry \(index + 1) is not a ticket with `comments`")
      }
      let users = people(ticket["users"])
      result.append(self.ticket(ticket, id: ExportJSON.id(ticket["id"]) ?? "\(index + 1)", comments: (ticket["comments"] as? [Any]) ?? [], users: users))
    }
    return ParsedExport(tickets: result)
  }

  private static func people(_ value: Any?) -> [String: HelpdeskPerson] {
    var result: [String: HelpdeskPerson] = [:]
    for case let user as [String: Any] in (value as? [Any]) ?? [] {
      guard let id = ExportJSON.id(user["id"]) else { continue }
      let role = ExportJSON.string(user["role"]) ?? "end-user"
      result[id] = HelpdeskPerson(
        id: id, name: ExportJSON.string(user["name"]) ?? "",
        emails: [ExportJSON.string(user["email"])].compactMap { $0 },
        phones: [ExportJSON.string(user["phone"])].compactMap { $0 },
        role: role == "end-user" ? .customer : .agent)
    }
    return result
  }

  static func channel(_ name: String?) -> Channel {
    switch name ?? "" {
    case "voice", "phone", "phone_call_inbound", "phone_call_outbound", "voicemail": .phone
    case "chat", "chat_transcript", "native_messaging", "messaging", "sunshine_conversations", "mobile_sdk",
      "whatsapp", "facebook", "twitter", "instagram_dm", "line", "wechat", "sms", "any_channel":
      .chat
    default: .email
    }
  }

  private static func ticket(_ ticket: [String: Any], id: String, comments: [Any], users: [String: HelpdeskPerson]) -> HelpdeskTicket {
    let requester = ExportJSON.id(ticket["requester_id"])
    let assignee = ExportJSON.id(ticket["assignee_id"])
    let status = ExportJSON.string(ticket["status"])
    let tags = (ticket["tags"] as? [Any])?.compactMap { $0 as? String } ?? []
    var channelName = ((ticket["via"] as? [String: Any])?["channel"]) as? String
    var messages: [HelpdeskMessage] = []
    var involved: Set<String> = Set([requester, assignee].compactMap { $0 })
    for case let comment as [String: Any] in comments {
      let author = ExportJSON.id(comment["author_id"])
      if let author { involved.insert(author) }
      if channelName == nil { channelName = ((comment["via"] as? [String: Any])?["channel"]) as? String }
      let role: HelpdeskAuthorRole =
        if let author, let person = users[author] { person.role } else if author != nil && author == requester { .customer } else if author != nil && author == assignee {
          .agent
        } else { .customer }
      let html = ExportJSON.string(comment["html_body"])
      let body = html ?? ExportJSON.string(comment["plain_body"]) ?? ExportJSON.string(comment["body"]) ?? ""
      messages.append(HelpdeskMessage(
        authorID: author, role: role, isPrivate: !ExportJSON.bool(comment["public"], default: true), body: body,
        isHTML: html != nil, attachments: ExportJSON.count(comment["attachments"])))
    }
    var people = involved.sorted().compactMap { users[$0] }
    if let requester, users[requester] == nil, let embedded = ticket["requester"] as? [String: Any], let name = ExportJSON.string(embedded["name"]) {
      people.append(HelpdeskPerson(id: requester, name: name, emails: [ExportJSON.string(embedded["email"])].compactMap { $0 }, role: .customer))
    }
    let skip: ImportSkipReason? = tags.contains("closed_by_merge") ? .merged : status == "deleted" ? .deleted : nil
    return HelpdeskTicket(
      source: .zendesk, id: id, subject: ExportJSON.string(ticket["subject"]) ?? ExportJSON.string(ticket["raw_subject"]), status: status,
      channel: channel(channelName), people: people, requesterID: requester, messages: messages, skip: skip)
  }

  static func fileStem(_ file: String) -> String {
    let name = (file as NSString).lastPathComponent
    let stem = (name as NSString).deletingPathExtension
    return stem.isEmpty ? "ticket" : stem
  }
}

// MARK: - Freshdesk

/// Freshdesk's tickets with conversations, field names as in Freshdesk's API v2 reference
/// (`GET /api/v2/tickets/{id}?include=conversations,requester`): a ticket object, a list of
/// them, or `{"tickets": [...], "agents": [...], "contacts": [...]}`.
///
/// Tickets: `id`, `subject`, `status` (2 open, 3 pending, 4 resolved, 5 closed), `source`
/// (1 e-mail, 2 portal, 3 phone, 7 chat, 9 feedback widget, 10 outbound e-mail), `requester_id`,
/// `responder_id`, `description`/`description_text` (the first message), `deleted`, `spam`,
/// `requester`; conversations: `user_id`, `incoming`, `private`, `body`/`body_text`,
/// `from_email`, `to_emails`, `cc_emails`, `attachments`.
public enum FreshdeskExport {
  static func looksLikeFreshdesk(_ value: Any) -> Bool {
    guard let object = value as? [String: Any] else { return false }
    return object["conversations"] != nil || object["description_text"] != nil || object["responder_id"] != nil
  }

  static func looksLikeZendesk(_ value: Any) -> Bool {
    guard let object = value as? [String: Any] else { return false }
    return object["via"] != nil || object["assignee_id"] != nil || object["comments"] != nil
  }

  public static func parse(_ text: String, file: String) throws(ImportError) -> ParsedExport {
    let root = try ExportJSON.parse(text, file: file)
    var tickets: [Any]
    var agents: [String: HelpdeskPerson] = [:]
    var contacts: [String: HelpdeskPerson] = [:]
    if let list = root as? [Any] {
      tickets = list
    } else if let object = root as? [String: Any] {
      if let list = object["tickets"] as? [Any] {
        tickets = list
        for case let agent as [String: Any] in (object["agents"] as? [Any]) ?? [] {
          guard let id = ExportJSON.id(agent["id"]) else { continue }
          let contact = (agent["contact"] as? [String: Any]) ?? agent
          agents[id] = person(contact, id: id, role: .agent)
        }
        for case let contact as [String: Any] in (object["contacts"] as? [Any]) ?? [] {
          guard let id = ExportJSON.id(contact["id"]) else { continue }
          contacts[id] = person(contact, id: id, role: .customer)
        }
      } else if object["comments"] != nil || object["ticket"] != nil {
        throw .wrongExport(file: file, expected: .freshdesk, detail: "it looks like a Zendesk export; use `dojo import zendesk`")
      } else {
        tickets = [object]
      }
    } else {
      throw .wrongExport(file: file, expected: .freshdesk, detail: "expected a ticket or a list of tickets")
    }
    var result: [HelpdeskTicket] = []
    for (index, item) in tickets.enumerated() {
      if looksLikeZendesk(item) && !looksLikeFreshdesk(item) {
        throw .wrongExport(file: file, expected: .freshdesk, detail: "it looks like a Zendesk export; use `dojo import zendesk`")
      }
      guard let ticket = item as? [String: Any], looksLikeFreshdesk(ticket) || ticket["description"] != nil else {
        throw .wrongExport(file: file, expected: .freshdesk, detail: "ticket \(index + 1) has no `conversations` or `description_text`")
      }
      result.append(self.ticket(ticket, index: index, agents: agents, contacts: contacts))
    }
    return ParsedExport(tickets: result)
  }

  private static func person(_ object: [String: Any], id: String, role: HelpdeskAuthorRole) -> HelpdeskPerson {
    HelpdeskPerson(
      id: id, name: ExportJSON.string(object["name"]) ?? "", emails: [ExportJSON.string(object["email"])].compactMap { $0 },
      phones: [ExportJSON.string(object["phone"]), ExportJSON.string(object["mobile"])].compactMap { $0 }, role: role)
  }

  static func channel(_ source: Int?) -> Channel {
    switch source {
    case 3: .phone
    case 7, 5, 6, 8, 11, 12, 13: .chat
    default: .email
    }
  }

  private static func ticket(_ ticket: [String: Any], index: Int, agents: [String: HelpdeskPerson], contacts: [String: HelpdeskPerson]) -> HelpdeskTicket {
    let id = ExportJSON.id(ticket["id"]) ?? "\(index + 1)"
    let requester = ExportJSON.id(ticket["requester_id"])
    var people: [HelpdeskPerson] = []
    if let embedded = ticket["requester"] as? [String: Any] {
      people.append(person(embedded, id: requester ?? ExportJSON.id(embedded["id"]) ?? "requester", role: .customer))
    }
    var messages: [HelpdeskMessage] = []
    let descriptionHTML = ExportJSON.string(ticket["description"])
    if let first = descriptionHTML ?? ExportJSON.string(ticket["description_text"]) {
      messages.append(HelpdeskMessage(authorID: requester, role: .customer, isPrivate: false, body: first, isHTML: descriptionHTML != nil, attachments: ExportJSON.count(ticket["attachments"])))
    } else if ExportJSON.count(ticket["attachments"]) > 0 {
      messages.append(HelpdeskMessage(authorID: requester, role: .customer, isPrivate: false, body: "", isHTML: false, attachments: ExportJSON.count(ticket["attachments"])))
    }
    var involved: Set<String> = Set([requester, ExportJSON.id(ticket["responder_id"])].compactMap { $0 })
    var addresses: [String] = []
    for case let conversation as [String: Any] in (ticket["conversations"] as? [Any]) ?? [] {
      let author = ExportJSON.id(conversation["user_id"])
      if let author { involved.insert(author) }
      let incoming = ExportJSON.bool(conversation["incoming"], default: false)
      let html = ExportJSON.string(conversation["body"])
      addresses += [ExportJSON.string(conversation["from_email"])].compactMap { $0 }
      for key in ["to_emails", "cc_emails", "bcc_emails"] { addresses += ((conversation[key] as? [Any]) ?? []).compactMap { $0 as? String } }
      messages.append(HelpdeskMessage(
        authorID: author, role: incoming ? .customer : .agent, isPrivate: ExportJSON.bool(conversation["private"], default: false),
        body: html ?? ExportJSON.string(conversation["body_text"]) ?? "", isHTML: html != nil,
        attachments: ExportJSON.count(conversation["attachments"])))
    }
    for id in involved.sorted() {
      if let agent = agents[id] { people.append(agent) } else if let contact = contacts[id], !people.contains(where: { $0.id == id }) { people.append(contact) }
    }
    // Addresses of the mail headers: redacted wherever they turn up in the text.
    if !addresses.isEmpty { people.append(HelpdeskPerson(id: "addresses", name: "", emails: addresses, role: .customer)) }
    let deleted = ExportJSON.bool(ticket["deleted"], default: false) || ExportJSON.bool(ticket["spam"], default: false)
    let status = ExportJSON.int(ticket["status"]).map { [2: "open", 3: "pending", 4: "resolved", 5: "closed"][$0] ?? String($0) }
    return HelpdeskTicket(
      source: .freshdesk, id: id, subject: ExportJSON.string(ticket["subject"]), status: status,
      channel: channel(ExportJSON.int(ticket["source"])), people: people, requesterID: requester, messages: messages,
      skip: deleted ? .deleted : nil)
  }
}
