import DojoCore

/// The effectiveness report as JSON: byte for byte what the command line's `JSONEncoder` gives
/// (pretty printed, keys sorted and in snake case, slashes unescaped, then
/// `TextSafety.jsonEscaped`), written straight into one buffer. With 2,000 trainees the encoder
/// built and sorted some 60,000 dictionary entries first; this writes them in order. A test holds
/// the two equal on reports with hostile names.
public enum EffectivenessJSON {
  public static func render(_ report: EffectivenessReport) -> String {
    var json = PrettyJSON()
    json.object {
      $0.field("cohort") { $0.string(report.cohort) }
      $0.field("criteria") { $0.array(report.criteria) { $0.group($1) } }
      $0.field("kpis") {
        $0.array(report.kpis) { json, role in
          json.object {
            $0.field("post") { $0.kpis(role.post) }
            $0.field("pre") { $0.kpis(role.pre) }
            $0.field("role") { $0.string(role.role) }
          }
        }
      }
      $0.field("overall") { $0.summary(report.overall) }
      $0.field("resamples") { $0.int(report.resamples) }
      $0.field("roles") { $0.array(report.roles) { $0.group($1) } }
      $0.field("seed") { $0.raw(String(report.seed)) }
      $0.field("trainees") {
        $0.array(report.trainees) { json, trainee in
          json.object {
            $0.field("difference") { $0.number(trainee.difference) }
            $0.field("name") { $0.string(trainee.name) }
            $0.field("normalized_gain") { $0.number(trainee.normalizedGain) }
            $0.field("outcome") { $0.string(trainee.outcome) }
            $0.field("post") { $0.number(trainee.post) }
            $0.field("post_sessions") { $0.int(trainee.postSessions) }
            $0.field("pre") { $0.number(trainee.pre) }
            $0.field("pre_sessions") { $0.int(trainee.preSessions) }
          }
        }
      }
      $0.field("warnings") {
        $0.array(report.warnings) { json, warning in
          json.object {
            $0.field("code") { $0.string(warning.code) }
            $0.field("message") { $0.string(warning.message) }
          }
        }
      }
    }
    return String(decoding: json.bytes, as: UTF8.self)
  }
}

extension PrettyJSON {
  fileprivate mutating func group(_ group: GroupChange) {
    object {
      $0.field("id") { $0.string(group.id) }
      $0.field("name") { json in
        if let name = group.name { json.string(name) } else { json.null() }
      }
      $0.field("summary") { $0.summary(group.summary) }
    }
  }

  fileprivate mutating func summary(_ s: PairedSummary) {
    object {
      $0.field("dav") { $0.number(s.dav) }
      $0.field("dav_interval") { $0.interval(s.davInterval) }
      $0.field("dz") { $0.number(s.dz) }
      $0.field("dz_interval") { $0.interval(s.dzInterval) }
      $0.field("gain_undefined") { $0.int(s.gainUndefined) }
      $0.field("improved") { $0.int(s.improved) }
      $0.field("mean_difference") { $0.number(s.meanDifference) }
      $0.field("mean_difference_interval") { $0.interval(s.meanDifferenceInterval) }
      $0.field("mean_normalized_gain") { $0.number(s.meanNormalizedGain) }
      $0.field("mean_post") { $0.number(s.meanPost) }
      $0.field("mean_pre") { $0.number(s.meanPre) }
      $0.field("n") { $0.int(s.n) }
      $0.field("normalized_gain_of_means") { $0.number(s.normalizedGainOfMeans) }
      $0.field("sd_post") { $0.number(s.sdPost) }
      $0.field("sd_pre") { $0.number(s.sdPre) }
      $0.field("share_improved") { $0.number(s.shareImproved) }
      $0.field("share_unchanged") { $0.number(s.shareUnchanged) }
      $0.field("share_worse") { $0.number(s.shareWorse) }
      $0.field("unchanged") { $0.int(s.unchanged) }
      $0.field("worse") { $0.int(s.worse) }
    }
  }

  fileprivate mutating func interval(_ interval: Interval?) {
    guard let interval else { return null() }
    object {
      $0.field("high") { $0.number(interval.high) }
      $0.field("low") { $0.number(interval.low) }
    }
  }

