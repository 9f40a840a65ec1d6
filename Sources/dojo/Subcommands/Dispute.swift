import ArgumentParser
import DojoConsole
import DojoCore
import DojoStore
import Foundation

extension Dojo {
  /// A trainee disputes one criterion of their own session.
  struct Dispute: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "dispute",
      abstract: "Dispute the score of one criterion of your session; a lead answers it.")

    @Argument(help: "The session id.")
    var session: Int64

    @Option(help: "The criterion id (as in `dojo review show`).")
    var criterion: String

    @Option(help: "Why the score is wrong.")
    var comment: String

    @Option(
      help: "Who disputes (default: the last name used with this store, else $USER); must have played the session.",
      completion: Completions.trainees)
    var trainee: String?

    @Option(help: "Output format.")
    var format: OutputFormat = .text

    @OptionGroup var storeOptions: StoreOptions

    func validate() throws {
      if comment.trimmingCharacters(in: .whitespaces).isEmpty { throw ValidationError("a dispute needs a --comment") }
    }

    func run() throws {
      let store = try storeOptions.open()
      let name = trainee ?? StateDirectory.rememberedTrainee(store: store.location)
        ?? ProcessInfo.processInfo.environment["USER"] ?? ""
      let dispute = try reviewing {
        try store.openDispute(sessionID: session, criterionID: criterion, traineeName: name, comment: comment, at: Date())
      }
      switch format {
      case .json: print(try jsonText(DisputeLine(dispute)))
      case .text: print("Dispute \(dispute.id ?? 0) on '\(criterion)' of session \(session) is open; a lead will answer it.")
      }
    }
  }

  /// A lead answers a dispute: accept, partially accept with a score, or reject.
  struct ReviewDispute: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "dispute",
      abstract: "Answer an open dispute: --accept (full points), --partial SCORE or --reject, with a comment.")

    @Argument(help: "The session id.")
    var session: Int64

    @Option(help: "The criterion, when the session has several open disputes.")
    var criterion: String?

    @Flag(help: "The trainee is right: full points.")
    var accept = false

    @Option(help: "Partly right: these points.")
    var partial: Int?

    @Flag(help: "The score stands.")
    var reject = false

    @Option(help: "The answer for the trainee.")
    var comment: String

    @Option(help: "Who answers (a lead who did not play the session).")
    var reviewer: String

    @Option(help: "Output format.")
    var format: OutputFormat = .text

    @OptionGroup var storeOptions: StoreOptions

    func validate() throws {
      let chosen = [accept, partial != nil, reject].filter { $0 }.count
      if chosen != 1 { throw ValidationError("give exactly one of --accept, --partial SCORE, --reject") }
      if comment.trimmingCharacters(in: .whitespaces).isEmpty { throw ValidationError("an answer needs a --comment") }
    }

    func run() throws {
      let store = try storeOptions.open()
      let open = try reviewing { try store.openDisputes(sessionID: session) }
        .filter { criterion == nil || $0.criterionID == criterion }
      guard let target = open.first else {
        Terminal.error("session \(session) has no open dispute" + (criterion.map { " on '\($0)'" } ?? ""))
        throw ExitCode(1)
      }
      if open.count > 1 {
        Terminal.error(
          "session \(session) has open disputes on \(open.map(\.criterionID).joined(separator: ", ")); say which with --criterion")
        throw ExitCode(1)
      }
      let decision: DisputeDecision = accept ? .accept : partial.map { .partial($0) } ?? .reject
      let answered = try reviewing {
        try store.answerDispute(id: target.id ?? 0, decision: decision, comment: comment, leadName: reviewer, at: Date())
      }
      let effective = try reviewing { try store.effectiveScore(sessionID: session) }
      switch format {
      case .json:
        var line = DisputeLine(answered)
        line.effectiveScore = effective.score
        print(try jsonText(line))
      case .text:
        print(
          "Dispute \(answered.id ?? 0) \(answered.state.rawValue)"
            + (answered.answerScore.map { "; '\(answered.criterionID)' now \($0)" } ?? "")
            + "; effective score \(ScorecardView.number(effective.score))/100.")
      }
    }
  }
}

/// A dispute as JSON.
struct DisputeLine: Encodable {
  var id: Int64
  var sessionID: Int64
  var criterionID: String
  var state: String
  var comment: String
  @Nullable var answer: String?
  @Nullable var answerScore: Int?
  @Nullable var effectiveScore: Double?

  init(_ record: DisputeRecord) {
    id = record.id ?? 0
    sessionID = record.sessionID
    criterionID = record.criterionID
    state = record.state.rawValue
    comment = record.comment
    answer = record.answer
    answerScore = record.answerScore
    effectiveScore = nil
  }
}
