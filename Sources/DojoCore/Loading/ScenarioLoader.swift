internal import Foundation
internal import Yams

/// Reads scenario files into `Scenario` values, reporting every problem as a diagnostic with
/// file:line:col instead of stopping at the first.
public struct ScenarioLoader: Sendable {
  public var lexicon: Lexicon

  public init(lexicon: Lexicon = Lexicon()) {
    self.lexicon = lexicon
  }

  /// Loads one file. The scenario is nil when the file has errors.
  public func load(path: String) -> (scenario: Scenario?, diagnostics: [Diagnostic]) {
    switch TextFile.read(path: path) {
    case .success(let yaml): return parse(yaml: yaml, file: path)
    case .failure(let error):
      return (nil, [Diagnostic(.error, .unreadableFile, at: SourceLocation(file: path, line: 1, column: 1), error.description)])
    }
  }

  /// Parses scenario YAML; `file` names it in diagnostics.
  public func parse(yaml: String, file: String) -> (scenario: Scenario?, diagnostics: [Diagnostic]) {
    var parser = ScenarioParser(file: file, lexicon: lexicon)
    let scenario = parser.parse(yaml)
    let diagnostics = parser.reader.diagnostics
    if diagnostics.hasErrors { return (nil, diagnostics.items) }
    return (scenario, diagnostics.items)
  }
}

extension ScenarioLoader {
  /// Whether `text` is an id as scenarios write them: lower-case ASCII letters, digits and
  /// hyphens, not starting with a hyphen. The same answer as the regular expression
  /// `^[a-z0-9][a-z0-9-]*$` it replaces (whose `$` also allows one line break at the very end),
  /// without building an `NSRegularExpression` on every file.
  static func isIdentifier(_ text: String) -> Bool {
    var scalars = Substring(text).unicodeScalars
    if scalars.last.map(Self.isLineBreak) == true {
      let last = scalars.removeLast()
      if last == "\n", scalars.last == "\r" { scalars.removeLast() }
    }
    guard let first = scalars.first, first != "-" else { return false }
    return scalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
  }

  /// The line terminators of ICU regular expressions.
  private static func isLineBreak(_ scalar: Unicode.Scalar) -> Bool {
    (0x0A...0x0D).contains(scalar.value) || scalar.value == 0x85 || scalar.value == 0x2028 || scalar.value == 0x2029
  }
}

/// Composes YAML and reports syntax errors at their location.
func composeYAML(_ text: String, file: String, into bag: inout DiagnosticBag) -> YAMLNode? {
  let yaml = TextFile.normalizingLineEndings(text)
  func at(_ line: Int, _ column: Int) -> SourceLocation { SourceLocation(file: file, line: line, column: column) }
  switch YAMLComposer.compose(yaml) {
  case .node(let node):
    guard let node else {
      bag.error(.notAMapping, at(1, 1), "file is empty; expected a scenario mapping")
      return nil
    }
    return node
  case .refused(let refusal):
    bag.error(.yamlTooLarge, at(refusal.line, refusal.column), refusal.message)
  case .duplicateKey(let key, let mark):
    let (line, column) = ScenarioLoader.secondOccurrence(of: key, mappingAt: mark.line, column: mark.column, in: yaml)
      ?? (mark.line, mark.column)
    bag.error(.duplicateKey, at(line, column), "duplicate key '\(key)'; each key may appear once in a mapping")
  case .failed(let error):
    reportYAMLError(error, yaml: yaml, file: file, into: &bag)
  }
  return nil
}

/// Reports an error Yams threw while composing `yaml` in its own words, at its location.
private func reportYAMLError(_ error: any Error, yaml: String, file: String, into bag: inout DiagnosticBag) {
  func at(_ line: Int, _ column: Int) -> SourceLocation { SourceLocation(file: file, line: line, column: column) }
  guard let error = error as? YamlError else {
    bag.error(.yamlSyntax, at(1, 1), "YAML syntax: \(error)")
    return
  }
  switch error {
  case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
    .composer(let context, let problem, let mark, _):
    if let finding = YAMLLayout.explain(
      problem: problem, line: mark.line, column: mark.column, contextLine: context?.mark.line, in: yaml)
    {
      bag.error(.yamlSyntax, at(finding.line, finding.column), finding.message)
      return
    }
    var message = "YAML syntax: \(problem)"
    var location = at(mark.line, mark.column)
    if let context {
      message += " (\(context.text) that starts at line \(context.mark.line), column \(context.mark.column))"
      // At the end of the file the problem mark points past the last line; the context
      // (an unclosed quote or bracket) is where the author has to look.
      let lineCount = yaml.split(separator: "\n", omittingEmptySubsequences: false).count
      if mark.line > lineCount || (mark.line == lineCount && yaml.hasSuffix("\n")) {
        location = at(context.mark.line, context.mark.column)
      }
    }
    bag.error(.yamlSyntax, location, message)
  case .reader(let problem, let offset, _, _):
    let (line, column) = offset.map { ScenarioLoader.lineAndColumn(of: $0, in: yaml) } ?? (1, 1)
    bag.error(.yamlSyntax, at(line, column), "YAML syntax: \(problem)")
  case .duplicatedKeysInMapping(let duplicates, let context):
    let key = duplicates.first ?? "?"
    let (line, column) = ScenarioLoader.secondOccurrence(of: key, mappingAt: context.mark.line, column: context.mark.column, in: yaml)
      ?? (context.mark.line, context.mark.column)
    bag.error(.duplicateKey, at(line, column), "duplicate key '\(key)'; each key may appear once in a mapping")
  default:
    bag.error(.yamlSyntax, at(1, 1), "YAML syntax: \(error)")
  }
}

