import ArgumentParser
import DojoConsole
import DojoCore
import DojoStore
import Foundation

extension Dojo {
  /// Scores stored transcripts of a scenario again with its current rubric.
  struct ReviewRescore: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "rescore",
      abstract: "As a lead, score a scenario's stored sessions again with its current rubric, beside the score as played.",
      discussion: """
        Each finished session of the scenario whose latest automatic scoring used another \
        scenario version gets a new automatic scoring, recorded with the lead who ran it and the \
        scenario's content version. It is shown beside the score as played (`dojo review show`, \
        the queue's JSON) and never changes it: the effective score stays the score as played or \
        a lead's review. To change a session's score, review it.
        """)

    @Option(help: "The scenario id.", completion: Completions.scenarioIDs)
    var scenario: String

    @Option(help: "Who rescores (a trainee with the lead role).")
    var reviewer: String

    @Option(help: "Output format.")
    var format: OutputFormat = .text

    @OptionGroup var source: ScenarioOptions
    @OptionGroup var storeOptions: StoreOptions

    struct Line: Encodable {
      var sessionID: Int64
      var trainee: String
      var oldVersion: String
      var newVersion: String
      var oldScore: Double
      var newScore: Double
      var oldPassed: Bool
      var newPassed: Bool
    }

    struct Summary: Encodable {
      var scenarioID: String
      var version: String
      var reviewer: String
      var rescored: Int
      var changed: Int
      var alreadyCurrent: Int
      var sessions: [Line]
    }

    func run() throws {
      Style.configure()
      let store = try storeOptions.open()
      // Refuse before scoring anything: only a lead rescores.
      try reviewing {
        guard let lead = try store.existingTrainee(named: reviewer) else { throw StoreError.unknownTrainee(reviewer) }
        guard lead.role == .lead else { throw ReviewError.notALead(lead.name) }
      }
      let sessions = try reviewing { try store.sessions() }
        .filter { $0.scenarioID == scenario && $0.status == .finished && $0.resultJSON != nil }
      guard let first = sessions.first else {
        Terminal.error("no finished sessions of scenario '\(scenario)' in \(storeOptions.resolvedPath)")
        throw ExitCode(1)
      }
      let found = SessionScenarios(options: source).lookup(first)
      guard let current = found.scenario, let lexicon = found.lexicon else {
        // The lookup's note is written for `review show`; say what it means here.
        Terminal.error(
          "cannot rescore: scenario '\(scenario)' is not in \(source.resolvedDirectory) or cannot be read (see `dojo scenarios lint`); nothing changed")
        throw ExitCode(1)
      }
      let scorer = Scorer(CompiledScenario(current, lexicon: lexicon))
      let names = Dictionary(uniqueKeysWithValues: try reviewing { try store.trainees() }.map { ($0.id ?? 0, $0.name) })
      var lines: [Line] = []
      var alreadyCurrent = 0
      for (index, session) in sessions.reversed().enumerated() {
        Terminal.progress("rescoring \(index + 1)/\(sessions.count)")
        let id = session.id ?? 0
        guard let latest = try reviewing({ try store.scorings(sessionID: id) }).last else { continue }
        if latest.scenarioVersion == current.version {
          alreadyCurrent += 1
          continue
        }
        let previous = try reviewing { try latest.result() }
        let stored = try reviewing { try store.turns(sessionID: id) }.map {
          StoredLine(speaker: $0.speaker, nodeID: $0.nodeID, turn: $0.turn, text: $0.text, action: $0.action, target: $0.target)
        }
        let transcript = Transcript(
          stored: stored, ending: session.ending.flatMap(Ending.init(rawValue:)), finalMood: previous.endingMood)
        let result = scorer.score(transcript)
        try reviewing { try store.recordRescore(sessionID: id, result: result, by: reviewer, at: Date()) }
        lines.append(
          Line(
            sessionID: id, trainee: names[session.traineeID] ?? "?", oldVersion: latest.scenarioVersion,
            newVersion: current.version, oldScore: latest.score, newScore: result.score, oldPassed: latest.passed,
            newPassed: result.passed))
      }
      Terminal.endProgress()
      // Keep the version the new scorings used readable, as a played version is.
      if !lines.isEmpty { try reviewing { try store.recordScenarioVersion(current, at: Date()) } }
      let changed = lines.filter { $0.oldScore != $0.newScore || $0.oldPassed != $0.newPassed }
      let summary = Summary(
        scenarioID: scenario, version: current.version, reviewer: reviewer, rescored: lines.count, changed: changed.count,
        alreadyCurrent: alreadyCurrent, sessions: lines)
      switch format {
      case .json:
        print(try jsonText(summary))
      case .text:
        print(
          "Rescored \(lines.count) session\(lines.count == 1 ? "" : "s") of \(scenario) with version \(current.version) "
            + "(by \(neutralized(reviewer))); \(changed.count) would score differently, \(alreadyCurrent) already scored with this version. "
            + "Effective scores are unchanged; the new scores are shown beside them.")
        if !changed.isEmpty {
          print(
            TextTable(
              header: ["SESSION", "TRAINEE", "OLD", "NEW", "OLD VERSION"],
              rows: changed.map {
                [
                  String($0.sessionID), neutralized($0.trainee),
                  "\(ScorecardView.number($0.oldScore)) \($0.oldPassed ? "passed" : "not passed")",
                  "\(ScorecardView.number($0.newScore)) \($0.newPassed ? "passed" : "not passed")", $0.oldVersion,
                ]
              }
            ).render())
        }
      }
    }
  }
}
