import ArgumentParser
import DojoConsole
import DojoCore
import Foundation

extension Dojo {
  /// Analyse past conversations: play one and mark it (the default), or annotate one as the expert.
  struct Critique: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "critique",
      abstract: "Critique a past conversation turn by turn; scored against the expert annotation.",
      discussion: "`dojo critique ID` plays a transcript (see `dojo critique play --help`); `dojo critique annotate ID` adds the expert marks.",
      subcommands: [Play.self, Annotate.self],
      defaultSubcommand: Play.self)
  }
}

extension Dojo.Critique {
  /// Analyse a past conversation: mark what was good or wrong, scored against the expert.
  struct Play: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "play",
      abstract: "Critique a past conversation turn by turn; scored against the expert annotation.",
      discussion: """
        After each agent turn, mark it: `+POINT` (good) or `-POINT` (wrong), with POINT a rubric \
        point of the scenario (`?` lists them), several marks per turn allowed; an empty line \
        goes on. `dojo critique --list` shows the transcripts; `dojo critique annotate ID` adds \
        the expert marks to an imported one.
        """)

    @Argument(help: "Transcript id or path.")
    var transcript: String?

    @Flag(help: "List the transcripts.")
    var list = false

    @Option(help: "Folder of annotated transcripts.")
    var transcripts = "transcripts"

    @Option(help: "Output format (json prints the result only).")
    var format: OutputFormat = .text

    @OptionGroup var source: ScenarioOptions

    func validate() throws {
      if !list && transcript == nil { throw ValidationError("name a transcript, or use --list") }
    }

    func run() throws {
      Style.configure()
      let library = try source.loadLibrary()
      let files = ((try? FileManager.default.contentsOfDirectory(atPath: transcripts)) ?? [])
        .filter { $0.hasSuffix(".yaml") }.sorted().map { "\(transcripts)/\($0)" }
      if list {
        let rows = files.compactMap { TranscriptLoader.load(path: $0, library: library).0 }
          .map { [$0.id, $0.scenario.isEmpty ? "–" : $0.scenario, $0.language.rawValue, $0.annotated ? String($0.annotations.count) : "unannotated", $0.title] }
        print(TextTable(header: ["ID", "SCENARIO", "LANG", "POINTS", "TITLE"], rows: rows).render())
        return
      }
      let name = transcript ?? ""
      let path = name.hasSuffix(".yaml") ? name : "\(transcripts)/\(name).yaml"
      guard FileManager.default.fileExists(atPath: path) else {
        Terminal.error("no transcript '\(name)' in \(transcripts); `dojo critique --list` shows them")
        throw ExitCode(1)
      }
      let (loaded, diagnostics) = TranscriptLoader.load(path: path, library: library)
      if let loaded, !loaded.annotated {
        Terminal.error("\(loaded.id) is not annotated yet; a lead adds the marks with `dojo critique annotate \(loaded.id) --transcripts \(transcripts) --scenario SCENARIO`")
        throw ExitCode(1)
      }
      guard let annotated = loaded, let scenario = library.scenario(annotated.scenario) else {
        for diagnostic in diagnostics { Terminal.error(diagnostic.description) }
        throw ExitCode(1)
      }
      let strings = UIStrings.forLanguage(annotated.language)
      let points = scenario.rubric.criteria.map(\.id) + ["escalation"]
      let interactive = isatty(STDIN_FILENO) == 1
      let quiet = format == .json
      func say(_ text: String) { if !quiet { print(text) } }

      say(Style.strong(annotated.title) + Style.dim("  [\(annotated.id) · \(scenario.id)]"))
      say("\(Style.accent(strings[.briefing])): \(annotated.summary)")
      say(Style.dim(strings.format(.critiqueHelp, points.joined(separator: ", "))) + "\n")
      var marks: [CritiqueMark] = []
      for (index, line) in annotated.turns.enumerated() {
        let turn = index + 1
        if line.speaker == "customer" {
          // An imported conversation's customer is not the scenario's persona.
          let who = annotated.source == nil ? scenario.persona.name : (annotated.language == .de ? "Kunde" : "Customer")
          say(Style.customer("[\(turn)] \(who): ") + neutralized(line.text))
          continue
        }
        if line.speaker == "note" {
          say(Style.dim("[\(turn)] \(strings[.internalNote]): \(neutralized(line.text))"))
          continue
        }
        say(Style.strong("[\(turn)] \(strings[.agent]): ") + neutralized(line.text))
        while true {
          if interactive { print(strings[.critiquePrompt], terminator: "") }
          guard let input = readLine()?.trimmingCharacters(in: .whitespaces), !input.isEmpty else { break }
          if input == "?" {
            say(points.joined(separator: ", "))
            continue
          }
          for word in input.split(separator: " ") {
            guard let sign = word.first, sign == "+" || sign == "-" else {
              say(strings.format(.critiqueBadMark, String(word)))
              continue
            }
            let point = String(word.dropFirst())
            guard point.isEmpty || points.contains(point) else {
              say(strings.format(.critiqueUnknownPoint, point, Suggestion.closest(point, points) ?? points.joined(separator: ", ")))
              continue
            }
            marks.append(CritiqueMark(turn: turn, verdict: sign == "+" ? .good : .wrong, point: point.isEmpty ? nil : point))
          }
        }
      }
      let result = CritiqueResult(transcript: annotated, marks: marks)
      if quiet {
        try Terminal.printJSON(result)
        return
      }
      print("\n" + Style.strong("\(strings[.expertAnnotation]):"))
      for finding in result.findings {
        let a = finding.annotation
        let mark = finding.credit == 1 ? Style.good("✓") : finding.credit > 0 ? Style.warn("◐") : Style.bad("✗")
        print("\(mark) [\(a.turn)] \(a.verdict == .good ? "+" : "-")\(a.point): \(a.note)")
      }
      for mark in result.unmatchedMarks {
        print(Style.bad("✗ [\(mark.turn)] \(mark.verdict == .good ? "+" : "-")\(mark.point ?? "") — \(strings[.critiqueNotAnnotated])"))
      }
      print(Style.strong("\(strings[.score]): \(strings.number(result.score))/100"))
    }
  }
}
