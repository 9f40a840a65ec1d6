import Foundation
import GRDB
import Synchronization

/// What the store tells its user while it waits for another program's write to finish.
public enum StoreWait: Sendable, Equatable {
  /// Still waiting to do `operation`, `seconds` so far: first after about a second, then about
  /// every ten seconds.
  case waiting(operation: String, seconds: Int)
  /// A team server (PostgreSQL) cannot be reached; still trying to do `operation`, `seconds` so
  /// far, with what was typed kept: first after about a second, then about every ten seconds.
  case unreachable(operation: String, seconds: Int)
  /// The wait is over and `operation` went through (only after a `waiting`).
  case done(operation: String, seconds: Int)
}

/// How long a store operation waits for another program's write lock before it gives up.
enum Patience {
  /// Reports and other commands: ten seconds (the connection's busy timeout), as before.
  case standard
  /// The session write path (opening, a trainee's line, a hand-off, the end of a session): ten
  /// minutes, so a long bulk write never costs a line; the user is told after a second.
  case session
  /// A background lease renewal: ten seconds, and nobody is told (the next tick tries again).
  case quiet

  var limit: TimeInterval {
    switch self {
    case .standard, .quiet: 10
    case .session: 600
    }
  }
}

extension SQLiteStore {
  /// Where every store in this process reports its waits for the write lock (nil: nobody).
  /// The command line sets it once, so a console can tell the trainee why it pauses.
  public static func reportWaits(to observer: (@Sendable (StoreWait) -> Void)?) {
    waitObserver.withLock { $0 = observer }
  }

  static let waitObserver = Mutex<(@Sendable (StoreWait) -> Void)?>(nil)

  /// Runs `attempt` until it does not fail with SQLITE_BUSY or `patience` runs out. Each
  /// attempt already waits up to the connection's busy timeout (ten seconds) inside SQLite; a
  /// transaction that failed with SQLITE_BUSY was rolled back, so running it again is safe.
  /// SQLITE_BUSY also covers the WAL cases where SQLite does not wait at all (switching a fresh
  /// file to WAL, a read transaction that can no longer be upgraded). A wait longer than a second
  /// is reported from a timer, since the waiting itself happens inside SQLite.
  static func retryingWhileBusy<T>(
    _ operation: String, patience: Patience, _ attempt: () throws -> T
  ) throws -> T {
    let start = Date()
    let observer = patience == .quiet ? nil : waitObserver.withLock { $0 }
    let reporter = observer.map { WaitReporter(operation: operation, start: start, observer: $0) }
    defer { reporter?.finish() }
    while true {
      do {
        return try attempt()
      } catch let error as DatabaseError where error.resultCode == .SQLITE_BUSY {
        let waited = Date().timeIntervalSince(start)
        guard waited < patience.limit else {
          throw StoreError.busy(operation: operation, seconds: Int(waited))
        }
        usleep(50_000)
      }
    }
  }
}

/// Tells the observer about a wait: after a second, then every ten seconds, and once when it
/// is over (only if it told about it).
final class WaitReporter {
  private let timer: DispatchSourceTimer
  private let state: State

  /// What the timer's handler shares with the waiting thread.
  private final class State: Sendable {
    /// Whether a wait was reported, and whether it is over (then the timer says nothing more).
    let progress = Mutex((reported: false, over: false))
    let operation: String
    let start: Date
    let observer: @Sendable (StoreWait) -> Void
    let waiting: @Sendable (String, Int) -> StoreWait

    init(
      operation: String, start: Date, observer: @escaping @Sendable (StoreWait) -> Void,
      waiting: @escaping @Sendable (String, Int) -> StoreWait
    ) {
      self.operation = operation
      self.start = start
      self.observer = observer
      self.waiting = waiting
    }

    var seconds: Int { Int(Date().timeIntervalSince(start)) }
  }

  /// `waiting` makes the report of a wait still going on (`.waiting` unless given).
  init(
    operation: String, start: Date, observer: @escaping @Sendable (StoreWait) -> Void,
    waiting: @escaping @Sendable (String, Int) -> StoreWait = { .waiting(operation: $0, seconds: $1) }
  ) {
    let state = State(operation: operation, start: start, observer: observer, waiting: waiting)
    self.state = state
    timer = DispatchSource.makeTimerSource(queue: DispatchQueue.global(qos: .utility))
    timer.schedule(deadline: .now() + 1, repeating: 10, leeway: .milliseconds(100))
    timer.setEventHandler {
      // Reported under the lock, so a "waiting" can never come after the "done".
      state.progress.withLock { progress in
        guard !progress.over else { return }
        progress.reported = true
        state.observer(state.waiting(state.operation, state.seconds))
      }
    }
    timer.resume()
  }

  func finish() {
    timer.cancel()
    let reported = state.progress.withLock { progress in
      progress.over = true
      return progress.reported
    }
    if reported { state.observer(.done(operation: state.operation, seconds: state.seconds)) }
  }
}
