import DojoCore
import Foundation

/// How trainees are doing: per trainee and scenario, per role, and in total.
///
/// Only `finished` sessions count as attempts. Encodes with fixed camelCase keys and `null`
/// for absent values, so scripts can rely on its JSON shape.
public struct ProgressReport: Sendable, Hashable, Codable {
  /// One entry per trainee (all trainees, or the one asked for), by name.
  public var trainees: [TraineeProgress]
  /// Finished scores per role in time order, over all trainees in the report.
  public var roles: [RoleTrend]
  public var totals: ProgressTotals

  public init(trainees: [TraineeProgress], roles: [RoleTrend], totals: ProgressTotals) {
    self.trainees = trainees
    self.roles = roles
    self.totals = totals
  }
}

/// One trainee's progress.
public struct TraineeProgress: Sendable, Hashable, Codable {
  public var name: String
  public var role: TraineeRole
  /// Scenarios with at least one finished attempt, by scenario id.
  public var scenarios: [ScenarioProgress]
  /// The trainee's finished scores per role in time order.
  public var roles: [RoleTrend]

  public init(name: String, role: TraineeRole, scenarios: [ScenarioProgress], roles: [RoleTrend]) {
    self.name = name
    self.role = role
    self.scenarios = scenarios
    self.roles = roles
  }
}

/// One trainee's finished attempts at one scenario.
public struct ScenarioProgress: Sendable, Hashable, Codable {
  public var scenarioID: String
  /// The title of the latest attempt.
  public var title: String
  /// The role id of the scenario.
  public var role: String
  /// Finished sessions.
  public var attempts: Int
  /// Finished sessions that passed.
  public var passes: Int
  /// The best score, nil when no attempt was scored.
  public var bestScore: Double?
  /// The score of the latest scored attempt.
  public var latestScore: Double?
  /// Hints used over the finished attempts.
  public var hintsUsed: Int

  public init(
    scenarioID: String, title: String, role: String, attempts: Int, passes: Int,
    bestScore: Double?, latestScore: Double?, hintsUsed: Int
  ) {
    self.scenarioID = scenarioID
    self.title = title
    self.role = role
    self.attempts = attempts
    self.passes = passes
    self.bestScore = bestScore
    self.latestScore = latestScore
    self.hintsUsed = hintsUsed
  }

  private enum CodingKeys: String, CodingKey {
    case scenarioID = "scenarioId"
    case title, role, attempts, passes, bestScore, latestScore, hintsUsed
  }

  /// Encodes every key, with null for absent values, so the JSON shape is stable.
  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(scenarioID, forKey: .scenarioID)
    try c.encode(title, forKey: .title)
    try c.encode(role, forKey: .role)
    try c.encode(attempts, forKey: .attempts)
    try c.encode(passes, forKey: .passes)
    try c.encode(bestScore, forKey: .bestScore)
    try c.encode(latestScore, forKey: .latestScore)
    try c.encode(hintsUsed, forKey: .hintsUsed)
  }
}

/// Finished scores in one role, oldest first: the points of a trend line.
public struct RoleTrend: Sendable, Hashable, Codable {
  /// The role id (`l1-agent`, …).
  public var role: String
  public var scores: [Double]

  public init(role: String, scores: [Double]) {
    self.role = role
    self.scores = scores
  }
}

/// Totals over everything in a progress report.
public struct ProgressTotals: Sendable, Hashable, Codable {
  public var trainees: Int
  /// Sessions in any status.
  public var sessions: Int
  /// Finished sessions.
  public var attempts: Int
  /// Finished sessions that passed.
  public var passes: Int
  /// Hints used over the finished sessions.
  public var hintsUsed: Int
  /// The mean of the finished scores, nil when there are none.
  public var meanScore: Double?

  public init(
    trainees: Int, sessions: Int, attempts: Int, passes: Int, hintsUsed: Int, meanScore: Double?
  ) {
    self.trainees = trainees
    self.sessions = sessions
    self.attempts = attempts
    self.passes = passes
    self.hintsUsed = hintsUsed
    self.meanScore = meanScore
  }

  private enum CodingKeys: String, CodingKey {
    case trainees, sessions, attempts, passes, hintsUsed, meanScore
  }

  /// Encodes every key, with null for absent values, so the JSON shape is stable.
  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(trainees, forKey: .trainees)
    try c.encode(sessions, forKey: .sessions)
    try c.encode(attempts, forKey: .attempts)
    try c.encode(passes, forKey: .passes)
    try c.encode(hintsUsed, forKey: .hintsUsed)
    try c.encode(meanScore, forKey: .meanScore)
  }
}

// MARK: - Computing

extension ProgressReport {
  /// Builds the report from trainees and their sessions (any status, any order).
  ///
  /// Pure, so every backend computes progress the same way.
  public static func compute(trainees: [TraineeRecord], sessions: [SessionRecord])
    -> ProgressReport
  {
    let ordered = sessions.sorted { lhs, rhs in
      lhs.startedAt != rhs.startedAt
        ? lhs.startedAt < rhs.startedAt : (lhs.id ?? 0) < (rhs.id ?? 0)
    }
    let byTrainee = Dictionary(grouping: ordered, by: \.traineeID)
    let people = trainees.sorted { $0.name < $1.name }

    let traineeProgress = people.map { trainee -> TraineeProgress in
      let finished = (byTrainee[trainee.id ?? -1] ?? []).filter { $0.status == .finished }
      let scenarios = Dictionary(grouping: finished, by: \.scenarioID)
        .map { scenarioID, attempts -> ScenarioProgress in
          let scores = attempts.compactMap(\.effectiveScore)
          return ScenarioProgress(
            scenarioID: scenarioID, title: attempts.last?.scenarioTitle ?? "",
            role: attempts.last?.role ?? "", attempts: attempts.count,
            passes: attempts.filter { $0.effectivePassed == true }.count, bestScore: scores.max(),
            latestScore: scores.last, hintsUsed: attempts.reduce(0) { $0 + $1.hintsUsed })
        }
        .sorted { $0.scenarioID < $1.scenarioID }
      return TraineeProgress(
        name: trainee.name, role: trainee.role, scenarios: scenarios, roles: trends(finished))
    }

    let included = Set(people.compactMap(\.id))
    let all = ordered.filter { included.contains($0.traineeID) }
    let finished = all.filter { $0.status == .finished }
    let scores = finished.compactMap(\.effectiveScore)
    let totals = ProgressTotals(
      trainees: people.count, sessions: all.count, attempts: finished.count,
      passes: finished.filter { $0.effectivePassed == true }.count,
      hintsUsed: finished.reduce(0) { $0 + $1.hintsUsed },
      meanScore: scores.isEmpty ? nil : scores.reduce(0, +) / Double(scores.count))
    return ProgressReport(trainees: traineeProgress, roles: trends(finished), totals: totals)
  }

  /// Scored sessions per role, in the given (time) order; roles in the seed's tier order.
  private static func trends(_ finished: [SessionRecord]) -> [RoleTrend] {
    Dictionary(grouping: finished.filter { $0.effectiveScore != nil }, by: \.role)
      .map { role, sessions in RoleTrend(role: role, scores: sessions.compactMap(\.effectiveScore)) }
      .sorted { roleOrder($0.role) < roleOrder($1.role) }
  }

  private static func roleOrder(_ role: String) -> (Int, String) {
    let tier = Role(rawValue: role).flatMap { Role.allCases.firstIndex(of: $0) }
    return (tier ?? Role.allCases.count, role)
  }
}
