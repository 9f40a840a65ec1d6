import Testing

@testable import DojoCore

@Suite("Agreement statistics")
struct AgreementTests {
  /// Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", the example with four
  /// observers, twelve units and missing values.
  static let krippendorffExample: [[Int?]] = {
    let a: [Int?] = [1, 2, 3, 3, 2, 1, 4, 1, 2, nil, nil, nil]
    let b: [Int?] = [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, nil, 3]
    let c: [Int?] = [nil, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, nil]
    let d: [Int?] = [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, nil]
    return (0..<12).map { [a[$0], b[$0], c[$0], d[$0]] }
  }()

  @Test("Krippendorff's worked example: nominal 0.743, ordinal 0.815, interval 0.849")
  func krippendorffPublished() throws {
    let nominal = try #require(Agreement.krippendorffAlpha(Self.krippendorffExample, metric: .nominal))
    let ordinal = try #require(Agreement.krippendorffAlpha(Self.krippendorffExample, metric: .ordinal))
    let interval = try #require(Agreement.krippendorffAlpha(Self.krippendorffExample, metric: .interval))
    #expect(abs(nominal - 0.743) < 0.0005)
    #expect(abs(ordinal - 0.815) < 0.0005)
    #expect(abs(interval - 0.849) < 0.0005)
  }

  @Test("alpha: perfect agreement is 1; no variation at all is undefined, not NaN")
  func alphaEdges() {
    #expect(Agreement.krippendorffAlpha([[1, 1], [0, 0], [1, 1]], metric: .nominal) == 1)
    #expect(Agreement.krippendorffAlpha([[1, 1, 1], [1, 1, nil]], metric: .nominal) == nil)
    #expect(Agreement.krippendorffAlpha([[1, nil], [nil, 0]], metric: .interval) == nil)
    #expect(Agreement.krippendorffAlpha([], metric: .ordinal) == nil)
  }

  @Test("alpha by hand: two raters, binary, one disagreement in four units")
  func alphaByHand() throws {
    // Pairs (1,1) (1,0) (0,0) (1,1): coincidences o11 = 4, o00 = 2, o10 = o01 = 1; n = 8,
    // n1 = 5, n0 = 3. Do = 2/8, De = 2·5·3/(8·7) = 30/56; alpha = 1 − (1/4)/(30/56) = 8/15.
    let alpha = try #require(Agreement.krippendorffAlpha([[1, 1], [1, 0], [0, 0], [1, 1]], metric: .nominal))
    #expect(abs(alpha - 8.0 / 15.0) < 1e-12)
  }

  @Test("Cohen's kappa: the textbook 50-item example (20/5/10/15) gives 0.4")
  func kappaTextbook() throws {
    var first: [Int?] = []
    var second: [Int?] = []
    for (a, b, count) in [(1, 1, 20), (1, 0, 5), (0, 1, 10), (0, 0, 15)] {
      first += Array(repeating: a, count: count)
      second += Array(repeating: b, count: count)
    }
    let kappa = try #require(Agreement.cohensKappa(first, second))
    #expect(abs(kappa - 0.4) < 1e-12)
  }

  @Test("weighted kappa by hand: unweighted 0.2, linear 3/7, quadratic 7/11")
  func kappaWeighted() throws {
    let first: [Int?] = [0, 1, 2, 2]
    let second: [Int?] = [0, 2, 2, 1]
    #expect(abs(try #require(Agreement.cohensKappa(first, second)) - 0.2) < 1e-12)
    #expect(abs(try #require(Agreement.cohensKappa(first, second, weighting: .linear)) - 3.0 / 7.0) < 1e-12)
    #expect(abs(try #require(Agreement.cohensKappa(first, second, weighting: .quadratic)) - 7.0 / 11.0) < 1e-12)
  }

  @Test("kappa: missing pairs are left out; one category only is undefined")
  func kappaEdges() {
    #expect(Agreement.cohensKappa([1, 0, nil], [1, 0, 1]) == 1)
    #expect(Agreement.cohensKappa([1, 1, 1], [1, 1, 1]) == nil)
    #expect(Agreement.cohensKappa([nil], [1]) == nil)
  }

  @Test("percent agreement: pairs within units, averaged over units")
  func percent() {
    #expect(Agreement.percentAgreement([[1, 1], [1, 0], [0, 0], [1, 1]]) == 0.75)
    // Three raters 1, 1, 2: one agreeing pair of three.
    #expect(Agreement.percentAgreement([[1, 1, 2], [0, 0, nil]]) == (1.0 / 3.0 + 1) / 2)
    #expect(Agreement.percentAgreement([[1, nil]] as [[Int?]]) == nil)
  }

  @Test("the reading: ≥ 0.80 reliable, 0.667–0.80 tentative, below that rework")
  func reading() {
    #expect(AgreementReading(0.8) == .reliable)
    #expect(AgreementReading(0.743) == .tentative)
    #expect(AgreementReading(0.667) == .tentative)
    #expect(AgreementReading(0.5) == .rework)
  }
}
