/// How far a reliability coefficient can be trusted, after Krippendorff's usual reading:
/// ≥ 0.80 reliable, 0.667–0.80 tentative conclusions only, below that the criterion needs rework.
public enum AgreementReading: String, Sendable, Hashable, Codable, CaseIterable {
  case reliable
  case tentative
  case rework

  /// The reading of a coefficient (kappa or alpha).
  public init(_ coefficient: Double) {
    if coefficient >= 0.8 {
      self = .reliable
    } else if coefficient >= 0.667 {
      self = .tentative
    } else {
      self = .rework
    }
  }
}

/// How far apart two ratings are, for the agreement measures.
public enum AgreementMetric: String, Sendable, Hashable, Codable, CaseIterable {
  /// Any two different values differ equally (categories without order).
  case nominal
  /// Ranks: the distance counts the ratings that lie between two values.
  case ordinal
  /// Numbers: the squared difference.
  case interval
}

/// Agreement between raters who rated the same units: percent agreement, Cohen's kappa (two
/// raters) and Krippendorff's alpha (any number of raters, missing ratings allowed).
///
/// Pure functions over ratings; a coefficient is nil where it is undefined (for example when
/// every rating is the same value, so chance agreement is already perfect).
public enum Agreement {
  /// The share of agreeing pairs: for each unit with two or more ratings, the share of its
  /// rater pairs that gave the same value, averaged over those units. `nil` ratings are missing.
  /// nil when no unit has two ratings.
  public static func percentAgreement<Value: Hashable>(_ units: [[Value?]]) -> Double? {
    var sum = 0.0
    var counted = 0
    for unit in units {
      let values = unit.compactMap { $0 }
      guard values.count >= 2 else { continue }
      var agreeing = 0
      var pairs = 0
      for i in values.indices {
        for j in values.indices where j > i {
          pairs += 1
          if values[i] == values[j] { agreeing += 1 }
        }
      }
      sum += Double(agreeing) / Double(pairs)
      counted += 1
    }
    return counted == 0 ? nil : sum / Double(counted)
  }

  /// Weights for Cohen's kappa on ordered scales.
  public enum KappaWeighting: String, Sendable, Hashable, Codable, CaseIterable {
    /// Plain kappa: every disagreement counts fully.
    case none
    /// Disagreement weighted by the distance between the values.
    case linear
    /// Disagreement weighted by the squared distance.
    case quadratic
  }

  /// Cohen's kappa for two raters who rated the same units (`first[i]` and `second[i]` rate
  /// unit i). Pairs where either rating is missing are left out. nil when no pair is left or
  /// the expected disagreement is zero (both raters used a single, same value).
  public static func cohensKappa(
    _ first: [Int?], _ second: [Int?], weighting: KappaWeighting = .none
  ) -> Double? {
    let pairs = zip(first, second).compactMap { a, b in a.flatMap { a in b.map { (a, $0) } } }
    guard !pairs.isEmpty else { return nil }
    let n = Double(pairs.count)
    var firstCounts: [Int: Double] = [:]
    var secondCounts: [Int: Double] = [:]
    for (a, b) in pairs {
      firstCounts[a, default: 0] += 1
      secondCounts[b, default: 0] += 1
    }
    func weight(_ a: Int, _ b: Int) -> Double {
      switch weighting {
      case .none: a == b ? 0 : 1
      case .linear: Double(abs(a - b))
      case .quadratic: Double((a - b) * (a - b))
      }
    }
    let observed = pairs.reduce(0.0) { $0 + weight($1.0, $1.1) } / n
    var expected = 0.0
    for (a, countA) in firstCounts {
      for (b, countB) in secondCounts {
        expected += weight(a, b) * countA * countB
      }
    }
    expected /= n * n
    guard expected > 0 else { return nil }
    return 1 - observed / expected
  }

  /// Krippendorff's alpha: `units[u]` holds the ratings of unit u, one per rater, nil where a
  /// rater gave none. Units with fewer than two ratings cannot be paired and are left out.
  /// nil when fewer than two pairable ratings remain or they show no variation at all.
  public static func krippendorffAlpha(_ units: [[Int?]], metric: AgreementMetric) -> Double? {
    let pairable = units.map { $0.compactMap { $0 } }.filter { $0.count >= 2 }
    let values = Array(Set(pairable.flatMap { $0 })).sorted()
    guard values.count >= 1 else { return nil }
    let index = Dictionary(uniqueKeysWithValues: values.enumerated().map { ($1, $0) })
    let k = values.count
    // The coincidence matrix: each ordered pair of ratings within a unit, weighted 1/(m_u - 1).
    var coincidences = Array(repeating: Array(repeating: 0.0, count: k), count: k)
    for unit in pairable {
      let share = 1 / Double(unit.count - 1)
      for i in unit.indices {
        for j in unit.indices where j != i {
          coincidences[index[unit[i]]!][index[unit[j]]!] += share
        }
      }
    }
    let marginals = coincidences.map { $0.reduce(0, +) }
    let n = marginals.reduce(0, +)
    guard n > 1 else { return nil }
    func distance(_ c: Int, _ d: Int) -> Double {
      switch metric {
      case .nominal:
        return c == d ? 0 : 1
      case .interval:
        let difference = Double(values[c] - values[d])
        return difference * difference
      case .ordinal:
        let (low, high) = (min(c, d), max(c, d))
        let between = marginals[low...high].reduce(0, +) - (marginals[low] + marginals[high]) / 2
        return between * between
      }
    }
    var observed = 0.0
    var expected = 0.0
    for c in 0..<k {
      for d in 0..<k where d != c {
        let delta = distance(c, d)
        observed += coincidences[c][d] * delta
        expected += marginals[c] * marginals[d] * delta
      }
    }
    observed /= n
    expected /= n * (n - 1)
    guard expected > 0 else { return nil }
    return 1 - observed / expected
  }
}