extension ScenarioLoader {
  /// 1-based line and column of a reader problem. Yams gives its offset in characters
  /// (`String.distance`); the column counts Unicode scalars, as YAML marks do.
  static func lineAndColumn(of offset: Int, in text: String) -> (Int, Int) {
    let end = text.index(text.startIndex, offsetBy: max(0, offset), limitedBy: text.endIndex) ?? text.endIndex
    var line = 1, column = 1
    for scalar in text[..<end].unicodeScalars {
      if scalar == "\n" {
        line += 1
        column = 1
      } else {
        column += 1
      }
    }
    return (line, column)
  }

  /// Where a key appears for the second time in the block mapping that starts at
  /// `line`:`column`: the line of the duplicate, at the mapping's indentation. Nil when the
  /// mark lies outside the text or the key is not found (a flow mapping, a quoted key with
  /// escapes, a key that is itself a collection).
  static func secondOccurrence(of key: String, mappingAt line: Int, column: Int, in text: String) -> (Int, Int)? {
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    guard line >= 1, line <= lines.count, column >= 1 else { return nil }
    let indent = column - 1
    var seen = 0
    for index in (line - 1)..<lines.count {
      let current = lines[index]
      let content = current.drop { $0 == " " || $0 == "-" && index == line - 1 }
      let leading = current.count - content.count
      if content.isEmpty || content.hasPrefix("#") { continue }
      if index > line - 1 && leading < indent { break }
      guard leading == indent || index == line - 1 else { continue }
      if content.hasPrefix(key + ":") || content.hasPrefix("\"\(key)\":") || content.hasPrefix("'\(key)':") {
        seen += 1
        if seen == 2 { return (index + 1, leading + 1) }
      }
    }
    return nil
  }
}

/// A name used before its definition is known; checked once the whole file is read.
private struct Reference {
  enum Kind { case node, criterion, intent, concept }
  var kind: Kind
  var name: String
  var line: Int
  var column: Int
  var context: String
  var language: Language? = nil

  init(kind: Kind, name: String, mark: YAMLMark?, context: String, language: Language? = nil) {
    self.init(kind: kind, name: name, line: mark?.line ?? 1, column: mark?.column ?? 1, context: context, language: language)
  }

  init(kind: Kind, name: String, line: Int, column: Int, context: String, language: Language? = nil) {
    self.kind = kind
    self.name = name
    self.line = line
    self.column = column
    self.context = context
    self.language = language
  }
}

private struct ScenarioParser {
  var reader: YAMLReader
  let lexicon: Lexicon
  private var references: [Reference] = []
  /// Ids defined in the file, even where their definition has errors, so that one broken
  /// criterion or node does not also produce "unknown …" errors wherever it is used.
  private var declaredNodes: [String] = []
  private var declaredCriteria: [String] = []
  private var intentPositions: [String: SourcePosition] = [:]

  init(file: String, lexicon: Lexicon) {
    reader = YAMLReader(file: file)
    self.lexicon = lexicon
  }

  static let topKeys = [
    "id", "title", "role", "channel", "language", "difficulty", "tags", "form", "form_group",
    "products", "summary", "persona", "start", "nodes", "intents", "rubric", "escalation", "facts",
    "organisation",
  ]
  /// The organisation the file names (or the built-in one), read before branches and the
  /// escalation expectation so that their targets can be checked against it.
  private var organisation: Organisation = .builtIn

