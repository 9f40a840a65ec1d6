/// One difference between two versions of a scenario.
public struct ScenarioChangeItem: Sendable, Hashable, Codable {
  /// What the difference is about.
  public enum Area: String, Sendable, Codable, CaseIterable {
    case customer, facts, model, rubric, escalation, other
  }

  public var area: Area
  /// Where and what, e.g. `node 'opening': customer line` or `criterion 'window': 'all' patterns (en)`.
  public var what: String
  public var old: String?
  public var new: String?

  private enum CodingKeys: String, CodingKey { case area, what, old, new }

  /// Every key, with null for absent values, so the JSON shape is stable.
  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(area, forKey: .area)
    try c.encode(what, forKey: .what)
    try c.encode(old, forKey: .old)
    try c.encode(new, forKey: .new)
  }
}

/// How one scenario differs between an old and a new library.
public struct ScenarioChange: Sendable, Hashable, Codable {
  public enum Status: String, Sendable, Codable { case added, removed, changed, unchanged }

  public var id: String
  public var status: Status
  public var oldVersion: String?
  public var newVersion: String?
  public var changes: [ScenarioChangeItem]

  private enum CodingKeys: String, CodingKey { case id, status, oldVersion, newVersion, changes }

  /// Every key, with null for absent values, so the JSON shape is stable.
  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(id, forKey: .id)
    try c.encode(status, forKey: .status)
    try c.encode(oldVersion, forKey: .oldVersion)
    try c.encode(newVersion, forKey: .newVersion)
    try c.encode(changes, forKey: .changes)
    // `id` is deprecated: `scenario_id` is the key of every output.
    var named = encoder.container(keyedBy: ScenarioIDKey.self)
    try named.encode(id, forKey: .scenarioID)
  }
}

