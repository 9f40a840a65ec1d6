/// Before or after a training.
public enum AssessmentPhase: String, Sendable, Hashable, Codable, CaseIterable {
  case pre, post
}

/// Finished assessment sessions of one trainee in one role and phase, summed (one SQL row).
///
/// Sums rather than means, so rows can be combined over roles without losing weights.
public struct PhaseTotals: Sendable, Hashable, Codable {
  public var trainee: String
  public var role: String
  public var phase: AssessmentPhase
  /// Sessions with a score.
  public var sessions: Int
  public var scoreSum: Double
  /// Sessions with a handle time, and the sum of their handle times in seconds.
  public var timedSessions: Int
  public var handleTimeSum: Double
  /// Sessions resolved in the first contact (FCR proxy).
  public var firstContactResolved: Int
  /// Sessions with a CSAT proxy (1–5), and the sum.
  public var csatSessions: Int
  public var csatSum: Double
  /// Sessions with an escalation verdict, and how they split.
  public var escalationJudged: Int
  /// `correct` or `not-expected`: the right call.
  public var escalationCorrect: Int
  /// `unnecessary` or `premature`: handed over when the trainee should have worked the case.
  public var overEscalated: Int
  /// `missed` or `late`: kept a case that needed the next tier.
  public var underEscalated: Int
  public var hintsUsed: Int

  public init(
    trainee: String, role: String, phase: AssessmentPhase, sessions: Int, scoreSum: Double,
    timedSessions: Int = 0, handleTimeSum: Double = 0, firstContactResolved: Int = 0,
    csatSessions: Int = 0, csatSum: Double = 0, escalationJudged: Int = 0,
    escalationCorrect: Int = 0, overEscalated: Int = 0, underEscalated: Int = 0, hintsUsed: Int = 0
  ) {
    self.trainee = trainee
    self.role = role
    self.phase = phase
    self.sessions = sessions
    self.scoreSum = scoreSum
    self.timedSessions = timedSessions
    self.handleTimeSum = handleTimeSum
    self.firstContactResolved = firstContactResolved
    self.csatSessions = csatSessions
    self.csatSum = csatSum
    self.escalationJudged = escalationJudged
    self.escalationCorrect = escalationCorrect
    self.overEscalated = overEscalated
    self.underEscalated = underEscalated
    self.hintsUsed = hintsUsed
  }

  /// Adds another row of the same trainee and phase (another role, say).
  public mutating func add(_ other: PhaseTotals) {
    sessions += other.sessions
    scoreSum += other.scoreSum
    timedSessions += other.timedSessions
    handleTimeSum += other.handleTimeSum
    firstContactResolved += other.firstContactResolved
    csatSessions += other.csatSessions
    csatSum += other.csatSum
    escalationJudged += other.escalationJudged
    escalationCorrect += other.escalationCorrect
    overEscalated += other.overEscalated
    underEscalated += other.underEscalated
    hintsUsed += other.hintsUsed
  }

  /// The mean score, nil without sessions.
  public var meanScore: Double? { sessions == 0 ? nil : scoreSum / Double(sessions) }

  /// The KPI proxies these sessions give.
  public var kpis: KPIProxies {
    func ratio(_ part: Int, _ whole: Int) -> Double? { whole == 0 ? nil : Double(part) / Double(whole) }
    return KPIProxies(
      sessions: sessions,
      handleTimeSeconds: timedSessions == 0 ? nil : handleTimeSum / Double(timedSessions),
      firstContactResolution: ratio(firstContactResolved, sessions),
      csat: csatSessions == 0 ? nil : csatSum / Double(csatSessions),
      escalationAccuracy: ratio(escalationCorrect, escalationJudged),
      overEscalation: ratio(overEscalated, escalationJudged),
      underEscalation: ratio(underEscalated, escalationJudged),
      hintsPerSession: sessions == 0 ? nil : Double(hintsUsed) / Double(sessions))
  }
}

