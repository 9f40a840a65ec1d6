import Foundation
import GRDB

/// Who may review, and how they came to.
///
/// A role changes only on a lead's word: the first lead is set once, explicitly, while no lead
/// exists; after that every change names the lead who made it. Every change is a new row of the
/// append-only `role_changes` table (the database refuses UPDATE and DELETE on it).
public protocol RoleStore: Sendable {
  /// Makes `name` (created if new) the first lead; refused once any lead exists.
  @discardableResult
  func makeFirstLead(_ name: String, at: Date) throws -> RoleChange
  /// Sets the role of `name` (created as a trainee if new) on behalf of the lead `by`, and
  /// records it. Refused when `by` is not a lead, when nothing would change, and when it would
  /// leave the store without a lead.
  @discardableResult
  func changeRole(_ role: TraineeRole, for name: String, by lead: String, at: Date) throws -> RoleChange
  /// Every role change, oldest first.
  func roleChanges() throws -> [RoleChange]
}

/// How a role change came about.
public enum RoleChangeKind: String, Sendable, Hashable, Codable, CaseIterable, DatabaseValueConvertible {
  /// The first lead of the store, set while no lead existed.
  case firstLead = "first-lead"
  /// A lead changed someone's role.
  case change
  /// A lead that existed before role changes were recorded.
  case beforeHistory = "before-history"
}

/// One row of `role_changes`.
public struct RoleChangeRecord: Sendable, Hashable, Codable, Identifiable {
  /// Set by the database on insert; always present on records the store returns.
  public var id: Int64?
  public var traineeID: Int64
  /// The role before; nil for rows recorded from before the history was kept.
  public var fromRole: TraineeRole?
  public var toRole: TraineeRole
  /// The lead who made the change; nil for the first lead and `before-history` rows.
  public var changedBy: Int64?
  public var kind: RoleChangeKind
  public var createdAt: Date

  public init(
    id: Int64? = nil, traineeID: Int64, fromRole: TraineeRole?, toRole: TraineeRole, changedBy: Int64?,
    kind: RoleChangeKind, createdAt: Date
  ) {
    self.id = id
    self.traineeID = traineeID
    self.fromRole = fromRole
    self.toRole = toRole
    self.changedBy = changedBy
    self.kind = kind
    self.createdAt = createdAt
  }

  enum CodingKeys: String, CodingKey {
    case id
    case traineeID = "trainee_id"
    case fromRole = "from_role"
    case toRole = "to_role"
    case changedBy = "changed_by"
    case kind
    case createdAt = "created_at"
  }

  /// The table's columns, for queries.
  public enum Columns {
    public static let id = Column(CodingKeys.id)
    public static let traineeID = Column(CodingKeys.traineeID)
  }
}

extension RoleChangeRecord: FetchableRecord, MutablePersistableRecord {
  public static let databaseTableName = "role_changes"

  public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

/// A role change with names, as the history shows it.
public struct RoleChange: Sendable, Hashable, Codable {
  public var record: RoleChangeRecord
  public var traineeName: String
  /// The lead who made it; nil for the first lead and `before-history` rows.
  public var changedByName: String?

  public init(record: RoleChangeRecord, traineeName: String, changedByName: String?) {
    self.record = record
    self.traineeName = traineeName
    self.changedByName = changedByName
  }
}
