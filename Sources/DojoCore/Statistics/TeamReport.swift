/// One trainee's finished sessions in a team report, summed (one SQL row).
public struct TeamTotals: Sendable, Hashable, Codable {
  public var trainee: String
  public var passes: Int
  public var lastPlayed: String?
  public var totals: PhaseTotals

  public init(trainee: String, passes: Int, lastPlayed: String?, totals: PhaseTotals) {
    self.trainee = trainee
    self.passes = passes
    self.lastPlayed = lastPlayed
    self.totals = totals
  }
}

/// One criterion over many sessions: points earned and possible, and how often it was met.
public struct CriterionRate: Sendable, Hashable, Codable {
  public var criterion: String
  /// Applicable criterion results counted.
  public var results: Int
  public var met: Int
  public var points: Double
  public var maxPoints: Double

  public init(criterion: String, results: Int, met: Int, points: Double, maxPoints: Double) {
    self.criterion = criterion
    self.results = results
    self.met = met
    self.points = points
    self.maxPoints = maxPoints
  }

  /// Points earned as a percentage of points possible.
  public var percent: Double? { maxPoints > 0 ? points / maxPoints * 100 : nil }
  /// Share of results where the criterion was met (0–1).
  public var metRate: Double? { results > 0 ? Double(met) / Double(results) : nil }
}

/// A team lead's weekly view: per trainee attempts, pass rate, mean score and KPI proxies,
/// and the criteria the team misses most.
public struct TeamReport: Sendable, Hashable, Codable {
  /// One row per trainee with at least one finished session.
  public struct Trainee: Sendable, Hashable, Codable {
    public var name: String
    public var attempts: Int
    public var passes: Int
    /// 0–1.
    public var passRate: Double?
    public var meanScore: Double?
    public var lastPlayed: String?
    public var kpis: KPIProxies
  }

  /// A criterion with its team-wide percentage of points and met rate.
  public struct Criterion: Sendable, Hashable, Codable {
    public var id: String
    /// The name from the scenario library (`CriterionNames`), nil when no scenario declares it.
    public var name: String?
    public var results: Int
    public var percent: Double?
    public var metRate: Double?
  }

  public var cohort: String?
  /// From when sessions count: an ISO 8601 day (`2026-11-01`) or time (UTC), or nil for all time.
  public var since: String?
  public var attempts: Int
  public var passRate: Double?
  public var meanScore: Double?
  public var kpis: KPIProxies
  public var trainees: [Trainee]
  /// The weakest criteria first (lowest percentage of points).
  public var weakestCriteria: [Criterion]

  /// How many criteria the report lists as weakest.
  public static let weakestCount = 5

  /// Builds the report from per-trainee totals and per-criterion rates.
  public static func compute(cohort: String?, since: String?, trainees: [TeamTotals], criteria: [CriterionRate]) -> TeamReport {
    var all = PhaseTotals(trainee: "", role: "", phase: .pre, sessions: 0, scoreSum: 0)
    var passes = 0
    var rows: [Trainee] = []
    for row in trainees.sorted(by: { $0.trainee < $1.trainee }) {
      all.add(row.totals)
      passes += row.passes
      let attempts = row.totals.sessions
      rows.append(
        Trainee(
          name: row.trainee, attempts: attempts, passes: row.passes,
          passRate: attempts == 0 ? nil : Double(row.passes) / Double(attempts),
          meanScore: row.totals.meanScore, lastPlayed: row.lastPlayed, kpis: row.totals.kpis))
    }
    let weakest = criteria.filter { $0.percent != nil }
      .sorted { ($0.percent ?? 0, $0.criterion) < ($1.percent ?? 0, $1.criterion) }
      .prefix(weakestCount)
      .map { Criterion(id: $0.criterion, name: nil, results: $0.results, percent: $0.percent, metRate: $0.metRate) }
    return TeamReport(
      cohort: cohort, since: since, attempts: all.sessions,
      passRate: all.sessions == 0 ? nil : Double(passes) / Double(all.sessions),
      meanScore: all.meanScore, kpis: all.kpis, trainees: rows, weakestCriteria: weakest)
  }

  /// The report with its weakest criteria named.
  public func naming(_ names: CriterionNames) -> TeamReport {
    var report = self
    for index in report.weakestCriteria.indices {
      report.weakestCriteria[index].name = names.name(report.weakestCriteria[index].id)
    }
    return report
  }

  private enum CodingKeys: String, CodingKey {
    case cohort, since, attempts, passRate, meanScore, kpis, trainees, weakestCriteria
  }

  /// Encodes every key, with null for absent values.
  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(cohort, forKey: .cohort)
    try c.encode(since, forKey: .since)
    try c.encode(attempts, forKey: .attempts)
    try c.encode(passRate, forKey: .passRate)
    try c.encode(meanScore, forKey: .meanScore)
    try c.encode(kpis, forKey: .kpis)
    try c.encode(trainees, forKey: .trainees)
    try c.encode(weakestCriteria, forKey: .weakestCriteria)
  }
}

extension TeamReport.Trainee {
  private enum CodingKeys: String, CodingKey {
    case name, attempts, passes, passRate, meanScore, lastPlayed, kpis
  }

  /// Encodes every key, with null for absent values.
  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(name, forKey: .name)
    try c.encode(attempts, forKey: .attempts)
    try c.encode(passes, forKey: .passes)
    try c.encode(passRate, forKey: .passRate)
    try c.encode(meanScore, forKey: .meanScore)
    try c.encode(lastPlayed, forKey: .lastPlayed)
    try c.encode(kpis, forKey: .kpis)
  }
}

extension TeamReport.Criterion {
  private enum CodingKeys: String, CodingKey { case id, name, results, percent, metRate }

  /// The name, else the id.
  public var label: String { name ?? id }

  /// Encodes every key, with null for absent values.
  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(id, forKey: .id)
    try c.encode(name, forKey: .name)
    try c.encode(results, forKey: .results)
    try c.encode(percent, forKey: .percent)
    try c.encode(metRate, forKey: .metRate)
  }
}