  mutating func parse(_ yaml: String) -> Scenario? {
    guard let root = composeYAML(yaml, file: reader.file, into: &reader.diagnostics) else { return nil }
    guard case .mapping = root else {
      reader.diagnostics.error(.notAMapping, reader.location(root), "expected the scenario as a mapping of keys (id, title, role, …), found \(YAMLReader.kindName(root))")
      return nil
    }
    guard let top = reader.mapping(root, "the scenario") else { return nil }
    reader.finish(top, allowed: Self.topKeys)

    var id = requiredNode(top, "id", "a scenario id such as l1-unexpected-charge").flatMap { reader.text($0, "'id'") }
    if let value = id, !ScenarioLoader.isIdentifier(value) {
      reader.diagnostics.error(.invalidValue, reader.location(top["id"]), "id '\(value)' must be lower-case letters, digits and hyphens")
      id = nil
    }
    let title = requiredNode(top, "title", "a short title").flatMap { reader.text($0, "'title'") }
    let role = requiredNode(top, "role", "one of \(Role.allCases.map(\.rawValue).joined(separator: ", "))").flatMap {
      reader.choice($0, "role", Role.allCases.map(\.rawValue), code: .unknownRole).flatMap(Role.init(rawValue:))
    }
    let channel = requiredNode(top, "channel", "phone, chat or email").flatMap {
      reader.choice($0, "channel", Channel.allCases.map(\.rawValue)).flatMap(Channel.init(rawValue:))
    }
    let language = requiredNode(top, "language", "en or de").flatMap {
      reader.choice($0, "language", Language.allCases.map(\.rawValue), code: .unknownLanguage).flatMap(Language.init(rawValue:))
    }
    let difficulty = requiredNode(top, "difficulty", "1, 2 or 3").flatMap { reader.int($0, "'difficulty'", in: ScenarioLimits.difficulty) }
    let tags = top["tags"].flatMap { reader.strings($0, "'tags'") } ?? []
    let form = top["form"].flatMap { reader.choice($0, "form", ["A", "B"]) }
    let formGroup = top["form_group"].flatMap { reader.text($0, "'form_group'") }
    let products = top["products"].flatMap { reader.strings($0, "'products'") } ?? []
    let summary = requiredNode(top, "summary", "a paragraph that briefs the trainee").flatMap { reader.text($0, "'summary'") }
    var persona = requiredNode(top, "persona", "a mapping with name, description and mood").flatMap {
      Self.parsePersona($0, reader: &reader)
    }
    if let personaNode = top["persona"], case .mapping(let map) = personaNode, let knowsNode = map["knows"] {
      persona?.knows = parseKnows(knowsNode)
    }
    let start = requiredNode(top, "start", "the id of the first node").flatMap { reader.text($0, "'start'") }
    if let start, let node = top["start"] {
      references.append(Reference(kind: .node, name: start, mark: node.mark, context: "'start'"))
    }

    if let n = top["organisation"] { organisation = parseOrganisation(n) }
    let systemFacts = top["facts"].map { parseSystemFacts($0) } ?? []
    let intents = top["intents"].map { parseIntents($0) } ?? [:]
    var nodes: [String: ConversationNode] = [:]
    var nodeOrder: [String] = []
    if let nodesNode = top["nodes"] {
      if let mapping = reader.mapping(nodesNode, "'nodes'") {
        if mapping.entries.isEmpty {
          reader.diagnostics.error(.invalidValue, reader.location(nodesNode), "'nodes' is empty; expected at least one node")
        }
        declaredNodes = mapping.entries.map(\.key)
        for entry in mapping.entries {
          if let node = parseNode(id: entry.key, entry.value, keyMark: entry.keyMark) {
            nodes[entry.key] = node
            nodeOrder.append(entry.key)
          }
        }
      }
    } else {
      reader.missing("nodes", in: top, expected: "a mapping of node ids to nodes")
    }
    let rubric = requiredNode(top, "rubric", "a mapping with criteria").flatMap { parseRubric($0) }
    let escalation = requiredNode(top, "escalation", "a mapping with expect: resolve, escalate or transfer")
      .flatMap { parseEscalation($0) }

    checkReferences(nodes: nodes, rubric: rubric, intents: intents, language: language)

    guard let id, let title, let role, let channel, let language, let difficulty, let summary,
      let persona, let start, let rubric, let escalation, !reader.diagnostics.hasErrors
    else { return nil }
    var scenario = Scenario(
      id: id, title: title, role: role, channel: channel, language: language, difficulty: difficulty,
      tags: tags, form: form, formGroup: formGroup, products: products, summary: summary, persona: persona,
      start: start, nodes: nodes, nodeOrder: nodeOrder, intents: intents, rubric: rubric,
      escalation: escalation, path: reader.file, intentPositions: intentPositions)
    scenario.facts = systemFacts
    scenario.organisation = organisation
    return scenario
  }

  /// The value of a required key, or nil after reporting it missing.
  mutating func requiredNode(_ map: MappingReader, _ key: String, _ expected: String) -> YAMLNode? {
    guard let node = map[key] else {
      reader.missing(key, in: map, expected: expected)
      return nil
    }
    return node
  }

  static func parsePersona(_ node: YAMLNode, reader: inout YAMLReader) -> Persona? {
    guard let map = reader.mapping(node, "'persona'") else { return nil }
    reader.finish(map, allowed: ["name", "description", "mood", "give_up", "knows"])
    var name: String?
    if let n = map["name"] { name = reader.text(n, "the persona's 'name'") } else {
      reader.missing("name", in: map, expected: "the customer's name")
    }
    let description = map["description"].flatMap { reader.text($0, "the persona's 'description'") } ?? ""
    var mood: Mood?
    let moodNames = Mood.allCases.filter { $0 != .gaveUp }.map(\.name)
    if let n = map["mood"] {
      mood = reader.choice(n, "mood", moodNames).flatMap(Mood.init(name:))
    } else {
      reader.missing("mood", in: map, expected: "a starting mood: \(moodNames.joined(separator: ", "))")
    }
    let giveUp = map["give_up"].flatMap { reader.text($0, "the persona's 'give_up' line") }
    guard let name, let mood else { return nil }
    return Persona(name: name, description: description, mood: mood, giveUpLine: giveUp)
  }

  // MARK: - Evidence

