import Foundation
import DojoCore

/// The effectiveness report as one self-contained HTML page: inline CSS, charts drawn as SVG,
/// no scripts and nothing loaded from the network. Every name is HTML-escaped.
public enum EffectivenessHTML {
  public static func render(_ report: EffectivenessReport, generatedAt: String) -> String {
    let o = report.overall
    var html = """
      <!DOCTYPE html>
      <html lang="en"><head><meta charset="utf-8">
      <meta name="viewport" content="width=device-width, initial-scale=1">
      <title>Training effectiveness — \(escape(report.cohort))</title>
      <style>\(css)</style></head><body>
      <h1>Training effectiveness <span class="cohort">cohort \(escape(report.cohort))</span></h1>
      <p class="meta">Generated \(escape(generatedAt)) · 95% intervals: percentile bootstrap, \(report.resamples) resamples, seed \(report.seed)</p>

      """
    if !report.warnings.isEmpty {
      html += "<section class=\"warnings\"><h2>Read this first</h2><ul>"
      for warning in report.warnings {
        html += "<li><b>\(escape(warning.code))</b>: \(escape(warning.message))</li>"
      }
      html += "</ul></section>\n"
    }
    html += """
      <section class="cards">
      \(card("Paired trainees", "\(o.n)", ""))
      \(card("Mean score", "\(ReportNumber.score(o.meanPre)) → \(ReportNumber.score(o.meanPost))", "pre → post"))
      \(card("Mean difference", ReportNumber.signed(o.meanDifference), "95% CI \(nowrap(ReportNumber.interval(o.meanDifferenceInterval)))"))
      \(card("Normalised gain", ReportNumber.ratio(o.normalizedGainOfMeans), "of the means; trainees' mean \(ReportNumber.ratio(o.meanNormalizedGain))\(o.gainUndefined > 0 ? ", \(o.gainUndefined) undefined (pre = 100)" : "")"))
      \(card("d<sub>z</sub>", symbol: true, ReportNumber.ratio(o.dz), "\(nowrap(ReportNumber.interval(o.dzInterval, ReportNumber.ratio))) · paired: mean diff / SD of diffs", plain: EffectSize.dzMeaning))
      \(card("d<sub>av</sub>", symbol: true, ReportNumber.ratio(o.dav), "\(nowrap(ReportNumber.interval(o.davInterval, ReportNumber.ratio))) · mean diff / mean of pre and post SDs", plain: EffectSize.davMeaning))
      \(card("Improved / worse", "\(ReportNumber.percent(o.shareImproved)) / \(ReportNumber.percent(o.shareWorse))", "\(o.improved) improved, \(o.worse) worse, \(o.unchanged) unchanged"))
      </section>

      """
    html += "<section><h2>Each trainee, pre → post</h2>\n\(slopeChart(report))\n</section>\n"
    html += "<section><h2>Gain per rubric criterion</h2><p class=\"note\">Mean change in percent of the criterion's points, paired trainees; whiskers: 95% bootstrap interval.</p>\n\(criterionChart(report))\n</section>\n"
    html += "<section><h2>KPI proxies before and after</h2><p class=\"note\">From the simulations: the sessions of the trainees paired in each role, pooled. Grey: pre, blue: post.</p>\n\(kpiCharts(report))\n</section>\n"
    html += "<section><h2>Per role</h2>\(groupTable(report.roles, label: "Role"))</section>\n"
    html += "<section><h2>Per criterion</h2>\(groupTable(report.criteria, label: "Criterion"))</section>\n"
    html += "<section><h2>Trainees</h2>\(traineeTable(report))</section>\n"
    html += "</body></html>\n"
    return html
  }

  // MARK: - Charts

