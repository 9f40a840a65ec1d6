import DojoCore
import Foundation

/// The SQL expressions the reports read a session's score through, in one place.
///
/// Every report query names the sessions table `s` and its criterion rows `cs`. A session's
/// score is the latest review's where there is one (`reviewed_score`, kept up to date by reviews,
/// dispute answers and re-scorings), else the automatic one. Per-criterion results are the
/// automatic criterion rows of the session as played, with the ratings the latest review changed
/// (`reviewCorrections`) in their place.
public enum SessionScoreColumn {
  /// The session's effective score (0–100) as an SQL expression over `sessions AS s`.
  public static let effective = "COALESCE(s.reviewed_score, s.score)"
  /// The effective pass/fail as an SQL expression over `sessions AS s`.
  public static let effectivePassed = "COALESCE(s.reviewed_passed, s.passed)"
  /// Which criterion rows (`criterion_scores AS cs`) count.
  public static let effectiveCriterionFilter = "cs.source = 'auto'"
  /// What the latest review (or dispute answer) of each reviewed session in `filter` changed
  /// against the automatic criterion rows: columns trainee id, criterion id, `phase = 'post'`,
  /// points added and met added (each −max…max and −1…1). Read from the reviews (few), not
  /// by a scan of the sessions.
  public static func reviewCorrections(_ filter: String) -> String {
    """
    SELECT s.trainee_id, cs.criterion_id, s.phase = 'post',
      rs.score - COALESCE(cs.score, 0), (rs.score = cs.max) - cs.met
    FROM (
        SELECT r.session_id, MAX(r.id) AS id FROM reviews r WHERE r.kind <> 'calibration'
        GROUP BY r.session_id) latest
    JOIN sessions s ON s.id = latest.session_id
    JOIN review_scores rs ON rs.review_id = latest.id AND rs.changed AND rs.score IS NOT NULL
    JOIN criterion_scores cs ON cs.session_id = s.id AND cs.criterion_id = rs.criterion_id
      AND cs.applicable AND \(effectiveCriterionFilter)
    WHERE \(filter)
    """
  }
}

/// Which scenarios a cohort plays before and after its training.
///
/// `scenarios` holds scenario ids or form groups; in each phase a form group (or a scenario
/// that belongs to one) is played in that phase's form.
public struct AssessmentPlan: Sendable, Hashable, Codable {
  /// The role id the plan assesses (`l1-agent`, …).
  public var role: String
  public var scenarios: [String]
  public var preForm: String?
  public var postForm: String?

  public init(role: String, scenarios: [String], preForm: String?, postForm: String?) {
    self.role = role
    self.scenarios = scenarios
    self.preForm = preForm
    self.postForm = postForm
  }

  /// The form of a phase.
  public func form(for phase: SessionPhase) -> String? { phase == .pre ? preForm : postForm }

  private enum CodingKeys: String, CodingKey { case role, scenarios, preForm, postForm }

  /// Encodes every key, with null for absent values.
  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(role, forKey: .role)
    try c.encode(scenarios, forKey: .scenarios)
    try c.encode(preForm, forKey: .preForm)
    try c.encode(postForm, forKey: .postForm)
  }
}

/// A cohort with its members, plan and how many assessments it has.
public struct CohortSummary: Sendable, Hashable, Encodable {
  public var name: String
  public var createdAt: Date
  public var members: [String]
  public var plan: AssessmentPlan?
  /// Finished assessment sessions per phase.
  public var preSessions: Int
  public var postSessions: Int

  private enum CodingKeys: String, CodingKey { case name, createdAt, members, plan, preSessions, postSessions }

  /// Encodes every key, with null for absent values.
  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(name, forKey: .name)
    // An ISO 8601 time, whatever date strategy the encoder has.
    try c.encode(createdAt.formatted(.iso8601), forKey: .createdAt)
    try c.encode(members, forKey: .members)
    try c.encode(plan, forKey: .plan)
    try c.encode(preSessions, forKey: .preSessions)
    try c.encode(postSessions, forKey: .postSessions)
  }
}

/// Why a cohort operation failed, worded for the person at the console.
public enum CohortError: LocalizedError, Equatable, Sendable {
  case emptyName
  case alreadyExists(String)
  /// No cohort has this name; `known` lists the cohorts there are.
  case unknownCohort(String, known: [String])

  public var errorDescription: String? {
    switch self {
    case .emptyName:
      "a cohort name must not be empty"
    case .alreadyExists(let name):
      "cohort \"\(name)\" already exists"
    case .unknownCohort(let name, let known):
      "unknown cohort \"\(name)\""
        + (known.isEmpty
          ? "; there are no cohorts yet (create one with `dojo cohort create NAME`)"
          : "; known cohorts: \(known.prefix(10).joined(separator: ", "))")
    }
  }
}

/// Cohorts, their assessment plans, and the aggregation queries behind the reports.
///
/// Report queries aggregate in SQL (no turns are read), so they stay fast on large stores.
public protocol CohortStore: Sendable {
  /// Creates an empty cohort; throws `CohortError.alreadyExists` if the name is taken.
  @discardableResult
  func createCohort(named name: String) throws -> CohortSummary
  /// Adds trainees (created if new) to a cohort; returns the names that were not members yet.
  @discardableResult
  func addMembers(_ names: [String], to cohort: String) throws -> [String]
  /// Every cohort by name, with members, plan and assessment counts.
  func cohorts() throws -> [CohortSummary]
  /// One cohort; throws `CohortError.unknownCohort` if there is none.
  func cohort(named name: String) throws -> CohortSummary
  /// Sets (replaces) a cohort's assessment plan.
  func setPlan(_ plan: AssessmentPlan, for cohort: String) throws

  /// The totals the effectiveness report of a cohort is computed from: finished assessment
  /// sessions tagged with the cohort and a phase.
  func effectivenessInput(cohort: String) throws -> EffectivenessInput
  /// Finished sessions per trainee and criterion rates, for everyone or a cohort's members,
  /// from a day on.
  func teamReport(cohort: String?, since: Date?) throws -> TeamReport
  /// Calls `body` with every finished session (for everyone or a cohort's members, from a day
  /// on) in order of start, without loading them all at once.
  func forEachFinishedSession(cohort: String?, since: Date?, _ body: (ExportedSession) throws -> Void) throws
}
