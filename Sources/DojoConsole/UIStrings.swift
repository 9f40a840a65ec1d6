import DojoCore
import Foundation

/// The keys of every string a trainee or lead reads in the console.
public enum UIText: String, CaseIterable, Sendable {
  // Scorecard
  case scorecard, version, score, passed, notPassed, passMark, criticalMissed, autoFail, withoutIt
  case critical, bonus, expected, actual, turn, avoid, weakens, tip, modelAnswer, turns, ending, mood
  case handleTime, hints, you
  // Endings and moods
  case endingResolved, endingEscalated, endingTransferred, endingGaveUp, endingEndedByAgent
  case moodGaveUp, moodAngry, moodUpset, moodNeutral, moodSatisfied, moodDelighted
  // Channels
  case channelPhone, channelChat, channelEmail
  // Session flow
  case whoIsTraining, pickRole, pickScenario, bestSoFar, notPlayedYet, invalidChoice
  case briefing, customerLabel, startHint, modePractice, modeAssessment
  case promptChat, promptPhone, promptEmail, emailComposeHint, emailFrom, emailSubject, phoneCall
  case statusLine
  case helpTitle, helpHelp, helpFacts, helpHint, helpEscalate, helpTransfer, helpNote, helpEnd, helpQuit
  case noFactsYet, factsTitle, hintTitle, hintNotInAssessment, noHintLeft
  case askTier, askTeam, askHandoffNote, unknownTier, unknownTeam
  case noteSaved, noteEmpty, unknownCommand, didYouMean
  case confirmQuit, quitAbandoned, endConfirmed
  case afterCallWork, promptAfterCall, handedOverAfterCall, alreadyHandedOver, hintWrapUp, tiersTitle, teamsTitle, organisationLabel, wrapUpNotice, handedOverGoesOn, notResolvedBecause, reasonLabel
  case afterScore, resumeFound, resumed, nothingToResume, sessionStored, coachEvidence, coachForbidden
  case resumeOnStartedVersion, resumeOnNewVersion
  case conversationOver, unsentKept, unsentShown, sessionTakenBack, storeWaiting, storeUnreachable, storeDone
  case walkthrough, colleague, pressEnter
  case agent, critiqueHelp, critiquePrompt, critiqueBadMark, critiqueUnknownPoint, expertAnnotation, critiqueNotAnnotated, internalNote
  // Escalation verdicts and hand-offs on the scorecard (JSON keeps the raw values)
  case verdictCorrect, verdictPremature, verdictLate, verdictMissed, verdictUnnecessary, verdictWrongTarget
  case verdictIncompleteHandoff, verdictNotExpected
  case handoffResolve, handoffNone, handoffEscalate, handoffTransfer, notApplicable
  // The console's screen (issue 17)
  case helpBrief, promptEmailMore, commandInDraft, commandAfterDraft, commandList, escalateUsage, transferUsage, sessionKept
  // dojo progress (issue 17)
  case progressNone, progressScenario, progressRole, progressAttempts, progressPassed, progressBest, progressLatest
  case progressHints, progressTrend, progressTotals, traineeRoleTrainee, traineeRoleLead
}

/// Every string a trainee or lead reads in the console, one table per language.
/// Placeholders are `{1}`, `{2}`, … and are filled by `format`.
public struct UIStrings: Sendable {
  public let language: Language
  let table: [UIText: String]

  public subscript(_ key: UIText) -> String { table[key] ?? key.rawValue }

  public func format(_ key: UIText, _ arguments: String...) -> String {
    var text = self[key]
    for (index, argument) in arguments.enumerated() {
      text = text.replacingOccurrences(of: "{\(index + 1)}", with: argument)
    }
    return text
  }

  public func endingName(_ ending: Ending?) -> String {
    switch ending {
    case .resolved?: self[.endingResolved]
    case .escalated?: self[.endingEscalated]
    case .transferred?: self[.endingTransferred]
    case .gaveUp?: self[.endingGaveUp]
    case .endedByAgent?: self[.endingEndedByAgent]
    case nil: "—"
    }
  }

  public func moodName(_ mood: Mood) -> String {
    switch mood {
    case .gaveUp: self[.moodGaveUp]
    case .angry: self[.moodAngry]
    case .upset: self[.moodUpset]
    case .neutral: self[.moodNeutral]
    case .satisfied: self[.moodSatisfied]
    case .delighted: self[.moodDelighted]
    }
  }

