import DojoCore
import DojoStore
import Foundation
import GRDB
import Testing

@testable import DojoConsole

// Issue 13, "Nothing typed is lost": what the console shows, scores and stores agree, whatever
// happens between two writes.

private let root = URL(fileURLWithPath: #filePath)
  .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
private let library = ScenarioLibrary.load(paths: [
  root.appendingPathComponent("scenarios/l1-agent/unexpected-charge.yaml").path,
  root.appendingPathComponent("scenarios/l2-specialist/promotion-misapplied.yaml").path,
])

private let chatTurns = [
  "Hi Dana, sorry about the surprise, I understand. Could you confirm the email on your account?",
  "I checked your order history: the order is correct at the 9.99 promotional price.",
  "I cannot see the cause, so our billing specialists will take over; you will receive an email within 24 hours.",
]
private let handoffNote = "Checked order history, order SP-20931 correct; charged 17.99 instead of 9.99; email dana.whitfield@example.com"

/// Output that checks, for every "You [n]: …" line it is given, that the store already holds
/// that trainee turn: a line shown as sent must never be one a crash can still lose.
private final class CommitCheckingOutput: ConsoleOutput {
  let store: SQLiteStore
  var text = ""
  var echoedBeforeStored: [String] = []

  init(store: SQLiteStore) { self.store = store }

  func write(_ text: String) {
    self.text += text
    guard text.hasPrefix("You ["), let close = text.firstIndex(of: "]"),
      let turn = Int(text[text.index(text.startIndex, offsetBy: 5)..<close])
    else { return }
    let stored = (try? store.sessions().first.flatMap { session in
      try store.turns(sessionID: session.id!).first { $0.speaker == .trainee && $0.turn == turn }
    }) ?? nil
    if stored == nil { echoedBeforeStored.append(text) }
  }

  func pause(seconds: Double) {}
}

/// Scripted lines, with an action to run just before a given line is handed over (another
/// console's doing, between two of the trainee's lines).
private final class InterleavedInput: LineInput {
  private var lines: [String]
  private var actions: [Int: () throws -> Void]
  private var index = 0
  var isInteractive: Bool { false }

  init(_ lines: [String], before actions: [Int: () throws -> Void]) {
    self.lines = lines
    self.actions = actions
  }

  func readLine(prompt: String) -> String? {
    defer { index += 1 }
    if let action = actions[index] { try? action() }
    return index < lines.count ? lines[index] : nil
  }
}

private func console(
  _ input: LineInput, store: SQLiteStore, output: ConsoleOutput = BufferedOutput()
) -> PracticeConsole {
  Style.configure(forceOff: true)
  let console = PracticeConsole(
    library: library, store: store, input: input, output: output, strings: .en,
    settings: PracticeSettings(seed: 3))
  var clock = Date(timeIntervalSince1970: 1_800_000_000)
  console.now = {
    clock += 5
    return clock
  }
  return console
}

private func temporaryStorePath() -> String {
  FileManager.default.temporaryDirectory
    .appendingPathComponent("dojo-nothing-lost-\(UUID().uuidString)/dojo.sqlite").path
}

@Suite("Nothing typed is lost")
struct NothingLostTests {
  @Test("item 6: a turn is shown as sent only once the store has it")
  func echoAfterCommit() throws {
    let store = try SQLiteStore.inMemory()
    let output = CommitCheckingOutput(store: store)
    let play = console(ScriptedLineInput(chatTurns), store: store, output: output)
    _ = try play.play(try #require(library.scenario("l1-unexpected-charge")), trainee: "ann")
    #expect(output.text.contains("You [3]: "))
    #expect(output.echoedBeforeStored.isEmpty, "shown before stored: \(output.echoedBeforeStored)")
  }

  @Test("item 6: a line the store refuses is never shown as sent")
  func refusedLineNotEchoed() throws {
    let path = temporaryStorePath()
    let store = try SQLiteStore(path: path)
    try store.writer.write { db in
      try db.execute(sql: """
        CREATE TRIGGER refuse_second_turn BEFORE INSERT ON turns
        WHEN NEW.speaker = 'trainee' AND NEW.turn = 2 BEGIN SELECT RAISE(ABORT, 'disk full'); END
        """)
    }
    let output = BufferedOutput()
    let play = console(ScriptedLineInput(chatTurns), store: store, output: output)
    #expect(throws: ConsoleError.self) {
      _ = try play.play(try #require(library.scenario("l1-unexpected-charge")), trainee: "ann")
    }
    #expect(output.text.contains("You [1]: "))
    #expect(!output.text.contains("You [2]: "))
  }

  @Test("item 7: a hand-off line and its note are stored together or not at all")
  func handoffIsOneTransaction() throws {
    let path = temporaryStorePath()
    let store = try SQLiteStore(path: path)
    // The hand-off record cannot be written (as if the process died right after the line).
    try store.writer.write { db in
      try db.execute(sql: """
        CREATE TRIGGER refuse_handoff BEFORE INSERT ON escalations
        BEGIN SELECT RAISE(ABORT, 'killed'); END
        """)
    }
    let play = console(
      ScriptedLineInput(chatTurns + ["/escalate l2-specialist: " + handoffNote]), store: store)
    #expect(throws: ConsoleError.self) {
      _ = try play.play(try #require(library.scenario("l1-unexpected-charge")), trainee: "ben")
    }
    let session = try #require(try store.sessions().first)
    let turns = try store.turns(sessionID: session.id!)
    #expect(turns.filter { $0.action == .escalate }.isEmpty, "a hand-off line without its record")
    #expect(turns.filter { $0.speaker == .trainee }.count == 3)
  }

  @Test("item 7: --resume gives a hand-off line stored without its record (older versions) its record")
  func resumeRepairsHandoff() throws {
    let store = try SQLiteStore.inMemory()
    let first = console(ScriptedLineInput(Array(chatTurns.prefix(2))), store: store)
    let (session, _) = try first.play(try #require(library.scenario("l1-unexpected-charge")), trainee: "cat")
    let id = try #require(session.id)
    // What the old two-transaction write left after a kill: the line, no hand-off record.
    try store.writer.write { db in
      try db.execute(sql: "UPDATE sessions SET status = 'active' WHERE id = ?", arguments: [id])
    }
    try store.appendTurn(
      sessionID: id, speaker: .trainee, nodeID: "verify", turn: 3, text: handoffNote,
      action: .escalate, target: "l2-specialist", at: Date(timeIntervalSince1970: 1_800_000_100),
      latency: 1)
    _ = try store.finishSession(
      id: id, status: .interrupted, endedAt: Date(timeIntervalSince1970: 1_800_000_101),
      handleTimeSeconds: nil, result: nil)
    #expect(try store.escalations(sessionID: id).isEmpty)

    let second = console(ScriptedLineInput([]), store: store)
    _ = try second.resume(sessionID: id, trainee: "cat")
    let handoffs = try store.escalations(sessionID: id)
    #expect(handoffs.map(\.target) == ["l2-specialist"])
    #expect(handoffs.map(\.note) == [handoffNote])
    #expect(handoffs.map(\.turn) == [3])
  }

  @Test("item 8: a NUL or other control character is stored exactly as it was scored")
  func controlCharacters() throws {
    let store = try SQLiteStore.inMemory()
    let typed = "Hi\u{0}there, I am sorry\u{1B}[2J about the \u{7F}charge"
    let play = console(ScriptedLineInput([typed, "/note card\u{0}ending 4242", "/end"]), store: store)
    let (session, result) = try play.play(try #require(library.scenario("l1-unexpected-charge")), trainee: "dan")
    let id = try #require(session.id)
    let stored = try store.turns(sessionID: id).filter { $0.speaker == .trainee }.map(\.text)
    let cleaned = "Hi there, I am sorry [2J about the  charge"
    #expect(stored.first == cleaned)
    #expect(try store.notes(sessionID: id).map(\.text) == ["card ending 4242"])
    // The scorer read the same text: its evidence quotes words after the NUL.
    let words = (result?.criteria ?? []).flatMap(\.evidence).flatMap(\.words)
    #expect(words.contains { $0.lowercased().contains("sorry") })
  }

  @Test("item 8: the store refuses text with NUL instead of cutting it")
  func storeRefusesNUL() throws {
    let store = try SQLiteStore.inMemory()
    let id = try #require(try store.startSession(NewSession(
      traineeName: "eve", scenarioID: "s", scenarioVersion: "v", scenarioTitle: "t", role: "l1-agent",
      language: "en", channel: "chat", mode: .practice, seed: 1, startedAt: Date(), pid: nil)).id)
    #expect(throws: StoreError.nulInText(operation: "record a line of session \(id)")) {
      try store.appendTurn(
        sessionID: id, speaker: .trainee, nodeID: "n", turn: 1, text: "Hi\u{0}there", action: .reply,
        target: nil, at: Date(), latency: nil)
    }
    #expect(try store.turns(sessionID: id).isEmpty)
  }

  @Test("item 9: input that ends in the middle of an e-mail keeps the draft unsent, as a note")
  func emailDraftNotSent() throws {
    let store = try SQLiteStore.inMemory()
    let output = BufferedOutput()
    let play = console(
      ScriptedLineInput(["Dear Dana,", "I am sorry about the early end of your promotion."]), store: store,
      output: output)
    let (session, result) = try play.play(try #require(library.scenario("l2-promotion-misapplied")), trainee: "fin")
    #expect(result == nil)
    let id = try #require(session.id)
    #expect(try store.turns(sessionID: id).filter { $0.speaker == .trainee }.isEmpty)
    #expect(try store.session(id: id).turns == 0)
    #expect(try store.session(id: id).status == .interrupted)
    #expect(
      try store.notes(sessionID: id).map(\.text)
        == ["[unsent] Dear Dana,\nI am sorry about the early end of your promotion."])
    #expect(output.text.contains("it was NOT sent"))
    #expect(!output.text.contains("You [1]"))

    // Resuming shows the draft again, so it can be sent.
    let resumedOutput = BufferedOutput()
    let again = console(ScriptedLineInput([]), store: store, output: resumedOutput)
    _ = try again.resume(sessionID: id, trainee: "fin")
    #expect(resumedOutput.text.contains("Your unsent draft from before:\nDear Dana,\nI am sorry"))
  }

  @Test("item 9: input that ends before the hand-off note does not hand the case over")
  func handoffNoteNotSent() throws {
    let store = try SQLiteStore.inMemory()
    let play = console(ScriptedLineInput(chatTurns + ["/escalate l2-specialist"]), store: store)
    let (session, result) = try play.play(try #require(library.scenario("l1-unexpected-charge")), trainee: "gil")
    #expect(result == nil)
    let id = try #require(session.id)
    #expect(try store.escalations(sessionID: id).isEmpty)
    #expect(try store.turns(sessionID: id).filter { $0.action == .escalate }.isEmpty)
    #expect(try store.notes(sessionID: id).map(\.text) == ["[unsent] /escalate l2-specialist"])
  }

  @Test("item 11: an owner whose session was taken for interrupted takes it back and loses no turn")
  func ownerTakesBack() throws {
    let path = temporaryStorePath()
    let store = try SQLiteStore(path: path)
    // A console in another PID namespace, after this one's lease ran out (a long lock, say).
    let elsewhere = try SQLiteStore(path: path, owner: SessionOwner(namespace: "other-machine/pid:[1]"))
    let expire = {
      try store.writer.write { db in
        try db.execute(sql: "UPDATE session_leases SET lease_until = '2000-01-01 00:00:00.000'")
      }
      #expect(try elsewhere.markInterrupted() == 1)
    }
    let output = BufferedOutput()
    let play = console(InterleavedInput(chatTurns, before: [1: expire]), store: store, output: output)
    let (session, _) = try play.play(try #require(library.scenario("l1-unexpected-charge")), trainee: "hal")
    let id = try #require(session.id)
    #expect(try store.turns(sessionID: id).filter { $0.speaker == .trainee }.map(\.text) == chatTurns)
    #expect(output.text.contains("it is yours again"))
  }

  @Test("item 11: an owner whose session another console resumed is told, with the line not stored")
  func ownerTakenOver() throws {
    let path = temporaryStorePath()
    let store = try SQLiteStore(path: path)
    let elsewhere = try SQLiteStore(path: path, owner: SessionOwner(namespace: "other-machine/pid:[1]"))
    let takeOver = {
      try store.writer.write { db in
        try db.execute(sql: "UPDATE session_leases SET lease_until = '2000-01-01 00:00:00.000'")
      }
      try elsewhere.markInterrupted()
      try elsewhere.reopen(sessionID: 1, pid: 1)
    }
    let play = console(InterleavedInput(chatTurns, before: [1: takeOver]), store: store)
    do {
      _ = try play.play(try #require(library.scenario("l1-unexpected-charge")), trainee: "ida")
      Issue.record("the console went on writing to a session another console resumed")
    } catch let error as ConsoleError {
      let message = error.localizedDescription
      #expect(message.contains("session 1 was resumed by another console"))
      #expect(message.contains("NOT stored") && message.contains(chatTurns[1]))
    }
    #expect(try store.turns(sessionID: 1).filter { $0.speaker == .trainee }.count == 1)
  }
}
