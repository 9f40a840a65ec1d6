import Foundation

/// Why a store operation failed, worded for the person at the console.
public enum StoreError: LocalizedError, Equatable, Sendable {
  /// The database file could not be opened or migrated.
  case cannotOpen(path: String, reason: String)
  /// A PostgreSQL store could not be reached or opened (`url` never holds a password).
  case cannotOpenServer(url: String, reason: String)
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
  /// The store path names a folder, not a file.
  case notAFile(path: String)
  /// The store path names something that is neither a file nor a folder (a device, a pipe).
  case notARegularFile(path: String)
  /// The file at the store path is not an SQLite database.
  case notSQLite(path: String)
  /// The file is an SQLite database of another application; `evidence` says how we know.
  case foreignDatabase(path: String, evidence: String)
  /// The store has schema changes (migrations) this binary does not know: a newer dojo wrote it.
  case newerSchema(path: String, unknown: [String])
  /// The store needs migrations this binary would apply, but it cannot be written.
  case needsUpgrade(path: String, pending: [String], why: String)
  /// A write was asked of a store that is read-only (`why`: the file's or its folder's mode).
  case readOnly(path: String, why: String)
  /// Another program held the store's write lock for longer than the operation could wait.
  case busy(operation: String, seconds: Int)
  /// Another console resumed this session: its lease has another owner now.
  case sessionTakenOver(id: Int64)
  /// Text to be stored holds a NUL byte, which SQLite would cut the text at.
  case nulInText(operation: String)

  public var errorDescription: String? {
    switch self {
    case .cannotOpen(let path, let reason):
      "cannot open the store at \(path): \(reason); check the file or pass another --store"
    case .cannotOpenServer(let url, let reason):
      "cannot open the store at \(url): \(reason)"
    case .cannotCreateDirectory(let path, let reason):
      "cannot create folder \(path) for the store: \(reason); create it yourself or pass another --store"
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
    case .notAFile(let path):
      "the store \(path) is a folder, not a file: pass a file inside it, e.g. --store \(Self.joined(path, "dojo.sqlite"))"
    case .notARegularFile(let path):
      "the store \(path) is not a regular file (a device or a pipe?); pass a file path with --store"
    case .notSQLite(let path):
      "\(path) is not a SupportDojo store (not an SQLite database); dojo left it untouched: pass another --store"
    case .foreignDatabase(let path, let evidence):
      "\(path) is another application's SQLite database (\(evidence)); dojo left it untouched: pass another --store"
    case .newerSchema(let path, let unknown):
      "the store at \(path) was written by a newer dojo (unknown schema changes: \(unknown.joined(separator: ", "))); update dojo, or pass another --store"
    case .needsUpgrade(let path, let pending, let why):
      "the store at \(path) needs an upgrade (\(pending.joined(separator: ", "))) but is read-only (\(why)); make it writable and run any dojo command once, or ask its owner to"
    case .readOnly(let path, let why):
      "the store at \(path) is read-only (\(why)); this command writes: make it writable, or pass another --store"
    case .busy(let operation, let seconds):
      "cannot \(operation): another program has been writing to the store for \(seconds) s"
    case .sessionTakenOver(let id):
      "session \(id) was resumed by another console; this console no longer writes to it"
    case .nulInText(let operation):
      "cannot \(operation): the text holds a NUL byte, which the store would cut it at"
    }
  }

  private static func joined(_ folder: String, _ name: String) -> String {
    folder.hasSuffix("/") ? folder + name : folder + "/" + name
  }
}