  public func channelName(_ channel: Channel) -> String {
    switch channel {
    case .phone: self[.channelPhone]
    case .chat: self[.channelChat]
    case .email: self[.channelEmail]
    }
  }

  /// An escalation verdict as words of this language ("wrong target", "falsches Ziel").
  public func verdictName(_ verdict: EscalationVerdict) -> String {
    switch verdict {
    case .correct: self[.verdictCorrect]
    case .premature: self[.verdictPremature]
    case .late: self[.verdictLate]
    case .missed: self[.verdictMissed]
    case .unnecessary: self[.verdictUnnecessary]
    case .wrongTarget: self[.verdictWrongTarget]
    case .incompleteHandoff: self[.verdictIncompleteHandoff]
    case .notExpected: self[.verdictNotExpected]
    }
  }

  /// A hand-off as the scorer records it (`resolve`, `none`, `escalate:l2-specialist`) in words
  /// of this language; anything else unchanged.
  public func handoffName(_ recorded: String) -> String {
    let parts = recorded.split(separator: ":", maxSplits: 1).map(String.init)
    switch (parts.first, parts.count) {
    case ("resolve"?, 1): return self[.handoffResolve]
    case ("none"?, 1): return self[.handoffNone]
    case ("escalate"?, 2): return format(.handoffEscalate, parts[1])
    case ("transfer"?, 2): return format(.handoffTransfer, parts[1])
    default: return recorded
    }
  }

  /// A number as this language writes it, one way everywhere: 84.6 and 85 in English, 84,6 in
  /// German. Whole numbers have no decimals; others one.
  public func number(_ value: Double) -> String {
    let text = ScorecardView.number(value)
    return language == .de ? text.replacingOccurrences(of: ".", with: ",") : text
  }

  public static let en = UIStrings(language: .en, table: UIStringTables.english)
  public static let de = UIStrings(language: .de, table: UIStringTables.german)

  public static func forLanguage(_ language: Language) -> UIStrings {
    switch language {
    case .en: en
    case .de: de
    }
  }

  /// The UI language: an explicit choice, else `LC_ALL`, `LC_MESSAGES` or `LANG` when they name
  /// German or English, else `fallback` (usually the scenario's language).
  public static func resolve(
    explicit: Language?, fallback: Language = .en,
    environment: [String: String] = ProcessInfo.processInfo.environment
  ) -> UIStrings {
    forLanguage(explicit ?? environmentLanguage(environment) ?? fallback)
  }

  /// The language `LC_ALL`, `LC_MESSAGES` or `LANG` names (the first one set), when it is
  /// German or English.
  public static func environmentLanguage(
    _ environment: [String: String] = ProcessInfo.processInfo.environment
  ) -> Language? {
    for key in ["LC_ALL", "LC_MESSAGES", "LANG"] {
      guard let value = environment[key]?.lowercased(), !value.isEmpty else { continue }
      if value.hasPrefix("de") { return .de }
      if value.hasPrefix("en") { return .en }
      return nil
    }
    return nil
  }
}

