/// What a column holds, for reading it from either store and writing it to the other.
public enum MigrationColumnKind: String, Sendable, Codable {
  /// A whole number (SQLite INTEGER, PostgreSQL bigint or integer).
  case integer
  /// A double (SQLite REAL, PostgreSQL double precision).
  case real
  /// UTF-8 text.
  case text
  /// A flag (SQLite 0/1, PostgreSQL boolean).
  case boolean
  /// A moment to the millisecond, UTC (SQLite `YYYY-MM-DD HH:MM:SS.SSS`, PostgreSQL timestamptz(3)).
  case timestamp
}

/// One column of a migrated table.
public struct MigrationColumn: Sendable {
  public var name: String
  public var kind: MigrationColumnKind
  /// The table whose `id` this column holds (a foreign key), rewritten when `--merge` remaps ids.
  public var references: String?

  init(_ name: String, _ kind: MigrationColumnKind, references: String? = nil) {
    self.name = name
    self.kind = kind
    self.references = references
  }
}

/// One table `dojo store migrate` copies: its columns in the order the content hash reads them,
/// and its primary key (the copy and the hash go in key order).
public struct MigrationTable: Sendable {
  public var name: String
  public var columns: [MigrationColumn]
  /// The primary key's columns, in order.
  public var key: [String]
  /// The column that names a row to other tables (a trainee's, a cohort's, a calibration
  /// round's name): with `--merge`, a source row whose name the target already has is that
  /// target row (its id is mapped to the target's), not a new one.
  public var naturalKey: String?

  /// Whether the key is the table's own `id` (an identity column), which `--merge` offsets.
  public var hasIdentity: Bool { key == ["id"] }

  /// The key's column positions in `columns`.
  var keyPositions: [Int] { key.map { name in columns.firstIndex { $0.name == name } ?? 0 } }

  init(_ name: String, key: [String] = ["id"], naturalKey: String? = nil, _ columns: [MigrationColumn]) {
    self.name = name
    self.key = key
    self.naturalKey = naturalKey
    self.columns = columns
  }
}

/// The tables of a SupportDojo store, in an order where every table comes after the tables it
/// refers to. Schema bookkeeping (`grdb_migrations`, `dojo_migrations`) is not copied: each
/// store keeps its own. Column lists are spelled out (not read from the database), so both
/// sides read the same columns in the same order.
public enum MigrationCatalog {
  private typealias C = MigrationColumn

