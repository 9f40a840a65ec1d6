import Foundation
import Synchronization
import Testing

@testable import DojoCore
@testable import DojoStore

/// Issue 15: many consoles on one PostgreSQL store at once lose nothing and show no error.
@Suite("PostgreSQL under load", .enabled(if: TestPostgres.enabled), .timeLimit(.minutes(3)))
struct PostgresLoadTests {
  static let trainees = 20
  static let linesPerSession = 30

  @Test("20 trainees playing, 2 leads reviewing and a report running: no turn lost or doubled, no error")
  func loopbackLoad() throws {
    let url = try TestPostgres.freshURL()
    try PostgresStore.initialize(url: url, roles: false)
    // Finished sessions for the leads to review, played by someone else.
    let setup = try PostgresStore(url: url)
    try setup.makeFirstLead("Lea", at: date(0))
    try setup.changeRole(.lead, for: "Leo", by: "Lea", at: date(0))
    var reviewable: [Int64] = []
    for index in 0..<4 {
      let session = try setup.startSession(newSession(trainee: "Old \(index)", at: Double(index)))
      let id = try #require(session.id)
      try setup.finishSession(id: id, status: .finished, endedAt: date(60), handleTimeSeconds: 60, result: sampleResult())
      reviewable.append(id)
    }
    let reviewSessions = reviewable

    let errors = Mutex<[String]>([])
    let started = Mutex<[String: Int64]>([:])
    @Sendable func record(_ error: any Error, _ who: String) {
      let text = "\(who): \((error as? LocalizedError)?.errorDescription ?? "\(error)")"
      errors.withLock { $0.append(text) }
    }
    // One thread per console (not a pool of as many threads as cores): all of them at once.
    let work: @Sendable (Int) -> Void = { worker in
      switch worker {
      case 0..<Self.trainees:
        let name = "Trainee \(worker)"
        do {
          let store = try PostgresStore(url: url)
          let id = try #require(try store.startSession(newSession(trainee: name, at: Double(worker))).id)
          started.withLock { $0[name] = id }
          for line in 1...Self.linesPerSession {
            try store.appendTurn(
              sessionID: id, speaker: line.isMultiple(of: 2) ? .trainee : .customer, nodeID: "n", turn: line,
              text: "\(name) line \(line)", action: line.isMultiple(of: 2) ? .reply : nil, target: nil,
              at: date(Double(line)), latency: nil)
          }
          try store.finishSession(
            id: id, status: .finished, endedAt: date(100), handleTimeSeconds: 100, result: sampleResult())
        } catch {
          record(error, name)
        }
      case Self.trainees, Self.trainees + 1:
        let lead = worker == Self.trainees ? "Lea" : "Leo"
        do {
          let store = try PostgresStore(url: url)
          for round in 0..<6 {
            let id = reviewSessions[(round + worker) % reviewSessions.count]
            try store.saveReview(
              NewReview(
                sessionID: id, reviewerName: lead,
                ratings: [NewCriterionRating(criterionID: "greet", points: round % 3, comment: "round \(round)", rootCause: .communication)],
                summary: "Review \(round) by \(lead)", at: date(200 + Double(round))))
            _ = try store.reviewQueue(ReviewQueueFilter())
          }
        } catch {
          record(error, lead)
        }
      default:
        do {
          let store = try PostgresStore(url: url)
          for _ in 0..<10 {
            _ = try store.teamReport(cohort: nil, since: nil)
            _ = try store.progress()
          }
        } catch {
          record(error, "report")
        }
      }
    }
    let group = DispatchGroup()
    for worker in 0..<(Self.trainees + 3) {
      group.enter()
      Thread {
        work(worker)
        group.leave()
      }.start()
    }
    group.wait()
    #expect(errors.withLock { $0 } == [])
    let sessions = started.withLock { $0 }
    #expect(sessions.count == Self.trainees)
    for (name, id) in sessions {
      let turns = try setup.turns(sessionID: id)
      #expect(turns.map(\.seq) == Array(1...Self.linesPerSession), "\(name)")
      #expect(turns.map(\.text) == (1...Self.linesPerSession).map { "\(name) line \($0)" })
      #expect(try setup.session(id: id).status == .finished)
    }
    #expect(try reviewSessions.map { try setup.reviews(sessionID: $0).count }.reduce(0, +) == 12)
  }
}

@Suite("PostgreSQL connection loss", .enabled(if: TestPostgres.enabled))
struct PostgresReconnectTests {
  @Test("a console whose connection the server dropped writes its next line on a new one")
  func reconnects() throws {
    let store = try TestPostgres.freshStore()
    let id = try #require(try store.startSession(newSession()).id)
    let backend = try #require(try TestPostgres.execute(store, "SELECT pg_backend_pid()").first?.get(0, as: Int32.self))
    let other = try TestPostgres.freshStore()
    #expect(try TestPostgres.execute(other, "SELECT pg_terminate_backend($1)", [backend]).first?.get(0, as: Bool.self) == true)
    try store.appendTurn(
      sessionID: id, speaker: .trainee, nodeID: "n", turn: 1, text: "after the drop", action: .reply, target: nil,
      at: date(1), latency: nil)
    #expect(try store.turns(sessionID: id).map(\.text) == ["after the drop"])
    let newBackend = try TestPostgres.execute(store, "SELECT pg_backend_pid()").first?.get(0, as: Int32.self)
    #expect(newBackend != backend)
  }
}

@Suite("PostgreSQL server away", .enabled(if: TestPostgres.enabled), .timeLimit(.minutes(3)))
struct PostgresUnreachableTests {
  @Test("while the server refuses connections, a line waits, the wait is reported, and the line is stored after")
  func waitsForTheServer() throws {
    let base = try #require(TestPostgres.url)
    let admin = try PostgresConnection(url: PostgresURL(base))
    let database = "away_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(12).lowercased()
    try admin.execute("CREATE DATABASE \(database)")
    var components = try #require(URLComponents(string: base))
    components.path = "/" + database
    components.query = nil
    let url = try PostgresURL(try #require(components.string))
    try PostgresStore.initialize(url: url, roles: false)
    let store = try PostgresStore(url: url)
    let id = try #require(try store.startSession(newSession()).id)

    let reports = Mutex<[StoreWait]>([])
    SQLiteStore.reportWaits { wait in reports.withLock { $0.append(wait) } }
    defer { SQLiteStore.reportWaits(to: nil) }
    try admin.execute("ALTER DATABASE \(database) ALLOW_CONNECTIONS false")
    try admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1", [database])
    let reopen = Thread {
      Thread.sleep(forTimeInterval: 3)
      _ = try? PostgresConnection(url: PostgresURL(base)).execute("ALTER DATABASE \(database) ALLOW_CONNECTIONS true")
    }
    reopen.start()
    try store.appendTurn(
      sessionID: id, speaker: .trainee, nodeID: "n", turn: 1, text: "typed while the server was away", action: .reply,
      target: nil, at: date(1), latency: nil)
    #expect(try store.turns(sessionID: id).map(\.text) == ["typed while the server was away"])
    let seen = reports.withLock { $0 }
    #expect(seen.contains { if case .unreachable = $0 { true } else { false } }, "\(seen)")
    #expect(seen.contains { if case .done = $0 { true } else { false } }, "\(seen)")
  }
}
