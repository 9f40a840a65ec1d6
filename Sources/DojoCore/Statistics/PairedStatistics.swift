import Dispatch
import Synchronization

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
  /// with `resamples` draws from a SplitMix64 generator seeded with `seed`: resample `r` takes
  /// the generator's draws `r·n + 1 … (r + 1)·n` as indices (Lemire's multiply-shift).
  public static func paired(_ pairs: [PrePost], seed: UInt64, resamples: Int = defaultResamples)
    -> PairedSummary
  {
    var summary = described(pairs)
    guard pairs.count >= 2, resamples > 0 else { return summary }
    let draws = Bootstrap(groups: [pairs], seed: seed).draws(resamples: 0..<resamples)
    summary.meanDifferenceInterval = interval(draws.means[0], resamples: resamples)
    summary.dzInterval = interval(draws.dzs[0], resamples: resamples)
    summary.davInterval = interval(draws.davs[0], resamples: resamples)
    return summary
  }

  /// `paired` for many groups at once, on all cores; the same seed for each group, so the
  /// result equals calling `paired` on each group in turn.
  ///
  /// Groups of the same size draw the same indices, so each resample's indices are drawn once
  /// and summed into two groups at a time (one SIMD lane each, in the same order as `paired`,
  /// so the sums are bit for bit the same); the resamples are split over the cores.
  public static func pairedInParallel(_ groups: [[PrePost]], seed: UInt64, resamples: Int = defaultResamples)
    -> [PairedSummary]
  {
    var summaries = groups.map(described)
    guard resamples > 0 else { return summaries }
    // Groups by size (those with at least two pairs), in order of first appearance. A group
    // with the same pairs as one before it (a cohort in one role: the role and the whole
    // cohort) gets that group's intervals rather than a bootstrap of its own.
    var bySize: [Int: [Int]] = [:]
    var sizes: [Int] = []
    var sameAs: [(group: Int, earlier: Int)] = []
    for (index, group) in groups.enumerated() where group.count >= 2 {
      if let earlier = bySize[group.count]?.first(where: { groups[$0] == group }) {
        sameAs.append((index, earlier))
        continue
      }
      if bySize[group.count] == nil { sizes.append(group.count) }
      bySize[group.count, default: []].append(index)
    }
    let bootstraps = sizes.map { size in Bootstrap(groups: (bySize[size] ?? []).map { groups[$0] }, seed: seed) }
    // Chunks of resamples per size, enough to keep every core busy to the end.
    let chunk = max(25, resamples / 32)
    let tasks = bootstraps.indices.flatMap { b in
      stride(from: 0, to: resamples, by: chunk).map { (bootstrap: b, resamples: $0..<min($0 + chunk, resamples)) }
    }
    let results = Slots<Bootstrap.Draws>(count: tasks.count)
    DispatchQueue.concurrentPerform(iterations: tasks.count) { index in
      let task = tasks[index]
      results.set(index, bootstraps[task.bootstrap].draws(resamples: task.resamples))
    }
    let draws = results.values
    let parts = sizes.indices.map { b in tasks.indices.filter { tasks[$0].bootstrap == b }.map { draws[$0] } }
    // The intervals (sorting each group's draws), spread over the cores as well.
    let jobs = sizes.indices.flatMap { b in
      (bySize[sizes[b]] ?? []).enumerated().map { (group: $0.element, bootstrap: b, lane: $0.offset) }
    }
    let intervals = Slots<[Interval?]>(count: jobs.count)
    DispatchQueue.concurrentPerform(iterations: jobs.count) { index in
      let job = jobs[index]
      let own = parts[job.bootstrap]
      intervals.set(
        index,
        [
          interval(own.flatMap { $0.means[job.lane] }, resamples: resamples),
          interval(own.flatMap { $0.dzs[job.lane] }, resamples: resamples),
          interval(own.flatMap { $0.davs[job.lane] }, resamples: resamples),
        ])
    }
    for (job, found) in zip(jobs, intervals.values) {
      summaries[job.group].meanDifferenceInterval = found[0]
      summaries[job.group].dzInterval = found[1]
      summaries[job.group].davInterval = found[2]
    }
    for (group, earlier) in sameAs {
      summaries[group].meanDifferenceInterval = summaries[earlier].meanDifferenceInterval
      summaries[group].dzInterval = summaries[earlier].dzInterval
      summaries[group].davInterval = summaries[earlier].davInterval
    }
    return summaries
  }

  /// Every statistic but the intervals.
  private static func described(_ pairs: [PrePost]) -> PairedSummary {
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
    return PairedSummary(
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
  }

  /// The 2.5th and 97.5th percentiles; nil when more than a tenth of the draws were undefined
  /// (a draw that repeats one pair has no spread, so with two or three pairs an effect size's
  /// draws are too often undefined for the rest to be an honest interval).
  private static func interval(_ draws: [Double], resamples: Int) -> Interval? {
    guard !draws.isEmpty, draws.count * 10 >= resamples * 9 else { return nil }
    let sorted = draws.sorted()
    guard let low = percentile(sorted: sorted, 0.025), let high = percentile(sorted: sorted, 0.975)
    else { return nil }
    return Interval(low: low, high: high)
  }

  /// The generator `SeededGenerator(seed:)` becomes after `draws` calls of `next()`: SplitMix64's
  /// state is a counter (each call adds the same constant), so resample `r` can start at draw
  /// `r·n` without drawing what comes before (a test checks this against drawing in turn).
  static func generator(seed: UInt64, after draws: UInt64) -> SeededGenerator {
    SeededGenerator(seed: seed &+ draws &* 0x9E37_79B9_7F4A_7C15)
  }
}

