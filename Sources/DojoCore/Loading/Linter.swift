internal import Foundation

/// Finds things in a valid scenario that are probably mistakes: unreachable nodes, nodes with
/// no way out, criteria no node uses, rubrics without patterns in the scenario's language.
public struct Linter: Sendable {
  public let lexicon: Lexicon

  public init(lexicon: Lexicon) { self.lexicon = lexicon }

  /// Warnings for one scenario; with `examples`, also each rubric example read against its
  /// criterion (DJ107), which compiles the scenario's patterns and costs a few milliseconds.
  public func warnings(for scenario: Scenario, examples: Bool = false) -> [Diagnostic] {
    var bag = DiagnosticBag()
    let file = scenario.path
    func at(_ node: ConversationNode) -> SourceLocation { SourceLocation(file: file, line: node.line, column: node.column) }

    // Reachability from the start node.
    var reachable: Set<String> = [scenario.start]
    var queue = [scenario.start]
    while let id = queue.popLast() {
      for branch in scenario.node(id)?.branches ?? [] where reachable.insert(branch.target).inserted {
        queue.append(branch.target)
      }
    }
    for node in scenario.orderedNodes {
      if !reachable.contains(node.id) {
        bag.warning(.unreachableNode, at(node), "node '\(node.id)' cannot be reached from start node '\(scenario.start)'")
      }
      if !node.isEnding && node.branches.isEmpty {
        bag.warning(.noWayOut, at(node), "node '\(node.id)' has no branches and no 'end'; the conversation can only stop here by escalation or /end")
      }
      if !node.isEnding && node.model == nil {
        bag.warning(.missingModelAnswer, at(node), "node '\(node.id)' has no model answer; feedback and the walk-through need one")
      }
    }

    // Criteria no node expects and no branch tests.
    var used: Set<String> = []
    for node in scenario.orderedNodes {
      used.formUnion(node.expects)
      for branch in node.branches {
        used.formUnion(branch.condition.met + branch.condition.metAny + branch.condition.notMet)
      }
    }
    for criterion in scenario.rubric.criteria {
      let location = SourceLocation(file: file, line: criterion.line, column: criterion.column)
      if !used.contains(criterion.id) && criterion.scope.isEmpty {
        bag.warning(.unusedCriterion, location, "criterion '\(criterion.id)' is not expected at any node and has no scope; add it to a node's 'expects' or give it a scope")
      }
      if criterion.evidence[scenario.language]?.isEmpty ?? true {
        bag.warning(.noPatternsForLanguage, location, "criterion '\(criterion.id)' has no evidence patterns for the scenario's language '\(scenario.language.rawValue)'; it can never be met")
      }
    }
    var usedIntents: Set<String> = []
    for node in scenario.orderedNodes {
      for branch in node.branches { if let intent = branch.condition.intent { usedIntents.insert(intent) } }
    }
    for intent in scenario.intents.keys.sorted() where !usedIntents.contains(intent) {
      let position = scenario.intentPositions[intent] ?? SourcePosition(line: 1, column: 1)
      bag.warning(.unusedIntent, SourceLocation(file: file, line: position.line, column: position.column), "intent '\(intent)' is not used by any branch")
    }
    // Each criterion's examples, read on their own as a reply would be.
    if examples, scenario.rubric.criteria.contains(where: { !$0.examplesMet.isEmpty || !$0.examplesNotMet.isEmpty }) {
      for (criterion, example, meant) in CompiledScenario(scenario, lexicon: lexicon).misreadExamples() {
        let location = SourceLocation(file: file, line: criterion.line, column: criterion.column)
        bag.warning(
          .exampleMismatch, location,
          meant
            ? "criterion '\(criterion.id)' is not met by its example \"\(example)\"; widen its patterns or change the example"
            : "criterion '\(criterion.id)' is met by its not_met example \"\(example)\"; narrow its patterns or change the example")
      }
    }
    var conversation = ConversationLint(scenario)
    bag.append(contentsOf: conversation.run())
    return bag.items
  }

  /// DJ115: a scenario file in a role's folder is named after its id without the role prefix
  /// (`l1-agent/unexpected-charge.yaml` for `l1-unexpected-charge`). Checked for the files of a
  /// library's role folders, not for drafts elsewhere or templates (named after the template id).
  public static func fileNameWarning(for scenario: Scenario) -> Diagnostic? {
    let folder = ((scenario.path as NSString).deletingLastPathComponent as NSString).lastPathComponent
    guard Role(rawValue: folder) != nil else { return nil }
    let name = (scenario.path as NSString).lastPathComponent
    let suffix = (name as NSString).pathExtension
    guard suffix == "yaml" || suffix == "yml" else { return nil }
    let expected = scenario.role.fileStem(forID: scenario.id) + "." + suffix
    guard name != expected else { return nil }
    return Diagnostic(
      .warning, .fileName, at: SourceLocation(file: scenario.path, line: 1, column: 1),
      "a scenario file is named after its id without the role prefix '\(scenario.role.idPrefix)': expected '\(expected)' for id '\(scenario.id)', not '\(name)'")
  }
}
