import Foundation
import Testing

@testable import DojoCore
@testable import DojoConsole

private func close(_ a: Double?, _ b: Double, _ tolerance: Double = 1e-4) -> Bool {
  guard let a else { return false }
  return abs(a - b) < tolerance
}

@Suite("Paired statistics against hand-computed values")
struct StatisticsTests {
  // pre 50 60 70 80, post 60 65 70 75: differences 10 5 0 −5.
  let pairs = [
    PrePost(pre: 50, post: 60), PrePost(pre: 60, post: 65), PrePost(pre: 70, post: 70),
    PrePost(pre: 80, post: 75),
  ]

  @Test func meansSpreadsAndEffectSizes() {
    let s = Statistics.paired(pairs, seed: 42)
    #expect(s.n == 4)
    #expect(s.meanPre == 65)
    #expect(s.meanPost == 67.5)
    #expect(s.meanDifference == 2.5)
    // SD pre = √(500/3) = 12.9099, SD post = √(125/3) = 6.4550, SD of differences = 6.4550.
    #expect(close(s.sdPre, 12.909944))
    #expect(close(s.sdPost, 6.454972))
    // d_z = 2.5 / 6.4550 = 0.3873; d_av = 2.5 / ((12.9099 + 6.4550) / 2) = 0.2582.
    #expect(close(s.dz, 0.387298))
    #expect(close(s.dav, 0.258199))
    // (67.5 − 65) / (100 − 65) = 0.0714; per trainee 0.2, 0.125, 0, −0.25 → mean 0.01875.
    #expect(close(s.normalizedGainOfMeans, 0.071429))
    #expect(close(s.meanNormalizedGain, 0.01875))
    #expect(s.gainUndefined == 0)
    #expect(s.improved == 2 && s.worse == 1 && s.unchanged == 1)
    #expect(s.shareImproved == 0.5 && s.shareWorse == 0.25 && s.shareUnchanged == 0.25)
  }

  @Test func bootstrapIsSeededAndBracketsTheEstimate() throws {
    let a = Statistics.paired(pairs, seed: 7)
    let b = Statistics.paired(pairs, seed: 7)
    #expect(a == b)
    // Another seed draws other resamples (seen on a set with many distinct means).
    let many = (0..<15).map { (i: Int) -> PrePost in
      let pre = Double(40 + i * 3)
      let post = Double(45 + (i * 7) % 23)
      return PrePost(pre: pre, post: post)
    }
    #expect(Statistics.paired(many, seed: 7).dzInterval != Statistics.paired(many, seed: 8).dzInterval)
    let interval = try #require(a.meanDifferenceInterval)
    // A resampled mean of these differences lies between −5 and 10.
    #expect(interval.low >= -5 && interval.high <= 10)
    #expect(interval.low < 2.5 && interval.high > 2.5)
    #expect(a.dzInterval != nil && a.davInterval != nil)
  }

  @Test func percentileInterpolatesLinearly() {
    let sorted: [Double] = [1, 2, 3, 4, 5]
    #expect(close(Statistics.percentile(sorted: sorted, 0.025), 1.1))
    #expect(close(Statistics.percentile(sorted: sorted, 0.975), 4.9))
    #expect(Statistics.percentile(sorted: sorted, 0.5) == 3)
    #expect(Statistics.percentile(sorted: [], 0.5) == nil)
  }

  @Test func preOfHundredHasNoGain() {
    #expect(Statistics.normalizedGain(pre: 100, post: 90) == nil)
    #expect(Statistics.normalizedGain(pre: 100, post: 100) == nil)
    #expect(Statistics.normalizedGain(pre: 80, post: 70) == -0.5)
    let s = Statistics.paired([PrePost(pre: 100, post: 90), PrePost(pre: 60, post: 80)], seed: 1)
    #expect(s.gainUndefined == 1)
    #expect(s.meanNormalizedGain == 0.5)
    // Means 80 → 85: (85 − 80) / 20 = 0.25.
    #expect(s.normalizedGainOfMeans == 0.25)
    let all = Statistics.paired([PrePost(pre: 100, post: 100)], seed: 1)
    #expect(all.normalizedGainOfMeans == nil && all.meanNormalizedGain == nil && all.gainUndefined == 1)
  }