/// Compares scenarios by id: customer lines, facts, model answers, rubric (criteria added or
/// removed, weights, scales, patterns) and escalation expectations. Pure.
public enum ScenarioDiff {
  /// One entry per id found in either list, sorted by id.
  public static func compare(old: [Scenario], new: [Scenario]) -> [ScenarioChange] {
    let olds = Dictionary(old.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
    let news = Dictionary(new.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
    return Set(olds.keys).union(news.keys).sorted().map { id in
      switch (olds[id], news[id]) {
      case (let a?, let b?):
        let changes = compare(a, b)
        return ScenarioChange(
          id: id, status: changes.isEmpty && a.version == b.version ? .unchanged : .changed, oldVersion: a.version,
          newVersion: b.version, changes: changes)
      case (let a?, nil):
        return ScenarioChange(id: id, status: .removed, oldVersion: a.version, newVersion: nil, changes: [])
      case (nil, let b?):
        return ScenarioChange(id: id, status: .added, oldVersion: nil, newVersion: b.version, changes: [])
      case (nil, nil):
        return ScenarioChange(id: id, status: .unchanged, oldVersion: nil, newVersion: nil, changes: [])
      }
    }
  }

  /// The differences between two versions of one scenario.
  public static func compare(_ a: Scenario, _ b: Scenario) -> [ScenarioChangeItem] {
    var items: [ScenarioChangeItem] = []
    func add(_ area: ScenarioChangeItem.Area, _ what: String, _ old: String?, _ new: String?) {
      if old != new { items.append(ScenarioChangeItem(area: area, what: what, old: old, new: new)) }
    }
    func lines(_ list: [String]) -> String? { list.isEmpty ? nil : list.joined(separator: "\n---\n") }

    add(.other, "title", a.title, b.title)
    add(.other, "summary", a.summary, b.summary)
    add(.other, "persona", "\(a.persona.name): \(a.persona.description) (\(a.persona.mood.name))", "\(b.persona.name): \(b.persona.description) (\(b.persona.mood.name))")
    add(.other, "difficulty", String(a.difficulty), String(b.difficulty))
    add(.other, "start node", a.start, b.start)

    // Nodes in the new order, then the removed ones.
    let nodeIDs = b.nodeOrder + a.nodeOrder.filter { !b.nodeOrder.contains($0) }
    for id in nodeIDs {
      let old = a.node(id), new = b.node(id)
      let label = "node '\(id)'"
      if old == nil || new == nil {
        add(.other, label, old.map { _ in "present" }, new.map { _ in "present" })
        if let new { add(.customer, "\(label): customer line", nil, lines(new.customer)) }
        if let old { add(.customer, "\(label): customer line", lines(old.customer), nil) }
        continue
      }
      guard let old, let new else { continue }
      add(.customer, "\(label): customer line", lines(old.customer), lines(new.customer))
      add(.customer, "\(label): reprompt", lines(old.reprompt), lines(new.reprompt))
      add(.customer, "\(label): branch lines", lines(old.branches.compactMap(\.say)), lines(new.branches.compactMap(\.say)))
      let sources = new.facts.map(\.source) + old.facts.map(\.source).filter { source in !new.facts.contains { $0.source == source } }
      for source in sources {
        add(.facts, "\(label): fact '\(source)'", old.facts.first { $0.source == source }?.text, new.facts.first { $0.source == source }?.text)
      }
      add(.model, "\(label): model answer", old.model, new.model)
      add(.other, "\(label): expects", old.expects.joined(separator: ", "), new.expects.joined(separator: ", "))
      add(.other, "\(label): branches", branchSummary(old.branches), branchSummary(new.branches))
      add(.other, "\(label): ending", old.ending?.rawValue, new.ending?.rawValue)
    }

    add(.rubric, "pass score", format(a.rubric.passScore), format(b.rubric.passScore))
    let criterionIDs = b.rubric.criteria.map(\.id) + a.rubric.criteria.map(\.id).filter { id in !b.rubric.criteria.contains { $0.id == id } }
    for id in criterionIDs {
      let old = a.rubric.criteria.first { $0.id == id }, new = b.rubric.criteria.first { $0.id == id }
      let label = "criterion '\(id)'"
      guard let old, let new else {
        add(.rubric, label, old.map { "\($0.name) (weight \(format($0.weight)))" }, new.map { "\($0.name) (weight \(format($0.weight)))" })
        continue
      }
      add(.rubric, "\(label): name", old.name, new.name)
      add(.rubric, "\(label): weight", format(old.weight), format(new.weight))
      add(.rubric, "\(label): scale", old.scale.rawValue, new.scale.rawValue)
      add(.rubric, "\(label): critical", String(old.critical), String(new.critical))
      add(.rubric, "\(label): bonus", String(old.bonus), String(new.bonus))
      add(.rubric, "\(label): scope", old.scope.joined(separator: ", "), new.scope.joined(separator: ", "))
      add(.rubric, "\(label): tip", old.tip, new.tip)
      items += patternChanges(.rubric, label, old.evidence, new.evidence)
    }

    let x = a.escalation, y = b.escalation
    add(.escalation, "expect", x.expect.rawValue, y.expect.rawValue)
    add(.escalation, "target", x.target, y.target)
    add(.escalation, "window", x.window.map { "[\($0.lowerBound), \($0.upperBound)]" }, y.window.map { "[\($0.lowerBound), \($0.upperBound)]" })
    add(.escalation, "weight", format(x.weight), format(y.weight))
    add(.escalation, "critical", String(x.critical), String(y.critical))
    let handoffIDs = y.handoff.map(\.id) + x.handoff.map(\.id).filter { id in !y.handoff.contains { $0.id == id } }
    for id in handoffIDs {
      let old = x.handoff.first { $0.id == id }, new = y.handoff.first { $0.id == id }
      let label = "hand-off fact '\(id)'"
      guard let old, let new else {
        add(.escalation, label, old?.name, new?.name)
        continue
      }
      add(.escalation, "\(label): name", old.name, new.name)
      items += patternChanges(.escalation, label, old.evidence, new.evidence)
    }
    return items
  }

  /// Patterns added and removed per language and group.
  static func patternChanges(
    _ area: ScenarioChangeItem.Area, _ label: String, _ old: [Language: EvidenceSpec], _ new: [Language: EvidenceSpec]
  ) -> [ScenarioChangeItem] {
    var items: [ScenarioChangeItem] = []
    for language in Language.allCases {
      let a = old[language] ?? EvidenceSpec(), b = new[language] ?? EvidenceSpec()
      for (group, x, y) in [("any", a.any, b.any), ("all", a.all, b.all), ("none", a.none, b.none)] {
        let before = x.map(\.text), after = y.map(\.text)
        let removed = before.filter { !after.contains($0) }, added = after.filter { !before.contains($0) }
        if removed.isEmpty && added.isEmpty { continue }
        items.append(ScenarioChangeItem(
          area: area, what: "\(label): '\(group)' patterns (\(language.rawValue))",
          old: removed.isEmpty ? nil : removed.joined(separator: " · "), new: added.isEmpty ? nil : added.joined(separator: " · ")))
      }
    }
    return items
  }

  static func branchSummary(_ branches: [Branch]) -> String {
    branches.map { "→ \($0.target)\($0.moodChange == 0 ? "" : " (mood \($0.moodChange > 0 ? "+" : "")\($0.moodChange))")" }.joined(separator: ", ")
  }

  static func format(_ value: Double) -> String {
    // Int(_:) traps beyond its range (a weight from a stored snapshot can be anything).
    value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
  }
}