  static func slopeChart(_ report: EffectivenessReport) -> String {
    let paired = report.trainees.filter { $0.pre != nil && $0.post != nil }
    guard !paired.isEmpty else { return "<p class=\"empty\">No trainee has both a pre and a post assessment yet.</p>" }
    let labelled = paired.count <= 30
    let top = 20.0, bottom = 30.0, width = 760.0
    let height = labelled ? max(420, top + bottom + Double(paired.count) * 12 + 20) : 420
    // Labelled: room left of the pre axis for a shortened name and score (up to 24 characters,
    // about 160 units at 11 px) between the score ticks and the line ends.
    let left = labelled ? 232.0 : 60.0, right = labelled ? 570.0 : 700.0
    func y(_ score: Double) -> Double { top + (100 - min(100, max(0, score))) / 100 * (height - top - bottom) }
    var svg = "<svg class=\"chart\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" aria-label=\"Slope chart of each trainee's pre and post score\">"
    for tick in stride(from: 0, through: 100, by: 20) {
      let ty = y(Double(tick))
      svg += "<line x1=\"\(left)\" x2=\"\(right)\" y1=\"\(f(ty))\" y2=\"\(f(ty))\" class=\"grid\"/>"
      svg += "<text x=\"\(f(labelled ? 40 : left - 8))\" y=\"\(f(ty + 4))\" class=\"tick\" text-anchor=\"end\">\(tick)</text>"
    }
    svg += "<text x=\"\(left)\" y=\"\(f(height - 8))\" text-anchor=\"middle\" class=\"axis\">pre</text>"
    svg += "<text x=\"\(right)\" y=\"\(f(height - 8))\" text-anchor=\"middle\" class=\"axis\">post</text>"
    let opacity = paired.count > 500 ? 0.15 : (paired.count > 100 ? 0.3 : 0.8)
    for trainee in paired {
      guard let pre = trainee.pre, let post = trainee.post else { continue }
      let kind = trainee.outcome == "improved" ? "up" : (trainee.outcome == "worse" ? "down" : "flat")
      svg += "<line x1=\"\(left)\" y1=\"\(f(y(pre)))\" x2=\"\(right)\" y2=\"\(f(y(post)))\" class=\"\(kind)\" stroke-opacity=\"\(opacity)\"><title>\(escape(trainee.name)): \(ReportNumber.score(pre)) → \(ReportNumber.score(post))</title></line>"
    }
    if labelled {
      // Labels pushed apart so that close scores do not print over each other.
      let preY = spread(paired.map { y($0.pre ?? 0) }, gap: 12, low: top, high: height - bottom)
      let postY = spread(paired.map { y($0.post ?? 0) }, gap: 12, low: top, high: height - bottom)
      for (index, trainee) in paired.enumerated() {
        svg += "<text x=\"\(f(left - 8))\" y=\"\(f(preY[index] + 4))\" text-anchor=\"end\" class=\"label\">\(escape(short(trainee.name))) \(ReportNumber.score(trainee.pre))</text>"
        svg += "<text x=\"\(f(right + 8))\" y=\"\(f(postY[index] + 4))\" class=\"label\">\(ReportNumber.score(trainee.post)) \(escape(short(trainee.name)))</text>"
      }
    }
    if let pre = report.overall.meanPre, let post = report.overall.meanPost {
      svg += "<line x1=\"\(left)\" y1=\"\(f(y(pre)))\" x2=\"\(right)\" y2=\"\(f(y(post)))\" class=\"mean\"><title>Mean: \(ReportNumber.score(pre)) → \(ReportNumber.score(post))</title></line>"
      svg += "<circle cx=\"\(left)\" cy=\"\(f(y(pre)))\" r=\"5\" class=\"meandot\"/><circle cx=\"\(right)\" cy=\"\(f(y(post)))\" r=\"5\" class=\"meandot\"/>"
    }
    svg += "</svg>"
    let legend = "<p class=\"legend\"><span class=\"sw up\"></span>improved (\(report.overall.improved)) <span class=\"sw down\"></span>worse (\(report.overall.worse)) <span class=\"sw flat\"></span>unchanged (\(report.overall.unchanged)) <span class=\"sw mean\"></span>cohort mean\(labelled ? "" : " · hover a line for the trainee")</p>"
    return svg + legend
  }

