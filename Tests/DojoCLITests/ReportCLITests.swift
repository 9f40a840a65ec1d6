@testable import DojoCore
import DojoStore
import Foundation
import Testing

/// A cohort with known numbers: Ann 50 → 70, Bob 60 → 65, Cy 80 before only, Dee nothing.
/// The one criterion "greet" scores 1 of 2 before and 2 of 2 after.
private func fillSpring(_ store: SQLiteStore) throws {
  try store.createCohort(named: "spring")
  try store.addMembers(["Ann", "Bob", "Cy", "Dee"], to: "spring")
  var minute = 0.0
  func attempt(_ trainee: String, _ phase: SessionPhase, _ score: Double) throws {
    minute += 10
    let started = Date(timeIntervalSince1970: 1_780_000_000 + minute * 60)
    let new = NewSession(
      traineeName: trainee, scenarioID: phase == .pre ? "l1-case-a" : "l1-case-b", scenarioVersion: "v1",
      scenarioTitle: "Case", role: "l1-agent", language: "en", channel: "chat", mode: .assessment,
      phase: phase, cohort: "spring", form: phase == .pre ? "A" : "B", seed: 1, startedAt: started, pid: nil)
    let id = try #require(try store.startSession(new).id)
    let greet = CriterionResult(
      id: "greet", name: "Greets", score: phase == .pre ? 1 : 2, max: 2, weight: 1, met: phase == .post,
      applicable: true, critical: false, bonus: false, evidence: [], violations: [], tip: "", modelAnswer: nil)
    let escalation = EscalationResult(
      expected: "resolve", actual: "none", verdict: phase == .pre ? .unnecessary : .notExpected, turn: nil, note: nil,
      handoffPresent: [], handoffMissing: [], explanation: "")
    let result = ScoreResult(
      scenario: new.scenarioID, version: "v1", score: score, rawScore: score, passScore: 70, passed: score >= 70,
      criticalMisses: [], criteria: [greet], escalation: escalation, ending: .resolved,
      endingMood: .neutral, csatProxy: phase == .pre ? 3 : 4, fcrProxy: phase == .post, turns: 3)
    try store.finishSession(
      id: id, status: .finished, endedAt: started.addingTimeInterval(120), handleTimeSeconds: phase == .pre ? 120 : 90,
      result: result)
  }
  try attempt("Ann", .pre, 50)
  try attempt("Bob", .pre, 60)
  try attempt("Cy", .pre, 80)
  try attempt("Ann", .post, 70)
  try attempt("Bob", .post, 65)
}

@Suite("Cohorts, reports and exports end to end (the built binary)", .timeLimit(.minutes(2)))
struct ReportCLITests {
  func springSandbox() throws -> URL {
    let sandbox = try CLI.sandbox()
    try fillSpring(try SQLiteStore(path: sandbox.appendingPathComponent("dojo.sqlite").path))
    return sandbox
  }

  @Test func effectivenessText() throws {
    let sandbox = try springSandbox()
    let result = try CLI.run(["report", "effectiveness", "--cohort", "spring", "--seed", "7"], sandbox: sandbox)
    #expect(result.status == 0, "\(result.stderr)")
    let out = result.stdout
    #expect(out.contains("percentile bootstrap, 2000 resamples, seed 7"))
    #expect(out.contains("Paired trainees: 2"))
    // Means 55 → 67.5; differences 20 and 5.
    #expect(out.contains("Mean score:      55.0 → 67.5   difference +12.5"))
    // (67.5 − 55) / 45 = 0.28; gains 0.4 and 0.125 → 0.26.
    #expect(out.contains("Normalised gain: +0.28 of the means; mean of trainees' gains +0.26"))
    // d_z = 12.5 / 10.61 = 1.18; d_av = 12.5 / ((7.07 + 3.54) / 2) = 2.36.
    // With two pairs half the resamples repeat one pair (no spread): no interval for d_z or d_av.
    #expect(out.contains("d_z  (paired: mean difference / SD of differences):  +1.18 [–]"))
    #expect(out.contains("d_av (mean difference / mean of pre and post SDs):   +2.36 [–]"))
    // The two differences 20 and 5 bound every resampled mean.
    #expect(out.contains("difference +12.5 [+5.0, +20.0]"))
    #expect(out.contains("Improved 2 (100%) · worse 0 (0%) · unchanged 0 (0%)"))
    #expect(out.contains("Ann      50.0  70.0  +20.0  +0.40  improved"))
    #expect(out.contains("Cy       80.0  –     –      –      pre-only"))
    #expect(out.contains("! only 2 paired trainee(s) (fewer than 10)"))
    #expect(out.contains("! 1 trainee(s) took only one phase and are left out of the paired numbers: Cy (pre-only)"))
    #expect(out.contains("! 1 member(s) have no assessment yet: Dee"))
  }

