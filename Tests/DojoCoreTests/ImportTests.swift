import Foundation
import Testing

@testable import DojoCore

@Suite("helpdesk import: parsing, cleaning, redaction, language")
struct ImportTests {
  private func redact(_ text: String, people: [HelpdeskPerson] = [], requester: String? = nil) -> (String, [RedactionKind: Int]) {
    var redactor = Redactor(people: people, requesterID: requester)
    let result = redactor.redact(text)
    return (result, redactor.counts)
  }

  @Test("every kind of personal data is replaced, the same value by the same placeholder")
  func redactsEveryKind() {
    let people = [
      HelpdeskPerson(id: "1", name: "Anna-Lena Schmidt", role: .customer),
      HelpdeskPerson(id: "2", name: "Tom Becker", role: .agent),
      HelpdeskPerson(id: "3", name: "Will Grant", role: .agent),
    ]
    let text = """
      Hi Anna-Lena, this is Tom. Mail anna.schmidt@example.de or ANNA.SCHMIDT@example.de, call +49 30 12345678 or \
      030 12345678 or 0171/2345678. IBAN DE89 3704 0044 0532 0130 00, card 4539-1488-0343-6467. \
      Send it to Musterstraße 12, 10115 Berlin or 221B Baker Street, London NW1 6XE. \
      Reset: https://shop.example.com/reset?token=abc123def456ghi789 and Frau Schmidt will hear from Will.
      """
    let (result, counts) = redact(text, people: people, requester: "1")
    #expect(result.contains("Hi [customer], this is [agent 1]."), "\(result)")
    #expect(result.contains("Mail [email 1] or [email 1]"), "\(result)")
    #expect(result.contains("call [phone 1] or [phone 1] or [phone 2]"), "\(result)")
    #expect(result.contains("IBAN [iban 1], card [card ending 6467]."), "\(result)")
    #expect(result.contains("Send it to [address 1] or [address 2]."), "\(result)")
    #expect(result.contains("Reset: [link 1] and Frau [customer] will hear from [agent 2]."), "\(result)")
    #expect(counts[.email] == 2 && counts[.iban] == 1 && counts[.card] == 1 && counts[.address] == 2 && counts[.link] == 1)
  }

  @Test("checksums and shapes keep ordinary numbers, dates, amounts and links")
  func keepsWhatIsNotPersonal() {
    let text = """
      Order 58213 of 03.12.2024 for 1.299,00 € (ticket #4711, 3-5 days). Invalid IBAN DE89 3704 0044 0532 0130 01, \
      not a card 4539 1488 0343 6468. See https://help.example.com/articles/refunds?lang=en. I will call. \
      Customer number 447120, 10:30 am.
      """
    let (result, counts) = redact(text, people: [HelpdeskPerson(id: "1", name: "Will Grant", role: .customer)], requester: "1")
    #expect(result == text, "\(result)")
    #expect(counts.values.reduce(0, +) == 0)
  }

  @Test("HTML becomes text without quoted mails; entities decoded")
  func html() {
    let html = """
      <html><head><style>p{}</style></head><body><p>Hello&nbsp;Tom,</p><p>it&#39;s 49&euro; &amp; more<br>thanks</p>\
      <ul><li>one</li><li>two</li></ul><div class="gmail_quote">On Mon wrote:<blockquote>old <b>text</b></blockquote></div>\
      <blockquote>older</blockquote><p>end</p></body></html>
      """
    #expect(HTMLText.plainText(html) == "Hello Tom,\n\nit's 49€ & more\nthanks\n\n- one\n- two\nend")
    #expect(HTMLText.plainText("a < b and <unclosed") == "a < b and")
  }

  @Test("quoted mails and signature blocks are cut, in English and German")
  func mailCleanup() {
    #expect(MailCleanup.cut("Thanks!\n\nOn Tue, 3 Mar 2026, Tom <t@x.de> wrote:\n> old") == "Thanks!")
    #expect(MailCleanup.cut("Danke.\nAm 03.03.2026 um 09:12 schrieb Sabine:\nalt") == "Danke.")
    #expect(MailCleanup.cut("Yes.\n-----Original Message-----\nFrom: A") == "Yes.")
    #expect(MailCleanup.cut("Ja.\n\nVon: Kundenservice\nGesendet: Montag\nAn: mich\nBetreff: x") == "Ja.")
    #expect(MailCleanup.cut("Ok.\n--\nTom Becker\nCEO") == "Ok.")
    #expect(MailCleanup.cut("Geht klar.\n\nMit freundlichen Grüßen\nKlaus Wagner\nTel. 0171 1234567") == "Geht klar.")
    #expect(MailCleanup.cut("Done.\n\nBest regards,\nTom") == "Done.")
    #expect(MailCleanup.cut("Best regards") == "Best regards", "a message that is only a greeting stays")
    #expect(MailCleanup.cut("Thanks for your help with the refund.") == "Thanks for your help with the refund.")
  }

