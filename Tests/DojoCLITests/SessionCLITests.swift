import DojoStore
import Foundation
import Testing

private let strongTurns = [
  "Hi Dana, sorry about the surprise, I understand. Could you confirm the email on your account?",
  "I checked your order history: the order is correct at the 9.99 promotional price.",
  "I cannot see the cause, so our billing specialists will take over; you will receive an email within 24 hours.",
]
private let handoffNote = "Checked order history, order SP-20931 correct; charged 17.99 instead of 9.99; email dana.whitfield@example.com"
private let wrapUp = "They will email you at dana.whitfield@example.com within 24 hours. Anything else I can do?"

@Suite("Practice sessions end to end (the built binary)", .serialized, .timeLimit(.minutes(2)))
struct SessionCLITests {
  @Test("a session in a real terminal: Tab completion, escalation, scorecard, stored rows")
  func terminalSession() throws {
    let sandbox = try CLI.sandbox()
    let name = "dojo-e2e-\(ProcessInfo.processInfo.processIdentifier)"
    // A tmux server of its own (-L), so no other tmux on the machine can interfere.
    let tmux = "tmux -L \(name)"
    let environment = CLI.environment(sandbox: sandbox)
      .filter { ["HOME", "XDG_STATE_HOME", "XDG_DATA_HOME", "DOJO_STORE", "NO_COLOR", "LANG"].contains($0.key) }
      .map { "\($0.key)='\($0.value)'" }.sorted().joined(separator: " ")
    let command = "env \(environment) TERM=xterm '\(CLI.binary)' practice --trainee tess --scenario l1-unexpected-charge --seed 3 --no-delay --scenarios '\(CLI.scenarios)'"
    // The tmux server outlives this call: its output must not hold our pipe open.
    try CLI.shell("\(tmux) new-session -d -s \(name) -x 160 -y 60 \"\(command); sleep 60\" </dev/null >/dev/null 2>&1")
    defer { _ = try? CLI.shell("\(tmux) kill-server") }
    func screen() -> String { (try? CLI.shell("\(tmux) capture-pane -p -J -S -200 -t \(name)")) ?? "" }
    func type(_ text: String) throws {
      try CLI.shell("\(tmux) send-keys -t \(name) -l '\(text.replacingOccurrences(of: "'", with: "'\\''"))'")
      try CLI.shell("\(tmux) send-keys -t \(name) Enter")
    }

    #expect(CLI.waitFor { screen().contains("you> ") }, "no prompt: \(screen())")
    try type(strongTurns[0])
    #expect(CLI.waitFor { screen().contains("Sure, it's dana.whitfield@example.com.") })
    try type(strongTurns[1])
    #expect(CLI.waitFor { screen().contains("I just want my money back.") })
    try type(strongTurns[2])
    #expect(CLI.waitFor { screen().contains("I don't want to explain it all again.") })
    // Tab completes "/esc" to "/escalate ", and "l2" to "l2-specialist".
    try CLI.shell("\(tmux) send-keys -t \(name) '/esc' Tab")
    #expect(CLI.waitFor { screen().contains("you> /escalate ") }, "no completion: \(screen())")
    try CLI.shell("\(tmux) send-keys -t \(name) 'l2' Tab")
    #expect(CLI.waitFor { screen().contains("/escalate l2-specialist") })
    try CLI.shell("\(tmux) send-keys -t \(name) Enter")
    #expect(CLI.waitFor { screen().contains("Hand-off note") })
    try type(handoffNote)
    #expect(CLI.waitFor { screen().contains("one more reply to the customer") }, "no wrap-up: \(screen())")
    try type(wrapUp)
    #expect(CLI.waitFor { screen().contains("Score: 100/100 · PASSED") }, "no scorecard: \(screen())")
    #expect(screen().contains("Right target, right time"))
    try type("q")

    let store = try SQLiteStore(path: sandbox.appendingPathComponent("dojo.sqlite").path)
    let session = try #require(try store.sessions(traineeName: "tess").first)
    #expect(session.status == .finished)
    #expect(session.score == 100)
    let turns = try store.turns(sessionID: session.id!)
    #expect(turns.filter { $0.speaker == .trainee }.map(\.text) == strongTurns + [handoffNote, wrapUp])
    #expect(turns.last?.text == "Thanks. I'll wait for their email then.")
    #expect(try store.escalations(sessionID: session.id!).map(\.target) == ["l2-specialist"])
    // The readline history file was written as lines were entered.
    let history = try String(contentsOf: sandbox.appendingPathComponent("state/supportdojo/history"), encoding: .utf8)
    #expect(history.contains("I checked your order history"))
  }

