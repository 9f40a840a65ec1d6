internal import Foundation

/// The sentences that explain an escalation verdict. The scorer stores them in the scenario's
/// language (`ScoreResult` keeps that text as it is); a scorecard renders them again in the UI
/// language with `ScoreResult.escalationExplanation(in:scenario:)` and its siblings.
enum VerdictTexts {
  enum Key {
    case nameResolve, nameEscalate, nameTransfer
    case missed, resolvedYourself, keptWhenCustomerLeft, keptWithAlongside, leftUnresolved, unnecessary, wrongTarget, premature, late, slightlyLate, incomplete, correct
    case reasonNotShown, reasonMovedOn, reasonPartly, reasonForbidden, reasonWeakened, reasonNotReached
  }

  /// The text for `key`, with `{1}`, `{2}`, … replaced by `arguments`.
  static func text(_ key: Key, _ language: Language, _ arguments: String...) -> String {
    var text = (language == .de ? german : english)[key] ?? ""
    for (index, argument) in arguments.enumerated() {
      text = replacing("{\(index + 1)}", with: argument, in: text)
    }
    return text
  }

  /// `text` with every occurrence of `placeholder` replaced by `replacement`, left to right.
  /// (Foundation's `replacingOccurrences` does the same for these ASCII placeholders, but
  /// bridging to NSString made it a twentieth of the time spent scoring a transcript.)
  static func replacing(_ placeholder: String, with replacement: String, in text: String) -> String {
    let source = Array(text.utf8), target = Array(placeholder.utf8)
    guard !target.isEmpty, source.count >= target.count else { return text }
    var result: [UInt8] = []
    result.reserveCapacity(source.count + replacement.utf8.count)
    var index = 0, replaced = false
    while index < source.count {
      if source[index] == target[0], index + target.count <= source.count, source[index..<(index + target.count)].elementsEqual(target) {
        result.append(contentsOf: replacement.utf8)
        index += target.count
        replaced = true
      } else {
        result.append(source[index])
        index += 1
      }
    }
    return replaced ? String(decoding: result, as: UTF8.self) : text
  }

  /// The sentence that explains `result`'s verdict: the one place that picks it, used by the
  /// scorer and by scorecards in another UI language.
  static func explanation(
    of result: EscalationResult, expectation: EscalationExpectation, ending: Ending?, language: Language
  ) -> String {
    let expectedTarget = expectation.target ?? "?"
    let target = result.actual.split(separator: ":", maxSplits: 1).dropFirst().first.map(String.init) ?? ""
    let turn = String(result.turn ?? 0)
    switch result.verdict {
    case .missed: return text(.missed, language, expectedTarget, expectation.expect.rawValue)
    case .notExpected:
      // A hand-off alongside keeping the case (`alongside` in the scenario) names its target.
      if !target.isEmpty && ending != nil { return text(.keptWithAlongside, language, target) }
      switch ending {
      case .resolved?: return text(.resolvedYourself, language)
      case .gaveUp?, .endedByAgent?: return text(.keptWhenCustomerLeft, language)
      default: return text(.leftUnresolved, language)
      }
    case .unnecessary: return text(.unnecessary, language, target, turn)
    case .wrongTarget: return text(.wrongTarget, language, target, expectedTarget)
    case .premature: return text(.premature, language, turn, String(expectation.window?.lowerBound ?? 0))
    case .late:
      let last = expectation.window?.upperBound ?? 0
      let key: Key = (result.turn ?? 0) <= last + Scorer.lateGrace ? .slightlyLate : .late
      return text(key, language, turn, String(last), target)
    case .incompleteHandoff:
      let names = result.handoffMissing.compactMap { id in expectation.handoff.first { $0.id == id }?.name }
      return text(.incomplete, language, names.joined(separator: "; "))
    case .correct: return text(.correct, language, target)
    }
  }

  /// `reason` (a criterion's "why", in either language) in `language`; unknown text unchanged.
  static func reason(_ reason: String, in language: Language) -> String {
    let keys: [Key] = [.reasonNotShown, .reasonMovedOn, .reasonPartly, .reasonForbidden, .reasonWeakened, .reasonNotReached]
    guard let key = keys.first(where: { english[$0] == reason || german[$0] == reason }) else { return reason }
    return text(key, language)
  }

