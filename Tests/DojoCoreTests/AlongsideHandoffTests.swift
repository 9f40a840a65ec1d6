import Foundation
import Testing

@testable import DojoCore

/// The fixture `conversation/agenda.yaml` turned into a case to keep (`expect: resolve`), with
/// `alongside` as given.
private func keepTheCase(alongside: String) throws -> (scenario: Scenario?, diagnostics: [Diagnostic]) {
  try Fixtures.parse("conversation/agenda.yaml") {
    $0.replacingOccurrences(
      of: "  expect: escalate\n  target: l2-specialist\n  equivalent: [transfer:billing]\n  window: [2, 6]\n",
      with: "  expect: resolve\n  alongside: \(alongside)\n")
  }
}

/// `alongside` hand-offs: bringing someone in while keeping the case (the numbers for
/// engineering's existing ticket) is not handing the case over.
@Suite("Hand-offs alongside keeping the case")
struct AlongsideHandoffTests {
  /// The escalation result of `lines` (replies and slash commands) ending with `ending`.
  private func escalation(_ lines: [String], ending: Ending) throws -> (CriterionResult, EscalationResult) {
    let (loaded, diagnostics) = try keepTheCase(alongside: "[escalate:team-lead]")
    let scenario = try #require(loaded, "\(diagnostics)")
    let compiled = CompiledScenario(scenario, lexicon: try Fixtures.lexicon())
    let file = try AnswerFile.parse(lines.joined(separator: "\n\n") + "\n", file: "answers.txt")
    var transcript = Transcript(finalMood: .neutral)
    for (index, turn) in file.turns.enumerated() {
      transcript.entries.append(TranscriptEntry(speaker: .customer, nodeID: "opening", text: "You charged me twice this month!"))
      transcript.entries.append(TranscriptEntry(speaker: .trainee, nodeID: "opening", turn: index + 1, text: turn.action.text, action: turn.action))
    }
    transcript.ending = ending
    let result = Scorer(compiled).score(transcript)
    return (try #require(result.criteria.first { $0.id == "escalation" }), result.escalation)
  }

  @Test("an alongside hand-off keeps full points, names its target, and does not count as the case's hand-off")
  func alongsideKept() throws {
    let lines = [
      "I'm so sorry about the double charge. Could you confirm your email?", "/escalate team-lead: Dana was charged twice for INV-7; FYI for the weekly review.",
    ]
    let (points, verdict) = try escalation(lines + ["The second charge is refunded, you'll see it in 3 days."], ending: .resolved)
    #expect(verdict.verdict == .notExpected)
    #expect(verdict.actual == "escalate:team-lead")
    #expect(verdict.turn == 2)
    #expect(points.score == 2)
    #expect(verdict.explanation == "No hand-off was needed and you rightly kept the case; bringing in team-lead alongside was fine.")
    // A conversation the alongside hand-off ended still counts as kept.
    let (endedThere, _) = try escalation(lines, ending: .escalated)
    #expect(endedThere.score == 2)
  }

  @Test("an alongside hand-off before the work due by then was done hands the case over")
  func alongsideBeforeTheWork() throws {
    let (points, verdict) = try escalation(["Hi.", "/escalate team-lead: please sort out Dana's double charge."], ending: .escalated)
    #expect(verdict.verdict == .unnecessary)
    #expect(verdict.actual == "escalate:team-lead")
    #expect(points.score == 0)
  }

  @Test("a hand-off not listed alongside is still unnecessary, even after an alongside one")
  func otherHandoffUnnecessary() throws {
    let lines = ["I'm so sorry. Could you confirm your email?", "/escalate team-lead: FYI.", "/escalate l2-specialist: please refund INV-7."]
    let (points, verdict) = try escalation(lines, ending: .escalated)
    #expect(verdict.verdict == .unnecessary)
    #expect(verdict.actual == "escalate:l2-specialist")
    #expect(verdict.turn == 3)
    #expect(points.score == 0)
    // Without any hand-off, a conversation that stopped with the case open earns nothing.
    let (open, none) = try escalation(["I'm sorry."], ending: .escalated)
    #expect(none.actual == "none" && open.score == 0)
  }

  @Test("a scenario without alongside keeps its content version, and one stored before it reads")
  func versionUnchanged() throws {
    let expectation = EscalationExpectation(expect: .resolve, target: nil, window: nil, handoff: [], weight: 2, critical: false, rationale: "r")
    let encoded = String(decoding: try JSONEncoder().encode(expectation), as: UTF8.self)
    #expect(!encoded.contains("alongside"))
    let stored = #"{"expect":"resolve","handoff":[],"weight":2,"critical":false,"rationale":"r","equivalents":[]}"#
    #expect(try JSONDecoder().decode(EscalationExpectation.self, from: Data(stored.utf8)) == expectation)
    var withAlongside = expectation
    withAlongside.alongside = [HandoffTarget(.escalate, "engineering")]
    let again = try JSONDecoder().decode(EscalationExpectation.self, from: try JSONEncoder().encode(withAlongside))
    #expect(again.alongside == withAlongside.alongside)
  }

  @Test("an unknown alongside target is an error at its item")
  func unknownTarget() throws {
    let (scenario, diagnostics) = try keepTheCase(alongside: "[escalate:team-lead, escalate:enginering]")
    #expect(scenario == nil)
    let error = try #require(diagnostics.first { $0.message.contains("'alongside'") })
    #expect(error.message.hasPrefix("unknown tier 'enginering' in 'alongside'; the organisation has: l2-specialist, team-lead"))
    #expect(error.location.line == 123)
    #expect(error.location.column == 35)
  }
}
