import DojoCore
import DojoStore
import Foundation
import GRDB
import Testing

/// Plays scripted actions through a bundled scenario and stores the session as the console does.
func seedSession(
  _ store: any Store, trainee: String, actions: [TraineeAction], at seconds: Double, cohort: String? = nil
) throws -> Int64 {
  let file = try #require(ScenarioLibrary.fileDeclaring(id: "l1-unexpected-charge", in: CLI.scenarios))
  let library = ScenarioLibrary.load(paths: [file], lexiconDirectory: ScenarioLibrary.findLexicon(near: CLI.scenarios), lint: false)
  let scenario = try #require(library.scenarios.first)
  let outcome = try Replay.run(CompiledScenario(scenario, lexicon: library.lexicon), actions: actions, seed: 3)
  let start = Date(timeIntervalSince1970: 1_780_000_000 + seconds)
  let session = try store.startSession(
    NewSession(traineeName: trainee, scenario: scenario, mode: .practice, cohort: cohort, seed: 3, startedAt: start, pid: nil))
  let id = try #require(session.id)
  try store.recordScenarioVersion(scenario, at: start)
  for entry in outcome.state.transcript.entries {
    try store.appendTurn(
      sessionID: id, speaker: entry.speaker, nodeID: entry.nodeID, turn: entry.turn, text: entry.text,
      action: entry.action?.kind, target: entry.action?.target, at: start, latency: entry.speaker == .trainee ? 12 : nil)
    if let action = entry.action, action.kind == .escalate, let target = action.target {
      try store.recordEscalation(sessionID: id, turn: entry.turn ?? 0, kind: .escalate, target: target, note: action.text, at: start)
    }
  }
  try store.recordNote(sessionID: id, turn: 2, text: "internal: customer calm", at: start)
  try store.finishSession(
    id: id, status: .finished, endedAt: start.addingTimeInterval(95), handleTimeSeconds: 95, result: outcome.result)
  return id
}

let strongActions: [TraineeAction] = [
  .reply("Hi Dana, sorry about the surprise, I understand. Could you confirm the email on your account?"),
  .reply("I checked your order \u{1B}[31mhistory\u{1B}[0m: the order is correct at the 9.99 promotional price. <script>x</script>"),
  .reply("I cannot see the cause, so our billing specialists will take over; you will receive an email within 24 hours."),
  .escalate(to: "l2-specialist", note: "Checked order history, order SP-20931 correct; charged 17.99 instead of 9.99; email dana.whitfield@example.com"),
]
let weakActions: [TraineeAction] = [.reply("hello"), .end]

/// A sandbox with a store: tess played a strong session (1), tom a weak one (2); lea, leo, lia are leads.
func reviewSandbox() throws -> (URL, SQLiteStore) {
  let sandbox = try CLI.sandbox()
  let store = try SQLiteStore(path: sandbox.appendingPathComponent("dojo.sqlite").path)
  _ = try seedSession(store, trainee: "tess", actions: strongActions, at: 0, cohort: "spring")
  _ = try seedSession(store, trainee: "tom", actions: weakActions, at: 3600)
  let first = try CLI.run(["trainee", "role", "lea", "lead", "--first-lead"], sandbox: sandbox)
  #expect(first.status == 0, "\(first.stderr)")
  for lead in ["leo", "lia"] {
    let result = try CLI.run(["trainee", "role", lead, "lead", "--by", "lea"], sandbox: sandbox)
    #expect(result.status == 0, "\(result.stderr)")
  }
  return (sandbox, store)
}

