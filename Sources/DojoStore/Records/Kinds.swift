import DojoCore
import GRDB

/// What a person does in the dojo: practise, or also lead and review.
public enum TraineeRole: String, Sendable, Hashable, Codable, CaseIterable, DatabaseValueConvertible
{
  /// Practises scenarios.
  case trainee
  /// A team lead: practises, reviews and runs assessments.
  case lead
}

/// Whether an attempt is practice (hints allowed) or an assessment (no hints).
public enum SessionMode: String, Sendable, Hashable, Codable, CaseIterable, DatabaseValueConvertible
{
  /// Hints allowed; feedback as you go.
  case practice
  /// No hints; counts for a cohort's pre/post measurement.
  case assessment
}

/// When an assessment was taken relative to a training.
public enum SessionPhase: String, Sendable, Hashable, Codable, CaseIterable,
  DatabaseValueConvertible
{
  /// Before the training.
  case pre
  /// After the training.
  case post
}

/// Where a session stands.
///
/// `active` → (`finished` | `abandoned`); `active` → `interrupted` when its process died;
/// `interrupted` → `active` again when the trainee resumes it.
public enum SessionStatus: String, Sendable, Hashable, Codable, CaseIterable,
  DatabaseValueConvertible
{
  /// A console process is running it.
  case active
  /// Its console process ended without finishing it; it can be resumed.
  case interrupted
  /// Reached an ending and was scored.
  case finished
  /// Given up by the trainee; not resumable.
  case abandoned
}

/// Hand-offs (`escalate`, `transfer`) are stored by their raw value.
extension HandoffKind: DatabaseValueConvertible {}

/// Who produced a criterion score.
public enum ScoreSource: String, Sendable, Hashable, Codable, CaseIterable, DatabaseValueConvertible
{
  /// The automatic scorer.
  case auto
  /// A reviewer's override (kept beside the automatic score, never replacing it).
  case review
}