  mutating func parseEvidence(_ node: YAMLNode, _ what: String) -> [Language: EvidenceSpec] {
    guard let map = reader.mapping(node, what) else { return [:] }
    var result: [Language: EvidenceSpec] = [:]
    for entry in map.entries {
      guard let language = Language(rawValue: entry.key) else {
        reader.diagnostics.error(
          .unknownLanguage, reader.location(entry.keyMark),
          "unknown language '\(entry.key)' in \(what); expected one of: \(Language.allCases.map(\.rawValue).joined(separator: ", "))")
        continue
      }
      let context = "\(what) for '\(entry.key)'"
      guard let spec = reader.mapping(entry.value, context) else { continue }
      reader.finish(spec, allowed: ["any", "all", "none", "weak"])
      var evidence = EvidenceSpec()
      if let n = spec["any"] { evidence.any = reader.patterns(n, "'any' of \(context)") }
      if let n = spec["all"] { evidence.all = reader.patterns(n, "'all' of \(context)") }
      if let n = spec["none"] { evidence.none = reader.patterns(n, "'none' of \(context)") }
      if let n = spec["weak"] { evidence.weak = reader.patterns(n, "'weak' of \(context)") }
      if spec.entries.isEmpty {
        reader.diagnostics.error(.missingKey, reader.location(entry.value), "\(context) has no patterns; expected any, all or none")
      }
      for pattern in evidence.any + evidence.all + evidence.none + evidence.weak {
        for concept in pattern.conceptReferences {
          references.append(Reference(
            kind: .concept, name: concept, line: pattern.line, column: pattern.column, context: context,
            language: language))
        }
        checkSlots(pattern, context)
      }
      result[language] = evidence
    }
    return result
  }

  mutating func parseIntents(_ node: YAMLNode) -> [String: [Language: EvidenceSpec]] {
    guard let map = reader.mapping(node, "'intents'") else { return [:] }
    var result: [String: [Language: EvidenceSpec]] = [:]
    for entry in map.entries {
      result[entry.key] = parseEvidence(entry.value, "intent '\(entry.key)'")
      intentPositions[entry.key] = SourcePosition(line: entry.keyMark?.line ?? 1, column: entry.keyMark?.column ?? 1)
    }
    return result
  }

  // MARK: - Nodes

  static let nodeKeys = ["customer", "reprompt", "facts", "expects", "branches", "model", "commentary", "end", "mood", "moves_on"]

  mutating func parseNode(id: String, _ node: YAMLNode, keyMark: YAMLMark?) -> ConversationNode? {
    let what = "node '\(id)'"
    guard let map = reader.mapping(node, what) else { return nil }
    reader.finish(map, allowed: Self.nodeKeys)
    var customer: [String] = []
    if let n = map["customer"] {
      customer = reader.strings(n, "the customer line of \(what)", allowSingle: true) ?? []
    } else {
      reader.missing("customer", in: map, expected: "what the customer says (text or a list of variants)")
    }
    let reprompt = map["reprompt"].flatMap { reader.strings($0, "'reprompt' of \(what)", allowSingle: true) } ?? []
    var facts: [Fact] = []
    if let n = map["facts"], let factMap = reader.mapping(n, "'facts' of \(what)") {
      for entry in factMap.entries {
        if let text = reader.text(entry.value, "fact '\(entry.key)' of \(what)") {
          facts.append(Fact(source: entry.key, text: text))
        }
      }
    }
    var expects: [String] = []
    if let n = map["expects"], let items = reader.list(n, "'expects' of \(what)", allowSingle: true) {
      for item in items {
        if let name = reader.text(item, "an item of 'expects'") {
          expects.append(name)
          references.append(Reference(kind: .criterion, name: name, mark: item.mark, context: "'expects' of \(what)"))
        }
      }
    }
    var branches: [Branch] = []
    if let n = map["branches"], let items = reader.list(n, "'branches' of \(what)") {
      for item in items {
        if let branch = parseBranch(item, what) { branches.append(branch) }
      }
    }
    let model = map["model"].flatMap { reader.text($0, "'model' of \(what)") }
    let commentary = map["commentary"].flatMap { reader.text($0, "'commentary' of \(what)") }
    let ending = map["end"].flatMap {
      reader.choice($0, "ending", Ending.allCases.filter { $0 != .endedByAgent }.map(\.rawValue)).flatMap(Ending.init(rawValue:))
    }
    let moodNames = Mood.allCases.filter { $0 != .gaveUp }.map(\.name)
    let mood = map["mood"].flatMap { reader.choice($0, "mood of \(what)", moodNames).flatMap(Mood.init(name:)) }
    return ConversationNode(
      id: id, customer: customer, reprompt: reprompt, facts: facts, expects: expects, branches: branches,
      model: model, commentary: commentary, ending: ending, mood: mood,
      movesOn: map["moves_on"].flatMap { reader.text($0, "'moves_on' of \(what)") }, line: keyMark?.line ?? 1,
      column: keyMark?.column ?? 1)
  }

