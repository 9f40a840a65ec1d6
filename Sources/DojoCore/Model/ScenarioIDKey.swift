/// The one key every JSON output uses for a scenario id: `scenarioID`, printed as `scenario_id`
/// by the snake-case encoders of the command line.
///
/// Outputs that named it otherwise (`id` in `scenarios list`, `diff`, `show` and `new`;
/// `scenario` in `versions`, `replay`, `walkthrough` and `autoplay`) keep the old key beside it
/// for one release; it is deprecated.
public enum ScenarioIDKey: String, CodingKey {
  case scenarioID
}

/// A value encoded as itself with `scenarioID` added beside its own keys, for outputs whose
/// type has no such key of its own (a scenario document, an autoplay report).
public struct WithScenarioID<Value: Encodable>: Encodable {
  public var scenarioID: String
  public var value: Value

  public init(_ scenarioID: String, _ value: Value) {
    self.scenarioID = scenarioID
    self.value = value
  }

  public func encode(to encoder: any Encoder) throws {
    try value.encode(to: encoder)
    var c = encoder.container(keyedBy: ScenarioIDKey.self)
    try c.encode(scenarioID, forKey: .scenarioID)
  }
}
