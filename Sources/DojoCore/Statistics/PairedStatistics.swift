/// A 95% interval; both ends are percentiles of the bootstrap distribution.
public struct Interval: Sendable, Hashable, Codable {
  public var low: Double
  public var high: Double

  public init(low: Double, high: Double) {
    self.low = low
    self.high = high
  }
}

/// One trainee's (or one group's) value before and after a training.
public struct PrePost: Sendable, Hashable, Codable {
  public var pre: Double
  public var post: Double

  public init(pre: Double, post: Double) {
    self.pre = pre
    self.post = post
  }

  /// post − pre.
  public var difference: Double { post - pre }

  /// The normalised gain (post − pre) / (100 − pre) on a 0–100 scale; nil when pre is 100
  /// (there was nothing left to gain, so the ratio is undefined). A loss gives a negative gain.
  public var normalizedGain: Double? { Statistics.normalizedGain(pre: pre, post: post) }
}

/// Paired pre/post statistics for one group: means, mean difference, gains, effect sizes, shares.
///
/// Undefined values are nil, never NaN or infinity: an effect size needs at least two pairs and
/// a spread above zero; an interval needs at least two pairs.
public struct PairedSummary: Sendable, Hashable, Codable {
  /// Pairs (trainees with both a pre and a post value).
  public var n: Int
  public var meanPre: Double?
  public var meanPost: Double?
  /// Sample standard deviations (n − 1).
  public var sdPre: Double?
  public var sdPost: Double?
  /// Mean of post − pre.
  public var meanDifference: Double?
  public var meanDifferenceInterval: Interval?
  /// (mean post − mean pre) / (100 − mean pre); nil when mean pre is 100.
  public var normalizedGainOfMeans: Double?
  /// The mean of the per-pair gains that are defined.
  public var meanNormalizedGain: Double?
  /// Pairs whose pre value was 100, so their own gain is undefined.
  public var gainUndefined: Int
  /// d_z: mean difference / SD of the differences (the paired-samples effect size).
  public var dz: Double?
  public var dzInterval: Interval?
  /// d_av: mean difference / mean of the pre and post SDs (comparable with between-group d).
  public var dav: Double?
  public var davInterval: Interval?
  /// Shares of pairs that improved, got worse, stayed the same (0–1).
  public var improved: Int
  public var worse: Int
  public var unchanged: Int
  public var shareImproved: Double?
  public var shareWorse: Double?
  public var shareUnchanged: Double?

  private enum CodingKeys: String, CodingKey {
    case n, meanPre, meanPost, sdPre, sdPost, meanDifference, meanDifferenceInterval
    case normalizedGainOfMeans, meanNormalizedGain, gainUndefined, dz, dzInterval, dav, davInterval
    case improved, worse, unchanged, shareImproved, shareWorse, shareUnchanged
  }

  /// Encodes every key, with null for undefined values, so the JSON shape is stable.
  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(n, forKey: .n)
    try c.encode(meanPre, forKey: .meanPre)
    try c.encode(meanPost, forKey: .meanPost)
    try c.encode(sdPre, forKey: .sdPre)
    try c.encode(sdPost, forKey: .sdPost)
    try c.encode(meanDifference, forKey: .meanDifference)
    try c.encode(meanDifferenceInterval, forKey: .meanDifferenceInterval)
    try c.encode(normalizedGainOfMeans, forKey: .normalizedGainOfMeans)
    try c.encode(meanNormalizedGain, forKey: .meanNormalizedGain)
    try c.encode(gainUndefined, forKey: .gainUndefined)
    try c.encode(dz, forKey: .dz)
    try c.encode(dzInterval, forKey: .dzInterval)
    try c.encode(dav, forKey: .dav)
    try c.encode(davInterval, forKey: .davInterval)
    try c.encode(improved, forKey: .improved)
    try c.encode(worse, forKey: .worse)
    try c.encode(unchanged, forKey: .unchanged)
    try c.encode(shareImproved, forKey: .shareImproved)
    try c.encode(shareWorse, forKey: .shareWorse)
    try c.encode(shareUnchanged, forKey: .shareUnchanged)
  }
}

/// Pure statistics for pre/post measurements.
public enum Statistics {
  /// Rounding noise allowed in comparisons.
  public static let tolerance = 1e-9
  /// Differences smaller than this count as unchanged: scores are stored to one decimal, so a
  /// difference under 0.05 points is below what a score can show.
  public static let unchangedWithin = 0.05

  public static func mean(_ values: [Double]) -> Double? {
    values.isEmpty ? nil : values.reduce(0, +) / Double(values.count)
  }

  /// The sample standard deviation (n − 1); nil for fewer than two values.
  public static func standardDeviation(_ values: [Double]) -> Double? {
    guard values.count >= 2, let mean = mean(values) else { return nil }
    let squares = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
    return (squares / Double(values.count - 1)).squareRoot()
  }

  /// (post − pre) / (100 − pre); nil when pre is 100 or more.
  public static func normalizedGain(pre: Double, post: Double) -> Double? {
    guard pre < 100 - tolerance else { return nil }
    return (post - pre) / (100 - pre)
  }

