import DojoCore
import DojoStore
import Foundation
import Glibc
import Testing

/// Stores for `dojo store migrate`: a demo cohort plus sessions with every kind of row a team
/// keeps (lines with odd characters, notes, hints, hand-offs, scorings, roles, a review, a
/// dispute, a calibration round, scenario versions).
enum MigrationFixture {
  /// Every table the migration copies.
  static let tables = [
    "trainees", "role_changes", "scenario_versions", "sessions", "turns", "criterion_scores", "escalations", "notes",
    "hints", "session_leases", "calibration_rounds", "calibration_sessions", "calibration_reviewers", "reviews",
    "review_scores", "disputes", "dispute_answers", "scorings", "cohorts", "cohort_members", "cohort_plan_scenarios",
  ]

  /// Tables the fixture fills (every one but the leases of running sessions).
  static let filled = Set(tables).subtracting(["session_leases"])

  /// Writes the store at `file`; `trainees` demo trainees with `practice` practice sessions each.
  static func make(_ file: String, sandbox: URL, trainees: Int = 4, practice: Int = 1, seed: Int = 7) throws {
    let demo = try CLI.run(
      [
        "demo-data", "--trainees", "\(trainees)", "--practice", "\(practice)", "--cohort", "spring", "--seed", "\(seed)",
        "--scenarios", CLI.scenarios, "--store", file,
      ], sandbox: sandbox, timeout: 300)
    try #require(demo.status == 0, "\(demo.stderr)")
    let store = try StoreLocation.open(file, access: .write)
    let first = try seedSession(store, trainee: "tess", actions: strongActions, at: 0, cohort: "spring")
    let second = try seedSession(store, trainee: "tom", actions: weakActions, at: 3600)
    try hintedSession(store)
    let setup: [[String]] = [
      ["trainee", "role", "lea", "lead", "--first-lead"],
      ["trainee", "role", "leo", "lead", "--by", "lea"],
      [
        "review", "session", "\(first)", "--reviewer", "lea", "--set", "explain_next_steps=0", "--comment", "No time frame",
        "--root-cause", "knowledge", "--summary", "Good hand-off.", "--scenarios", CLI.scenarios,
      ],
      ["dispute", "\(first)", "--criterion", "explain_next_steps", "--trainee", "tess", "--comment", "I said within 24 hours"],
      ["review", "dispute", "\(first)", "--reject", "--comment", "Not said to the customer", "--reviewer", "leo"],
      ["calibrate", "start", "r1", "--sessions", "\(first),\(second)", "--reviewers", "lea,leo"],
    ]
    for arguments in setup {
      let result = try CLI.run(arguments + ["--store", file], sandbox: sandbox)
      try #require(result.status == 0, "\(arguments): \(result.stderr)")
    }
    // A changed rubric and a re-scoring: rows in `scorings`.
    let changed = sandbox.appendingPathComponent("scenarios-\(seed)")
    if !FileManager.default.fileExists(atPath: changed.path) {
      try FileManager.default.copyItem(atPath: CLI.scenarios, toPath: changed.path)
      let scenario = changed.appendingPathComponent("l1-agent/unexpected-charge.yaml")
      let yaml = try String(contentsOf: scenario, encoding: .utf8)
      let range = try #require(yaml.range(of: "weight: 2"))
      try yaml.replacingCharacters(in: range, with: "weight: 5").write(to: scenario, atomically: true, encoding: .utf8)
    }
    let rescore = try CLI.run(
      ["review", "rescore", "--scenario", "l1-unexpected-charge", "--reviewer", "lea", "--scenarios", changed.path, "--store", file],
      sandbox: sandbox)
    try #require(rescore.status == 0, "\(rescore.stderr)")
  }

