import DojoCore
import Foundation
import GRDB

// MARK: - Escalations

/// A hand-off to another tier or department (row of `escalations`).
public struct EscalationRecord: Sendable, Hashable, Codable, Identifiable {
  /// Set by the database on insert; always present on records the store returns.
  public var id: Int64?
  public var sessionID: Int64
  /// The trainee turn of the hand-off.
  public var turn: Int
  public var kind: HandoffKind
  /// The tier (`l2-specialist`) or team (`sales`).
  public var target: String
  /// The hand-off note.
  public var note: String
  public var at: Date

  public init(
    id: Int64? = nil, sessionID: Int64, turn: Int, kind: HandoffKind, target: String, note: String,
    at: Date
  ) {
    self.id = id
    self.sessionID = sessionID
    self.turn = turn
    self.kind = kind
    self.target = target
    self.note = note
    self.at = at
  }

  enum CodingKeys: String, CodingKey {
    case id
    case sessionID = "session_id"
    case turn, kind, target, note, at
  }

  /// The table's columns, for queries.
  public enum Columns {
    public static let id = Column(CodingKeys.id)
    public static let sessionID = Column(CodingKeys.sessionID)
    public static let turn = Column(CodingKeys.turn)
    public static let kind = Column(CodingKeys.kind)
    public static let target = Column(CodingKeys.target)
    public static let note = Column(CodingKeys.note)
    public static let at = Column(CodingKeys.at)
  }
}

extension EscalationRecord: FetchableRecord, MutablePersistableRecord {
  /// Dates as GRDB writes and reads them, without starting ICU (`StoredDate`).
  public static func databaseDateEncodingStrategy(for column: String) -> DatabaseDateEncodingStrategy { StoredDate.strategy }
  public static func databaseDateDecodingStrategy(for column: String) -> DatabaseDateDecodingStrategy { StoredDate.decoding }

  public static let databaseTableName = "escalations"

  public mutating func didInsert(_ inserted: InsertionSuccess) {
    id = inserted.rowID
  }
}

// MARK: - Notes

/// An internal note (`/note`) the customer does not see (row of `notes`).
public struct NoteRecord: Sendable, Hashable, Codable, Identifiable {
  /// Set by the database on insert; always present on records the store returns.
  public var id: Int64?
  public var sessionID: Int64
  /// The trainee turn count when the note was written (0 before the first reply).
  public var turn: Int
  public var text: String
  public var at: Date

  public init(id: Int64? = nil, sessionID: Int64, turn: Int, text: String, at: Date) {
    self.id = id
    self.sessionID = sessionID
    self.turn = turn
    self.text = text
    self.at = at
  }

  enum CodingKeys: String, CodingKey {
    case id
    case sessionID = "session_id"
    case turn, text, at
  }

  /// The table's columns, for queries.
  public enum Columns {
    public static let id = Column(CodingKeys.id)
    public static let sessionID = Column(CodingKeys.sessionID)
    public static let turn = Column(CodingKeys.turn)
    public static let text = Column(CodingKeys.text)
    public static let at = Column(CodingKeys.at)
  }
}

extension NoteRecord: FetchableRecord, MutablePersistableRecord {
  /// Dates as GRDB writes and reads them, without starting ICU (`StoredDate`).
  public static func databaseDateEncodingStrategy(for column: String) -> DatabaseDateEncodingStrategy { StoredDate.strategy }
  public static func databaseDateDecodingStrategy(for column: String) -> DatabaseDateDecodingStrategy { StoredDate.decoding }

  public static let databaseTableName = "notes"

  public mutating func didInsert(_ inserted: InsertionSuccess) {
    id = inserted.rowID
  }
}

// MARK: - Hints

/// A hint shown in practice mode (row of `hints`).
public struct HintRecord: Sendable, Hashable, Codable, Identifiable {
  /// Set by the database on insert; always present on records the store returns.
  public var id: Int64?
  public var sessionID: Int64
  /// The trainee turn the hint was shown for.
  public var turn: Int
  /// The node the hint belongs to.
  public var nodeID: String
  public var text: String
  public var at: Date

  public init(
    id: Int64? = nil, sessionID: Int64, turn: Int, nodeID: String, text: String, at: Date
  ) {
    self.id = id
    self.sessionID = sessionID
    self.turn = turn
    self.nodeID = nodeID
    self.text = text
    self.at = at
  }

  enum CodingKeys: String, CodingKey {
    case id
    case sessionID = "session_id"
    case turn
    case nodeID = "node_id"
    case text, at
  }

  /// The table's columns, for queries.
  public enum Columns {
    public static let id = Column(CodingKeys.id)
    public static let sessionID = Column(CodingKeys.sessionID)
    public static let turn = Column(CodingKeys.turn)
    public static let nodeID = Column(CodingKeys.nodeID)
    public static let text = Column(CodingKeys.text)
    public static let at = Column(CodingKeys.at)
  }
}

extension HintRecord: FetchableRecord, MutablePersistableRecord {
  /// Dates as GRDB writes and reads them, without starting ICU (`StoredDate`).
  public static func databaseDateEncodingStrategy(for column: String) -> DatabaseDateEncodingStrategy { StoredDate.strategy }
  public static func databaseDateDecodingStrategy(for column: String) -> DatabaseDateDecodingStrategy { StoredDate.decoding }

  public static let databaseTableName = "hints"

  public mutating func didInsert(_ inserted: InsertionSuccess) {
    id = inserted.rowID
  }
}
