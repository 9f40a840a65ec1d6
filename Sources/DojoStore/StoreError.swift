import Foundation

/// Why a store operation failed, worded for the person at the console.
public enum StoreError: LocalizedError, Equatable, Sendable {
  /// The database file could not be opened or migrated.
  case cannotOpen(path: String, reason: String)
  /// The directory for the database file could not be created.
  case cannotCreateDirectory(path: String, reason: String)
  /// No session has this id.
  case unknownSession(Int64)
  /// No trainee has this name.
  case unknownTrainee(String)
  /// A trainee name was empty or only white space.
  case emptyTraineeName
  /// A new name breaks the name rules (`NameRules`); the message says how.
  case invalidName(String)
  /// The session is not active, so it cannot take new turns, notes or hints.
  case sessionNotActive(id: Int64, status: SessionStatus)
  /// Only interrupted sessions can be resumed.
  case notResumable(id: Int64, status: SessionStatus)
  /// A session can only be finished as `finished`, `abandoned` or `interrupted`.
  case cannotFinishAs(id: Int64, status: SessionStatus)
  /// Stored JSON could not be read back.
  case corruptResult(sessionID: Int64, reason: String)
  /// The database refused an operation.
  case databaseFailure(operation: String, reason: String)

  public var errorDescription: String? {
    switch self {
    case .cannotOpen(let path, let reason):
      "cannot open session store \(path): \(reason)"
    case .cannotCreateDirectory(let path, let reason):
      "cannot create directory \(path) for the session store: \(reason)"
    case .unknownSession(let id):
      "unknown session \(id)"
    case .unknownTrainee(let name):
      "unknown trainee \"\(name)\""
    case .emptyTraineeName:
      "a trainee name must not be empty"
    case .invalidName(let message):
      message
    case .sessionNotActive(let id, let status):
      "session \(id) is \(status.rawValue), not active: it cannot take new entries"
    case .notResumable(let id, let status):
      "session \(id) is \(status.rawValue): only interrupted sessions can be resumed"
    case .cannotFinishAs(let id, let status):
      "session \(id) cannot be finished as \(status.rawValue): use finished, abandoned or interrupted"
    case .corruptResult(let id, let reason):
      "the stored result of session \(id) cannot be read: \(reason)"
    case .databaseFailure(let operation, let reason):
      "cannot \(operation): \(reason)"
    }
  }
}
