internal import Foundation

/// Whether an expert found a turn good or wrong on a rubric point.
public enum CritiqueVerdict: String, Sendable, Codable {
  case good, wrong
}

/// A past conversation with the expert's annotation, for critique mode.
///
/// Imported conversations (`dojo import`) start `annotated: false`, with no scenario and no
/// annotations, and may hold internal notes (speaker `note`) between the turns; `dojo critique
/// annotate` adds the scenario and the marks and sets `annotated: true`.
public struct AnnotatedTranscript: Sendable, Codable {
  /// One line of the past conversation: `customer`, `agent` or an internal `note`.
  public struct Line: Sendable, Codable, Equatable {
    public var speaker: String
    public var text: String

    public init(speaker: String, text: String) {
      self.speaker = speaker
      self.text = text
    }
  }

  /// The expert's judgement of one agent turn on one rubric point.
  public struct Annotation: Sendable, Codable, Hashable {
    public var turn: Int
    public var verdict: CritiqueVerdict
    public var point: String
    public var note: String

    public init(turn: Int, verdict: CritiqueVerdict, point: String, note: String) {
      self.turn = turn
      self.verdict = verdict
      self.point = point
      self.note = note
    }
  }

  public var id: String
  public var title: String
  public var scenario: String
  public var language: Language
  public var summary: String
  public var turns: [Line]
  public var annotations: [Annotation]
  public var path: String
  /// False for an imported conversation nobody has annotated yet: it cannot be critiqued.
  public var annotated: Bool = true
  /// The channel of an imported conversation.
  public var channel: Channel?
  /// Where an imported conversation came from ("zendesk ticket 4711").
  public var source: String?

  public init(
    id: String, title: String, scenario: String, language: Language, summary: String, turns: [Line], annotations: [Annotation],
    path: String, annotated: Bool = true, channel: Channel? = nil, source: String? = nil
  ) {
    self.id = id
    self.title = title
    self.scenario = scenario
    self.language = language
    self.summary = summary
    self.turns = turns
    self.annotations = annotations
    self.path = path
    self.annotated = annotated
    self.channel = channel
    self.source = source
  }

  /// 1-based positions of the agent turns (the ones a mark can judge).
  public var agentTurns: [Int] { turns.indices.filter { turns[$0].speaker == "agent" }.map { $0 + 1 } }
}

/// What the trainee marked: a turn, good or wrong, and (optionally) the rubric point.
public struct CritiqueMark: Sendable, Codable, Hashable {
  public var turn: Int
  public var verdict: CritiqueVerdict
  public var point: String?

  public init(turn: Int, verdict: CritiqueVerdict, point: String?) {
    self.turn = turn
    self.verdict = verdict
    self.point = point
  }
}

/// How a trainee's marks compare with the expert annotation.
public struct CritiqueResult: Sendable, Codable {
  /// An annotation and the mark that found it (nil when missed).
  public struct Finding: Sendable, Codable {
    public var annotation: AnnotatedTranscript.Annotation
    public var mark: CritiqueMark?
    /// 1 for the right turn, verdict and point; 0.5 for the right turn and verdict only; 0 if missed.
    public var credit: Double
  }

  public var transcript: String
  /// The scenario whose rubric the annotation uses.
  public var scenarioID: String
  /// 0–100: credit earned over (annotations + marks that match nothing).
  public var score: Double
  public var findings: [Finding]
  /// Marks on turns or verdicts the expert did not annotate.
  public var unmatchedMarks: [CritiqueMark]

  /// Scores marks against the annotation: each annotation takes at most one mark on its turn
  /// with its verdict, preferring one that names the same point.
  public init(transcript: AnnotatedTranscript, marks: [CritiqueMark]) {
    var remaining = marks
    var findings: [Finding] = []
    for annotation in transcript.annotations {
      let candidates = remaining.indices.filter { remaining[$0].turn == annotation.turn && remaining[$0].verdict == annotation.verdict }
      let best = candidates.first { remaining[$0].point == annotation.point } ?? candidates.first { remaining[$0].point == nil }
        ?? candidates.first { remaining[$0].point.map { p in !transcript.annotations.contains { $0.turn == annotation.turn && $0.point == p } } ?? false }
      if let best {
        let mark = remaining.remove(at: best)
        findings.append(Finding(annotation: annotation, mark: mark, credit: mark.point == annotation.point ? 1 : 0.5))
      } else {
        findings.append(Finding(annotation: annotation, mark: nil, credit: 0))
      }
    }
    let credit = findings.reduce(0) { $0 + $1.credit }
    let denominator = Double(transcript.annotations.count + remaining.count)
    self.transcript = transcript.id
    scenarioID = transcript.scenario
    score = denominator == 0 ? 100 : (credit / denominator * 1000).rounded() / 10
    self.findings = findings
    unmatchedMarks = remaining
  }
}

