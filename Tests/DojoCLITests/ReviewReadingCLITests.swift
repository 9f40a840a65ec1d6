import DojoCore
import DojoStore
import Foundation
import GRDB
import Testing

/// What a lead reads in `review show`, after a dispute, and around calibration rounds (issue 17).
@Suite("Reading reviews and calibration rounds (the built binary)", .serialized, .timeLimit(.minutes(2)))
struct ReviewReadingCLITests {
  private func showJSON(_ session: Int64, _ sandbox: URL) throws -> [String: Any] {
    let show = try CLI.run(["review", "show", String(session), "--format", "json", "--scenarios", CLI.scenarios], sandbox: sandbox)
    #expect(show.status == 0, "\(show.stderr)")
    return try #require(try JSONSerialization.jsonObject(with: Data(show.stdout.utf8)) as? [String: Any])
  }

  @Test("show keeps the line breaks, blank lines and indentation of an e-mail in text, Markdown and HTML")
  func lineBreaks() throws {
    let (sandbox, store) = try reviewSandbox()
    let email = "Hi Dana,\n\nsorry about the surprise.\n- Could you confirm the email on your account?\n  Kind regards\nSam"
    let id = try seedSession(store, trainee: "tess", actions: [.reply(email), .end], at: 7200)
    let show = { (format: String) in
      try CLI.run(["review", "show", String(id), "--format", format, "--scenarios", CLI.scenarios], sandbox: sandbox).stdout
    }
    // Text: continuation lines indented under the speaker, blank lines kept.
    let text = try show("text")
    #expect(text.contains("Hi Dana,\n\n    sorry about the surprise.\n    - Could you"), "\(text)")
    #expect(text.contains("\n      Kind regards\n    Sam"))
    // Markdown: hard line breaks; a line that would start a list is escaped; indentation kept.
    let markdown = try show("markdown")
    #expect(markdown.contains("Hi Dana,\\\n\\\n**sorry** **about** the surprise.\\\n\\- Could you **confirm**"), "\(markdown)")
    #expect(markdown.contains("\\\n&nbsp;&nbsp;Kind regards\\\nSam"))
    // HTML: the text keeps its lines (white-space: pre-wrap).
    let html = try show("html")
    #expect(html.contains(".said{white-space:pre-wrap}"))
    #expect(html.contains("<span class=\"said\">Hi Dana,\n\n<mark>sorry</mark> <mark>about</mark> the surprise.\n- Could you"), "\(html)")
    #expect(html.contains("\n  Kind regards\nSam</span>"))
  }

  @Test("show marks a criterion missed only where no turn met it and it did not end at full points")
  func missedOnlyWhereItHelps() throws {
    let (sandbox, store) = try reviewSandbox()
    // Empathy in turn 1 without verifying; verifying in turn 2 without empathy; both expected at both.
    let id = try seedSession(
      store, trainee: "tess",
      actions: [
        .reply("Sorry about the surprise, I understand."), .reply("Could you confirm the email on your account?"),
        .reply("Thanks."), .end,
      ], at: 7200)
    var json = try showJSON(id, sandbox)
    func lines() throws -> [[String: Any]] { try #require(json["lines"] as? [[String: Any]]) }
    let trainee = try lines().filter { $0["speaker"] as? String == "trainee" && $0["action"] as? String == "reply" }
    let earned = Set(trainee.flatMap { ($0["earned"] as? [[String: Any]] ?? []).compactMap { $0["criterion_id"] as? String } })
    #expect(earned.isSuperset(of: ["empathy", "verify_identity"]), "\(earned)")
    for line in trainee {
      let missed = line["missed"] as? [String] ?? []
      #expect(missed.allSatisfy { !earned.contains($0) }, "turn \(line["turn"] ?? "?") marks \(missed) missed")
    }
    let text = try CLI.run(["review", "show", String(id), "--scenarios", CLI.scenarios], sandbox: sandbox).stdout
    #expect(!text.contains("empathy not shown") && !text.contains("empathy missed here"), "\(text)")
    // A criterion still missed is marked once, with "missed here"; at full points after a review it is not.
    let missed = try lines().flatMap { $0["missed"] as? [String] ?? [] }
    let first = try #require(missed.first, "no criterion left missed: \(text)")
    #expect(missed.filter { $0 == first }.count == 1)
    #expect(text.contains("– \(first) missed here"))
    let card = try #require((json["scorecard"] as? [String: Any])?["criteria"] as? [[String: Any]])
    let max = try #require(card.first { $0["id"] as? String == first }?["max"] as? Int)
    let reviewed = try CLI.run(
      ["review", String(id), "--reviewer", "lea", "--set", "\(first)=\(max)", "--comment", "Said it in other words",
       "--summary", "Fine."], sandbox: sandbox)
    #expect(reviewed.status == 0, "\(reviewed.stderr)")
    json = try showJSON(id, sandbox)
    #expect(try !lines().flatMap { $0["missed"] as? [String] ?? [] }.contains(first))
  }

  @Test("an accepted dispute that undoes a review's change: source dispute-answer, history 0 → 1, also for old rows")
  func disputeUndoingReview() throws {
    let (sandbox, store) = try reviewSandbox()
    // Session 1: tess earned empathy (1/1); lea marks it down, tess disputes, leo accepts.
    let review = try CLI.run(
      ["review", "1", "--reviewer", "lea", "--set", "empathy=0", "--comment", "Too formal", "--root-cause", "communication",
       "--summary", "Warmer, please."], sandbox: sandbox)
    #expect(review.status == 0, "\(review.stderr)")
    #expect(try CLI.run(["dispute", "1", "--criterion", "empathy", "--comment", "I said sorry", "--trainee", "tess"], sandbox: sandbox).status == 0)
    #expect(try CLI.run(["review", "dispute", "1", "--accept", "--comment", "Fair", "--reviewer", "leo"], sandbox: sandbox).status == 0)
    func check(_ label: String) throws {
      let json = try showJSON(1, sandbox)
      let card = try #require((json["scorecard"] as? [String: Any])?["criteria"] as? [[String: Any]])
      let empathy = try #require(card.first { $0["id"] as? String == "empathy" })
      #expect(empathy["source"] as? String == "dispute-answer", "\(label): \(empathy)")
      #expect(empathy["points"] as? Int == 1)
      let reviews = try #require(json["reviews"] as? [[String: Any]])
      let answer = try #require(reviews.last?["changes"] as? [[String: Any]])
      #expect(answer.count == 1 && answer[0]["from"] as? Int == 0 && answer[0]["to"] as? Int == 1, "\(label): \(answer)")
      let text = try CLI.run(["review", "show", "1", "--scenarios", CLI.scenarios], sandbox: sandbox).stdout
      #expect(text.contains("empathy: 0 → 1 — Fair"), "\(label): \(text)")
    }
    try check("new rows")
    // Rows stored before own_change and previous_score were recorded.
    try store.writer.write { try $0.execute(sql: "UPDATE review_scores SET own_change = NULL, previous_score = NULL") }
    try check("old rows")
  }

  @Test("calibrate close refuses a round with missing scores, naming who has not scored what; --force closes it")
  func closeWithMissingScores() throws {
    let (sandbox, _) = try reviewSandbox()
    #expect(try CLI.run(["calibrate", "start", "r", "--sessions", "1,2", "--reviewers", "lea,leo,lia"], sandbox: sandbox).status == 0)
    // lea scores session 1 only (6 criteria), then the input ends.
    _ = try CLI.run(
      ["calibrate", "score", "r", "--reviewer", "lea", "--scenarios", CLI.scenarios],
      stdin: ["1", "1", "2", "2", "1", "2"].joined(separator: "\n") + "\n", sandbox: sandbox)
    let refused = try CLI.run(["calibrate", "close", "r"], sandbox: sandbox)
    #expect(refused.status == 1)
    #expect(
      refused.stderr.hasPrefix(
        "dojo: error: round 'r' has 1 of 6 scores: lea has not scored session 2; leo has not scored sessions 1, 2; "
          + "lia has not scored sessions 1, 2."), "\(refused.stderr)")
    #expect(refused.stderr.contains("--force"))
    let report = try CLI.run(["calibrate", "report", "r"], sandbox: sandbox)
    #expect(report.stdout.contains("(open)"))
    let forced = try CLI.run(["calibrate", "close", "r", "--force"], sandbox: sandbox)
    #expect(forced.status == 0, "\(forced.stderr)")
    #expect(forced.stderr.hasPrefix("dojo: warning: round 'r' has 1 of 6 scores"))
    #expect(forced.stdout.contains("closed with 1 of 6 scores"))
  }

