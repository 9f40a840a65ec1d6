internal import Foundation

/// The support roles SupportDojo trains, after the seed article.
public enum Role: String, Sendable, Codable, CaseIterable, Comparable {
  case l1Agent = "l1-agent"
  case l2Specialist = "l2-specialist"
  case techSupport = "tech-support"
  case teamLead = "team-lead"
  case csManager = "cs-manager"

  public static func < (lhs: Role, rhs: Role) -> Bool {
    allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
  }

  /// The prefix the role's scenario ids start with (`l1-unexpected-charge`); a scenario file
  /// in the role's folder is named without it (`l1-agent/unexpected-charge.yaml`).
  public var idPrefix: String {
    switch self {
    case .l1Agent: "l1-"
    case .l2Specialist: "l2-"
    case .techSupport: "tech-"
    case .teamLead: "tl-"
    case .csManager: "csm-"
    }
  }

  /// The file name (without extension) of the scenario `id` of this role: the id without the
  /// role's prefix, or the whole id when it does not start with it.
  public func fileStem(forID id: String) -> String {
    id.hasPrefix(idPrefix) && id.count > idPrefix.count ? String(id.dropFirst(idPrefix.count)) : id
  }

  /// Team leads and managers mostly talk with colleagues, not customers.
  public var talksToColleagues: Bool { self == .teamLead || self == .csManager }
}

/// How the customer reaches the trainee.
public enum Channel: String, Sendable, Codable, CaseIterable {
  case phone, chat, email
}

/// Languages a scenario and its patterns can be written in.
public enum Language: String, Sendable, Codable, CaseIterable, CodingKeyRepresentable {
  case en, de

  /// The Snowball algorithm name for this language.
  var stemmerName: String {
    switch self {
    case .en: "english"
    case .de: "german"
    }
  }
}

/// The customer's mood on a 0–5 scale; 0 means the customer gave up.
public enum Mood: Int, Sendable, Codable, CaseIterable, Comparable {
  case gaveUp = 0, angry, upset, neutral, satisfied, delighted

  public static func < (lhs: Mood, rhs: Mood) -> Bool { lhs.rawValue < rhs.rawValue }

  /// The names scenario files use for a starting mood.
  public var name: String {
    switch self {
    case .gaveUp: "gave-up"
    case .angry: "angry"
    case .upset: "upset"
    case .neutral: "neutral"
    case .satisfied: "satisfied"
    case .delighted: "delighted"
    }
  }

  public init?(name: String) {
    guard let mood = Mood.allCases.first(where: { $0.name == name && $0 != .gaveUp }) else { return nil }
    self = mood
  }

  /// Moves the mood by `delta`, staying within 0–5 (saturating: any delta is safe).
  public func moved(by delta: Int) -> Mood {
    let step = min(5, max(-5, delta))
    return Mood(rawValue: min(5, max(0, rawValue + step))) ?? self
  }
}

/// Who an escalation or transfer goes to: a support tier, or a department outside support.
public enum HandoffKind: String, Sendable, Hashable, Codable, CaseIterable {
  case escalate, transfer
}

/// The known tiers a case can be escalated to, and the teams it can be transferred to.
public enum Targets {
  /// Support tiers and the levels above them.
  public static let escalationTiers = [
    "l2-specialist", "tech-support", "engineering", "team-lead", "cs-manager", "leadership",
  ]
  /// Departments outside the support line.
  public static let transferTeams = [
    "sales", "billing", "shipping", "finance", "legal", "product", "hr", "it", "marketing",
  ]

}

/// How an attempt ended.
public enum Ending: String, Sendable, Codable, CaseIterable {
  /// The customer's issue was solved in this conversation.
  case resolved
  /// The trainee handed the case to another tier.
  case escalated
  /// The trainee handed the case to another department.
  case transferred
  /// The customer lost patience and left.
  case gaveUp = "gave-up"
  /// The trainee ended the conversation before the case reached an ending.
  case endedByAgent = "ended-by-agent"
}

