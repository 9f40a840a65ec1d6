import DojoStore
import Foundation
import GRDB
import Testing

private let firstTurns = [
  "Hi Dana, sorry about the surprise, I understand. Could you confirm the email on your account?",
  "I checked your order history: the order is correct at the 9.99 promotional price.",
]
private let restTurns = [
  "I cannot see the cause, so our billing specialists will take over; you will receive an email within 24 hours.",
  "/escalate l2-specialist: Checked order history, order SP-20931 correct; charged 17.99 instead of 9.99; email dana.whitfield@example.com",
  "q",
]

/// A copy of the bundled scenarios inside the sandbox, to edit.
private func scenarioCopy(_ sandbox: URL) throws -> URL {
  let copy = sandbox.appendingPathComponent("scenarios")
  try FileManager.default.copyItem(atPath: CLI.scenarios, toPath: copy.path)
  return copy
}

/// Changes the first "weight: 2" of l1-unexpected-charge to 5 (a new content version).
private func editScenario(_ folder: URL, _ from: String = "weight: 2", _ to: String = "weight: 5") throws {
  let file = folder.appendingPathComponent("l1-agent/unexpected-charge.yaml")
  let yaml = try String(contentsOf: file, encoding: .utf8)
  let range = try #require(yaml.range(of: from))
  try yaml.replacingCharacters(in: range, with: to).write(to: file, atomically: true, encoding: .utf8)
}

/// carol starts l1-unexpected-charge from `folder` and the pipe ends after two turns: session 1, interrupted.
private func interruptedSession(_ sandbox: URL, folder: String) throws {
  let started = try CLI.run(
    ["practice", "--trainee", "carol", "--scenario", "l1-unexpected-charge", "--seed", "5", "--scenarios", folder],
    stdin: firstTurns.joined(separator: "\n") + "\n", sandbox: sandbox)
  #expect(started.status == 0, "\(started.stderr)")
}