/// One trainee's criterion result in one phase: points earned and possible over applicable rows.
public struct CriterionTotals: Sendable, Hashable, Codable {
  public var trainee: String
  public var criterion: String
  public var phase: AssessmentPhase
  public var points: Double
  public var maxPoints: Double

  public init(trainee: String, criterion: String, phase: AssessmentPhase, points: Double, maxPoints: Double) {
    self.trainee = trainee
    self.criterion = criterion
    self.phase = phase
    self.points = points
    self.maxPoints = maxPoints
  }
}

/// A scenario as it was played in one phase: which form and which content version.
public struct PlayedScenario: Sendable, Hashable, Codable {
  public var scenarioID: String
  public var phase: AssessmentPhase
  public var form: String?
  public var version: String

  public init(scenarioID: String, phase: AssessmentPhase, form: String?, version: String) {
    self.scenarioID = scenarioID
    self.phase = phase
    self.form = form
    self.version = version
  }
}

/// Criterion results of many trainees with the names numbered: each row names its trainee and
/// its criterion by position in `trainees` and `criteria`, so that the tens of thousands of rows
/// of a cohort carry no strings (a store reads them this way, and the report sums them in flat
/// arrays). Rows with the same trainee, criterion and phase add up.
public struct CriterionResults: Sendable, Hashable {
  /// One trainee's points on one criterion in one phase.
  public struct Row: Sendable, Hashable {
    /// Index into `trainees`.
    public var trainee: Int
    /// Index into `criteria`.
    public var criterion: Int
    public var phase: AssessmentPhase
    public var points: Double
    public var maxPoints: Double

    public init(trainee: Int, criterion: Int, phase: AssessmentPhase, points: Double, maxPoints: Double) {
      self.trainee = trainee
      self.criterion = criterion
      self.phase = phase
      self.points = points
      self.maxPoints = maxPoints
    }
  }

  /// Trainee names.
  public var trainees: [String]
  /// Criterion ids.
  public var criteria: [String]
  /// Rows whose indices are within `trainees` and `criteria`.
  public var rows: [Row]

  /// Rows already numbered; a row whose index is out of range is left out.
  public init(trainees: [String], criteria: [String], rows: [Row]) {
    self.trainees = trainees
    self.criteria = criteria
    let valid = { (row: Row) in trainees.indices.contains(row.trainee) && criteria.indices.contains(row.criterion) }
    // Copied only when a row must go (tens of thousands of rows).
    self.rows = rows.allSatisfy(valid) ? rows : rows.filter(valid)
  }

  /// Numbers named rows (names in order of first appearance).
  public init(_ totals: [CriterionTotals]) {
    var traineeIndex: [String: Int] = [:]
    var criterionIndex: [String: Int] = [:]
    var trainees: [String] = []
    var criteria: [String] = []
    rows = totals.map { row in
      let trainee = traineeIndex[row.trainee] ?? {
        traineeIndex[row.trainee] = trainees.count
        trainees.append(row.trainee)
        return trainees.count - 1
      }()
      let criterion = criterionIndex[row.criterion] ?? {
        criterionIndex[row.criterion] = criteria.count
        criteria.append(row.criterion)
        return criteria.count - 1
      }()
      return Row(trainee: trainee, criterion: criterion, phase: row.phase, points: row.points, maxPoints: row.maxPoints)
    }
    self.trainees = trainees
    self.criteria = criteria
  }

  /// The rows with their names.
  public var totals: [CriterionTotals] {
    rows.map {
      CriterionTotals(trainee: trainees[$0.trainee], criterion: criteria[$0.criterion], phase: $0.phase, points: $0.points, maxPoints: $0.maxPoints)
    }
  }
}

/// Everything the effectiveness report is computed from (the store's aggregation queries).
public struct EffectivenessInput: Sendable, Hashable {
  public var cohort: String
  /// Members of the cohort, by name (members without sessions are reported as missing).
  public var members: [String]
  public var phases: [PhaseTotals]
  /// The criterion results, numbered.
  public var criterionResults: CriterionResults
  public var played: [PlayedScenario]

