import Foundation
import Testing

@testable import DojoCore

private let library = ScenarioLibrary.load(paths: [LibraryPaths.scenarios], lint: false)

private func transcript(_ annotations: [(Int, CritiqueVerdict, String)]) -> AnnotatedTranscript {
  AnnotatedTranscript(
    id: "t", title: "T", scenario: "s", language: .en, summary: "",
    turns: (1...6).map { .init(speaker: $0 % 2 == 0 ? "agent" : "customer", text: "line \($0)") },
    annotations: annotations.map { .init(turn: $0.0, verdict: $0.1, point: $0.2, note: "") },
    path: "t.yaml")
}

@Suite("Critique mode")
struct CritiqueTests {
  @Test("full credit for turn, verdict and point; half for turn and verdict; false marks cost")
  func scoring() {
    let annotated = transcript([(2, .good, "empathy"), (4, .wrong, "verify_identity"), (6, .wrong, "escalation")])
    let result = CritiqueResult(transcript: annotated, marks: [
      CritiqueMark(turn: 2, verdict: .good, point: "empathy"),  // 1
      CritiqueMark(turn: 4, verdict: .wrong, point: nil),  // 0.5
      CritiqueMark(turn: 6, verdict: .good, point: "escalation"),  // wrong verdict: unmatched
    ])
    #expect(result.findings.map(\.credit) == [1, 0.5, 0])
    #expect(result.unmatchedMarks.count == 1)
    // 1.5 / (3 annotations + 1 unmatched mark)
    #expect(result.score == 37.5)
  }

  @Test("no marks on a transcript without annotations is perfect; no marks on an annotated one is 0")
  func edges() {
    #expect(CritiqueResult(transcript: transcript([]), marks: []).score == 100)
    #expect(CritiqueResult(transcript: transcript([(2, .good, "empathy")]), marks: []).score == 0)
  }

  @Test("every shipped transcript loads against the library, in both languages, over all roles")
  func shippedTranscripts() throws {
    let folder = LibraryPaths.repositoryRoot.appendingPathComponent("transcripts").path
    let files = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".yaml") }.sorted()
    #expect(files.count >= 10)
    var roles: Set<Role> = [], languages: Set<Language> = []
    for file in files {
      let (loaded, diagnostics) = TranscriptLoader.load(path: "\(folder)/\(file)", library: library)
      #expect(diagnostics.isEmpty, "\(file): \(diagnostics)")
      let annotated = try #require(loaded, "\(file) did not load")
      #expect(annotated.id + ".yaml" == file)
      #expect(!annotated.annotations.isEmpty)
      if let scenario = library.scenario(annotated.scenario) {
        roles.insert(scenario.role)
        #expect(scenario.language == annotated.language, "\(file): language differs from its scenario")
      }
      languages.insert(annotated.language)
    }
    #expect(roles == Set(Role.allCases))
    #expect(languages == [.en, .de])
  }

  @Test("a bad annotation names file, line and column")
  func badAnnotation() throws {
    let file = FileManager.default.temporaryDirectory.appendingPathComponent("bad-\(UUID().uuidString).yaml")
    try """
      id: bad
      title: Bad
      scenario: l1-unexpected-charge
      language: en
      turns:
        - {speaker: customer, text: Hi}
        - {speaker: agent, text: Hello}
      annotations:
        - {turn: 1, verdict: good, point: empathy, note: x}
        - {turn: 2, verdict: good, point: empathyy, note: x}
      """.write(to: file, atomically: true, encoding: .utf8)
    let (loaded, diagnostics) = TranscriptLoader.load(path: file.path, library: library)
    #expect(loaded == nil)
    #expect(diagnostics.map { "\($0.location.line):\($0.location.column) \($0.message)" } == [
      "9:12 turn 1 is a customer turn; annotations judge agent turns",
      "10:37 unknown point 'empathyy'; expected one of: empathy, verify_identity, check_order_history, explain_next_steps, no_false_promise, escalation (did you mean 'empathy'?)",
    ])
  }
}

@Suite("Walk-through")
struct WalkthroughTests {
  @Test("the model conversation of the seed example, with commentary, ends as the model path")
  func seedExample() throws {
    let scenario = try #require(library.scenario("l1-unexpected-charge"))
    let walkthrough = Walkthrough(CompiledScenario(scenario, lexicon: library.lexicon))
    // The hand-off at 'handoff' is followed by the wrap-up exchange, answered with the ending
    // node's model answer.
    #expect(walkthrough.steps.map(\.nodeID) == ["opening", "verified", "why", "handoff", "handoff"])
    #expect(walkthrough.steps.allSatisfy { $0.commentary != nil })
    #expect(walkthrough.steps[3].answer.hasPrefix("/escalate l2-specialist:"))
    #expect(walkthrough.steps[4].answer.hasPrefix("Yes, that's all you need to do."))
    #expect(walkthrough.ending == .escalated)
    #expect(walkthrough.result?.score == 100)
    #expect(walkthrough.closing == ["Thanks. I'll wait for their email then."])
  }
}