  mutating func parseBranch(_ node: YAMLNode, _ nodeWhat: String) -> Branch? {
    let what = "a branch of \(nodeWhat)"
    guard let map = reader.mapping(node, what) else { return nil }
    reader.finish(map, allowed: ["when", "goto", "mood", "say"])
    var condition = BranchCondition()
    if let n = map["when"], let when = reader.mapping(n, "'when' of \(what)") {
      reader.finish(when, allowed: ["met", "met_any", "not_met", "intent", "escalated", "transferred", "misses"])
      func criteria(_ key: String, _ reader: inout YAMLReader, _ refs: inout [Reference]) -> [String] {
        guard let n = when[key], let items = reader.list(n, "'\(key)'", allowSingle: true) else { return [] }
        return items.compactMap { item in
          guard let name = reader.text(item, "an item of '\(key)'") else { return nil }
          refs.append(Reference(kind: .criterion, name: name, mark: item.mark, context: "'\(key)' of \(what)"))
          return name
        }
      }
      condition.met = criteria("met", &reader, &references)
      condition.metAny = criteria("met_any", &reader, &references)
      condition.notMet = criteria("not_met", &reader, &references)
      if let n = when["intent"], let name = reader.text(n, "'intent'") {
        condition.intent = name
        references.append(Reference(kind: .intent, name: name, mark: n.mark, context: what))
      }
      if let n = when["escalated"] {
        condition.escalated = reader.choice(
          n, "escalation tier", ["any"] + organisation.units(.escalate).map(\.id), code: .unknownTarget)
      }
      if let n = when["transferred"] {
        condition.transferred = reader.choice(
          n, "transfer team", ["any"] + organisation.units(.transfer).map(\.id), code: .unknownTarget)
      }
      if let n = when["misses"] { condition.misses = reader.int(n, "'misses'", in: ScenarioLimits.misses) }
    }
    var target: String?
    if let n = map["goto"], let name = reader.text(n, "'goto'") {
      target = name
      references.append(Reference(kind: .node, name: name, mark: n.mark, context: "'goto' of \(what)"))
    } else if map["goto"] == nil {
      reader.missing("goto", in: map, expected: "the id of the node this branch leads to")
    }
    let mood = map["mood"].flatMap { reader.signedInt($0, "'mood'", in: ScenarioLimits.moodChange) } ?? 0
    let say = map["say"].flatMap { reader.text($0, "'say'") }
    guard let target else { return nil }
    return Branch(
      condition: condition, target: target, moodChange: mood, say: say,
      line: node.mark?.line ?? 1, column: node.mark?.column ?? 1)
  }

  // MARK: - Rubric

  mutating func parseRubric(_ node: YAMLNode) -> Rubric? {
    guard let map = reader.mapping(node, "'rubric'") else { return nil }
    reader.finish(map, allowed: ["pass", "criteria", "resolve_when"])
    let pass = map["pass"].flatMap { reader.int($0, "'pass'", in: ScenarioLimits.passScore) }.map(Double.init) ?? 70
    var criteria: [Criterion] = []
    if let n = map["criteria"], let items = reader.list(n, "'criteria'") {
      var seen: Set<String> = []
      for item in items {
        guard let criterion = parseCriterion(item) else { continue }
        if criterion.id == "escalation" {
          reader.diagnostics.error(.invalidValue, reader.location(item), "criterion id 'escalation' is reserved for the escalation verdict")
        } else if !seen.insert(criterion.id).inserted {
          reader.diagnostics.error(.duplicateID, reader.location(item), "duplicate criterion id '\(criterion.id)'")
        } else {
          criteria.append(criterion)
        }
      }
      if items.isEmpty {
        reader.diagnostics.error(.invalidValue, reader.location(n), "'criteria' is empty; expected at least one criterion")
      }
    } else if map["criteria"] == nil {
      reader.missing("criteria", in: map, expected: "a list of criteria")
    }
    var resolveWhen: [String] = []
    if let n = map["resolve_when"], let items = reader.list(n, "'resolve_when'", allowSingle: true) {
      for item in items {
        guard let name = reader.text(item, "an item of 'resolve_when'") else { continue }
        resolveWhen.append(name)
        references.append(Reference(kind: .criterion, name: name, mark: item.mark, context: "'resolve_when' of the rubric"))
      }
    }
    var rubric = Rubric(passScore: pass, criteria: criteria)
    rubric.resolveWhen = resolveWhen
    return rubric
  }

  static let criterionKeys = [
    "id", "name", "weight", "scale", "critical", "bonus", "tip", "scope", "evidence", "examples", "prompt", "reaction",
  ]

