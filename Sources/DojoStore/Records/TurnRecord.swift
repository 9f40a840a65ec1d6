import DojoCore
import Foundation
import GRDB

/// One line of a conversation as it was said (row of `turns`), written the moment it happens.
public struct TurnRecord: Sendable, Hashable, Codable, Identifiable {
  /// Set by the database on insert; always present on records the store returns.
  public var id: Int64?
  public var sessionID: Int64
  /// 1-based position of the line in its session.
  public var seq: Int
  public var speaker: TranscriptEntry.Speaker
  /// The conversation node the line belongs to.
  public var nodeID: String
  /// The trainee turn number (1-based) for trainee lines.
  public var turn: Int?
  /// The line, or the hand-off note of an escalation or transfer.
  public var text: String
  /// What the trainee did; nil for customer lines.
  public var action: TraineeAction.Kind?
  /// The tier or team of an escalation or transfer.
  public var target: String?
  public var at: Date
  /// Seconds the trainee took to answer the customer's previous line.
  public var latencySeconds: Double?

  public init(
    id: Int64? = nil, sessionID: Int64, seq: Int, speaker: TranscriptEntry.Speaker, nodeID: String,
    turn: Int? = nil, text: String, action: TraineeAction.Kind? = nil, target: String? = nil,
    at: Date, latencySeconds: Double? = nil
  ) {
    self.id = id
    self.sessionID = sessionID
    self.seq = seq
    self.speaker = speaker
    self.nodeID = nodeID
    self.turn = turn
    self.text = text
    self.action = action
    self.target = target
    self.at = at
    self.latencySeconds = latencySeconds
  }

  /// The trainee's action, to replay the conversation through the engine; nil for customer lines.
  public var traineeAction: TraineeAction? {
    guard speaker == .trainee else { return nil }
    return TraineeAction(kind: action ?? .reply, text: text, target: target)
  }

  enum CodingKeys: String, CodingKey {
    case id
    case sessionID = "session_id"
    case seq, speaker
    case nodeID = "node_id"
    case turn, text, action, target, at
    case latencySeconds = "latency_seconds"
  }

  /// The table's columns, for queries.
  public enum Columns {
    public static let id = Column(CodingKeys.id)
    public static let sessionID = Column(CodingKeys.sessionID)
    public static let seq = Column(CodingKeys.seq)
    public static let speaker = Column(CodingKeys.speaker)
    public static let nodeID = Column(CodingKeys.nodeID)
    public static let turn = Column(CodingKeys.turn)
    public static let text = Column(CodingKeys.text)
    public static let action = Column(CodingKeys.action)
    public static let target = Column(CodingKeys.target)
    public static let at = Column(CodingKeys.at)
    public static let latencySeconds = Column(CodingKeys.latencySeconds)
  }
}

extension TurnRecord: FetchableRecord, MutablePersistableRecord {
  /// Dates as GRDB writes and reads them, without starting ICU (`StoredDate`).
  public static func databaseDateEncodingStrategy(for column: String) -> DatabaseDateEncodingStrategy { StoredDate.strategy }
  public static func databaseDateDecodingStrategy(for column: String) -> DatabaseDateDecodingStrategy { StoredDate.decoding }

  public static let databaseTableName = "turns"

  public mutating func didInsert(_ inserted: InsertionSuccess) {
    id = inserted.rowID
  }
}
