import ArgumentParser
import DojoConsole
import DojoCore
import DojoStore
import Foundation

extension Dojo {
  /// Team-lead review of scored sessions.
  struct Review: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "review",
      abstract: "Review scored sessions: queue, show, export, score as a lead, rescore, answer disputes.",
      discussion: """
        `dojo review SESSION --reviewer NAME` walks the session's criteria (the same as \
        `dojo review session SESSION …`). Reviewers are trainees with the lead role \
        (a lead makes one: `dojo trainee role NAME lead --by LEAD`). The automatic score is \
        never overwritten: every review is a new record, and the effective score is the latest \
        review. Changing a current rating needs a comment; a re-scoring is shown beside the score \
        as played and never counts.
        """,
      subcommands: [
        ReviewSession.self, ReviewQueue.self, ReviewShow.self, ReviewExport.self, ReviewRescore.self,
        ReviewDispute.self,
      ],
      defaultSubcommand: ReviewSession.self)
  }

  /// The review queue: scored sessions newest first with score, verdict and review state.
  struct ReviewQueue: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "queue", abstract: "List scored sessions, newest first, with score, verdict and review state.")

    @OptionGroup var filters: ReviewFilterOptions

    @Option(help: "Output format.")
    var format: OutputFormat = .text

    @OptionGroup var storeOptions: StoreOptions

    func run() throws {
      Style.configure()
      let store = try storeOptions.openForReading()
      let items = try reviewing { try store.reviewQueue(try filters.filter(in: store)) }
      switch format {
      case .json:
        print(try jsonText(items.map(QueueLine.init)))
      case .text:
        guard !items.isEmpty else {
          print("No scored sessions match.")
          return
        }
        let rows = items.map { item -> [String] in
          let line = QueueLine(item)
          let verdict = line.passed ? Style.good("passed") : Style.bad("not passed")
          let score = ScorecardView.number(line.score)
            + (line.score != line.autoScore ? Style.dim(" (auto \(ScorecardView.number(line.autoScore)))") : "")
          return [
            String(line.sessionID), ReviewRenderer.timestamp(line.startedAt), neutralized(line.trainee),
            line.scenarioID, score, verdict, line.escalationVerdict,
            line.criticalMisses.isEmpty ? "" : Style.bad(line.criticalMisses.joined(separator: ",")),
            line.reviewState == .unreviewed ? line.reviewState.rawValue
              : line.reviewState == .disputed ? Style.warn(line.reviewState.rawValue) : Style.good(line.reviewState.rawValue),
          ]
        }
        print(
          TextTable(
            header: ["SESSION", "STARTED", "TRAINEE", "SCENARIO", "SCORE", "VERDICT", "ESCALATION", "CRITICAL", "REVIEW"],
            rows: rows
          ).render())
      }
    }
  }

  /// One session for a lead: transcript with evidence, facts, hand-off, notes, hints, scorecard.
  struct ReviewShow: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "show",
      abstract: "Show a session turn by turn with the evidence each turn earned, then the scorecard.")

    @Argument(help: "The session id (see `dojo review queue`).")
    var session: Int64

    @Option(help: "Output format.")
    var format: ReviewFormat = .text

    @Option(help: "Write to this file instead of stdout.")
    var out: String?

    @OptionGroup var source: ScenarioOptions
    @OptionGroup var storeOptions: StoreOptions

    func run() throws {
      Style.configure(forceOff: out != nil || format != .text)
      let store = try storeOptions.openForReading()
      let record = try reviewing { try store.session(id: session) }
      let found = SessionScenarios(options: source, versions: store).lookup(record)
      let document = try reviewing {
        try ReviewDocument.load(store: store, sessionID: session, scenario: found.scenario, scenarioNote: found.note)
      }
      let text = format == .json ? try jsonText(document) + "\n" : ReviewRenderer(format: format).render(document)
      if let out {
        try Output.write(text, to: out, createFolders: true)
      } else {
        print(text, terminator: "")
      }
    }
  }

  /// One Markdown file per session, named so they sort by date, trainee and scenario.
  struct ReviewExport: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "export",
      abstract: "Write one Markdown file per matching session into a folder.",
      discussion: "File names are DATE-TIME_TRAINEE_SCENARIO_sSESSION.md, so they sort by date, trainee and scenario.")

    @OptionGroup var filters: ReviewFilterOptions

    @Option(help: "The folder to write into (created if missing).")
    var to = "transcripts"

    @Option(help: "Output format (the list of files written).")
    var format: OutputFormat = .text

    @OptionGroup var source: ScenarioOptions
    @OptionGroup var storeOptions: StoreOptions

    func run() throws {
      Style.configure(forceOff: true)
      let store = try storeOptions.openForReading()
      let items = try reviewing { try store.reviewQueue(try filters.filter(in: store)) }
      let scenarios = SessionScenarios(options: source, versions: store)
      let renderer = ReviewRenderer(format: .markdown)
      var written: [String] = []
      for (index, item) in items.enumerated() {
        Terminal.progress("exporting \(index + 1)/\(items.count)")
        let id = item.session.id ?? 0
        let found = scenarios.lookup(item.session)
        let document = try reviewing {
          try ReviewDocument.load(store: store, sessionID: id, scenario: found.scenario, scenarioNote: found.note)
        }
        let path = (to as NSString).appendingPathComponent(Self.fileName(item))
        try Output.write(renderer.render(document), to: path, createFolders: true)
        written.append(path)
      }
      Terminal.endProgress()
      switch format {
      case .json: print(try jsonText(["files": written]))
      case .text: print("Wrote \(written.count) file\(written.count == 1 ? "" : "s") to \(to).")
      }
    }

    static func fileName(_ item: ReviewQueueItem) -> String {
      let formatter = DateFormatter()
      formatter.locale = Locale(identifier: "en_US_POSIX")
      formatter.timeZone = TimeZone(identifier: "UTC")
      formatter.dateFormat = "yyyy-MM-dd-HHmmss"
      let stamp = formatter.string(from: item.session.startedAt)
      // Each part is at most 60 bytes (cut with a hash of the whole name), so the name stays far
      // below the 255 bytes file systems allow, and the session id keeps it unique.
      return "\(stamp)_\(SafeFileName.part(item.traineeName))_\(SafeFileName.part(item.session.scenarioID))_s\(item.session.id ?? 0).md"
    }
  }
}

