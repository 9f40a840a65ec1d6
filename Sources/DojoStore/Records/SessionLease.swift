import Foundation

/// Who may write to an active session: one console, told apart from every other by a random
/// token, not by its process id.
///
/// A process id only means something inside one PID namespace: a console in a container that
/// shares the store file sees other ids, or none. So an active session carries a lease
/// (row of `session_leases`): its owner's token, the namespace the owner's process id belongs
/// to, and a time until which the session counts as alive. The owner renews the lease with
/// every write and by a timer while the trainee thinks. Another console leaves a session alone
/// while its lease runs; only inside the owner's own namespace is a dead process id proof
/// enough to call the session interrupted at once.
public struct SessionOwner: Sendable, Hashable {
  /// Unique per console (per store instance unless given).
  public var token: String
  /// The machine boot and PID namespace of this process (`<boot id>/pid:[4026531836]`), or nil
  /// where they cannot be read (no `/proc`); then only the lease tells liveness.
  public var namespace: String?
  /// How long a lease lasts without renewal.
  public var leaseDuration: TimeInterval

  /// A lease lasts a minute by default; a console renews it every quarter of that.
  public static let defaultLeaseDuration: TimeInterval = 60

  public init(
    token: String = UUID().uuidString, namespace: String?,
    leaseDuration: TimeInterval = SessionOwner.defaultLeaseDuration
  ) {
    self.token = token
    self.namespace = namespace
    self.leaseDuration = leaseDuration
  }

  /// A new owner in this process's namespace.
  public static func current() -> SessionOwner {
    SessionOwner(namespace: currentNamespace)
  }

  /// `<boot id>/<pid namespace>` of this process, read once; nil without `/proc`. The boot id
  /// tells machines apart (containers on one machine share it), the namespace link containers.
  public static let currentNamespace: String? = {
    guard
      let boot = try? String(contentsOfFile: "/proc/sys/kernel/random/boot_id", encoding: .utf8)
        .trimmingCharacters(in: .whitespacesAndNewlines),
      !boot.isEmpty,
      let namespace = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/ns/pid")
    else { return nil }
    return boot + "/" + namespace
  }()
}
