import ArgumentParser
import DojoConsole
import DojoCore
import DojoStore
import Foundation

extension Dojo {
  /// Measures how far the automatic scores agree with a lead's labels on recorded conversations.
  struct Eval: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "eval",
      abstract: "Measure agreement of the automatic scores with a lead's labels on recorded conversations.",
      discussion: """
        An evaluation set is a folder with conversations/ID.json (recorded conversations, customer \
        lines included, made with `dojo eval collect`) and labels.jsonl (a lead's rating per \
        criterion: met, partly, not or na, and a verdict: pass or fail). `dojo eval sheet` writes \
        what a labeller sees. Conversations are scored as recorded, so a set stays usable when the \
        engine or a pattern changes.
        """,
      subcommands: [Run.self, Collect.self, Sheet.self, Phrasings.self],
      defaultSubcommand: Run.self)
  }
}

extension Dojo.Eval {
  /// Scores a labelled set and prints agreement per scenario and criterion.
  struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "run",
      abstract: "Score a labelled set: Cohen's κ (credited / not), weighted κ (0 / partial / full), verdict accuracy, every disagreement.")

    @Argument(help: "The set's folder.", completion: .directory)
    var set: String

    @Option(help: "Output format.")
    var format: OutputFormat = .text

    @Flag(help: "Only the figures, not the disagreements (for a held-out set nobody tuning patterns may read).")
    var summary = false

    @Flag(help: "Exit with code 2 when a target is missed (κ ≥ 0.80, each scenario ≥ 0.60, weighted κ ≥ 0.85, verdicts ≥ 90%).")
    var check = false

    @OptionGroup var source: ScenarioOptions

    func run() throws {
      Style.configure()
      let evaluationSet: EvaluationSet
      do {
        evaluationSet = try EvaluationSet.load(folder: set)
      } catch let error as EvaluationSetError {
        Terminal.error(error.description)
        throw ExitCode(1)
      }
      if evaluationSet.labels.isEmpty {
        Terminal.error("\(set): no labels (labels.jsonl is missing or empty); `dojo eval sheet \(set)` shows what to label")
        throw ExitCode(1)
      }
      let library = try source.loadLibrary()
      var compiled: [String: CompiledScenario] = [:]
      var report = EvaluationReport(set: evaluationSet) { id in
        if let known = compiled[id] { return known }
        guard let scenario = library.scenario(id) else { return nil }
        let made = CompiledScenario(scenario, lexicon: library.lexicon)
        compiled[id] = made
        return made
      }
      if summary {
        report.disagreements = []
        report.verdictDisagreements = []
      }
      switch format {
      case .json: try Terminal.printJSON(report)
      case .text: print(EvaluationView(report: report, summaryOnly: summary).render())
      }
      if check && !report.missedTargets.isEmpty { throw ExitCode(2) }
    }
  }

  /// Reads sentences written blind against the lexicon's concepts or a scenario's criteria.
  struct Phrasings: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "phrasings",
      abstract: "Read sentences written blind against the lexicon's concepts (.tsv) or scenarios' criteria (.jsonl): what each reads and misses.",
      discussion: """
        A .tsv file has one sentence per line: CONCEPT<TAB>yes|near-miss<TAB>sentence (concepts: \
        \(PhrasingCheck.conceptNames.map(\.phrasing).joined(separator: ", "))); its language comes \
        from --language or the file name (en.tsv, …de.tsv). A .jsonl file has one reply per line: \
        {"scenario": ID, "criterion": ID, "label": "met"|"not"|"kept"|"broken", "text": …}; a reply \
        is read on its own, as a rubric example is. Exit code 0 also when sentences are misread: \
        the figures are the result.
        """)

    @Argument(help: "The phrasings file (.tsv or .jsonl).", completion: .file(extensions: ["tsv", "jsonl"]))
    var file: String

    @Option(help: "Language of a .tsv file (default: from its name).")
    var language: Language?

    @Option(help: "Output format.")
    var format: OutputFormat = .text

    @OptionGroup var source: ScenarioOptions

    func run() throws {
      Style.configure()
      guard let text = try? String(contentsOfFile: file, encoding: .utf8) else {
        Terminal.error("\(file): cannot read the file")
        throw ExitCode(1)
      }
      let library = try source.loadLibrary()
      let results: [PhrasingResult]
      do {
        if file.hasSuffix(".jsonl") {
          let phrasings = try PhrasingCheck.criterionPhrasings(text, file: file)
          results = try PhrasingCheck.check(phrasings, file: file) { id in
            library.scenario(id).map { CompiledScenario($0, lexicon: library.lexicon) }
          }
        } else {
          guard let language = language ?? Self.language(named: file) else {
            Terminal.error("\(file): cannot tell the language from the file name; give --language en or --language de")
            throw ExitCode(64)
          }
          results = PhrasingCheck.check(try PhrasingCheck.conceptPhrasings(text, file: file), language: language, lexicon: library.lexicon)
        }
      } catch let error as PhrasingFileError {
        Terminal.error(error.description)
        throw ExitCode(1)
      }
      switch format {
      case .json: try Terminal.printJSON(results)
      case .text: print(PhrasingView(results: results, file: file, criteria: file.hasSuffix(".jsonl")).render())
      }
    }

    /// The language a file's name ends in: `en.tsv`, `blind-de.tsv`, `heldout_en.tsv`.
    static func language(named file: String) -> Language? {
      let name = URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent.lowercased()
      return Language.allCases.first { language in
        name == language.rawValue || ["-", "_", "."].contains { name.hasSuffix($0 + language.rawValue) }
      }
    }
  }

  /// Writes finished sessions of a store as recorded conversations of a set.
  struct Collect: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "collect",
      abstract: "Write a store's finished sessions into a set folder as recorded conversations (conversations/ID.json).")

    @Option(help: "The set's folder (created when missing).", completion: .directory)
    var out: String

    @Option(help: "Prefix of the conversation ids (`p3-` gives p3-12 for session 12).")
    var prefix: String = "s"

    @Option(help: "Only this trainee's sessions.", completion: Completions.trainees)
    var trainee: String?

    @Option(help: "Only this scenario's sessions.", completion: Completions.scenarioIDs)
    var scenario: String?

    @OptionGroup var storeOptions: StoreOptions

    func run() throws {
      let store = try storeOptions.openForReading()
      let names = Dictionary(uniqueKeysWithValues: try store.trainees().compactMap { t in t.id.map { ($0, t.name) } })
      let sessions = try store.sessions(traineeName: trainee).filter {
        $0.status == .finished && (scenario == nil || $0.scenarioID == scenario)
      }
      let folder = out + "/conversations"
      try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
      let encoder = JSONEncoder()
      encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
      var written = 0
      var existing = 0
      for session in sessions.sorted(by: { ($0.id ?? 0) < ($1.id ?? 0) }) {
        guard let sessionID = session.id else { continue }
        let id = SafeFileName.part(prefix + String(sessionID))
        let path = folder + "/" + id + ".json"
        if FileManager.default.fileExists(atPath: path) {
          existing += 1
          continue
        }
        let lines = try store.turns(sessionID: sessionID).map {
          RecordedConversation.Line(
            speaker: $0.speaker, node: $0.nodeID, turn: $0.turn, text: $0.text, action: $0.action, target: $0.target)
        }
        let mood = session.resultJSON.flatMap { json in
          try? JSONDecoder().decode(ScoreResult.self, from: Data(json.utf8)).endingMood
        } ?? .neutral
        let played = ISO8601DateFormatter().string(from: session.startedAt)
        let conversation = RecordedConversation(
          id: id, scenarioID: session.scenarioID, scenarioVersion: session.scenarioVersion,
          source: "trainee \(names[session.traineeID] ?? "?"), session \(sessionID), played \(played)",
          ending: session.ending.flatMap(Ending.init(rawValue:)), finalMood: mood, lines: lines)
        try encoder.encode(conversation).write(to: URL(fileURLWithPath: path))
        written += 1
      }
      print("wrote \(written) conversations to \(folder)" + (existing > 0 ? " (\(existing) already there, left as they were)" : ""))
    }
  }

  /// Writes what a labeller sees: the conversation, each criterion's name and tip, the escalation
  /// expectation; no scores, patterns or model answers.
  struct Sheet: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "sheet",
      abstract: "Write a labelling sheet per conversation (Markdown): the conversation, criterion names and tips, the escalation expectation, a labels line to fill in.")

    @Argument(help: "The set's folder.", completion: .directory)
    var set: String

    @Option(help: "Folder for the sheets (default: SET/sheets).", completion: .directory)
    var out: String?

    @OptionGroup var source: ScenarioOptions

    func run() throws {
      let evaluationSet: EvaluationSet
      do {
        evaluationSet = try EvaluationSet.load(folder: set)
      } catch let error as EvaluationSetError {
        Terminal.error(error.description)
        throw ExitCode(1)
      }
      let library = try source.loadLibrary()
      let folder = out ?? set + "/sheets"
      try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
      var written = 0
      for conversation in evaluationSet.conversations {
        guard let scenario = library.scenario(conversation.scenarioID) else {
          Terminal.error("\(set)/conversations/\(conversation.id).json: no scenario '\(conversation.scenarioID)' in \(source.resolvedDirectory)")
          throw ExitCode(1)
        }
        let sheet = LabellingSheet(conversation: conversation, scenario: scenario).render()
        try sheet.write(toFile: folder + "/" + conversation.id + ".md", atomically: true, encoding: .utf8)
        written += 1
      }
      print("wrote \(written) sheets to \(folder)")
    }
  }
}
