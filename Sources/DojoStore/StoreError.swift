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
  /// Another program held the store's write lock for longer than the operation could wait.
  case busy(operation: String, seconds: Int)
  /// Another console resumed this session: its lease has another owner now.
  case sessionTakenOver(id: Int64)
  /// Text to be stored holds a NUL byte, which SQLite would cut the text at.
  case nulInText(operation: String)

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
    case .busy(let operation, let seconds):
      "cannot \(operation): another program has been writing to the store for \(seconds) s"
    case .sessionTakenOver(let id):
      "session \(id) was resumed by another console; this console no longer writes to it"
    case .nulInText(let operation):
      "cannot \(operation): the text holds a NUL byte, which the store would cut it at"
    }
  }
}