  mutating func parseCriterion(_ node: YAMLNode) -> Criterion? {
    guard let map = reader.mapping(node, "a criterion") else { return nil }
    let idNode = map["id"]
    let id = idNode.flatMap { reader.text($0, "the criterion 'id'") }
    if idNode == nil { reader.missing("id", in: map, expected: "a criterion id") }
    if let id { declaredCriteria.append(id) }
    var scoped = map
    scoped.what = "criterion '\(id ?? "?")'"
    reader.finish(scoped, allowed: Self.criterionKeys)
    let name = map["name"].flatMap { reader.text($0, "'name' of \(scoped.what)") }
    if map["name"] == nil { reader.missing("name", in: scoped, expected: "what the criterion checks, in a few words") }
    var weight = 1.0
    if let n = map["weight"], let value = reader.weight(n, "'weight' of \(scoped.what)") { weight = value }
    let scale = map["scale"].flatMap { reader.choice($0, "scale", Scale.allCases.map(\.rawValue)).flatMap(Scale.init(rawValue:)) } ?? .binary
    let critical = map["critical"].flatMap { reader.bool($0, "'critical'") } ?? false
    let bonus = map["bonus"].flatMap { reader.bool($0, "'bonus'") } ?? false
    if critical && bonus, let n = map["bonus"] {
      reader.diagnostics.error(.invalidValue, reader.location(n), "a criterion cannot be both critical and bonus")
    }
    let tip = map["tip"].flatMap { reader.text($0, "'tip' of \(scoped.what)") }
    if map["tip"] == nil { reader.missing("tip", in: scoped, expected: "a coaching tip that says what to do") }
    var scope: [String] = []
    if let n = map["scope"], let items = reader.list(n, "'scope'", allowSingle: true) {
      for item in items {
        if let nodeID = reader.text(item, "an item of 'scope'") {
          scope.append(nodeID)
          references.append(Reference(kind: .node, name: nodeID, mark: item.mark, context: "'scope' of \(scoped.what)"))
        }
      }
    }
    var evidence: [Language: EvidenceSpec] = [:]
    if let n = map["evidence"] {
      evidence = parseEvidence(n, "'evidence' of \(scoped.what)")
      // A `weak` phrase caps the criterion one point below full: on a binary scale that is none.
      if scale.maxPoints < 2, let weak = evidence.values.flatMap(\.weak).min(by: { ($0.line, $0.column) < ($1.line, $1.column) }) {
        reader.diagnostics.error(
          .weakWithoutPartial, SourceLocation(file: reader.file, line: weak.line, column: weak.column),
          "'weak' phrases need a scale with a partial level (3-point or more); \(scoped.what) is binary")
      }
    } else {
      reader.missing("evidence", in: scoped, expected: "patterns per language (en:, de:)")
    }
    var met: [String] = [], notMet: [String] = []
    if let n = map["examples"], let examples = reader.mapping(n, "'examples' of \(scoped.what)") {
      reader.finish(examples, allowed: ["met", "not_met"])
      met = examples["met"].flatMap { reader.strings($0, "'met' examples") } ?? []
      notMet = examples["not_met"].flatMap { reader.strings($0, "'not_met' examples") } ?? []
    }
    let prompt = map["prompt"].flatMap { reader.strings($0, "'prompt' of \(scoped.what)", allowSingle: true) } ?? []
    let reaction = map["reaction"].flatMap { reader.strings($0, "'reaction' of \(scoped.what)", allowSingle: true) } ?? []
    if let n = map["reaction"], !reaction.isEmpty, !evidence.values.contains(where: { !$0.none.isEmpty }) {
      reader.diagnostics.error(
        .invalidValue, reader.location(n),
        "'reaction' is what the customer says to a forbidden phrase, but \(scoped.what) has none ('none:' in its evidence)")
    }
    guard let id, let name, let tip else { return nil }
    return Criterion(
      id: id, name: name, weight: weight, scale: scale, critical: critical, bonus: bonus, tip: tip,
      scope: scope, evidence: evidence, prompt: prompt, reaction: reaction, examplesMet: met, examplesNotMet: notMet,
      line: node.mark?.line ?? 1, column: node.mark?.column ?? 1)
  }

  // MARK: - Escalation

