import ArgumentParser
import DojoConsole
import DojoCore
import DojoStore
import Foundation

extension Dojo {
  /// A lead scores a session: walk the criteria interactively, or set scores with `--set`.
  struct ReviewSession: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "session",
      abstract: "Review a session as a lead (the default: `dojo review SESSION --reviewer NAME`).",
      discussion: """
        Shows the session, then asks for each criterion: Enter keeps the automatic score, or type \
        a score on the criterion's scale or `na`. A change needs a comment; a negative rating asks \
        for a root cause (knowledge, process, communication, tool, policy, other). A summary for \
        the trainee ends the review. Lines are read plainly when stdin is not a terminal. \
        Without a terminal, `--set CRITERION=SCORE` (repeatable) with `--comment` and `--summary` \
        reviews in one command.
        """)

    @Argument(help: "The session id (see `dojo review queue`).")
    var session: Int64

    @Option(help: "Who reviews (a trainee with the lead role).")
    var reviewer: String

    @Option(name: .customLong("set"), help: "CRITERION=SCORE (or =na) without prompting; repeatable.")
    var sets: [String] = []

    @Option(help: "With --set: why the scores change.")
    var comment: String?

    @Option(name: .customLong("root-cause"), help: "With --set: the root cause of the miss.")
    var rootCause: RootCause?

    @Option(help: "With --set: the summary comment for the trainee.")
    var summary: String?

    @Flag(name: .customLong("no-transcript"), help: "Do not show the session before the questions.")
    var noTranscript = false

    @Option(help: "Output format (the stored review).")
    var format: OutputFormat = .text

    struct Stored: Encodable {
      var reviewID: Int64
      var sessionID: Int64
      var reviewer: String
      var score: Double
      var passed: Bool
      var autoScore: Double
      var changed: [String]
    }

    @OptionGroup var source: ScenarioOptions
    @OptionGroup var storeOptions: StoreOptions

    func validate() throws {
      for item in sets where Self.parse(item) == nil {
        throw ValidationError("--set '\(item)' is not CRITERION=SCORE (a whole number, or na)")
      }
      if sets.isEmpty && (comment != nil || rootCause != nil || summary != nil) {
        throw ValidationError("--comment, --root-cause and --summary go with --set")
      }
    }

    static func parse(_ item: String) -> (String, Int?)? {
      let parts = item.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
      guard parts.count == 2, !parts[0].isEmpty else { return nil }
      if parts[1].lowercased() == "na" { return (parts[0], nil) }
      guard let points = Int(parts[1]) else { return nil }
      return (parts[0], points)
    }

    func run() throws {
      let interactive = isatty(STDIN_FILENO) == 1
      Style.configure()
      let store = try storeOptions.open()
      let record = try reviewing { try store.session(id: session) }
      // Refuse before asking anything: the reviewer must be a lead who did not play the session.
      try reviewing { try Self.checkReviewer(store: store, name: reviewer, session: record) }
      let effective = try reviewing { try store.effectiveScore(sessionID: session) }

      let ratings: [NewCriterionRating]
      let summaryText: String
      if !sets.isEmpty {
        ratings = sets.compactMap(Self.parse).map {
          NewCriterionRating(criterionID: $0.0, points: $0.1, comment: comment ?? "", rootCause: rootCause)
        }
        summaryText = summary ?? ""
      } else {
        // With --format json stdout carries only the stored review; the walk talks on stderr.
        let output: ConsoleOutput = format == .json ? StandardErrorOutput() : StandardOutput(typingDelay: false)
        if !noTranscript {
          let found = SessionScenarios(options: source, versions: store).lookup(record)
          let document = try reviewing {
            try ReviewDocument.load(store: store, sessionID: session, scenario: found.scenario, scenarioNote: found.note)
          }
          output.line(ReviewRenderer(format: .text).render(document))
        } else {
          // Without the transcript the walk still says what is being reviewed.
          let trainee = try reviewing { try store.trainees() }.first { $0.id == record.traineeID }?.name ?? "?"
          output.line(
            Style.strong("Session \(session): \(neutralized(record.scenarioTitle))") + "\n"
              + "  Trainee: \(neutralized(trainee)) · scenario \(neutralized(record.scenarioID)) · \(record.channel)\n"
              + "  Score: \(ScorecardView.number(effective.score))/100 · \(effective.passed ? "passed" : "not passed")"
              + (effective.review == nil ? " (automatic)" : " (automatic \(ScorecardView.number(effective.automatic.score)))"))
        }
        let input: LineInput =
          interactive ? ReadlineInput(historyPath: nil, commands: [], tiers: [], teams: []) : PlainLineInput()
        let items = effective.criteria.map {
          // Enter keeps the effective rating: an earlier review's change stands unless changed again.
          ReviewWalk.Item(id: $0.id, name: $0.name, max: $0.max, autoPoints: $0.points)
        }
        guard let outcome = ReviewWalk(input: input, output: output, blind: false).run(items) else {
          Terminal.error("the input ended before the review was complete; nothing was stored")
          throw ExitCode(1)
        }
        ratings = outcome.ratings
        summaryText = outcome.summary
      }
      let stored = try reviewing {
        try store.saveReview(
          NewReview(sessionID: session, reviewerName: reviewer, ratings: ratings, summary: summaryText, at: Date()))
      }
      let changed = stored.scores.filter(\.changed).count
      if format == .json {
        print(
          try jsonText(
            Stored(
              reviewID: stored.record.id ?? 0, sessionID: session, reviewer: stored.reviewerName, score: stored.record.score,
              passed: stored.record.passed, autoScore: effective.automatic.score,
              changed: stored.scores.filter(\.changed).map(\.criterionID))))
        return
      }
      print(
        "Stored review #\(stored.record.id ?? 0) for session \(session): \(ScorecardView.number(stored.record.score))/100 · "
          + (stored.record.passed ? "passed" : "not passed")
          + " (automatic \(ScorecardView.number(effective.automatic.score)); \(changed == 1 ? "1 criterion differs" : "\(changed) criteria differ") from it)")
    }

    static func checkReviewer(store: any Store, name: String, session: SessionRecord) throws {
      guard let reviewer = try store.existingTrainee(named: name)
      else { throw StoreError.unknownTrainee(name) }
      guard reviewer.role == .lead else { throw ReviewError.notALead(reviewer.name) }
      guard reviewer.id != session.traineeID else {
        throw ReviewError.ownSession(reviewer: reviewer.name, session: session.id ?? 0)
      }
    }
  }
}

extension RootCause: ExpressibleByArgument {}
