/// How far the automatic scores agree with a lead's labels on an evaluation set: per scenario
/// and criterion, Cohen's kappa on credited / not credited, quadratic-weighted kappa on
/// 0 / partial / full, verdict accuracy, and every disagreement with the words involved.
///
/// Pure: built from a set and the scenarios, no I/O.
public struct EvaluationReport: Sendable, Codable {
  /// Agreement figures over some rated items.
  public struct Figures: Sendable, Codable, Hashable {
    /// Items both the lead and the scorer rated (N/A on either side left out).
    public var items: Int
    /// Share of items where both agree on credited / not credited.
    public var agreement: Double?
    /// Share of items with the same level (0, partial, full).
    public var exactAgreement: Double?
    /// Cohen's kappa on credited / not credited.
    public var kappa: Double?
    /// Quadratic-weighted kappa on 0 / partial / full.
    public var weightedKappa: Double?
    /// Conversations with a lead verdict, and the share the scorer's verdict matches.
    public var verdicts: Int
    public var verdictAccuracy: Double?

    enum CodingKeys: String, CodingKey {
      case items, agreement, kappa, verdicts
      case exactAgreement = "exact_agreement"
      case weightedKappa = "weighted_kappa"
      case verdictAccuracy = "verdict_accuracy"
    }

    public func encode(to encoder: any Encoder) throws {
      var c = encoder.container(keyedBy: CodingKeys.self)
      try c.encode(items, forKey: .items)
      try c.encode(agreement, forKey: .agreement)
      try c.encode(exactAgreement, forKey: .exactAgreement)
      try c.encode(kappa, forKey: .kappa)
      try c.encode(weightedKappa, forKey: .weightedKappa)
      try c.encode(verdicts, forKey: .verdicts)
      try c.encode(verdictAccuracy, forKey: .verdictAccuracy)
    }
  }

  /// The figures of one criterion of one scenario.
  public struct CriterionFigures: Sendable, Codable, Hashable {
    public var criterion: String
    public var name: String
    public var figures: Figures
  }

  /// The figures of one scenario, overall and per criterion.
  public struct ScenarioFigures: Sendable, Codable, Hashable {
    public var scenarioID: String
    public var conversations: Int
    public var figures: Figures
    public var criteria: [CriterionFigures]

    enum CodingKeys: String, CodingKey {
      case conversations, figures, criteria
      case scenarioID = "scenario_id"
    }
  }

  /// One item where the lead and the scorer differ, with the words involved.
  public struct Disagreement: Sendable, Codable, Hashable {
    public var conversation: String
    public var scenarioID: String
    public var criterion: String
    public var name: String
    public var lead: LeadRating
    /// The scorer's level: 0, 1 (partial) or 2 (full); nil when it found the criterion N/A.
    public var scorerLevel: Int?
    /// Points out of the criterion's maximum.
    public var scorerPoints: String
    /// The words that earned the scorer's points (`turn 2: “sorry hear”`).
    public var evidence: [String]
    /// Forbidden phrases the scorer found.
    public var violations: [String]
    /// Phrases that capped the criterion below full (its `weak` list).
    public var weakened: [String]
    /// The scorer's reason for points not earned.
    public var reason: String?
    /// The trainee's replies where the criterion applied (or all replies when it applied nowhere).
    public var replies: [String]

    enum CodingKeys: String, CodingKey {
      case conversation, criterion, name, lead, evidence, violations, weakened, reason, replies
      case scenarioID = "scenario_id"
      case scorerLevel = "scorer_level"
      case scorerPoints = "scorer_points"
    }

    public func encode(to encoder: any Encoder) throws {
      var c = encoder.container(keyedBy: CodingKeys.self)
      try c.encode(conversation, forKey: .conversation)
      try c.encode(scenarioID, forKey: .scenarioID)
      try c.encode(criterion, forKey: .criterion)
      try c.encode(name, forKey: .name)
      try c.encode(lead, forKey: .lead)
      try c.encode(scorerLevel, forKey: .scorerLevel)
      try c.encode(scorerPoints, forKey: .scorerPoints)
      try c.encode(evidence, forKey: .evidence)
      try c.encode(violations, forKey: .violations)
      try c.encode(weakened, forKey: .weakened)
      try c.encode(reason, forKey: .reason)
      try c.encode(replies, forKey: .replies)
    }
  }

  /// A conversation whose verdicts differ.
  public struct VerdictDisagreement: Sendable, Codable, Hashable {
    public var conversation: String
    public var scenarioID: String
    public var lead: LeadVerdict
    public var score: Double
    public var passed: Bool
    public var criticalMisses: [String]

    enum CodingKeys: String, CodingKey {
      case conversation, lead, score, passed
      case scenarioID = "scenario_id"
      case criticalMisses = "critical_misses"
    }
  }

  /// The targets a held-out set must meet.
  public struct Targets: Sendable, Codable, Hashable {
    public var kappa = 0.80
    public var scenarioKappa = 0.60
    public var weightedKappa = 0.85
    public var verdictAccuracy = 0.90

    public init() {}