/// Phrase patterns that recognise something in a trainee's text, for one language.
///
/// `any`: at least one must match; `all`: each must match; `none`: none may match.
/// A pattern starting with `@` names a concept from the shared lexicon.
public struct EvidenceSpec: Sendable, Hashable, Codable {
  public var any: [PhrasePattern]
  public var all: [PhrasePattern]
  public var none: [PhrasePattern]
  /// Phrases that do the point only halfway ("not a problem on our side" for "does not blame
  /// the customer"): said, the criterion earns at most one point less than full.
  public var weak: [PhrasePattern]

  public init(any: [PhrasePattern] = [], all: [PhrasePattern] = [], none: [PhrasePattern] = [], weak: [PhrasePattern] = []) {
    self.any = any
    self.all = all
    self.none = none
    self.weak = weak
  }

  public var isEmpty: Bool { any.isEmpty && all.isEmpty && none.isEmpty && weak.isEmpty }

  private enum CodingKeys: String, CodingKey { case any, all, none, weak }

  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    any = try c.decode([PhrasePattern].self, forKey: .any)
    all = try c.decode([PhrasePattern].self, forKey: .all)
    none = try c.decode([PhrasePattern].self, forKey: .none)
    weak = try c.decodeIfPresent([PhrasePattern].self, forKey: .weak) ?? []
  }

  /// `weak` only when there is one, so a scenario without it keeps its content version.
  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(any, forKey: .any)
    try c.encode(all, forKey: .all)
    try c.encode(none, forKey: .none)
    if !weak.isEmpty { try c.encode(weak, forKey: .weak) }
  }
}

/// A phrase as written in a scenario file, kept with its location for diagnostics.
public struct PhrasePattern: Sendable, Hashable, Codable, CustomStringConvertible {
  public var text: String
  public var line: Int
  public var column: Int

  public init(_ text: String, line: Int = 0, column: Int = 0) {
    self.text = text
    self.line = line
    self.column = column
  }

  /// The concept name when the pattern is an `@concept` reference.
  public var conceptName: String? {
    text.hasPrefix("@") && !text.contains("|") ? String(text.dropFirst()) : nil
  }

  /// The alternatives of a pattern written `a|b|@concept`; a plain pattern is its only one.
  public var alternatives: [String] {
    // Most patterns (every lexicon phrase) have no `|`: nothing to split.
    guard text.utf8.contains(UInt8(ascii: "|")) else {
      let only = text.trimmed(newlines: false)
      return only.isEmpty ? [] : [only]
    }
    return text.split(separator: "|").map { $0.trimmed(newlines: false) }.filter { !$0.isEmpty }
  }

  /// Concept names the pattern refers to, in any alternative: a whole alternative (`@refund`)
  /// or a word inside one (`@refund {time_frame}`).
  public var conceptReferences: [String] {
    alternatives.flatMap { $0.split(separator: " ") }.filter { $0.hasPrefix("@") && $0.count > 1 }.map { String($0.dropFirst()) }
  }

  /// Typed slots the pattern uses (`{time_frame}` → `time_frame`): a word the recognisers find
  /// (a time frame, an amount, an identifier, …) rather than a word as written.
  public var slotReferences: [String] {
    alternatives.flatMap { $0.split(separator: " ") }.compactMap(PhrasePattern.slotName)
  }

  /// The slot name of a word written `{name}`, else nil.
  static func slotName(_ word: Substring) -> String? {
    guard word.count > 2, word.first == "{", word.last == "}" else { return nil }
    return String(word.dropFirst().dropLast())
  }

  public var description: String { text }

  /// Encoded as its text only, so positions never leak into content versions.
  public init(from decoder: any Decoder) throws {
    text = try decoder.singleValueContainer().decode(String.self)
    line = 0
    column = 0
  }

  public func encode(to encoder: any Encoder) throws {
    var container = encoder.singleValueContainer()
    try container.encode(text)
  }