  public static let tables: [MigrationTable] = [
    MigrationTable(
      "trainees", naturalKey: "name",
      [C("id", .integer), C("name", .text), C("role", .text), C("created_at", .timestamp), C("demo", .boolean)]),
    MigrationTable(
      "role_changes",
      [
        C("id", .integer), C("trainee_id", .integer, references: "trainees"), C("from_role", .text),
        C("to_role", .text), C("changed_by", .integer, references: "trainees"), C("kind", .text),
        C("created_at", .timestamp),
      ]),
    MigrationTable(
      "scenario_versions", key: ["scenario_id", "version"],
      [C("scenario_id", .text), C("version", .text), C("scenario_json", .text), C("first_seen", .timestamp)]),
    MigrationTable(
      "sessions",
      [
        C("id", .integer), C("trainee_id", .integer, references: "trainees"), C("scenario_id", .text),
        C("scenario_version", .text), C("scenario_title", .text), C("role", .text), C("language", .text),
        C("channel", .text), C("mode", .text), C("phase", .text), C("cohort", .text), C("form", .text),
        C("seed", .integer), C("started_at", .timestamp), C("ended_at", .timestamp), C("status", .text),
        C("pid", .integer), C("ending", .text), C("score", .real), C("raw_score", .real), C("passed", .boolean),
        C("escalation_verdict", .text), C("csat_proxy", .integer), C("fcr_proxy", .boolean),
        C("handle_time_seconds", .real), C("hints_used", .integer), C("turns", .integer), C("result_json", .text),
        C("reviewed_score", .real), C("reviewed_passed", .boolean), C("demo", .boolean),
      ]),
    MigrationTable(
      "turns",
      [
        C("id", .integer), C("session_id", .integer, references: "sessions"), C("seq", .integer),
        C("speaker", .text), C("node_id", .text), C("turn", .integer), C("text", .text), C("action", .text),
        C("target", .text), C("at", .timestamp), C("latency_seconds", .real),
      ]),
    MigrationTable(
      "criterion_scores",
      [
        C("id", .integer), C("session_id", .integer, references: "sessions"), C("criterion_id", .text),
        C("score", .integer), C("max", .integer), C("weight", .real), C("met", .boolean), C("applicable", .boolean),
        C("critical", .boolean), C("evidence_json", .text), C("source", .text), C("created_at", .timestamp),
      ]),
    MigrationTable(
      "escalations",
      [
        C("id", .integer), C("session_id", .integer, references: "sessions"), C("turn", .integer), C("kind", .text),
        C("target", .text), C("note", .text), C("at", .timestamp),
      ]),
    MigrationTable(
      "notes",
      [
        C("id", .integer), C("session_id", .integer, references: "sessions"), C("turn", .integer), C("text", .text),
        C("at", .timestamp),
      ]),
    MigrationTable(
      "hints",
      [
        C("id", .integer), C("session_id", .integer, references: "sessions"), C("turn", .integer),
        C("node_id", .text), C("text", .text), C("at", .timestamp),
      ]),
    MigrationTable(
      "session_leases", key: ["session_id"],
      [
        C("session_id", .integer, references: "sessions"), C("owner", .text), C("namespace", .text),
        C("lease_until", .timestamp),
      ]),
    MigrationTable(
      "calibration_rounds", naturalKey: "name",
      [
        C("id", .integer), C("name", .text), C("state", .text), C("created_at", .timestamp),
        C("closed_at", .timestamp),
      ]),
    MigrationTable(
      "calibration_sessions", key: ["round_id", "session_id"],
      [
        C("round_id", .integer, references: "calibration_rounds"), C("session_id", .integer, references: "sessions"),
        C("position", .integer),
      ]),
    MigrationTable(
      "calibration_reviewers", key: ["round_id", "trainee_id"],
      [C("round_id", .integer, references: "calibration_rounds"), C("trainee_id", .integer, references: "trainees")]),
    MigrationTable(
      "reviews",
      [
        C("id", .integer), C("session_id", .integer, references: "sessions"),
        C("reviewer_id", .integer, references: "trainees"), C("kind", .text),
        C("round_id", .integer, references: "calibration_rounds"), C("summary", .text), C("score", .real),
        C("raw_score", .real), C("passed", .boolean), C("created_at", .timestamp),
      ]),
    MigrationTable(
      "review_scores",
      [
        C("id", .integer), C("review_id", .integer, references: "reviews"), C("criterion_id", .text),
        C("score", .integer), C("auto_score", .integer), C("max", .integer), C("changed", .boolean),
        C("comment", .text), C("root_cause", .text), C("own_change", .boolean), C("previous_score", .integer),
        C("comment_review_id", .integer, references: "reviews"),
      ]),
    MigrationTable(
      "disputes",
      [
        C("id", .integer), C("session_id", .integer, references: "sessions"), C("criterion_id", .text),
        C("trainee_id", .integer, references: "trainees"), C("comment", .text), C("created_at", .timestamp),
      ]),
    MigrationTable(
      "dispute_answers",
      [
        C("id", .integer), C("dispute_id", .integer, references: "disputes"), C("state", .text),
        C("answer", .text), C("answered_by", .integer, references: "trainees"), C("answered_at", .timestamp),
        C("answer_score", .integer), C("review_id", .integer, references: "reviews"),
      ]),
    MigrationTable(
      "scorings",
      [
        C("id", .integer), C("session_id", .integer, references: "sessions"), C("kind", .text),
        C("scenario_version", .text), C("score", .real), C("raw_score", .real), C("passed", .boolean),
        C("result_json", .text), C("created_at", .timestamp), C("rescored_by", .integer, references: "trainees"),
      ]),
    MigrationTable(
      "cohorts", naturalKey: "name",
      [
        C("id", .integer), C("name", .text), C("created_at", .timestamp), C("plan_role", .text),
        C("pre_form", .text), C("post_form", .text), C("demo", .boolean),
      ]),
    MigrationTable(
      "cohort_members", key: ["cohort_id", "trainee_id"],
      [
        C("cohort_id", .integer, references: "cohorts"), C("trainee_id", .integer, references: "trainees"),
        C("added_at", .timestamp),
      ]),
    MigrationTable(
      "cohort_plan_scenarios", key: ["cohort_id", "position"],
      [C("cohort_id", .integer, references: "cohorts"), C("position", .integer), C("scenario", .text)]),
  ]
}