  /// The criterion results with their names.
  public var criteria: [CriterionTotals] {
    get { criterionResults.totals }
    set { criterionResults = CriterionResults(newValue) }
  }

  public init(cohort: String, members: [String], phases: [PhaseTotals], criteria: [CriterionTotals], played: [PlayedScenario]) {
    self.init(cohort: cohort, members: members, phases: phases, criterionResults: CriterionResults(criteria), played: played)
  }

  public init(cohort: String, members: [String], phases: [PhaseTotals], criterionResults: CriterionResults, played: [PlayedScenario]) {
    self.cohort = cohort
    self.members = members
    self.phases = phases
    self.criterionResults = criterionResults
    self.played = played
  }
}

/// Average handle time, FCR, CSAT, escalation accuracy and hints over a set of sessions.
///
/// Rates are 0–1; nil when no session gave the value.
public struct KPIProxies: Sendable, Hashable, Codable {
  public var sessions: Int
  public var handleTimeSeconds: Double?
  public var firstContactResolution: Double?
  /// Mean CSAT proxy, 1–5, from the customer's mood at the end.
  public var csat: Double?
  public var escalationAccuracy: Double?
  public var overEscalation: Double?
  public var underEscalation: Double?
  public var hintsPerSession: Double?

  private enum CodingKeys: String, CodingKey {
    case sessions, handleTimeSeconds, firstContactResolution, csat, escalationAccuracy
    case overEscalation, underEscalation, hintsPerSession
  }

  /// Encodes every key, with null for absent values.
  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(sessions, forKey: .sessions)
    try c.encode(handleTimeSeconds, forKey: .handleTimeSeconds)
    try c.encode(firstContactResolution, forKey: .firstContactResolution)
    try c.encode(csat, forKey: .csat)
    try c.encode(escalationAccuracy, forKey: .escalationAccuracy)
    try c.encode(overEscalation, forKey: .overEscalation)
    try c.encode(underEscalation, forKey: .underEscalation)
    try c.encode(hintsPerSession, forKey: .hintsPerSession)
  }

  /// The metrics by stable name, in display order.
  public var metrics: [(name: String, value: Double?)] {
    [
      ("aht_seconds", handleTimeSeconds), ("fcr", firstContactResolution), ("csat", csat),
      ("escalation_accuracy", escalationAccuracy), ("over_escalation", overEscalation),
      ("under_escalation", underEscalation), ("hints_per_session", hintsPerSession),
    ]
  }
}

/// One trainee's change from pre to post.
public struct TraineeChange: Sendable, Hashable, Codable {
  public var name: String
  public var pre: Double?
  public var post: Double?
  public var difference: Double?
  /// (post − pre) / (100 − pre); nil when a phase is missing or pre is 100.
  public var normalizedGain: Double?
  public var preSessions: Int
  public var postSessions: Int
  /// `improved`, `worse`, `unchanged`, `pre-only`, `post-only` or `missing`.
  public var outcome: String

  private enum CodingKeys: String, CodingKey {
    case name, pre, post, difference, normalizedGain, preSessions, postSessions, outcome
  }

  /// Encodes every key, with null for absent values.
  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(name, forKey: .name)
    try c.encode(pre, forKey: .pre)
    try c.encode(post, forKey: .post)
    try c.encode(difference, forKey: .difference)
    try c.encode(normalizedGain, forKey: .normalizedGain)
    try c.encode(preSessions, forKey: .preSessions)
    try c.encode(postSessions, forKey: .postSessions)
    try c.encode(outcome, forKey: .outcome)
  }
}

/// The paired statistics of one criterion or one role.
public struct GroupChange: Sendable, Hashable, Codable {
  /// The criterion id or role id.
  public var id: String
  /// A criterion's name from the scenario library (`CriterionNames`); nil for roles and for
  /// criteria no scenario in the library declares.
  public var name: String?
  public var summary: PairedSummary
  /// The wordings behind `name` when scenarios word the criterion differently (not encoded:
  /// `name` says the same in one string).
  public var variants: [CriterionNames.Variant] = []

