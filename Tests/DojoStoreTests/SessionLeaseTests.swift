import DojoStore
import Foundation
import GRDB
import Testing

/// Issue 13 item 11: liveness by lease, not by a process id that means nothing in another PID
/// namespace.
@Suite("Session leases")
struct SessionLeaseTests {
  /// Two consoles on one store file: `here` in this process's namespace, `container` in another
  /// (a container sharing the file), with the given lease duration.
  private func consoles(
    _ kind: StoreKind, containerLease: TimeInterval = SessionOwner.defaultLeaseDuration,
    _ body: (_ here: any Store, _ container: any Store) throws -> Void
  ) throws {
    let elsewhere = SessionOwner(namespace: "another-boot/pid:[4026532999]", leaseDuration: containerLease)
    if kind == .postgres {
      let url = try TestPostgres.freshURL()
      try PostgresStore.initialize(url: url, roles: false)
      try body(try PostgresStore(url: url), try PostgresStore(url: url, owner: elsewhere))
      return
    }
    try withTemporaryDirectory { directory in
      let path = directory.appendingPathComponent("dojo.sqlite").path
      let here = try SQLiteStore(path: path)
      let container = try SQLiteStore(
        path: path,
        owner: SessionOwner(namespace: "another-boot/pid:[4026532999]", leaseDuration: containerLease))
      try body(here, container)
    }
  }

  @Test("a session from another PID namespace with a live lease is not touched, whatever its pid", arguments: StoreKind.leases)
  func liveLeaseElsewhere(kind: StoreKind) throws {
    try consoles(kind) { here, container in
      // Its pid means nothing here: as seen from this namespace it is a dead process.
      let id = try #require(try container.startSession(newSession(pid: try deadPID())).id)
      #expect(try here.markInterrupted() == 0)
      #expect(try here.session(id: id).status == .active)
      // So its owner's next turn is stored.
      try container.appendTurn(
        sessionID: id, speaker: .trainee, nodeID: "n", turn: 1, text: "still here", action: .reply,
        target: nil, at: date(1), latency: nil)
      #expect(try here.turns(sessionID: id).map(\.text) == ["still here"])
    }
  }

  @Test("a session from another namespace whose lease ran out is interrupted", arguments: StoreKind.leases)
  func expiredLeaseElsewhere(kind: StoreKind) throws {
    // A lease already over (stored times are rounded to the millisecond, so 0 could still be live).
    try consoles(kind, containerLease: -1) { here, container in
      let id = try #require(try container.startSession(newSession(pid: 1)).id)
      #expect(try here.markInterrupted() == 1)
      #expect(try here.session(id: id).status == .interrupted)
    }
  }

  @Test("in this namespace a dead process is proof enough, lease or not, so --resume works at once", arguments: StoreKind.leases)
  func deadProcessHere(kind: StoreKind) throws {
    try consoles(kind) { here, container in
      let crashed = try #require(try here.startSession(newSession(pid: try deadPID())).id)
      let running = try #require(
        try here.startSession(newSession(pid: ProcessInfo.processInfo.processIdentifier)).id)
      #expect(try container.markInterrupted() == 0, "the container cannot see our pids")
      #expect(try here.markInterrupted() == 1)
      #expect(try here.session(id: crashed).status == .interrupted)
      #expect(try here.session(id: running).status == .active)
    }
  }

  @Test("only the owner writes: another console is refused, and so is the owner once another resumed it", arguments: StoreKind.leases)
  func ownership(kind: StoreKind) throws {
    try consoles(kind, containerLease: -1) { here, container in
      let id = try #require(try container.startSession(newSession(pid: 1)).id)
      #expect(throws: StoreError.sessionTakenOver(id: id)) {
        try here.appendTurn(
          sessionID: id, speaker: .trainee, nodeID: "n", turn: 1, text: "not mine", action: .reply,
          target: nil, at: date(1), latency: nil)
      }
      #expect(try here.renewLease(sessionID: id) == false)
      #expect(try container.renewLease(sessionID: id) == true)

      // The lease ran out; this console marks it interrupted and resumes it.
      #expect(try here.markInterrupted() == 1)
      try here.reopen(sessionID: id, pid: ProcessInfo.processInfo.processIdentifier)
      #expect(throws: StoreError.sessionTakenOver(id: id)) {
        try container.appendTurn(
          sessionID: id, speaker: .trainee, nodeID: "n", turn: 1, text: "lost?", action: .reply,
          target: nil, at: date(2), latency: nil)
      }
      #expect(throws: StoreError.sessionTakenOver(id: id)) {
        try container.finishSession(
          id: id, status: .interrupted, endedAt: date(3), handleTimeSeconds: nil, result: nil)
      }
      #expect(try container.renewLease(sessionID: id) == false)
      try here.appendTurn(
        sessionID: id, speaker: .trainee, nodeID: "n", turn: 1, text: "mine now", action: .reply,
        target: nil, at: date(4), latency: nil)
      #expect(try here.turns(sessionID: id).map(\.text) == ["mine now"])
    }
  }

  @Test("a session from before leases is judged by its pid, and becomes the writer's on its next write", arguments: StoreKind.leases)
  func legacySession(kind: StoreKind) throws {
    try consoles(kind) { here, _ in
      let id = try #require(try here.startSession(newSession(pid: try deadPID())).id)
      try rawExecute(here, "DELETE FROM session_leases")
      #expect(try here.markInterrupted() == 1)
      try rawExecute(here, "UPDATE sessions SET status = 'active' WHERE id = \(id)")
      try here.appendTurn(
        sessionID: id, speaker: .trainee, nodeID: "n", turn: 1, text: "x", action: .reply,
        target: nil, at: date(1), latency: nil)
      #expect(try here.renewLease(sessionID: id))
    }
  }

  @Test("a hand-off line and its record are written together", arguments: StoreKind.backends)
  func handoffTogether(kind: StoreKind) throws {
    let store = try makeStore(kind)
    let id = try #require(try store.startSession(newSession()).id)
    let (line, handoff) = try store.appendHandoff(
      sessionID: id, nodeID: "n", turn: 1, kind: .transfer, target: "sales", note: "pricing question",
      at: date(1), latency: 2)
    #expect(line.action == .transfer && line.target == "sales" && line.text == "pricing question")
    #expect(try store.escalations(sessionID: id) == [handoff])
    #expect(try store.session(id: id).turns == 1)
  }
}
