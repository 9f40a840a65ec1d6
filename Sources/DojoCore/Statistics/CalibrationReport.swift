/// A reviewer's rating in a calibration round: points on the criterion's scale, or N/A.
public enum CalibrationRating: Sendable, Hashable, Codable {
  case points(Int)
  case notApplicable

  var points: Int? {
    if case .points(let value) = self { return value }
    return nil
  }

  /// N/A as its own category (-1) for the nominal measures.
  var category: Int { points ?? -1 }

  var label: String { points.map(String.init) ?? "na" }
}

/// What a calibration round collected: who rated which criterion of which session how, and
/// what the automatic scorer gave.
public struct CalibrationInput: Sendable, Hashable {
  /// A criterion of the round's scenarios.
  public struct Criterion: Sendable, Hashable {
    public var id: String
    public var name: String
    /// The top of the scale (ratings run 0…max).
    public var max: Int

    public init(id: String, name: String, max: Int) {
      self.id = id
      self.name = name
      self.max = max
    }
  }

  /// Which rating.
  public struct Key: Sendable, Hashable {
    public var session: Int64
    public var criterion: String
    /// The reviewer's name; nil for the automatic scorer.
    public var reviewer: String?

    public init(session: Int64, criterion: String, reviewer: String?) {
      self.session = session
      self.criterion = criterion
      self.reviewer = reviewer
    }
  }

  public var sessions: [Int64]
  public var reviewers: [String]
  public var criteria: [Criterion]
  /// Reviewer and automatic ratings; a missing key means not rated.
  public var ratings: [Key: CalibrationRating]

  public init(sessions: [Int64], reviewers: [String], criteria: [Criterion], ratings: [Key: CalibrationRating]) {
    self.sessions = sessions
    self.reviewers = reviewers
    self.criteria = criteria
    self.ratings = ratings
  }
}

/// Agreement in a calibration round, per criterion, between reviewers and with the automatic
/// scorer, and where the reviewers differ most.
///
/// N/A counts as a rating of its own for percent agreement and the nominal measures; on ordered
/// scales (more than two points) kappa is quadratic-weighted and alpha uses the interval metric,
/// with N/A left out as a missing value.
public struct CalibrationReport: Sendable, Hashable, Encodable {
  /// One criterion's agreement.
  public struct CriterionAgreement: Sendable, Hashable, Encodable {
    public var criterionID: String
    public var name: String
    public var max: Int
    /// Sessions with at least two reviewer ratings.
    public var units: Int
    public var percentAgreement: Double?
    /// `cohen-kappa` (two reviewers) or `krippendorff-alpha` (more).
    public var coefficient: String
    /// `nominal`, or `quadratic`/`interval` on ordered scales.
    public var metric: String
    public var value: Double?
    public var reading: AgreementReading?
    /// Share of reviewer ratings equal to the automatic one.
    public var autoAgreement: Double?

    public func encode(to encoder: any Encoder) throws {
      var c = encoder.container(keyedBy: CodingKeys.self)
      try c.encode(criterionID, forKey: .criterionID)
      try c.encode(name, forKey: .name)
      try c.encode(max, forKey: .max)
      try c.encode(units, forKey: .units)
      try c.encode(percentAgreement, forKey: .percentAgreement)
      try c.encode(coefficient, forKey: .coefficient)
      try c.encode(metric, forKey: .metric)
      try c.encode(value, forKey: .value)
      try c.encode(reading, forKey: .reading)
      try c.encode(autoAgreement, forKey: .autoAgreement)
    }

    enum CodingKeys: String, CodingKey {
      case criterionID, name, max, units, percentAgreement, coefficient, metric, value, reading, autoAgreement
    }
  }

  /// How often one reviewer agreed with the automatic scorer.
  public struct ReviewerAgreement: Sendable, Hashable, Encodable {
    public var reviewer: String
    public var ratings: Int
    public var autoAgreement: Double?

    public func encode(to encoder: any Encoder) throws {
      var c = encoder.container(keyedBy: CodingKeys.self)
      try c.encode(reviewer, forKey: .reviewer)
      try c.encode(ratings, forKey: .ratings)
      try c.encode(autoAgreement, forKey: .autoAgreement)
    }

    enum CodingKeys: String, CodingKey { case reviewer, ratings, autoAgreement }
  }

  /// A session and criterion where the reviewers' ratings spread widest.
  public struct Difference: Sendable, Hashable, Encodable {
    public var session: Int64
    public var criterionID: String
    /// The widest gap between two ratings as a share of the scale (N/A against a rating counts 1).
    public var spread: Double
    /// Reviewer → rating (`na` for N/A), and the automatic rating.
    public var ratings: [String: String]
    public var auto: String?

    public func encode(to encoder: any Encoder) throws {
      var c = encoder.container(keyedBy: CodingKeys.self)
      try c.encode(session, forKey: .session)
      try c.encode(criterionID, forKey: .criterionID)
      try c.encode(spread, forKey: .spread)
      try c.encode(ratings, forKey: .ratings)
      try c.encode(auto, forKey: .auto)
    }

    enum CodingKeys: String, CodingKey { case session, criterionID, spread, ratings, auto }
  }

  /// A session's mean spread over its criteria.
  public struct SessionSpread: Sendable, Hashable, Encodable {
    public var session: Int64
    public var meanSpread: Double
  }