  @Test("calibrate report says when too few reviewers rated, instead of 'the same ratings everywhere'")
  func tooFewRaters() throws {
    let (sandbox, _) = try reviewSandbox()
    #expect(try CLI.run(["calibrate", "start", "r", "--sessions", "1,2", "--reviewers", "lea,leo"], sandbox: sandbox).status == 0)
    _ = try CLI.run(
      ["calibrate", "score", "r", "--reviewer", "lea", "--scenarios", CLI.scenarios],
      stdin: ["1", "1", "2", "2", "1", "2"].joined(separator: "\n") + "\n", sandbox: sandbox)
    #expect(try CLI.run(["calibrate", "close", "r", "--force"], sandbox: sandbox).status == 0)
    let text = try CLI.run(["calibrate", "report", "r"], sandbox: sandbox).stdout
    #expect(!text.contains("the same ratings everywhere"), "\(text)")
    #expect(text.contains("Only one reviewer rated session 1 (lea): it is left out."), "\(text)")
    #expect(text.contains("No reviewer rated session 2: it is left out."))
    #expect(text.contains("No session was rated by two or more reviewers: there is no agreement to report."))
    #expect(!text.contains("no variation") && !text.contains("CRITERION"))
    let json = try JSONSerialization.jsonObject(
      with: Data(try CLI.run(["calibrate", "report", "r", "--format", "json"], sandbox: sandbox).stdout.utf8)) as? [String: Any]
    let thin = try #require((json?["report"] as? [String: Any])?["too_few_raters"] as? [[String: Any]])
    #expect(thin.count == 2 && thin[0]["raters"] as? [String] == ["lea"])
  }

  @Test("a stored review reads 'Stored review #N for session S'; --no-transcript starts with a header")
  func storedWordingAndHeader() throws {
    let (sandbox, _) = try reviewSandbox()
    let input = ["", "", "", "", "", "", "Good."]
    let result = try CLI.run(
      ["review", "1", "--reviewer", "lea", "--no-transcript", "--scenarios", CLI.scenarios],
      stdin: input.joined(separator: "\n") + "\n", sandbox: sandbox)
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout.hasPrefix("Session 1: "), "\(result.stdout)")
    #expect(result.stdout.contains("Trainee: tess · scenario l1-unexpected-charge · chat"))
    #expect(result.stdout.contains("Score: 100/100 · passed (automatic)"))
    #expect(!result.stdout.contains("Transcript"))
    #expect(result.stdout.contains("Stored review #1 for session 1: 100/100 · passed"))
    #expect(!result.stdout.contains("Review 1 of session 1 stored"))
  }
}
