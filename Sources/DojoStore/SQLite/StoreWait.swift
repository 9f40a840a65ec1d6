import Foundation
import GRDB
import Synchronization

/// What the store tells its user while it waits for another program's write to finish.
public enum StoreWait: Sendable, Equatable {
  /// Still waiting to do `operation`, `seconds` so far: first after about a second, then about
  /// every ten seconds.
  case waiting(operation: String, seconds: Int)
  /// The wait is over and `operation` went through (only after a `waiting`).
  case done(operation: String, seconds: Int)
}

/// How long a store operation waits for another program's write lock before it gives up.
enum Patience {
  /// Reports and other commands: ten seconds, as before.
  case standard
  /// The session write path (a trainee's line, a hand-off, the end of a session): ten minutes,
  /// so a long bulk write never costs a line; the user is told after a second.
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

  /// Runs `attempt` until it does not fail with SQLITE_BUSY or `patience` runs out, reporting
  /// waits longer than a second. Each attempt already waits up to the connection's busy timeout
  /// (one second); a transaction that failed with SQLITE_BUSY was rolled back, so running it
  /// again is safe. SQLITE_BUSY also covers the WAL cases where SQLite does not wait at all
  /// (switching a fresh file to WAL, a read transaction that can no longer be upgraded).
  static func retryingWhileBusy<T>(
    _ operation: String, patience: Patience, _ attempt: () throws -> T
  ) throws -> T {
    let start = Date()
    var nextReport: TimeInterval = 1
    var reported = false
    let observer = patience == .quiet ? nil : waitObserver.withLock { $0 }
    while true {
      do {
        let value = try attempt()
        if reported {
          observer?(.done(operation: operation, seconds: Int(Date().timeIntervalSince(start))))
        }
        return value
      } catch let error as DatabaseError where error.resultCode == .SQLITE_BUSY {
        let waited = Date().timeIntervalSince(start)
        guard waited < patience.limit else {
          throw StoreError.busy(operation: operation, seconds: Int(waited))
        }
        if waited >= nextReport {
          observer?(.waiting(operation: operation, seconds: Int(waited)))
          reported = true
          nextReport = waited + 10
        }
        usleep(50_000)
      }
    }
  }
}
