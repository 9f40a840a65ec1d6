import DojoCore
import Foundation
import Testing

/// SplitMix64: a small seeded generator, so a fuzz run is the same on every machine.
struct FuzzRandom: RandomNumberGenerator {
  private var state: UInt64

  init(seed: UInt64) { state = seed }

  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}

/// Mutates text files the way hostile or clumsy input does: bytes changed, lines cut, moved and
/// repeated, and tokens that stress a YAML loader inserted (line endings, anchors and aliases,
/// huge and odd numbers, quotes, brackets, control characters, template braces).
struct TextMutator {
  /// Tokens worth inserting; each is short, so mutated files stay small.
  static let tokens: [String] = [
    "\r\n", "\r", "\n", "\t", "\u{0}", "\u{7}", "\u{FEFF}", "\u{202E}", " ", ": ", "- ", "? ", "#", "'", "\"", "[", "]", "{", "}",
    ",", "|", ">", "|-", "---\n", "...\n", "&a ", "*a", "&b [*a, *a, *a, *a] ", "<<: *a\n", "!!binary ", "!!str ", "!foo ",
    "9223372036854775807", "-9223372036854775808", "99999999999999999999", "1e308", "-1e308", "1e-320", ".inf", "-.inf",
    ".nan", "nan", "-1", "0", "+0", "-0", "0x10", "1_000", "~", "null", "true", "yes", "@", "@empathy", "@nope", "a|b", "|",
    "{{", "}}", "{{product.name}}", "{{product.nope}}", "{{ product.plans }}", "mood: 9223372036854775807",
    "weight: 1e308", "misses: 99999999999", "window: [1, 9999999999]", "pass: -1", "difficulty: 9223372036854775807",
    "goto: opening", "goto: nowhere", "end: resolved", "expects: [empathy]", "Grüße ", "e\u{301}", "ß", "😀",
  ]

  var random: FuzzRandom

  mutating func mutate(_ text: String, corpus: [String]) -> String {
    var bytes = Array(text.utf8)
    for _ in 0..<Int.random(in: 1...4, using: &random) {
      mutateOnce(&bytes, corpus: corpus)
    }
    // Mutations work on bytes; the loaders read UTF-8 text, so invalid sequences are repaired
    // here (files that are not UTF-8 are refused before any parsing, see the not-utf8 fixture).
    return String(decoding: bytes, as: UTF8.self)
  }

  private mutating func position(_ bytes: [UInt8]) -> Int { Int.random(in: 0...bytes.count, using: &random) }

  private mutating func lineRanges(_ bytes: [UInt8]) -> [Range<Int>] {
    var ranges: [Range<Int>] = []
    var start = 0
    for (index, byte) in bytes.enumerated() where byte == UInt8(ascii: "\n") {
      ranges.append(start..<(index + 1))
      start = index + 1
    }
    if start < bytes.count { ranges.append(start..<bytes.count) }
    return ranges
  }

