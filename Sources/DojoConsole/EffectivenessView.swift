import DojoCore

/// The effectiveness report in the terminal: the cohort's paired numbers, then tables per
/// trainee, criterion and role, KPI proxies, and the warnings. Names are neutralised.
public struct EffectivenessView: Sendable {
  public let report: EffectivenessReport

  public init(report: EffectivenessReport) {
    self.report = report
  }

  public func render() -> String {
    let o = report.overall
    var lines: [String] = []
    lines.append(Style.strong("Training effectiveness — cohort \(neutralized(report.cohort))"))
    lines.append(Style.dim("95% intervals: percentile bootstrap, \(report.resamples) resamples, seed \(report.seed)"))
    lines.append("")
    lines.append("Paired trainees: \(o.n)")
    lines.append("Mean score:      \(ReportNumber.score(o.meanPre)) → \(ReportNumber.score(o.meanPost))   difference \(ReportNumber.signed(o.meanDifference)) \(ReportNumber.interval(o.meanDifferenceInterval))")
    var gain = "Normalised gain: \(ReportNumber.ratio(o.normalizedGainOfMeans)) of the means; mean of trainees' gains \(ReportNumber.ratio(o.meanNormalizedGain))"
    if o.gainUndefined > 0 { gain += " (\(o.gainUndefined) undefined: pre = 100)" }
    lines.append(gain)
    lines.append("d_z  (paired: mean difference / SD of differences):  \(ReportNumber.ratio(o.dz)) \(ReportNumber.interval(o.dzInterval, ReportNumber.ratio))")
    lines.append(Style.dim("  " + EffectSize.dzMeaning))
    lines.append("d_av (mean difference / mean of pre and post SDs):   \(ReportNumber.ratio(o.dav)) \(ReportNumber.interval(o.davInterval, ReportNumber.ratio))")
    lines.append(Style.dim("  " + EffectSize.davMeaning))
    lines.append("Improved \(o.improved) (\(ReportNumber.percent(o.shareImproved))) · worse \(o.worse) (\(ReportNumber.percent(o.shareWorse))) · unchanged \(o.unchanged) (\(ReportNumber.percent(o.shareUnchanged)))")

    if !report.trainees.isEmpty {
      lines.append("")
      lines.append(Style.strong("Trainees"))
      let rows = report.trainees.map { t in
        let gain = t.pre == 100 && t.post != nil ? "undefined (pre = 100)" : ReportNumber.ratio(t.normalizedGain)
        let outcome = t.outcome == "worse" ? Style.bad(t.outcome) : (t.outcome == "improved" ? Style.good(t.outcome) : t.outcome)
        return [neutralized(t.name), ReportNumber.score(t.pre), ReportNumber.score(t.post), ReportNumber.signed(t.difference), gain, outcome]
      }
      lines.append(TextTable(header: ["TRAINEE", "PRE", "POST", "DIFF", "GAIN", "OUTCOME"], rows: rows).render())
    }
    for (title, column, groups) in [("Criteria (percent of points)", "CRITERION", report.criteria), ("Roles", "ROLE", report.roles)] where !groups.isEmpty {
      lines.append("")
      lines.append(Style.strong(title))
      // The name last: it is not cut there, so a name shared by scenarios keeps them all.
      let rows = groups.map { g in
        let s = g.summary
        return [String(s.n), ReportNumber.score(s.meanPre), ReportNumber.score(s.meanPost),
                "\(ReportNumber.signed(s.meanDifference)) \(ReportNumber.interval(s.meanDifferenceInterval))",
                ReportNumber.ratio(s.normalizedGainOfMeans), ReportNumber.ratio(s.dz), ReportNumber.ratio(s.dav),
                ReportNumber.percent(s.shareImproved), ReportNumber.percent(s.shareWorse), neutralized(g.label)]
      }
      lines.append(TextTable(header: ["N", "PRE", "POST", "DIFF [95% CI]", "GAIN", "D_Z", "D_AV", "IMPROVED", "WORSE", column], rows: rows).render())
    }
    if !report.kpis.isEmpty {
      lines.append("")
      lines.append(Style.strong("KPI proxies (sessions of the paired trainees, pooled)"))
      var rows: [[String]] = []
      for role in report.kpis {
        let pre = Dictionary(uniqueKeysWithValues: role.pre.metrics.map { ($0.name, $0.value) })
        for metric in role.post.metrics {
          let label = ReportNumber.kpiLabel(metric.name) + (ReportNumber.kpiLowerIsBetter(metric.name) ? " (lower is better)" : "")
          rows.append([neutralized(role.role), label, ReportNumber.kpi(metric.name, pre[metric.name] ?? nil), ReportNumber.kpi(metric.name, metric.value)])
        }
      }
      lines.append(TextTable(header: ["ROLE", "KPI", "PRE", "POST"], rows: rows).render())
    }
    if !report.warnings.isEmpty {
      lines.append("")
      lines.append(Style.warn(Style.strong("Warnings")))
      for warning in report.warnings { lines.append(Style.warn("! ") + neutralized(warning.message)) }
    }
    return lines.joined(separator: "\n")
  }
}

