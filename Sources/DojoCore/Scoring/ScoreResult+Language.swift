/// The generated texts of a result (escalation verdict sentence, the escalation criterion's
/// name, the "why" of a missed point) in a language other than the scenario's, for a UI that
/// runs in one language whatever the scenario's. The stored result keeps the scenario's texts.
extension ScoreResult {
  /// The escalation verdict's sentence in `language`. Falls back to the stored sentence when
  /// `scenario` is not the one this result was scored on.
  public func escalationExplanation(in language: Language, scenario: Scenario) -> String {
    guard language != scenario.language, matches(scenario) else { return escalation.explanation }
    return VerdictTexts.explanation(of: escalation, expectation: scenario.escalation, ending: ending, language: language)
  }

  /// The criterion's name in `language` where the scorer generated it (the escalation
  /// criterion); an author's name stays as written.
  public func name(of criterion: CriterionResult, in language: Language, scenario: Scenario) -> String {
    guard criterion.id == "escalation", language != scenario.language, matches(scenario) else { return criterion.name }
    return Scorer.escalationName(scenario.escalation, language: language)
  }

  /// The criterion's tip in `language` where the scorer generated it (the verdict sentence,
  /// used when the scenario gives no rationale).
  public func tip(of criterion: CriterionResult, in language: Language, scenario: Scenario) -> String {
    guard criterion.id == "escalation", criterion.tip == escalation.explanation else { return criterion.tip }
    return escalationExplanation(in: language, scenario: scenario)
  }

  /// Why a point was not (fully) earned, in `language`.
  public func reason(of criterion: CriterionResult, in language: Language) -> String? {
    criterion.reason.map { VerdictTexts.reason($0, in: language) }
  }

  /// Whether the stored texts are the ones `scenario` produces, so regenerating them is safe.
  private func matches(_ scenario: Scenario) -> Bool {
    scenario.id == self.scenario
      && VerdictTexts.explanation(
        of: escalation, expectation: scenario.escalation, ending: ending, language: scenario.language)
        == escalation.explanation
  }
}