  private mutating func mutateOnce(_ bytes: inout [UInt8], corpus: [String]) {
    switch Int.random(in: 0..<11, using: &random) {
    case 0 where !bytes.isEmpty:  // change one byte
      bytes[Int.random(in: 0..<bytes.count, using: &random)] = UInt8.random(in: 0...127, using: &random)
    case 1 where !bytes.isEmpty:  // delete a span
      let start = Int.random(in: 0..<bytes.count, using: &random)
      bytes.removeSubrange(start..<min(bytes.count, start + Int.random(in: 1...40, using: &random)))
    case 2 where !bytes.isEmpty:  // repeat a span somewhere else
      let start = Int.random(in: 0..<bytes.count, using: &random)
      let span = Array(bytes[start..<min(bytes.count, start + Int.random(in: 1...80, using: &random))])
      bytes.insert(contentsOf: span, at: position(bytes))
    case 3, 4:  // insert a token
      bytes.insert(contentsOf: Array(Self.tokens.randomElement(using: &random)!.utf8), at: position(bytes))
    case 5:  // replace a number with an odd one
      let lines = lineRanges(bytes)
      guard let line = lines.randomElement(using: &random) else { return }
      guard let digit = bytes[line].firstIndex(where: { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else { return }
      var end = digit
      while end < line.upperBound, bytes[end] >= UInt8(ascii: "0") && bytes[end] <= UInt8(ascii: "9") { end += 1 }
      let odd = ["9223372036854775807", "-9223372036854775808", "99999999999999999999", "-1", "0", "1e308", ".nan", "-5", "6"]
      bytes.replaceSubrange(digit..<end, with: Array(odd.randomElement(using: &random)!.utf8))
    case 6:  // swap two lines
      let lines = lineRanges(bytes)
      guard lines.count > 1 else { return }
      let a = lines.randomElement(using: &random)!, b = lines.randomElement(using: &random)!
      guard a != b else { return }
      let (first, second) = a.lowerBound < b.lowerBound ? (a, b) : (b, a)
      var swapped = Array(bytes[..<first.lowerBound])
      swapped += bytes[second]
      swapped += bytes[first.upperBound..<second.lowerBound]
      swapped += bytes[first]
      swapped += bytes[second.upperBound...]
      bytes = swapped
    case 7:  // every line ending becomes CRLF or CR
      let ending: [UInt8] = Bool.random(using: &random) ? [13, 10] : [13]
      bytes = bytes.flatMap { $0 == UInt8(ascii: "\n") ? ending : [$0] }
    case 8:  // a line from another corpus file
      guard let other = corpus.randomElement(using: &random) else { return }
      let otherBytes = Array(other.utf8)
      guard let line = lineRanges(otherBytes).randomElement(using: &random) else { return }
      let target = lineRanges(bytes).randomElement(using: &random)?.lowerBound ?? 0
      bytes.insert(contentsOf: otherBytes[line], at: target)
    case 9:  // indent or dedent a line
      guard let line = lineRanges(bytes).randomElement(using: &random) else { return }
      if Bool.random(using: &random) {
        bytes.insert(contentsOf: Array(repeating: UInt8(ascii: " "), count: Int.random(in: 1...4, using: &random)), at: line.lowerBound)
      } else if bytes[line].first == UInt8(ascii: " ") {
        bytes.remove(at: line.lowerBound)
      }
    default:  // anchor a line's value and alias it on another line
      let lines = lineRanges(bytes)
      guard lines.count > 1, let a = lines.randomElement(using: &random), let colon = bytes[a].firstIndex(of: UInt8(ascii: ":")) else { return }
      let b = lines.randomElement(using: &random)!
      guard let otherColon = bytes[b].firstIndex(of: UInt8(ascii: ":")), b.lowerBound > a.lowerBound else { return }
      let end = b.upperBound - (bytes[b].last == UInt8(ascii: "\n") ? 1 : 0)
      bytes.replaceSubrange((otherColon + 1)..<end, with: Array(" *fz".utf8))
      bytes.insert(contentsOf: Array(" &fz".utf8), at: colon + 1)
    }
  }
}

/// The kinds of files the fuzzer feeds, each with the checks it runs on one input.
enum FuzzKind: String, CaseIterable, Sendable {
  case scenario, product, template, lexicon
}

/// Runs one input of a kind through its loader and everything that uses what it loads, and
/// records an issue when a loader breaks its own rules. A crash or an overflow trap ends the
/// whole test run, which is the finding; `FuzzHarness.save` keeps the input that did it.
struct FuzzHarness {
  let lexicon: Lexicon
  let products: [Product]
  let templates: [String]
  /// The minimal scenario, whose one criterion the lexicon fuzzer points at fuzzed concepts.
  let minimal: Scenario?

  init() throws {
    lexicon = LexiconLoader.load(directory: try Fixtures.path("lexicon")).lexicon
    minimal = ScenarioLoader(lexicon: lexicon).load(path: try Fixtures.path("valid/minimal.yaml")).scenario
    products = try FuzzHarness.corpus(.product).compactMap { ProductLoader.parse(yaml: $0.text, file: $0.name).product }
    templates = try FuzzHarness.corpus(.template).map(\.text)
  }

  /// The seed inputs of a kind under Fixtures/fuzz/corpus/<kind>/.
  static func corpus(_ kind: FuzzKind) throws -> [(name: String, text: String)] {
    try files(in: "fuzz/corpus/\(kind.rawValue)")
  }

  /// Inputs that once crashed, hung or broke a rule, under Fixtures/fuzz/regressions/<kind>/.
  static func regressions(_ kind: FuzzKind) throws -> [(name: String, text: String)] {
    try files(in: "fuzz/regressions/\(kind.rawValue)")
  }

  private static func files(in folder: String) throws -> [(name: String, text: String)] {
    let directory = try Fixtures.path(folder)
    let names = ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).filter { !$0.hasPrefix(".") }.sorted()
    return names.map { name in
      let data = FileManager.default.contents(atPath: (directory as NSString).appendingPathComponent(name)) ?? Data()
      return (name, String(decoding: data, as: UTF8.self))
    }
  }

  /// Checks that hold for every diagnostic list: positions inside the file (or just after it).
  private func checkPositions(_ diagnostics: [Diagnostic], _ text: String, _ label: String) {
    let lines = TextFile.normalizingLineEndings(text).split(separator: "\n", omittingEmptySubsequences: false).count
    for diagnostic in diagnostics {
      let location = diagnostic.location
      #expect(location.line >= 1 && location.column >= 1 && location.line <= lines + 1, "\(label): \(diagnostic)")
    }
  }

  func run(_ kind: FuzzKind, _ text: String, label: String) {
    switch kind {
    case .scenario: scenario(text, label: label)
    case .product: product(text, label: label)
    case .template: template(text, label: label)
    case .lexicon: lexiconFile(text, label: label)
    }
  }

  func scenario(_ text: String, label: String) {
    let (scenario, diagnostics) = ScenarioLoader(lexicon: lexicon).parse(yaml: text, file: label)
    checkPositions(diagnostics, text, label)
    #expect((scenario == nil) == diagnostics.contains { $0.severity == .error }, "\(label): \(diagnostics)")
    guard var scenario else { return }
    scenario.version = scenario.computeContentVersion()
    let warnings = Linter(lexicon: lexicon).warnings(for: scenario)
    checkPositions(warnings, text, label)
    // Play what linted: model path and random paths through engine and scorer.
    var autoplay = Autoplay(CompiledScenario(scenario, lexicon: lexicon))
    autoplay.maxTurns = 12
    _ = autoplay.run(runs: 2, seed: 7)
  }

  func product(_ text: String, label: String) {
    let (product, diagnostics) = ProductLoader.parse(yaml: text, file: label)
    checkPositions(diagnostics, text, label)
    #expect((product == nil) == diagnostics.contains { $0.severity == .error }, "\(label): \(diagnostics)")
    guard let product else { return }
    for template in templates {
      _ = TemplateRenderer.renderScenario(template, file: "template.yaml", product: product)
    }
  }

  func template(_ text: String, label: String) {
    for product in products {
      let rendered = TemplateRenderer.renderScenario(text, file: label, product: product)
      checkPositions(rendered.diagnostics, text, label)
      #expect((rendered.text == nil) == rendered.diagnostics.contains { $0.severity == .error }, "\(label): \(rendered.diagnostics)")
      if let body = rendered.text { scenario(body, label: label) }
    }
  }

  func lexiconFile(_ text: String, label: String) {
    let parsed = LexiconLoader.parse(yaml: text, file: label)
    checkPositions(parsed.diagnostics, text, label)
    guard let language = parsed.language, var scenario = minimal else { return }
    // Score a reply against the fuzzed concepts, as a scenario that uses them would.
    var lexicon = Lexicon()
    lexicon.concepts[language] = parsed.concepts
    scenario.language = language
    scenario.rubric.criteria[0].evidence = [language: EvidenceSpec(any: parsed.concepts.keys.sorted().prefix(40).map { PhrasePattern("@\($0)") })]
    let compiled = CompiledScenario(scenario, lexicon: lexicon)
    _ = compiled.replyMeets("empathy", "I'm so sorry about that, let me check your order right away. Es tut mir leid.")
  }
}