  mutating func parseEscalation(_ node: YAMLNode) -> EscalationExpectation? {
    guard let map = reader.mapping(node, "'escalation'") else { return nil }
    reader.finish(map, allowed: ["expect", "target", "window", "handoff", "weight", "critical", "rationale", "equivalent", "alongside"])
    var expect: EscalationExpectation.Expect?
    if let n = map["expect"] {
      expect = reader.choice(n, "escalation expectation", ["resolve", "escalate", "transfer"]).flatMap(EscalationExpectation.Expect.init(rawValue:))
    } else {
      reader.missing("expect", in: map, expected: "resolve, escalate or transfer")
    }
    var target: String?
    if let n = map["target"] {
      switch expect {
      case .escalate?:
        target = reader.choice(n, "escalation tier", organisation.units(.escalate).map(\.id), code: .unknownTarget)
      case .transfer?:
        target = reader.choice(n, "transfer team", organisation.units(.transfer).map(\.id), code: .unknownTarget)
      case .resolve?:
        reader.diagnostics.error(.invalidValue, reader.location(n), "'target' makes no sense with expect: resolve; remove it or expect escalate/transfer")
      case nil: break
      }
    } else if expect == .escalate || expect == .transfer {
      reader.missing("target", in: map, expected: "who the case goes to (e.g. l2-specialist, sales)")
    }
    var window: ClosedRange<Int>?
    if let n = map["window"], let items = reader.list(n, "'window'") {
      let numbers = items.compactMap { reader.int($0, "a turn number in 'window'", in: ScenarioLimits.windowTurn) }
      if items.count != 2 {
        reader.diagnostics.error(.invalidValue, reader.location(n), "'window' must be [first turn, last turn], found \(items.count) item(s)")
      } else if numbers.count == 2 {
        if numbers[0] > numbers[1] {
          reader.diagnostics.error(.invalidValue, reader.location(n), "'window' starts after it ends: [\(numbers[0]), \(numbers[1])]")
        } else {
          window = numbers[0]...numbers[1]
        }
      }
    }
    var handoff: [HandoffRequirement] = []
    if let n = map["handoff"], let items = reader.list(n, "'handoff'") {
      for item in items {
        guard let entry = reader.mapping(item, "a hand-off requirement") else { continue }
        reader.finish(entry, allowed: ["id", "name", "evidence"])
        let id = entry["id"].flatMap { reader.text($0, "the hand-off 'id'") }
        if entry["id"] == nil { reader.missing("id", in: entry, expected: "an id for the hand-off fact") }
        let name = entry["name"].flatMap { reader.text($0, "the hand-off 'name'") } ?? id ?? ""
        var evidence: [Language: EvidenceSpec] = [:]
        if let e = entry["evidence"] { evidence = parseEvidence(e, "'evidence' of hand-off '\(id ?? "?")'") } else {
          reader.missing("evidence", in: entry, expected: "patterns per language that show the fact is in the note")
        }
        if let id { handoff.append(HandoffRequirement(id: id, name: name, evidence: evidence)) }
      }
    }
    var weight = 2.0
    if let n = map["weight"], let value = reader.weight(n, "the escalation 'weight'") { weight = value }
    let critical = map["critical"].flatMap { reader.bool($0, "'critical'") } ?? false
    let rationale = map["rationale"].flatMap { reader.text($0, "'rationale'") } ?? ""
    let equivalents = map["equivalent"].map { parseHandoffTargets($0, key: "equivalent") } ?? []
    let alongside = map["alongside"].map { parseHandoffTargets($0, key: "alongside") } ?? []
    guard let expect else { return nil }
    var expectation = EscalationExpectation(
      expect: expect, target: target, window: window, handoff: handoff, weight: weight, critical: critical,
      rationale: rationale)
    expectation.equivalents = equivalents
    expectation.alongside = alongside
    return expectation
  }

  /// A list of `escalate:TIER` / `transfer:TEAM` items (`equivalent`, `alongside`), each checked
  /// against the organisation.
  mutating func parseHandoffTargets(_ node: YAMLNode, key: String) -> [HandoffTarget] {
    guard let items = reader.list(node, "'\(key)'", allowSingle: true) else { return [] }
    var targets: [HandoffTarget] = []
    for item in items {
      guard let text = reader.text(item, "an item of '\(key)'") else { continue }
      let parts = text.split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
      guard parts.count == 2, let kind = HandoffKind(rawValue: parts[0]) else {
        reader.diagnostics.error(
          .invalidValue, reader.location(item),
          "'\(text)' in '\(key)' must be written escalate:TIER or transfer:TEAM")
        continue
      }
      guard organisation.unit(kind, parts[1]) != nil else {
        let known = organisation.units(kind).map(\.id)
        reader.diagnostics.error(
          .unknownTarget, reader.location(item),
          "unknown \(kind == .escalate ? "tier" : "team") '\(parts[1])' in '\(key)'; the organisation has: \(known.joined(separator: ", "))\(Suggestion.didYouMean(parts[1], known))")
        continue
      }
      targets.append(HandoffTarget(kind, parts[1]))
    }
    return targets
  }

  // MARK: - Conversation model

  /// `organisation: {escalate: {tier: who they are}, transfer: {team: who they are}}`.
  mutating func parseOrganisation(_ node: YAMLNode) -> Organisation {
    guard let map = reader.mapping(node, "'organisation'") else { return .builtIn }
    reader.finish(map, allowed: ["escalate", "transfer"])
    var units: [OrganisationUnit] = []
    for kind in HandoffKind.allCases {
      guard let n = map[kind.rawValue], let targets = reader.mapping(n, "'\(kind.rawValue)' of 'organisation'") else { continue }
      for entry in targets.entries {
        if !ScenarioLoader.isIdentifier(entry.key) {
          reader.diagnostics.error(
            .invalidValue, reader.location(entry.keyMark),
            "'\(entry.key)' in 'organisation' must be lower-case letters, digits and hyphens (it is typed after /\(kind.rawValue))")
          continue
        }
        guard let description = reader.text(entry.value, "who '\(entry.key)' is") else { continue }
        units.append(OrganisationUnit(id: entry.key, kind: kind, description: description))
      }
    }
    if units.isEmpty {
      reader.diagnostics.error(.invalidValue, reader.location(node), "'organisation' names no tier or team; expected escalate: and/or transfer: mappings")
      return .builtIn
    }
    return Organisation(units: units)
  }

