internal import Foundation

/// Lint rules of the conversation model: the organisation is named, every expected point has
/// a line the customer uses to ask for it, nobody stalls for more than two turns, a line of
/// anger is never shown with a rising mood, and every identifier the rubric, a tip or a model
/// answer needs is visible to the trainee before the point where it is needed, on every path.
struct ConversationLint {
  let scenario: Scenario
  var bag = DiagnosticBag()

  init(_ scenario: Scenario) { self.scenario = scenario }

  private func at(_ line: Int, _ column: Int) -> SourceLocation {
    SourceLocation(file: scenario.path, line: line, column: column)
  }

  mutating func run() -> [Diagnostic] {
    if scenario.organisation.isDefault {
      bag.warning(.noOrganisation, at(1, 1), "the scenario names no 'organisation'; /escalate and /transfer offer the built-in lists without saying who owns what (add organisation: {escalate: {tier: who they are}, transfer: {team: …}})")
    }
    checkPrompts()
    checkStalls()
    checkMoods()
    checkReach()
    return bag.items
  }

  private mutating func checkPrompts() {
    var reported: Set<String> = []
    for node in scenario.orderedNodes where !node.isEnding {
      for id in node.expects where !reported.contains(id) {
        guard let criterion = scenario.rubric.criterion(id), criterion.prompt.isEmpty else { continue }
        // A point that only forbids phrases is never asked for.
        guard let spec = criterion.evidence[scenario.language], !(spec.any.isEmpty && spec.all.isEmpty) else { continue }
        reported.insert(id)
        bag.warning(.noPrompt, at(criterion.line, criterion.column), "criterion '\(id)' is expected at node '\(node.id)' but has no 'prompt': when it is missing the customer cannot say what is still missing (add prompt: \"a line that asks for it\")")
      }
    }
  }

  private mutating func checkStalls() {
    for node in scenario.orderedNodes {
      for branch in node.branches {
        if let misses = branch.condition.misses, misses > ConversationEngine.patience {
          bag.warning(.longStall, at(branch.line, branch.column), "'misses: \(misses)' in node '\(node.id)' lets the customer stall for \(misses) turns; the customer moves on after \(ConversationEngine.patience) (use misses: 1 or 2)")
        }
      }
    }
  }

  /// Words that show anger or repetition in a customer line.
  static func angerMarkers(_ language: Language) -> [String] {
    switch language {
    case .en:
      ["are you even listening", "listen to me", "ridiculous", "unacceptable", "i'll cancel", "i will cancel", "cancel my", "for the last time", "i already told you", "forget it", "are you going to help me or not", "lawyer"]
    case .de:
      ["hören sie mir", "überhaupt zu", "unverschämt", "inakzeptabel", "frechheit", "dann kündige ich", "ich kündige meinen", "ich kündige mein", "ich kündige den", "zum letzten mal", "hab ich doch schon", "habe ich ihnen doch", "also nochmal", "vergessen sie es", "anwalt"]
    }
  }

  static func isAngry(_ line: String, _ language: Language) -> Bool {
    let lower = line.lowercased()
    return angerMarkers(language).contains { lower.contains($0) }
  }

  private mutating func checkMoods() {
    let language = scenario.language
    for node in scenario.orderedNodes {
      let lines = node.customer + node.reprompt
      if let mood = node.mood, mood >= .neutral, let angry = lines.first(where: { Self.isAngry($0, language) }) {
        bag.error(.moodContradiction, at(node.line, node.column), "node '\(node.id)' gives its lines the mood '\(mood.name)', but “\(angry)” is angry; give it mood: upset or angry")
      }
      for branch in node.branches {
        if branch.condition.misses != nil, branch.moodChange > 0 {
          bag.error(.moodContradiction, at(branch.line, branch.column), "a branch taken for want of progress (misses) cannot raise the mood (mood: +\(branch.moodChange))")
        }
        guard branch.moodChange > 0, let target = scenario.node(branch.target) else { continue }
        let shown = branch.say.map { [$0] } ?? target.customer
        if let angry = shown.first(where: { Self.isAngry($0, language) }) {
          bag.error(.moodContradiction, at(branch.line, branch.column), "this branch raises the mood (mood: +\(branch.moodChange)) but the customer then says “\(angry)”")
        }
      }
    }
  }