/// The string tables. Every key must exist in both; a test checks it.
enum UIStringTables {
  static let english: [UIText: String] = [
    .scorecard: "Scorecard", .version: "version", .score: "Score", .passed: "PASSED", .notPassed: "NOT PASSED",
    .passMark: "pass mark", .criticalMissed: "Critical point missed", .autoFail: "the attempt fails",
    .withoutIt: "score without it:", .critical: "critical", .bonus: "bonus", .expected: "expected",
    .actual: "you did", .turn: "turn", .avoid: "avoid this", .weakens: "only halfway", .tip: "Tip", .modelAnswer: "Model answer",
    .turns: "Turns", .ending: "Ending", .mood: "Customer mood", .handleTime: "Handle time", .hints: "Hints",
    .you: "You",
    .endingResolved: "resolved", .endingEscalated: "escalated", .endingTransferred: "transferred",
    .endingGaveUp: "customer gave up", .endingEndedByAgent: "ended by you",
    .moodGaveUp: "gave up", .moodAngry: "angry", .moodUpset: "upset", .moodNeutral: "neutral",
    .moodSatisfied: "satisfied", .moodDelighted: "delighted",
    .channelPhone: "phone", .channelChat: "chat", .channelEmail: "e-mail",
    .whoIsTraining: "Who is training? [{1}] ", .pickRole: "Pick a role:", .pickScenario: "Pick a scenario:",
    .bestSoFar: "best {1}", .notPlayedYet: "new", .invalidChoice: "Please enter a number from the list.",
    .briefing: "Briefing", .customerLabel: "Customer", .startHint: "Type your reply; /help lists the commands.",
    .modePractice: "practice", .modeAssessment: "assessment",
    .promptChat: "you> ", .promptPhone: "[{1}] you> ", .promptEmail: "reply> ",
    .emailComposeHint: "Write your e-mail; end it with a line containing only a dot (.)",
    .emailFrom: "From", .emailSubject: "Subject", .phoneCall: "Call with {1}",
    .statusLine: "{1} · {2} · mood: {3}",
    .helpTitle: "Commands:", .helpHelp: "/help               this list",
    .helpFacts: "/facts              what the CRM, order history or logs show now",
    .helpHint: "/hint               a hint (practice mode; counted in your result)",
    .helpEscalate: "/escalate TIER      hand the case to another tier (asks for the hand-off note)",
    .helpTransfer: "/transfer TEAM      transfer to another department (asks for a note)",
    .helpNote: "/note TEXT          internal note, not seen by the customer",
    .helpEnd: "/end                end the conversation", .helpQuit: "/quit               abandon this attempt",
    .noFactsYet: "Nothing to look up yet.", .factsTitle: "What your systems show:", .hintTitle: "Hint",
    .hintNotInAssessment: "Hints are off in assessment mode.",
    .noHintLeft: "You have covered what is expected here; move the conversation on.",
    .askTier: "Escalate to which tier? ", .askTeam: "Transfer to which team? ",
    .askHandoffNote: "Hand-off note (what you checked, customer impact, identifiers): ",
    .unknownTier: "Unknown tier '{1}'. Tiers: {2}", .unknownTeam: "Unknown team '{1}'. Teams: {2}",
    .noteSaved: "(note saved)", .noteEmpty: "Usage: /note TEXT",
    .unknownCommand: "Unknown command '{1}'.", .didYouMean: "Did you mean {1}?",
    .confirmQuit: "Abandon this attempt? It is kept as abandoned and not scored. [y/N] ",
    .quitAbandoned: "Attempt abandoned.", .endConfirmed: "You ended the conversation.",
    .alreadyHandedOver: "The case is already handed over. Tell the customer what happens next, or /end.",
    .hintWrapUp: "The case is handed over: tell the customer who takes over, what they will do and when the customer hears back.",
    .tiersTitle: "Tiers you can escalate to:", .teamsTitle: "Teams you can transfer to:",
    .organisationLabel: "Who's who", .wrapUpNotice: "(handed over — one more reply to the customer, then the conversation ends)",
    .handedOverGoesOn: "(handed over to {1} — the conversation goes on)",
    .afterCallWork: "(The customer has closed the conversation. After-contact work: to hand the case on, type /escalate or /transfer TARGET: note now; Enter finishes.)",
    .promptAfterCall: "after-contact work> ", .handedOverAfterCall: "(handed over to {1} after the conversation)",
    .notResolvedBecause: "Not closed as resolved; still missing: {1}", .reasonLabel: "why",
    .afterScore: "[r] retry · [n] next scenario · [q] quit: ",
    .resumeFound: "Resuming session {1} ({2}, started {3}).", .resumed: "— resumed —",
    .nothingToResume: "No interrupted session to resume.", .sessionStored: "Stored as session {1}.",
    .resumeOnStartedVersion: "The scenario file has changed since this session started; it continues, and is scored, on version {1}, the one it started on.",
    .resumeOnNewVersion: "Version {1} this session started on was not stored; it continues, and is scored, on the library's version {2} (recorded on the session).",
    .coachEvidence: "  ✓ {1}: “{2}”", .coachForbidden: "  ✗ {1}: “{2}” — avoid this",
    .conversationOver: "The conversation is over.",
    .unsentKept: "Input ended before your text was sent: it was NOT sent. It is kept as a note of session {1}; `dojo practice --resume {1}` continues.",
    .unsentShown: "Your unsent draft from before:",
    .sessionTakenBack: "(Another console took this session for interrupted while the store was busy; it is yours again.)",
    .storeWaiting: "Waiting for the session store: another program is writing ({1} s). Nothing you typed is lost.",
    .storeUnreachable: "The team server cannot be reached ({1} s); trying again. Nothing you typed is lost.",
    .storeDone: "The store is free again after {1} s; continuing.",
    .walkthrough: "walk-through", .colleague: "Colleague", .pressEnter: "Enter: next turn · q: stop ",
    .agent: "Agent", .critiqueHelp: "After each agent turn: +POINT if it was good, -POINT if it went wrong, Enter to go on. Points: {1}",
    .critiquePrompt: "mark> ", .critiqueBadMark: "'{1}': start a mark with + (good) or - (wrong).",
    .critiqueUnknownPoint: "Unknown point '{1}'. Did you mean {2}?", .expertAnnotation: "Expert annotation",
    .critiqueNotAnnotated: "the expert did not mark this", .internalNote: "internal note",
    .verdictCorrect: "correct", .verdictPremature: "premature", .verdictLate: "late", .verdictMissed: "missed",
    .verdictUnnecessary: "unnecessary", .verdictWrongTarget: "wrong target",
    .verdictIncompleteHandoff: "incomplete hand-off", .verdictNotExpected: "no hand-off expected",
    .handoffResolve: "resolve", .handoffNone: "none", .handoffEscalate: "escalate to {1}",
    .handoffTransfer: "transfer to {1}", .notApplicable: "N/A",
    .helpBrief: "/brief              the briefing and who's who again",
    .promptEmailMore: "     … ",
    .commandInDraft: "({1} ran as a command and is not part of your e-mail; go on writing, a line with only a dot sends it.)",
    .commandAfterDraft: "({1} is not part of your e-mail and did not run: send the e-mail first with a line containing only a dot (.), then type {1}.)",
    .commandList: "Commands: {1}",
    .escalateUsage: "Use /escalate TIER: note (the tier and the hand-off note on one line).",
    .transferUsage: "Use /transfer TEAM: note (the team and the note on one line).",
    .sessionKept: "Session {1} is kept; `dojo practice --resume` continues it.",
    .progressNone: "No attempts yet.", .progressScenario: "SCENARIO", .progressRole: "ROLE",
    .progressAttempts: "ATTEMPTS", .progressPassed: "PASSED", .progressBest: "BEST", .progressLatest: "LATEST",
    .progressHints: "HINTS", .progressTrend: "Trend per role",
    .progressTotals: "{1} trainee(s) · {2} finished attempt(s) · {3} passed · mean {4} · hints {5}",
    .traineeRoleTrainee: "trainee", .traineeRoleLead: "lead",
  ]

