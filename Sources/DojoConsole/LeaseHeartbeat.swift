import DojoStore
import Foundation

/// Renews a session's lease on a timer while the console waits for the trainee, so another
/// console never takes a session whose trainee is thinking for gone (see `SessionOwner`).
/// Every write renews the lease too; this covers the pauses between writes.
final class LeaseHeartbeat {
  private let timer: DispatchSourceTimer

  init(store: any SessionStore, sessionID: Int64, every interval: TimeInterval) {
    timer = DispatchSource.makeTimerSource(queue: DispatchQueue.global(qos: .utility))
    timer.schedule(deadline: .now() + interval, repeating: interval, leeway: .seconds(1))
    timer.setEventHandler { @Sendable in
      // A failed renewal is retried on the next tick; a session taken over is reported at the
      // next write, with the line that was not stored.
      _ = try? store.renewLease(sessionID: sessionID)
    }
    timer.resume()
  }

  func stop() { timer.cancel() }

  deinit { timer.cancel() }
}
