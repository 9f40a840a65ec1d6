import Foundation
import Testing

@testable import DojoCore

// The text-matching evaluation set: realistic trainee replies, each labelled by a person as
// meeting or not meeting one rubric criterion at one node. The matcher's verdict
// (`CompiledScenario.replyMeets`) is compared with the labels; the labels are the reference,
// never the other way round. Data: Fixtures/evaluation/*.jsonl, one file per scenario, one item
// per line.

// MARK: - Data

/// One labelled reply.
private struct EvaluationItem: Decodable, Sendable {
  var scenario: String
  var criterion: String
  var node: String
  var label: String
  var tag: String
  var reply: String
  /// Why the label is what it is, for the borderline ones.
  var note: String?

  /// Where the item was read from (`file:line`), filled in by the loader.
  var source: String = ""

  enum CodingKeys: String, CodingKey { case scenario, criterion, node, label, tag, reply, note }

  var isMet: Bool { label == "met" }
  var isHard: Bool { tag != "plain" }

  static let labels: Set<String> = ["met", "not_met"]
  static let hardTags: [String] = ["negation", "typo", "paraphrase", "inflection", "compound", "wrong-turn", "umlaut"]
  static let tags: Set<String> = Set(["plain"] + hardTags)
}

/// Paths of this package, found from this file's location
/// (…/Tests/DojoCoreTests/EvaluationTests.swift → the repository root three levels up).
private enum EvaluationPaths {
  static let testsFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
  static let repositoryRoot = testsFolder.deletingLastPathComponent().deletingLastPathComponent()
  static var scenarios: String { repositoryRoot.appendingPathComponent("scenarios").path }

  /// The evaluation data: from the test bundle when it is there, else from the source tree.
  static var evaluationFolder: URL {
    if let bundled = Bundle.module.resourceURL?.appendingPathComponent("Fixtures/evaluation"),
      FileManager.default.fileExists(atPath: bundled.path)
    {
      return bundled
    }
    return testsFolder.appendingPathComponent("Fixtures/evaluation")
  }
}

/// Reads every `*.jsonl` file of the evaluation folder. Blank lines and lines starting with
/// `#` or `//` are skipped.
private func loadEvaluationItems() throws -> [EvaluationItem] {
  let folder = EvaluationPaths.evaluationFolder
  let files = try FileManager.default.contentsOfDirectory(atPath: folder.path)
    .filter { $0.hasSuffix(".jsonl") }
    .sorted()
  let decoder = JSONDecoder()
  var items: [EvaluationItem] = []
  for file in files {
    let text = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
    for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
      let trimmed = line.trimmingCharacters(in: .whitespaces)
      if trimmed.isEmpty || trimmed.hasPrefix("#") || trimmed.hasPrefix("//") { continue }
      do {
        var item = try decoder.decode(EvaluationItem.self, from: Data(trimmed.utf8))
        item.source = "\(file):\(index + 1)"
        items.append(item)
      } catch {
        throw EvaluationError.badLine("\(file):\(index + 1): \(error)")
      }
    }
  }
  return items
}

private enum EvaluationError: Error, CustomStringConvertible {
  case badLine(String)
  var description: String {
    switch self {
    case .badLine(let message): "unreadable evaluation item at \(message)"
    }
  }
}

/// The repository's scenarios, compiled, by id.
private func loadCompiledScenarios() -> [String: CompiledScenario] {
  let library = ScenarioLibrary.load(paths: [EvaluationPaths.scenarios], lint: false)
  var result: [String: CompiledScenario] = [:]
  for scenario in library.scenarios {
    result[scenario.id] = CompiledScenario(scenario, lexicon: library.lexicon)
  }
  return result
}

// MARK: - Agreement statistics

/// A 2×2 confusion matrix: the human label against the matcher's verdict.
private struct AgreementTable: Sendable, Equatable {
  /// Labelled met, matcher says met.
  var truePositives = 0
  /// Labelled not met, matcher says met.
  var falsePositives = 0
  /// Labelled met, matcher says not met.
  var falseNegatives = 0
  /// Labelled not met, matcher says not met.
  var trueNegatives = 0

  init(truePositives: Int = 0, falsePositives: Int = 0, falseNegatives: Int = 0, trueNegatives: Int = 0) {
    self.truePositives = truePositives
    self.falsePositives = falsePositives
    self.falseNegatives = falseNegatives
    self.trueNegatives = trueNegatives
  }