/// The percentile bootstrap of groups of the same size: the same indices for every group.
///
/// Laid out for the cache: a block holds two groups' pre and post values (one SIMD lane per
/// group, 32 bytes a pair; the squares and the product are worked out in the loop, which gives
/// the same values as working them out beforehand), and the indices of `chunk` resamples are
/// drawn at once, so a block is read for all of them while it is in the cache. A block of 10,000
/// pairs is 320 KB and stays in a core's own (L2) cache: the time grows with the number of
/// pairs, not faster (the old layout, 160 bytes a pair for four groups, did not fit).
private struct Bootstrap: Sendable {
  /// One pair of two groups (one per lane).
  struct Entry: Sendable {
    var pre = SIMD2<Double>(), post = SIMD2<Double>()
  }

  /// The sums of one resample for two groups: pre, pre², post, post², pre·post (the order and
  /// the arithmetic of `Moments.Sums.add`).
  struct Sums {
    var a = SIMD2<Double>(), a2 = SIMD2<Double>(), b = SIMD2<Double>(), b2 = SIMD2<Double>(), ab = SIMD2<Double>()
  }

  /// Per group, per resample: the mean difference and the effect sizes that are defined.
  struct Draws: Sendable {
    var means: [[Double]]
    var dzs: [[Double]]
    var davs: [[Double]]
  }

  /// Resamples whose indices are drawn together.
  static let chunk = 8

  let n: Int
  let groups: Int
  let seed: UInt64
  /// Blocks of up to two groups, `n` entries each.
  let blocks: [[Entry]]

  init(groups: [[PrePost]], seed: UInt64) {
    let n = groups.first?.count ?? 0
    self.n = n
    self.groups = groups.count
    self.seed = seed
    blocks = stride(from: 0, to: groups.count, by: 2).map { first in
      let lanes = groups[first..<min(first + 2, groups.count)]
      return (0..<n).map { i in
        var entry = Entry()
        for (lane, group) in lanes.enumerated() {
          entry.pre[lane] = group[i].pre
          entry.post[lane] = group[i].post
        }
        return entry
      }
    }
  }

