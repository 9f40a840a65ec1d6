/// Something the customer knows and tells when the trainee asks for it: an e-mail address,
/// an order number, what they already tried. Asked for in any phrasing the patterns cover,
/// at any point of the conversation, it is answered with `says`.
public struct KnownItem: Sendable, Hashable, Codable, Identifiable {
  public var id: String
  /// Phrases that ask for the item (any one, in a question or a request).
  public var asked: [PhrasePattern]
  /// What the customer answers; one variant is picked by the seeded generator.
  public var says: [String]
  /// What the customer says when asked again (default: "As I said, …").
  public var again: String?
  public var line: Int
  public var column: Int
}

/// A tier or team of the scenario's organisation that a case can be handed to.
public struct OrganisationUnit: Sendable, Hashable, Codable, Identifiable {
  public var id: String
  public var kind: HandoffKind
  /// Who they are and what they own, shown when the trainee lists the targets.
  public var description: String
}

/// The tiers and teams of the organisation a scenario plays in: what `/escalate` and
/// `/transfer` offer, and what a scenario may expect.
public struct Organisation: Sendable, Hashable, Codable {
  public var units: [OrganisationUnit]
  /// True when the scenario names no organisation and the built-in lists stand in.
  public var isDefault: Bool

  public init(units: [OrganisationUnit], isDefault: Bool = false) {
    self.units = units
    self.isDefault = isDefault
  }

  /// The targets of one kind, in file order.
  public func units(_ kind: HandoffKind) -> [OrganisationUnit] { units.filter { $0.kind == kind } }

  public func unit(_ kind: HandoffKind, _ id: String) -> OrganisationUnit? {
    units.first { $0.kind == kind && $0.id == id }
  }

  /// The built-in tiers and teams, for scenarios that name none.
  public static let builtIn = Organisation(
    units: Targets.escalationTiers.map { OrganisationUnit(id: $0, kind: .escalate, description: "") }
      + Targets.transferTeams.map { OrganisationUnit(id: $0, kind: .transfer, description: "") },
    isDefault: true)
}

/// A fact of the agent's systems at scenario level, visible from the start or once one of
/// the `after` nodes has been reached (for example account data after verification).
public struct SystemFact: Sendable, Hashable, Codable {
  public var fact: Fact
  /// Node ids; empty means visible from the first line.
  public var after: [String]
  public var line: Int
  public var column: Int
}

/// A hand-off target as written in an expectation: `escalate:l2-specialist`, `transfer:billing`.
public struct HandoffTarget: Sendable, Hashable, Codable, CustomStringConvertible {
  public var kind: HandoffKind
  public var id: String

  public init(_ kind: HandoffKind, _ id: String) {
    self.kind = kind
    self.id = id
  }

  public var description: String { "\(kind.rawValue):\(id)" }
}
