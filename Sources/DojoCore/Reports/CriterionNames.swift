/// The names of rubric criteria for reports, which the store keeps only as ids.
///
/// Reports pool a criterion over every scenario that declares its id (forms A and B of an
/// assessment share them on purpose). Where those scenarios name it differently, the name says
/// which scenario each wording comes from: `Promises no refund … (l1-unexpected-charge) / Promises
/// no credit … (l1-unexpected-charge-b)`.
public struct CriterionNames: Sendable {
  /// One wording of a criterion and the scenarios (ids, sorted) that use it.
  public struct Variant: Sendable, Hashable {
    public var name: String
    public var scenarios: [String]
  }

  /// Per criterion id: each distinct name and the scenarios that use it.
  private var byID: [String: [Variant]]

  /// No names: reports show the ids.
  public static let none = CriterionNames(scenarios: [])

  /// One scenario's criteria as reports name them, the generated escalation criterion's
  /// included: what `CriterionNamesCache` keeps between runs instead of the parsed scenario.
  public struct Declared: Sendable, Hashable, Codable {
    public var scenario: String
    /// In the scenario's order.
    public var criteria: [Criterion]

    public struct Criterion: Sendable, Hashable, Codable {
      public var id: String
      public var name: String
    }

    public init(scenario: String, criteria: [(id: String, name: String)]) {
      self.scenario = scenario
      self.criteria = criteria.map { Criterion(id: $0.id, name: $0.name) }
    }

    public init(_ scenario: Scenario) {
      self.init(
        scenario: scenario.id,
        criteria: scenario.rubric.criteria.map { ($0.id, $0.name) }
          + [("escalation", Scorer.escalationName(scenario.escalation, language: scenario.language))])
    }
  }

  /// The names declared by `scenarios`, plus the generated escalation criterion's.
  public init(scenarios: [Scenario]) {
    self.init(declared: scenarios.map(Declared.init))
  }

  /// The names the scenarios declare.
  public init(declared: [Declared]) {
    var byID: [String: [String: Set<String>]] = [:]
    for scenario in declared {
      for criterion in scenario.criteria {
        byID[criterion.id, default: [:]][criterion.name, default: []].insert(scenario.scenario)
      }
    }
    self.byID = byID.mapValues { names in
      names.map { Variant(name: $0.key, scenarios: $0.value.sorted()) }
        .sorted { ($0.scenarios.first ?? "", $0.name) < ($1.scenarios.first ?? "", $1.name) }
    }
  }

  /// The names from the library's scenarios among `played` (ids); all of the library's when
  /// `played` is nil or none of them is in the library.
  public init(library: ScenarioLibrary, played: Set<String>?) {
    self.init(declared: library.scenarios.map(Declared.init), played: played)
  }

  /// The names from the declared scenarios among `played` (ids); all of them when `played` is
  /// nil or none of them was declared.
  public init(declared: [Declared], played: Set<String>?) {
    let chosen = played.map { ids in declared.filter { ids.contains($0.scenario) } } ?? []
    self.init(declared: chosen.isEmpty ? declared : chosen)
  }

  /// The criterion's name for people, with the scenario behind each wording when the scenarios
  /// differ; nil when no scenario declares the id.
  public func name(_ id: String) -> String? {
    let found = variants(id)
    guard !found.isEmpty else { return nil }
    if found.count == 1 { return found[0].name }
    return found.map { "\($0.name) (\(Self.list($0.scenarios)))" }.joined(separator: " / ")
  }

  /// The wordings of a criterion, ordered by their first scenario; empty when none declares it.
  public func variants(_ id: String) -> [Variant] { byID[id] ?? [] }

  /// The name, else the id.
  public func label(_ id: String) -> String { name(id) ?? id }

  /// Up to three scenario ids, then how many more.
  public static func list(_ ids: [String]) -> String {
    ids.count <= 3 ? ids.joined(separator: ", ") : ids.prefix(2).joined(separator: ", ") + " and \(ids.count - 2) more"
  }
}