  mutating func add(label: Bool, predicted: Bool) {
    switch (label, predicted) {
    case (true, true): truePositives += 1
    case (false, true): falsePositives += 1
    case (true, false): falseNegatives += 1
    case (false, false): trueNegatives += 1
    }
  }

  var count: Int { truePositives + falsePositives + falseNegatives + trueNegatives }
  var agreements: Int { truePositives + trueNegatives }

  var accuracy: Double { count == 0 ? 0 : Double(agreements) / Double(count) }

  /// Of the replies the matcher counts as met, the share that a person labelled met.
  var precision: Double {
    let predicted = truePositives + falsePositives
    return predicted == 0 ? 0 : Double(truePositives) / Double(predicted)
  }

  /// Of the replies a person labelled met, the share the matcher counts as met.
  var recall: Double {
    let labelled = truePositives + falseNegatives
    return labelled == 0 ? 0 : Double(truePositives) / Double(labelled)
  }

  var f1: Double {
    let p = precision, r = recall
    return p + r == 0 ? 0 : 2 * p * r / (p + r)
  }

  /// Cohen's kappa: (observed agreement − chance agreement) / (1 − chance agreement), where
  /// chance agreement comes from each rater's own share of "met".
  var kappa: Double {
    let n = Double(count)
    guard n > 0 else { return 0 }
    let observed = Double(agreements) / n
    let labelMet = Double(truePositives + falseNegatives) / n
    let predictedMet = Double(truePositives + falsePositives) / n
    let chance = labelMet * predictedMet + (1 - labelMet) * (1 - predictedMet)
    // Both raters gave one and the same answer every time: agreement is complete.
    if chance >= 1 { return observed >= 1 ? 1 : 0 }
    return (observed - chance) / (1 - chance)
  }
}

/// What the matcher found for one reply and criterion: each signal with the words that earned
/// it, or "missing", and every forbidden phrase that was hit. Shown with each disagreement so
/// that the cause can be read off the test output.
private func explainVerdict(_ compiled: CompiledScenario, _ criterionID: String, _ reply: String) -> String {
  guard let evidence = compiled.criteria[criterionID] else { return "no evidence for \(criterionID)" }
  let found = compiled.signals(evidence, in: compiled.matcher.analyze(reply))
  func words(_ match: PhraseMatch) -> String { "“" + match.words.joined(separator: " ") + "”" }
  var parts: [String] = []
  if !evidence.any.isEmpty {
    parts.append("any " + (found.anyMatch.map { "\($0.pattern) ← \(words($0))" } ?? "missing"))
  }
  for (index, pattern) in evidence.all.enumerated() {
    parts.append("all[\(pattern.source)] " + (found.allMatches.first { $0.index == index }.map { words($0.match) } ?? "missing"))
  }
  for match in found.forbidden { parts.append("none hit \(match.pattern) ← \(words(match))") }
  if evidence.any.isEmpty && evidence.all.isEmpty && found.forbidden.isEmpty { parts.append("no forbidden phrase found") }
  return parts.joined(separator: " · ")
}

private func format(_ value: Double) -> String { String(format: "%.3f", value) }

private func pad(_ text: String, _ width: Int) -> String {
  text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
}

private func leftPad(_ text: String, _ width: Int) -> String {
  text.count >= width ? text : String(repeating: " ", count: width - text.count) + text
}

private func summaryLine(_ name: String, _ table: AgreementTable) -> String {
  "\(pad(name, 22)) n=\(leftPad("\(table.count)", 3))  TP=\(leftPad("\(table.truePositives)", 3)) FP=\(leftPad("\(table.falsePositives)", 3)) FN=\(leftPad("\(table.falseNegatives)", 3)) TN=\(leftPad("\(table.trueNegatives)", 3))  "
    + "acc=\(format(table.accuracy)) P=\(format(table.precision)) R=\(format(table.recall)) F1=\(format(table.f1)) kappa=\(format(table.kappa))"
}

private func confusionMatrix(_ title: String, _ table: AgreementTable) -> String {
  """
  \(title)
                      matcher: met   matcher: not met
    label: met        \(leftPad("\(table.truePositives)", 12))   \(leftPad("\(table.falseNegatives)", 16))
    label: not met    \(leftPad("\(table.falsePositives)", 12))   \(leftPad("\(table.trueNegatives)", 16))
  """
}

// MARK: - Tests

