internal import Foundation

/// A sentence written blind for one lexicon concept: a way of saying it (`yes`) or something
/// close that must not count (`near-miss`). One line of a phrasings file:
/// `CONCEPT<TAB>yes|near-miss<TAB>sentence`.
public struct ConceptPhrasing: Sendable, Hashable {
  public var concept: String
  public var isYes: Bool
  public var sentence: String
  /// The line in its file, from 1.
  public var line: Int
}

/// A reply written blind for one criterion of a scenario: one the criterion should credit in
/// full (`met`, or `kept` for a criterion that forbids something) or not (`not`, `broken`). One
/// line of a JSON Lines file: `{"scenario": ID, "criterion": ID, "label": …, "text": …}`.
public struct CriterionPhrasing: Sendable, Hashable {
  public var scenario: String
  public var criterion: String
  public var shouldMeet: Bool
  public var text: String
  public var line: Int
}

/// A phrasings file that cannot be read, with the file and line at fault.
public struct PhrasingFileError: Error, CustomStringConvertible, Equatable {
  public var file: String
  public var line: Int
  public var message: String
  public var description: String { "\(file):\(line): \(message)" }
}

/// How one concept or one criterion reads the sentences written for it.
public struct PhrasingResult: Sendable, Codable, Hashable {
  /// `empathy`, or `SCENARIO:CRITERION`.
  public var name: String
  public var language: Language
  /// Sentences that should be read (`yes`, `met`, `kept`) and how many were.
  public var shouldCount: Int
  public var counted: Int
  /// Sentences that should not be read (`near-miss`, `not`, `broken`) and how many were.
  public var shouldNotCount: Int
  public var wronglyCounted: Int
  /// The sentences read the wrong way, in file order.
  public var misread: [Misread]

  /// One sentence read the wrong way.
  public struct Misread: Sendable, Codable, Hashable {
    public var line: Int
    public var sentence: String
    /// Whether it should have been read.
    public var meant: Bool
    /// The words that were read, for a sentence read that should not have been.
    public var words: [String]
  }

  /// The share of the sentences meant that were read (1 when there are none).
  public var recall: Double { shouldCount == 0 ? 1 : Double(counted) / Double(shouldCount) }
  /// The share of the near misses that were read (0 when there are none).
  public var falseRate: Double { shouldNotCount == 0 ? 0 : Double(wronglyCounted) / Double(shouldNotCount) }

  enum CodingKeys: String, CodingKey {
    case name, language
    case shouldCount = "should_count"
    case counted
    case shouldNotCount = "should_not_count"
    case wronglyCounted = "wrongly_counted"
    case misread
  }
}

/// Reads sentences written blind against the lexicon's concepts or a scenario's criteria: what
/// an author checks before a lexicon or pattern change is trusted on text nobody tuned for.
public enum PhrasingCheck {
  /// Phrasing concept names and the lexicon concepts they stand for.
  public static let conceptNames: [(phrasing: String, lexicon: String)] = [
    ("empathy", "empathy"), ("apology", "apology"), ("ownership", "ownership"), ("checked", "checked"),
    ("verify", "verify_identity"), ("next_steps", "next_steps"), ("refund_promise", "refund_promise"),
    ("refusal", "refusal"), ("blame_customer", "blame_customer"), ("closing", "closing"),
    ("appreciation", "appreciation"), ("criticism", "criticism"),
  ]

  /// Concepts used in `none:` lists: they count only where the trainee asserts them.
  public static let assertedOnly: Set<String> = ["refund_promise", "blame_customer", "criticism"]