  static func criterionChart(_ report: EffectivenessReport) -> String {
    let rows = report.criteria.filter { $0.summary.meanDifference != nil }
      .sorted { ($0.summary.meanDifference ?? 0) > ($1.summary.meanDifference ?? 0) }
    guard !rows.isEmpty else { return "<p class=\"empty\">No criterion was scored in both phases.</p>" }
    var extent = 10.0
    for row in rows {
      let s = row.summary
      extent = max(extent, abs(s.meanDifference ?? 0), abs(s.meanDifferenceInterval?.low ?? 0), abs(s.meanDifferenceInterval?.high ?? 0))
    }
    extent = (extent / 10).rounded(.up) * 10
    let rowHeight = 24.0, labelWidth = 250.0, plotWidth = 420.0, top = 24.0
    let height = top + rowHeight * Double(rows.count) + 10
    let zero = labelWidth + plotWidth / 2
    func x(_ value: Double) -> Double { zero + value / extent * plotWidth / 2 }
    var svg = "<svg class=\"chart\" viewBox=\"0 0 800 \(Int(height))\" role=\"img\" aria-label=\"Mean gain per criterion\">"
    for tick in [-extent, -extent / 2, 0, extent / 2, extent] {
      svg += "<line x1=\"\(f(x(tick)))\" x2=\"\(f(x(tick)))\" y1=\"\(f(top - 6))\" y2=\"\(f(height - 10))\" class=\"\(tick == 0 ? "zero" : "grid")\"/>"
      svg += "<text x=\"\(f(x(tick)))\" y=\"14\" text-anchor=\"middle\" class=\"tick\">\(tick == 0 ? "0" : ReportNumber.signed(tick))</text>"
    }
    for (index, row) in rows.enumerated() {
      let s = row.summary
      let mid = top + rowHeight * Double(index) + rowHeight / 2
      let diff = s.meanDifference ?? 0
      let x0 = min(x(0), x(diff)), x1 = max(x(0), x(diff))
      svg += "<text x=\"\(f(labelWidth - 8))\" y=\"\(f(mid + 4))\" text-anchor=\"end\" class=\"label\">\(escape(short(row.label, 34)))<title>\(escape(row.label)) (\(escape(row.id)))</title></text>"
      svg += "<rect x=\"\(f(x0))\" y=\"\(f(mid - 8))\" width=\"\(f(max(1, x1 - x0)))\" height=\"16\" class=\"\(diff >= 0 ? "bar-up" : "bar-down")\"><title>\(escape(row.label)): \(ReportNumber.signed(diff)) points, n = \(s.n)</title></rect>"
      if let ci = s.meanDifferenceInterval {
        svg += "<line x1=\"\(f(x(ci.low)))\" x2=\"\(f(x(ci.high)))\" y1=\"\(f(mid))\" y2=\"\(f(mid))\" class=\"whisker\"/>"
        svg += "<line x1=\"\(f(x(ci.low)))\" x2=\"\(f(x(ci.low)))\" y1=\"\(f(mid - 5))\" y2=\"\(f(mid + 5))\" class=\"whisker\"/>"
        svg += "<line x1=\"\(f(x(ci.high)))\" x2=\"\(f(x(ci.high)))\" y1=\"\(f(mid - 5))\" y2=\"\(f(mid + 5))\" class=\"whisker\"/>"
      }
      svg += "<text x=\"\(f(labelWidth + plotWidth + 10))\" y=\"\(f(mid + 4))\" class=\"label\">\(ReportNumber.signed(diff)) (n \(s.n))</text>"
    }
    svg += "</svg>"
    return svg
  }