  fileprivate mutating func kpis(_ k: KPIProxies) {
    object {
      $0.field("csat") { $0.number(k.csat) }
      $0.field("escalation_accuracy") { $0.number(k.escalationAccuracy) }
      $0.field("first_contact_resolution") { $0.number(k.firstContactResolution) }
      $0.field("handle_time_seconds") { $0.number(k.handleTimeSeconds) }
      $0.field("hints_per_session") { $0.number(k.hintsPerSession) }
      $0.field("over_escalation") { $0.number(k.overEscalation) }
      $0.field("sessions") { $0.int(k.sessions) }
      $0.field("under_escalation") { $0.number(k.underEscalation) }
    }
  }
}

/// Pretty-printed JSON as Foundation's `JSONEncoder` lays it out: two-space indent,
/// `"key" : value`, `[\n\n]` for an empty array, numbers as `description` without a trailing
/// `.0`. Keys are written in the order given (the caller sorts them).
struct PrettyJSON {
  private(set) var bytes: [UInt8] = []
  private var level = 0
  /// Per open object or array: whether nothing has been written into it yet.
  private var empty: [Bool] = []

  init() { bytes.reserveCapacity(1 << 20) }

  mutating func object(_ fields: (inout PrettyJSON) -> Void) {
    open(UInt8(ascii: "{"))
    fields(&self)
    close(UInt8(ascii: "}"))
  }

  mutating func array<Element>(_ elements: [Element], _ write: (inout PrettyJSON, Element) -> Void) {
    open(UInt8(ascii: "["))
    for element in elements {
      separate()
      write(&self, element)
    }
    close(UInt8(ascii: "]"))
  }

  /// A key and its value, inside `object`.
  mutating func field(_ key: StaticString, _ value: (inout PrettyJSON) -> Void) {
    separate()
    bytes.append(UInt8(ascii: "\""))
    key.withUTF8Buffer { bytes.append(contentsOf: $0) }
    bytes.append(contentsOf: "\" : ".utf8)
    value(&self)
  }

  mutating func null() { bytes.append(contentsOf: "null".utf8) }

  mutating func raw(_ text: String) { bytes.append(contentsOf: text.utf8) }

  mutating func int(_ value: Int) { raw(String(value)) }

  mutating func number(_ value: Double?) {
    guard let value else { return null() }
    var text = value.description
    if text.hasSuffix(".0") { text.removeLast(2) }
    raw(text)
  }

  /// A string with JSON's escapes, and `\uXXXX` for what `TextSafety.jsonEscaped` escapes.
  mutating func string(_ text: String) {
    bytes.append(UInt8(ascii: "\""))
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\"": bytes.append(contentsOf: "\\\"".utf8)
      case "\\": bytes.append(contentsOf: "\\\\".utf8)
      case "\n": bytes.append(contentsOf: "\\n".utf8)
      case "\r": bytes.append(contentsOf: "\\r".utf8)
      case "\t": bytes.append(contentsOf: "\\t".utf8)
      case "\u{08}": bytes.append(contentsOf: "\\b".utf8)
      case "\u{0C}": bytes.append(contentsOf: "\\f".utf8)
      default:
        if scalar.value < 0x20 || TextSafety.isUnsafe(scalar) {
          let hex = String(scalar.value, radix: 16)
          bytes.append(contentsOf: ("\\u" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex).utf8)
        } else if let encoded = UTF8.encode(scalar) {
          bytes.append(contentsOf: encoded)
        }
      }
    }
    bytes.append(UInt8(ascii: "\""))
  }

  private mutating func open(_ bracket: UInt8) {
    bytes.append(bracket)
    bytes.append(UInt8(ascii: "\n"))
    level += 1
    empty.append(true)
  }

  private mutating func close(_ bracket: UInt8) {
    bytes.append(UInt8(ascii: "\n"))
    level -= 1
    empty.removeLast()
    indent()
    bytes.append(bracket)
  }

  /// The comma before every member but the first, then the indent.
  private mutating func separate() {
    if empty[empty.count - 1] {
      empty[empty.count - 1] = false
    } else {
      bytes.append(contentsOf: ",\n".utf8)
    }
    indent()
  }

  private mutating func indent() {
    bytes.append(contentsOf: repeatElement(UInt8(ascii: " "), count: level * 2))
  }
}