  public init(id: String, name: String? = nil, variants: [CriterionNames.Variant] = [], summary: PairedSummary) {
    self.id = id
    self.name = name
    self.variants = variants.count > 1 ? variants : []
    self.summary = summary
  }

  /// The name, else the id.
  public var label: String { name ?? id }

  private enum CodingKeys: String, CodingKey { case id, name, summary }

  /// Encodes every key, with null for an absent name.
  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(id, forKey: .id)
    try c.encode(name, forKey: .name)
    try c.encode(summary, forKey: .summary)
  }
}

/// KPI proxies of one role before and after.
public struct RoleKPIs: Sendable, Hashable, Codable {
  public var role: String
  public var pre: KPIProxies
  public var post: KPIProxies
}

/// Something a reader must know before trusting the numbers.
public struct ReportWarning: Sendable, Hashable, Codable {
  /// A stable code: `small-sample`, `same-form`, `ceiling`, `single-phase`, `version-changed`,
  /// `no-sessions`, `missing-members`.
  public var code: String
  public var message: String
}

/// The pre/post training-effectiveness report of one cohort.
public struct EffectivenessReport: Sendable, Hashable, Codable {
  public var cohort: String
  /// The bootstrap seed and number of draws, so the intervals can be reproduced.
  public var seed: UInt64
  public var resamples: Int
  public var overall: PairedSummary
  public var trainees: [TraineeChange]
  public var criteria: [GroupChange]
  public var roles: [GroupChange]
  public var kpis: [RoleKPIs]
  public var warnings: [ReportWarning]

  /// Below this many pairs, intervals are wide and effect sizes unstable.
  public static let smallSample = 10
  /// A mean pre score at or above this leaves little room to improve.
  public static let ceiling = 90.0

