import ArgumentParser
import DojoConsole
import DojoCore
import Foundation

extension Dojo.Critique {
  /// A lead marks the agent turns of a transcript: the expert annotation `dojo critique` scores against.
  struct Annotate: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "annotate",
      abstract: "Add the expert marks to a transcript (an imported one, or one to re-annotate).",
      discussion: """
        Plays the transcript turn by turn. After each agent turn type one mark a line: \
        `+POINT note` (good) or `-POINT note` (wrong), POINT a rubric point of the scenario or \
        `escalation`; `?` lists the points, `clear` drops the turn's marks, an empty line goes on, \
        `quit` stops early (what was marked is kept). The file is rewritten with `annotated: true` \
        when it has at least one mark.
        """)

    @Argument(help: "Transcript id or path.")
    var transcript: String

    @Option(help: "Folder of transcripts.")
    var transcripts = "transcripts"

    @Option(help: "The scenario whose rubric points apply (needed when the transcript names none).")
    var scenario: String?

    @Option(help: "Output format (json prints the saved annotation only).")
    var format: OutputFormat = .text

    @OptionGroup var source: ScenarioOptions

    func run() throws {
      Style.configure()
      let path = transcript.hasSuffix(".yaml") ? transcript : "\(transcripts)/\(transcript).yaml"
      guard FileManager.default.fileExists(atPath: path) else {
        Terminal.error("no transcript '\(transcript)' in \(transcripts); `dojo critique --list --transcripts \(transcripts)` shows them")
        throw ExitCode(1)
      }
      let library = try source.loadLibrary()
      let (loaded, diagnostics) = TranscriptLoader.load(path: path, library: library)
      guard var annotated = loaded else {
        for diagnostic in diagnostics { Terminal.error(diagnostic.description) }
        throw ExitCode(1)
      }
      let scenarioID = scenario ?? (annotated.scenario.isEmpty ? nil : annotated.scenario)
      guard let scenarioID else {
        Terminal.error("\(annotated.id) names no scenario yet: pass --scenario ID (the scenario whose rubric points the marks use)")
        throw ExitCode(1)
      }
      guard let chosen = library.scenario(scenarioID) else {
        let hint = Suggestion.closest(scenarioID, library.scenarios.map(\.id)).map { " (did you mean '\($0)'?)" } ?? ""
        Terminal.error("unknown scenario '\(scenarioID)'\(hint); `dojo scenarios list` shows them")
        throw ExitCode(1)
      }
      if chosen.id != annotated.scenario && !annotated.annotations.isEmpty {
        Terminal.warning("the transcript's marks use the points of '\(annotated.scenario)'; marks on points '\(chosen.id)' lacks are dropped")
      }
      if chosen.language != annotated.language {
        Terminal.warning("'\(chosen.id)' is in \(chosen.language.rawValue), the transcript in \(annotated.language.rawValue)")
      }
      let points = chosen.rubric.criteria.map(\.id) + ["escalation"]
      annotated.annotations.removeAll { !points.contains($0.point) }
      annotated.scenario = chosen.id

      let interactive = isatty(STDIN_FILENO) == 1
      let quiet = format == .json
      func say(_ text: String) { if !quiet { print(text) } }
      say(Style.strong(neutralized(annotated.title)) + Style.dim("  [\(annotated.id) · \(chosen.id)]"))
      say(Style.dim("After each agent turn: +POINT note (good) or -POINT note (wrong), one a line; ? lists the points, clear drops the turn's marks, Enter goes on, quit stops. Points: \(points.joined(separator: ", "))") + "\n")
      turns: for (index, line) in annotated.turns.enumerated() {
        let turn = index + 1
        switch line.speaker {
        case "customer":
          say(Style.customer("[\(turn)] customer: ") + neutralized(line.text))
          continue
        case "note":
          say(Style.dim("[\(turn)] internal note: \(neutralized(line.text))"))
          continue
        default:
          say(Style.strong("[\(turn)] agent: ") + neutralized(line.text))
        }
        for existing in annotated.annotations where existing.turn == turn {
          say(Style.dim("  marked: \(existing.verdict == .good ? "+" : "-")\(existing.point) \(neutralized(existing.note))"))
        }
        while true {
          if interactive { print("annotate [\(turn)]> ", terminator: "") }
          guard let input = readLine()?.trimmingCharacters(in: .whitespaces) else { break turns }
          if input.isEmpty { break }
          if input == "quit" || input == "q" { break turns }
          if input == "?" {
            say(points.joined(separator: ", "))
            continue
          }
          if input == "clear" {
            annotated.annotations.removeAll { $0.turn == turn }
            say(Style.dim("  marks of turn \(turn) dropped"))
            continue
          }
          guard let sign = input.first, sign == "+" || sign == "-" else {
            say(Style.warn("  '\(neutralized(input))': start with + (good) or - (wrong), then a point: +\(points[0]) note"))
            continue
          }
          let body = input.dropFirst()
          let point = String(body.prefix { !$0.isWhitespace })
          guard points.contains(point) else {
            let hint = Suggestion.closest(point, points).map { "did you mean '\($0)'?" } ?? "points: \(points.joined(separator: ", "))"
            say(Style.warn("  unknown point '\(neutralized(point))'; \(hint)"))
            continue
          }
          let note = body.dropFirst(point.count).trimmingCharacters(in: .whitespaces)
          let verdict: CritiqueVerdict = sign == "+" ? .good : .wrong
          annotated.annotations.removeAll { $0.turn == turn && $0.point == point }
          annotated.annotations.append(.init(turn: turn, verdict: verdict, point: point, note: note))
        }
      }
      annotated.annotations.sort { ($0.turn, $0.point) < ($1.turn, $1.point) }
      annotated.annotated = !annotated.annotations.isEmpty
      if annotated.annotated {
        for stale in [" Not annotated yet.", " Noch nicht annotiert."] { annotated.summary = annotated.summary.replacingOccurrences(of: stale, with: "") }
      }
      let text = TranscriptWriter.yaml(annotated, header: Self.header(of: path))
      do {
        try text.write(toFile: path, atomically: true, encoding: .utf8)
      } catch {
        Terminal.error("\(path): cannot write: \(error.localizedDescription)")
        throw ExitCode(1)
      }
      if quiet {
        try Terminal.printJSON(SavedAnnotation(transcript: annotated.id, scenarioID: chosen.id, annotated: annotated.annotated, annotations: annotated.annotations, path: path))
        return
      }
      if annotated.annotated {
        print("saved \(annotated.annotations.count) mark(s) to \(path); a trainee critiques it with `dojo critique \(annotated.id) --transcripts \(transcripts)`")
      } else {
        print("no marks: \(path) stays unannotated")
      }
    }

    /// The comment lines at the top of the file, kept when it is rewritten.
    static func header(of path: String) -> [String] {
      guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return [] }
      var lines: [String] = []
      for line in text.split(separator: "\n") {
        guard line.hasPrefix("#") else { break }
        lines.append(String(line.dropFirst().drop { $0 == " " }))
      }
      return lines.filter { !$0.hasPrefix("Not annotated yet") }
    }
  }

  struct SavedAnnotation: Encodable {
    var transcript: String
    var scenarioID: String
    var annotated: Bool
    var annotations: [AnnotatedTranscript.Annotation]
    var path: String
  }
}
