import DojoCore
import Foundation
import GRDB

extension SQLiteStore: ScenarioVersionStore {
  public func recordScenarioVersion(_ scenario: Scenario, at date: Date) throws {
    let version = scenario.version.isEmpty ? scenario.computeContentVersion() : scenario.version
    try write("record version \(version) of scenario \(scenario.id)") { db in
      // A version already stored (every session after the first on it) is not encoded again.
      let known = try Bool.fetchOne(
        db, sql: "SELECT EXISTS (SELECT 1 FROM scenario_versions WHERE scenario_id = ? AND version = ?)",
        arguments: [scenario.id, version]) ?? false
      if known { return }
      let json = try Self.canonicalJSON(scenario)
      try db.execute(
        sql: """
          INSERT INTO scenario_versions (scenario_id, version, scenario_json, first_seen)
          VALUES (?, ?, ?, ?) ON CONFLICT (scenario_id, version) DO NOTHING
          """,
        arguments: [scenario.id, version, json, date])
    }
  }

  @discardableResult
  public func moveSession(_ id: Int64, to scenario: Scenario, at date: Date) throws -> String {
    let version = scenario.version.isEmpty ? scenario.computeContentVersion() : scenario.version
    let json = try Self.canonicalJSON(scenario)
    return try write("move session \(id) to version \(version) of scenario \(scenario.id)") { db in
      guard let session = try SessionRecord.fetchOne(db, key: id) else { throw StoreError.unknownSession(id) }
      guard session.status == .active || session.status == .interrupted else {
        throw StoreError.notResumable(id: id, status: session.status)
      }
      try db.execute(
        sql: """
          INSERT INTO scenario_versions (scenario_id, version, scenario_json, first_seen)
          VALUES (?, ?, ?, ?) ON CONFLICT (scenario_id, version) DO NOTHING
          """,
        arguments: [scenario.id, version, json, date])
      try db.execute(sql: "UPDATE sessions SET scenario_version = ? WHERE id = ?", arguments: [version, id])
      return session.scenarioVersion
    }
  }

  public func scenarioSnapshot(id: String, version: String) throws -> ScenarioSnapshot? {
    let row = try read("read version \(version) of scenario \(id)") { db in
      try Row.fetchOne(
        db, sql: "SELECT * FROM scenario_versions WHERE scenario_id = ? AND version = ?", arguments: [id, version])
    }
    return try row.map(Self.snapshot)
  }

  public func scenarioVersions(id: String) throws -> [ScenarioSnapshot] {
    let rows = try read("read the versions of scenario \(id)") { db in
      try Row.fetchAll(
        db, sql: "SELECT * FROM scenario_versions WHERE scenario_id = ? ORDER BY first_seen, version", arguments: [id])
    }
    return try rows.map(Self.snapshot)
  }

  /// The scenario with its version, as sorted-key JSON.
  static func canonicalJSON(_ scenario: Scenario) throws -> String {
    var stored = scenario
    if stored.version.isEmpty { stored.version = stored.computeContentVersion() }
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    return String(decoding: try encoder.encode(stored), as: UTF8.self)
  }

  static func snapshot(_ row: Row) throws -> ScenarioSnapshot {
    let id: String = row["scenario_id"]
    let version: String = row["version"]
    let json: String = row["scenario_json"]
    do {
      let scenario = try JSONDecoder().decode(Scenario.self, from: Data(json.utf8))
      return ScenarioSnapshot(scenarioID: id, version: version, scenario: scenario, firstSeen: row["first_seen"])
    } catch {
      throw StoreError.databaseFailure(operation: "decode version \(version) of scenario \(id)", reason: "\(error)")
    }
  }
}
