import Foundation
import Testing

@testable import DojoCore

/// The bundled library, loaded once for all tests in this file.
private let library = ScenarioLibrary.load(paths: [LibraryPaths.scenarios])

/// An answer file shipped for a bundled scenario, with what its replay must show.
struct ShippedAnswer: CustomTestStringConvertible, Sendable {
  var scenarioID: String
  var kind: String
  var path: String
  var expectedVerdict: String?

  var testDescription: String { "\(scenarioID)/\(kind)" }

  static func all() -> [ShippedAnswer] {
    let root = LibraryPaths.answers
    let folders = ((try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []).sorted()
    return folders.flatMap { folder -> [ShippedAnswer] in
      ["strong", "weak", "mistake"].compactMap { kind in
        let path = "\(root)/\(folder)/\(kind).txt"
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
        let verdict = text.split(separator: "\n").first { $0.hasPrefix("# expected-verdict:") }
          .map { $0.replacingOccurrences(of: "# expected-verdict:", with: "").trimmingCharacters(in: .whitespaces) }
        return ShippedAnswer(scenarioID: folder, kind: kind, path: path, expectedVerdict: verdict)
      }
    }
  }
}

@Suite("Bundled scenario library")
struct BundledLibraryTests {
  @Test("every bundled scenario lints clean, without warnings")
  func lintsClean() {
    for diagnostic in library.diagnostics { Issue.record("\(diagnostic)") }
    #expect(!library.scenarios.isEmpty)
  }

  @Test("every scenario is found by its id, in the file it was read from")
  func fileDeclaringID() {
    for scenario in library.scenarios {
      let found = ScenarioLibrary.fileDeclaring(id: scenario.id, in: LibraryPaths.scenarios)
      #expect(found.map { URL(fileURLWithPath: $0).standardizedFileURL.path } == URL(fileURLWithPath: scenario.path).standardizedFileURL.path)
    }
    #expect(ScenarioLibrary.fileDeclaring(id: "no-such-scenario", in: LibraryPaths.scenarios) == nil)
  }