  /// Parses a phrasings file (`CONCEPT<TAB>yes|near-miss<TAB>sentence`; empty lines and lines
  /// starting with `#` are skipped).
  public static func conceptPhrasings(_ text: String, file: String) throws(PhrasingFileError) -> [ConceptPhrasing] {
    var result: [ConceptPhrasing] = []
    let known = Set(conceptNames.map(\.phrasing))
    for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
      let line = line.hasSuffix("\r") ? line.dropLast() : line
      if line.isEmpty || line.hasPrefix("#") { continue }
      let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
      guard fields.count == 3 else {
        throw PhrasingFileError(
          file: file, line: index + 1, message: "expected three tab-separated fields (concept, yes or near-miss, sentence), found \(fields.count)")
      }
      guard known.contains(fields[0]) else {
        throw PhrasingFileError(
          file: file, line: index + 1,
          message: "unknown concept '\(fields[0])' (known: \(conceptNames.map(\.phrasing).joined(separator: ", ")))")
      }
      guard fields[1] == "yes" || fields[1] == "near-miss" else {
        throw PhrasingFileError(file: file, line: index + 1, message: "the second field is '\(fields[1])', expected yes or near-miss")
      }
      guard !fields[2].trimmingCharacters(in: .whitespaces).isEmpty else {
        throw PhrasingFileError(file: file, line: index + 1, message: "the sentence is empty")
      }
      result.append(ConceptPhrasing(concept: fields[0], isYes: fields[1] == "yes", sentence: fields[2], line: index + 1))
    }
    return result
  }

  /// Parses a JSON Lines file of criterion replies. Labels: `met` or `kept` (the criterion
  /// should credit the reply in full), `not` or `broken` (it should not).
  public static func criterionPhrasings(_ text: String, file: String) throws(PhrasingFileError) -> [CriterionPhrasing] {
    var result: [CriterionPhrasing] = []
    for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
      let trimmed = line.trimmingCharacters(in: .whitespacesAndNewlines)
      if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
      guard let object = (try? JSONSerialization.jsonObject(with: Data(trimmed.utf8))) as? [String: Any] else {
        throw PhrasingFileError(file: file, line: index + 1, message: "not a JSON object")
      }
      var fields: [String: String] = [:]
      for key in ["scenario", "criterion", "label", "text"] {
        guard let value = object[key] as? String, !value.isEmpty else {
          throw PhrasingFileError(file: file, line: index + 1, message: "'\(key)' is missing or not a non-empty string")
        }
        fields[key] = value
      }
      let shouldMeet: Bool
      switch fields["label"]! {
      case "met", "kept": shouldMeet = true
      case "not", "broken": shouldMeet = false
      case let other:
        throw PhrasingFileError(file: file, line: index + 1, message: "label '\(other)', expected met, not, kept or broken")
      }
      result.append(
        CriterionPhrasing(
          scenario: fields["scenario"]!, criterion: fields["criterion"]!, shouldMeet: shouldMeet, text: fields["text"]!,
          line: index + 1))
    }
    return result
  }

  /// Matches each sentence against its concept from `lexicon`, concept by concept in the order
  /// of `conceptNames` (concepts without sentences left out).
  public static func check(_ phrasings: [ConceptPhrasing], language: Language, lexicon: Lexicon) -> [PhrasingResult] {
    conceptNames.compactMap { names in
      let lines = phrasings.filter { $0.concept == names.phrasing }
      guard !lines.isEmpty else { return nil }
      let phrases = (lexicon.phrases(for: names.lexicon, in: language) ?? []).map(\.text)
      let matcher = PhraseMatcher(language: language, phrases: phrases, speltWords: lexicon.speltWords[language])
      let request = lexicon.isRequest(names.lexicon, in: language)
      let pattern = CompiledPattern(
        id: 0, source: "@" + names.lexicon, alternatives: phrases.map { matcher.compile($0, requestOnly: request) },
        assertedOnly: assertedOnly.contains(names.lexicon))
      var result = PhrasingResult(
        name: names.lexicon, language: language, shouldCount: 0, counted: 0, shouldNotCount: 0, wronglyCounted: 0, misread: [])
      for line in lines {
        let match = phrases.isEmpty ? nil : matcher.match(pattern, in: matcher.analyze(line.sentence))
        result.record(meant: line.isYes, read: match != nil, words: match?.words ?? [], line: line.line, sentence: line.sentence)
      }
      return result
    }
  }

  /// Reads each reply on its own against its criterion (`CompiledScenario.replyMeets`), one
  /// result per criterion in file order. Unknown scenarios or criteria are errors at their line.
  public static func check(
    _ phrasings: [CriterionPhrasing], file: String, scenario: (String) -> CompiledScenario?
  ) throws(PhrasingFileError) -> [PhrasingResult] {
    var order: [String] = []
    var results: [String: PhrasingResult] = [:]
    // Each scenario is compiled once, however many lines name it.
    var compiledScenarios: [String: CompiledScenario] = [:]
    for line in phrasings {
      if compiledScenarios[line.scenario] == nil { compiledScenarios[line.scenario] = scenario(line.scenario) }
      guard let compiled = compiledScenarios[line.scenario] else {
        throw PhrasingFileError(file: file, line: line.line, message: "unknown scenario '\(line.scenario)'")
      }
      guard compiled.scenario.rubric.criterion(line.criterion) != nil else {
        throw PhrasingFileError(
          file: file, line: line.line, message: "scenario '\(line.scenario)' has no criterion '\(line.criterion)'")
      }
      let name = "\(line.scenario):\(line.criterion)"
      if results[name] == nil {
        order.append(name)
        results[name] = PhrasingResult(
          name: name, language: compiled.scenario.language, shouldCount: 0, counted: 0, shouldNotCount: 0, wronglyCounted: 0,
          misread: [])
      }
      let meets = compiled.replyMeets(line.criterion, line.text)
      results[name]!.record(meant: line.shouldMeet, read: meets, words: [], line: line.line, sentence: line.text)
    }
    return order.map { results[$0]! }
  }
}

extension PhrasingResult {
  mutating func record(meant: Bool, read: Bool, words: [String], line: Int, sentence: String) {
    if meant {
      shouldCount += 1
      if read { counted += 1 }
    } else {
      shouldNotCount += 1
      if read { wronglyCounted += 1 }
    }
    if meant != read { misread.append(Misread(line: line, sentence: sentence, meant: meant, words: read ? words : [])) }
  }
}