  static let german: [UIText: String] = [
    .scorecard: "Auswertung", .version: "Version", .score: "Punkte", .passed: "BESTANDEN",
    .notPassed: "NICHT BESTANDEN", .passMark: "Bestehensgrenze", .criticalMissed: "Kritischen Punkt verfehlt",
    .autoFail: "der Versuch gilt als nicht bestanden", .withoutIt: "Punkte ohne ihn:", .critical: "kritisch",
    .bonus: "Bonus", .expected: "erwartet", .actual: "Ihre Aktion", .turn: "Zug", .avoid: "vermeiden", .weakens: "nur zum Teil",
    .tip: "Tipp", .modelAnswer: "Musterantwort", .turns: "Züge", .ending: "Ende", .mood: "Stimmung",
    .handleTime: "Bearbeitungszeit", .hints: "Hinweise", .you: "Sie",
    .endingResolved: "gelöst", .endingEscalated: "eskaliert", .endingTransferred: "weitergeleitet",
    .endingGaveUp: "Kunde hat aufgegeben", .endingEndedByAgent: "von Ihnen beendet",
    .moodGaveUp: "aufgegeben", .moodAngry: "wütend", .moodUpset: "verärgert", .moodNeutral: "neutral",
    .moodSatisfied: "zufrieden", .moodDelighted: "begeistert",
    .channelPhone: "Telefon", .channelChat: "Chat", .channelEmail: "E-Mail",
    .whoIsTraining: "Wer trainiert? [{1}] ", .pickRole: "Rolle wählen:", .pickScenario: "Szenario wählen:",
    .bestSoFar: "bestes {1}", .notPlayedYet: "neu", .invalidChoice: "Bitte eine Nummer aus der Liste eingeben.",
    .briefing: "Briefing", .customerLabel: "Kunde", .startHint: "Antwort eingeben; /help zeigt die Befehle.",
    .modePractice: "Übung", .modeAssessment: "Prüfung",
    .promptChat: "Sie> ", .promptPhone: "[{1}] Sie> ", .promptEmail: "Antwort> ",
    .emailComposeHint: "E-Mail schreiben; mit einer Zeile, die nur einen Punkt (.) enthält, abschließen",
    .emailFrom: "Von", .emailSubject: "Betreff", .phoneCall: "Anruf mit {1}",
    .statusLine: "{1} · {2} · Stimmung: {3}",
    .helpTitle: "Befehle:", .helpHelp: "/help               diese Liste",
    .helpFacts: "/facts              was CRM, Bestellhistorie oder Logs gerade zeigen",
    .helpHint: "/hint               ein Hinweis (nur im Übungsmodus; wird gezählt)",
    .helpEscalate: "/escalate STUFE     an eine andere Supportstufe eskalieren (fragt nach der Übergabenotiz)",
    .helpTransfer: "/transfer TEAM      an eine andere Abteilung weiterleiten (fragt nach einer Notiz)",
    .helpNote: "/note TEXT          interne Notiz, für den Kunden unsichtbar",
    .helpEnd: "/end                Gespräch beenden", .helpQuit: "/quit               Versuch abbrechen",
    .noFactsYet: "Noch nichts nachzuschlagen.", .factsTitle: "Das zeigen Ihre Systeme:", .hintTitle: "Hinweis",
    .hintNotInAssessment: "Im Prüfungsmodus gibt es keine Hinweise.",
    .noHintLeft: "Sie haben hier alles Erwartete abgedeckt; führen Sie das Gespräch weiter.",
    .askTier: "An welche Stufe eskalieren? ", .askTeam: "An welches Team weiterleiten? ",
    .askHandoffNote: "Übergabenotiz (was geprüft wurde, Auswirkung für den Kunden, Kennungen): ",
    .unknownTier: "Unbekannte Stufe '{1}'. Stufen: {2}", .unknownTeam: "Unbekanntes Team '{1}'. Teams: {2}",
    .noteSaved: "(Notiz gespeichert)", .noteEmpty: "Verwendung: /note TEXT",
    .unknownCommand: "Unbekannter Befehl '{1}'.", .didYouMean: "Meinten Sie {1}?",
    .confirmQuit: "Versuch abbrechen? Er wird als abgebrochen gespeichert und nicht bewertet. [j/N] ",
    .quitAbandoned: "Versuch abgebrochen.", .endConfirmed: "Sie haben das Gespräch beendet.",
    .alreadyHandedOver: "Der Fall ist schon übergeben. Sagen Sie dem Kunden, wie es weitergeht, oder /end.",
    .hintWrapUp: "Der Fall ist übergeben: Sagen Sie dem Kunden, wer übernimmt, was geschieht und wann er Rückmeldung bekommt.",
    .tiersTitle: "Stufen, an die Sie eskalieren können:", .teamsTitle: "Teams, an die Sie weiterleiten können:",
    .organisationLabel: "Wer macht was", .wrapUpNotice: "(übergeben — noch eine Antwort an den Kunden, dann endet das Gespräch)",
    .handedOverGoesOn: "(an {1} übergeben — das Gespräch geht weiter)",
    .afterCallWork: "(Der Kunde hat das Gespräch beendet. Nachbearbeitung: Um den Fall weiterzugeben, jetzt /escalate oder /transfer ZIEL: Notiz tippen; Enter beendet.)",
    .promptAfterCall: "Nachbearbeitung> ", .handedOverAfterCall: "(nach dem Gespräch an {1} übergeben)",
    .notResolvedBecause: "Nicht als gelöst abgeschlossen; es fehlt noch: {1}", .reasonLabel: "warum",
    .afterScore: "[r] wiederholen · [n] nächstes Szenario · [q] beenden: ",
    .resumeFound: "Setze Sitzung {1} fort ({2}, begonnen {3}).", .resumed: "— fortgesetzt —",
    .nothingToResume: "Keine unterbrochene Sitzung zum Fortsetzen.", .sessionStored: "Gespeichert als Sitzung {1}.",
    .resumeOnStartedVersion: "Die Szenariodatei hat sich seit Beginn dieser Sitzung geändert; sie wird mit Version {1} fortgesetzt und bewertet, mit der sie begonnen hat.",
    .resumeOnNewVersion: "Version {1}, mit der diese Sitzung begann, ist nicht gespeichert; sie wird mit Version {2} der Bibliothek fortgesetzt und bewertet (in der Sitzung vermerkt).",
    .coachEvidence: "  ✓ {1}: „{2}“", .coachForbidden: "  ✗ {1}: „{2}“ – vermeiden",
    .conversationOver: "Das Gespräch ist beendet.",
    .unsentKept: "Die Eingabe endete, bevor Ihr Text gesendet wurde: Er wurde NICHT gesendet. Er ist als Notiz der Sitzung {1} gespeichert; `dojo practice --resume {1}` setzt fort.",
    .unsentShown: "Ihr nicht gesendeter Entwurf von vorhin:",
    .sessionTakenBack: "(Eine andere Konsole hielt diese Sitzung für unterbrochen, während der Speicher belegt war; sie gehört wieder Ihnen.)",
    .storeWaiting: "Warte auf den Sitzungsspeicher: Ein anderes Programm schreibt gerade ({1} s). Nichts von Ihrer Eingabe geht verloren.",
    .storeUnreachable: "Der Team-Server ist nicht erreichbar ({1} s); neuer Versuch läuft. Nichts von Ihrer Eingabe geht verloren.",
    .storeDone: "Der Speicher ist nach {1} s wieder frei; es geht weiter.",
    .walkthrough: "Über die Schulter geschaut", .colleague: "Kollegin", .pressEnter: "Enter: nächster Zug · q: beenden ",
    .agent: "Agent", .critiqueHelp: "Nach jedem Agenten-Zug: +PUNKT, wenn er gut war, -PUNKT, wenn etwas schiefging, Enter für weiter. Punkte: {1}",
    .critiquePrompt: "Markierung> ", .critiqueBadMark: "'{1}': Markierungen beginnen mit + (gut) oder - (falsch).",
    .critiqueUnknownPoint: "Unbekannter Punkt '{1}'. Meinten Sie {2}?", .expertAnnotation: "Expertenbewertung",
    .critiqueNotAnnotated: "hat die Expertin nicht markiert", .internalNote: "interne Notiz",
    .verdictCorrect: "richtig", .verdictPremature: "zu früh", .verdictLate: "zu spät", .verdictMissed: "verpasst",
    .verdictUnnecessary: "unnötig", .verdictWrongTarget: "falsches Ziel",
    .verdictIncompleteHandoff: "unvollständige Übergabe", .verdictNotExpected: "keine Übergabe erwartet",
    .handoffResolve: "selbst lösen", .handoffNone: "keine", .handoffEscalate: "Eskalation an {1}",
    .handoffTransfer: "Weiterleitung an {1}", .notApplicable: "entfällt",
    .helpBrief: "/brief              Briefing und „Wer macht was“ noch einmal",
    .promptEmailMore: "       … ",
    .commandInDraft: "({1} wurde als Befehl ausgeführt und gehört nicht zu Ihrer E-Mail; schreiben Sie weiter, eine Zeile nur mit einem Punkt sendet sie.)",
    .commandAfterDraft: "({1} gehört nicht zu Ihrer E-Mail und wurde nicht ausgeführt: Senden Sie die E-Mail zuerst mit einer Zeile, die nur einen Punkt (.) enthält, dann {1} eingeben.)",
    .commandList: "Befehle: {1}",
    .escalateUsage: "Verwenden Sie /escalate STUFE: Notiz (Stufe und Übergabenotiz in einer Zeile).",
    .transferUsage: "Verwenden Sie /transfer TEAM: Notiz (Team und Notiz in einer Zeile).",
    .sessionKept: "Sitzung {1} bleibt gespeichert; `dojo practice --resume` setzt sie fort.",
    .progressNone: "Noch keine Versuche.", .progressScenario: "SZENARIO", .progressRole: "ROLLE",
    .progressAttempts: "VERSUCHE", .progressPassed: "BESTANDEN", .progressBest: "BESTE", .progressLatest: "LETZTE",
    .progressHints: "HINWEISE", .progressTrend: "Verlauf je Rolle",
    .progressTotals: "{1} Trainee(s) · {2} abgeschlossene(r) Versuch(e) · {3} bestanden · Mittel {4} · Hinweise {5}",
    .traineeRoleTrainee: "Trainee", .traineeRoleLead: "Teamleitung",
  ]
}