@Suite("Text-matching evaluation set")
struct EvaluationTests {
  @Test("Cohen's kappa and friends on hand-computed tables")
  func kappaOnHandComputedExamples() {
    // 50 items: both say yes 20, only the matcher says yes 5, only the label says yes 10,
    // both say no 15. Observed agreement (20 + 15) / 50 = 0.70. The label says yes 30/50 = 0.6,
    // the matcher 25/50 = 0.5; chance agreement 0.6·0.5 + 0.4·0.5 = 0.50.
    // kappa = (0.70 − 0.50) / (1 − 0.50) = 0.40.
    let table = AgreementTable(truePositives: 20, falsePositives: 5, falseNegatives: 10, trueNegatives: 15)
    #expect(table.count == 50)
    #expect(abs(table.accuracy - 0.70) < 1e-12)
    #expect(abs(table.kappa - 0.40) < 1e-12)
    #expect(abs(table.precision - 0.80) < 1e-12)  // 20 / 25
    #expect(abs(table.recall - 2.0 / 3.0) < 1e-12)  // 20 / 30
    #expect(abs(table.f1 - 16.0 / 22.0) < 1e-12)  // 2·0.8·(2/3) / (0.8 + 2/3) = 8/11

    // 100 items: 45 / 15 / 25 / 15. Observed 0.60; label yes 0.70, matcher yes 0.60;
    // chance 0.70·0.60 + 0.30·0.40 = 0.54; kappa = 0.06 / 0.46 = 3/23 ≈ 0.1304.
    let weak = AgreementTable(truePositives: 45, falsePositives: 15, falseNegatives: 25, trueNegatives: 15)
    #expect(abs(weak.kappa - 3.0 / 23.0) < 1e-12)

    // Perfect agreement is 1; agreement no better than chance is 0; systematic disagreement
    // is negative.
    #expect(AgreementTable(truePositives: 7, trueNegatives: 3).kappa == 1)
    #expect(abs(AgreementTable(truePositives: 25, falsePositives: 25, falseNegatives: 25, trueNegatives: 25).kappa) < 1e-12)
    #expect(AgreementTable(falsePositives: 5, falseNegatives: 5).kappa == -1)

    // Built item by item, the same table comes out.
    var built = AgreementTable()
    for _ in 0..<20 { built.add(label: true, predicted: true) }
    for _ in 0..<5 { built.add(label: false, predicted: true) }
    for _ in 0..<10 { built.add(label: true, predicted: false) }
    for _ in 0..<15 { built.add(label: false, predicted: false) }
    #expect(built == table)
  }

  @Test("the evaluation set is large, bilingual, balanced and refers to real scenario parts")
  func evaluationSetIsWellFormed() throws {
    let items = try loadEvaluationItems()
    let scenarios = loadCompiledScenarios()

    #expect(items.count >= 150, "only \(items.count) items")
    let scenarioIDs = Set(items.map(\.scenario))
    #expect(scenarioIDs.count >= 6, "only \(scenarioIDs.count) scenarios")
    let germanScenarios = scenarioIDs.filter { scenarios[$0]?.scenario.language == .de }
    #expect(germanScenarios.count >= 2, "only \(germanScenarios.count) German scenarios")

    let german = items.filter { scenarios[$0.scenario]?.scenario.language == .de }.count
    #expect(Double(german) >= 0.40 * Double(items.count), "only \(german) of \(items.count) items are German")
    let met = items.filter(\.isMet).count
    #expect(Double(met) >= 0.35 * Double(items.count), "only \(met) items labelled met")
    #expect(Double(items.count - met) >= 0.35 * Double(items.count), "only \(items.count - met) items labelled not met")
    let hard = items.filter(\.isHard).count
    #expect(hard >= 30, "only \(hard) hard cases")
    for tag in EvaluationItem.hardTags {
      let count = items.filter { $0.tag == tag }.count
      #expect(count >= 3, "only \(count) items tagged \(tag)")
    }

    var seen: Set<String> = []
    for item in items {
      #expect(EvaluationItem.labels.contains(item.label), "\(item.source): label '\(item.label)'")
      #expect(EvaluationItem.tags.contains(item.tag), "\(item.source): tag '\(item.tag)'")
      #expect(!item.reply.trimmingCharacters(in: .whitespaces).isEmpty, "\(item.source): empty reply")
      let key = "\(item.scenario)|\(item.criterion)|\(item.node)|\(item.reply)"
      #expect(!seen.contains(key), "\(item.source): duplicate item")
      seen.insert(key)
      guard let compiled = scenarios[item.scenario] else {
        Issue.record("\(item.source): no scenario '\(item.scenario)' under \(EvaluationPaths.scenarios)")
        continue
      }
      let scenario = compiled.scenario
      #expect(scenario.node(item.node) != nil, "\(item.source): \(item.scenario) has no node '\(item.node)'")
      guard let criterion = scenario.rubric.criterion(item.criterion) else {
        Issue.record("\(item.source): \(item.scenario) has no criterion '\(item.criterion)'")
        continue
      }
      let inScope = criterion.scope.isEmpty || criterion.scope.contains(item.node)
      if item.tag == "wrong-turn" {
        // A right phrase in the wrong turn: the node must be outside the criterion's scope,
        // and then the reply cannot meet the criterion.
        #expect(!inScope, "\(item.source): wrong-turn item at '\(item.node)', which is in scope of \(item.criterion)")
        #expect(!item.isMet, "\(item.source): wrong-turn item labelled met")
      } else {
        #expect(inScope, "\(item.source): node '\(item.node)' is outside the scope of \(item.criterion); tag it wrong-turn")
      }
    }
  }

