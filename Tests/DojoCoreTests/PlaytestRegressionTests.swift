import Foundation
import Testing

@testable import DojoCore

private let library = ScenarioLibrary.load(paths: [LibraryPaths.scenarios])

/// A conversation of the blind playtest of 2026-12-06 (`Fixtures/playtest/<tester>-<scenario>.txt`):
/// the trainee turns exactly as typed, with the seed of the session.
struct PlayedConversation: CustomTestStringConvertible, Sendable {
  var file: String
  var scenarioID: String
  var seed: UInt64

  var testDescription: String { file }

  static func all() -> [PlayedConversation] {
    guard let folder = try? Fixtures.path("playtest"),
      let names = try? FileManager.default.contentsOfDirectory(atPath: folder)
    else { return [] }
    return names.filter { $0.hasSuffix(".txt") }.sorted().compactMap { name in
      guard let text = try? String(contentsOfFile: folder + "/" + name, encoding: .utf8),
        let seedLine = text.split(separator: "\n").first(where: { $0.hasPrefix("# seed: ") }),
        let seed = UInt64(seedLine.dropFirst("# seed: ".count))
      else { return nil }
      let scenarioID = String(name.dropLast(4).drop { $0 != "-" }.dropFirst())  // "<tester>-<scenario>.txt"
      return PlayedConversation(file: name, scenarioID: scenarioID, seed: seed)
    }
  }
}

/// The playtest's conversations replayed through today's engine: whatever the customer now says,
/// it never repeats one of its last two lines, never leaves the conversation stuck, and never
/// crashes. (Regression cases for the engine; no pattern was tuned on them.)
@Suite("Blind playtest conversations")
struct PlaytestRegressionTests {
  @Test("replayed, the customer never repeats its last two lines and the conversation ends", arguments: PlayedConversation.all())
  func replay(_ played: PlayedConversation) throws {
    let scenario = try #require(library.scenario(played.scenarioID), "no scenario \(played.scenarioID)")
    let compiled = CompiledScenario(scenario, lexicon: library.lexicon)
    let engine = ConversationEngine(compiled)
    let answers = try AnswerFile.load(path: try Fixtures.path("playtest/" + played.file))
    var (state, _) = engine.start(seed: played.seed)
    for turn in answers.turns where !state.isOver {
      _ = try engine.apply(turn.action, to: &state)
    }
    // Where the trainee typed on after today's customer left, or stopped before the end.
    while !state.isOver { _ = try engine.apply(.end, to: &state) }
    let lines = state.transcript.entries.filter { $0.speaker == .customer }.map(\.text)
    for index in lines.indices {
      let earlier = lines[max(0, index - 2)..<index]
      #expect(!earlier.contains(lines[index]), "\(played.file): repeated “\(lines[index])”")
    }
    #expect(Scorer(compiled).score(state.transcript).score.isFinite)
  }

  @Test("the playtest covers at least 16 conversations over 8 scenarios and all five roles")
  func coverage() {
    let all = PlayedConversation.all()
    #expect(all.count >= 48)  // three rounds of 16
    #expect(Set(all.map(\.scenarioID)).count >= 8)
    #expect(Set(all.compactMap { library.scenario($0.scenarioID)?.role }).count == 5)
  }
}
