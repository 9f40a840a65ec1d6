/// The text of a new scenario for authors starting from nothing: every key with a comment on
/// what it does, placeholder lines in the scenario's language, and a model path that passes,
/// so the file lints clean and autoplays before the author changes a word. Pure.
public enum ScenarioSkeleton {
  public static func text(id: String, role: Role, channel: Channel, language: Language) -> String {
    let t = language == .de ? German.self as Texts.Type : English.self as Texts.Type
    let opening = channel == .email ? t.emailOpening : channel == .phone ? t.phoneOpening : t.chatOpening
    return """
      # \(id): made by `dojo scenarios new`. Replace the placeholder texts, keep the keys.
      # Format: docs/scenario-format.md · check: dojo scenarios lint FILE · try the paths:
      # dojo scenarios autoplay FILE · write answers/\(id)/{strong,weak,mistake}.txt for the tests.

      # Unique id: lower-case letters, digits and hyphens.
      id: \(id)
      # A short title for lists and reports.
      title: "\(t.title)"
      # Who trains on it: l1-agent, l2-specialist, tech-support, team-lead or cs-manager.
      role: \(role.rawValue)
      # How the customer gets in touch: phone, chat or email.
      channel: \(channel.rawValue)
      # The language of everything the customer says and of the evidence patterns (en or de).
      language: \(language.rawValue)
      # 1 (easy) to 3 (hard).
      difficulty: 1
      # Words for filtering; parallel pre/post forms add `form: A` and `form_group: NAME`.
      tags: [draft]
      # Product ids from scenarios/products/ the scenario is about (optional).
      # products: [streamly]

      # The trainee's briefing, shown before the conversation starts.
      summary: >
        \(t.summary)

      # The customer: name, who they are, the starting mood (angry, upset, neutral, satisfied,
      # delighted) and what they say when they give up.
      persona:
        name: \(t.personaName)
        description: "\(t.personaDescription)"
        mood: upset
        give_up: "\(t.giveUp)"
        # What the customer can tell when asked, in any phrasing `asked` covers.
        knows:
          order_number:
            asked: [\(t.askedOrder)]
            says: "\(t.saysOrder)"

      # Who the case can go to, and who owns what: /escalate and /transfer offer exactly these.
      organisation:
        escalate:
          l2-specialist: "\(t.orgL2)"
          team-lead: "\(t.orgLead)"
        transfer:
          shipping: "\(t.orgShipping)"

      # The node the conversation starts at.
      start: opening
      # The conversation graph: each node is what the customer says on arrival, what the trainee
      # can look up there, which criteria are expected, the model answer, and where to go next.
      nodes:
        opening:
          # \(t.commentCustomer)
          customer: |
      \(indent(opening, 6))
          # Facts the trainee can look up at this node (CRM, order history, logs, …).
          facts:
            crm: "\(t.crm)"
          # Criteria (ids from the rubric) the trainee should show at this node.
          expects: [empathy, solve]
          # The model answer, shown as feedback and in the walk-through.
          model: "\(t.modelOpening)"
          commentary: "\(t.commentaryOpening)"
          # The first branch whose `when` holds wins; a branch without `when` always holds.
          branches:
            - when: { met: [solve] }
              goto: wrapup
            - when: { misses: 2 }
              goto: gave_up
          # \(t.commentReprompt)
          reprompt: "\(t.reprompt)"
        wrapup:
          customer: "\(t.wrapup)"
          expects: [closing]
          model: "\(t.modelWrapup)"
          commentary: "\(t.commentaryWrapup)"
          branches:
            - goto: resolved
        # Endings: resolved, escalated, transferred or gave-up.
        resolved:
          customer: "\(t.resolved)"
          end: resolved
        gave_up:
          customer: "\(t.giveUp)"
          end: gave-up

      # What is scored. Each criterion: weight, scale (binary, 3-point, 4-point, 5-point),
      # a coaching tip, the nodes whose turns count (scope) and evidence patterns per language:
      # `any` (one must match), `all` (each must match), `none` (forbidden); `@name` is a concept
      # from scenarios/lexicon/. Examples are replies that must / must not meet the criterion.
      rubric:
        pass: 70
        criteria:
          - id: empathy
            name: "\(t.empathyName)"
            weight: 2
            tip: "\(t.empathyTip)"
            # What the customer says to push for it while it is missing.
            prompt: "\(t.empathyPrompt)"
            scope: [opening]
            evidence:
              \(language.rawValue):
                any: ["@empathy", "@apology"]
                none: ["@blame_customer"]
            examples:
              met: ["\(t.empathyMet)"]
              not_met: ["\(t.empathyNotMet)"]
          - id: solve
            name: "\(t.solveName)"
            weight: 3
            scale: 3-point
            tip: "\(t.solveTip)"
            prompt: "\(t.solvePrompt)"
            scope: [opening]
            evidence:
              \(language.rawValue):
                any: [\(t.solveAny)]
                all: [\(t.solveAll)]
            examples:
              met: ["\(t.solveMet)"]
              not_met: ["\(t.solveNotMet)"]
          - id: closing
            name: "\(t.closingName)"
            weight: 1
            tip: "\(t.closingTip)"
            prompt: "\(t.closingPrompt)"
            scope: [wrapup]
            evidence:
              \(language.rawValue):
                any: ["@closing"]

      # What the trainee should do about the case: resolve it, or escalate to a tier /
      # transfer to a team (`target`) within a `window` of turns, with the `handoff` facts the
      # note must carry. `rationale` says why in one sentence.
      escalation:
        expect: resolve
        weight: 2
        rationale: "\(t.rationale)"

      """
  }

