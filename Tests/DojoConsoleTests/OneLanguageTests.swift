import DojoCore
import DojoStore
import Foundation
import Testing

@testable import DojoConsole

private let repositoryRoot = URL(fileURLWithPath: #filePath)
  .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// An English and a German scenario, so a run can cross languages.
private let library = ScenarioLibrary.load(paths: [
  repositoryRoot.appendingPathComponent("scenarios/l1-agent/unexpected-charge.yaml").path,
  repositoryRoot.appendingPathComponent("scenarios/l1-agent/return-window.yaml").path,
])

private func console(_ lines: [String], strings: UIStrings) throws -> (PracticeConsole, SQLiteStore, BufferedOutput) {
  Style.configure(forceOff: true)
  let store = try SQLiteStore.inMemory()
  let output = BufferedOutput()
  let console = PracticeConsole(
    library: library, store: store, input: ScriptedLineInput(lines), output: output, strings: strings,
    settings: PracticeSettings(mode: .practice, seed: 3))
  return (console, store, output)
}

@Suite("One UI language at a time")
struct OneLanguageTests {
  @Test("a critical miss names the criterion, not its id, in the UI language")
  func criticalMissByName() throws {
    let (console, _, output) = try console(["Don't worry, I will refund you today.", "/end"], strings: .de)
    _ = try console.play(try #require(library.scenario("l1-unexpected-charge")), trainee: "ana")
    #expect(output.text.contains("Kritischen Punkt verfehlt: Promises no refund that L1 cannot grant"), "\(output.text)")
    #expect(!output.text.contains("no_false_promise"))
  }

  @Test("the scenario menu writes best scores as the UI language does (23,1 in German)")
  func menuDecimals() throws {
    let (console, _, output) = try console(
      ["I'm sorry about that, I understand it's worrying. I'll pass this to billing.", "/escalate l2-specialist",
       "customer has a charge question", "/end", "1"],
      strings: .de)
    let (_, result) = try console.play(try #require(library.scenario("l1-unexpected-charge")), trainee: "ana")
    #expect(result?.score == 23.1)
    _ = try console.chooseScenario(trainee: "ana", role: .l1Agent)
    #expect(output.text.contains("bestes 23,1"), "\(output.text)")
    #expect(!output.text.contains("23.1"))
  }

  @Test("verdict words follow the UI language; the stored explanation stays the scenario's")
  func verdictWords() throws {
    let (console, _, output) = try console(
      ["I'm sorry, I understand.", "/escalate l2-specialist", "customer has a charge question", "/end"], strings: .de)
    let (_, result) = try console.play(try #require(library.scenario("l1-unexpected-charge")), trainee: "ana")
    let score = try #require(result)
    #expect(score.escalation.verdict == .premature)
    #expect(output.text.contains("Eskalation an l2-specialist · zu früh"), "\(output.text)")
    #expect(output.text.contains("Sie haben in Zug 2 übergeben"))
    #expect(!output.text.contains("premature"))
    #expect(score.escalation.explanation.hasPrefix("You handed over at turn 2"))
  }
}