  /// Computes the report from the store's totals; `names` gives the criteria their names.
  public static func compute(
    _ input: EffectivenessInput, seed: UInt64, resamples: Int = Statistics.defaultResamples,
    names criterionNames: CriterionNames = .none
  ) -> EffectivenessReport {
    // Per trainee and phase, over all roles.
    var byTrainee: [String: [AssessmentPhase: PhaseTotals]] = [:]
    var byRole: [String: [String: [AssessmentPhase: PhaseTotals]]] = [:]
    for row in input.phases {
      byTrainee[row.trainee, default: [:]][row.phase, default: empty(row)].add(row)
      byRole[row.role, default: [:]][row.trainee, default: [:]][row.phase, default: empty(row)].add(row)
    }
    let names = Set(byTrainee.keys).union(input.members).sorted()
    var pairs: [PrePost] = []
    var trainees: [TraineeChange] = []
    for name in names {
      let pre = byTrainee[name]?[.pre]
      let post = byTrainee[name]?[.post]
      let preScore = pre?.meanScore
      let postScore = post?.meanScore
      var outcome: String
      var difference: Double?
      var gain: Double?
      switch (preScore, postScore) {
      case (let a?, let b?):
        pairs.append(PrePost(pre: a, post: b))
        difference = b - a
        gain = Statistics.normalizedGain(pre: a, post: b)
        outcome = b - a >= Statistics.unchangedWithin ? "improved" : (b - a <= -Statistics.unchangedWithin ? "worse" : "unchanged")
      case (_?, nil): outcome = "pre-only"
      case (nil, _?): outcome = "post-only"
      case (nil, nil): outcome = "missing"
      }
      trainees.append(
        TraineeChange(
          name: name, pre: preScore, post: postScore, difference: difference, normalizedGain: gain,
          preSessions: pre?.sessions ?? 0, postSessions: post?.sessions ?? 0, outcome: outcome))
    }

    // Per criterion: percent of possible points, per trainee and phase. The input's rows are
    // numbered, so each name is looked up once here, not once per row.
    var traineeIndex: [String: Int] = [:]
    for (index, name) in names.enumerated() { traineeIndex[name] = index }
    let results = input.criterionResults
    let traineeSlots = results.trainees.map { traineeIndex[$0] }
    // A criterion id may appear twice in `results.criteria`: both count as one.
    var criterionIndex: [String: Int] = [:]
    var criterionIDs: [String] = []
    var criterionSlots = [Int?](repeating: nil, count: results.criteria.count)
    // Per criterion: [points pre, max pre, points post, max post] per trainee.
    var sums: [[Double]] = []
    for row in results.rows where row.maxPoints > 0 {
      guard let trainee = traineeSlots[row.trainee] else { continue }
      let criterion: Int
      if let known = criterionSlots[row.criterion] {
        criterion = known
      } else {
        let id = results.criteria[row.criterion]
        if let known = criterionIndex[id] {
          criterion = known
        } else {
          criterion = criterionIDs.count
          criterionIndex[id] = criterion
          criterionIDs.append(id)
          sums.append([Double](repeating: 0, count: names.count * 4))
        }
        criterionSlots[row.criterion] = criterion
      }
      let base = trainee * 4 + (row.phase == .pre ? 0 : 2)
      sums[criterion][base] += row.points
      sums[criterion][base + 1] += row.maxPoints
    }
    let criterionPairs = criterionIDs.indices.map { criterion in
      let totals = sums[criterion]
      return names.indices.compactMap { trainee -> PrePost? in
        let base = trainee * 4
        guard totals[base + 1] > 0, totals[base + 3] > 0 else { return nil }
        return PrePost(pre: totals[base] / totals[base + 1] * 100, post: totals[base + 2] / totals[base + 3] * 100)
      }
    }

    // Per role: each trainee's mean within the role.
    let roleIDs = byRole.keys.sorted()
    let rolePairs = roleIDs.map { role in
      let perTrainee = byRole[role] ?? [:]
      return perTrainee.keys.sorted().compactMap { name -> PrePost? in
        guard let a = perTrainee[name]?[.pre]?.meanScore, let b = perTrainee[name]?[.post]?.meanScore
        else { return nil }
        return PrePost(pre: a, post: b)
      }
    }

    // Every group's statistics, spread over the cores (each group's bootstrap is independent).
    let groups = [pairs] + criterionPairs + rolePairs
    let summaries = Statistics.pairedInParallel(groups, seed: seed, resamples: resamples)
    let overall = summaries[0]
    let criteria = criterionIDs.indices.map { GroupChange(id: criterionIDs[$0], name: criterionNames.name(criterionIDs[$0]), variants: criterionNames.variants(criterionIDs[$0]), summary: summaries[1 + $0]) }
      .sorted { $0.id < $1.id }
    let roles = roleIDs.indices.map { GroupChange(id: roleIDs[$0], summary: summaries[1 + criterionIDs.count + $0]) }

    // KPI proxies per role, pooled over the sessions of the trainees paired in the role: the
    // same people before and after, like the scores (a trainee with one phase would tilt one side).
    let kpis = byRole.keys.sorted().map { role in
      var pre = PhaseTotals(trainee: "", role: role, phase: .pre, sessions: 0, scoreSum: 0)
      var post = PhaseTotals(trainee: "", role: role, phase: .post, sessions: 0, scoreSum: 0)
      for phases in (byRole[role] ?? [:]).values {
        guard let before = phases[.pre], let after = phases[.post] else { continue }
        pre.add(before)
        post.add(after)
      }
      return RoleKPIs(role: role, pre: pre.kpis, post: post.kpis)
    }

    let warnings = Self.warnings(input: input, overall: overall, trainees: trainees, pairs: pairs)
    return EffectivenessReport(
      cohort: input.cohort, seed: seed, resamples: resamples, overall: overall, trainees: trainees,
      criteria: criteria, roles: roles, kpis: kpis, warnings: warnings)
  }

  private static func empty(_ row: PhaseTotals) -> PhaseTotals {
    PhaseTotals(trainee: row.trainee, role: row.role, phase: row.phase, sessions: 0, scoreSum: 0)
  }