  /// A session fewer than two reviewers rated, and who did: there is nothing to compare on it.
  public struct Coverage: Sendable, Hashable, Encodable {
    public var session: Int64
    public var raters: [String]
  }

  public var criteria: [CriterionAgreement]
  public var reviewers: [ReviewerAgreement]
  /// Sessions rated by fewer than two reviewers, in the round's order (agreement leaves them out).
  public var tooFewRaters: [Coverage]
  /// Up to ten session–criterion pairs with a spread above zero, widest first.
  public var differences: [Difference]
  /// Sessions by mean spread, widest first.
  public var sessions: [SessionSpread]

  public static func compute(_ input: CalibrationInput) -> CalibrationReport {
    let two = input.reviewers.count == 2
    var criteria: [CriterionAgreement] = []
    var differences: [Difference] = []
    var spreadsBySession: [Int64: [Double]] = [:]
    for criterion in input.criteria {
      let ordered = criterion.max > 1
      var nominalUnits: [[Int?]] = []
      var scaleUnits: [[Int?]] = []
      var autoMatches = 0, autoCompared = 0
      for session in input.sessions {
        let given = input.reviewers.map {
          input.ratings[CalibrationInput.Key(session: session, criterion: criterion.id, reviewer: $0)]
        }
        nominalUnits.append(given.map { $0?.category })
        scaleUnits.append(given.map { $0?.points })
        let auto = input.ratings[CalibrationInput.Key(session: session, criterion: criterion.id, reviewer: nil)]
        if let auto {
          for rating in given.compactMap({ $0 }) {
            autoCompared += 1
            if rating == auto { autoMatches += 1 }
          }
        }
        let present = given.compactMap { $0 }
        if present.count >= 2 {
          let spread = Self.spread(present, max: criterion.max)
          spreadsBySession[session, default: []].append(spread)
          if spread > 0 {
            var ratings: [String: String] = [:]
            for (reviewer, rating) in zip(input.reviewers, given) { ratings[reviewer] = rating?.label }
            differences.append(
              Difference(session: session, criterionID: criterion.id, spread: spread, ratings: ratings, auto: auto?.label))
          }
        }
      }
      let value: Double?
      let metric: String
      if two {
        metric = ordered ? "quadratic" : "nominal"
        value = ordered
          ? Agreement.cohensKappa(scaleUnits.map { $0[0] }, scaleUnits.map { $0[1] }, weighting: .quadratic)
          : Agreement.cohensKappa(nominalUnits.map { $0[0] }, nominalUnits.map { $0[1] })
      } else {
        metric = ordered ? "interval" : "nominal"
        value = ordered
          ? Agreement.krippendorffAlpha(scaleUnits, metric: .interval)
          : Agreement.krippendorffAlpha(nominalUnits, metric: .nominal)
      }
      criteria.append(
        CriterionAgreement(
          criterionID: criterion.id, name: criterion.name, max: criterion.max,
          units: nominalUnits.filter { $0.compactMap { $0 }.count >= 2 }.count,
          percentAgreement: Agreement.percentAgreement(nominalUnits),
          coefficient: two ? "cohen-kappa" : "krippendorff-alpha", metric: metric, value: value,
          reading: value.map(AgreementReading.init), autoAgreement: autoCompared == 0 ? nil : Double(autoMatches) / Double(autoCompared)))
    }
    let reviewers = input.reviewers.map { reviewer -> ReviewerAgreement in
      var matches = 0, compared = 0, rated = 0
      for session in input.sessions {
        for criterion in input.criteria {
          guard let rating = input.ratings[CalibrationInput.Key(session: session, criterion: criterion.id, reviewer: reviewer)]
          else { continue }
          rated += 1
          if let auto = input.ratings[CalibrationInput.Key(session: session, criterion: criterion.id, reviewer: nil)] {
            compared += 1
            if auto == rating { matches += 1 }
          }
        }
      }
      return ReviewerAgreement(reviewer: reviewer, ratings: rated, autoAgreement: compared == 0 ? nil : Double(matches) / Double(compared))
    }
    differences.sort { ($0.spread, $1.session, $1.criterionID) > ($1.spread, $0.session, $0.criterionID) }
    let sessions = spreadsBySession.map { SessionSpread(session: $0.key, meanSpread: $0.value.reduce(0, +) / Double($0.value.count)) }
      .sorted { ($0.meanSpread, $1.session) > ($1.meanSpread, $0.session) }
    let tooFew = input.sessions.compactMap { session -> Coverage? in
      let raters = input.reviewers.filter { reviewer in
        input.criteria.contains { input.ratings[CalibrationInput.Key(session: session, criterion: $0.id, reviewer: reviewer)] != nil }
      }
      return raters.count < 2 ? Coverage(session: session, raters: raters) : nil
    }
    return CalibrationReport(
      criteria: criteria, reviewers: reviewers, tooFewRaters: tooFew, differences: Array(differences.prefix(10)),
      sessions: sessions)
  }

  static func spread(_ ratings: [CalibrationRating], max: Int) -> Double {
    let points = ratings.compactMap(\.points)
    if points.count != ratings.count { return points.isEmpty ? 0 : 1 }
    guard let low = points.min(), let high = points.max(), max > 0 else { return 0 }
    return Double(high - low) / Double(max)
  }
}