  static func indent(_ text: String, _ spaces: Int) -> String {
    let pad = String(repeating: " ", count: spaces)
    return text.split(separator: "\n", omittingEmptySubsequences: false).map { $0.isEmpty ? "" : pad + $0 }.joined(separator: "\n")
  }
}

/// The placeholder texts of a skeleton in one language.
private protocol Texts {
  static var title: String { get }
  static var summary: String { get }
  static var personaName: String { get }
  static var personaDescription: String { get }
  static var giveUp: String { get }
  static var commentCustomer: String { get }
  static var commentReprompt: String { get }
  static var chatOpening: String { get }
  static var phoneOpening: String { get }
  static var emailOpening: String { get }
  static var crm: String { get }
  static var modelOpening: String { get }
  static var commentaryOpening: String { get }
  static var reprompt: String { get }
  static var wrapup: String { get }
  static var modelWrapup: String { get }
  static var commentaryWrapup: String { get }
  static var resolved: String { get }
  static var empathyName: String { get }
  static var empathyTip: String { get }
  static var empathyMet: String { get }
  static var empathyNotMet: String { get }
  static var solveName: String { get }
  static var solveTip: String { get }
  static var solveAny: String { get }
  static var solveAll: String { get }
  static var solveMet: String { get }
  static var solveNotMet: String { get }
  static var closingName: String { get }
  static var closingTip: String { get }
  static var rationale: String { get }
  static var askedOrder: String { get }
  static var saysOrder: String { get }
  static var orgL2: String { get }
  static var orgLead: String { get }
  static var orgShipping: String { get }
  static var empathyPrompt: String { get }
  static var solvePrompt: String { get }
  static var closingPrompt: String { get }
}