/// The team report in the terminal: one row per trainee and the weakest criteria.
public struct TeamView: Sendable {
  public let report: TeamReport
  /// The terminal's width: a criterion's name longer than the line wraps under itself, at a
  /// word. Nil: lines as they are (pipes and files).
  public var width: Int?

  public init(report: TeamReport, width: Int? = nil) {
    self.report = report
    self.width = width
  }

  public func render() -> String {
    var lines: [String] = []
    var title = "Team report"
    if let cohort = report.cohort { title += " — cohort \(neutralized(cohort))" }
    if let since = report.since { title += " — since \(since)" }
    lines.append(Style.strong(title))
    guard !report.trainees.isEmpty else {
      lines.append("No finished sessions.")
      return lines.joined(separator: "\n")
    }
    lines.append(Style.dim("\(report.attempts) finished attempt(s) · pass rate \(ReportNumber.percent(report.passRate)) · mean score \(ReportNumber.score(report.meanScore))"))
    lines.append("")
    let rows = report.trainees.map { t in
      [neutralized(t.name), String(t.attempts), ReportNumber.percent(t.passRate), ReportNumber.score(t.meanScore),
       ReportNumber.kpi("aht_seconds", t.kpis.handleTimeSeconds), ReportNumber.percent(t.kpis.firstContactResolution),
       ReportNumber.kpi("csat", t.kpis.csat), ReportNumber.percent(t.kpis.escalationAccuracy),
       ReportNumber.kpi("hints_per_session", t.kpis.hintsPerSession), t.lastPlayed ?? "–"]
    }
    lines.append(TextTable(header: ["TRAINEE", "ATTEMPTS", "PASS", "MEAN", "AHT", "FCR", "CSAT", "ESC OK", "HINTS", "LAST"], rows: rows).render())
    if !report.weakestCriteria.isEmpty {
      lines.append("")
      lines.append(Style.strong("Weakest criteria"))
      let rows = report.weakestCriteria.map { c in
        [ReportNumber.score(c.percent) + "%", ReportNumber.percent(c.metRate), String(c.results), neutralized(c.label)]
      }
      // The name last: it is not cut there, so a name shared by scenarios keeps them all.
      let table = TextTable(header: ["POINTS", "MET", "RESULTS", "CRITERION"], rows: rows).render()
      lines.append(wrapLastColumn(table, header: "CRITERION"))
    }
    return lines.joined(separator: "\n")
  }

  /// The table with its last column wrapped at words to `width`, continuation lines under it.
  func wrapLastColumn(_ table: String, header: String) -> String {
    let rows = table.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    guard let width, let first = rows.first, let start = first.range(of: header) else { return table }
    // The header may be bold: its colour sequences take no columns.
    let indent = TextWrap.displayWidth(String(first[..<start.lowerBound]))
    let room = width - indent
    guard room >= 20 else { return table }
    let pad = String(repeating: " ", count: indent)
    return rows.map { row -> String in
      guard TextWrap.displayWidth(row) > width, row.count > indent else { return row }
      let head = String(row.prefix(indent)), text = String(row.dropFirst(indent))
      var lines: [String] = []
      var current = ""
      for word in text.split(separator: " ") {
        let candidate = current.isEmpty ? String(word) : current + " " + word
        if !current.isEmpty && TextWrap.displayWidth(candidate) > room {
          lines.append(current)
          current = String(word)
        } else {
          current = candidate
        }
      }
      lines.append(current)
      return head + lines.joined(separator: "\n" + pad)
    }.joined(separator: "\n")
  }
}