  @Test func onePairHasNoSpreadNoEffectSizeNoInterval() {
    let s = Statistics.paired([PrePost(pre: 40, post: 70)], seed: 1)
    #expect(s.n == 1)
    #expect(s.meanDifference == 30)
    #expect(s.normalizedGainOfMeans == 0.5)
    #expect(s.sdPre == nil && s.dz == nil && s.dav == nil)
    #expect(s.meanDifferenceInterval == nil && s.dzInterval == nil)
    #expect(s.shareImproved == 1)
  }

  @Test func identicalDifferencesLeaveDzUndefined() throws {
    // Every trainee gains exactly 10: SD of differences 0 → d_z undefined; SD pre = SD post = 10 → d_av 1.
    let s = Statistics.paired(
      [PrePost(pre: 50, post: 60), PrePost(pre: 60, post: 70), PrePost(pre: 70, post: 80)], seed: 3)
    #expect(s.dz == nil && s.dzInterval == nil)
    #expect(close(s.dav, 1.0))
    #expect(s.meanDifferenceInterval == Interval(low: 10, high: 10))
    let flat = Statistics.paired([PrePost(pre: 50, post: 50), PrePost(pre: 50, post: 50)], seed: 3)
    #expect(flat.dz == nil && flat.dav == nil && flat.unchanged == 2)
    let json = String(decoding: try JSONEncoder().encode(flat), as: UTF8.self)
    #expect(json.contains("\"dz\":null"))
    #expect(!json.contains("nan") && !json.contains("inf"))
  }

  @Test func emptyInput() {
    let s = Statistics.paired([], seed: 1)
    #expect(s.n == 0 && s.meanPre == nil && s.meanDifference == nil && s.shareImproved == nil)
  }

  @Test func generatorJumpsAheadLikeDrawingInTurn() {
    var inTurn = SeededGenerator(seed: 20_240_601)
    for drawn in 0..<300 {
      var jumped = Statistics.generator(seed: 20_240_601, after: UInt64(drawn))
      #expect(jumped.next() == inTurn.next())
    }
  }

  /// The bootstrap as it was first written (one group, one pair at a time, products in the
  /// loop): the shared-index, SIMD and multi-core bootstrap must give the same intervals, bit
  /// for bit.
  private func referenceIntervals(_ pairs: [PrePost], seed: UInt64, resamples: Int) -> [Interval?] {
    let n = pairs.count
    guard n >= 2 else { return [nil, nil, nil] }
    func sd(_ sum: Double, _ squares: Double, _ n: Double) -> Double {
      let variance = (squares - sum * sum / n) / (n - 1)
      return variance > 1e-10 * max(1, squares / n) ? variance.squareRoot() : 0
    }
    var generator = SeededGenerator(seed: seed)
    var means: [Double] = [], dzs: [Double] = [], davs: [Double] = []
    for _ in 0..<resamples {
      var a = 0.0, a2 = 0.0, b = 0.0, b2 = 0.0, ab = 0.0
      for _ in 0..<n {
        let i = Int(generator.next().multipliedFullWidth(by: UInt64(n)).high)
        let pre = pairs[i].pre, post = pairs[i].post
        a += pre
        a2 += pre * pre
        b += post
        b2 += post * post
        ab += pre * post
      }
      let count = Double(n)
      let d = b - a, d2 = b2 - 2 * ab + a2
      let mean = d / count
      means.append(mean)
      let sdD = sd(d, d2, count), sdA = sd(a, a2, count), sdB = sd(b, b2, count)
      if sdD > 1e-9 { dzs.append(mean / sdD) }
      if (sdA + sdB) / 2 > 1e-9 { davs.append(mean / ((sdA + sdB) / 2)) }
    }
    return [means, dzs, davs].map { draws in
      guard !draws.isEmpty, draws.count * 10 >= resamples * 9 else { return nil }
      let sorted = draws.sorted()
      return Interval(low: Statistics.percentile(sorted: sorted, 0.025)!, high: Statistics.percentile(sorted: sorted, 0.975)!)
    }
  }