    enum CodingKeys: String, CodingKey {
      case kappa
      case scenarioKappa = "scenario_kappa"
      case weightedKappa = "weighted_kappa"
      case verdictAccuracy = "verdict_accuracy"
    }
  }

  public var set: String
  public var conversations: Int
  public var labelled: Int
  public var overall: Figures
  public var scenarios: [ScenarioFigures]
  public var disagreements: [Disagreement]
  public var verdictDisagreements: [VerdictDisagreement]
  /// Conversations recorded on another content version of their scenario than today's.
  public var otherVersion: Int
  /// Items the lead rated N/A that the scorer rated, and the other way round (left out of kappa).
  public var notApplicableMismatches: Int
  /// Problems that made conversations or labels unusable (unknown scenario, unknown criterion).
  public var problems: [String]
  public var targets: Targets
  /// What missed the targets, in words; empty when all are met.
  public var missedTargets: [String]

  enum CodingKeys: String, CodingKey {
    case set, conversations, labelled, overall, scenarios, disagreements, problems, targets
    case verdictDisagreements = "verdict_disagreements"
    case otherVersion = "other_version"
    case notApplicableMismatches = "na_mismatches"
    case missedTargets = "missed_targets"
  }

  /// Scores every labelled conversation of `set` as recorded with the scenarios from `scenarios`
  /// (by id) and compares with the labels.
  public init(
    set: EvaluationSet, scenario lookup: (String) -> CompiledScenario?, targets: Targets = Targets()
  ) {
    self.set = set.name
    self.targets = targets
    conversations = set.conversations.count
    var problems: [String] = []
    var otherVersion = 0
    var naMismatches = 0
    var disagreements: [Disagreement] = []
    var verdictDisagreements: [VerdictDisagreement] = []
    // Per scenario: lead and scorer levels per criterion, verdict pairs.
    struct Pairs {
      var lead: [Int] = []
      var scorer: [Int] = []
    }
    var byCriterion: [String: [String: Pairs]] = [:]
    var criterionNames: [String: [String: String]] = [:]
    var criterionOrder: [String: [String]] = [:]
    var verdicts: [String: [(lead: Bool, scorer: Bool)]] = [:]
    var conversationCount: [String: Int] = [:]
    var labelled = 0

    for conversation in set.conversations {
      guard let labels = set.labels[conversation.id] else { continue }
      guard let compiled = lookup(conversation.scenarioID) else {
        problems.append("\(conversation.id): no scenario '\(conversation.scenarioID)' in the library")
        continue
      }
      labelled += 1
      let scenario = compiled.scenario
      if !conversation.scenarioVersion.isEmpty && conversation.scenarioVersion != scenario.version { otherVersion += 1 }
      let result = Scorer(compiled).score(conversation.transcript)
      let id = scenario.id
      conversationCount[id, default: 0] += 1
      if criterionOrder[id] == nil { criterionOrder[id] = result.criteria.map(\.id) }
      for criterion in result.criteria { criterionNames[id, default: [:]][criterion.id] = criterion.name }
      let known = Set(result.criteria.map(\.id))
      for unknown in labels.criteria.keys.sorted() where !known.contains(unknown) {
        problems.append("\(conversation.id): label for unknown criterion '\(unknown)' of \(id)")
      }
      for criterion in result.criteria {
        guard let rating = labels.criteria[criterion.id] else { continue }
        let scorerLevel = Self.level(criterion)
        guard let leadLevel = rating.level, let scorerLevel else {
          if (rating.level == nil) != (scorerLevel == nil) { naMismatches += 1 }
          continue
        }
        byCriterion[id, default: [:]][criterion.id, default: Pairs()].lead.append(leadLevel)
        byCriterion[id, default: [:]][criterion.id, default: Pairs()].scorer.append(scorerLevel)
        if leadLevel != scorerLevel {
          var item = Self.disagreement(
            conversation: conversation, criterion: criterion, lead: rating, scorerLevel: scorerLevel, compiled: compiled)
          // The hand-off's verdict says why (late, incomplete note: which facts were missing).
          if criterion.id == "escalation" {
            let missing = result.escalation.handoffMissing
            item.reason = result.escalation.explanation + (missing.isEmpty ? "" : " (missing: \(missing.joined(separator: ", ")))")
          }
          disagreements.append(item)
        }
      }
      let leadPassed = labels.verdict == .pass
      verdicts[id, default: []].append((leadPassed, result.passed))
      if leadPassed != result.passed {
        verdictDisagreements.append(VerdictDisagreement(
          conversation: conversation.id, scenarioID: id, lead: labels.verdict, score: result.score,
          passed: result.passed, criticalMisses: result.criticalMisses))
      }
    }

    var allLead: [Int] = [], allScorer: [Int] = []
    var allVerdicts: [(lead: Bool, scorer: Bool)] = []
    var scenarios: [ScenarioFigures] = []
    for id in Set(byCriterion.keys).union(verdicts.keys).sorted() {
      var scenarioLead: [Int] = [], scenarioScorer: [Int] = []
      var criteria: [CriterionFigures] = []
      for criterionID in criterionOrder[id] ?? [] {
        guard let pairs = byCriterion[id]?[criterionID] else { continue }
        scenarioLead += pairs.lead
        scenarioScorer += pairs.scorer
        criteria.append(CriterionFigures(
          criterion: criterionID, name: criterionNames[id]?[criterionID] ?? criterionID,
          figures: Self.figures(lead: pairs.lead, scorer: pairs.scorer, verdicts: [])))
      }
      allLead += scenarioLead
      allScorer += scenarioScorer
      allVerdicts += verdicts[id] ?? []
      scenarios.append(ScenarioFigures(
        scenarioID: id, conversations: conversationCount[id] ?? 0,
        figures: Self.figures(lead: scenarioLead, scorer: scenarioScorer, verdicts: verdicts[id] ?? []),
        criteria: criteria))
    }
    self.labelled = labelled
    self.scenarios = scenarios
    overall = Self.figures(lead: allLead, scorer: allScorer, verdicts: allVerdicts)
    self.disagreements = disagreements
    self.verdictDisagreements = verdictDisagreements
    self.otherVersion = otherVersion
    notApplicableMismatches = naMismatches
    self.problems = problems

    var missed: [String] = []
    func below(_ value: Double?, _ target: Double) -> Bool { (value ?? -1) < target }
    if below(overall.kappa, targets.kappa) { missed.append("kappa \(Self.show(overall.kappa)) < \(targets.kappa)") }
    if below(overall.weightedKappa, targets.weightedKappa) {
      missed.append("weighted kappa \(Self.show(overall.weightedKappa)) < \(targets.weightedKappa)")
    }
    if below(overall.verdictAccuracy, targets.verdictAccuracy) {
      missed.append("verdict accuracy \(Self.show(overall.verdictAccuracy)) < \(targets.verdictAccuracy)")
    }
    for scenario in scenarios where below(scenario.figures.kappa, targets.scenarioKappa) {
      missed.append("\(scenario.scenarioID): kappa \(Self.show(scenario.figures.kappa)) < \(targets.scenarioKappa)")
    }
    missedTargets = missed
  }

