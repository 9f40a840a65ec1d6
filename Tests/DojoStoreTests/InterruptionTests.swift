import DojoStore
import Foundation
import Testing

@Suite("Interrupted sessions")
struct InterruptionTests {
  @Test(
    "sessions of dead processes become interrupted and can be reopened",
    arguments: StoreKind.allCases)
  func markAndResume(kind: StoreKind) throws {
    try withStore(kind) { store in
      let dead = try deadPID()
      let me = ProcessInfo.processInfo.processIdentifier
      let crashed = try #require(try store.startSession(newSession(at: 10, pid: dead)).id)
      let running = try #require(try store.startSession(newSession(at: 20, pid: me)).id)
      let unknown = try #require(try store.startSession(newSession(at: 30, pid: nil)).id)
      let done = try #require(try store.startSession(newSession(at: 5, pid: dead)).id)
      try store.finishSession(
        id: done, status: .finished, endedAt: date(6), handleTimeSeconds: 1, result: nil)
      let other = try #require(
        try store.startSession(newSession(trainee: "Bob", at: 40, pid: dead)).id)

      #expect(try store.markInterrupted() == 3)
      #expect(try store.session(id: crashed).status == .interrupted)
      #expect(try store.session(id: running).status == .active)
      #expect(try store.session(id: unknown).status == .interrupted)
      #expect(try store.session(id: done).status == .finished)
      #expect(try store.session(id: other).status == .interrupted)
      #expect(try store.markInterrupted() == 0)

      #expect(try store.resumableSessions(traineeName: "Alice").map(\.id) == [unknown, crashed])
      #expect(try store.resumableSessions(traineeName: "Bob").map(\.id) == [other])
      #expect(try store.resumableSessions(traineeName: "Nobody").isEmpty)

      #expect(throws: StoreError.sessionNotActive(id: crashed, status: .interrupted)) {
        try store.appendTurn(
          sessionID: crashed, speaker: .trainee, nodeID: "n", turn: 1, text: "x", action: .reply,
          target: nil, at: date(50), latency: nil)
      }
      let reopened = try store.reopen(sessionID: crashed, pid: me)
      #expect(reopened.status == .active)
      #expect(reopened.pid == me)
      #expect(try store.session(id: crashed) == reopened)
      try store.appendTurn(
        sessionID: crashed, speaker: .trainee, nodeID: "n", turn: 1, text: "x", action: .reply,
        target: nil, at: date(50), latency: nil)
      #expect(try store.markInterrupted() == 0)
      #expect(try store.resumableSessions(traineeName: "Alice").map(\.id) == [unknown])

      #expect(throws: StoreError.notResumable(id: running, status: .active)) {
        try store.reopen(sessionID: running, pid: me)
      }
      #expect(throws: StoreError.unknownSession(999)) { try store.reopen(sessionID: 999, pid: me) }

      // Input ended at the console: finished as interrupted, then resumed.
      let paused = try store.finishSession(
        id: running, status: .interrupted, endedAt: date(60), handleTimeSeconds: nil, result: nil)
      #expect(paused.pid == nil)
      #expect(paused.endedAt == date(60))
      #expect(try store.resumableSessions(traineeName: "Alice").map(\.id) == [unknown, running])
      let resumed = try store.reopen(sessionID: running, pid: me)
      #expect(resumed.endedAt == nil)
      #expect(try store.session(id: running) == resumed)
    }
  }

  @Test("a pid of 0 or below never counts as alive")
  func groupPIDsAreDead() throws {
    let store = try SQLiteStore.inMemory()
    _ = try store.startSession(newSession(pid: 0))
    _ = try store.startSession(newSession(pid: -1))
    #expect(try store.markInterrupted() == 2)
  }
}

@Suite("Concurrency")
struct ConcurrencyTests {
  @Test("two stores on one file writing at once lose no lines")
  func twoWriters() async throws {
    try await withAsyncTemporaryDirectory { directory in
      let path = directory.appendingPathComponent("shared/dojo.sqlite").path
      // Open both at once on a fresh file: both try to migrate. Two connections of one console
      // (one owner), as only a session's owner may write to it.
      let owner = SessionOwner.current()
      async let openedA = SQLiteStore(path: path, owner: owner)
      async let openedB = SQLiteStore(path: path, owner: owner)
      let (storeA, storeB) = try await (openedA, openedB)

      let shared = try #require(try storeA.startSession(newSession(trainee: "Shared")).id)
      let ownA = try #require(try storeA.startSession(newSession(trainee: "A")).id)
      let ownB = try #require(try storeB.startSession(newSession(trainee: "B")).id)
      let perWriter = 200

      try await withThrowingTaskGroup(of: Void.self) { group in
        for (name, store, own) in [("a", storeA, ownA), ("b", storeB, ownB)] {
          group.addTask {
            for index in 1...perWriter {
              for id in [shared, own] {
                try store.appendTurn(
                  sessionID: id, speaker: .trainee, nodeID: "n", turn: index,
                  text: "\(name)-\(index)", action: .reply, target: nil, at: date(Double(index)),
                  latency: nil)
              }
            }
          }
        }
        try await group.waitForAll()
      }

      let reader = try SQLiteStore(path: path)
      let lines = try reader.turns(sessionID: shared)
      #expect(lines.count == 2 * perWriter)
      #expect(lines.map(\.seq) == Array(1...(2 * perWriter)))
      for name in ["a", "b"] {
        let own = lines.filter { $0.text.hasPrefix("\(name)-") }.map(\.text)
        #expect(own == (1...perWriter).map { "\(name)-\($0)" })
      }
      #expect(try reader.session(id: shared).turns == 2 * perWriter)
      #expect(try reader.turns(sessionID: ownA).map(\.seq) == Array(1...perWriter))
      #expect(try reader.turns(sessionID: ownB).map(\.seq) == Array(1...perWriter))
    }
  }
}
