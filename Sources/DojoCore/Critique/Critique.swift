internal import Foundation

/// Whether an expert found a turn good or wrong on a rubric point.
public enum CritiqueVerdict: String, Sendable, Codable {
  case good, wrong
}

/// A past conversation with the expert's annotation, for critique mode.
public struct AnnotatedTranscript: Sendable, Codable {
  /// One line of the past conversation.
  public struct Line: Sendable, Codable {
    public var speaker: String
    public var text: String
  }

  /// The expert's judgement of one agent turn on one rubric point.
  public struct Annotation: Sendable, Codable, Hashable {
    public var turn: Int
    public var verdict: CritiqueVerdict
    public var point: String
    public var note: String
  }

  public var id: String
  public var title: String
  public var scenario: String
  public var language: Language
  public var summary: String
  public var turns: [Line]
  public var annotations: [Annotation]
  public var path: String
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
    reader.finish(map, allowed: ["id", "title", "scenario", "language", "summary", "turns", "annotations"])
    func required(_ key: String, _ expected: String) -> YAMLNode? {
      if map[key] == nil { reader.missing(key, in: map, expected: expected) }
      return map[key]
    }
    let id = required("id", "a transcript id").flatMap { reader.text($0, "'id'") }
    let title = required("title", "a title").flatMap { reader.text($0, "'title'") }
    let scenarioNode = required("scenario", "the id of the scenario whose rubric applies")
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
        let speaker = entry["speaker"].flatMap { reader.choice($0, "speaker", ["customer", "agent"]) }
        let text = entry["text"].flatMap { reader.text($0, "'text' of a turn") }
        if entry["speaker"] == nil { reader.missing("speaker", in: entry, expected: "customer or agent") }
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
    if let node = required("annotations", "a list of {turn, verdict, point, note}"), let items = reader.list(node, "'annotations'") {
      for item in items {
        guard let entry = reader.mapping(item, "an annotation") else { continue }
        reader.finish(entry, allowed: ["turn", "verdict", "point", "note"])
        let turn = entry["turn"].flatMap { reader.int($0, "'turn'", in: 1...max(1, lines.count)) }
        if let turn, let turnNode = entry["turn"], lines.indices.contains(turn - 1), lines[turn - 1].speaker != "agent" {
          reader.diagnostics.error(.invalidValue, reader.location(turnNode), "turn \(turn) is a customer turn; annotations judge agent turns")
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
    guard !reader.diagnostics.hasErrors, let id, let title, let scenarioID, let language else { return (nil, reader.diagnostics.items) }
    return (AnnotatedTranscript(id: id, title: title, scenario: scenarioID, language: language, summary: summary, turns: lines, annotations: annotations, path: path), reader.diagnostics.items)
  }
}
