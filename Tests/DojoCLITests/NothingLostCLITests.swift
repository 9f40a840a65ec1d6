import DojoStore
import Foundation
import GRDB
import Testing

// Issue 13, "Nothing typed is lost", end to end: the built binary with piped input, killed with
// SIGKILL at chosen points or made to wait for another program's write, and the rows it left.

private let turns = [
  "Hi Dana, sorry about the surprise, I understand. Could you confirm the email on your account?",
  "I checked your order history: the order is correct at the 9.99 promotional price.",
  "I cannot see the cause, so our billing specialists will take over; you will receive an email within 24 hours.",
  "/escalate l2-specialist: Checked order history, order SP-20931 correct; charged 17.99 instead of 9.99; email dana.whitfield@example.com",
  "They will email you at dana.whitfield@example.com within 24 hours. Anything else I can do?",
]

/// Another program's long write transaction on the store (as `demo-data` runs one).
private final class LongWriter {
  private let queue: DatabaseQueue

  init(path: String) throws {
    var configuration = Configuration()
    configuration.allowsUnsafeTransactions = true
    configuration.busyMode = .timeout(10)
    queue = try DatabaseQueue(path: path, configuration: configuration)
    try queue.writeWithoutTransaction { db in
      try db.execute(sql: "BEGIN IMMEDIATE")
      try db.execute(sql: "CREATE TABLE long_writer (x)")
    }
  }

  func finish() throws {
    try queue.writeWithoutTransaction { db in try db.execute(sql: "ROLLBACK") }
  }
}

private func practice(_ sandbox: URL, trainee: String, resume: Bool = false) throws -> Child {
  var arguments = [CLI.binary, "practice", "--trainee", trainee, "--scenarios", CLI.scenarios]
  arguments += resume ? ["--resume"] : ["--scenario", "l1-unexpected-charge", "--seed", "5"]
  return try Child(arguments, environment: CLI.environment(sandbox: sandbox), stdin: Data())
}

/// Every "You [n]: …" the console showed is a stored trainee turn n, and every stored hand-off
/// line has its hand-off record.
private func expectShownIsStored(_ stdout: String, store: SQLiteStore, trainee: String) throws {
  let session = try #require(try store.sessions(traineeName: trainee).first)
  let stored = try store.turns(sessionID: session.id!)
  let storedTurns = Set(stored.compactMap(\.turn))
  for line in stdout.split(separator: "\n") where line.hasPrefix("You [") {
    let number = Int(line.dropFirst(5).prefix { $0.isNumber }) ?? -1
    #expect(storedTurns.contains(number), "shown as sent but not stored: \(line)")
  }
  let handoffTurns = Set(try store.escalations(sessionID: session.id!).map(\.turn))
  for line in stored where line.action == .escalate || line.action == .transfer {
    #expect(handoffTurns.contains(line.turn ?? -1), "hand-off line without its record: \(line.text)")
  }
  #expect(stored.map(\.seq) == stored.indices.map { $0 + 1 })
}

@Suite("Nothing typed is lost (the built binary)", .serialized, .timeLimit(.minutes(2)))
struct NothingLostCLITests {
  @Test("kill -9 after each shown line: all shown is stored, hand-offs keep their note, --resume finishes", arguments: 1...4)
  func killAfterShownLine(shown: Int) throws {
    let sandbox = try CLI.sandbox()
    let store = try SQLiteStore(path: sandbox.appendingPathComponent("dojo.sqlite").path)
    let child = try practice(sandbox, trainee: "kim")
    child.write(turns.prefix(shown).joined(separator: "\n") + "\n")
    #expect(CLI.waitFor { child.stdout.contains("You [\(shown)]: ") }, "\(child.stdout)\n\(child.stderr)")
    child.terminate()
    try expectShownIsStored(child.stdout, store: store, trainee: "kim")

    let session = try #require(try store.sessions(traineeName: "kim").first)
    guard session.status != .finished else { return }
    let stored = try store.turns(sessionID: session.id!).filter { $0.speaker == .trainee }.count
    let rest = turns.dropFirst(stored).joined(separator: "\n") + "\nq\n"
    let resumed = try CLI.run(["practice", "--trainee", "kim", "--resume", "--scenarios", CLI.scenarios], stdin: rest, sandbox: sandbox)
    #expect(resumed.status == 0, "\(resumed.stderr)")
    #expect(resumed.stdout.contains("Score: 100/100 · PASSED"), "\(resumed.stdout)")
    #expect(try store.escalations(sessionID: session.id!).map(\.target) == ["l2-specialist"])
  }

