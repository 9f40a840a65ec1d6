import DojoCore
import Foundation

/// One stored version of a scenario: what a trainee saw and was scored on, kept so that old
/// sessions can be reviewed against the version they were played on after the file changed.
public struct ScenarioSnapshot: Sendable, Equatable {
  public var scenarioID: String
  public var version: String
  /// The scenario as it was, decoded from the stored canonical JSON.
  public var scenario: Scenario
  /// When a session first used this version.
  public var firstSeen: Date

  public init(scenarioID: String, version: String, scenario: Scenario, firstSeen: Date) {
    self.scenarioID = scenarioID
    self.version = version
    self.scenario = scenario
    self.firstSeen = firstSeen
  }
}

/// Keeps every content version of a scenario that a session was played on.
public protocol ScenarioVersionStore: Sendable {
  /// Stores the scenario under its id and `version` unless that version is stored already
  /// (the first time stays as `firstSeen`).
  func recordScenarioVersion(_ scenario: Scenario, at: Date) throws
  /// The stored version, or nil when it was never recorded.
  func scenarioSnapshot(id: String, version: String) throws -> ScenarioSnapshot?
  /// The versions stored for a scenario, oldest first.
  func scenarioVersions(id: String) throws -> [ScenarioSnapshot]
  /// Moves an unfinished session to `scenario`'s version, storing that version: for a resume
  /// whose starting version was never stored, so the session names the version it is scored on.
  /// Returns the version it had.
  @discardableResult
  func moveSession(_ id: Int64, to scenario: Scenario, at: Date) throws -> String
}