  /// The draws of the resamples `range`.
  func draws(resamples range: Range<Int>) -> Draws {
    var result = Draws(
      means: Array(repeating: [], count: groups), dzs: Array(repeating: [], count: groups),
      davs: Array(repeating: [], count: groups))
    for g in 0..<groups {
      result.means[g].reserveCapacity(range.count)
      result.dzs[g].reserveCapacity(range.count)
      result.davs[g].reserveCapacity(range.count)
    }
    // Indices of up to `chunk` resamples, one after the other (Int32: a group of more than
    // two billion pairs is not a report).
    var indices = [Int32](repeating: 0, count: n * Self.chunk)
    var sums = [Sums](repeating: Sums(), count: Self.chunk * blocks.count)
    let count = UInt64(n)
    for first in stride(from: range.lowerBound, to: range.upperBound, by: Self.chunk) {
      let resamples = min(Self.chunk, range.upperBound - first)
      for r in 0..<resamples {
        var generator = Statistics.generator(seed: seed, after: UInt64(first + r) &* count)
        for i in 0..<n {
          indices[r * n + i] = Int32(truncatingIfNeeded: generator.next().multipliedFullWidth(by: count).high)
        }
      }
      for (b, block) in blocks.enumerated() {
        block.withUnsafeBufferPointer { entries in
          indices.withUnsafeBufferPointer { indices in
            for r in 0..<resamples {
              var s = Sums()
              for index in indices[(r * n)..<(r * n + n)] {
                let entry = entries[Int(index)]
                s.a += entry.pre
                s.a2 += entry.pre * entry.pre
                s.b += entry.post
                s.b2 += entry.post * entry.post
                s.ab += entry.pre * entry.post
              }
              sums[r * blocks.count + b] = s
            }
          }
        }
      }
      for r in 0..<resamples {
        for b in blocks.indices {
          let s = sums[r * blocks.count + b]
          for lane in 0..<min(2, groups - b * 2) {
            let moments = Moments(a: s.a[lane], a2: s.a2[lane], b: s.b[lane], b2: s.b2[lane], ab: s.ab[lane], n: n)
            result.means[b * 2 + lane].append(moments.meanDifference)
            if let dz = moments.dz { result.dzs[b * 2 + lane].append(dz) }
            if let dav = moments.dav { result.davs[b * 2 + lane].append(dav) }
          }
        }
      }
    }
    return result
  }
}

/// Sums over a (re)sample of pairs in one pass, for the mean difference and both effect sizes.
private struct Moments {
  var meanDifference = 0.0
  var dz: Double?
  var dav: Double?

  /// Over all pairs.
  init(_ pairs: [PrePost], indices: [Int]) {
    var sums = Sums()
    for index in indices { sums.add(pre: pairs[index].pre, post: pairs[index].post) }
    self.init(sums, n: indices.count)
  }

  /// From sums already taken (a bootstrap resample of `n` pairs).
  init(a: Double, a2: Double, b: Double, b2: Double, ab: Double, n: Int) {
    self.init(Sums(a: a, a2: a2, b: b, b2: b2, ab: ab), n: n)
  }

  /// Sums of pre, post, their squares and their product; the differences' sums follow from them.
  private struct Sums {
    var a = 0.0, a2 = 0.0, b = 0.0, b2 = 0.0, ab = 0.0

    @inline(__always)
    mutating func add(pre: Double, post: Double) {
      a += pre
      a2 += pre * pre
      b += post
      b2 += post * post
      ab += pre * post
    }

    var d: Double { b - a }
    var d2: Double { b2 - 2 * ab + a2 }
  }

  private init(_ sums: Sums, n count: Int) {
    guard count > 0 else { return }
    let n = Double(count)
    meanDifference = sums.d / n
    guard count >= 2 else { return }
    let sdD = Self.sd(sum: sums.d, squares: sums.d2, n: n)
    let sdA = Self.sd(sum: sums.a, squares: sums.a2, n: n)
    let sdB = Self.sd(sum: sums.b, squares: sums.b2, n: n)
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

/// Results written by concurrent workers, each into its own slot.
private final class Slots<Value: Sendable>: Sendable {
  private let slots: Mutex<[Value?]>

  init(count: Int) { slots = Mutex([Value?](repeating: nil, count: count)) }

  func set(_ index: Int, _ value: Value) { slots.withLock { $0[index] = value } }

  var values: [Value] { slots.withLock { $0.compactMap { $0 } } }
}