private enum English: Texts {
  static let title = "New scenario: what the customer wants"
  static let summary = "Who writes in, about what, and what the trainee should find out and decide."
  static let personaName = "Sam Taylor"
  static let personaDescription = "Customer since 2022, in a hurry, a little annoyed."
  static let giveUp = "Forget it, I'll sort this out some other way."
  static let commentCustomer = "What the customer says on arrival: text, or a list of variants."
  static let commentReprompt = "What the customer says when a reply takes no branch."
  static let chatOpening = "Hi, my order has not arrived and I need it by Friday. Can you check?"
  static let phoneOpening = "Hello, I'm calling because my order still hasn't arrived and I need it by Friday."
  static let emailOpening = "Subject: Order not arrived\n\nHello,\n\nmy order has not arrived and I need it by Friday. Can you check?\n\nBest regards\nSam Taylor"
  static let crm = "Sam Taylor · sam.taylor@example.com · customer since 2022 · order 1001 shipped Monday"
  static let modelOpening = "I'm sorry to hear your order hasn't arrived yet. I've checked order 1001: it shipped on Monday and arrives on Thursday."
  static let commentaryOpening = "Acknowledges the worry, says what was checked and what it shows."
  static let reprompt = "Sorry, but where is my order?"
  static let wrapup = "Thursday is fine, thanks."
  static let modelWrapup = "You're welcome. Is there anything else I can help you with?"
  static let commentaryWrapup = "Closes with an open door."
  static let resolved = "No, that's all. Bye!"
  static let empathyName = "Acknowledges the customer's worry"
  static let empathyTip = "Name the feeling before the fix: \\\"I'm sorry to hear your order hasn't arrived yet.\\\""
  static let empathyMet = "I'm sorry to hear your order hasn't arrived yet."
  static let empathyNotMet = "What is your order number?"
  static let solveName = "Checks the order and says what it shows"
  static let solveTip = "Say what you checked and what it showed: the shipping date and the delivery day."
  static let solveAny = "\"checked your order\", \"checked order 1001\", \"order 1001\""
  static let solveAll = "\"arrives|delivery|shipped\""
  static let solveMet = "I've checked order 1001: it shipped on Monday and arrives on Thursday."
  static let solveNotMet = "Please wait a little longer."
  static let closingName = "Closes with an open door"
  static let closingTip = "Ask whether there is anything else before you say goodbye."
  static let rationale = "The trainee can answer this alone; a hand-off would only make the customer wait."
  static let askedOrder = "\"order number\", \"order id\", \"which order\""
  static let saysOrder = "It's order 1001."
  static let orgL2 = "Second-level specialists: complex orders, refunds above your limit"
  static let orgLead = "Your team lead: complaints and exceptions to policy"
  static let orgShipping = "Shipping team: lost parcels and carrier claims"
  static let empathyPrompt = "Do you understand that I really need it by Friday?"
  static let solvePrompt = "So where is my order right now?"
  static let closingPrompt = "Is that everything, then?"
}