  public static func == (lhs: PhrasePattern, rhs: PhrasePattern) -> Bool { lhs.text == rhs.text }
  public func hash(into hasher: inout Hasher) { hasher.combine(text) }
}

/// The scale a criterion is rated on, as QA scorecards use.
public enum Scale: String, Sendable, Codable, CaseIterable {
  case binary
  case threePoint = "3-point"
  case fourPoint = "4-point"
  case fivePoint = "5-point"

  /// The highest rating; ratings run from 0 to this.
  public var maxPoints: Int {
    switch self {
    case .binary: 1
    case .threePoint: 2
    case .fourPoint: 3
    case .fivePoint: 4
    }
  }
}

/// One point of the rubric.
public struct Criterion: Sendable, Hashable, Codable, Identifiable {
  public var id: String
  public var name: String
  public var weight: Double
  public var scale: Scale
  /// A miss fails the whole conversation (auto-fail).
  public var critical: Bool
  /// Adds to the score when met, costs nothing when missed.
  public var bonus: Bool
  /// What to do next time, shown when the criterion is missed.
  public var tip: String
  /// The nodes whose trainee turns count; empty means every turn. When none of them was
  /// visited, the criterion is N/A.
  public var scope: [String]
  /// Evidence patterns per language.
  public var evidence: [Language: EvidenceSpec]
  /// What the customer says to push for this point while it is still missing (names the
  /// missing part: "And when will I hear from them?").
  public var prompt: [String] = []
  /// What the customer says first to a reply that uses one of the criterion's forbidden phrases,
  /// once per conversation: a customer promised a refund by Friday holds the trainee to it, one
  /// blamed for the problem objects. (The score is unchanged by it.)
  public var reaction: [String] = []
  /// Replies that must meet the criterion on their own, and replies that must not.
  public var examplesMet: [String]
  public var examplesNotMet: [String]
  public var line: Int
  public var column: Int
}

extension Criterion {
  private enum CodingKeys: String, CodingKey {
    case id, name, weight, scale, critical, bonus, tip, scope, evidence, prompt, reaction, examplesMet, examplesNotMet,
      line, column
  }

  // `reaction` is written only when given, so a scenario without it keeps its content version,
  // and scenarios stored before it existed still read.
  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    id = try c.decode(String.self, forKey: .id)
    name = try c.decode(String.self, forKey: .name)
    weight = try c.decode(Double.self, forKey: .weight)
    scale = try c.decode(Scale.self, forKey: .scale)
    critical = try c.decode(Bool.self, forKey: .critical)
    bonus = try c.decode(Bool.self, forKey: .bonus)
    tip = try c.decode(String.self, forKey: .tip)
    scope = try c.decode([String].self, forKey: .scope)
    evidence = try c.decode([Language: EvidenceSpec].self, forKey: .evidence)
    prompt = try c.decode([String].self, forKey: .prompt)
    reaction = try c.decodeIfPresent([String].self, forKey: .reaction) ?? []
    examplesMet = try c.decode([String].self, forKey: .examplesMet)
    examplesNotMet = try c.decode([String].self, forKey: .examplesNotMet)
    line = try c.decode(Int.self, forKey: .line)
    column = try c.decode(Int.self, forKey: .column)
  }

  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(id, forKey: .id)
    try c.encode(name, forKey: .name)
    try c.encode(weight, forKey: .weight)
    try c.encode(scale, forKey: .scale)
    try c.encode(critical, forKey: .critical)
    try c.encode(bonus, forKey: .bonus)
    try c.encode(tip, forKey: .tip)
    try c.encode(scope, forKey: .scope)
    try c.encode(evidence, forKey: .evidence)
    try c.encode(prompt, forKey: .prompt)
    if !reaction.isEmpty { try c.encode(reaction, forKey: .reaction) }
    try c.encode(examplesMet, forKey: .examplesMet)
    try c.encode(examplesNotMet, forKey: .examplesNotMet)
    try c.encode(line, forKey: .line)
    try c.encode(column, forKey: .column)
  }
}

