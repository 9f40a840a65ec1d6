import DojoStore
import Foundation
import GRDB
import Testing

@testable import DojoCore

@Suite("Sessions")
struct SessionTests {
  @Test("a whole session round-trips with exact values", arguments: StoreKind.allCases)
  func roundTrip(kind: StoreKind) throws {
    try withStore(kind) { store in
      var new = newSession(mode: .assessment, at: 0, pid: 4242)
      new.phase = .pre
      new.cohort = "2025-spring"
      new.form = "A"
      new.seed = UInt64.max - 1  // beyond Int64.max: stored by bit pattern
      let started = try store.startSession(new)
      let id = try #require(started.id)
      let traineeID = try #require(try store.trainee(named: "Alice").id)

      let expectedStart = SessionRecord(
        id: id, traineeID: traineeID, scenarioID: "l1-unexpected-charge",
        scenarioVersion: "0123456789abcdef", scenarioTitle: "Title of l1-unexpected-charge",
        role: "l1-agent", language: "en", channel: "chat", mode: .assessment, phase: .pre,
        cohort: "2025-spring", form: "A", seed: Int64(bitPattern: UInt64.max - 1),
        startedAt: date(0), status: .active, pid: 4242)
      #expect(started == expectedStart)
      #expect(try store.session(id: id) == expectedStart)
      #expect(try store.session(id: id).engineSeed == UInt64.max - 1)

      let first = try store.appendTurn(
        sessionID: id, speaker: .customer, nodeID: "start", turn: nil,
        text: "Why was I charged 19,99 € twice?", action: nil, target: nil, at: date(0.5),
        latency: nil)
      try store.appendTurn(
        sessionID: id, speaker: .trainee, nodeID: "start", turn: 1,
        text: "Hello! Let me check your order history.", action: .reply, target: nil,
        at: date(12.25), latency: 11.75)
      try store.appendTurn(
        sessionID: id, speaker: .customer, nodeID: "checked", turn: nil, text: "And?",
        action: nil, target: nil, at: date(13), latency: nil)
      try store.recordNote(sessionID: id, turn: 1, text: "Order #123 looks correct", at: date(14))
      try store.recordHint(
        sessionID: id, turn: 2, nodeID: "checked", text: "Who owns billing causes?", at: date(15))
      try store.appendTurn(
        sessionID: id, speaker: .trainee, nodeID: "checked", turn: 2,
        text: "Order checked; charge of 19.99 unexplained", action: .escalate,
        target: "l2-specialist", at: date(30), latency: 17)
      try store.recordEscalation(
        sessionID: id, turn: 2, kind: .escalate, target: "l2-specialist",
        note: "Order checked; charge of 19.99 unexplained", at: date(30))

      #expect(first.seq == 1)
      #expect(
        try store.turns(sessionID: id) == [
          TurnRecord(
            id: first.id, sessionID: id, seq: 1, speaker: .customer, nodeID: "start",
            text: "Why was I charged 19,99 € twice?", at: date(0.5)),
          TurnRecord(
            id: try #require(first.id) + 1, sessionID: id, seq: 2, speaker: .trainee,
            nodeID: "start", turn: 1, text: "Hello! Let me check your order history.",
            action: .reply, at: date(12.25), latencySeconds: 11.75),
          TurnRecord(
            id: try #require(first.id) + 2, sessionID: id, seq: 3, speaker: .customer,
            nodeID: "checked", text: "And?", at: date(13)),
          TurnRecord(
            id: try #require(first.id) + 3, sessionID: id, seq: 4, speaker: .trainee,
            nodeID: "checked", turn: 2, text: "Order checked; charge of 19.99 unexplained",
            action: .escalate, target: "l2-specialist", at: date(30), latencySeconds: 17),
        ])
      #expect(
        try store.turns(sessionID: id).compactMap(\.traineeAction) == [
          .reply("Hello! Let me check your order history."),
          .escalate(to: "l2-specialist", note: "Order checked; charge of 19.99 unexplained"),
        ])
      let notes = try store.notes(sessionID: id)
      #expect(
        notes == [
          NoteRecord(
            id: notes.first?.id, sessionID: id, turn: 1, text: "Order #123 looks correct",
            at: date(14))
        ])
      let hints = try store.hints(sessionID: id)
      #expect(
        hints == [
          HintRecord(
            id: hints.first?.id, sessionID: id, turn: 2, nodeID: "checked",
            text: "Who owns billing causes?", at: date(15))
        ])
      let escalations = try store.escalations(sessionID: id)
      #expect(
        escalations == [
          EscalationRecord(
            id: escalations.first?.id, sessionID: id, turn: 2, kind: .escalate,
            target: "l2-specialist", note: "Order checked; charge of 19.99 unexplained",
            at: date(30))
        ])
      #expect(try store.session(id: id).hintsUsed == 1)
      #expect(try store.session(id: id).turns == 2)

      let result = sampleResult()
      let finished = try store.finishSession(
        id: id, status: .finished, endedAt: date(31.5), handleTimeSeconds: 31.5, result: result)
      var expectedEnd = expectedStart
      expectedEnd.endedAt = date(31.5)
      expectedEnd.status = .finished
      expectedEnd.pid = nil
      expectedEnd.ending = "escalated"
      expectedEnd.score = 83.5
      expectedEnd.rawScore = 85
      expectedEnd.passed = true
      expectedEnd.escalationVerdict = "correct"
      expectedEnd.csatProxy = 4
      expectedEnd.fcrProxy = true
      expectedEnd.handleTimeSeconds = 31.5
      expectedEnd.hintsUsed = 1
      expectedEnd.turns = 2
      expectedEnd.resultJSON = finished.resultJSON
      #expect(finished == expectedEnd)
      let stored = try store.session(id: id)
      #expect(stored == expectedEnd)
      #expect(try stored.result() == result)
      let json = try #require(stored.resultJSON)
      #expect(
        json.hasPrefix(
          #"{"criteria":[{"applicable":true,"bonus":false,"critical":false,"evidence":[{"pattern":"hello","#
        ))

      let criteria = try store.criterionScores(sessionID: id)
      #expect(
        criteria.map { [$0.criterionID, "\($0.score as Int?)", "\($0.max)", "\($0.weight)"] } == [
          ["greet", "Optional(2)", "2", "1.0"], ["verify-order", "nil", "3", "2.5"],
        ])
      #expect(criteria.map(\.met) == [true, false])
      #expect(criteria.map(\.applicable) == [true, false])
      #expect(criteria.map(\.critical) == [false, true])
      #expect(criteria.map(\.source) == [.auto, .auto])
      #expect(criteria.map(\.createdAt) == [date(31.5), date(31.5)])
      #expect(
        criteria.map(\.evidenceJSON) == [
          #"[{"pattern":"hello","turn":1,"words":["hello"]}]"#, "[]",
        ])
      #expect(try criteria[0].evidence() == [Evidence(turn: 1, pattern: "hello", words: ["hello"])])

      // Stored as plain words, readable by other tools.
      let raw = try rawTexts(
        store,
        """
        SELECT s.status, s.mode, s.phase, t.speaker, t.action, e.kind
        FROM sessions s JOIN turns t ON t.session_id = s.id JOIN escalations e ON e.session_id = s.id
        WHERE s.id = ? AND t.seq = 4
        """, id)
      #expect(raw == ["finished", "assessment", "pre", "trainee", "escalate", "escalate"])

      // Finishing again (a re-score) replaces the automatic criterion rows.
      try store.finishSession(
        id: id, status: .finished, endedAt: date(31.5), handleTimeSeconds: 31.5, result: result)
      #expect(try store.criterionScores(sessionID: id).count == 2)
    }
  }

  @Test("seq counts per session from 1, inside the write", arguments: StoreKind.allCases)
  func seqNumbering(kind: StoreKind) throws {
    try withStore(kind) { store in
      let a = try #require(try store.startSession(newSession(trainee: "Alice")).id)
      let b = try #require(try store.startSession(newSession(trainee: "Bob")).id)
      for index in 0..<5 {
        for id in [a, b] where id == a || index < 3 {
          try store.appendTurn(
            sessionID: id, speaker: index.isMultiple(of: 2) ? .customer : .trainee, nodeID: "n",
            turn: index.isMultiple(of: 2) ? nil : index / 2 + 1, text: "line \(index)",
            action: index.isMultiple(of: 2) ? nil : .reply, target: nil, at: date(Double(index)),
            latency: nil)
        }
      }
      #expect(try store.turns(sessionID: a).map(\.seq) == [1, 2, 3, 4, 5])
      #expect(try store.turns(sessionID: b).map(\.seq) == [1, 2, 3])
      #expect(try store.turns(sessionID: a).map(\.text) == (0..<5).map { "line \($0)" })
      #expect(try store.session(id: a).turns == 2)
      #expect(try store.session(id: b).turns == 1)
    }
  }

  @Test("writes name the session that is missing or no longer active", arguments: StoreKind.backends)
  func rejectedWrites(kind: StoreKind) throws {
    let store = try makeStore(kind)
    #expect(throws: StoreError.unknownSession(99)) {
      try store.appendTurn(
        sessionID: 99, speaker: .customer, nodeID: "n", turn: nil, text: "x", action: nil,
        target: nil, at: date(0), latency: nil)
    }
    #expect(throws: StoreError.unknownSession(99)) { try store.session(id: 99) }
    #expect(throws: StoreError.unknownSession(99)) { try store.turns(sessionID: 99) }
    #expect(throws: StoreError.unknownSession(99)) {
      try store.finishSession(
        id: 99, status: .finished, endedAt: date(0), handleTimeSeconds: nil, result: nil)
    }

    let id = try #require(try store.startSession(newSession()).id)
    #expect(throws: StoreError.cannotFinishAs(id: id, status: .active)) {
      try store.finishSession(
        id: id, status: .active, endedAt: date(0), handleTimeSeconds: nil, result: nil)
    }
    let abandoned = try store.finishSession(
      id: id, status: .abandoned, endedAt: date(5), handleTimeSeconds: 5, result: nil)
    #expect(abandoned.status == .abandoned)
    #expect(abandoned.score == nil)
    #expect(abandoned.resultJSON == nil)
    #expect(try abandoned.result() == nil)
    #expect(throws: StoreError.sessionNotActive(id: id, status: .abandoned)) {
      try store.recordNote(sessionID: id, turn: 0, text: "late", at: date(6))
    }
    #expect(throws: StoreError.emptyTraineeName) {
      try store.startSession(newSession(trainee: "  "))
    }
  }

  @Test(
    "records returned by writes equal what is read back, to the millisecond",
    arguments: StoreKind.allCases)
  func precision(kind: StoreKind) throws {
    try withStore(kind) { store in
      let odd = Date(timeIntervalSince1970: 1_750_000_000.123_456_7)
      var new = newSession()
      new.startedAt = odd
      let session = try store.startSession(new)
      let id = try #require(session.id)
      #expect(try store.session(id: id) == session)
      #expect(abs(session.startedAt.timeIntervalSince(odd)) < 0.001)
      let turn = try store.appendTurn(
        sessionID: id, speaker: .customer, nodeID: "n", turn: nil, text: "x", action: nil,
        target: nil, at: odd, latency: nil)
      #expect(try store.turns(sessionID: id) == [turn])
      let note = try store.recordNote(sessionID: id, turn: 0, text: "n", at: odd)
      #expect(try store.notes(sessionID: id) == [note])
      let finished = try store.finishSession(
        id: id, status: .finished, endedAt: odd, handleTimeSeconds: 0, result: sampleResult())
      #expect(try store.session(id: id) == finished)
    }
  }

  @Test("trainees are created once, trimmed, and can become leads", arguments: StoreKind.allCases)
  func trainees(kind: StoreKind) throws {
    try withStore(kind) { store in
      let first = try store.trainee(named: "Bob")
      let again = try store.trainee(named: "  Bob ")
      #expect(first == again)
      #expect(first.role == .trainee)
      _ = try store.trainee(named: "Alice")
      try store.makeFirstLead("Bob", at: date(1))
      #expect(try store.trainees().map(\.name) == ["Alice", "Bob"])
      #expect(try store.trainees().map(\.role) == [.trainee, .lead])
      #expect(throws: StoreError.unknownTrainee("Nobody")) {
        try store.changeRole(.lead, for: "Alice", by: "Nobody", at: date(2))
      }
      // One accented letter typed as one key or with a combining accent is one trainee.
      let composed = try store.trainee(named: "\u{E9}mile")
      #expect(try store.trainee(named: "e\u{301}mile") == composed)
      try store.changeRole(.lead, for: "e\u{301}mile", by: "Bob", at: date(3))
      #expect(try store.trainees().map(\.name) == ["Alice", "Bob", "\u{E9}mile"])
    }
  }
}