private enum German: Texts {
  static let title = "Neues Szenario: was der Kunde möchte"
  static let summary = "Wer sich meldet, worum es geht und was die Trainee herausfinden und entscheiden soll."
  static let personaName = "Sam Keller"
  static let personaDescription = "Kunde seit 2022, in Eile, etwas verärgert."
  static let giveUp = "Vergessen Sie es, ich kläre das anders."
  static let commentCustomer = "Was die Kundin oder der Kunde beim Ankommen sagt: Text oder eine Liste von Varianten."
  static let commentReprompt = "Was die Kundin oder der Kunde sagt, wenn eine Antwort keinen Zweig nimmt."
  static let chatOpening = "Hallo, meine Bestellung ist noch nicht da, und ich brauche sie bis Freitag. Können Sie nachsehen?"
  static let phoneOpening = "Guten Tag, ich rufe an, weil meine Bestellung immer noch nicht da ist. Ich brauche sie bis Freitag."
  static let emailOpening = "Betreff: Bestellung nicht angekommen\n\nGuten Tag,\n\nmeine Bestellung ist noch nicht da, und ich brauche sie bis Freitag. Können Sie nachsehen?\n\nFreundliche Grüße\nSam Keller"
  static let crm = "Sam Keller · sam.keller@example.com · Kunde seit 2022 · Bestellung 1001 am Montag versandt"
  static let modelOpening = "Es tut mir leid, dass Ihre Bestellung noch nicht da ist. Ich habe die Bestellung 1001 geprüft: Sie wurde am Montag versandt und kommt am Donnerstag an."
  static let commentaryOpening = "Nimmt die Sorge ernst, sagt, was geprüft wurde und was es ergibt."
  static let reprompt = "Entschuldigung, aber wo ist meine Bestellung?"
  static let wrapup = "Donnerstag passt, danke."
  static let modelWrapup = "Gern geschehen. Kann ich sonst noch etwas für Sie tun? Einen schönen Tag noch!"
  static let commentaryWrapup = "Schließt mit einer offenen Tür ab."
  static let resolved = "Nein, das war's. Tschüss!"
  static let empathyName = "Nimmt die Sorge des Kunden ernst"
  static let empathyTip = "Sprechen Sie das Gefühl an, bevor Sie die Sache klären: „Es tut mir leid, dass Ihre Bestellung noch nicht da ist.“"
  static let empathyMet = "Es tut mir leid, dass Ihre Bestellung noch nicht da ist."
  static let empathyNotMet = "Wie lautet Ihre Bestellnummer?"
  static let solveName = "Prüft die Bestellung und sagt, was sie ergibt"
  static let solveTip = "Sagen Sie, was Sie geprüft haben und was es ergibt: Versanddatum und Liefertag."
  static let solveAny = "\"Bestellung geprüft\", \"Bestellung 1001\""
  static let solveAll = "\"kommt an|Lieferung|versandt|zugestellt\""
  static let solveMet = "Ich habe die Bestellung 1001 geprüft: Sie wurde am Montag versandt und kommt am Donnerstag an."
  static let solveNotMet = "Bitte warten Sie noch etwas."
  static let closingName = "Schließt mit einer offenen Tür ab"
  static let closingTip = "Fragen Sie vor dem Abschied, ob es noch etwas gibt."
  static let rationale = "Das kann die Trainee allein beantworten; eine Übergabe ließe die Kundin nur warten."
  static let askedOrder = "\"Bestellnummer\", \"welche Bestellung\""
  static let saysOrder = "Das ist die Bestellung 1001."
  static let orgL2 = "Second Level: komplexe Bestellungen, Erstattungen über Ihrem Limit"
  static let orgLead = "Ihre Teamleitung: Beschwerden und Ausnahmen von Richtlinien"
  static let orgShipping = "Versandteam: verlorene Pakete und Reklamationen beim Paketdienst"
  static let empathyPrompt = "Verstehen Sie, dass ich sie wirklich bis Freitag brauche?"
  static let solvePrompt = "Und wo ist meine Bestellung jetzt?"
  static let closingPrompt = "War es das dann?"
}

// MARK: - From an imported transcript