  private static let english: [Key: String] = [
    .nameResolve: "Resolves the case without a needless hand-off",
    .nameEscalate: "Escalates to {1} at the right time with a complete hand-off",
    .nameTransfer: "Transfers to {1} at the right time with a complete hand-off",
    .missed: "This case needed a hand-off to {1}, and you did not {2} it.",
    .resolvedYourself: "No hand-off was needed and you resolved the case yourself.",
    .keptWhenCustomerLeft: "No hand-off was needed and you rightly kept the case; the conversation ended before it was resolved.",
    .keptWithAlongside: "No hand-off was needed and you rightly kept the case; bringing in {1} alongside was fine.",
    .leftUnresolved: "No hand-off was needed, but the case was left unresolved.",
    .unnecessary: "You handed the case to {1} at turn {2}, but it was yours to resolve.",
    .wrongTarget: "You handed the case to {1}; it belongs with {2}.",
    .premature: "You handed over at turn {1}, before doing the checks expected first (from turn {2}).",
    .late: "You handed over at turn {1}; by turn {2} it should have gone to {3}.",
    .slightlyLate: "Right call: you handed over at turn {1}, a little after turn {2}, when it should have gone to {3}.",
    .incomplete: "Right call, but the hand-off note lacks: {1}.",
    .correct: "Right target, right time, and the note carries what {1} needs.",
    .reasonNotShown: "not shown",
    .reasonMovedOn: "not shown: the customer moved on",
    .reasonPartly: "partly shown",
    .reasonForbidden: "a forbidden phrase was used",
    .reasonWeakened: "only halfway: a phrase that weakens it was used",
    .reasonNotReached: "not reached: the conversation ended before this point",
  ]

  private static let german: [Key: String] = [
    .nameResolve: "Löst den Fall ohne unnötige Übergabe",
    .nameEscalate: "Eskaliert rechtzeitig und mit vollständiger Übergabe an {1}",
    .nameTransfer: "Leitet rechtzeitig und mit vollständiger Übergabe an {1} weiter",
    .missed: "Dieser Fall gehörte an {1}, aber Sie haben ihn nicht übergeben.",
    .resolvedYourself: "Eine Übergabe war nicht nötig, und Sie haben den Fall selbst gelöst.",
    .keptWhenCustomerLeft: "Eine Übergabe war nicht nötig, und Sie haben den Fall zu Recht behalten; das Gespräch endete, bevor er gelöst war.",
    .keptWithAlongside: "Eine Übergabe war nicht nötig, und Sie haben den Fall zu Recht behalten; {1} nebenbei einzubinden war in Ordnung.",
    .leftUnresolved: "Eine Übergabe war nicht nötig, aber der Fall blieb ungelöst.",
    .unnecessary: "Sie haben den Fall in Zug {2} an {1} übergeben, obwohl Sie ihn selbst lösen sollten.",
    .wrongTarget: "Sie haben den Fall an {1} übergeben; er gehört zu {2}.",
    .premature: "Sie haben in Zug {1} übergeben, bevor die erwarteten Prüfungen erledigt waren (ab Zug {2}).",
    .late: "Sie haben in Zug {1} übergeben; spätestens in Zug {2} hätte der Fall an {3} gehen sollen.",
    .slightlyLate: "Richtige Entscheidung: Sie haben in Zug {1} übergeben, etwas nach Zug {2}, in dem der Fall an {3} hätte gehen sollen.",
    .incomplete: "Richtige Entscheidung, aber in der Übergabenotiz fehlt: {1}.",
    .correct: "Richtiges Ziel, richtiger Zeitpunkt, und die Notiz enthält, was {1} braucht.",
    .reasonNotShown: "nicht gezeigt",
    .reasonMovedOn: "nicht gezeigt: der Kunde ist weitergegangen",
    .reasonPartly: "teilweise gezeigt",
    .reasonForbidden: "eine verbotene Formulierung wurde verwendet",
    .reasonWeakened: "nur zum Teil: eine abschwächende Formulierung wurde verwendet",
    .reasonNotReached: "nicht erreicht: das Gespräch endete vorher",
  ]
}