  static func kpiCharts(_ report: EffectivenessReport) -> String {
    guard !report.kpis.isEmpty else { return "<p class=\"empty\">No sessions.</p>" }
    var html = ""
    for role in report.kpis {
      html += "<h3>\(escape(role.role)) <span class=\"meta\">\(role.pre.sessions) pre / \(role.post.sessions) post sessions</span></h3>"
      guard role.pre.sessions > 0 && role.post.sessions > 0 else {
        html += "<p class=\"empty\">No trainee has both a pre and a post assessment in this role yet.</p>\n"
        continue
      }
      html += "<div class=\"kpis\">"
      let pre = Dictionary(uniqueKeysWithValues: role.pre.metrics.map { ($0.name, $0.value) })
      for metric in role.post.metrics {
        let before = pre[metric.name] ?? nil
        let after = metric.value
        // Rates on 0–100%, CSAT on 1–5, times and hints against the larger of the two.
        let floor = metric.name == "csat" ? 5.0 : (metric.name == "aht_seconds" || metric.name == "hints_per_session" ? 0.0 : 1.0)
        let scale = max(before ?? 0, after ?? 0, floor) > 0 ? max(before ?? 0, after ?? 0, floor) : 1
        func bar(_ value: Double?, _ x: Double, _ kind: String) -> String {
          guard let value else { return "<text x=\"\(f(x + 22))\" y=\"96\" text-anchor=\"middle\" class=\"tick\">–</text>" }
          let h = value / scale * 80
          return "<rect x=\"\(f(x))\" y=\"\(f(100 - h))\" width=\"44\" height=\"\(f(max(h, 0.5)))\" class=\"\(kind)\"/><text x=\"\(f(x + 22))\" y=\"\(f(96 - h))\" text-anchor=\"middle\" class=\"value\">\(ReportNumber.kpi(metric.name, value))</text>"
        }
        html += "<figure class=\"kpi\"><svg viewBox=\"0 0 130 110\" role=\"img\" aria-label=\"\(escape(ReportNumber.kpiLabel(metric.name))) before and after\">"
        html += "<line x1=\"4\" x2=\"126\" y1=\"100\" y2=\"100\" class=\"zero\"/>"
        html += bar(before, 14, "pre") + bar(after, 72, "post")
        let direction = ReportNumber.kpiLowerIsBetter(metric.name) ? "<br><span class=\"lower\">↓ lower is better</span>" : ""
        html += "</svg><figcaption>\(escape(ReportNumber.kpiLabel(metric.name)))\(direction)</figcaption></figure>"
      }
      html += "</div>\n"
    }
    return html
  }

  // MARK: - Tables

  static func groupTable(_ groups: [GroupChange], label: String) -> String {
    guard !groups.isEmpty else { return "<p class=\"empty\">None.</p>" }
    var html = "<table><thead><tr><th>\(label)</th><th>n</th><th>pre</th><th>post</th><th>diff [95% CI]</th><th>gain</th><th>d<sub>z</sub></th><th>d<sub>av</sub></th><th>improved</th><th>worse</th></tr></thead><tbody>"
    for group in groups {
      let s = group.summary
      // A named criterion shows its id below the name, for finding it in the scenario files.
      // Wordings that differ between scenarios: one line each, with the scenarios in grey.
      let wording =
        group.variants.isEmpty
        ? group.name.map(escape)
        : group.variants.map { "<div class=\"w\">\(escape($0.name)) <span class=\"id\">\(escape(CriterionNames.list($0.scenarios)))</span></div>" }.joined()
      let name = wording.map { "\($0)<div class=\"id\">\(escape(group.id))</div>" } ?? escape(group.id)
      // The difference and its interval each on one line: at most two lines in a narrow table.
      html += "<tr><td>\(name)</td><td>\(s.n)</td><td>\(ReportNumber.score(s.meanPre))</td><td>\(ReportNumber.score(s.meanPost))</td><td>\(nowrap(ReportNumber.signed(s.meanDifference))) \(nowrap(ReportNumber.interval(s.meanDifferenceInterval)))</td><td>\(ReportNumber.ratio(s.normalizedGainOfMeans))</td><td>\(ReportNumber.ratio(s.dz))</td><td>\(ReportNumber.ratio(s.dav))</td><td>\(ReportNumber.percent(s.shareImproved))</td><td>\(ReportNumber.percent(s.shareWorse))</td></tr>"
    }
    return html + "</tbody></table>"
  }