/// Reads annotated transcripts and checks them against the scenario library.
public enum TranscriptLoader {
  public static func load(path: String, library: ScenarioLibrary) -> (AnnotatedTranscript?, [Diagnostic]) {
    var reader = YAMLReader(file: path)
    guard case .success(let text) = TextFile.read(path: path) else {
      reader.diagnostics.error(.unreadableFile, SourceLocation(file: path, line: 1, column: 1), "cannot read transcript file")
      return (nil, reader.diagnostics.items)
    }
    guard let root = composeYAML(text, file: path, into: &reader.diagnostics), let map = reader.mapping(root, "the transcript") else {
      return (nil, reader.diagnostics.items)
    }
    reader.finish(map, allowed: ["id", "title", "scenario", "language", "summary", "turns", "annotations", "annotated", "channel", "source"])
    func required(_ key: String, _ expected: String) -> YAMLNode? {
      if map[key] == nil { reader.missing(key, in: map, expected: expected) }
      return map[key]
    }
    let annotated = map["annotated"].flatMap { reader.bool($0, "'annotated'") } ?? true
    let channel = map["channel"].flatMap { reader.choice($0, "channel", Channel.allCases.map(\.rawValue)).flatMap(Channel.init(rawValue:)) }
    let source = map["source"].flatMap { reader.text($0, "'source'") }
    let id = required("id", "a transcript id").flatMap { reader.text($0, "'id'") }
    let title = required("title", "a title").flatMap { reader.text($0, "'title'") }
    let scenarioNode = annotated ? required("scenario", "the id of the scenario whose rubric applies") : map["scenario"]
    let scenarioID = scenarioNode.flatMap { reader.text($0, "'scenario'") }
    let language = required("language", "en or de").flatMap {
      reader.choice($0, "language", Language.allCases.map(\.rawValue), code: .unknownLanguage).flatMap(Language.init(rawValue:))
    }
    let summary = map["summary"].flatMap { reader.text($0, "'summary'") } ?? ""
    var lines: [AnnotatedTranscript.Line] = []
    if let node = required("turns", "a list of {speaker, text}"), let items = reader.list(node, "'turns'") {
      for item in items {
        guard let entry = reader.mapping(item, "a turn") else { continue }
        reader.finish(entry, allowed: ["speaker", "text"])
        let speaker = entry["speaker"].flatMap { reader.choice($0, "speaker", ["customer", "agent", "note"]) }
        let text = entry["text"].flatMap { reader.text($0, "'text' of a turn") }
        if entry["speaker"] == nil { reader.missing("speaker", in: entry, expected: "customer, agent or note") }
        if entry["text"] == nil { reader.missing("text", in: entry, expected: "what was said") }
        if let speaker, let text { lines.append(.init(speaker: speaker, text: text)) }
      }
    }
    let scenario = scenarioID.flatMap { library.scenario($0) }
    if let scenarioID, scenario == nil {
      reader.diagnostics.error(.unknownNode, reader.location(scenarioNode), "unknown scenario '\(scenarioID)'; the annotation's points come from its rubric")
    }
    let points = (scenario?.rubric.criteria.map(\.id) ?? []) + ["escalation"]
    var annotations: [AnnotatedTranscript.Annotation] = []
    let annotationsNode = annotated ? required("annotations", "a list of {turn, verdict, point, note}") : map["annotations"]
    if let node = annotationsNode, let items = reader.list(node, "'annotations'") {
      for item in items {
        guard let entry = reader.mapping(item, "an annotation") else { continue }
        reader.finish(entry, allowed: ["turn", "verdict", "point", "note"])
        let turn = entry["turn"].flatMap { reader.int($0, "'turn'", in: 1...max(1, lines.count)) }
        if let turn, let turnNode = entry["turn"], lines.indices.contains(turn - 1), lines[turn - 1].speaker != "agent" {
          let what = lines[turn - 1].speaker == "note" ? "an internal note" : "a customer turn"
          reader.diagnostics.error(.invalidValue, reader.location(turnNode), "turn \(turn) is \(what); annotations judge agent turns")
        }
        let verdict = entry["verdict"].flatMap { reader.choice($0, "verdict", ["good", "wrong"]).flatMap(CritiqueVerdict.init(rawValue:)) }
        var point: String?
        if let pointNode = entry["point"], let name = reader.text(pointNode, "'point'") {
          if scenario != nil && !points.contains(name) {
            reader.diagnostics.error(.unknownCriterion, reader.location(pointNode), "unknown point '\(name)'; expected one of: \(points.joined(separator: ", "))\(Suggestion.didYouMean(name, points))")
          } else {
            point = name
          }
        }
        let note = entry["note"].flatMap { reader.text($0, "'note'") } ?? ""
        for key in ["turn", "verdict", "point"] where entry[key] == nil {
          reader.missing(key, in: entry, expected: key == "verdict" ? "good or wrong" : key == "turn" ? "the agent turn (1-based)" : "a rubric point id")
        }
        if let turn, let verdict, let point { annotations.append(.init(turn: turn, verdict: verdict, point: point, note: note)) }
      }
    }
    guard !reader.diagnostics.hasErrors, let id, let title, let language, annotated ? scenarioID != nil : true else { return (nil, reader.diagnostics.items) }
    let transcript = AnnotatedTranscript(
      id: id, title: title, scenario: scenarioID ?? "", language: language, summary: summary, turns: lines, annotations: annotations,
      path: path, annotated: annotated, channel: channel, source: source)
    return (transcript, reader.diagnostics.items)
  }
}
