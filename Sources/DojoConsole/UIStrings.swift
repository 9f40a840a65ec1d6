import DojoCore
import Foundation

/// Every string a trainee or lead reads in the console, one table per language.
public struct UIStrings: Sendable {
  public var language: Language
  // Scorecard
  public var scorecard: String
  public var version: String
  public var score: String
  public var passed: String
  public var notPassed: String
  public var passMark: String
  public var criticalMissed: String
  public var autoFail: String
  public var withoutIt: String
  public var critical: String
  public var bonus: String
  public var expected: String
  public var actual: String
  public var turn: String
  public var avoid: String
  public var tip: String
  public var modelAnswer: String
  public var turns: String
  public var ending: String
  public var mood: String
  public var handleTime: String
  public var hints: String
  public var you: String
  var endings: [Ending: String]
  var moods: [Mood: String]

  public func endingName(_ ending: Ending?) -> String {
    ending.map { endings[$0] ?? $0.rawValue } ?? "—"
  }

  public func moodName(_ mood: Mood) -> String { moods[mood] ?? mood.name }

  public static let en = UIStrings(
    language: .en, scorecard: "Scorecard", version: "version", score: "Score", passed: "PASSED",
    notPassed: "NOT PASSED", passMark: "pass mark", criticalMissed: "Critical point missed",
    autoFail: "the attempt fails", withoutIt: "score without it:", critical: "critical", bonus: "bonus",
    expected: "expected", actual: "you did", turn: "turn", avoid: "avoid this", tip: "Tip",
    modelAnswer: "Model answer", turns: "Turns", ending: "Ending", mood: "Customer mood",
    handleTime: "Handle time", hints: "Hints", you: "You",
    endings: [.resolved: "resolved", .escalated: "escalated", .transferred: "transferred",
              .gaveUp: "customer gave up", .endedByAgent: "ended by you"],
    moods: [.gaveUp: "gave up", .angry: "angry", .upset: "upset", .neutral: "neutral",
            .satisfied: "satisfied", .delighted: "delighted"])

  public static let de = UIStrings(
    language: .de, scorecard: "Auswertung", version: "Version", score: "Punkte", passed: "BESTANDEN",
    notPassed: "NICHT BESTANDEN", passMark: "Bestehensgrenze", criticalMissed: "Kritischen Punkt verfehlt",
    autoFail: "der Versuch gilt als nicht bestanden", withoutIt: "Punkte ohne ihn:", critical: "kritisch",
    bonus: "Bonus", expected: "erwartet", actual: "Ihre Aktion", turn: "Zug", avoid: "vermeiden",
    tip: "Tipp", modelAnswer: "Musterantwort", turns: "Züge", ending: "Ende", mood: "Stimmung",
    handleTime: "Bearbeitungszeit", hints: "Hinweise", you: "Sie",
    endings: [.resolved: "gelöst", .escalated: "eskaliert", .transferred: "weitergeleitet",
              .gaveUp: "Kunde hat aufgegeben", .endedByAgent: "von Ihnen beendet"],
    moods: [.gaveUp: "aufgegeben", .angry: "wütend", .upset: "verärgert", .neutral: "neutral",
            .satisfied: "zufrieden", .delighted: "begeistert"])

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
    if let explicit { return forLanguage(explicit) }
    for key in ["LC_ALL", "LC_MESSAGES", "LANG"] {
      guard let value = environment[key]?.lowercased(), !value.isEmpty else { continue }
      if value.hasPrefix("de") { return .de }
      if value.hasPrefix("en") { return .en }
      break
    }
    return forLanguage(fallback)
  }
}