  @Test("kill -9 mid-session loses nothing; --resume continues where it stopped")
  func killAndResume() throws {
    let sandbox = try CLI.sandbox()
    let storePath = sandbox.appendingPathComponent("dojo.sqlite").path
    let child = try Child(
      [CLI.binary, "practice", "--trainee", "kim", "--scenario", "l1-unexpected-charge", "--seed", "5", "--scenarios", CLI.scenarios],
      environment: CLI.environment(sandbox: sandbox), stdin: Data())
    child.write(strongTurns[0] + "\n" + strongTurns[1] + "\n")

    let store = try SQLiteStore(path: storePath)
    func traineeTurns() throws -> [String] {
      guard let session = try store.sessions(traineeName: "kim").first else { return [] }
      return try store.turns(sessionID: session.id!).filter { $0.speaker == .trainee }.map(\.text)
    }
    #expect(try CLI.waitFor { try traineeTurns().count == 2 })
    child.terminate()
    #expect(try traineeTurns() == Array(strongTurns.prefix(2)))

    // The killed session shows as interrupted and resumes from its third turn.
    let rest = [strongTurns[2], "/escalate l2-specialist: " + handoffNote, wrapUp, "q"].joined(separator: "\n") + "\n"
    let resumed = try CLI.run(["practice", "--trainee", "kim", "--resume", "--scenarios", CLI.scenarios], stdin: rest, sandbox: sandbox)
    #expect(resumed.status == 0, "\(resumed.stderr)")
    #expect(resumed.stdout.contains("— resumed —"))
    #expect(resumed.stdout.contains("Score: 100/100 · PASSED"))
    let session = try #require(try store.sessions(traineeName: "kim").first)
    #expect(session.status == .finished)
    let turns = try store.turns(sessionID: session.id!)
    #expect(turns.filter { $0.speaker == .trainee }.count == 5)
    #expect(turns.map(\.seq) == Array(1...turns.count))
    #expect(turns.filter { $0.speaker == .customer }.count == 6)
  }

  @Test("a piped session prints each turn once and no prompts")
  func piped() throws {
    let sandbox = try CLI.sandbox()
    let lines = strongTurns + ["/escalate l2-specialist: " + handoffNote, wrapUp, "q"]
    let result = try CLI.run(
      ["practice", "--trainee", "pia", "--scenario", "l1-unexpected-charge", "--seed", "1", "--scenarios", CLI.scenarios],
      stdin: lines.joined(separator: "\n") + "\n", sandbox: sandbox)
    #expect(result.status == 0, "\(result.stderr)")
    #expect(!result.stdout.contains("you> "))
    #expect(result.stdout.components(separatedBy: strongTurns[1]).count == 2)
    #expect(result.stdout.contains("Score: 100/100 · PASSED"))
    let progress = try CLI.run(["progress", "--trainee", "pia", "--format", "json"], sandbox: sandbox)
    #expect(progress.status == 0)
    #expect(progress.stdout.contains("\"best_score\" : 100"))
  }
}

@Suite("Ctrl-C in a session (the built binary)", .timeLimit(.minutes(2)))
struct InterruptCLITests {
  @Test("Ctrl-C says the session is kept and how to resume it, and exits 130")
  func controlC() throws {
    let sandbox = try CLI.sandbox()
    let child = try Child(
      [CLI.binary, "practice", "--trainee", "ian", "--scenario", "l1-unexpected-charge", "--seed", "3", "--scenarios", CLI.scenarios],
      environment: CLI.environment(sandbox: sandbox), stdin: Data())
    child.write("Hello Dana\n")
    #expect(CLI.waitFor { child.stdout.contains("You [1]: Hello Dana") })
    Thread.sleep(forTimeInterval: 0.3)
    kill(child.pid, SIGINT)
    #expect(child.wait(timeout: 10) == 130)
    #expect(child.stdout.hasSuffix("\nSession 1 is kept; `dojo practice --resume` continues it.\n"), "\(child.stdout)")
    let resumed = try CLI.run(
      ["practice", "--trainee", "ian", "--resume", "--scenarios", CLI.scenarios], stdin: "/end\n", sandbox: sandbox)
    #expect(resumed.stdout.contains("Resuming session 1"), "\(resumed.stdout) \(resumed.stderr)")
  }
}