  @Test func effectivenessJSONAndCSV() throws {
    let sandbox = try springSandbox()
    let json = try CLI.run(["report", "effectiveness", "--cohort", "spring", "--format", "json"], sandbox: sandbox)
    #expect(json.status == 0, "\(json.stderr)")
    let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
    let overall = try #require(object["overall"] as? [String: Any])
    #expect(overall["n"] as? Int == 2)
    #expect(overall["mean_difference"] as? Double == 12.5)
    #expect(object["seed"] as? Int == 20_240_601)
    let criteria = try #require(object["criteria"] as? [[String: Any]])
    let greet = try #require(criteria.first?["summary"] as? [String: Any])
    #expect(criteria.first?["id"] as? String == "greet")
    #expect(greet["mean_pre"] as? Double == 50 && greet["mean_post"] as? Double == 100)
    // Both differences are 50 points: SD 0, so d_z is undefined (null, not NaN).
    #expect(greet["dz"] is NSNull)
    let kpis = try #require((object["kpis"] as? [[String: Any]])?.first)
    let pre = try #require(kpis["pre"] as? [String: Any])
    let post = try #require(kpis["post"] as? [String: Any])
    #expect(pre["over_escalation"] as? Double == 1 && post["escalation_accuracy"] as? Double == 1)
    #expect(pre["handle_time_seconds"] as? Double == 120 && post["first_contact_resolution"] as? Double == 1)
    let warnings = try #require(object["warnings"] as? [[String: Any]])
    #expect(warnings.compactMap { $0["code"] as? String } == ["small-sample", "single-phase", "missing-members"])

    let csv = try CLI.run(["report", "effectiveness", "--cohort", "spring", "--format", "csv"], sandbox: sandbox)
    // The CSV has no place for the warnings: they go to stderr, not lost.
    #expect(csv.stderr.hasPrefix("dojo: warning: only 2 paired trainee(s) (fewer than 10)"))
    #expect(csv.stderr.split(separator: "\n").count == 3)
    let lines = csv.stdout.split(separator: "\n").map(String.init)
    #expect(lines.first == "cohort,trainee,phase,metric,value")
    #expect(lines.contains("spring,Ann,pre,score,50"))
    #expect(lines.contains("spring,Ann,post,score,70"))
    #expect(lines.contains("spring,Ann,pre,criterion:greet,50"))
    #expect(lines.contains("spring,Bob,post,criterion:greet,100"))
    #expect(lines.contains("spring,Bob,pre,aht_seconds,120"))
    #expect(lines.contains("spring,Cy,pre,csat,3"))
    #expect(!lines.contains { $0.hasPrefix("spring,Dee,") })
    // 3 trainee-phase pairs for Ann and Bob (2 each) and Cy (1) × 11 metrics each.
    #expect(lines.count == 1 + 5 * 11)
  }

  @Test func unknownCohortIsAClearError() throws {
    let sandbox = try springSandbox()
    let result = try CLI.run(["report", "effectiveness", "--cohort", "sprng"], sandbox: sandbox)
    #expect(result.status == 1)
    #expect(result.stderr == "dojo: error: unknown cohort \"sprng\"; known cohorts: spring\n")
    #expect(result.stdout.isEmpty)
    let team = try CLI.run(["report", "team", "--cohort", "nope"], sandbox: sandbox)
    #expect(team.status == 1 && team.stderr.contains("unknown cohort \"nope\""))
    let since = try CLI.run(["report", "team", "--since", "yesterday"], sandbox: sandbox)
    #expect(since.status == 64)
    // --out into a folder that does not exist names the folder (Foundation said "The file doesn't exist").
    let missing = sandbox.appendingPathComponent("missing").path
    let html = try CLI.run(["report", "effectiveness", "--cohort", "spring", "--format", "html", "--out", missing + "/r.html"], sandbox: sandbox)
    #expect(html.status == 1 && html.stderr == "dojo: error: cannot write \(missing)/r.html: folder \(missing) does not exist\n")
    let xapi = try CLI.run(["export", "xapi", "--out", missing + "/x.jsonl"], sandbox: sandbox)
    #expect(xapi.status == 1 && xapi.stderr == "dojo: error: cannot write \(missing)/x.jsonl: folder \(missing) does not exist\n")
  }