  // MARK: - Facts in reach

  /// Identifiers a trainee can only know from what the conversation shows: ticket and order
  /// numbers (PRB-1187), e-mail addresses, amounts (17.99).
  /// Ticket and order numbers, e-mail addresses, amounts; compiled once.
  private static let identifierPatterns: [NSRegularExpression] = [
    #"\b[A-Z]{2,}[A-Z0-9]*-[0-9][A-Za-z0-9-]*\b"#, #"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+\.[A-Za-z.]+"#,
    #"\b[0-9]+[.,][0-9]{2}\b"#,
    // Time frames a trainee promises: "within 24 hours", "3-5 business days", "5 Werktage".
    #"\b[0-9]+(?:\s?[-–]\s?[0-9]+)?\s(?:hours|business days|working days|Stunden|Werktagen|Werktage|Arbeitstagen|Arbeitstage)\b"#,
  ].compactMap { try? NSRegularExpression(pattern: $0) }

  static func identifiers(in text: String) -> [String] {
    // Every identifier has an ASCII digit or an @ (each pattern needs one): most texts are
    // skipped without a regex, by a look at their bytes.
    guard text.utf8.contains(where: { (0x30...0x39).contains($0) || $0 == 0x40 }) else { return [] }
    var found: [String] = []
    for regex in identifierPatterns {
      let range = NSRange(text.startIndex..., in: text)
      for match in regex.matches(in: text, range: range) {
        if let r = Range(match.range, in: text) {
          let token = String(text[r]).trimmingCharacters(in: CharacterSet(charactersIn: "."))
          if !found.contains(token) { found.append(token) }
        }
      }
    }
    return found
  }

  private mutating func checkReach() {
    let visible = guaranteedText()
    func missing(_ text: String, at nodeID: String) -> [String] {
      let seen = visible[nodeID] ?? ""
      return Self.identifiers(in: text).filter { !seen.contains($0.lowercased()) }
    }
    let language = scenario.language
    for criterion in scenario.rubric.criteria where !criterion.scope.isEmpty {
      let spec = criterion.evidence[language] ?? EvidenceSpec()
      for nodeID in criterion.scope where visible[nodeID] != nil {
        // Every `all` item, and at least one `any` pattern, needs one alternative in reach.
        func reachable(_ pattern: PhrasePattern) -> Bool {
          pattern.alternatives.contains { missing($0, at: nodeID).isEmpty }
        }
        var problems: [(PhrasePattern, [String])] = spec.all.filter { !reachable($0) }.map { ($0, missing($0.text, at: nodeID)) }
        if !spec.any.isEmpty, !spec.any.contains(where: reachable) {
          problems.append((spec.any[0], missing(spec.any.map(\.text).joined(separator: " "), at: nodeID)))
        }
        for (pattern, tokens) in problems {
          bag.warning(.factOutOfReach, at(pattern.line, pattern.column), "criterion '\(criterion.id)' needs \(tokens.joined(separator: ", ")) at node '\(nodeID)', but on some path nothing shown before then (customer lines, /facts, what the customer knows) contains it")
        }
        let tipTokens = missing(criterion.tip, at: nodeID)
        if !tipTokens.isEmpty {
          bag.warning(.factOutOfReach, at(criterion.line, criterion.column), "the tip of '\(criterion.id)' names \(tipTokens.joined(separator: ", ")), which the trainee cannot have seen at node '\(nodeID)' on every path")
        }
      }
    }
    // Deciding whether to hand over needs what the rationale names, wherever a hand-off is possible.
    for node in scenario.orderedNodes where visible[node.id] != nil {
      let decides = node.branches.contains { $0.condition.escalated != nil || $0.condition.transferred != nil }
      guard decides else { continue }
      let tokens = missing(scenario.escalation.rationale, at: node.id)
      if !tokens.isEmpty {
        bag.warning(.factOutOfReach, at(node.line, node.column), "a hand-off is possible at node '\(node.id)', but the escalation rationale's \(tokens.joined(separator: ", ")) is not shown before it on every path (make it a fact visible from the start or after verification)")
      }
    }
    for node in scenario.orderedNodes {
      guard let model = node.model, visible[node.id] != nil else { continue }
      let tokens = missing(model, at: node.id)
      if !tokens.isEmpty {
        bag.warning(.factOutOfReach, at(node.line, node.column), "the model answer of node '\(node.id)' uses \(tokens.joined(separator: ", ")), which is not shown before it on every path (add it to a fact, a customer line or what the customer knows)")
      }
    }
  }