extension ScenarioSkeleton {
  /// A skeleton whose conversation is a past one (`dojo scenarios from-transcript`): the
  /// customer's real lines (consecutive ones joined) as the nodes in order, the agent's real
  /// reply after each as its model answer, internal notes as facts of the node they follow, and
  /// the placeholder persona, organisation and rubric of `text(id:…)` to fill in. Every node has
  /// `mood: upset` (real customers may be angry; lint forbids anger at a neutral node) and goes
  /// on to the next; the last ends `resolved`. Lints clean as written. Pure.
  public static func text(id: String, role: Role, transcript: AnnotatedTranscript) -> String {
    let language = transcript.language
    let channel = transcript.channel ?? .email
    let t = language == .de ? German.self as Texts.Type : English.self as Texts.Type
    // Customer lines joined per node; the agent's replies and notes after them.
    var steps: [(customer: [String], agent: [String], notes: [String])] = []
    for turn in transcript.turns {
      switch turn.speaker {
      case "customer":
        if steps.isEmpty || !(steps[steps.count - 1].agent.isEmpty && steps[steps.count - 1].notes.isEmpty) {
          steps.append(([turn.text], [], []))
        } else {
          steps[steps.count - 1].customer.append(turn.text)
        }
      case "agent":
        if steps.isEmpty { steps.append(([], [], [])) }
        steps[steps.count - 1].agent.append(turn.text)
      default:
        if steps.isEmpty { steps.append(([], [], [])) }
        steps[steps.count - 1].notes.append(turn.text)
      }
    }
    steps.removeAll { $0.customer.isEmpty }
    if steps.isEmpty { steps = [([t.chatOpening], [t.modelOpening], [])] }
    let names = steps.indices.map { $0 == 0 ? "opening" : "turn_\($0 + 1)" }
    let last = names.count - 1
    var nodes: [String] = []
    for (index, step) in steps.enumerated() {
      var lines = ["  \(names[index]):"]
      lines.append("    customer: \(TranscriptWriter.scalar(step.customer.joined(separator: "\n\n"), indent: 6))")
      lines.append("    mood: upset")
      if !step.notes.isEmpty || !step.agent.isEmpty {
        lines.append("    facts:")
        for (n, note) in step.notes.enumerated() {
          lines.append("      note_\(n + 1): \(TranscriptWriter.scalar(note, indent: 8))")
        }
        if !step.agent.isEmpty {
          // The amounts, dates and numbers of the real reply must be visible to the trainee
          // (DJ114); until the author writes the record they came from, the reply stands in.
          lines.append("      # Replace with the record the agent looked up (order, account, log).")
          lines.append("      looked_up: \(TranscriptWriter.scalar(step.agent.joined(separator: "\n\n"), indent: 8))")
        }
      }
      var expects: [String] = []
      if index == 0 { expects += ["empathy", "solve"] }
      if index == last { expects.append("closing") }
      lines.append("    expects: [\(expects.joined(separator: ", "))]")
      let model = step.agent.isEmpty ? (index == last ? t.modelWrapup : t.modelOpening) : step.agent.joined(separator: "\n\n")
      lines.append("    model: \(TranscriptWriter.scalar(model, indent: 6))")
      lines.append("    commentary: \(TranscriptWriter.quoted(index == 0 ? t.commentaryOpening : t.commentaryWrapup))")
      lines.append("    branches:")
      if index == 0 { lines.append("      - when: { misses: 2 }\n        goto: gave_up") }
      lines.append("      - goto: \(index == last ? "resolved" : names[index + 1])")
      nodes.append(lines.joined(separator: "\n"))
    }
    let skeleton = text(id: id, role: role, channel: channel, language: language)
    // The skeleton's frame, with its conversation graph and opening scope replaced.
    guard let graphStart = skeleton.range(of: "# The node the conversation starts at."),
      let graphEnd = skeleton.range(of: "# What is scored.")
    else { return skeleton }
    let graph = """
      # The node the conversation starts at.
      start: opening
      # The conversation graph, one node per customer turn of \(transcript.source ?? transcript.id): the customer's
      # real words, the agent's real reply as the model answer (improve it), internal notes as
      # facts. Add what the trainee can look up, the criteria expected, and branches for
      # what a trainee might do instead (docs/scenario-format.md).
      nodes:
      \(nodes.joined(separator: "\n"))
        resolved:
          customer: "\(t.resolved)"
          end: resolved
        gave_up:
          customer: "\(t.giveUp)"
          end: gave-up


      """
    var result = skeleton.replacingCharacters(in: graphStart.lowerBound..<graphEnd.lowerBound, with: graph)
    result = result.replacingOccurrences(of: "scope: [wrapup]", with: "scope: [\(names[last])]")
    result = result.replacingOccurrences(
      of: "# \(id): made by `dojo scenarios new`.", with: "# \(id): made by `dojo scenarios from-transcript` from \(transcript.id).")
    return result
  }
}