  @Test func fastBootstrapEqualsThePlainOne() {
    var generator = SeededGenerator(seed: 11)
    func group(_ n: Int) -> [PrePost] {
      (0..<n).map { _ in
        PrePost(pre: Double(generator.next() % 1001) / 10, post: Double(generator.next() % 1001) / 10)
      }
    }
    // Sizes shared by up to six groups (three SIMD blocks of two), single groups, and too
    // small ones; 300 resamples in tasks of 25, so the last chunk of eight resamples is short.
    // The last group repeats the first: it takes the first one's intervals.
    let distinct = [group(40), group(0), group(1), group(2), group(3), group(40), group(17)]
      + (0..<4).map { _ in group(40) } + [group(17), group(7)]
    let groups = distinct + [distinct[0]]
    let resamples = 300
    let fast = Statistics.pairedInParallel(groups, seed: 99, resamples: resamples)
    for (index, pairs) in groups.enumerated() {
      let expected = referenceIntervals(pairs, seed: 99, resamples: resamples)
      #expect([fast[index].meanDifferenceInterval, fast[index].dzInterval, fast[index].davInterval] == expected, "group \(index)")
      let single = Statistics.paired(pairs, seed: 99, resamples: resamples)
      #expect(single == fast[index], "group \(index)")
    }
  }
}

@Suite("Effectiveness report")
struct EffectivenessReportTests {
  func row(_ trainee: String, _ phase: AssessmentPhase, _ score: Double, role: String = "l1-agent", sessions: Int = 1) -> PhaseTotals {
    PhaseTotals(
      trainee: trainee, role: role, phase: phase, sessions: sessions, scoreSum: score * Double(sessions),
      timedSessions: sessions, handleTimeSum: 300 * Double(sessions), firstContactResolved: phase == .post ? sessions : 0,
      csatSessions: sessions, csatSum: (phase == .pre ? 3 : 4) * Double(sessions), escalationJudged: sessions,
      escalationCorrect: phase == .post ? sessions : 0, overEscalated: phase == .pre ? sessions : 0)
  }