  private static func warnings(
    input: EffectivenessInput, overall: PairedSummary, trainees: [TraineeChange], pairs: [PrePost]
  ) -> [ReportWarning] {
    var warnings: [ReportWarning] = []
    if input.phases.isEmpty {
      warnings.append(
        ReportWarning(
          code: "no-sessions",
          message: "cohort \(input.cohort) has no finished assessment sessions yet"))
    }
    if overall.n == 0 && !input.phases.isEmpty {
      warnings.append(
        ReportWarning(
          code: "small-sample",
          message: "no trainee has both a pre and a post assessment yet: there is nothing to compare"))
    } else if overall.n < smallSample {
      warnings.append(
        ReportWarning(
          code: "small-sample",
          message: "only \(overall.n) paired trainee(s) (fewer than \(smallSample)): intervals are wide and effect sizes unstable"))
    }
    let preForms = Set(input.played.filter { $0.phase == .pre }.compactMap(\.form))
    let postForms = Set(input.played.filter { $0.phase == .post }.compactMap(\.form))
    let sameForms = preForms.intersection(postForms).sorted()
    let preScenarios = Set(input.played.filter { $0.phase == .pre }.map(\.scenarioID))
    let postScenarios = Set(input.played.filter { $0.phase == .post }.map(\.scenarioID))
    let repeated = preScenarios.intersection(postScenarios).sorted()
    if !sameForms.isEmpty || !repeated.isEmpty {
      var parts: [String] = []
      if !sameForms.isEmpty { parts.append("form \(sameForms.joined(separator: ", ")) was used in both phases") }
      if !repeated.isEmpty { parts.append("scenario(s) \(repeated.joined(separator: ", ")) were played in both phases") }
      warnings.append(
        ReportWarning(
          code: "same-form",
          message: parts.joined(separator: "; ") + ": part of the gain may be recall of the same case"))
    }
    let ceilingCount = pairs.filter { $0.pre >= ceiling }.count
    if let meanPre = overall.meanPre, meanPre >= ceiling {
      warnings.append(
        ReportWarning(
          code: "ceiling",
          message: "mean pre score \(format(meanPre)) is at or above \(format(ceiling)): little room to improve, gains understate the training"))
    } else if ceilingCount > 0 {
      warnings.append(
        ReportWarning(
          code: "ceiling",
          message: "\(ceilingCount) trainee(s) scored \(format(ceiling)) or more before the training: little room to improve"))
    }
    let single = trainees.filter { $0.outcome == "pre-only" || $0.outcome == "post-only" }
    if !single.isEmpty {
      let names = single.prefix(10).map { "\($0.name) (\($0.outcome))" }.joined(separator: ", ")
      let more = single.count > 10 ? ", … \(single.count - 10) more" : ""
      warnings.append(
        ReportWarning(
          code: "single-phase",
          message: "\(single.count) trainee(s) took only one phase and are left out of the paired numbers: \(names)\(more)"))
    }
    let missing = trainees.filter { $0.outcome == "missing" }
    if !missing.isEmpty && !input.phases.isEmpty {
      let names = missing.prefix(10).map(\.name).joined(separator: ", ")
      let more = missing.count > 10 ? ", … \(missing.count - 10) more" : ""
      warnings.append(
        ReportWarning(
          code: "missing-members",
          message: "\(missing.count) member(s) have no assessment yet: \(names)\(more)"))
    }
    var versions: [String: [AssessmentPhase: Set<String>]] = [:]
    for played in input.played { versions[played.scenarioID, default: [:]][played.phase, default: []].insert(played.version) }
    let changed = versions.keys.sorted().filter { id in
      let pre = versions[id]?[.pre] ?? [], post = versions[id]?[.post] ?? []
      return pre.count > 1 || post.count > 1 || (!pre.isEmpty && !post.isEmpty && pre != post)
    }
    if !changed.isEmpty {
      warnings.append(
        ReportWarning(
          code: "version-changed",
          message: "scenario(s) \(changed.joined(separator: ", ")) were played in more than one content version: scores may not be comparable"))
    }
    return warnings
  }

  /// One decimal, for messages.
  static func format(_ value: Double) -> String {
    let rounded = (value * 10).rounded() / 10
    return rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
  }
}
