internal import Foundation

/// A finished session as the xAPI export needs it (one row of `sessions` with its trainee).
public struct ExportedSession: Sendable, Hashable {
  public var id: Int64
  public var trainee: String
  public var scenarioID: String
  public var scenarioTitle: String
  public var scenarioVersion: String
  public var role: String
  public var language: String
  public var channel: String
  public var mode: String
  public var phase: String?
  public var cohort: String?
  public var form: String?
  /// Seconds since 1970 (UTC).
  public var startedAt: Double
  public var endedAt: Double?
  public var score: Double?
  public var passed: Bool?
  public var handleTimeSeconds: Double?
  /// The session's reviews and dispute answers (not calibration reviews), oldest first: the
  /// latest gave `score`; each one's score went out under its own statement id.
  public var reviewIDs: [Int64]

  public init(
    id: Int64, trainee: String, scenarioID: String, scenarioTitle: String, scenarioVersion: String,
    role: String, language: String, channel: String, mode: String, phase: String?, cohort: String?,
    form: String?, startedAt: Double, endedAt: Double?, score: Double?, passed: Bool?, handleTimeSeconds: Double?,
    reviewIDs: [Int64] = []
  ) {
    self.id = id
    self.trainee = trainee
    self.scenarioID = scenarioID
    self.scenarioTitle = scenarioTitle
    self.scenarioVersion = scenarioVersion
    self.role = role
    self.language = language
    self.channel = channel
    self.mode = mode
    self.phase = phase
    self.cohort = cohort
    self.form = form
    self.startedAt = startedAt
    self.endedAt = endedAt
    self.score = score
    self.passed = passed
    self.handleTimeSeconds = handleTimeSeconds
    self.reviewIDs = reviewIDs
  }
}

/// Turns finished sessions into xAPI 1.0.3 statements, one JSON object per line. Statements
/// carry no `version`: the specification leaves it to the learning record store.
///
/// Verbs are ADL's `completed`, `passed` and `failed`. The activity is the scenario, its
/// content version goes into `context.revision`; cohort, phase, mode, form, role and the
/// session id go into `context.extensions` under IRIs below `baseIRI`.
public struct XAPIExporter: Sendable {
  /// The stable base of every IRI this exporter defines.
  public static let defaultBaseIRI = "https://supportdojo.example/xapi"
  public var baseIRI: String

  public init(baseIRI: String = defaultBaseIRI) {
    self.baseIRI = baseIRI.hasSuffix("/") ? String(baseIRI.dropLast()) : baseIRI
  }

  /// The IRI of an extension key (`cohort`, `phase`, …).
  public func extensionIRI(_ name: String) -> String { "\(baseIRI)/extensions/\(name)" }

  /// The statement for one session as a JSON value.
  public func statement(_ session: ExportedSession) -> JSONValue {
    let verb: (id: String, display: String)
    switch session.passed {
    case true?: verb = ("http://adlnet.gov/expapi/verbs/passed", "passed")
    case false?: verb = ("http://adlnet.gov/expapi/verbs/failed", "failed")
    case nil: verb = ("http://adlnet.gov/expapi/verbs/completed", "completed")
    }
    var result: [String: JSONValue] = ["completion": .bool(true)]
    if let passed = session.passed { result["success"] = .bool(passed) }
    if let score = session.score {
      result["score"] = .object([
        "scaled": .number(Self.rounded(score / 100, places: 4)), "raw": .number(score), "min": .integer(0),
        "max": .integer(100),
      ])
    }
    let seconds = session.handleTimeSeconds ?? session.endedAt.map { $0 - session.startedAt }
    if let seconds, seconds >= 0 { result["duration"] = .string(Self.duration(seconds)) }
    var extensions: [String: JSONValue] = [
      extensionIRI("session-id"): .integer(session.id), extensionIRI("mode"): .string(session.mode),
      extensionIRI("role"): .string(session.role), extensionIRI("channel"): .string(session.channel),
    ]
    if let cohort = session.cohort { extensions[extensionIRI("cohort")] = .string(cohort) }
    if let phase = session.phase { extensions[extensionIRI("phase")] = .string(phase) }
    if let form = session.form { extensions[extensionIRI("form")] = .string(form) }
    return .object([
      "id": .string(Self.statementID(session)),
      "actor": Self.actor(session, baseIRI: baseIRI),
      "verb": .object(["id": .string(verb.id), "display": .object(["en-US": .string(verb.display)])]),
      "object": .object([
        "objectType": .string("Activity"),
        "id": .string("\(baseIRI)/scenarios/\(Self.pathSegment(session.scenarioID))"),
        "definition": .object([
          "name": .object([session.language: .string(session.scenarioTitle)]),
          "type": .string("http://adlnet.gov/expapi/activities/simulation"),
        ]),
      ]),
      "result": .object(result),
      "context": .object([
        "platform": .string("SupportDojo"), "language": .string(session.language),
        "revision": .string(session.scenarioVersion), "extensions": .object(extensions),
      ]),
      "timestamp": .string(Self.timestamp(session.endedAt ?? session.startedAt)),
    ])
  }

  /// One statement as a line of JSON with sorted keys.
  public func line(_ session: ExportedSession) -> String {
    var text = ""
    statement(session).write(to: &text)
    return text
  }