/// The rubric: criteria and the pass mark.
public struct Rubric: Sendable, Hashable, Codable {
  public var passScore: Double
  public var criteria: [Criterion]
  /// Criteria that must be met for `/end` to close the case as resolved; empty means the
  /// conditions of the branches that lead to a `resolved` ending.
  public var resolveWhen: [String] = []

  public func criterion(_ id: String) -> Criterion? { criteria.first { $0.id == id } }
}

/// A fact the hand-off note must carry, such as what was checked or the order number.
public struct HandoffRequirement: Sendable, Hashable, Codable, Identifiable {
  public var id: String
  public var name: String
  public var evidence: [Language: EvidenceSpec]
}

/// What the scenario expects about escalation: resolve yourself, or hand over to a named
/// target within a window of turns, with a note that carries given facts.
public struct EscalationExpectation: Sendable, Hashable, Codable {
  /// What the trainee should do about the case.
  public enum Expect: String, Sendable, Codable {
    case resolve, escalate, transfer
  }

  public var expect: Expect
  public var target: String?
  /// First and last trainee turn (1-based) in which the hand-off is on time.
  public var window: ClosedRange<Int>?
  public var handoff: [HandoffRequirement]
  /// The weight of the escalation verdict in the score.
  public var weight: Double
  /// A wrong verdict fails the conversation.
  public var critical: Bool
  /// Why this is the right call, shown with the verdict.
  public var rationale: String
  /// Other targets that count as the expected one (e.g. `transfer:billing` where the billing
  /// specialists are both).
  public var equivalents: [HandoffTarget] = []
  /// Hand-offs the trainee may make while keeping the case (e.g. `escalate:engineering` where
  /// passing the numbers on to an existing bug ticket is part of doing the job): they are not
  /// the case's hand-off, and a conversation they ended still counts as kept.
  public var alongside: [HandoffTarget] = []

  /// Whether a hand-off goes where the scenario expects.
  public func accepts(_ kind: HandoffKind, _ target: String) -> Bool {
    let expected: HandoffKind? = expect == .escalate ? .escalate : expect == .transfer ? .transfer : nil
    if kind == expected && target == self.target { return true }
    return equivalents.contains(HandoffTarget(kind, target))
  }

  /// Whether a hand-off is one the trainee may make alongside keeping the case.
  public func isAlongside(_ kind: HandoffKind, _ target: String) -> Bool {
    alongside.contains(HandoffTarget(kind, target))
  }

  public init(
    expect: Expect, target: String?, window: ClosedRange<Int>?, handoff: [HandoffRequirement], weight: Double, critical: Bool,
    rationale: String
  ) {
    self.expect = expect
    self.target = target
    self.window = window
    self.handoff = handoff
    self.weight = weight
    self.critical = critical
    self.rationale = rationale
  }

  private enum CodingKeys: String, CodingKey {
    case expect, target, window, handoff, weight, critical, rationale, equivalents, alongside
  }

  // `alongside` is written only when given, so a scenario without it keeps its content version,
  // and scenarios stored before it existed still read.
  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    expect = try c.decode(Expect.self, forKey: .expect)
    target = try c.decodeIfPresent(String.self, forKey: .target)
    window = try c.decodeIfPresent(ClosedRange<Int>.self, forKey: .window)
    handoff = try c.decode([HandoffRequirement].self, forKey: .handoff)
    weight = try c.decode(Double.self, forKey: .weight)
    critical = try c.decode(Bool.self, forKey: .critical)
    rationale = try c.decode(String.self, forKey: .rationale)
    equivalents = try c.decode([HandoffTarget].self, forKey: .equivalents)
    alongside = try c.decodeIfPresent([HandoffTarget].self, forKey: .alongside) ?? []
  }

  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(expect, forKey: .expect)
    try c.encodeIfPresent(target, forKey: .target)
    try c.encodeIfPresent(window, forKey: .window)
    try c.encode(handoff, forKey: .handoff)
    try c.encode(weight, forKey: .weight)
    try c.encode(critical, forKey: .critical)
    try c.encode(rationale, forKey: .rationale)
    try c.encode(equivalents, forKey: .equivalents)
    if !alongside.isEmpty { try c.encode(alongside, forKey: .alongside) }
  }
}