  @Test("language: English, German, neither")
  func language() {
    #expect(LanguageGuess.detect("Hi, I was charged twice for my order and I would like a refund, please.") == .en)
    #expect(LanguageGuess.detect("Guten Tag, ich habe meine Jacke zurückgeschickt und noch kein Geld bekommen.") == .de)
    #expect(LanguageGuess.detect("Bonjour, ma commande n'est toujours pas arrivée. Pouvez-vous vérifier ?") == nil)
    #expect(LanguageGuess.detect("ok") == nil)
  }

  @Test("CSV: quoted fields, errors by row and column")
  func csv() throws {
    let good = "ticket,role,time,author,text\nT1,customer,2026-03-01T10:00:00Z,Ann,\"Hello, \"\"there\"\"\nsecond line\"\nT1,agent,2026-03-01T09:00:00Z,Bo,Hi\n"
    let parsed = try CSVExport.parse(good, file: "f.csv")
    #expect(parsed.tickets.count == 1)
    #expect(parsed.tickets[0].messages.map(\.body) == ["Hi", "Hello, \"there\"\nsecond line"])
    func error(_ text: String) -> ImportError? {
      do { _ = try CSVExport.parse(text, file: "f.csv") } catch { return error }
      return nil
    }
    #expect(error("ticket,time,author,role\n") == .csv(file: "f.csv", row: 1, column: "text", message: "missing column; the header needs ticket, time, author, role, text"))
    #expect(error("ticket,time,author,role,text,mood\n")?.description.hasPrefix("f.csv: row 1, column 'mood': unknown column") == true)
    #expect(error("ticket,time,author,role,text\nT1,yesterday,A,customer,x\n")?.description == "f.csv: row 2, column 'time': expected an ISO 8601 date or date and time, like 2026-03-01T09:30:00Z")
    #expect(error("ticket,time,author,role,text\nT1,2026-03-01,A,customer\n")?.description == "f.csv: row 2: 4 fields, the header has 5")
    #expect(error("ticket,time,author,role,text,private\nT1,2026-03-01,A,customer,x,maybe\n")?.description == "f.csv: row 2, column 'private': expected true or false")
    #expect(error("ticket,time,author,role,text\nT1,2026-03-01,A,customer,\"open\n")?.description == "f.csv: row 2: a quoted field is never closed")
  }

  @Test("non-UTF-8 bytes are reported with line and column")
  func notUTF8() {
    #expect(throws: ImportError.notUTF8(file: "x", line: 2, column: 4)) { try ExportText.decode(Array("a\nabc".utf8) + [0xE9, 0x0A], file: "x") }
    #expect(throws: ImportError.empty(file: "x")) { try ExportText.decode(Array(" \n".utf8), file: "x") }
  }

  @Test("Zendesk: a 500-message thread, a wrong export, broken JSON")
  func zendesk() throws {
    let comments = (0..<500).map { i in
      #"{"author_id": \#(i % 2 == 0 ? 1 : 2), "public": true, "plain_body": "Message \#(i): could you please check the order and tell me what you see?"}"#
    }.joined(separator: ",")
    let text = #"{"ticket": {"id": 9, "requester_id": 1, "via": {"channel": "chat"}}, "comments": [\#(comments)], "users": [{"id": 1, "name": "Ann Example", "role": "end-user"}, {"id": 2, "name": "Bo Agent", "role": "agent"}]}"#
    let parsed = try ZendeskExport.parse(text, file: "big.json")
    guard case .transcript(let transcript, _, _, _) = TicketImport.convert(parsed.tickets[0]) else {
      Issue.record("not converted")
      return
    }
    #expect(transcript.turns.count == 500)
    #expect(transcript.channel == .chat)
    #expect(transcript.turns.filter { $0.speaker == "agent" }.count == 250)
    #expect(throws: ImportError.self) { try ZendeskExport.parse(#"[{"id": 1, "description_text": "x", "conversations": []}]"#, file: "f.json") }
    #expect(throws: ImportError.invalidJSON(file: "f.json", line: 2, column: 3)) { try ZendeskExport.parse("{\n  x}", file: "f.json") }
  }

  @Test("a transcript written for critique reads back the same, control characters and all")
  func roundTrip() throws {
    let transcript = AnnotatedTranscript(
      id: "csv-t1", title: "A \"quoted\" title", scenario: "", language: .en, summary: "S",
      turns: [
        .init(speaker: "customer", text: "Line one\n\nLine: two # not a comment"), .init(speaker: "note", text: "tab\there \u{1B}[31m"),
        .init(speaker: "agent", text: "Two  spaces \nand a trailing one"),
      ],
      annotations: [], path: "", annotated: false, channel: .chat, source: "csv ticket T1")
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("dojo-import-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let path = folder.appendingPathComponent("csv-t1.yaml").path
    try TranscriptWriter.yaml(transcript, header: ["imported"]).write(toFile: path, atomically: true, encoding: .utf8)
    let (loaded, diagnostics) = TranscriptLoader.load(path: path, library: ScenarioLibrary.load(paths: [], lint: false))
    #expect(diagnostics.isEmpty, "\(diagnostics)")
    #expect(loaded?.turns == transcript.turns)
    #expect(loaded?.annotated == false && loaded?.channel == .chat && loaded?.title == transcript.title)
  }
}