/// One queue line as JSON and for the table.
struct QueueLine: Encodable {
  var sessionID: Int64
  var startedAt: Date
  var trainee: String
  var scenarioID: String
  var role: String
  @Nullable var cohort: String?
  var mode: String
  @Nullable var phase: String?
  var autoScore: Double
  var score: Double
  var passed: Bool
  var escalationVerdict: String
  var criticalMisses: [String]
  var reviewState: ReviewState
  var reviews: Int
  var openDisputes: Int
  /// The latest re-scoring, shown beside the score as played; it does not count.
  @Nullable var rescoreScore: Double?
  @Nullable var rescorePassed: Bool?

  init(_ item: ReviewQueueItem) {
    sessionID = item.session.id ?? 0
    startedAt = item.session.startedAt
    trainee = item.traineeName
    scenarioID = item.session.scenarioID
    role = item.session.role
    cohort = item.session.cohort
    mode = item.session.mode.rawValue
    phase = item.session.phase?.rawValue
    autoScore = item.effective.automatic.score
    score = item.effective.score
    passed = item.effective.passed
    escalationVerdict = item.effective.automatic.escalation.verdict.rawValue
    criticalMisses = item.effective.criticalMisses
    reviewState = item.state
    reviews = item.reviewCount
    openDisputes = item.openDisputes
    rescoreScore = item.effective.rescore?.score
    rescorePassed = item.effective.rescore?.passed
  }
}
