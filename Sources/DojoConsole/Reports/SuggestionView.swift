import DojoCore

/// The text form of `dojo scenarios suggest`: per scenario, each proposal with its reason, the
/// overrides it comes from and what it would flip; then how to apply one by hand.
public struct SuggestionView: Sendable {
  public var reports: [SuggestionReport]

  public init(reports: [SuggestionReport]) {
    self.reports = reports
  }

  static func points(_ value: Int?, _ max: Int) -> String { value.map { "\($0)/\(max)" } ?? "n/a" }

  static func kappa(_ value: Double?) -> String { value.map { ReportNumber.fixed($0, places: 2) } ?? "–" }

  static func plural(_ count: Int, _ word: String, _ plural: String? = nil) -> String {
    "\(count) \(count == 1 ? word : plural ?? word + "s")"
  }

  /// Where a proposal goes, as a sentence: file (and line), list, what to do.
  static func change(_ proposal: Proposal) -> String {
    let place = proposal.file + (proposal.line > 0 ? ":\(proposal.line)" : "")
    switch proposal.action {
    case .add:
      return "add “\(proposal.phrase ?? "")” to \(proposal.list) in \(place)"
    case .replace:
      return "replace “\(proposal.replaces ?? "")” by “\(proposal.phrase ?? "")” in \(proposal.list) in \(place)"
    case .remove:
      return "remove “\(proposal.replaces ?? "")” from \(proposal.list) in \(place)"
    }
  }

  public func render() -> String {
    var lines: [String] = []
    let proposals = reports.reduce(0) { $0 + $1.proposals.count }
    for report in reports {
      if !lines.isEmpty { lines.append("") }
      lines.append(Style.strong("\(report.scenarioID)") + " (version \(report.version), \(report.path))")
      lines.append(
        "\(Self.plural(report.sessions, "finished session")), \(report.reviewed) reviewed by a lead, "
          + "\(Self.plural(report.overrides, "override")) where the lead's rating differs from the current scorer's.")
      for proposal in report.proposals {
        lines.append("")
        let kind = proposal.kind == .missedMeaning ? "missed meaning" : "credit without meaning"
        lines.append(Style.strong("\(proposal.number). \(proposal.criterion)") + " — \(proposal.criterionName) · \(kind)")
        lines.append("   Proposal: " + Self.change(proposal))
        lines.append("   Why: " + neutralized(proposal.reason))
        lines.append("   From:")
        for override in proposal.overrides {
          var head = "     session \(override.sessionID) (\(neutralized(override.trainee))) · \(neutralized(override.reviewer)): "
            + "\(override.lead)/\(override.max), automatic \(override.automatic)/\(override.max)"
          if !override.comment.isEmpty { head += " · “\(neutralized(override.comment))”" }
          lines.append(head)
          for evidence in override.evidence { lines.append(Style.dim("       scored: " + neutralized(evidence))) }
          for reply in override.replies { lines.append("       " + neutralized(reply)) }
        }
        if proposal.flips.isEmpty {
          lines.append("   Flips: none of the \(Self.plural(report.sessions, "finished session")) would score this criterion differently.")
        } else {
          let toward = proposal.flips.filter { $0.direction == .towardLead }.count
          let away = proposal.flips.filter { $0.direction == .awayFromLead }.count
          lines.append(
            "   Flips: \(proposal.flips.count) of \(Self.plural(report.sessions, "finished session")) — \(toward) toward the lead's rating, \(away) away from it, \(proposal.flips.count - toward - away) not reviewed")
          for flip in proposal.flips {
            let where_: String
            switch flip.direction {
            case .towardLead: where_ = Style.good("toward") + " the lead's \(Self.points(flip.lead, flip.max))"
            case .awayFromLead: where_ = Style.bad("away from") + " the lead's \(Self.points(flip.lead, flip.max))"
            case .noReview: where_ = "not reviewed"
            }
            lines.append(
              "     session \(flip.sessionID) (\(neutralized(flip.trainee))): \(Self.points(flip.before, flip.max)) → \(Self.points(flip.after, flip.max)), \(where_)")
          }
        }
        if let impact = proposal.evaluation {
          lines.append(
            "   Set \(impact.set): \(impact.flips) of \(Self.plural(impact.conversations, "labelled conversation")) flip (\(impact.towardLabel) toward the label, \(impact.awayFromLabel) away); "
              + "κ \(Self.kappa(impact.kappaBefore)) → \(Self.kappa(impact.kappaAfter)) for the scenario, \(Self.kappa(impact.criterionKappaBefore)) → \(Self.kappa(impact.criterionKappaAfter)) for \(proposal.criterion)")
        }
      }
      if report.proposals.isEmpty { lines.append("No proposals.") }
      if !report.notes.isEmpty {
        lines.append("")
        lines.append("Not proposed:")
        for note in report.notes { lines.append("  - " + neutralized(note)) }
      }
    }
    lines.append("")
    if proposals == 0 {
      lines.append("Nothing was changed: no scenario or lexicon file was written.")
    } else {
      lines.append(
        "Nothing was changed: no scenario or lexicon file was written. To apply a proposal, edit the file it names by hand: "
          + "add the phrase to the named list (a rubric criterion's evidence › LANGUAGE › any / all / none, or a concept in the lexicon), "
          + "or replace or remove the named alternative (alternatives are separated by |). Then run `dojo scenarios lint` "
          + "and `dojo review rescore --scenario ID --reviewer LEAD` to see the new scores beside the old.")
    }
    return lines.joined(separator: "\n")
  }
}