  /// `facts:` at the top: a list of `{source, text, after: [node ids]}`.
  mutating func parseSystemFacts(_ node: YAMLNode) -> [SystemFact] {
    guard let items = reader.list(node, "'facts'") else { return [] }
    var facts: [SystemFact] = []
    for item in items {
      guard let map = reader.mapping(item, "a fact") else { continue }
      reader.finish(map, allowed: ["source", "text", "after"])
      let source = map["source"].flatMap { reader.text($0, "the fact's 'source'") }
      if map["source"] == nil { reader.missing("source", in: map, expected: "where the agent sees it: crm, order_history, logs, …") }
      let text = map["text"].flatMap { reader.text($0, "the fact's 'text'") }
      if map["text"] == nil { reader.missing("text", in: map, expected: "what the system shows") }
      var after: [String] = []
      if let n = map["after"], let nodes = reader.list(n, "'after' of a fact", allowSingle: true) {
        for nodeItem in nodes {
          guard let nodeID = reader.text(nodeItem, "an item of 'after'") else { continue }
          after.append(nodeID)
          references.append(Reference(kind: .node, name: nodeID, mark: nodeItem.mark, context: "'after' of a fact"))
        }
      }
      if let source, let text {
        facts.append(SystemFact(
          fact: Fact(source: source, text: text), after: after, line: item.mark?.line ?? 1, column: item.mark?.column ?? 1))
      }
    }
    return facts
  }

  /// `knows:` of the persona: item id → `{asked: [patterns], says: line or variants, again: line}`.
  mutating func parseKnows(_ node: YAMLNode) -> [KnownItem] {
    guard let map = reader.mapping(node, "the persona's 'knows'") else { return [] }
    var items: [KnownItem] = []
    for entry in map.entries {
      let what = "known item '\(entry.key)'"
      guard let item = reader.mapping(entry.value, what) else { continue }
      reader.finish(item, allowed: ["asked", "says", "again"])
      var asked: [PhrasePattern] = []
      if let n = item["asked"] {
        asked = reader.patterns(n, "'asked' of \(what)")
        for pattern in asked {
          checkSlots(pattern, "'asked' of \(what)")
          for concept in pattern.conceptReferences {
            references.append(Reference(kind: .concept, name: concept, line: pattern.line, column: pattern.column, context: "'asked' of \(what)"))
          }
        }
      } else {
        reader.missing("asked", in: item, expected: "phrases a trainee uses to ask for it")
      }
      var says: [String] = []
      if let n = item["says"] {
        says = reader.strings(n, "'says' of \(what)", allowSingle: true) ?? []
      } else {
        reader.missing("says", in: item, expected: "what the customer answers")
      }
      let again = item["again"].flatMap { reader.text($0, "'again' of \(what)") }
      items.append(KnownItem(
        id: entry.key, asked: asked, says: says, again: again, line: entry.keyMark?.line ?? 1,
        column: entry.keyMark?.column ?? 1))
    }
    return items
  }

  // MARK: - References

  /// Reports `{slots}` no recogniser provides, at the pattern's position.
  mutating func checkSlots(_ pattern: PhrasePattern, _ context: String) {
    let known = EntityKind.allCases.map(\.rawValue)
    for slot in pattern.slotReferences where EntityKind(rawValue: slot) == nil {
      reader.diagnostics.error(
        .unknownSlot, SourceLocation(file: reader.file, line: pattern.line, column: pattern.column),
        "unknown slot '{\(slot)}' in \(context); expected one of: \(known.map { "{\($0)}" }.joined(separator: ", "))\(Suggestion.didYouMean(slot, known))")
    }
  }

  mutating func checkReferences(
    nodes: [String: ConversationNode], rubric: Rubric?, intents: [String: [Language: EvidenceSpec]], language: Language?
  ) {
    let criterionIDs = declaredCriteria
    let nodeIDs = declaredNodes
    for reference in references {
      let location = SourceLocation(file: reader.file, line: reference.line, column: reference.column)
      switch reference.kind {
      case .node where !nodeIDs.contains(reference.name):
        reader.diagnostics.error(
          .unknownNode, location,
          "unknown node '\(reference.name)' in \(reference.context); expected one of: \(nodeIDs.sorted().joined(separator: ", "))\(Suggestion.didYouMean(reference.name, nodeIDs))")
      case .criterion where rubric != nil && !criterionIDs.contains(reference.name):
        reader.diagnostics.error(
          .unknownCriterion, location,
          "unknown criterion '\(reference.name)' in \(reference.context); expected one of: \(criterionIDs.joined(separator: ", "))\(Suggestion.didYouMean(reference.name, criterionIDs))")
      case .intent where intents[reference.name] == nil:
        let known = intents.keys.sorted()
        let expected = known.isEmpty
          ? "the scenario defines no intents; add it under 'intents'"
          : "expected one of: \(known.joined(separator: ", "))\(Suggestion.didYouMean(reference.name, known))"
        reader.diagnostics.error(.unknownIntent, location, "unknown intent '\(reference.name)' in \(reference.context); \(expected)")
      case .concept:
        guard let language = reference.language ?? language, !lexicon.hasConcept(reference.name, in: language) else { continue }
        let known = lexicon.conceptNames(in: language)
        reader.diagnostics.error(
          .unknownConcept, location,
          "unknown concept '@\(reference.name)' in \(reference.context); the '\(language.rawValue)' lexicon has no such concept\(Suggestion.didYouMean(reference.name, known))")
      default:
        continue
      }
    }
  }
}