  @Test func htmlIsSelfContainedAndEscaped() throws {
    let sandbox = try CLI.sandbox()
    let store = try SQLiteStore(path: sandbox.appendingPathComponent("dojo.sqlite").path)
    try store.createCohort(named: "x<y>")
    for (name, pre, post) in [("<script>alert(1)</script>", 40.0, 60.0), ("O'Brien & Co", 55.0, 50.0)] {
      for (phase, score) in [(SessionPhase.pre, pre), (.post, post)] {
        let new = NewSession(
          traineeName: name, scenarioID: "s", scenarioVersion: "v1", scenarioTitle: "S", role: "l1-agent",
          language: "en", channel: "chat", mode: .assessment, phase: phase, cohort: "x<y>", form: nil, seed: 1,
          startedAt: Date(timeIntervalSince1970: 1_780_000_000), pid: nil)
        let id = try #require(try store.startSession(new).id)
        var result = ScoreResult(
          scenario: "s", version: "v1", score: score, rawScore: score, passScore: 70, passed: false,
          criticalMisses: [], criteria: [],
          escalation: EscalationResult(expected: "resolve", actual: "none", verdict: .notExpected, turn: nil, note: nil, handoffPresent: [], handoffMissing: [], explanation: ""),
          ending: .resolved, endingMood: .neutral, csatProxy: 3, fcrProxy: true, turns: 1)
        result.score = score
        try store.finishSession(id: id, status: .finished, endedAt: Date(timeIntervalSince1970: 1_780_000_060), handleTimeSeconds: 60, result: result)
      }
    }
    let out = sandbox.appendingPathComponent("report.html").path
    let run = try CLI.run(["report", "effectiveness", "--cohort", "x<y>", "--format", "html", "--out", out], sandbox: sandbox)
    #expect(run.status == 0, "\(run.stderr)")
    let html = try String(contentsOfFile: out, encoding: .utf8)
    #expect(html.hasPrefix("<!DOCTYPE html>"))
    #expect(!html.contains("<script"))
    #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
    #expect(html.contains("O&#39;Brien &amp; Co"))
    #expect(html.contains("cohort x&lt;y&gt;"))
    #expect(!html.contains("http://") && !html.contains("https://") && !html.contains("src="))
    #expect(html.contains("<svg") && html.contains("line x1"))
    // The same-scenario warning: both phases played scenario s.
    #expect(html.contains("same-form"))
  }

  @Test func xapiStatements() throws {
    let sandbox = try springSandbox()
    let result = try CLI.run(["export", "xapi", "--cohort", "spring"], sandbox: sandbox)
    #expect(result.status == 0, "\(result.stderr)")
    let lines = result.stdout.split(separator: "\n")
    #expect(lines.count == 5)
    let first = try #require(try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any])
    #expect((first["verb"] as? [String: Any])?["id"] as? String == "http://adlnet.gov/expapi/verbs/failed")
    #expect((first["actor"] as? [String: Any])?["name"] as? String == "Ann")
    let resultObject = try #require(first["result"] as? [String: Any])
    #expect(resultObject["success"] as? Bool == false)
    #expect(resultObject["duration"] as? String == "PT2M")
    let score = try #require(resultObject["score"] as? [String: Any])
    #expect(score["scaled"] as? Double == 0.5 && score["raw"] as? Double == 50 && score["max"] as? Int == 100)
    let context = try #require(first["context"] as? [String: Any])
    #expect(context["revision"] as? String == "v1")
    let extensions = try #require(context["extensions"] as? [String: Any])
    #expect(extensions["https://supportdojo.example/xapi/extensions/cohort"] as? String == "spring")
    #expect(extensions["https://supportdojo.example/xapi/extensions/phase"] as? String == "pre")
    #expect((first["object"] as? [String: Any])?["id"] as? String == "https://supportdojo.example/xapi/scenarios/l1-case-a")
    let passed = try #require(try JSONSerialization.jsonObject(with: Data(lines[3].utf8)) as? [String: Any])
    #expect((passed["verb"] as? [String: Any])?["id"] as? String == "http://adlnet.gov/expapi/verbs/passed")
    // Statement ids are stable between exports.
    let again = try CLI.run(["export", "xapi", "--cohort", "spring"], sandbox: sandbox)
    #expect(again.stdout == result.stdout)
    let since = try CLI.run(["export", "xapi", "--since", "2099-01-01"], sandbox: sandbox)
    #expect(since.status == 0 && since.stdout.isEmpty)
    // An empty export says so, rather than ending silently.
    #expect(since.stderr == "dojo: warning: no finished sessions to export (from 2099-01-01)\n")
  }

