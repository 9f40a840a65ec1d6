import Foundation
import Testing

@testable import DojoCore

/// The fixture `conversation/agenda.yaml` with a criterion added in its YAML text.
private func agenda(criterion: String) throws -> (scenario: Scenario?, diagnostics: [Diagnostic]) {
  try Fixtures.parse("conversation/agenda.yaml") { $0.replacingOccurrences(of: "  criteria:\n", with: "  criteria:\n" + criterion) }
}

/// The fixture's YAML with a criterion that forbids promising a date and says what the customer
/// answers to such a promise.
func addingNoDatePromise(_ yaml: String) -> String {
  yaml.replacingOccurrences(of: "  criteria:\n", with: "  criteria:\n" + noDatePromise)
}

/// The fixture's YAML as an e-mail case whose second line opens with its subject.
func asEmailWithSubject(_ yaml: String) -> String {
  yaml.replacingOccurrences(of: "channel: chat", with: "channel: email")
    .replacingOccurrences(of: "customer: \"So why was I charged twice?\"", with: "customer: \"Subject: Re: INV-7\\n\\nSo why was I charged twice?\"")
}

private let noDatePromise = """
    - id: no_date_promise
      name: Promises no refund date billing has not confirmed
      tip: Say who decides and when the customer hears back, not when the money arrives.
      reaction: ["By Friday, then. I'm holding you to that.", "Friday it is. I'll check my account then."]
      evidence:
        en:
          none: ["guaranteed by friday", "back by friday"]

"""

/// Players in four rounds promised fix dates and refunds the scenario forbids, and the customer
/// went on as if nothing was said ("Okay, das klingt fair"). A criterion's `reaction` is the
/// customer taking the promise at face value (the score is what marks it wrong).
@Suite("The customer reacts to a forbidden promise")
struct ForbiddenReactionTests {
  private func play(_ replies: [String], seed: UInt64 = 1) throws -> (said: [String], result: ScoreResult) {
    let engine = try Fixtures.engine("conversation/agenda.yaml", editing: addingNoDatePromise)
    var (state, _) = engine.start(seed: seed)
    var said: [String] = []
    for reply in replies where !state.isOver {
      said.append(try engine.apply(.reply(reply), to: &state).customerLines.joined(separator: " | "))
    }
    return (said, Scorer(engine.compiled).score(state.transcript))
  }

  @Test("a promise gets the reaction before the customer's next line, once; the score still marks it")
  func reactsOnce() throws {
    let (said, result) = try play([
      "I'm sorry about that. Your money will be back by Friday. Could you confirm your email?",
      "I checked invoice INV-7: it was charged twice. Back by Friday, guaranteed by friday.",
    ])
    let reactions = ["By Friday, then. I'm holding you to that.", "Friday it is. I'll check my account then."]
    let first = try #require(said.first)
    #expect(reactions.contains { first.hasPrefix($0 + " It's dana@example.com.") }, "\(said)")
    #expect(first.hasSuffix("So why was I charged twice?"), "\(said)")
    #expect(!reactions.contains { said[1].contains($0) }, "said twice: \(said)")
    let criterion = try #require(result.criteria.first { $0.id == "no_date_promise" })
    #expect(criterion.score == 0 && !criterion.violations.isEmpty)
  }

  @Test("without a forbidden phrase the customer says only their line", arguments: 1...3)
  func noReactionWithoutPromise(seed: UInt64) throws {
    let (said, _) = try play(["I'm sorry about that. Could you confirm your email?"], seed: seed)
    #expect(said == ["It's dana@example.com. So why was I charged twice?"])
  }

  @Test("a reply that takes no branch gets the reaction alone; the next reply without progress is the second miss")
  func reactionInsteadOfPush() throws {
    let (said, _) = try play(["It will be back by Friday.", "It will be back soon."])
    #expect(said.count == 2)
    #expect(["By Friday, then. I'm holding you to that.", "Friday it is. I'll check my account then."].contains(said[0]), "\(said)")
    // Two replies without progress: the author's `misses: 2` line, as without a reaction.
    #expect(said[1] == "Are you even listening to me? This is ridiculous.", "\(said)")
  }

  @Test("in an e-mail the reaction and the answers go below the subject line, as a paragraph")
  func emailKeepsSubjectFirst() throws {
    let engine = try Fixtures.engine("conversation/agenda.yaml") { asEmailWithSubject(addingNoDatePromise($0)) }
    var (state, _) = engine.start(seed: 1)
    let events = try engine.apply(.reply("Sorry about that. It will be back by Friday. Could you confirm your email?"), to: &state)
    let mail = try #require(events.customerLines.first)
    let reaction = try #require(["By Friday, then. I'm holding you to that.", "Friday it is. I'll check my account then."].first { mail.contains($0) })
    #expect(mail == "Subject: Re: INV-7\n\n\(reaction) It's dana@example.com.\n\nSo why was I charged twice?")
  }

  @Test("a reaction on a criterion that forbids nothing is an error at its line and column")
  func reactionNeedsForbiddenPhrases() throws {
    let (scenario, diagnostics) = try agenda(criterion: """
        - id: calm
          name: Stays calm
          tip: Breathe.
          reaction: "Thanks."
          evidence:
            en:
              any: ["calm"]

    """)
    #expect(scenario == nil)
    let error = try #require(diagnostics.first { $0.severity == .error })
    #expect(error.message.contains("'reaction'") && error.message.contains("criterion 'calm'"))
    #expect(error.location.line == 84 && error.location.column == 17)
  }

  @Test("the content version of a scenario without reactions is unchanged by the new key")
  func versionUnchanged() throws {
    let (loaded, _) = try Fixtures.parse("conversation/agenda.yaml") { $0 }
    let scenario = try #require(loaded)
    let data = try JSONEncoder().encode(scenario.rubric)
    #expect(!String(decoding: data, as: UTF8.self).contains("reaction"))
    let decoded = try JSONDecoder().decode(Rubric.self, from: data)
    #expect(decoded == scenario.rubric)
  }
}
