import DojoCore
import Foundation
import Testing

/// Every role × channel × language a skeleton can be made for.
private let skeletonCases: [(Role, Channel, Language)] = Role.allCases.flatMap { role in
  Channel.allCases.flatMap { channel in Language.allCases.map { (role, channel, $0) } }
}

@Suite("Scenario skeletons and diffs")
struct ScenarioToolsTests {
  @Test("a new skeleton lints clean, without warnings, and its model path passes", arguments: skeletonCases)
  func skeletonLintsClean(_ role: Role, _ channel: Channel, _ language: Language) throws {
    let lexicon = try Fixtures.lexicon()
    let id = "new-\(role.rawValue)-\(channel.rawValue)-\(language.rawValue)"
    let text = ScenarioSkeleton.text(id: id, role: role, channel: channel, language: language)
    let (scenario, diagnostics) = ScenarioLoader(lexicon: lexicon).parse(yaml: text, file: "\(id).yaml")
    #expect(diagnostics == [])
    let loaded = try #require(scenario)
    #expect(Linter(lexicon: lexicon).warnings(for: loaded) == [])
    #expect(loaded.id == id && loaded.role == role && loaded.channel == channel && loaded.language == language)
    let report = Autoplay(CompiledScenario(loaded, lexicon: lexicon)).run(runs: 20, seed: 3)
    #expect(report.modelScore == 100)
    #expect(report.deadEnds.isEmpty)
    let compiled = CompiledScenario(loaded, lexicon: lexicon)
    for criterion in loaded.rubric.criteria {
      for example in criterion.examplesMet { #expect(compiled.replyMeets(criterion.id, example), "\(criterion.id): \(example)") }
      for example in criterion.examplesNotMet { #expect(!compiled.replyMeets(criterion.id, example), "\(criterion.id): \(example)") }
    }
  }

  @Test("diff names customer lines, facts, rubric changes, escalation and versions")
  func diff() throws {
    let lexicon = try Fixtures.lexicon()
    let base = ScenarioSkeleton.text(id: "d", role: .l1Agent, channel: .chat, language: .en)
    let changed = base
      .replacingOccurrences(of: "Hi, my order has not arrived", with: "Hi, my parcel has not arrived")
      .replacingOccurrences(of: "order 1001 shipped Monday", with: "order 1001 shipped Tuesday")
      .replacingOccurrences(of: "weight: 3\n", with: "weight: 4\n")
      .replacingOccurrences(of: "\"arrives|delivery|shipped\"", with: "\"arrives|delivery|dispatched\"")
      .replacingOccurrences(of: "  expect: resolve\n", with: "  expect: transfer\n  target: shipping\n")
    func load(_ text: String) throws -> Scenario {
      var scenario = try #require(ScenarioLoader(lexicon: lexicon).parse(yaml: text, file: "d.yaml").scenario)
      scenario.version = scenario.computeContentVersion()
      return scenario
    }
    let old = try load(base), new = try load(changed)
    let result = ScenarioDiff.compare(old: [old], new: [new])
    #expect(result.count == 1)
    let change = try #require(result.first)
    #expect(change.status == .changed)
    #expect(change.oldVersion == old.version && change.newVersion == new.version && old.version != new.version)
    let seen = change.changes.map { "\($0.area.rawValue) | \($0.what) | \($0.old ?? "") | \($0.new ?? "")" }
    #expect(seen == [
      "customer | node 'opening': customer line | Hi, my order has not arrived and I need it by Friday. Can you check? | Hi, my parcel has not arrived and I need it by Friday. Can you check?",
      "facts | node 'opening': fact 'crm' | Sam Taylor · sam.taylor@example.com · customer since 2022 · order 1001 shipped Monday | Sam Taylor · sam.taylor@example.com · customer since 2022 · order 1001 shipped Tuesday",
      "rubric | criterion 'solve': weight | 3 | 4",
      "rubric | criterion 'solve': 'all' patterns (en) | arrives|delivery|shipped | arrives|delivery|dispatched",
      "escalation | expect | resolve | transfer",
      "escalation | target |  | shipping",
    ])
    let same = ScenarioDiff.compare(old: [old], new: [old, try load(base.replacingOccurrences(of: "id: d\n", with: "id: e\n"))])
    #expect(same.map(\.status) == [.unchanged, .added])
    #expect(ScenarioDiff.compare(old: [old], new: []).map(\.status) == [.removed])
  }
}