  static func traineeTable(_ report: EffectivenessReport) -> String {
    guard !report.trainees.isEmpty else { return "<p class=\"empty\">No trainees.</p>" }
    var html = "<table><thead><tr><th>Trainee</th><th>pre</th><th>post</th><th>diff</th><th>gain</th><th>outcome</th></tr></thead><tbody>"
    for t in report.trainees {
      let gain = t.pre == 100 && t.post != nil ? "undefined (pre = 100)" : ReportNumber.ratio(t.normalizedGain)
      html += "<tr class=\"\(escape(t.outcome))\"><td>\(escape(t.name))</td><td>\(ReportNumber.score(t.pre))</td><td>\(ReportNumber.score(t.post))</td><td>\(ReportNumber.signed(t.difference))</td><td>\(gain)</td><td>\(escape(t.outcome))</td></tr>"
    }
    return html + "</tbody></table>"
  }

  /// A summary card; a `symbol` title (d_z, d_av) keeps its case, the others are capitalised.
  /// `plain` says in a sentence what the number means.
  static func card(_ title: String, symbol: Bool = false, _ value: String, _ note: String, plain: String? = nil) -> String {
    let meaning = plain.map { "<div class=\"p\">\(escape($0))</div>" } ?? ""
    return "<div class=\"card\"><div class=\"\(symbol ? "t sym" : "t")\">\(title)</div><div class=\"v\">\(value)</div><div class=\"n\">\(note)</div>\(meaning)</div>"
  }

  /// Text that does not break across lines (an interval, a signed number).
  static func nowrap(_ text: String) -> String { "<span class=\"nw\">\(text)</span>" }

  // MARK: - Helpers