  /// Per node: the lower-cased text a trainee has surely seen on arriving there, on every
  /// path from the start (customer lines common to all variants, facts, the briefing, what the
  /// customer knows and can be asked for, and system facts).
  private func guaranteedText() -> [String: String] {
    var universe: [String] = []
    func add(_ text: String) { for token in Self.identifiers(in: text) where !universe.contains(token) { universe.append(token) } }
    for criterion in scenario.rubric.criteria {
      add(criterion.tip)
      for spec in criterion.evidence.values { for pattern in spec.any + spec.all { add(pattern.text) } }
    }
    for node in scenario.orderedNodes { add(node.model ?? "") }
    add(scenario.escalation.rationale)
    let lowered = universe.map { $0.lowercased() }

    func tokens(_ texts: [String]) -> Set<String> {
      let joined = texts.joined(separator: "\n").lowercased()
      return Set(lowered.filter { joined.contains($0) })
    }
    let global = tokens([scenario.summary, scenario.persona.description] + scenario.persona.knows.flatMap(\.says)
      + scenario.facts.filter(\.after.isEmpty).map(\.fact.text) + scenario.organisation.units.map(\.description))
    func own(_ node: ConversationNode) -> Set<String> {
      var set: Set<String> = []
      if let first = node.customer.first {
        // Only what every variant of the line says is sure to be seen.
        set = node.customer.dropFirst().reduce(tokens([first])) { $0.intersection(tokens([$1])) }
      }
      set.formUnion(tokens(node.facts.map(\.text)))
      set.formUnion(tokens(scenario.facts.filter { $0.after.contains(node.id) }.map(\.fact.text)))
      return set
    }
    // Must-analysis over the graph: a token is sure at a node when it is sure on every edge in.
    var incoming: [String: [(from: String, say: String?)]] = [:]
    for node in scenario.orderedNodes {
      for branch in node.branches { incoming[branch.target, default: []].append((node.id, branch.say)) }
    }
    let all = Set(lowered)
    var sure: [String: Set<String>] = [:]
    for node in scenario.orderedNodes { sure[node.id] = all }
    var changed = true
    var rounds = 0
    while changed, rounds < scenario.nodes.count + 2 {
      changed = false
      rounds += 1
      for node in scenario.orderedNodes {
        var set = global.union(own(node))
        if node.id != scenario.start {
          var through = all
          for edge in incoming[node.id] ?? [] {
            through.formIntersection((sure[edge.from] ?? []).union(tokens([edge.say ?? ""])))
          }
          if (incoming[node.id] ?? []).isEmpty { through = [] }
          set.formUnion(through)
        }
        if set != sure[node.id] {
          sure[node.id] = set
          changed = true
        }
      }
    }
    return sure.mapValues { $0.sorted().joined(separator: "\n") }
  }
}