  /// A practice session of tom's with a hint (odd characters, a moment with milliseconds).
  static func hintedSession(_ store: any Store) throws {
    let file = try #require(ScenarioLibrary.fileDeclaring(id: "l1-unexpected-charge", in: CLI.scenarios))
    let library = ScenarioLibrary.load(paths: [file], lexiconDirectory: ScenarioLibrary.findLexicon(near: CLI.scenarios), lint: false)
    let scenario = try #require(library.scenarios.first)
    let start = Date(timeIntervalSince1970: 1_780_010_000.123)
    let session = try store.startSession(
      NewSession(traineeName: "tom", scenario: scenario, mode: .practice, cohort: nil, seed: 5, startedAt: start, pid: nil))
    let id = try #require(session.id)
    try store.recordHint(
      sessionID: id, turn: 1, nodeID: "start", text: "Frag höflich nach der E-Mail-Adresse — \u{1F600}\ttab", at: start)
    _ = try store.finishSession(id: id, status: .abandoned, endedAt: start.addingTimeInterval(1.5), handleTimeSeconds: 1.5, result: nil)
  }

  static func report(_ result: CLI.Result) throws -> StoreMigrationReport {
    let decoder = JSONDecoder()
    decoder.keyDecodingStrategy = .convertFromSnakeCase
    return try decoder.decode(StoreMigrationReport.self, from: Data(result.stdout.utf8))
  }

  static func migrate(_ from: String, _ to: String, _ extra: [String] = [], sandbox: URL) throws -> CLI.Result {
    try CLI.run(["store", "migrate", "--from", from, "--to", to, "--format", "json"] + extra, sandbox: sandbox, timeout: 300)
  }

  /// What the reports say about a store: the same on both sides of a migration.
  static func readings(_ store: String, sandbox: URL) throws -> [String] {
    let reads: [[String]] = [
      ["progress", "--format", "json"], ["review", "queue", "--format", "json"], ["report", "team", "--format", "json"],
      ["trainee", "roles", "--history"], ["cohort", "list", "--format", "json"], ["export", "xapi"],
    ]
    return try reads.map { arguments in
      let result = try CLI.run(arguments + ["--store", store], sandbox: sandbox)
      #expect(result.status == 0, "\(arguments): \(result.stderr)")
      return result.stdout
    }
  }
}

@Suite("dojo store migrate between SQLite files", .timeLimit(.minutes(3)))
struct StoreMigrateSQLiteCLITests {
  @Test("a backup into a new SQLite file keeps every row, with the same hashes; a second run only verifies")
  func backup() throws {
    let sandbox = try CLI.sandbox()
    let file = sandbox.appendingPathComponent("team.sqlite").path
    let backup = sandbox.appendingPathComponent("backup/team-copy.sqlite").path
    try MigrationFixture.make(file, sandbox: sandbox, trainees: 2)
    let result = try MigrationFixture.migrate(file, backup, sandbox: sandbox)
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stderr.isEmpty, "progress is quiet when stderr is not a terminal: \(result.stderr)")
    let report = try MigrationFixture.report(result)
    #expect(report.equal && report.mode == "copy" && !report.resumed)
    #expect(report.tables.map(\.table) == MigrationFixture.tables)
    for table in report.tables where MigrationFixture.filled.contains(table.table) {
      #expect(table.sourceRows > 0 && table.targetRows == table.sourceRows, "\(table.table) is empty or differs")
      #expect(table.sourceHash.count == 64 && table.sourceHash == table.targetHash, "\(table.table)")
    }
    #expect(try MigrationFixture.readings(file, sandbox: sandbox) == MigrationFixture.readings(backup, sandbox: sandbox))

    let again = try MigrationFixture.migrate(file, backup, sandbox: sandbox)
    #expect(again.status == 0, "\(again.stderr)")
    let second = try MigrationFixture.report(again)
    #expect(second.resumed && second.equal && second.tables.map(\.copied) == report.tables.map(\.copied))

    let text = try CLI.run(["store", "migrate", "--from", file, "--to", backup], sandbox: sandbox)
    #expect(text.status == 0)
    #expect(text.stdout.contains("source hash") && text.stdout.contains("All 21 tables agree"))