  @Test func teamReport() throws {
    let sandbox = try springSandbox()
    let result = try CLI.run(["report", "team", "--format", "json"], sandbox: sandbox)
    #expect(result.status == 0, "\(result.stderr)")
    let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
    #expect(object["attempts"] as? Int == 5)
    #expect(object["pass_rate"] as? Double == 0.4)  // 70 and 80 pass of 5
    #expect(object["mean_score"] as? Double == 65)  // (50 + 60 + 80 + 70 + 65) / 5
    let trainees = try #require(object["trainees"] as? [[String: Any]])
    #expect(trainees.compactMap { $0["name"] as? String } == ["Ann", "Bob", "Cy"])
    #expect(trainees[0]["mean_score"] as? Double == 60)
    let weakest = try #require(object["weakest_criteria"] as? [[String: Any]])
    #expect(weakest.first?["id"] as? String == "greet")
    // greet: 1+1+1+2+2 of 10 points.
    #expect(weakest.first?["percent"] as? Double == 70)
    let text = try CLI.run(["report", "team"], sandbox: sandbox)
    #expect(text.stdout.contains("5 finished attempt(s) · pass rate 40% · mean score 65.0"))
    // --since with a time keeps the time (it was read as its day: all five attempts counted).
    let since = try CLI.run(["report", "team", "--since", "2026-05-28T21:00:00Z"], sandbox: sandbox)
    #expect(since.stdout.contains("Team report — since 2026-05-28T21:00:00Z\n2 finished attempt(s)"), "\(since.stdout)")
    let offset = try CLI.run(["export", "xapi", "--since", "2026-05-28T23:10:00+02:00"], sandbox: sandbox)
    #expect(offset.stdout.split(separator: "\n").count == 1)
    let day = try CLI.run(["report", "team", "--since", "2026-05-28", "--format", "json"], sandbox: sandbox)
    #expect(day.stdout.contains("\"since\" : \"2026-05-28\""))
  }

  @Test func cohortCommandsAndDemoData() throws {
    let sandbox = try CLI.sandbox()
    #expect(try CLI.run(["cohort", "create", "q3"], sandbox: sandbox).status == 0)
    let duplicate = try CLI.run(["cohort", "create", "q3"], sandbox: sandbox)
    #expect(duplicate.status == 1 && duplicate.stderr == "dojo: error: cohort \"q3\" already exists\n")
    #expect(try CLI.run(["cohort", "add", "q3", "Ann", "Bob"], sandbox: sandbox).stdout == "Added 2 trainee(s) to q3.\n")
    let plan = try CLI.run(
      ["cohort", "plan", "q3", "--role", "l1-agent", "--pre-form", "A", "--post-form", "B", "l1-unexpected-charge", "--scenarios", CLI.scenarios],
      sandbox: sandbox)
    #expect(plan.status == 0, "\(plan.stderr)")
    let bad = try CLI.run(
      ["cohort", "plan", "q3", "--role", "l1-agent", "l1-unexpected-charg", "--scenarios", CLI.scenarios], sandbox: sandbox)
    #expect(bad.status == 1 && bad.stderr.contains("plan entry 'l1-unexpected-charg' is neither a scenario id nor a form group"))
    let list = try CLI.run(["cohort", "list", "--format", "json"], sandbox: sandbox)
    let cohorts = try #require(try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [[String: Any]])
    #expect(cohorts.first?["members"] as? [String] == ["Ann", "Bob"])
    #expect((cohorts.first?["plan"] as? [String: Any])?["scenarios"] as? [String] == ["l1-unexpected-charge"])

    let demo = try CLI.run(["demo-data", "--trainees", "12", "--practice", "2", "--cohort", "demo", "--seed", "5", "--scenarios", CLI.scenarios, "--yes"], sandbox: sandbox)
    #expect(demo.status == 0, "\(demo.stderr)")
    #expect(demo.stdout.hasPrefix("Cohort demo: 12 trainees, 96 sessions, "))
    let report = try CLI.run(["report", "effectiveness", "--cohort", "demo", "--format", "json"], sandbox: sandbox)
    let object = try #require(try JSONSerialization.jsonObject(with: Data(report.stdout.utf8)) as? [String: Any])
    #expect((object["overall"] as? [String: Any])?["n"] as? Int == 12)
    // Pre plays form A, post form B: no same-form warning.
    let codes = (object["warnings"] as? [[String: Any]])?.compactMap { $0["code"] as? String } ?? []
    #expect(!codes.contains("same-form"))
    let again = try CLI.run(["demo-data", "--trainees", "1", "--cohort", "demo", "--scenarios", CLI.scenarios, "--yes"], sandbox: sandbox)
    #expect(again.status == 1 && again.stderr.contains("cohort \"demo\" already exists"))
  }