  @Test("item 6: kill -9 while a line waits for the store: it was never shown as sent")
  func killWhileWaiting() throws {
    let sandbox = try CLI.sandbox()
    let path = sandbox.appendingPathComponent("dojo.sqlite").path
    let store = try SQLiteStore(path: path)
    let child = try practice(sandbox, trainee: "lea")
    child.write(turns[0] + "\n")
    #expect(CLI.waitFor { child.stdout.contains("You [1]: ") })
    let writer = try LongWriter(path: path)
    child.write(turns[1] + "\n")
    // The old console showed the line at once and only then tried to store it.
    #expect(CLI.waitFor { child.stderr.contains("Waiting for the session store") || child.stdout.contains("You [2]") })
    child.terminate()
    try writer.finish()
    try expectShownIsStored(child.stdout, store: store, trainee: "lea")
  }

  @Test("item 10: a console waits for a long writer, says so on stderr, and loses no line")
  func waitsForLongWriter() throws {
    let sandbox = try CLI.sandbox()
    let path = sandbox.appendingPathComponent("dojo.sqlite").path
    let store = try SQLiteStore(path: path)
    let child = try practice(sandbox, trainee: "max")
    child.write(turns[0] + "\n")
    #expect(CLI.waitFor { child.stdout.contains("You [1]: ") })
    let writer = try LongWriter(path: path)
    child.write(turns[1] + "\n")
    #expect(CLI.waitFor { child.stderr.contains("Waiting for the session store: another program is writing") }, "\(child.stderr)")
    #expect(!child.stdout.contains("You [2]"))
    let session = try #require(try store.sessions(traineeName: "max").first)
    #expect(session.status == .active)
    try writer.finish()
    #expect(CLI.waitFor { child.stdout.contains("You [2]: ") })
    child.write(turns.dropFirst(2).joined(separator: "\n") + "\nq\n")
    #expect(child.wait(timeout: 30) == 0, "\(child.stderr)")
    #expect(child.stderr.contains("The store is free again"))
    #expect(child.stdout.contains("Score: 100/100 · PASSED"))
    let stored = try store.turns(sessionID: session.id!).filter { $0.speaker == .trainee }.map(\.text)
    #expect(stored.count == 5)
    #expect(Array(stored.prefix(3)) == Array(turns.prefix(3)))
  }

  @Test("item 10: a console started while another program writes waits to open, then plays")
  func opensDuringLongWriter() throws {
    let sandbox = try CLI.sandbox()
    let path = sandbox.appendingPathComponent("dojo.sqlite").path
    // A store nobody has open: its WAL file is gone, so opening it needs the write lock.
    do { _ = try SQLiteStore(path: path) }
    let writer = try LongWriter(path: path)
    let child = try practice(sandbox, trainee: "ned")
    child.write(turns.joined(separator: "\n") + "\nq\n")
    #expect(CLI.waitFor { child.stderr.contains("Waiting for the session store") }, "\(child.stderr)")
    try writer.finish()
    #expect(child.wait(timeout: 30) == 0, "\(child.stderr)")
    #expect(child.stdout.contains("Score: 100/100 · PASSED"))
  }

  @Test("item 8: NUL and escape bytes in piped input are stored as scored")
  func controlBytesPiped() throws {
    let sandbox = try CLI.sandbox()
    let result = try CLI.run(
      ["practice", "--trainee", "ola", "--scenario", "l1-unexpected-charge", "--seed", "5", "--scenarios", CLI.scenarios],
      stdin: "Hi\u{0}there, I am sorry\u{1B}[2J\n/end\n", sandbox: sandbox)
    #expect(result.status == 0, "\(result.stderr)")
    let store = try SQLiteStore(path: sandbox.appendingPathComponent("dojo.sqlite").path)
    let session = try #require(try store.sessions(traineeName: "ola").first)
    let stored = try store.turns(sessionID: session.id!).filter { $0.speaker == .trainee }.map(\.text)
    #expect(stored.first == "Hi there, I am sorry [2J")
  }

  @Test("item 9: a pipe that ends inside an e-mail does not send it")
  func pipedEmailDraft() throws {
    let sandbox = try CLI.sandbox()
    let result = try CLI.run(
      ["practice", "--trainee", "pam", "--scenario", "l2-promotion-misapplied", "--seed", "5", "--scenarios", CLI.scenarios],
      stdin: "Dear Dana,\nI am sorry\n", sandbox: sandbox)
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout.contains("it was NOT sent"))
    let store = try SQLiteStore(path: sandbox.appendingPathComponent("dojo.sqlite").path)
    let session = try #require(try store.sessions(traineeName: "pam").first)
    #expect(session.turns == 0)
    #expect(try store.notes(sessionID: session.id!).map(\.text) == ["[unsent] Dear Dana,\nI am sorry"])
  }
}