  /// The lines a session exports: for a reviewed session first a `voided` statement for each
  /// statement an earlier export may have sent (the automatic score, earlier reviews), then the
  /// statement with the current score. Statements are immutable in a learning record store, so
  /// a changed score needs a new id and the old statements voided.
  public func lines(_ session: ExportedSession) -> [String] {
    guard let latest = session.reviewIDs.last else { return [line(session)] }
    let earlier: [Int64?] = [nil] + session.reviewIDs.filter { $0 != latest }.map { Optional($0) }
    let actor = Self.actor(session, baseIRI: baseIRI)
    let timestamp = JSONValue.string(Self.timestamp(session.endedAt ?? session.startedAt))
    var lines: [String] = []
    for review in earlier {
      let voided = Self.statementID(session, review: review)
      var text = ""
      JSONValue.object([
        "id": .string(NameBasedUUID.v5("voided \(voided)")),
        "actor": actor,
        "verb": .object(["id": .string("http://adlnet.gov/expapi/verbs/voided"), "display": .object(["en-US": .string("voided")])]),
        "object": .object(["objectType": .string("StatementRef"), "id": .string(voided)]),
        "timestamp": timestamp,
      ]).write(to: &text)
      lines.append(text)
    }
    lines.append(line(session))
    return lines
  }

  static func actor(_ session: ExportedSession, baseIRI: String) -> JSONValue {
    .object([
      "objectType": .string("Agent"), "name": .string(session.trainee),
      "account": .object(["homePage": .string(baseIRI), "name": .string(session.trainee)]),
    ])
  }

  /// ISO 8601 duration: `PT1H2M3.5S`, seconds to two decimals.
  public static func duration(_ seconds: Double) -> String {
    let hundredths = Int((seconds * 100).rounded())
    let hours = hundredths / 360_000
    let minutes = hundredths % 360_000 / 6000
    let rest = hundredths % 6000
    var text = "PT"
    if hours > 0 { text += "\(hours)H" }
    if minutes > 0 { text += "\(minutes)M" }
    if rest > 0 || text == "PT" {
      text += rest % 100 == 0 ? "\(rest / 100)S" : String(format: "%d.%02dS", rest / 100, rest % 100)
    }
    return text
  }

  /// A stable statement id per session result (the same session always exports the same id,
  /// so a learning record store can drop duplicates): a name-based version-5 UUID in
  /// SupportDojo's namespace, from the session id and start time, and the latest review where
  /// there is one (a review's score is a new statement).
  public static func statementID(_ session: ExportedSession) -> String {
    statementID(session, review: session.reviewIDs.last)
  }

  /// The statement id of the session's result as of a review (nil: the automatic score).
  public static func statementID(_ session: ExportedSession, review: Int64?) -> String {
    NameBasedUUID.v5(statementName(session, review: review))
  }

  /// `session 7 started 1780000000000` (milliseconds), `… review 9` for a review's score.
  static func statementName(_ session: ExportedSession, review: Int64?) -> String {
    let millis = Int64((session.startedAt * 1000).rounded())
    let base = "session \(session.id) started \(millis)"
    return review.map { "\(base) review \($0)" } ?? base
  }

  /// `2026-11-01T00:04:49.373Z` (UTC, milliseconds), computed without a date formatter.
  static func timestamp(_ seconds: Double) -> String {
    let millis = Int64((seconds * 1000).rounded())
    let days = millis >= 0 ? millis / 86_400_000 : (millis - 86_399_999) / 86_400_000
    let inDay = millis - days * 86_400_000
    let civil = CivilDate.civil(daysSince1970: Int(days))
    let (year, month, day) = (Int64(civil.year), Int64(civil.month), Int64(civil.day))
    func pad(_ value: Int64, _ width: Int) -> String {
      let text = String(value)
      return String(repeating: "0", count: max(0, width - text.count)) + text
    }
    return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))T\(pad(inDay / 3_600_000, 2)):\(pad(inDay / 60_000 % 60, 2)):\(pad(inDay / 1000 % 60, 2)).\(pad(inDay % 1000, 3))Z"
  }

  static func rounded(_ value: Double, places: Int) -> Double {
    let factor = pow(10, Double(places))
    return (value * factor).rounded() / factor
  }

  /// Percent-encodes what may not stand in an IRI path segment.
  static func pathSegment(_ text: String) -> String {
    text.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(CharacterSet(charactersIn: "/"))) ?? text
  }
}

/// A JSON value that writes itself compactly with sorted keys (much faster than
/// `JSONSerialization`, which the export would otherwise spend most of its time in).
public enum JSONValue: Sendable, Hashable {
  case string(String)
  case number(Double)
  case integer(Int64)
  case bool(Bool)
  case object([String: JSONValue])

  /// The member of an object, for reading back.
  public subscript(key: String) -> JSONValue? {
    if case .object(let members) = self { return members[key] }
    return nil
  }

  public func write(to text: inout String) {
    switch self {
    case .string(let value): Self.quote(value, into: &text)
    case .number(let value):
      text += value.isFinite ? (value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)) : "null"
    case .integer(let value): text += String(value)
    case .bool(let value): text += value ? "true" : "false"
    case .object(let members):
      text += "{"
      for (index, key) in members.keys.sorted().enumerated() {
        if index > 0 { text += "," }
        Self.quote(key, into: &text)
        text += ":"
        members[key]?.write(to: &text)
      }
      text += "}"
    }
  }

  /// A JSON string literal: quotes, backslashes and control characters escaped.
  static func quote(_ value: String, into text: inout String) {
    text += "\""
    for scalar in value.unicodeScalars {
      switch scalar {
      case "\"": text += "\\\""
      case "\\": text += "\\\\"
      case "\n": text += "\\n"
      case "\r": text += "\\r"
      case "\t": text += "\\t"
      default:
        if scalar.value < 0x20 || scalar.value == 0x2028 || scalar.value == 0x2029 {
          let hex = String(scalar.value, radix: 16)
          text += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
        } else {
          text.unicodeScalars.append(scalar)
        }
      }
    }
    text += "\""
  }
}