    let same = try CLI.run(["store", "migrate", "--from", file, "--to", file], sandbox: sandbox)
    #expect(same.status == 1 && same.stderr.contains("the same store"))
    let missing = try CLI.run(["store", "migrate", "--from", sandbox.appendingPathComponent("nope.sqlite").path, "--to", backup], sandbox: sandbox)
    #expect(missing.status == 1 && missing.stderr.contains("no store at this path"))
  }
}

@Suite("dojo store migrate to and from PostgreSQL", .serialized, .enabled(if: CLIPostgres.enabled), .timeLimit(.minutes(5)))
struct StoreMigrateCLITests {
  @Test("a demo store moves to PostgreSQL and back: every table agrees, reports read the same, new ids follow on")
  func roundTrip() throws {
    let sandbox = try CLI.sandbox()
    let file = sandbox.appendingPathComponent("team.sqlite").path
    let back = sandbox.appendingPathComponent("back.sqlite").path
    let url = try CLIPostgres.freshURL()
    try MigrationFixture.make(file, sandbox: sandbox)

    let there = try MigrationFixture.migrate(file, url, sandbox: sandbox)
    #expect(there.status == 0, "\(there.stderr)")
    let up = try MigrationFixture.report(there)
    #expect(up.equal && up.createdSchema && up.tables.map(\.table) == MigrationFixture.tables)
    for table in up.tables where MigrationFixture.filled.contains(table.table) {
      #expect(table.sourceRows > 0 && table.sourceHash == table.targetHash, "\(table.table)")
    }
    #expect(try MigrationFixture.readings(file, sandbox: sandbox) == MigrationFixture.readings(url, sandbox: sandbox))

    let home = try MigrationFixture.migrate(url, back, sandbox: sandbox)
    #expect(home.status == 0, "\(home.stderr)")
    let down = try MigrationFixture.report(home)
    #expect(down.equal)
    // The same content in all three stores: the hashes do not depend on the database.
    #expect(down.tables.map(\.targetHash) == up.tables.map(\.sourceHash))
    #expect(try MigrationFixture.readings(file, sandbox: sandbox) == MigrationFixture.readings(back, sandbox: sandbox))

    // The server's id sequences were moved past the copied ids: a new session follows on.
    let largest = up.tables.first { $0.table == "sessions" }?.sourceRows ?? 0
    let server = try StoreLocation.open(url, access: .write)
    let next = try seedSession(server, trainee: "tess", actions: strongActions, at: 7200)
    #expect(next == Int64(largest) + 1)
  }

  @Test("a migration killed at a random batch continues where it stopped, copies nothing twice, and verifies")
  func killedAndResumed() throws {
    let sandbox = try CLI.sandbox()
    let file = sandbox.appendingPathComponent("team.sqlite").path
    let url = try CLIPostgres.freshURL()
    try MigrationFixture.make(file, sandbox: sandbox, trainees: 12, practice: 2)
    let killAfter = Int.random(in: 2...25)
    let child = try Child(
      [CLI.binary, "store", "migrate", "--from", file, "--to", url, "--batch-size", "40", "--progress", "always"],
      environment: CLI.environment(sandbox: sandbox), stdin: Data())
    let reported = CLI.waitFor(120) {
      child.stderr.components(separatedBy: "dojo: progress: copied").count - 1 >= killAfter
    }
    child.terminate(signal: SIGKILL)
    #expect(reported, "no progress reported: \(child.stderr)")
    #expect(child.wait(timeout: 10) == 128 + SIGKILL, "killed after \(killAfter) batches")
    #expect(!child.stderr.contains("verified"), "the copy had not finished when it was killed")

    let resumed = try MigrationFixture.migrate(file, url, ["--batch-size", "40"], sandbox: sandbox)
    #expect(resumed.status == 0, "killed after \(killAfter) batches: \(resumed.stderr)")
    let report = try MigrationFixture.report(resumed)
    #expect(report.resumed && report.equal, "killed after \(killAfter) batches")
    for table in report.tables {
      #expect(table.copied == table.sourceRows && table.targetRows == table.sourceRows, "\(table.table)")
    }
    #expect(try MigrationFixture.readings(file, sandbox: sandbox) == MigrationFixture.readings(url, sandbox: sandbox))
  }