@Suite("dojo review, dispute, calibrate (the built binary)", .serialized, .timeLimit(.minutes(2)))
struct ReviewCLITests {
  @Test("a scripted review stores exactly what was typed; the automatic score stays")
  func scriptedReview() throws {
    let (sandbox, store) = try reviewSandbox()
    // empathy keep, verify_identity keep, check_order_history 1 (comment), explain_next_steps 0
    // (comment, root cause by number), no_false_promise keep, escalation keep, summary.
    let input = ["", "", "1", "Said it, did not explain it", "0", "No time frame given", "9", "3", "", "", "Good hand-off."]
    let result = try CLI.run(
      ["review", "1", "--reviewer", "lea", "--scenarios", CLI.scenarios], stdin: input.joined(separator: "\n") + "\n",
      sandbox: sandbox)
    #expect(result.status == 0, "\(result.stderr)")
    // Weights 2, 2, 3 (3-point), 2 (3-point), 1, escalation 3 = 13; check_order_history 1/2 and
    // explain_next_steps 0/2 leave 2 + 2 + 1.5 + 0 + 1 + 3 = 9.5 of 13 = 73.1.
    #expect(result.stdout.contains("Stored review #1 for session 1: 73.1/100 · passed (automatic 100; 2 criteria differ from it)"))
    #expect(result.stdout.contains("pick one of knowledge, process, communication, tool, policy, other"))
    let rows = try store.writer.read { db in
      try Row.fetchAll(db, sql: "SELECT criterion_id, score, auto_score, changed, comment, root_cause FROM review_scores ORDER BY id")
        .map { row -> String in
          let score: Int? = row["score"]
          let auto: Int? = row["auto_score"]
          let cause: String? = row["root_cause"]
          let changed: Bool = row["changed"]
          let criterion: String = row["criterion_id"]
          let comment: String = row["comment"]
          return "\(criterion) \(score.map(String.init) ?? "na") \(auto.map(String.init) ?? "na") \(changed) \(comment)|\(cause ?? "-")"
        }
    }
    #expect(rows == [
      "empathy 1 1 false |-",
      "verify_identity 1 1 false |-",
      "check_order_history 1 2 true Said it, did not explain it|-",
      "explain_next_steps 0 2 true No time frame given|communication",
      "no_false_promise 1 1 false |-",
      "escalation 2 2 false |-",
    ])
    let review = try store.writer.read { db in
      try Row.fetchOne(db, sql: "SELECT session_id, kind, summary, score, passed FROM reviews")
    }
    #expect(review?["kind"] == "review")
    #expect(review?["summary"] == "Good hand-off.")
    #expect(review?["score"] == 73.1)
    let session = try store.writer.read { db in try Row.fetchOne(db, sql: "SELECT score, reviewed_score FROM sessions WHERE id = 1") }
    #expect(session?["score"] == 100.0)
    #expect(session?["reviewed_score"] == 73.1)
    let queue = try CLI.run(["review", "queue", "--format", "json", "--cohort", "spring"], sandbox: sandbox)
    let items = try #require(try JSONSerialization.jsonObject(with: Data(queue.stdout.utf8)) as? [[String: Any]])
    #expect(items.count == 1)
    #expect(items.first?["review_state"] as? String == "reviewed")
    #expect(items.first?["score"] as? Double == 73.1)
    #expect(items.first?["auto_score"] as? Double == 100)
  }

  @Test("self-review, a non-lead reviewer and a cut-off review are refused with exit 1; nothing stored")
  func refusals() throws {
    let (sandbox, store) = try reviewSandbox()
    #expect(try CLI.run(["trainee", "role", "tess", "lead", "--by", "lea"], sandbox: sandbox).status == 0)
    let own = try CLI.run(["review", "1", "--reviewer", "tess"], stdin: "\n", sandbox: sandbox)
    #expect(own.status == 1)
    #expect(own.stderr == "dojo: error: tess played session 1 and cannot review it\n")
    let notLead = try CLI.run(["review", "1", "--reviewer", "tom", "--set", "empathy=0"], sandbox: sandbox)
    #expect(notLead.status == 1)
    #expect(notLead.stderr == "dojo: error: tom is not a team lead; a lead makes them one with `dojo trainee role tom lead --by LEAD`\n")
    let noComment = try CLI.run(["review", "1", "--reviewer", "lea", "--set", "empathy=0"], sandbox: sandbox)
    #expect(noComment.status == 1)
    #expect(noComment.stderr == "dojo: error: changing the score of 'empathy' needs a comment\n")
    let offScale = try CLI.run(["review", "1", "--reviewer", "lea", "--set", "empathy=4", "--comment", "x"], sandbox: sandbox)
    #expect(offScale.stderr == "dojo: error: 4 is not on the scale of 'empathy' (0–1, or na)\n")
    let noSummary = try CLI.run(
      ["review", "1", "--reviewer", "lea", "--set", "empathy=0", "--comment", "x", "--root-cause", "communication"],
      sandbox: sandbox)
    #expect(noSummary.status == 1)
    #expect(noSummary.stderr == "dojo: error: a review ends with a summary comment for the trainee (--summary)\n")
    let cut = try CLI.run(["review", "1", "--reviewer", "lea", "--no-transcript"], stdin: "\n1\n", sandbox: sandbox)
    #expect(cut.status == 1)
    #expect(cut.stderr.contains("nothing was stored"))
    let unknown = try CLI.run(["review", "show", "99"], sandbox: sandbox)
    #expect(unknown.status == 1 && unknown.stderr == "dojo: error: unknown session 99\n")
    #expect(try store.writer.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM reviews") } == 0)
    // A review that does get stored says how many criteria it changed, in English.
    let one = try CLI.run(
      ["review", "2", "--reviewer", "lea", "--set", "empathy=1", "--comment", "Said sorry", "--summary", "ok"], sandbox: sandbox)
    #expect(one.stdout.hasSuffix("(automatic 7.7; 1 criterion differs from it)\n"), "\(one.stdout)")
  }

  @Test("dispute lifecycle: the trainee disputes, the queue shows it, a lead accepts, the history stays")
  func disputeLifecycle() throws {
    let (sandbox, store) = try reviewSandbox()
    let foreign = try CLI.run(["dispute", "2", "--criterion", "empathy", "--comment", "x", "--trainee", "tess"], sandbox: sandbox)
    #expect(foreign.status == 1)
    #expect(foreign.stderr == "dojo: error: session 2 was played by tom, not tess; only they can dispute it\n")
    let opened = try CLI.run(["dispute", "2", "--criterion", "empathy", "--comment", "I said hello kindly", "--trainee", "tom"], sandbox: sandbox)
    #expect(opened.status == 0, "\(opened.stderr)")
    let badCriterion = try CLI.run(["dispute", "2", "--criterion", "warmth", "--comment", "x", "--trainee", "tom"], sandbox: sandbox)
    #expect(badCriterion.stderr.hasPrefix("dojo: error: session 2 has no criterion 'warmth'; it has empathy, verify_identity"))
    let queue = try CLI.run(["review", "queue", "--disputed"], sandbox: sandbox)
    #expect(queue.stdout.contains("disputed"))
    #expect(!queue.stdout.contains("tess"))
    let answered = try CLI.run(
      ["review", "dispute", "2", "--accept", "--comment", "Fair, that was warm", "--reviewer", "leo"], sandbox: sandbox)
    #expect(answered.status == 0, "\(answered.stderr)")
    #expect(answered.stdout.hasPrefix("Dispute 1 accepted; 'empathy' now 1; effective score "))
    let again = try CLI.run(["review", "dispute", "2", "--reject", "--comment", "x", "--reviewer", "leo"], sandbox: sandbox)
    #expect(again.status == 1 && again.stderr == "dojo: error: session 2 has no open dispute\n")
    let row = try store.writer.read { db in
      try Row.fetchOne(db, sql: "SELECT state, answer, answer_score, review_id FROM dispute_answers WHERE dispute_id = 1")
    }
    #expect(row?["state"] == "accepted")
    #expect(row?["answer"] == "Fair, that was warm")
    #expect(row?["answer_score"] == 1)
    let kinds = try store.writer.read { try String.fetchAll($0, sql: "SELECT kind FROM reviews") }
    #expect(kinds == ["dispute-answer"])
    let show = try CLI.run(["review", "show", "2", "--format", "json", "--scenarios", CLI.scenarios], sandbox: sandbox)
    let json = try #require(try JSONSerialization.jsonObject(with: Data(show.stdout.utf8)) as? [String: Any])
    let disputes = try #require(json["disputes"] as? [[String: Any]])
    #expect(disputes.first?["state"] as? String == "accepted")
    #expect(disputes.first?["answered_by"] as? String == "leo")
    let card = try #require(json["scorecard"] as? [String: Any])
    let criteria = try #require(card["criteria"] as? [[String: Any]])
    #expect(criteria.first { $0["id"] as? String == "empathy" }?["source"] as? String == "dispute-answer")
  }

  @Test("calibration: blind while open, then kappa/alpha numbers as computed by hand; scores unchanged")
  func calibration() throws {
    let (sandbox, store) = try reviewSandbox()
    let started = try CLI.run(["calibrate", "start", "r1", "--sessions", "1,2", "--reviewers", "lea,leo,lia"], sandbox: sandbox)
    #expect(started.status == 0, "\(started.stderr)")
    // Criteria: empathy, verify_identity, check_order_history, explain_next_steps, no_false_promise, escalation.
    let scripts = [
      "lea": ["1", "1", "2", "2", "1", "2", "0", "0", "0", "0", "na", "0"],
      "leo": ["1", "1", "1", "2", "1", "2", "1", "0", "0", "0", "1", "0"],
      "lia": ["1", "0", "2", "1", "1", "2", "", "0", "0", "0", "0", "1", "0"],
    ]
    for reviewer in ["lea", "leo", "lia"] {
      let scored = try CLI.run(
        ["calibrate", "score", "r1", "--reviewer", reviewer, "--scenarios", CLI.scenarios],
        stdin: scripts[reviewer]!.joined(separator: "\n") + "\n", sandbox: sandbox)
      #expect(scored.status == 0, "\(scored.stderr)")
      #expect(!scored.stdout.contains("Automatic:"))
      if reviewer == "lia" { #expect(scored.stdout.contains("a blind score needs a rating")) }
    }
    let open = try CLI.run(["calibrate", "report", "r1", "--format", "json"], sandbox: sandbox)
    let openJSON = try #require(try JSONSerialization.jsonObject(with: Data(open.stdout.utf8)) as? [String: Any])
    #expect(openJSON["report"] is NSNull)
    #expect(try CLI.run(["calibrate", "close", "r1"], sandbox: sandbox).status == 0)
    let report = try CLI.run(["calibrate", "report", "r1", "--format", "json"], sandbox: sandbox)
    let json = try #require(try JSONSerialization.jsonObject(with: Data(report.stdout.utf8)) as? [String: Any])
    let criteria = try #require((json["report"] as? [String: Any])?["criteria"] as? [[String: Any]])
    func row(_ id: String) throws -> [String: Any] { try #require(criteria.first { $0["criterion_id"] as? String == id }) }
    // empathy: session 1 rated 1,1,1; session 2 rated 0,1,0 (auto 1 and 0). Coincidences o11 = 3,
    // o00 = 1, o01 = o10 = 1; n = 6: alpha = 1 − (2/6)/(16/30) = 0.375; agreement (1 + 1/3)/2.
    let empathy = try row("empathy")
    #expect(abs((empathy["value"] as? Double ?? 0) - 0.375) < 1e-9)
    #expect(abs((empathy["percent_agreement"] as? Double ?? 0) - 2.0 / 3.0) < 1e-9)
    #expect(empathy["coefficient"] as? String == "krippendorff-alpha")
    #expect(empathy["reading"] as? String == "rework")
    // escalation: everyone agrees with everyone and with the scorer; alpha 1.
    let escalation = try row("escalation")
    #expect(escalation["value"] as? Double == 1)
    #expect(escalation["auto_agreement"] as? Double == 1)
    #expect(escalation["reading"] as? String == "reliable")
    let differences = try #require((json["report"] as? [String: Any])?["differences"] as? [[String: Any]])
    #expect(differences.first?["spread"] as? Double == 1)
    // Calibration never changes effective scores.
    let reviewed = try store.writer.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM sessions WHERE reviewed_score IS NOT NULL") }
    #expect(reviewed == 0)
    let text = try CLI.run(["calibrate", "report", "r1"], sandbox: sandbox)
    #expect(text.stdout.contains("empathy              0–1    2      67%    alpha (nominal)   0.375  rework"))
  }

  @Test("show and export: escape sequences neutralised everywhere, HTML escaped, matched words highlighted")
  func showAndExport() throws {
    let (sandbox, _) = try reviewSandbox()
    for format in ["text", "markdown", "html"] {
      let shown = try CLI.run(["review", "show", "1", "--format", format, "--scenarios", CLI.scenarios], sandbox: sandbox)
      #expect(shown.status == 0, "\(shown.stderr)")
      #expect(!shown.stdout.contains("\u{1B}"), "raw ESC in \(format)")
      #expect(shown.stdout.contains("␛"))
      #expect(shown.stdout.contains("internal: customer calm"))
      #expect(shown.stdout.contains("hand-off") || shown.stdout.contains("Hand-off"))
    }
    let html = try CLI.run(["review", "show", "1", "--format", "html", "--scenarios", CLI.scenarios], sandbox: sandbox).stdout
    #expect(html.contains("&lt;script&gt;x&lt;/script&gt;"))
    #expect(!html.contains("<script>"))
    #expect(html.contains("<mark>understand</mark>"))
    let markdown = try CLI.run(["review", "show", "1", "--format", "markdown", "--scenarios", CLI.scenarios], sandbox: sandbox).stdout
    #expect(markdown.contains("**understand**"))
    #expect(markdown.contains("Facts now visible"))
    #expect(markdown.contains("| empathy | Acknowledges the customer's worry | 1/1 | 1/1 | auto |  |"))
    let failed = try CLI.run(["review", "queue", "--failed", "--format", "json"], sandbox: sandbox)
    let failedItems = try #require(try JSONSerialization.jsonObject(with: Data(failed.stdout.utf8)) as? [[String: Any]])
    #expect(failedItems.map { $0["trainee"] as? String } == ["tom"])
    #expect(failedItems.first?["escalation_verdict"] as? String == "missed")
    let all = try CLI.run(["review", "queue", "--since", "2026-05-28"], sandbox: sandbox).stdout
    #expect(all.components(separatedBy: "\n").filter { $0.contains("l1-unexpected-charge") }.count == 2)
    #expect(try CLI.run(["review", "queue", "--since", "2026-05-29"], sandbox: sandbox).stdout == "No scored sessions match.\n")
    let out = sandbox.appendingPathComponent("export").path
    let exported = try CLI.run(["review", "export", "--to", out, "--scenarios", CLI.scenarios], sandbox: sandbox)
    #expect(exported.status == 0, "\(exported.stderr)")
    let files = try FileManager.default.contentsOfDirectory(atPath: out).sorted()
    #expect(files == ["2026-05-28-202640_tess_l1-unexpected-charge_s1.md", "2026-05-28-212640_tom_l1-unexpected-charge_s2.md"])
  }

  @Test("a second review starts from the first: Enter keeps the earlier change, its comment and root cause")
  func secondReviewKeepsFirst() throws {
    let (sandbox, store) = try reviewSandbox()
    let first = try CLI.run(
      ["review", "1", "--reviewer", "lea", "--set", "explain_next_steps=0", "--comment", "No time frame given",
       "--root-cause", "communication", "--summary", "Give a time frame."], sandbox: sandbox)
    #expect(first.status == 0, "\(first.stderr)")
    // Six criteria kept with Enter (the kept 0 asks for an optional root cause: Enter), then the summary.
    let second = try CLI.run(
      ["review", "1", "--reviewer", "leo", "--scenarios", CLI.scenarios, "--no-transcript"],
      stdin: ["", "", "", "", "", "", "", "Agree with lea."].joined(separator: "\n") + "\n", sandbox: sandbox)
    #expect(second.status == 0, "\(second.stderr)")
    let rows = try store.writer.read { db in
      try Row.fetchAll(
        db, sql: "SELECT review_id, score, comment, root_cause FROM review_scores WHERE criterion_id = 'explain_next_steps' ORDER BY id"
      ).map { row -> String in
        let review: Int64 = row["review_id"]
        let score: Int? = row["score"]
        let comment: String = row["comment"]
        let cause: String? = row["root_cause"]
        return "\(review) \(score.map(String.init) ?? "na") \(comment)|\(cause ?? "-")"
      }
    }
    #expect(rows == ["1 0 No time frame given|communication", "2 0 No time frame given|communication"])
    let scores = try store.writer.read { db in try Double.fetchAll(db, sql: "SELECT score FROM reviews ORDER BY id") }
    try #require(scores.count == 2)
    #expect(scores[0] == scores[1] && scores[0] < 100)
    #expect(try store.session(id: 1).reviewedScore == scores[1])
  }

  @Test("progress counts the effective score: a review that marks a criterion down lowers best score and passes")
  func progressUsesReviews() throws {
    let (sandbox, store) = try reviewSandbox()
    let reviewed = try CLI.run(
      ["review", "1", "--reviewer", "lea", "--set", "check_order_history=0", "--comment", "did not read the payments",
       "--root-cause", "process", "--summary", "read every panel"], sandbox: sandbox)
    #expect(reviewed.status == 0, "\(reviewed.stderr)")
    let session = try store.session(id: 1)
    #expect(session.score == 100)
    let effective = try #require(session.reviewedScore)
    #expect(effective < 100)
    let progress = try CLI.run(["progress", "--trainee", "tess", "--format", "json"], sandbox: sandbox)
    let json = try #require(try JSONSerialization.jsonObject(with: Data(progress.stdout.utf8)) as? [String: Any])
    let totals = try #require(json["totals"] as? [String: Any])
    #expect(totals["mean_score"] as? Double == effective)
    #expect(totals["passes"] as? Int == (session.reviewedPassed == true ? 1 : 0))
  }

  @Test("show: after the scenario changed, a session is shown against the version it was played on")
  func showPlayedVersion() throws {
    let (sandbox, _) = try reviewSandbox()
    let copy = sandbox.appendingPathComponent("scenarios")
    try FileManager.default.copyItem(atPath: CLI.scenarios, toPath: copy.path)
    let file = copy.appendingPathComponent("l1-agent/unexpected-charge.yaml")
    let yaml = try String(contentsOf: file, encoding: .utf8)
    try yaml.replacingOccurrences(of: "card ending 4417", with: "card ending 9999")
      .write(to: file, atomically: true, encoding: .utf8)
    let shown = try CLI.run(["review", "show", "1", "--scenarios", copy.path], sandbox: sandbox)
    #expect(shown.status == 0, "\(shown.stderr)")
    #expect(shown.stdout.contains("card ending 4417"))
    #expect(!shown.stdout.contains("card ending 9999"))
    #expect(shown.stdout.contains("shown as played"))
    #expect(shown.stdout.contains("the library in \(copy.path) now has version"))
    // The unchanged library needs no note.
    let current = try CLI.run(["review", "show", "1", "--scenarios", CLI.scenarios], sandbox: sandbox)
    #expect(!current.stdout.contains("shown as played"))
    #expect(current.stdout.contains("card ending 4417"))
  }

  @Test("rescore: a changed rubric gives a new automatic scoring; the score as played and its version stay")
  func rescore() throws {
    let (sandbox, store) = try reviewSandbox()
    let copy = sandbox.appendingPathComponent("scenarios")
    try FileManager.default.copyItem(atPath: CLI.scenarios, toPath: copy.path)
    let file = copy.appendingPathComponent("l1-agent/unexpected-charge.yaml")
    let yaml = try String(contentsOf: file, encoding: .utf8)
    // The first criterion (empathy) weighs 5 instead of 2.
    let range = try #require(yaml.range(of: "weight: 2"))
    try yaml.replacingCharacters(in: range, with: "weight: 5").write(to: file, atomically: true, encoding: .utf8)
    let result = try CLI.run(
      ["review", "rescore", "--scenario", "l1-unexpected-charge", "--reviewer", "lea", "--scenarios", copy.path, "--format", "json"],
      sandbox: sandbox)
    #expect(result.status == 0, "\(result.stderr)")
    let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
    #expect(json["rescored"] as? Int == 2)
    #expect(json["changed"] as? Int == 1)
    let rows = try store.writer.read { db in
      try Row.fetchAll(db, sql: "SELECT session_id, kind, score FROM scorings ORDER BY id").map { row -> String in
        let session: Int64 = row["session_id"]
        let kind: String = row["kind"]
        let score: Double = row["score"]
        return "\(session) \(kind) \(score)"
      }
    }
    // Session 2 (tom): empathy missed; 1 of 13 points before, 1 of 16 after.
    #expect(rows == ["1 played 100.0", "1 rescore 100.0", "2 played 7.7", "2 rescore 6.3"])
    #expect(try store.session(id: 2).score == 7.7)
    let again = try CLI.run(
      ["review", "rescore", "--scenario", "l1-unexpected-charge", "--reviewer", "lea", "--scenarios", copy.path], sandbox: sandbox)
    #expect(again.stdout.hasPrefix("Rescored 0 sessions of l1-unexpected-charge"))
    let shown = try CLI.run(["review", "show", "2", "--scenarios", CLI.scenarios], sandbox: sandbox)
    #expect(shown.stdout.contains("the library in \(CLI.scenarios) has version") == false)
    #expect(shown.stdout.contains("rescore at"))
    #expect(shown.stdout.contains(" by lea: 6.3/100"))
    #expect(shown.stdout.contains("Rescored: 6.3/100 · not passed (version \(json["version"] as? String ?? "?"), by lea; shown beside, not counted)"))
    #expect(shown.stdout.contains("Effective: 7.7/100"))
    // The version the re-scoring used can be shown, as a played one can.
    let version = try #require(json["version"] as? String)
    let stored = try CLI.run(["scenarios", "versions", "l1-unexpected-charge", "--show", version, "--format", "json"], sandbox: sandbox)
    #expect(stored.status == 0, "\(stored.stderr)")
    #expect(stored.stdout.contains("\"weight\" : 5"))
  }

  @Test("queue and export: a trainee name that is not in the store is an error, not an empty list")
  func unknownTrainee() throws {
    let (sandbox, _) = try reviewSandbox()
    let queue = try CLI.run(["review", "queue", "--trainee", "tesss"], sandbox: sandbox)
    #expect(queue.status == 1)
    #expect(queue.stderr == "dojo: error: no trainee named 'tesss' in the store; `dojo trainee` lists them\n")
    let export = try CLI.run(
      ["review", "export", "--trainee", "tesss", "--to", sandbox.appendingPathComponent("out").path], sandbox: sandbox)
    #expect(export.status == 1 && export.stdout.isEmpty)
    #expect(try CLI.run(["review", "queue", "--trainee", "tess"], sandbox: sandbox).stdout.contains("tess"))
  }

  @Test("terminal tables head their columns in capitals, like scenarios list and progress")
  func tableHeaders() throws {
    let (sandbox, _) = try reviewSandbox()
    #expect(try CLI.run(["trainee"], sandbox: sandbox).stdout.hasPrefix("NAME  ROLE\n"))
    #expect(try CLI.run(["review", "queue"], sandbox: sandbox).stdout.hasPrefix("SESSION  STARTED  "))
    #expect(try CLI.run(["review", "show", "1", "--scenarios", CLI.scenarios], sandbox: sandbox).stdout.contains("\nCRITERION  "))
  }

  @Test("show --format html of a German session: the page says lang=de and umlauts come through")
  func germanHTML() throws {
    let sandbox = try CLI.sandbox()
    defer { try? FileManager.default.removeItem(at: sandbox) }
    let id = "l1-bekanntes-app-problem-streamly"
    let answers = try String(contentsOfFile: CLI.scenarios + "/answers/\(id)/strong.txt", encoding: .utf8)
      .split(separator: "\n").filter { !$0.hasPrefix("#") && !$0.isEmpty }.joined(separator: "\n") + "\n"
    let played = try CLI.run(["practice", "--trainee", "jörg", "--scenario", id, "--scenarios", CLI.scenarios, "--no-delay"], stdin: answers, sandbox: sandbox)
    #expect(played.status == 0, "\(played.stderr)")
    let out = sandbox.appendingPathComponent("s1.html").path
    let shown = try CLI.run(["review", "show", "1", "--format", "html", "--out", out, "--scenarios", CLI.scenarios], sandbox: sandbox)
    #expect(shown.status == 0, "\(shown.stderr)")
    let html = try String(contentsOfFile: out, encoding: .utf8)
    #expect(html.hasPrefix("<!DOCTYPE html>\n<html lang=\"de\">"))
    #expect(html.contains("Trainee: jörg"))
  }

  @Test("rescore with a scenario folder that lacks the scenario: an error about rescoring, exit 1")
  func rescoreMissingScenario() throws {
    let (sandbox, store) = try reviewSandbox()
    let empty = sandbox.appendingPathComponent("empty").path
    try FileManager.default.createDirectory(atPath: empty, withIntermediateDirectories: true)
    let result = try CLI.run(
      ["review", "rescore", "--scenario", "l1-unexpected-charge", "--reviewer", "lea", "--scenarios", empty], sandbox: sandbox)
    #expect(result.status == 1)
    #expect(
      result.stderr
        == "dojo: error: cannot rescore: scenario 'l1-unexpected-charge' is not in \(empty) or cannot be read (see `dojo scenarios lint`); nothing changed\n")
    #expect(try store.scorings(sessionID: 1).count == 1)
  }

  @Test("show: each review's summary and changes are listed under it, not beside it")
  func reviewsNested() throws {
    let (sandbox, _) = try reviewSandbox()
    let stored = try CLI.run(
      ["review", "1", "--reviewer", "lea", "--set", "empathy=0", "--comment", "No acknowledgement", "--root-cause", "communication",
       "--summary", "Fine otherwise"], sandbox: sandbox)
    #expect(stored.status == 0, "\(stored.stderr)")
    let markdown = try CLI.run(["review", "show", "1", "--format", "markdown", "--scenarios", CLI.scenarios], sandbox: sandbox).stdout
    #expect(markdown.contains("/100 · passed\n  - Summary: Fine otherwise\n  - empathy: 1 → 0 — No acknowledgement (root cause: communication)\n"), "\(markdown)")
    let text = try CLI.run(["review", "show", "1", "--scenarios", CLI.scenarios], sandbox: sandbox).stdout
    #expect(text.contains("\n    Summary: Fine otherwise\n    empathy: 1 → 0 — No acknowledgement (root cause: communication)\n"))
  }

  @Test("--format json on the walks: stdout holds only the JSON, the walk talks on stderr")
  func walksWithJSON() throws {
    let (sandbox, _) = try reviewSandbox()
    let input = ["", "", "", "", "", "", "Good."].joined(separator: "\n") + "\n"
    let review = try CLI.run(
      ["review", "1", "--reviewer", "lea", "--format", "json", "--scenarios", CLI.scenarios], stdin: input, sandbox: sandbox)
    #expect(review.status == 0, "\(review.stderr)")
    let stored = try #require(try JSONSerialization.jsonObject(with: Data(review.stdout.utf8)) as? [String: Any], "\(review.stdout)")
    #expect(stored["session_id"] as? Int == 1 && stored["score"] as? Double == 100)
    #expect(review.stderr.contains("Summary for the trainee: Good."))

    #expect(try CLI.run(["calibrate", "start", "j", "--sessions", "2", "--reviewers", "lea,leo"], sandbox: sandbox).status == 0)
    let blind = ["0", "0", "0", "0", "1", "0"].joined(separator: "\n") + "\n"
    let scored = try CLI.run(
      ["calibrate", "score", "j", "--reviewer", "leo", "--format", "json", "--scenarios", CLI.scenarios], stdin: blind, sandbox: sandbox)
    #expect(scored.status == 0, "\(scored.stderr)")
    let json = try #require(try JSONSerialization.jsonObject(with: Data(scored.stdout.utf8)) as? [String: Any], "\(scored.stdout)")
    #expect(json["round"] as? String == "j" && json["reviewer"] as? String == "leo")
    #expect(json["scored"] as? [Int] == [2])
    #expect(scored.stderr.contains("Stored your score of session 2."))
  }
}
