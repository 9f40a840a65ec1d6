import Foundation
import GRDB
import Testing

/// Issue 13, items 21–23, end to end: names that carry terminal escapes, bidi controls or 10,000
/// characters (stored before names had rules) reach no output as typed; new ones are refused.
@Suite("Hostile names (the built binary)", .serialized, .timeLimit(.minutes(2)))
struct HostileNamesCLITests {
  static let hostile = "eve\u{1B}]0;pwned\u{07}\u{1B}[2J\u{202E}gnp.exe"
  static let long = String(repeating: "y", count: 10_000)

  /// A sandbox whose store holds a session of `hostile` and one of `long`, and leads lea and leo.
  private func sandbox() throws -> URL {
    let sandbox = try CLI.sandbox()
    for name in ["tess", "tom"] {
      let played = try CLI.run(
        ["practice", "--scenarios", CLI.scenarios, "--scenario", "l1-unexpected-charge", "--trainee", name, "--no-delay", "--seed", "1"],
        stdin: "hello\n/end\n", sandbox: sandbox)
      #expect(played.status == 0, "\(played.stderr)")
    }
    #expect(try CLI.run(["trainee", "role", "lea", "lead", "--first-lead"], sandbox: sandbox).status == 0)
    #expect(try CLI.run(["trainee", "role", "leo", "lead", "--by", "lea"], sandbox: sandbox).status == 0)
    // Names as an older dojo stored them, without the rules.
    let queue = try DatabaseQueue(path: sandbox.appendingPathComponent("dojo.sqlite").path)
    try queue.write { db in
      try db.execute(sql: "UPDATE trainees SET name = ? WHERE name = 'tess'", arguments: [Self.hostile])
      try db.execute(sql: "UPDATE trainees SET name = ? WHERE name = 'tom'", arguments: [Self.long])
    }
    return sandbox
  }

  private func expectSafe(_ text: String, _ what: String) {
    #expect(!text.contains("\u{1B}"), "\(what) carries ESC")
    #expect(!text.contains("\u{202E}"), "\(what) carries U+202E")
    #expect(!text.contains("\u{07}"), "\(what) carries BEL")
  }

  @Test("progress, queue, trainee list and calibrate start print the names neutralised; tables are not padded to 10,000")
  func outputs() throws {
    let sandbox = try sandbox()
    for arguments in [["progress"], ["review", "queue"], ["trainee", "list"], ["progress", "--format", "json"], ["review", "queue", "--format", "json"]] {
      let result = try CLI.run(arguments, sandbox: sandbox)
      #expect(result.status == 0, "\(arguments): \(result.stderr)")
      expectSafe(result.stdout, arguments.joined(separator: " "))
    }
    let queue = try CLI.run(["review", "queue"], sandbox: sandbox).stdout
    #expect(queue.contains("eve␛]0;pwned"))
    #expect(queue.split(separator: "\n").allSatisfy { $0.count < 300 }, "rows are not padded to the longest name")
    let started = try CLI.run(["calibrate", "start", "r\u{202E}1", "--sessions", "1,2", "--reviewers", "lea,leo"], sandbox: sandbox)
    expectSafe(started.stdout + started.stderr, "calibrate start")
  }

  @Test("review export writes every file, with short file names")
  func export() throws {
    let sandbox = try sandbox()
    let folder = sandbox.appendingPathComponent("out")
    let result = try CLI.run(["review", "export", "--scenarios", CLI.scenarios, "--to", folder.path], sandbox: sandbox)
    #expect(result.status == 0, "\(result.stderr)")
    let files = try FileManager.default.contentsOfDirectory(atPath: folder.path)
    #expect(files.count == 2)
    #expect(files.allSatisfy { $0.utf8.count < 160 && !$0.contains("\u{1B}") })
    for file in files {
      expectSafe(try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8), file)
    }
  }

  @Test("a new name over 100 characters or with control characters is refused with a clear error", arguments: [
    (String(repeating: "x", count: 101), "a trainee name is at most 100 characters; this one has 101"),
    ("eve\u{1B}[2J", "a trainee name must not contain control or text-direction characters (U+001B at character 4)"),
  ])
  func refused(name: String, message: String) throws {
    let sandbox = try CLI.sandbox()
    let result = try CLI.run(
      ["practice", "--scenarios", CLI.scenarios, "--scenario", "l1-unexpected-charge", "--trainee", name, "--no-delay"],
      stdin: "hello\n/end\n", sandbox: sandbox)
    #expect(result.status != 0)
    #expect(result.stderr.contains(message), "\(result.stderr)")
    let cohort = try CLI.run(["cohort", "create", String(repeating: "c", count: 101)], sandbox: sandbox)
    #expect(cohort.status != 0)
    #expect(cohort.stderr.contains("a cohort name is at most 100 characters; this one has 101"), "\(cohort.stderr)")
  }
}