  @Test func reportsNameTheCriteriaFromTheLibrary() throws {
    let sandbox = try CLI.sandbox()
    let demo = try CLI.run(["demo-data", "--trainees", "12", "--cohort", "demo", "--seed", "5", "--scenarios", CLI.scenarios, "--yes"], sandbox: sandbox)
    #expect(demo.status == 0, "\(demo.stderr)")
    let team = try CLI.run(["report", "team", "--format", "json", "--scenarios", CLI.scenarios], sandbox: sandbox)
    let object = try #require(try JSONSerialization.jsonObject(with: Data(team.stdout.utf8)) as? [String: Any])
    let weakest = try #require(object["weakest_criteria"] as? [[String: Any]])
    #expect(!weakest.isEmpty && weakest.allSatisfy { ($0["name"] as? String)?.isEmpty == false && $0["id"] is String })
    let text = try CLI.run(["report", "team", "--scenarios", CLI.scenarios], sandbox: sandbox)
    let name = try #require(weakest.first?["name"] as? String)
    #expect(text.stdout.contains("CRITERION\n") && text.stdout.contains(name), "\(text.stdout)")
    let effectiveness = try CLI.run(["report", "effectiveness", "--cohort", "demo", "--scenarios", CLI.scenarios], sandbox: sandbox)
    #expect(effectiveness.stdout.contains("  " + EffectSize.dzMeaning) && effectiveness.stdout.contains("(lower is better)"))
    // The names of form A and B differ in the demo's scenarios: each with its scenario.
    #expect(effectiveness.stdout.contains("(l1-"), "\(effectiveness.stdout)")
    // Without a library the reports still work, with ids.
    let bare = try CLI.run(["report", "team", "--format", "json", "--scenarios", sandbox.appendingPathComponent("none").path], sandbox: sandbox)
    #expect(bare.status == 0 && bare.stdout.contains("\"name\" : null"))
  }

  @Test func plannedAssessmentPlaysThePhasesForm() throws {
    let sandbox = try CLI.sandbox()
    try CLI.run(["cohort", "create", "q4"], sandbox: sandbox)
    try CLI.run(["cohort", "add", "q4", "tess"], sandbox: sandbox)
    let plan = try CLI.run(
      ["cohort", "plan", "q4", "--role", "l1-agent", "--pre-form", "A", "--post-form", "B", "l1-unexpected-charge", "--scenarios", CLI.scenarios],
      sandbox: sandbox)
    #expect(plan.status == 0, "\(plan.stderr)")
    let base = ["practice", "--assessment", "--cohort", "q4", "--trainee", "tess", "--no-delay", "--scenarios", CLI.scenarios]
    let pre = try CLI.run(base + ["--phase", "pre"], stdin: "Hello, could you confirm your email?\n/hint\n/end\n", sandbox: sandbox)
    #expect(pre.status == 0, "\(pre.stderr)")
    #expect(pre.stdout.contains("Hints are off in assessment mode."))
    let post = try CLI.run(base + ["--phase", "post"], stdin: "/end\n", sandbox: sandbox)
    #expect(post.status == 0, "\(post.stderr)")
    let store = try SQLiteStore(path: sandbox.appendingPathComponent("dojo.sqlite").path)
    let sessions = try store.sessions().sorted { ($0.id ?? 0) < ($1.id ?? 0) }
    #expect(sessions.map(\.scenarioID) == ["l1-unexpected-charge", "l1-unexpected-charge-b"])
    #expect(sessions.map(\.form) == ["A", "B"])
    #expect(sessions.map(\.phase) == [.pre, .post])
    #expect(sessions.allSatisfy { $0.mode == .assessment && $0.cohort == "q4" && $0.status == .finished && $0.hintsUsed == 0 })
    let missingPhase = try CLI.run(base, stdin: "", sandbox: sandbox)
    #expect(missingPhase.status == 1 && missingPhase.stderr.contains("say which part with --phase pre or --phase post"))
    let outsider = try CLI.run(
      ["practice", "--assessment", "--cohort", "q4", "--phase", "pre", "--trainee", "zed", "--scenarios", CLI.scenarios], stdin: "", sandbox: sandbox)
    #expect(outsider.status == 1 && outsider.stderr.contains("trainee zed is not in cohort q4"))
  }
}
