import Foundation
import GRDB

/// A person who practises in the dojo (row of `trainees`).
public struct TraineeRecord: Sendable, Hashable, Codable, Identifiable {
  /// Set by the database on insert; always present on records the store returns.
  public var id: Int64?
  /// Unique display name, as typed at the console.
  public var name: String
  public var role: TraineeRole
  public var createdAt: Date

  public init(id: Int64? = nil, name: String, role: TraineeRole = .trainee, createdAt: Date) {
    self.id = id
    self.name = name
    self.role = role
    self.createdAt = createdAt
  }

  enum CodingKeys: String, CodingKey {
    case id, name, role
    case createdAt = "created_at"
  }

  /// The table's columns, for queries.
  public enum Columns {
    public static let id = Column(CodingKeys.id)
    public static let name = Column(CodingKeys.name)
    public static let role = Column(CodingKeys.role)
    public static let createdAt = Column(CodingKeys.createdAt)
  }
}

extension TraineeRecord: FetchableRecord, MutablePersistableRecord {
  /// Dates as GRDB writes and reads them, without starting ICU (`StoredDate`).
  public static func databaseDateEncodingStrategy(for column: String) -> DatabaseDateEncodingStrategy { StoredDate.strategy }
  public static func databaseDateDecodingStrategy(for column: String) -> DatabaseDateDecodingStrategy { StoredDate.decoding }

  public static let databaseTableName = "trainees"

  public mutating func didInsert(_ inserted: InsertionSuccess) {
    id = inserted.rowID
  }
}