  @Test func pairsTraineesAndWarns() throws {
    let input = EffectivenessInput(
      cohort: "spring",
      members: ["ann", "bob", "cy", "dee"],
      phases: [
        row("ann", .pre, 50), row("ann", .post, 70),
        // Bob played two roles before: mean (60·1 + 80·1) / 2 = 70.
        row("bob", .pre, 60), row("bob", .pre, 80, role: "l2-specialist"), row("bob", .post, 65),
        row("cy", .pre, 40),
      ],
      criteria: [
        CriterionTotals(trainee: "ann", criterion: "empathy", phase: .pre, points: 1, maxPoints: 2),
        CriterionTotals(trainee: "ann", criterion: "empathy", phase: .post, points: 2, maxPoints: 2),
        CriterionTotals(trainee: "bob", criterion: "empathy", phase: .pre, points: 2, maxPoints: 2),
        CriterionTotals(trainee: "bob", criterion: "empathy", phase: .post, points: 2, maxPoints: 2),
      ],
      played: [
        PlayedScenario(scenarioID: "s-a", phase: .pre, form: "A", version: "v1"),
        PlayedScenario(scenarioID: "s-b", phase: .post, form: "B", version: "v1"),
      ])
    let report = EffectivenessReport.compute(input, seed: 5, resamples: 200)
    #expect(report.overall.n == 2)
    #expect(report.overall.meanPre == 60)  // (50 + 70) / 2
    #expect(report.overall.meanPost == 67.5)
    let bob = try #require(report.trainees.first { $0.name == "bob" })
    #expect(bob.pre == 70 && bob.post == 65 && bob.difference == -5 && bob.outcome == "worse")
    #expect(close(bob.normalizedGain, -5.0 / 30))
    #expect(report.trainees.first { $0.name == "cy" }?.outcome == "pre-only")
    #expect(report.trainees.first { $0.name == "dee" }?.outcome == "missing")
    // Empathy in percent: ann 50 → 100, bob 100 → 100.
    let empathy = try #require(report.criteria.first)
    #expect(empathy.summary.meanPre == 75 && empathy.summary.meanPost == 100)
    #expect(empathy.summary.unchanged == 1 && empathy.summary.improved == 1)
    // Only l1-agent has pairs (ann, bob); l2-specialist has bob's pre only.
    #expect(report.roles.map(\.id) == ["l1-agent", "l2-specialist"])
    #expect(report.roles[0].summary.n == 2 && report.roles[1].summary.n == 0)
    // KPIs for l1-agent: the paired trainees' sessions (ann, bob), pre 2, post 2; cy's
    // pre-only session is left out like her score. Nobody is paired in l2-specialist.
    let l1 = report.kpis[0]
    #expect(l1.pre.sessions == 2 && l1.post.sessions == 2)
    #expect(report.kpis[1].pre.sessions == 0 && report.kpis[1].pre.csat == nil)
    #expect(l1.pre.csat == 3 && l1.post.csat == 4)
    #expect(l1.pre.overEscalation == 1 && l1.post.escalationAccuracy == 1)
    #expect(l1.pre.firstContactResolution == 0 && l1.post.firstContactResolution == 1)
    #expect(l1.post.handleTimeSeconds == 300)
    let codes = report.warnings.map(\.code)
    #expect(codes == ["small-sample", "single-phase", "missing-members"])
  }

  @Test func numberedCriterionResultsKeepTheirNames() {
    let named = [
      CriterionTotals(trainee: "ann", criterion: "empathy", phase: .pre, points: 1, maxPoints: 2),
      CriterionTotals(trainee: "bob", criterion: "empathy", phase: .post, points: 2, maxPoints: 2),
      CriterionTotals(trainee: "ann", criterion: "greeting", phase: .post, points: 0, maxPoints: 1),
    ]
    let results = CriterionResults(named)
    #expect(results.trainees == ["ann", "bob"] && results.criteria == ["empathy", "greeting"])
    #expect(results.rows.map(\.trainee) == [0, 1, 0] && results.rows.map(\.criterion) == [0, 0, 1])
    #expect(results.totals == named)
    var input = EffectivenessInput(cohort: "c", members: [], phases: [], criteria: named, played: [])
    #expect(input.criteria == named)
    input.criteria = Array(named.prefix(1))
    #expect(input.criterionResults.rows.count == 1)
    // A row that points past the names is left out rather than trusted.
    let checked = CriterionResults(
      trainees: ["ann"], criteria: ["empathy"],
      rows: [
        CriterionResults.Row(trainee: 0, criterion: 0, phase: .pre, points: 1, maxPoints: 2),
        CriterionResults.Row(trainee: 1, criterion: 0, phase: .pre, points: 1, maxPoints: 2),
        CriterionResults.Row(trainee: 0, criterion: -1, phase: .pre, points: 1, maxPoints: 2),
      ])
    #expect(checked.rows.count == 1)
  }