  /// Escapes text for HTML element content and attribute values, after neutralising control
  /// and bidi characters (`neutralized`).
  public static func escape(_ text: String) -> String {
    // Bytes that can start something to change: C0 controls and DEL, C1 (0xC2 lead byte),
    // the bidi controls (U+061C: 0xD8; U+200E…U+2069: 0xE2) and HTML's own characters.
    if !text.utf8.contains(where: { $0 < 0x20 || $0 == 0x7F || $0 == 0xC2 || $0 == 0xD8 || $0 == 0xE2 || $0 == UInt8(ascii: "&") || $0 == UInt8(ascii: "<") || $0 == UInt8(ascii: ">") || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "'") }) {
      return text
    }
    let text = neutralized(text)
    var result = ""
    result.reserveCapacity(text.utf8.count)
    for character in text {
      switch character {
      case "&": result += "&amp;"
      case "<": result += "&lt;"
      case ">": result += "&gt;"
      case "\"": result += "&quot;"
      case "'": result += "&#39;"
      default:
        if let scalar = character.unicodeScalars.first, character.unicodeScalars.count == 1,
          scalar.value < 0x20 && scalar.value != 0x0A && scalar.value != 0x09 || (0x7F...0x9F).contains(scalar.value)
        {
          result += "\u{FFFD}"
        } else {
          result.append(character)
        }
      }
    }
    return result
  }

  /// Moves positions apart to at least `gap`, keeping their order and staying within the range.
  static func spread(_ positions: [Double], gap: Double, low: Double, high: Double) -> [Double] {
    let order = positions.indices.sorted { positions[$0] < positions[$1] }
    var placed = [Double](repeating: 0, count: positions.count)
    var previous = -Double.infinity
    for index in order {
      placed[index] = max(positions[index], previous + gap)
      previous = placed[index]
    }
    // Shift back up what ran past the bottom.
    var limit = high + gap
    for index in order.reversed() {
      placed[index] = min(placed[index], limit - gap)
      limit = placed[index]
    }
    return placed.map { max($0, low - gap) }
  }

  static func short(_ text: String, _ limit: Int = 18) -> String {
    text.count <= limit ? text : String(text.prefix(limit - 1)) + "…"
  }

  static func f(_ value: Double) -> String { ReportNumber.fixed(value, places: 1) }

  static let css = """
    body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1d2430;margin:0 auto;max-width:1100px;padding:24px 32px;background:#fff}
    h1{font-size:26px;margin:0 0 4px}h1 .cohort{font-weight:400;color:#5b6575;font-size:20px;margin-left:8px}
    h2{font-size:19px;margin:28px 0 8px;border-bottom:1px solid #e3e7ee;padding-bottom:4px}h3{font-size:15px;margin:16px 0 4px}
    .meta{color:#5b6575;font-size:13px;font-weight:400}.note{color:#5b6575;font-size:13px;margin:0 0 6px}
    .warnings{background:#fff7e0;border:1px solid #f0c75e;border-radius:6px;padding:4px 16px;margin-top:16px}.warnings h2{border:0;margin-top:10px}
    .cards{display:flex;flex-wrap:wrap;gap:10px;margin-top:18px}.cards .card{flex:1 1 200px}
    .card{border:1px solid #e3e7ee;border-radius:6px;padding:10px 12px}.card .t{font-size:12px;color:#5b6575;text-transform:uppercase;letter-spacing:.03em}.card .t.sym{text-transform:none;font-size:14px}
    .card .v{font-size:22px;font-weight:600;margin:2px 0}.card .n{font-size:12px;color:#5b6575}.card .p{font-size:12px;color:#1d2430;margin-top:4px}
    svg.chart{width:100%;height:auto;max-width:900px;display:block}
    .grid{stroke:#e8ebf0;stroke-width:1}.zero{stroke:#9aa3b0;stroke-width:1}.tick{font-size:11px;fill:#7a8494}.axis{font-size:13px;fill:#1d2430;font-weight:600}
    .label{font-size:11px;fill:#1d2430}.value{font-size:11px;fill:#1d2430}
    line.up{stroke:#2e8b57;stroke-width:1.5}line.down{stroke:#c0392b;stroke-width:1.5}line.flat{stroke:#8a94a3;stroke-width:1.5}
    line.mean{stroke:#1d2430;stroke-width:4}.meandot{fill:#1d2430}
    .bar-up{fill:#4f9d69}.bar-down{fill:#d0584b}.whisker{stroke:#1d2430;stroke-width:1.2}
    .legend{font-size:13px;color:#5b6575}.sw{display:inline-block;width:18px;height:4px;margin:0 4px 3px 10px;vertical-align:middle}
    .sw.up{background:#2e8b57}.sw.down{background:#c0392b}.sw.flat{background:#8a94a3}.sw.mean{background:#1d2430;height:5px}
    .kpis{display:grid;grid-template-columns:repeat(7,minmax(0,1fr));gap:6px}.kpi{margin:0;text-align:center;min-width:0}.kpi svg{width:100%;max-width:130px;height:auto}
    @media (max-width:560px){.kpis{grid-template-columns:repeat(4,minmax(0,1fr))}}
    .kpi figcaption{font-size:11px;color:#5b6575}.kpi .lower{color:#1d2430;white-space:nowrap}.nw{white-space:nowrap}td .id{font-size:11px;color:#7a8494}td:first-child{min-width:10em}td .w+.w{margin-top:3px}
    table{border-collapse:collapse;width:100%;font-size:13px;margin-top:6px}th,td{text-align:left;padding:4px 6px;border-bottom:1px solid #eef0f4}
    th{background:#f6f7f9;font-weight:600}td:not(:first-child),th:not(:first-child){text-align:right}
    tr.worse td:last-child{color:#c0392b}tr.improved td:last-child{color:#2e8b57}.empty{color:#7a8494;font-style:italic}
    """
}
