import Foundation
import GRDB

extension SQLiteStore: RoleStore {
  @discardableResult
  public func makeFirstLead(_ name: String, at date: Date) throws -> RoleChange {
    let name = Self.normalizedName(name)
    guard !name.isEmpty else { throw StoreError.emptyTraineeName }
    return try write("make \"\(name)\" the first lead") { db in
      let leads = try Self.leadNames(db)
      guard leads.isEmpty else { throw ReviewError.leadExists(leads) }
      var trainee = try Self.roleTarget(db, name: name, at: date)
      let from = trainee.role
      trainee.role = .lead
      try trainee.update(db, columns: [TraineeRecord.Columns.role])
      var record = RoleChangeRecord(
        traineeID: trainee.id ?? 0, fromRole: from, toRole: .lead, changedBy: nil, kind: .firstLead,
        createdAt: date.roleStored)
      try record.insert(db)
      return RoleChange(record: record, traineeName: trainee.name, changedByName: nil)
    }
  }

  @discardableResult
  public func changeRole(_ role: TraineeRole, for name: String, by leadName: String, at date: Date) throws
    -> RoleChange
  {
    let name = Self.normalizedName(name)
    guard !name.isEmpty else { throw StoreError.emptyTraineeName }
    return try write("change the role of \"\(name)\"") { db in
      guard
        let lead = try TraineeRecord.filter(TraineeRecord.Columns.name == Self.normalizedName(leadName)).fetchOne(db)
      else {
        throw try Self.leadNames(db).isEmpty ? ReviewError.noLeadYet : StoreError.unknownTrainee(leadName)
      }
      guard lead.role == .lead else {
        throw try Self.leadNames(db).isEmpty ? ReviewError.noLeadYet : ReviewError.notALead(lead.name)
      }
      var trainee = try Self.roleTarget(db, name: name, at: date)
      let from = trainee.role
      guard from != role else { throw ReviewError.alreadyHasRole(name: trainee.name, role: role.rawValue) }
      if from == .lead, try Self.leadNames(db) == [trainee.name] {
        throw ReviewError.lastLead(trainee.name)
      }
      trainee.role = role
      try trainee.update(db, columns: [TraineeRecord.Columns.role])
      var record = RoleChangeRecord(
        traineeID: trainee.id ?? 0, fromRole: from, toRole: role, changedBy: lead.id, kind: .change,
        createdAt: date.roleStored)
      try record.insert(db)
      return RoleChange(record: record, traineeName: trainee.name, changedByName: lead.name)
    }
  }

  public func roleChanges() throws -> [RoleChange] {
    try read("read the role history") { db in
      let names = Dictionary(
        uniqueKeysWithValues: try TraineeRecord.fetchAll(db).map { ($0.id ?? 0, $0.name) })
      return try RoleChangeRecord.order(RoleChangeRecord.Columns.id).fetchAll(db).map {
        RoleChange(record: $0, traineeName: names[$0.traineeID] ?? "?", changedByName: $0.changedBy.flatMap { names[$0] })
      }
    }
  }

  // MARK: - Helpers

  private static func leadNames(_ db: Database) throws -> [String] {
    try String.fetchAll(db, sql: "SELECT name FROM trainees WHERE role = 'lead' ORDER BY name")
  }

  /// The trainee whose role changes, created (as a trainee) if new.
  private static func roleTarget(_ db: Database, name: String, at date: Date) throws -> TraineeRecord {
    if let existing = try TraineeRecord.filter(TraineeRecord.Columns.name == name).fetchOne(db) {
      return existing
    }
    var trainee = TraineeRecord(name: name, role: .trainee, createdAt: date.roleStored)
    try trainee.insert(db)
    return trainee
  }
}

extension Date {
  /// The date as the database gives it back (to the millisecond).
  fileprivate var roleStored: Date { Date.fromDatabaseValue(databaseValue) ?? self }
}
