import ArgumentParser
import DojoConsole
import DojoCore
import DojoStore
import Foundation

extension Dojo {
  /// Calibration rounds: several leads score the same sessions blind, then compare.
  struct Calibrate: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "calibrate",
      abstract: "Calibrate reviewers: the same sessions scored blind by several leads, then agreement.",
      subcommands: [CalibrateStart.self, CalibrateScore.self, CalibrateClose.self, CalibrateReport.self])
  }

  struct CalibrateStart: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "start", abstract: "Start a round: hand sessions to two or more leads.")

    @Argument(help: "A name for the round.")
    var name: String

    @Option(help: "Session ids, comma-separated.")
    var sessions: String

    @Option(help: "Lead names, comma-separated (two or more).")
    var reviewers: String

    @Option(help: "Output format.")
    var format: OutputFormat = .text

    @OptionGroup var storeOptions: StoreOptions

    var sessionIDs: [Int64] {
      sessions.split(separator: ",").compactMap { Int64($0.trimmingCharacters(in: .whitespaces)) }
    }

    var reviewerNames: [String] {
      reviewers.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    func validate() throws {
      let parts = sessions.split(separator: ",", omittingEmptySubsequences: false)
      if let bad = parts.first(where: { Int64($0.trimmingCharacters(in: .whitespaces)) == nil }) {
        throw ValidationError("--sessions: '\(bad)' is not a session id")
      }
      if Set(reviewerNames).count < 2 { throw ValidationError("--reviewers needs two or more lead names") }
    }

    func run() throws {
      let store = try storeOptions.open()
      let round = try reviewing {
        try store.startCalibration(name: name, sessionIDs: sessionIDs, reviewerNames: reviewerNames, at: Date())
      }
      if format == .json {
        print(try jsonText(RoundLine(round, scores: 0)))
        return
      }
      print(
        "Calibration round '\(neutralized(name))' started: \(round.sessionIDs.count) session(s) for "
          + "\(round.reviewerNames.map(neutralized).joined(separator: ", ")). "
          + "Each runs `dojo calibrate score \(neutralized(name)) --reviewer NAME`.")
    }
  }

  struct CalibrateScore: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "score",
      abstract: "Score the round's sessions blind: no automatic scores, no other reviewer's scores.",
      discussion: "For each session not yet scored: the conversation, then a rating (0–max or na) per criterion.")

    @Argument(help: "The round's name.")
    var name: String

    @Option(help: "Who scores (a lead of the round).")
    var reviewer: String

    @Option(help: "Output format (the sessions scored; the walk then talks on stderr).")
    var format: OutputFormat = .text

    struct Scored: Encodable {
      var round: String
      var reviewer: String
      var scored: [Int64]
    }

    @OptionGroup var source: ScenarioOptions
    @OptionGroup var storeOptions: StoreOptions

    func run() throws {
      Style.configure()
      let store = try storeOptions.open()
      let round = try reviewing { try store.calibration(named: name) }
      guard round.record.isOpen else {
        Terminal.error(ReviewError.roundClosed(name).errorDescription ?? "")
        throw ExitCode(1)
      }
      guard round.reviewerNames.contains(reviewer.trimmingCharacters(in: .whitespaces)) else {
        Terminal.error(ReviewError.notInRound(round: name, what: "reviewer \(reviewer)").errorDescription ?? "")
        throw ExitCode(1)
      }
      let done = Set(try reviewing { try store.calibrationReviews(named: name) }
        .filter { $0.reviewerName == reviewer }.map(\.record.sessionID))
      let todo = round.sessionIDs.filter { !done.contains($0) }
      guard !todo.isEmpty else {
        if format == .json {
          print(try jsonText(Scored(round: name, reviewer: reviewer, scored: [])))
        } else {
          print("You have scored every session of round '\(neutralized(name))'.")
        }
        return
      }
      let interactive = isatty(STDIN_FILENO) == 1
      let input: LineInput =
        interactive ? ReadlineInput(historyPath: nil, commands: [], tiers: [], teams: []) : PlainLineInput()
      let output: ConsoleOutput = format == .json ? StandardErrorOutput() : StandardOutput(typingDelay: false)
      let scenarios = SessionScenarios(options: source, versions: store)
      var scored: [Int64] = []
      for (index, id) in todo.enumerated() {
        let record = try reviewing { try store.session(id: id) }
        let found = scenarios.lookup(record)
        let document = try reviewing {
          try ReviewDocument.load(store: store, sessionID: id, scenario: found.scenario, scenarioNote: found.note)
        }
        output.line(Style.dim("— session \(index + 1) of \(todo.count) —"))
        output.line(ReviewRenderer(format: .text, blind: true).render(document))
        let items = document.scorecard.criteria.map {
          ReviewWalk.Item(id: $0.id, name: $0.name, max: $0.max, autoPoints: nil)
        }
        guard let outcome = ReviewWalk(input: input, output: output, blind: true).run(items) else {
          Terminal.error("the input ended; \(index) of \(todo.count) sessions scored and stored")
          throw ExitCode(1)
        }
        try reviewing {
          try store.saveReview(
            NewReview(
              sessionID: id, reviewerName: reviewer, kind: .calibration, roundName: name, ratings: outcome.ratings,
              summary: "", at: Date()))
        }
        output.line(Style.good("Stored your score of session \(id)."))
        scored.append(id)
      }
      if format == .json {
        print(try jsonText(Scored(round: name, reviewer: reviewer, scored: scored)))
      }
    }
  }

  struct CalibrateClose: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "close", abstract: "Close a round; its scores can then be compared.",
      discussion: """
        A round with scores missing is not closed: the command names who has not scored which \
        sessions. `--force` closes it anyway (the report then compares only what was scored).
        """)

    @Argument(help: "The round's name.")
    var name: String

    @Flag(help: "Close even when some reviewers have not scored every session.")
    var force = false

    @Option(help: "Output format.")
    var format: OutputFormat = .text

    @OptionGroup var storeOptions: StoreOptions

    func run() throws {
      let store = try storeOptions.open()
      let open = try reviewing { try store.calibration(named: name) }
      if open.record.isOpen {
        let before = try reviewing { try store.calibrationReviews(named: name) }
        let missing = Self.missing(open, scores: before)
        if !missing.isEmpty {
          let count = open.sessionIDs.count * open.reviewerNames.count
          let message =
            "round '\(name)' has \(count - missing.map(\.1.count).reduce(0, +)) of \(count) scores: "
            + missing.map { "\($0.0) has not scored \(Self.sessionList($0.1))" }.joined(separator: "; ")
          guard force else {
            Terminal.error(
              message + ". Each runs `dojo calibrate score \(name) --reviewer NAME`; "
                + "`dojo calibrate close \(name) --force` closes it as it is.")
            throw ExitCode(1)
          }
          Terminal.warning(message + "; closed anyway (--force): the report compares only what was scored.")
        }
      }
      let round = try reviewing { try store.closeCalibration(named: name, at: Date()) }
      let scores = try reviewing { try store.calibrationReviews(named: name) }
      if format == .json {
        print(try jsonText(RoundLine(round, scores: scores.count)))
        return
      }
      print("Calibration round '\(neutralized(name))' closed with \(scores.count) of \(round.sessionIDs.count * round.reviewerNames.count) scores.")
    }

    /// Each reviewer with the sessions they have not scored, in the round's order.
    static func missing(_ round: CalibrationRound, scores: [StoredReview]) -> [(String, [Int64])] {
      round.reviewerNames.compactMap { reviewer in
        let done = Set(scores.filter { $0.reviewerName == reviewer }.map(\.record.sessionID))
        let todo = round.sessionIDs.filter { !done.contains($0) }
        return todo.isEmpty ? nil : (neutralized(reviewer), todo)
      }
    }

    static func sessionList(_ ids: [Int64]) -> String {
      (ids.count == 1 ? "session " : "sessions ") + ids.map(String.init).joined(separator: ", ")
    }
  }

  struct CalibrateReport: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "report",
      abstract: "Agreement per criterion (percent, Cohen's kappa or Krippendorff's alpha), with the automatic scorer, and the widest differences.",
      discussion: """
        Reading: ≥ 0.80 reliable, 0.667–0.80 tentative, below that rework the criterion. Kappa for \
        two reviewers, alpha for more; quadratic-weighted kappa and interval alpha on scales with \
        more than two points (N/A left out), nominal on binary criteria (N/A a category of its own). \
        While a round is open, only who has scored is shown.
        """)

    @Argument(help: "The round's name.")
    var name: String

    @Option(help: "Output format.")
    var format: OutputFormat = .text

    @OptionGroup var storeOptions: StoreOptions

    struct Progress: Encodable {
      var reviewer: String
      var scored: Int
    }

    struct Output: Encodable {
      var round: String
      var state: String
      var sessions: [Int64]
      var reviewers: [String]
      var progress: [Progress]
      @Nullable var report: CalibrationReport?
    }

    func run() throws {
      Style.configure()
      let store = try storeOptions.openForReading()
      let round = try reviewing { try store.calibration(named: name) }
      let scores = try reviewing { try store.calibrationReviews(named: name) }
      let progress = round.reviewerNames.map { reviewer in
        Progress(reviewer: reviewer, scored: scores.filter { $0.reviewerName == reviewer }.count)
      }
      var report: CalibrationReport?
      if !round.record.isOpen {
        var criteria: [CalibrationInput.Criterion] = []
        var ratings: [CalibrationInput.Key: CalibrationRating] = [:]
        for id in round.sessionIDs {
          let effective = try reviewing { try store.effectiveScore(sessionID: id) }
          for criterion in effective.automatic.criteria {
            if !criteria.contains(where: { $0.id == criterion.id }) {
              criteria.append(CalibrationInput.Criterion(id: criterion.id, name: criterion.name, max: criterion.max))
            }
            ratings[CalibrationInput.Key(session: id, criterion: criterion.id, reviewer: nil)] =
              criterion.applicable ? .points(criterion.score ?? 0) : .notApplicable
          }
        }
        for review in scores {
          for row in review.scores {
            ratings[CalibrationInput.Key(session: review.record.sessionID, criterion: row.criterionID, reviewer: review.reviewerName)] =
              row.score.map { .points($0) } ?? .notApplicable
          }
        }
        report = CalibrationReport.compute(
          CalibrationInput(sessions: round.sessionIDs, reviewers: round.reviewerNames, criteria: criteria, ratings: ratings))
      }
      let output = Output(
        round: round.record.name, state: round.record.state, sessions: round.sessionIDs, reviewers: round.reviewerNames,
        progress: progress, report: report)
      switch format {
      case .json: print(try jsonText(output))
      case .text: print(Self.text(output))
      }
    }

    static func text(_ output: Output) -> String {
      var lines = [
        Style.strong("Calibration round '\(neutralized(output.round))'") + " (\(output.state)): sessions "
          + output.sessions.map(String.init).joined(separator: ", "),
        "Scored: " + output.progress.map { "\(neutralized($0.reviewer)) \($0.scored)/\(output.sessions.count)" }.joined(separator: ", "),
      ]
      guard let report = output.report else {
        lines.append("The round is open: scores stay blind until `dojo calibrate close \(output.round)`.")
        return lines.joined(separator: "\n")
      }
      func number(_ value: Double?) -> String { value.map { String(format: "%.3f", $0) } ?? "undefined" }
      func percent(_ value: Double?) -> String { value.map { String(format: "%.0f%%", $0 * 100) } ?? "–" }
      // Sessions fewer than two reviewers rated are left out of every number below: say so first.
      for thin in report.tooFewRaters {
        lines.append(
          Style.warn(
            thin.raters.isEmpty
              ? "No reviewer rated session \(thin.session): it is left out."
              : "Only one reviewer rated session \(thin.session) (\(neutralized(thin.raters[0]))): it is left out."))
      }
      if report.tooFewRaters.count == output.sessions.count {
        lines.append("No session was rated by two or more reviewers: there is no agreement to report.")
        return lines.joined(separator: "\n")
      }
      lines.append("")
      lines.append(
        TextTable(
          header: ["CRITERION", "SCALE", "UNITS", "AGREE", "COEFFICIENT", "VALUE", "READING", "WITH AUTO"],
          rows: report.criteria.map { row in
            let reading: String
            switch row.reading {
            case .reliable?: reading = Style.good("reliable")
            case .tentative?: reading = Style.warn("tentative")
            case .rework?: reading = Style.bad("rework")
            case nil: reading = Style.dim(row.units == 0 ? "too few raters" : "no variation")
            }
            return [
              row.criterionID, "0–\(row.max)", String(row.units), percent(row.percentAgreement),
              "\(row.coefficient == "cohen-kappa" ? "kappa" : "alpha") (\(row.metric))", number(row.value), reading,
              percent(row.autoAgreement),
            ]
          }
        ).render())
      lines.append("")
      lines.append("Agreement with the automatic scorer: " + report.reviewers.map { "\(neutralized($0.reviewer)) \(percent($0.autoAgreement))" }.joined(separator: ", "))
      if report.differences.isEmpty {
        lines.append(
          report.tooFewRaters.isEmpty
            ? "The reviewers gave the same ratings everywhere."
            : "The reviewers gave the same ratings wherever two or more rated a session.")
      } else {
        lines.append("")
        lines.append(Style.strong("Where reviewers differ most"))
        lines.append(
          TextTable(
            header: ["SESSION", "CRITERION", "SPREAD", "RATINGS", "AUTO"],
            rows: report.differences.map { difference in
              [
                String(difference.session), difference.criterionID, String(format: "%.2f", difference.spread),
                difference.ratings.sorted { $0.key < $1.key }.map { "\(neutralized($0.key)) \($0.value)" }.joined(separator: ", "),
                difference.auto ?? "–",
              ]
            }
          ).render())
        lines.append("Sessions by mean spread: " + report.sessions.map { "\($0.session) (\(String(format: "%.2f", $0.meanSpread)))" }.joined(separator: ", "))
      }
      return lines.joined(separator: "\n")
    }
  }
}

/// A round's state as JSON.
struct RoundLine: Encodable {
  var round: String
  var state: String
  var sessions: [Int64]
  var reviewers: [String]
  var scores: Int

  init(_ round: CalibrationRound, scores: Int) {
    self.round = round.record.name
    state = round.record.state
    sessions = round.sessionIDs
    reviewers = round.reviewerNames
    self.scores = scores
  }
}