  @Test("a target with data is refused without --merge, and left as it was")
  func refusesNonEmptyTarget() throws {
    let sandbox = try CLI.sandbox()
    let first = sandbox.appendingPathComponent("first.sqlite").path
    let second = sandbox.appendingPathComponent("second.sqlite").path
    let url = try CLIPostgres.freshURL()
    try MigrationFixture.make(first, sandbox: sandbox, trainees: 2)
    let demo = try CLI.run(
      ["demo-data", "--trainees", "2", "--practice", "0", "--cohort", "autumn", "--scenarios", CLI.scenarios, "--store", second],
      sandbox: sandbox)
    try #require(demo.status == 0, "\(demo.stderr)")
    #expect(try MigrationFixture.migrate(first, url, sandbox: sandbox).status == 0)
    let before = try MigrationFixture.readings(url, sandbox: sandbox)

    let refused = try CLI.run(["store", "migrate", "--from", second, "--to", url], sandbox: sandbox)
    #expect(refused.status == 1)
    #expect(refused.stderr.contains("already holds data") && refused.stderr.contains("--merge"))
    #expect(refused.stderr.contains("trainees ("))
    #expect(refused.stdout.isEmpty)
    #expect(try MigrationFixture.readings(url, sandbox: sandbox) == before)
  }

  @Test("--merge adds a second team's store with new ids, takes same-named trainees and cohorts as the target's, and verifies")
  func merges() throws {
    let sandbox = try CLI.sandbox()
    let first = sandbox.appendingPathComponent("first.sqlite").path
    let second = sandbox.appendingPathComponent("second.sqlite").path
    let url = try CLIPostgres.freshURL()
    try MigrationFixture.make(first, sandbox: sandbox, trainees: 2, seed: 7)
    try MigrationFixture.make(second, sandbox: sandbox, trainees: 3, seed: 9)
    let up = try MigrationFixture.report(try MigrationFixture.migrate(first, url, sandbox: sandbox))
    let merged = try MigrationFixture.migrate(second, url, ["--merge"], sandbox: sandbox)
    #expect(merged.status == 0, "\(merged.stderr)")
    let report = try MigrationFixture.report(merged)
    #expect(report.equal && report.mode == "merge")
    func line(_ report: StoreMigrationReport, _ table: String) -> MigrationTableReport? {
      report.tables.first { $0.table == table }
    }
    // tess, tom, lea and leo are in both stores; the cohort spring and the round r1 too.
    #expect(line(report, "trainees")?.matched ?? 0 >= 4)
    #expect(line(report, "cohorts")?.matched == 1)
    #expect(line(report, "calibration_rounds")?.matched == 1)
    #expect(line(report, "sessions")?.idOffset == Int64(line(up, "sessions")?.sourceRows ?? -1))
    #expect(line(report, "sessions")?.copied == line(report, "sessions")?.sourceRows)
    // Scenario versions are the same files: the target has them already.
    #expect(line(report, "scenario_versions")?.copied ?? 1 < line(report, "scenario_versions")?.sourceRows ?? 0)

    // Both teams' sessions are there, tess's under one trainee.
    let server = try StoreLocation.open(url, access: .read)
    let sessions = try server.sessions()
    #expect(sessions.count == (line(up, "sessions")?.sourceRows ?? 0) + (line(report, "sessions")?.sourceRows ?? 0))
    let tess = try #require(try server.existingTrainee(named: "tess"))
    #expect(sessions.filter { $0.traineeID == tess.id }.count == 2)
    // The second store's review points at its own session under the new id, by the target's lea.
    let text = try CLI.run(["store", "migrate", "--from", second, "--to", url, "--merge"], sandbox: sandbox)
    #expect(text.status == 0 && text.stdout.contains("id offset") && text.stdout.contains("continued an interrupted run"))
  }
}