  @Test("the matcher agrees with the human labels (Cohen's kappa ≥ 0.80)")
  func matcherAgreesWithLabels() throws {
    let items = try loadEvaluationItems()
    let scenarios = loadCompiledScenarios()
    try #require(!items.isEmpty)

    var overall = AgreementTable()
    var byLanguage: [String: AgreementTable] = [:]
    var byTag: [String: AgreementTable] = [:]
    var byScenario: [String: AgreementTable] = [:]
    var disagreements: [(item: EvaluationItem, predicted: Bool, why: String)] = []
    var missing: [String] = []

    for item in items {
      guard let compiled = scenarios[item.scenario] else {
        missing.append("\(item.source): no scenario '\(item.scenario)'")
        continue
      }
      let predicted = compiled.replyMeets(item.criterion, item.reply, atNode: item.node)
      let language = compiled.scenario.language.rawValue
      overall.add(label: item.isMet, predicted: predicted)
      byLanguage[language, default: AgreementTable()].add(label: item.isMet, predicted: predicted)
      byTag[item.tag, default: AgreementTable()].add(label: item.isMet, predicted: predicted)
      byScenario[item.scenario, default: AgreementTable()].add(label: item.isMet, predicted: predicted)
      if predicted != item.isMet {
        let inScope = compiled.scenario.rubric.criterion(item.criterion).map { $0.scope.isEmpty || $0.scope.contains(item.node) } ?? false
        let why = inScope ? explainVerdict(compiled, item.criterion, item.reply) : "node outside the criterion's scope"
        disagreements.append((item, predicted, why))
      }
    }
    for message in missing { Issue.record("\(message)") }

    var report: [String] = []
    report.append("")
    report.append("=== Text-matching evaluation: \(overall.count) items, \(byScenario.count) scenarios ===")
    report.append(confusionMatrix("Overall confusion matrix (label × matcher):", overall))
    for language in byLanguage.keys.sorted() {
      report.append(confusionMatrix("Confusion matrix, \(language):", byLanguage[language]!))
    }
    report.append("")
    report.append(summaryLine("overall", overall))
    for language in byLanguage.keys.sorted() { report.append(summaryLine("language \(language)", byLanguage[language]!)) }
    report.append("")
    for scenario in byScenario.keys.sorted() { report.append(summaryLine(scenario, byScenario[scenario]!)) }
    report.append("")
    for tag in ["plain"] + EvaluationItem.hardTags where byTag[tag] != nil {
      let table = byTag[tag]!
      report.append("\(pad("tag \(tag)", 22)) n=\(leftPad("\(table.count)", 3))  agree=\(leftPad("\(table.agreements)", 3))  acc=\(format(table.accuracy))  TP=\(table.truePositives) FP=\(table.falsePositives) FN=\(table.falseNegatives) TN=\(table.trueNegatives)")
    }
    report.append("")
    report.append("Disagreements (\(disagreements.count)):")
    for (item, predicted, why) in disagreements {
      let kind = predicted ? "FP" : "FN"
      report.append("  [\(kind)] \(item.scenario) · \(item.criterion) @ \(item.node) · label \(item.label) · matcher \(predicted ? "met" : "not_met") · tag \(item.tag) · \(item.source)")
      report.append("       \"\(item.reply)\"")
      if let note = item.note { report.append("       note: \(note)") }
      report.append("       matcher: \(why)")
    }
    report.append("")
    report.append("kappa = \(format(overall.kappa)) (required ≥ 0.800)")
    print(report.joined(separator: "\n"))

    #expect(overall.kappa >= 0.80, "Cohen's kappa \(format(overall.kappa)) is below 0.80; see the disagreements above")
  }
}