  /// A store may number the same trainee or criterion twice (two reads, say): the report adds
  /// such rows up as one, as it does rows given by name.
  @Test func numberedRowsWithRepeatedNamesAddUp() throws {
    let phases = [row("ann", .pre, 50), row("ann", .post, 70), row("bob", .pre, 60), row("bob", .post, 65)]
    let numbered = CriterionResults(
      trainees: ["ann", "bob", "ann"], criteria: ["empathy", "empathy", "unused"],
      rows: [
        CriterionResults.Row(trainee: 0, criterion: 0, phase: .pre, points: 1, maxPoints: 2),
        CriterionResults.Row(trainee: 2, criterion: 1, phase: .pre, points: 1, maxPoints: 2),
        CriterionResults.Row(trainee: 0, criterion: 1, phase: .post, points: 2, maxPoints: 2),
        CriterionResults.Row(trainee: 1, criterion: 0, phase: .pre, points: 2, maxPoints: 4),
        CriterionResults.Row(trainee: 1, criterion: 0, phase: .post, points: 3, maxPoints: 4),
        // No points possible: not counted, and no criterion of its own.
        CriterionResults.Row(trainee: 1, criterion: 2, phase: .post, points: 0, maxPoints: 0),
      ])
    let byName = [
      CriterionTotals(trainee: "ann", criterion: "empathy", phase: .pre, points: 2, maxPoints: 4),
      CriterionTotals(trainee: "ann", criterion: "empathy", phase: .post, points: 2, maxPoints: 2),
      CriterionTotals(trainee: "bob", criterion: "empathy", phase: .pre, points: 2, maxPoints: 4),
      CriterionTotals(trainee: "bob", criterion: "empathy", phase: .post, points: 3, maxPoints: 4),
    ]
    let fromNumbers = EffectivenessReport.compute(
      EffectivenessInput(cohort: "c", members: [], phases: phases, criterionResults: numbered, played: []), seed: 3, resamples: 100)
    let fromNames = EffectivenessReport.compute(
      EffectivenessInput(cohort: "c", members: [], phases: phases, criteria: byName, played: []), seed: 3, resamples: 100)
    #expect(fromNumbers == fromNames)
    let empathy = try #require(fromNumbers.criteria.first)
    #expect(fromNumbers.criteria.map(\.id) == ["empathy"])
    #expect(empathy.summary.meanPre == 50 && empathy.summary.meanPost == 87.5)  // (50 + 50) / 2, (100 + 75) / 2
  }

  @Test func onlyPreAssessments() {
    let input = EffectivenessInput(
      cohort: "c", members: ["a", "b"], phases: [row("a", .pre, 40), row("b", .pre, 60)], criteria: [],
      played: [PlayedScenario(scenarioID: "s", phase: .pre, form: "A", version: "v1")])
    let report = EffectivenessReport.compute(input, seed: 1, resamples: 100)
    #expect(report.overall.n == 0)
    // Not "only 0 paired trainee(s): intervals are wide": there is nothing to compare at all.
    #expect(report.warnings.first?.message == "no trainee has both a pre and a post assessment yet: there is nothing to compare")
    #expect(report.warnings.map(\.code) == ["small-sample", "single-phase"])
    // No empty KPI charts: the page says why there are none.
    let html = EffectivenessHTML.render(report, generatedAt: "2026-11-29T03:00:00")
    #expect(html.contains("<p class=\"empty\">No trainee has both a pre and a post assessment in this role yet.</p>"))
    #expect(!html.contains("<figure class=\"kpi\">"))
  }

  @Test func slopeChartLabelsClearTheAxis() throws {
    // A long name at 100 printed over the "100" tick: the label ran left into the tick column.
    let name = "Maximilian-Alexander von Hohenzollern"
    let input = EffectivenessInput(
      cohort: "c", members: [], phases: [row(name, .pre, 100), row(name, .post, 100)], criteria: [], played: [])
    let svg = EffectivenessHTML.slopeChart(EffectivenessReport.compute(input, seed: 1, resamples: 100))
    func x(before marker: String) throws -> Double {
      let head = try #require(svg.components(separatedBy: marker).first)
      let value = try #require(head.components(separatedBy: "<text x=\"").last?.split(separator: "\"").first)
      return try #require(Double(value))
    }
    let tick = try x(before: "class=\"tick\" text-anchor=\"end\">100<")
    let label = "\(EffectivenessHTML.short(name)) 100.0"
    let labelEnd = try x(before: "text-anchor=\"end\" class=\"label\">\(label)")
    // 11 px text: at most about 6.6 units a character.
    #expect(labelEnd - 6.6 * Double(label.count) > tick + 4)
  }