  @Test("a file named like the id is read first, but the file that declares the id wins")
  func fileDeclaringReadsNamedFileFirst() throws {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("dojo-declaring-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: root) }
    for folder in ["a", "b"] {
      try FileManager.default.createDirectory(at: root.appendingPathComponent(folder), withIntermediateDirectories: true)
    }
    // Named as the rule would name l1-unexpected-charge, but declaring another id.
    try "id: l1-other\n".write(to: root.appendingPathComponent("a/unexpected-charge.yaml"), atomically: true, encoding: .utf8)
    try "id: l1-unexpected-charge\n".write(to: root.appendingPathComponent("b/misnamed.yaml"), atomically: true, encoding: .utf8)
    try "id: l1-third\n".write(to: root.appendingPathComponent("b/charge.yaml"), atomically: true, encoding: .utf8)
    #expect(ScenarioLibrary.fileDeclaring(id: "l1-unexpected-charge", in: root.path).map { ($0 as NSString).lastPathComponent } == "misnamed.yaml")
    #expect(ScenarioLibrary.fileDeclaring(id: "l1-other", in: root.path).map { ($0 as NSString).lastPathComponent } == "unexpected-charge.yaml")
    #expect(ScenarioLibrary.fileDeclaring(id: "l1-nothing", in: root.path) == nil)
  }

  @Test("the top-level id: quoted, with a comment; nested ids do not count")
  func topLevelID() {
    #expect(ScenarioLibrary.topLevelID(in: "title: X\nid: l1-a\n") == "l1-a")
    #expect(ScenarioLibrary.topLevelID(in: "id: \"l1-b\"  # the id\r\n") == "l1-b")
    #expect(ScenarioLibrary.topLevelID(in: "id: 'l1-c'") == "l1-c")
    #expect(ScenarioLibrary.topLevelID(in: "rubric:\n  criteria:\n    - id: empathy\n  handoff:\n    id: x\n") == nil)
  }

  @Test("every scenario has strong, weak and mistake answers")
  func everyScenarioHasAnswers() {
    for scenario in library.scenarios {
      for kind in ["strong", "weak", "mistake"] {
        let path = "\(LibraryPaths.answers)/\(scenario.id)/\(kind).txt"
        #expect(FileManager.default.fileExists(atPath: path), "missing \(path)")
      }
    }
  }

  @Test("shipped answers replay to the asserted results", arguments: ShippedAnswer.all())
  func replay(_ answer: ShippedAnswer) throws {
    let scenario = try #require(library.scenario(answer.scenarioID), "no scenario \(answer.scenarioID)")
    let compiled = CompiledScenario(scenario, lexicon: library.lexicon)
    let outcome = try Replay.run(compiled, answers: AnswerFile.load(path: answer.path), seed: 1)
    let result = outcome.result
    switch answer.kind {
    case "strong":
      #expect(result.score >= 85, "strong scored \(result.score)")
      #expect(result.passed)
    case "weak":
      // Up to 45: a weak attempt that keeps a case it should keep earns the escalation points
      // even when it ends open (leads rate that decision met), which lifts it a little.
      #expect(result.score <= 45, "weak scored \(result.score)")
      #expect(!result.passed)
    default:
      let verdict = try #require(answer.expectedVerdict, "mistake.txt needs '# expected-verdict: …' on its first line")
      #expect(result.escalation.verdict.rawValue == verdict)
      #expect(result.escalation.verdict != .correct && result.escalation.verdict != .notExpected)
    }
  }

  @Test("rubric examples meet or miss their criterion on their own")
  func rubricExamples() {
    for scenario in library.scenarios {
      let compiled = CompiledScenario(scenario, lexicon: library.lexicon)
      for criterion in scenario.rubric.criteria {
        for example in criterion.examplesMet {
          #expect(compiled.replyMeets(criterion.id, example), "\(scenario.id)/\(criterion.id) should be met by: \(example)")
        }
        for example in criterion.examplesNotMet {
          #expect(!compiled.replyMeets(criterion.id, example), "\(scenario.id)/\(criterion.id) should not be met by: \(example)")
        }
      }
    }
  }

  @Test("the model path of every scenario passes; random players find no dead ends")
  func modelPaths() {
    // Every node being reachable is a lint check (DJ100); random coverage is for authors
    // (`dojo scenarios autoplay`), not a test that depends on how lucky a seed is.
    for scenario in library.scenarios {
      let report = Autoplay(CompiledScenario(scenario, lexicon: library.lexicon)).run(runs: 40, seed: 7)
      #expect(report.modelPassed == true, "\(scenario.id): model path score \(report.modelScore ?? -1)")
      #expect(report.modelScore == 100, "\(scenario.id): model path score \(report.modelScore ?? -1)")
      #expect(report.deadEnds.isEmpty, "\(scenario.id): dead ends \(report.deadEnds)")
    }
  }

  @Test("the seed's worked example exists as a chain")
  func seedChain() throws {
    let l1 = try #require(library.scenario("l1-unexpected-charge"))
    #expect(l1.role == .l1Agent && l1.escalation.expect == .escalate && l1.escalation.target == "l2-specialist")
    let l2 = try #require(library.scenario("l2-promotion-misapplied"))
    #expect(l2.role == .l2Specialist && l2.escalation.expect == .resolve)
    let tech = try #require(library.scenario("tech-server-side-billing-error"))
    #expect(tech.role == .techSupport && tech.escalation.expect == .escalate && tech.escalation.target == "engineering")
  }

  @Test("the seed's worked example exists in German too, with the same criteria and expectations")
  func germanSeedChain() throws {
    let pairs = [
      ("l1-unexpected-charge", "l1-unerwartete-abbuchung"), ("l2-promotion-misapplied", "l2-aktion-falsch-angewendet"),
      ("tech-server-side-billing-error", "tech-serverseitiger-abrechnungsfehler"),
    ]
    for (english, german) in pairs {
      let en = try #require(library.scenario(english))
      let de = try #require(library.scenario(german))
      #expect(de.language == .de && de.role == en.role && de.channel == .chat)
      #expect(de.rubric.criteria.map(\.id) == en.rubric.criteria.map(\.id), "\(german)")
      #expect(de.rubric.criteria.map(\.weight) == en.rubric.criteria.map(\.weight), "\(german)")
      #expect(de.escalation.expect == en.escalation.expect && de.escalation.target == en.escalation.target, "\(german)")
    }
  }
}
