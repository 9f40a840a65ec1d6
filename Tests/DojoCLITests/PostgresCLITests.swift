import DojoCore
import DojoStore
import Foundation
import Testing

/// The test run's PostgreSQL server (`make test` starts one, see `.ci/test-postgres`).
enum CLIPostgres {
  static let url = ProcessInfo.processInfo.environment["DOJO_TEST_POSTGRES_URL"].flatMap { $0.isEmpty ? nil : $0 }
  static let required = ProcessInfo.processInfo.environment["DOJO_TEST_POSTGRES_REQUIRED"] == "1"
  /// Whether the PostgreSQL tests run: with a server, or when `make test` asked for one (and
  /// then fail without it).
  static let enabled = url != nil || required

  /// A new, empty schema on the server (made with psql), as a store URL.
  static func freshURL() throws -> String {
    let url = try #require(url, "DOJO_TEST_POSTGRES_URL is not set: run the suite with `make test`")
    let schema = "cli_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
    let child = try Child(["psql", url, "-qAtc", "CREATE SCHEMA \(schema)"], environment: ProcessInfo.processInfo.environment, stdin: Data())
    #expect(child.wait(timeout: 30) == 0, "\(child.stderr)")
    return url + (url.contains("?") ? "&" : "?") + "options=-csearch_path%3D\(schema)"
  }
}

@Suite("dojo on a PostgreSQL store (the built binary)", .serialized, .enabled(if: CLIPostgres.enabled), .timeLimit(.minutes(2)))
struct PostgresCLITests {
  /// The same sessions, reviews and roles in an SQLite file and in PostgreSQL; every report
  /// reads the same on both.
  @Test("reports, reviews, exports and progress read the same on SQLite and PostgreSQL")
  func sameResults() throws {
    let sandbox = try CLI.sandbox()
    let file = sandbox.appendingPathComponent("same.sqlite").path
    let url = try CLIPostgres.freshURL()
    let created = try CLI.run(["store", "init", url], sandbox: sandbox)
    #expect(created.status == 0, "\(created.stderr)")
    #expect(created.stdout.contains("Created the SupportDojo store"))
    var outputs: [[String]] = []
    for store in [file, url] {
      let opened = try StoreLocation.open(store, access: .write)
      _ = try seedSession(opened, trainee: "tess", actions: strongActions, at: 0, cohort: "spring")
      _ = try seedSession(opened, trainee: "tom", actions: weakActions, at: 3600)
      let setup: [[String]] = [
        ["trainee", "role", "lea", "lead", "--first-lead"],
        ["trainee", "role", "leo", "lead", "--by", "lea"],
        ["cohort", "create", "autumn"],
        ["cohort", "add", "autumn", "tess", "tom"],
        [
          "review", "session", "1", "--reviewer", "lea", "--set", "explain_next_steps=0", "--comment", "No time frame",
          "--root-cause", "knowledge", "--summary", "Good hand-off.", "--scenarios", CLI.scenarios,
        ],
        ["dispute", "1", "--criterion", "explain_next_steps", "--trainee", "tess", "--comment", "I said within 24 hours"],
      ]
      for arguments in setup {
        let result = try CLI.run(arguments + ["--store", store], sandbox: sandbox)
        #expect(result.status == 0, "\(arguments): \(result.stderr)")
      }
      let reads: [[String]] = [
        ["progress", "--format", "json"], ["progress", "--trainee", "tess"], ["review", "queue", "--format", "json"],
        ["review", "queue", "--disputed"], ["report", "team", "--format", "json"], ["report", "team", "--cohort", "autumn"],
        ["export", "xapi"], ["trainee", "list", "--format", "json"], ["trainee", "roles", "--history"],
        ["cohort", "list", "--format", "json"],
      ]
      var output: [String] = []
      for arguments in reads {
        let result = try CLI.run(arguments + ["--store", store], sandbox: sandbox)
        #expect(result.status == 0, "\(arguments): \(result.stderr)")
        // A cohort's creation time is the clock's at `cohort create`: the one line that differs.
        output.append(result.stdout.split(separator: "\n").filter { !$0.contains("\"created_at\"") }.joined(separator: "\n"))
      }
      outputs.append(output)
    }
    #expect(outputs[0].count == outputs[1].count)
    for (sqlite, postgres) in zip(outputs[0], outputs[1]) {
      #expect(sqlite == postgres)
    }
    #expect(outputs[1][2].contains("tess") && outputs[1][3].contains("tess"))
  }

  @Test("a password in the URL is refused and never shown; an uninitialised database says how to set it up")
  func refusals() throws {
    let sandbox = try CLI.sandbox()
    let secret = try CLI.run(["progress", "--store", "postgres://ana:hunter2@127.0.0.1:1/dojo"], sandbox: sandbox)
    #expect(secret.status == 1)
    #expect(secret.stderr.contains("PGPASSWORD or ~/.pgpass"))
    #expect(!secret.stderr.contains("hunter2"))
    let url = try CLIPostgres.freshURL()
    let empty = try CLI.run(["progress", "--store", url], sandbox: sandbox)
    #expect(empty.status == 1)
    #expect(empty.stderr.contains("dojo store init"))
    let down = try CLI.run(["progress", "--store", "postgres://ana@127.0.0.1:1/dojo"], sandbox: sandbox)
    #expect(down.status == 1)
    #expect(down.stderr.contains("127.0.0.1") && down.stderr.contains("check that the server runs"))
  }

  @Test("store init sets up roles; store grant makes a login a trainee or a lead, and only on a server")
  func grant() throws {
    let sandbox = try CLI.sandbox()
    let url = try CLIPostgres.freshURL()
    let created = try CLI.run(["store", "init", url, "--format", "json"], sandbox: sandbox)
    #expect(created.status == 0, "\(created.stderr)")
    #expect(created.stdout.contains("\"roles\" : true"))
    let name = "cli_" + String(UUID().uuidString.prefix(8)).lowercased()
    let first = try CLI.run(["store", "grant", name, "lead", "--store", url], sandbox: sandbox)
    #expect(first.status == 0, "\(first.stderr)")
    #expect(first.stdout == "\(name) is now a lead.\n")
    let again = try CLI.run(["store", "grant", name, "lead", "--store", url], sandbox: sandbox)
    #expect(again.stdout == "\(name) is a lead (login and role in place).\n")
    let roles = try CLI.run(["trainee", "list", "--format", "json", "--store", url], sandbox: sandbox)
    #expect(roles.stdout.contains("\"role\" : \"lead\""))
    let sqlite = try CLI.run(["store", "grant", name, "lead"], sandbox: sandbox)
    #expect(sqlite.status == 64)
    #expect(sqlite.stderr.contains("PostgreSQL store"))
  }
}
