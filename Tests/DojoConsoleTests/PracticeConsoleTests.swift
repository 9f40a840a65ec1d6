import DojoCore
import DojoStore
import Foundation
import Testing

@testable import DojoConsole

private let repositoryRoot = URL(fileURLWithPath: #filePath)
  .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
private let library = ScenarioLibrary.load(paths: [repositoryRoot.appendingPathComponent("scenarios/l1-agent/unexpected-charge.yaml").path])

/// A console on an in-memory store with scripted input and captured output.
private func makeConsole(_ lines: [String], mode: SessionMode = .practice, coach: Bool = false) throws
  -> (PracticeConsole, SQLiteStore, BufferedOutput, ScriptedLineInput)
{
  Style.configure(forceOff: true)
  let store = try SQLiteStore.inMemory()
  let input = ScriptedLineInput(lines)
  let output = BufferedOutput()
  let console = PracticeConsole(
    library: library, store: store, input: input, output: output, strings: .en,
    settings: PracticeSettings(mode: mode, coach: coach, seed: 3))
  var clock = Date(timeIntervalSince1970: 1_800_000_000)
  console.now = {
    clock += 5
    return clock
  }
  return (console, store, output, input)
}

private let strongTurns = [
  "Hi Dana, sorry about the surprise, I understand. Could you confirm the email on your account?",
  "I checked your order history: the order is correct at the 9.99 promotional price.",
  "I cannot see the cause, so our billing specialists will take over; you will receive an email within 24 hours.",
  "/escalate l2-specialist",
  "Checked order history, order SP-20931 correct; charged 17.99 instead of 9.99; email dana.whitfield@example.com",
  // The wrap-up exchange after the hand-off.
  "They will email you at dana.whitfield@example.com within 24 hours. Anything else I can do?",
]

@Suite("Practice console")
struct PracticeConsoleTests {
  @Test("blank lines in piped input do not print the status line twice")
  func blankPipedLines() throws {
    let (console, _, output, _) = try makeConsole(["", strongTurns[0], "", "", "/end"])
    let scenario = try #require(library.scenario("l1-unexpected-charge"))
    _ = try console.play(scenario, trainee: "alice")
    let lines = output.text.split(separator: "\n", omittingEmptySubsequences: false)
    let repeated = zip(lines, lines.dropFirst()).filter { $0 == $1 && $0.hasPrefix("chat · ") }
    #expect(repeated.isEmpty, "\(output.text)")
    #expect(lines.filter { $0.hasPrefix("chat · ") }.count == 2)
  }

  @Test("a hand-off the conversation goes on after says so")
  func handOffGoesOn() throws {
    // The conversation fixture with a side hand-off at the opening that keeps the conversation going.
    let fixture = repositoryRoot.appendingPathComponent("Tests/DojoCoreTests/Fixtures/conversation/agenda.yaml")
    let yaml = try String(contentsOf: fixture, encoding: .utf8).replacingOccurrences(
      of: "      - when: { misses: 2 }\n        goto: angry\n",
      with: "      - when: { misses: 2 }\n        goto: angry\n      - when: { escalated: team-lead }\n        goto: verified\n")
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("dojo-goes-on-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    try yaml.write(to: folder.appendingPathComponent("agenda.yaml"), atomically: true, encoding: .utf8)
    let sideLibrary = ScenarioLibrary.load(paths: [folder.path])
    let scenario = try #require(sideLibrary.scenario("agenda"), "\(sideLibrary.diagnostics)")
    Style.configure(forceOff: true)
    let output = BufferedOutput()
    let console = PracticeConsole(
      library: sideLibrary, store: try SQLiteStore.inMemory(), input: ScriptedLineInput(["/escalate team-lead", "FYI: Dana was charged twice.", "/end"]),
      output: output, strings: .en, settings: PracticeSettings(mode: .practice, coach: false, seed: 3))
    _ = try console.play(scenario, trainee: "alice")
    #expect(output.text.contains("(handed over to team-lead — the conversation goes on)"), "\(output.text)")
    #expect(output.text.contains("So why was I charged twice?"))
  }

  @Test("a scripted session is stored turn by turn and scored")
  func fullSession() throws {
    let (console, store, output, input) = try makeConsole(strongTurns)
    let scenario = try #require(library.scenario("l1-unexpected-charge"))
    let (session, result) = try console.play(scenario, trainee: "alice")
    let score = try #require(result)
    #expect(score.score == 100)
    #expect(score.escalation.verdict == .correct)
    let stored = try store.session(id: session.id!)
    #expect(stored.status == .finished)
    #expect(stored.score == 100)
    #expect(stored.turns == 5)
    let turns = try store.turns(sessionID: session.id!)
    #expect(turns.map(\.speaker) == [
      .customer, .trainee, .customer, .trainee, .customer, .trainee, .customer, .trainee, .customer, .trainee, .customer,
    ])
    #expect(turns.filter { $0.speaker == .trainee }.map(\.action) == [.reply, .reply, .reply, .escalate, .reply])
    #expect(turns[7].target == "l2-specialist")
    #expect(try store.escalations(sessionID: session.id!).map(\.target) == ["l2-specialist"])
    #expect(output.text.contains("Score: 100/100 · PASSED"))
    #expect(input.prompts.contains("Hand-off note (what you checked, customer impact, identifiers): "))
    // The fake clock moves 5 s per reading; latency is the time since the customer's last line.
    #expect((turns[1].latencySeconds ?? 0) > 0)
  }

  @Test("hints are counted, notes stored, unknown commands get a suggestion")
  func commands() throws {
    var lines = ["/hint", "/note customer sounds stressed", "/esclate", "/facts", "/help"]
    lines += strongTurns
    let (console, store, output, _) = try makeConsole(lines)
    let (session, result) = try console.play(try #require(library.scenario("l1-unexpected-charge")), trainee: "bob")
    #expect(result != nil)
    let id = session.id!
    #expect(try store.session(id: id).hintsUsed == 1)
    #expect(try store.hints(sessionID: id).first?.text.hasPrefix("Name the feeling before the fix") == true)
    #expect(try store.notes(sessionID: id).map(\.text) == ["customer sounds stressed"])
    #expect(output.text.contains("Unknown command '/esclate'.\nDid you mean /escalate?"))
    #expect(output.text.contains("chat: Chat opened from the Streamly web app"))
    #expect(output.text.contains("Hints: 1"))
  }

  @Test("assessment mode gives no hints")
  func assessmentNoHints() throws {
    let (console, store, output, _) = try makeConsole(["/hint"] + strongTurns, mode: .assessment)
    let (session, _) = try console.play(try #require(library.scenario("l1-unexpected-charge")), trainee: "carol")
    #expect(output.text.contains("Hints are off in assessment mode."))
    #expect(try store.session(id: session.id!).hintsUsed == 0)
    #expect(try store.session(id: session.id!).mode == .assessment)
  }

  @Test("/quit asks, then keeps the attempt as abandoned")
  func quit() throws {
    let (console, store, output, _) = try makeConsole(["/quit", "n", "/quit", "y"])
    let (session, result) = try console.play(try #require(library.scenario("l1-unexpected-charge")), trainee: "dave")
    #expect(result == nil)
    #expect(try store.session(id: session.id!).status == .abandoned)
    #expect(output.text.contains("Attempt abandoned."))
  }

  @Test("end of input leaves the session open; resume continues it and loses nothing")
  func resume() throws {
    let (console, store, _, _) = try makeConsole(Array(strongTurns.prefix(2)))
    let scenario = try #require(library.scenario("l1-unexpected-charge"))
    let (session, result) = try console.play(scenario, trainee: "erin")
    #expect(result == nil)
    let id = session.id!
    #expect(try store.turns(sessionID: id).count == 5)
    #expect(try store.session(id: id).status == .interrupted)

    let resumedInput = ScriptedLineInput(Array(strongTurns.dropFirst(2)))
    let output = BufferedOutput()
    let second = PracticeConsole(
      library: library, store: store, input: resumedInput, output: output, strings: .en,
      settings: PracticeSettings(seed: 99))
    let (finished, score) = try second.resume(sessionID: id, trainee: "erin")
    #expect(score?.score == 100)
    #expect(finished.status == .finished)
    let turns = try store.turns(sessionID: id)
    #expect(turns.count == 11)
    #expect(turns.map(\.seq) == Array(1...11))
    #expect(output.text.contains("— resumed —"))
  }

  @Test("coach mode shows the evidence after each reply")
  func coach() throws {
    let (console, _, output, _) = try makeConsole(strongTurns, coach: true)
    _ = try console.play(try #require(library.scenario("l1-unexpected-charge")), trainee: "fay")
    #expect(output.text.contains("✓ Acknowledges the customer's worry: “I understand”"))
  }
}

@Suite("Console strings")
struct UIStringsTests {
  @Test("every string exists in English and German, with the same placeholders")
  func tablesComplete() {
    for key in UIText.allCases {
      let english = UIStringTables.english[key]
      let german = UIStringTables.german[key]
      #expect(english != nil, "missing English \(key)")
      #expect(german != nil, "missing German \(key)")
      let placeholders = { (text: String) in (1...4).filter { text.contains("{\($0)}") } }
      #expect(placeholders(english ?? "") == placeholders(german ?? ""), "placeholders differ for \(key)")
    }
  }

  @Test("language from the flag, then LANG, then the scenario")
  func resolution() {
    #expect(UIStrings.resolve(explicit: .de, environment: ["LANG": "en_US.UTF-8"]).language == .de)
    #expect(UIStrings.resolve(explicit: nil, environment: ["LANG": "de_DE.UTF-8"]).language == .de)
    #expect(UIStrings.resolve(explicit: nil, fallback: .de, environment: ["LANG": "C.UTF-8"]).language == .de)
    #expect(UIStrings.resolve(explicit: nil, fallback: .en, environment: [:]).language == .en)
  }

  @Test("terminal escapes in typed text are neutralised")
  func neutralize() {
    #expect(neutralized("hi\u{1B}[2Jthere\u{07}") == "hi␛[2Jthere�")
  }

  @Test("completion offers commands, tiers and teams")
  func completion() {
    ReadlineInput.configureCompletion(
      commands: PracticeConsole.commands, tiers: Targets.escalationTiers, teams: Targets.transferTeams)
    #expect(ReadlineInput.candidates(line: "/esc", word: "/esc") == ["/escalate"])
    #expect(ReadlineInput.candidates(line: "/escalate l2", word: "l2") == ["l2-specialist"])
    #expect(ReadlineInput.candidates(line: "/transfer s", word: "s") == ["sales", "shipping"])
    #expect(ReadlineInput.candidates(line: "hello /esc", word: "/esc") == [])
  }
}