@Suite("Review rules from the wrong seat (the built binary)", .serialized, .timeLimit(.minutes(2)))
struct ReviewRulesCLITests {
  @Test("resume: bob cannot finish carol's session; the error names its owner and how to resume your own")
  func resumeOnlyYourOwn() throws {
    let sandbox = try CLI.sandbox()
    defer { try? FileManager.default.removeItem(at: sandbox) }
    try interruptedSession(sandbox, folder: CLI.scenarios)
    let store = try SQLiteStore(path: sandbox.appendingPathComponent("dojo.sqlite").path)
    let before = try store.turns(sessionID: 1).count
    for mode in [["--resume", "1"], ["--resume", "1", "--assessment"]] {
      let bob = try CLI.run(
        ["practice", "--trainee", "bob", "--scenarios", CLI.scenarios] + mode, stdin: restTurns.joined(separator: "\n") + "\n",
        sandbox: sandbox)
      #expect(bob.status == 1)
      #expect(
        bob.stderr
          == "dojo: error: session 1 is carol's, not bob's: only carol can resume it; `dojo practice --resume --trainee bob` continues your own latest interrupted session\n")
    }
    #expect(try store.session(id: 1).status == .interrupted)
    #expect(try store.turns(sessionID: 1).count == before)
    let carol = try CLI.run(
      ["practice", "--trainee", "carol", "--resume", "1", "--scenarios", CLI.scenarios], stdin: restTurns.joined(separator: "\n") + "\n",
      sandbox: sandbox)
    #expect(carol.status == 0, "\(carol.stderr)")
    #expect(try store.session(id: 1).status == .finished)
  }

  @Test("resume after a scenario edit continues and scores on the version the session started on")
  func resumeOnStartedVersion() throws {
    let sandbox = try CLI.sandbox()
    defer { try? FileManager.default.removeItem(at: sandbox) }
    let copy = try scenarioCopy(sandbox)
    try interruptedSession(sandbox, folder: copy.path)
    let store = try SQLiteStore(path: sandbox.appendingPathComponent("dojo.sqlite").path)
    let started = try store.session(id: 1).scenarioVersion
    try editScenario(copy)
    let resumed = try CLI.run(
      ["practice", "--trainee", "carol", "--resume", "--scenarios", copy.path], stdin: restTurns.joined(separator: "\n") + "\n",
      sandbox: sandbox)
    #expect(resumed.status == 0, "\(resumed.stderr)")
    #expect(resumed.stdout.contains("it continues, and is scored, on version \(started), the one it started on"))
    let session = try store.session(id: 1)
    #expect(session.status == .finished && session.scenarioVersion == started)
    #expect(try store.scorings(sessionID: 1).map(\.scenarioVersion) == [started])
    #expect(try store.effectiveScore(sessionID: 1).automatic.version == started)
    #expect(try store.scenarioSnapshot(id: "l1-unexpected-charge", version: started) != nil)
  }

  @Test("resume when the starting version was never stored: the new version is recorded and snapshotted, and said")
  func resumeOnNewVersion() throws {
    let sandbox = try CLI.sandbox()
    defer { try? FileManager.default.removeItem(at: sandbox) }
    let copy = try scenarioCopy(sandbox)
    try interruptedSession(sandbox, folder: copy.path)
    let store = try SQLiteStore(path: sandbox.appendingPathComponent("dojo.sqlite").path)
    let started = try store.session(id: 1).scenarioVersion
    // A session from before snapshots were kept.
    try store.writer.write { try $0.execute(sql: "DELETE FROM scenario_versions") }
    try editScenario(copy)
    let resumed = try CLI.run(
      ["practice", "--trainee", "carol", "--resume", "--scenarios", copy.path], stdin: restTurns.joined(separator: "\n") + "\n",
      sandbox: sandbox)
    #expect(resumed.status == 0, "\(resumed.stderr)")
    let session = try store.session(id: 1)
    #expect(session.scenarioVersion != started)
    #expect(resumed.stdout.contains("Version \(started) this session started on was not stored; it continues, and is scored, on the library's version \(session.scenarioVersion)"))
    #expect(try store.scorings(sessionID: 1).map(\.scenarioVersion) == [session.scenarioVersion])
    #expect(try store.scenarioSnapshot(id: "l1-unexpected-charge", version: session.scenarioVersion) != nil)
  }

  @Test("rescore: a trainee with pass: 0 in their own folder is refused; a lead's rescore is shown beside, never counted")
  func rescoreNeedsLeadAndNeverCounts() throws {
    let (sandbox, store) = try reviewSandbox()
    defer { try? FileManager.default.removeItem(at: sandbox) }
    let own = try scenarioCopy(sandbox)
    try editScenario(own, "pass: 70", "pass: 0")
    let arguments = ["review", "rescore", "--scenario", "l1-unexpected-charge", "--scenarios", own.path]
    let missing = try CLI.run(arguments, sandbox: sandbox)
    #expect(missing.status == 64)
    #expect(missing.stderr.contains("Missing expected argument '--reviewer <reviewer>'"))
    let tom = try CLI.run(arguments + ["--reviewer", "tom"], sandbox: sandbox)
    #expect(tom.status == 1)
    #expect(tom.stderr == "dojo: error: tom is not a team lead; a lead makes them one with `dojo trainee role tom lead --by LEAD`\n")
    #expect(try store.scorings(sessionID: 2).map(\.kind) == [.played])

    let lea = try CLI.run(arguments + ["--reviewer", "lea", "--format", "json"], sandbox: sandbox)
    #expect(lea.status == 0, "\(lea.stderr)")
    let json = try #require(try JSONSerialization.jsonObject(with: Data(lea.stdout.utf8)) as? [String: Any])
    #expect(json["reviewer"] as? String == "lea")
    let version = try #require(json["version"] as? String)
    let rows = try store.writer.read { db in
      try Row.fetchAll(
        db,
        sql: "SELECT s.kind, s.scenario_version, s.passed, t.name FROM scorings s LEFT JOIN trainees t ON t.id = s.rescored_by WHERE s.session_id = 2 ORDER BY s.id")
    }
    #expect(rows.map { $0["kind"] as String } == ["played", "rescore"])
    #expect(rows.map { $0["name"] as String? } == [nil, "lea"])
    #expect(rows.last?["scenario_version"] == version)
    #expect(rows.last?["passed"] == true)
    // Tom's session stays failed everywhere: session row, queue, progress.
    let session = try store.session(id: 2)
    #expect(session.effectivePassed == false && session.reviewedScore == nil)
    let queue = try CLI.run(["review", "queue", "--failed", "--format", "json"], sandbox: sandbox)
    let items = try #require(try JSONSerialization.jsonObject(with: Data(queue.stdout.utf8)) as? [[String: Any]])
    #expect(items.map { $0["session_id"] as? Int } == [2])
    #expect(items.first?["passed"] as? Bool == false)
    #expect(items.first?["rescore_passed"] as? Bool == true)
  }

  @Test("roles: only a lead changes them, the first lead once, every change in the history")
  func roles() throws {
    let sandbox = try CLI.sandbox()
    defer { try? FileManager.default.removeItem(at: sandbox) }
    let bare = try CLI.run(["trainee", "role", "tom", "lead"], sandbox: sandbox)
    #expect(bare.status == 64)
    #expect(bare.stderr.contains("a role change needs the lead who makes it: --by LEAD (or --first-lead while the store has no lead)"))
    let selfMade = try CLI.run(["trainee", "role", "tom", "lead", "--by", "tom"], sandbox: sandbox)
    #expect(selfMade.status == 1)
    // The first writing command creates the store and says so.
    #expect(
      selfMade.stderr
        == "dojo: note: created store at \(sandbox.appendingPathComponent("dojo.sqlite").path)\n"
        + "dojo: error: there is no lead yet; set the first one with `dojo trainee role NAME lead --first-lead`\n")
    let first = try CLI.run(["trainee", "role", "lea", "lead", "--first-lead"], sandbox: sandbox)
    #expect(first.status == 0, "\(first.stderr)")
    #expect(first.stdout == "lea is now a lead (the first lead).\n")
    let second = try CLI.run(["trainee", "role", "tom", "lead", "--first-lead"], sandbox: sandbox)
    #expect(second.status == 1)
    #expect(second.stderr == "dojo: error: the first lead is set only while there is no lead; lea is a lead: a lead changes roles with `--by LEAD`\n")
    let byTrainee = try CLI.run(["trainee", "role", "tom", "lead", "--by", "tom"], sandbox: sandbox)
    #expect(byTrainee.status == 1)
    #expect(byTrainee.stderr == "dojo: error: unknown trainee \"tom\"\n")
    let byLead = try CLI.run(["trainee", "role", "tom", "lead", "--by", "lea"], sandbox: sandbox)
    #expect(byLead.stdout == "tom is now a lead (changed by lea).\n")
    #expect(try CLI.run(["trainee", "role", "lea", "trainee", "--by", "tom"], sandbox: sandbox).status == 0)
    let leads = try CLI.run(["trainee", "roles"], sandbox: sandbox)
    #expect(leads.stdout == "LEAD\ntom\n")
    let history = try CLI.run(["trainee", "roles", "--history", "--format", "json"], sandbox: sandbox)
    let rows = try #require(try JSONSerialization.jsonObject(with: Data(history.stdout.utf8)) as? [[String: Any]])
    #expect(rows.map { $0["trainee"] as? String } == ["lea", "tom", "lea"])
    #expect(rows.map { $0["to"] as? String } == ["lead", "lead", "trainee"])
    #expect(rows.map { $0["by"] as? String } == [nil, "lea", "tom"])
    #expect(rows.map { $0["kind"] as? String } == ["first-lead", "change", "change"])
    let table = try CLI.run(["trainee", "roles", "--history"], sandbox: sandbox)
    #expect(table.stdout.hasPrefix("WHEN  "))
    #expect(table.stdout.contains("(first lead)"))
  }

  @Test("a second lead cannot undo the first lead's change without a comment; comments stay with their authors")
  func commentsStayWithAuthors() throws {
    let (sandbox, _) = try reviewSandbox()
    defer { try? FileManager.default.removeItem(at: sandbox) }
    let lea = try CLI.run(
      ["review", "1", "--reviewer", "lea", "--set", "empathy=0", "--comment", "No acknowledgement", "--root-cause", "communication",
       "--summary", "Acknowledge first."], sandbox: sandbox)
    #expect(lea.status == 0, "\(lea.stderr)")
    let undo = try CLI.run(["review", "1", "--reviewer", "leo", "--set", "empathy=1", "--summary", "Fine."], sandbox: sandbox)
    #expect(undo.status == 1)
    #expect(undo.stderr == "dojo: error: changing the score of 'empathy' needs a comment\n")
    let leo = try CLI.run(
      ["review", "1", "--reviewer", "leo", "--set", "check_order_history=1", "--comment", "Said it, did not explain it",
       "--summary", "Explain the check."], sandbox: sandbox)
    #expect(leo.status == 0, "\(leo.stderr)")
    let shown = try CLI.run(["review", "show", "1", "--format", "json", "--scenarios", CLI.scenarios], sandbox: sandbox)
    let document = try #require(try JSONSerialization.jsonObject(with: Data(shown.stdout.utf8)) as? [String: Any])
    let reviews = try #require(document["reviews"] as? [[String: Any]])
    #expect(reviews.map { $0["reviewer"] as? String } == ["lea", "leo"])
    let leoChanges = try #require(reviews.last?["changes"] as? [[String: Any]])
    #expect(leoChanges.map { $0["criterion_id"] as? String } == ["check_order_history"])
    #expect(leoChanges.map { $0["comment"] as? String } == ["Said it, did not explain it"])
    let card = try #require(document["scorecard"] as? [String: Any])
    let criteria = try #require(card["criteria"] as? [[String: Any]])
    let empathy = try #require(criteria.first { $0["id"] as? String == "empathy" })
    #expect(empathy["comment"] as? String == "No acknowledgement" && empathy["comment_by"] as? String == "lea")
    let check = try #require(criteria.first { $0["id"] as? String == "check_order_history" })
    #expect(check["comment_by"] as? String == "leo")
    let text = try CLI.run(["review", "show", "1", "--scenarios", CLI.scenarios], sandbox: sandbox)
    #expect(text.stdout.contains("No acknowledgement; root cause: communication (lea)"))
  }
}