  @Test func sameFormCeilingAndVersions() {
    let input = EffectivenessInput(
      cohort: "c", members: [],
      phases: [row("a", .pre, 95), row("a", .post, 96), row("b", .pre, 92), row("b", .post, 90)],
      criteria: [],
      played: [
        PlayedScenario(scenarioID: "s", phase: .pre, form: "A", version: "v1"),
        PlayedScenario(scenarioID: "s", phase: .post, form: "A", version: "v2"),
      ])
    let report = EffectivenessReport.compute(input, seed: 1, resamples: 100)
    let codes = report.warnings.map(\.code)
    #expect(codes == ["small-sample", "same-form", "ceiling", "version-changed"])
    #expect(report.warnings[2].message.contains("93.5"))
  }
}

@Suite("Report rendering")
struct ReportRenderingTests {
  @Test func numbers() {
    #expect(ReportNumber.score(72.46) == "72.5")
    #expect(ReportNumber.score(nil) == "–")
    #expect(ReportNumber.signed(-2.5) == "−2.5")
    #expect(ReportNumber.signed(-0.04) == "0.0")
    #expect(ReportNumber.signed(12.5) == "+12.5")
    #expect(ReportNumber.ratio(0.125) == "+0.13")
    #expect(ReportNumber.ratio(-1.333) == "−1.33")
    // A trainee 18.0 → 17.9 got worse: gain −0.1 / 82 rounds to zero and shows no sign, not "+0.00".
    #expect(ReportNumber.ratio(-0.1 / 82) == "0.00")
    #expect(ReportNumber.ratio(-1e-12) == "0.00" && ReportNumber.ratio(0) == "0.00")
    #expect(ReportNumber.percent(0.835) == "84%")
    #expect(ReportNumber.kpi("aht_seconds", 374.6) == "6:15")
    #expect(ReportNumber.plain(66.66666666) == "66.666667")
    #expect(ReportNumber.plain(50) == "50")
    #expect(ReportNumber.fixed(0.05, places: 0) == "0")
  }

  @Test func htmlAndCSVEscaping() {
    #expect(EffectivenessHTML.escape("Ann") == "Ann")
    // The effect-size cards keep their case: d_z and d_av, not DZ and DAV like the capitalised titles.
    #expect(EffectivenessHTML.card("d<sub>z</sub>", symbol: true, "+1", "").hasPrefix("<div class=\"card\"><div class=\"t sym\">d<sub>z</sub>"))
    #expect(EffectivenessHTML.card("Mean score", "1", "").hasPrefix("<div class=\"card\"><div class=\"t\">Mean score"))
    #expect(EffectivenessHTML.escape("<b>\"O'Neil\" & co</b>") == "&lt;b&gt;&quot;O&#39;Neil&quot; &amp; co&lt;/b&gt;")
    // One sanitiser everywhere (`neutralized`): ESC shows as ␛, other controls as U+FFFD.
    #expect(EffectivenessHTML.escape("a\u{1B}[31mb\u{85}") == "a␛[31mb\u{FFFD}")
    #expect(EffectivenessHTML.escape("Jürgen") == "Jürgen")
    #expect(EffectivenessCSV.field("=SUM(A1)") == "'=SUM(A1)")
    #expect(EffectivenessCSV.field("-5") == "-5")
    #expect(EffectivenessCSV.field("Smith, \"Jo\"") == "\"Smith, \"\"Jo\"\"\"")
  }