  static func show(_ value: Double?) -> String {
    guard let value else { return "n/a" }
    return ReportNumber.fixed(value, places: 3)
  }

  /// The scorer's level of a criterion: 0, 1 (some points) or 2 (full), nil when N/A.
  static func level(_ criterion: CriterionResult) -> Int? {
    guard criterion.applicable, let score = criterion.score else { return nil }
    if score >= criterion.max { return 2 }
    return score > 0 ? 1 : 0
  }

  static func figures(lead: [Int], scorer: [Int], verdicts: [(lead: Bool, scorer: Bool)]) -> Figures {
    let n = lead.count
    let credited = zip(lead, scorer).filter { ($0 > 0) == ($1 > 0) }.count
    let exact = zip(lead, scorer).filter { $0 == $1 }.count
    let kappa = Agreement.cohensKappa(lead.map { $0 > 0 ? 1 : 0 }, scorer.map { $0 > 0 ? 1 : 0 })
    let weighted = Agreement.cohensKappa(lead.map { Optional($0) }, scorer.map { Optional($0) }, weighting: .quadratic)
    let right = verdicts.filter { $0.lead == $0.scorer }.count
    return Figures(
      items: n, agreement: n == 0 ? nil : Double(credited) / Double(n),
      exactAgreement: n == 0 ? nil : Double(exact) / Double(n),
      kappa: n == 0 ? nil : (kappa ?? (credited == n ? 1 : nil)),
      weightedKappa: n == 0 ? nil : (weighted ?? (exact == n ? 1 : nil)),
      verdicts: verdicts.count, verdictAccuracy: verdicts.isEmpty ? nil : Double(right) / Double(verdicts.count))
  }

  static func disagreement(
    conversation: RecordedConversation, criterion: CriterionResult, lead: LeadRating, scorerLevel: Int?,
    compiled: CompiledScenario
  ) -> Disagreement {
    let scope = Set(compiled.scenario.rubric.criterion(criterion.id)?.scope ?? [])
    let trainee = conversation.lines.filter { $0.speaker == .trainee }
    var replies = trainee.filter { scope.contains($0.node) }
    if criterion.id == "escalation" || replies.isEmpty { replies = trainee }
    return Disagreement(
      conversation: conversation.id, scenarioID: conversation.scenarioID, criterion: criterion.id, name: criterion.name,
      lead: lead, scorerLevel: scorerLevel, scorerPoints: "\(criterion.score ?? 0)/\(criterion.max)",
      evidence: criterion.evidence.map { "turn \($0.turn): \($0.words.isEmpty ? $0.pattern : $0.words.joined(separator: " "))" },
      violations: criterion.violations.map { "turn \($0.turn): \($0.words.joined(separator: " "))" },
      weakened: criterion.weakened.map { "turn \($0.turn): \($0.words.joined(separator: " "))" },
      reason: criterion.reason,
      replies: replies.map { line in
        let action = line.action.map { $0 == .reply ? "" : "/\($0.rawValue) \(line.target ?? ""): " } ?? ""
        return "[\(line.turn ?? 0)] " + action + line.text
      })
  }
}