  /// The percentile (0–1) of sorted values, interpolating linearly between neighbours
  /// (Hyndman & Fan type 7, the default of R and NumPy).
  public static func percentile(sorted: [Double], _ p: Double) -> Double? {
    guard !sorted.isEmpty else { return nil }
    let position = p * Double(sorted.count - 1)
    let lower = Int(position.rounded(.down))
    let upper = min(lower + 1, sorted.count - 1)
    let fraction = position - Double(lower)
    return sorted[lower] + (sorted[upper] - sorted[lower]) * fraction
  }

  /// Resamples the bootstrap draws; 2,000 is the usual choice for percentile intervals.
  public static let defaultResamples = 2000

  /// Computes every paired statistic; intervals come from a percentile bootstrap over the pairs
  /// with `resamples` draws from a SplitMix64 generator seeded with `seed`.
  public static func paired(_ pairs: [PrePost], seed: UInt64, resamples: Int = defaultResamples)
    -> PairedSummary
  {
    let n = pairs.count
    let pre = pairs.map(\.pre)
    let post = pairs.map(\.post)
    let differences = pairs.map(\.difference)
    let moments = Moments(pairs, indices: Array(0..<n))
    let gains = pairs.compactMap(\.normalizedGain)
    let improved = differences.filter { $0 >= unchangedWithin }.count
    let worse = differences.filter { $0 <= -unchangedWithin }.count
    let unchanged = n - improved - worse
    let meanPre = mean(pre)
    let meanPost = mean(post)
    var summary = PairedSummary(
      n: n, meanPre: meanPre, meanPost: meanPost, sdPre: standardDeviation(pre),
      sdPost: standardDeviation(post), meanDifference: mean(differences),
      meanDifferenceInterval: nil,
      normalizedGainOfMeans: meanPre.flatMap { pre in meanPost.flatMap { normalizedGain(pre: pre, post: $0) } },
      meanNormalizedGain: mean(gains), gainUndefined: n - gains.count,
      dz: moments.dz, dzInterval: nil, dav: moments.dav, davInterval: nil,
      improved: improved, worse: worse, unchanged: unchanged,
      shareImproved: n == 0 ? nil : Double(improved) / Double(n),
      shareWorse: n == 0 ? nil : Double(worse) / Double(n),
      shareUnchanged: n == 0 ? nil : Double(unchanged) / Double(n))
    guard n >= 2, resamples > 0 else { return summary }

    var generator = SeededGenerator(seed: seed)
    var means: [Double] = []
    var dzs: [Double] = []
    var davs: [Double] = []
    means.reserveCapacity(resamples)
    var indices = [Int](repeating: 0, count: n)
    for _ in 0..<resamples {
      for i in 0..<n { indices[i] = Int(generator.next() % UInt64(n)) }
      let draw = Moments(pairs, indices: indices)
      means.append(draw.meanDifference)
      if let dz = draw.dz { dzs.append(dz) }
      if let dav = draw.dav { davs.append(dav) }
    }
    summary.meanDifferenceInterval = interval(means, resamples: resamples)
    summary.dzInterval = interval(dzs, resamples: resamples)
    summary.davInterval = interval(davs, resamples: resamples)
    return summary
  }

  /// The 2.5th and 97.5th percentiles; nil when fewer than half of the draws were defined
  /// (for example when almost every draw repeats one pair and the spread is 0).
  private static func interval(_ draws: [Double], resamples: Int) -> Interval? {
    guard !draws.isEmpty, draws.count * 2 >= resamples else { return nil }
    let sorted = draws.sorted()
    guard let low = percentile(sorted: sorted, 0.025), let high = percentile(sorted: sorted, 0.975)
    else { return nil }
    return Interval(low: low, high: high)
  }
}

/// Sums over a (re)sample of pairs in one pass, for the mean difference and both effect sizes.
private struct Moments {
  var meanDifference = 0.0
  var dz: Double?
  var dav: Double?

  init(_ pairs: [PrePost], indices: [Int]) {
    let n = Double(indices.count)
    guard !indices.isEmpty else { return }
    var sumD = 0.0, sumD2 = 0.0, sumA = 0.0, sumA2 = 0.0, sumB = 0.0, sumB2 = 0.0
    for index in indices {
      let pair = pairs[index]
      let d = pair.post - pair.pre
      sumD += d
      sumD2 += d * d
      sumA += pair.pre
      sumA2 += pair.pre * pair.pre
      sumB += pair.post
      sumB2 += pair.post * pair.post
    }
    meanDifference = sumD / n
    guard indices.count >= 2 else { return }
    let sdD = Self.sd(sum: sumD, squares: sumD2, n: n)
    let sdA = Self.sd(sum: sumA, squares: sumA2, n: n)
    let sdB = Self.sd(sum: sumB, squares: sumB2, n: n)
    if sdD > 1e-9 { dz = meanDifference / sdD }
    let average = (sdA + sdB) / 2
    if average > 1e-9 { dav = meanDifference / average }
  }

  /// The sample SD from sums; a variance within rounding error of 0 counts as 0, so identical
  /// values give exactly 0 and no effect size.
  static func sd(sum: Double, squares: Double, n: Double) -> Double {
    let variance = (squares - sum * sum / n) / (n - 1)
    return variance > 1e-10 * max(1, squares / n) ? variance.squareRoot() : 0
  }
}
