import Foundation

/// `dojo import zendesk` end to end on a synthetic incremental export: 10,000 tickets with six
/// comments each (HTML mail threads with quotes, signatures and personal data to redact, English
/// and German, a private note in every ticket), generated here so no real data is needed.
enum ImportBench {
  static func export(tickets: Int) -> String {
    var parts: [String] = []
    parts.reserveCapacity(tickets)
    var users: [String] = []
    for agent in 0..<20 {
      users.append(#"{"id": \#(100_000 + agent), "name": "Agent\#(agent) Surname\#(agent)", "email": "agent\#(agent)@shop.example.com", "role": "agent"}"#)
    }
    for t in 0..<tickets {
      let german = t % 3 == 0
      let requester = 1_000_000 + t
      let agent = 100_000 + t % 20
      let first = "Kunde\(t)"
      users.append(#"{"id": \#(requester), "name": "\#(first) Nachname\#(t)", "email": "kunde\#(t)@example.org", "role": "end-user"}"#)
      let customer =
        german
        ? "<p>Guten Tag,</p><p>ich habe f&uuml;r die Bestellung \(40000 + t) zweimal bezahlt. Bitte erstatten Sie den Betrag auf DE89 3704 0044 0532 0130 00. Sie erreichen mich unter 0171 \(2_000_000 + t) oder kunde\(t)@example.org.</p><p>Mit freundlichen Gr&uuml;&szlig;en<br>\(first) Nachname\(t)<br>Lindenstra&szlig;e 12, 10969 Berlin</p>"
        : "<p>Hello,</p><p>I was charged twice for order \(40000 + t). My card is 4539 1488 0343 6467, call me on +44 20 7946 \(1000 + t % 9000) or mail kunde\(t)@example.org.</p><p>Best regards<br>\(first) Nachname\(t)</p>"
      let reply =
        german
        ? "<p>Hallo \(first),</p><p>es tut mir leid. Ich habe die Bestellung \(40000 + t) gepr&uuml;ft und die doppelte Zahlung heute erstattet. Das Geld ist in 3&ndash;5 Werktagen bei Ihnen.</p><p>Viele Gr&uuml;&szlig;e<br>Agent\(t % 20)</p><div class=\"gmail_quote\">Am Montag schrieb \(first):<blockquote>ich habe zweimal bezahlt</blockquote></div>"
        : "<p>Hi \(first),</p><p>I'm sorry about that. I checked order \(40000 + t) and refunded the second payment today; you'll see it within 3&ndash;5 working days. Track it at https://shop.example.com/refunds?token=ab12cd34ef56gh78ij\(t).</p><p>Kind regards<br>Agent\(t % 20)</p><div class=\"gmail_quote\">On Monday \(first) wrote:<blockquote>I was charged twice</blockquote></div>"
      let followUp = german ? "<p>Danke! Kommt das Geld auf die Karte oder aufs Konto?</p>" : "<p>Thanks! Will it go back to my card or my bank account?</p>"
      let answer = german ? "<p>Auf die urspr&uuml;ngliche Zahlungsart, also auf Ihre Karte. Kann ich sonst noch etwas f&uuml;r Sie tun?</p>" : "<p>It goes back to the card you paid with. Is there anything else I can help you with?</p>"
      let note = "Payment log: duplicate capture for \(40000 + t), refunded."
      let done = german ? "<p>Nein, das war alles. Vielen Dank!</p>" : "<p>No, that's all. Thank you!</p>"
      func comment(_ author: Int, _ isPublic: Bool, _ html: String) -> String {
        #"{"author_id": \#(author), "public": \#(isPublic), "html_body": "\#(html.replacingOccurrences(of: "\"", with: "\\\""))", "attachments": []}"#
      }
      let comments = [
        comment(requester, true, customer), comment(agent, false, note), comment(agent, true, reply), comment(requester, true, followUp),
        comment(agent, true, answer), comment(requester, true, done),
      ].joined(separator: ",")
      parts.append(#"{"id": \#(t + 1), "subject": "Order \#(40000 + t) charged twice", "status": "solved", "via": {"channel": "email"}, "requester_id": \#(requester), "assignee_id": \#(agent), "tags": [], "comments": [\#(comments)]}"#)
    }
    return #"{"tickets": [\#(parts.joined(separator: ",\n"))], "users": [\#(users.joined(separator: ",\n"))], "end_of_stream": true}"#
  }

  static func run(dojo: String) throws {
    // DOJO_BENCH_IMPORT_DIR puts the export and the transcripts elsewhere (say /dev/shm, to see
    // how much of the time is the file system creating 10,000 files).
    let base = ProcessInfo.processInfo.environment["DOJO_BENCH_IMPORT_DIR"].map { URL(fileURLWithPath: $0) } ?? FileManager.default.temporaryDirectory
    let folder = base.appendingPathComponent("dojo-bench-import-\(getpid())")
    try? FileManager.default.removeItem(at: folder)
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let file = folder.appendingPathComponent("tickets.json")
    try export(tickets: 10_000).write(to: file, atomically: true, encoding: .utf8)
    let process = Process()
    process.executableURL = URL(fileURLWithPath: dojo)
    process.arguments = ["import", "zendesk", file.path, "--out", folder.appendingPathComponent("out").path, "--format", "json"]
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = FileHandle.nullDevice
    let clock = ContinuousClock()
    let start = clock.now
    try process.run()
    let output = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    let elapsed = clock.now - start
    var usage = rusage()
    getrusage(__rusage_who_t(RUSAGE_CHILDREN.rawValue), &usage)
    let cpu = Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
    let system = Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6
    let summary = (try? JSONSerialization.jsonObject(with: output)) as? [String: Any] ?? [:]
    let written = summary["transcripts_written"] as? Int ?? 0
    let messages = summary["messages"] as? Int ?? 0
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    print(String(format: "import    %8.2f s for 10,000 tickets (%d transcripts, %d turns and notes written; dojo import zendesk end to end, budget 10 s; CPU %.1f s, of it %.1f s in the kernel)", seconds, written, messages, cpu, system))
  }
}