  @Test func xapiDurationAndStableIDs() {
    #expect(XAPIExporter.duration(120) == "PT2M")
    #expect(XAPIExporter.duration(3723.456) == "PT1H2M3.46S")
    #expect(XAPIExporter.duration(0) == "PT0S")
    #expect(XAPIExporter.timestamp(1_780_000_289.373) == "2026-05-28T20:31:29.373Z")
    #expect(XAPIExporter.timestamp(0) == "1970-01-01T00:00:00.000Z")
    #expect(XAPIExporter.timestamp(951_782_400) == "2000-02-29T00:00:00.000Z")
    let session = ExportedSession(
      id: 7, trainee: "ann", scenarioID: "s 1", scenarioTitle: "S", scenarioVersion: "v1", role: "l1-agent",
      language: "en", channel: "chat", mode: "assessment", phase: "pre", cohort: "c", form: "A",
      startedAt: 1_780_000_000, endedAt: 1_780_000_090, score: 80, passed: true, handleTimeSeconds: nil)
    let id = XAPIExporter.statementID(session)
    #expect(id == XAPIExporter.statementID(session))
    #expect(id.count == 36 && Array(id)[14] == "5")
    let statement = XAPIExporter().statement(session)
    #expect(statement["object"]?["id"] == .string("https://supportdojo.example/xapi/scenarios/s%201"))
    #expect(statement["result"]?["duration"] == .string("PT1M30S"))
    #expect(statement["result"]?["score"]?["scaled"] == .number(0.8))
    #expect(XAPIExporter().lines(session) == [XAPIExporter().line(session)])
  }

  @Test func xapiReviewedSessionVoidsTheEarlierStatements() throws {
    // A statement is immutable in a learning record store: the same id with another score is
    // refused (409). A review's score goes out under a new id, voiding the ones sent before.
    var session = ExportedSession(
      id: 7, trainee: "ann", scenarioID: "s", scenarioTitle: "S", scenarioVersion: "v1", role: "l1-agent",
      language: "en", channel: "chat", mode: "assessment", phase: "pre", cohort: "c", form: "A",
      startedAt: 1_780_000_000, endedAt: 1_780_000_090, score: 80, passed: true, handleTimeSeconds: 90)
    let automatic = XAPIExporter.statementID(session)
    session.score = 40
    session.passed = false
    session.reviewIDs = [3, 9]
    let lines = XAPIExporter().lines(session)
    #expect(lines.count == 3)
    let parsed = try lines.map { try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]) }
    let firstReview = XAPIExporter.statementID(session, review: 3)
    let reviewed = XAPIExporter.statementID(session)
    #expect(Set([automatic, firstReview, reviewed]).count == 3)
    #expect(reviewed == XAPIExporter.statementID(session, review: 9))
    for (line, voided) in zip(parsed.prefix(2), [automatic, firstReview]) {
      #expect((line["verb"] as? [String: Any])?["id"] as? String == "http://adlnet.gov/expapi/verbs/voided")
      let object = try #require(line["object"] as? [String: Any])
      #expect(object["objectType"] as? String == "StatementRef" && object["id"] as? String == voided)
      #expect((line["actor"] as? [String: Any])?["name"] as? String == "ann")
    }
    #expect(parsed[2]["id"] as? String == reviewed)
    #expect((parsed[2]["result"] as? [String: Any])?["success"] as? Bool == false)
    // Stable: the same export again gives the same lines.
    #expect(XAPIExporter().lines(session) == lines)
  }

  @Test func jsonWriting() throws {
    var text = ""
    JSONValue.object([
      "b": .string("say \"hi\"\n\u{1}"), "a": .number(0.846), "c": .number(100), "d": .integer(-3), "e": .bool(false),
    ]).write(to: &text)
    #expect(text == #"{"a":0.846,"b":"say \"hi\"\n\u0001","c":100,"d":-3,"e":false}"#)
    // It parses back with Foundation.
    let parsed = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]
    #expect(parsed?["b"] as? String == "say \"hi\"\n\u{1}")
  }
}