/// Conditions on what the trainee did in a turn; every condition given must hold.
public struct BranchCondition: Sendable, Hashable, Codable {
  public var met: [String] = []
  public var metAny: [String] = []
  public var notMet: [String] = []
  public var intent: String?
  public var escalated: String?
  public var transferred: String?
  public var misses: Int?

  public init() {}

}

/// A way out of a node.
public struct Branch: Sendable, Hashable, Codable {
  public var condition: BranchCondition
  public var target: String
  public var moodChange: Int
  /// A customer line said instead of the target node's own line.
  public var say: String?
  public var line: Int
  public var column: Int
}

/// One point in the conversation: what the customer says, what the trainee can see, what is
/// expected, and where the conversation goes next.
public struct ConversationNode: Sendable, Hashable, Codable, Identifiable {
  public var id: String
  /// What the customer says on arrival; one variant is picked by the seeded generator.
  public var customer: [String]
  /// What the customer says when the trainee's turn took no branch.
  public var reprompt: [String]
  /// What the trainee can look up here (CRM, order history, logs), by source.
  public var facts: [Fact]
  /// Criteria the trainee is expected to meet at this point.
  public var expects: [String]
  public var branches: [Branch]
  /// The model answer (may be an action such as `/escalate l2-specialist: …`).
  public var model: String?
  /// Why the model answer works, for the walk-through.
  public var commentary: String?
  /// Set on ending nodes.
  public var ending: Ending?
  /// The mood of this node's lines: the customer's mood once they have said one.
  public var mood: Mood?
  /// What the customer says when they move on from here after two replies without progress.
  public var movesOn: String?
  public var line: Int
  public var column: Int

  public var isEnding: Bool { ending != nil }
}

/// Something a trainee can look up: the source (CRM, order history, logs) and what it shows.
public struct Fact: Sendable, Hashable, Codable {
  public var source: String
  public var text: String
}

/// A line and column in a scenario file.
public struct SourcePosition: Sendable, Hashable, Codable {
  public var line: Int
  public var column: Int

  public init(line: Int, column: Int) {
    self.line = line
    self.column = column
  }
}

/// The customer the trainee talks to.
public struct Persona: Sendable, Hashable, Codable {
  public var name: String
  public var description: String
  public var mood: Mood
  /// What the customer says when they give up.
  public var giveUpLine: String?
  /// What the customer can tell when asked (identifiers, dates, what they tried).
  public var knows: [KnownItem] = []
}

/// A parsed, validated scenario. Immutable; the engine never changes it.
public struct Scenario: Sendable, Hashable, Codable, Identifiable {
  public var id: String
  public var title: String
  public var role: Role
  public var channel: Channel
  public var language: Language
  public var difficulty: Int
  public var tags: [String]
  public var form: String?
  public var formGroup: String?
  public var products: [String]
  public var summary: String
  public var persona: Persona
  public var start: String
  public var nodes: [String: ConversationNode]
  /// Node ids in file order.
  public var nodeOrder: [String]
  public var intents: [String: [Language: EvidenceSpec]]
  public var rubric: Rubric
  public var escalation: EscalationExpectation
  /// Where the scenario was read from.
  public var path: String
  /// The content version: a hash of everything the trainee sees and everything that is scored.
  public var version: String = ""
  /// Where each intent is defined, for diagnostics.
  public var intentPositions: [String: SourcePosition] = [:]
  /// What the agent's systems show, and from when.
  public var facts: [SystemFact] = []
  /// The tiers and teams a case can go to.
  public var organisation: Organisation = .builtIn

  public func node(_ id: String) -> ConversationNode? { nodes[id] }

  /// Nodes in file order.
  public var orderedNodes: [ConversationNode] { nodeOrder.compactMap { nodes[$0] } }
}
