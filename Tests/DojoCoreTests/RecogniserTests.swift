import Foundation
import Testing

@testable import DojoCore

/// One line of `Fixtures/recognisers/cases.tsv`: a language, a text, and what the recognisers must
/// find in it — every entity as `kind:surface` (optionally `kind:surface => value`), `none:kind` for a
/// kind that must not be found, or `none` for a text in which nothing may be found.
struct RecogniserCase: Sendable, CustomTestStringConvertible {
  let line: Int
  let language: Language
  let text: String
  /// `kind:surface`, one per expected entity.
  let expected: [String]
  /// Expected values by `kind:surface`, where the case names one.
  let values: [String: String]
  let absentKinds: [EntityKind]

  var testDescription: String { "line \(line) [\(language.rawValue)] \(text)" }

  /// Reads the fixture: tab-separated language, text and expectations; `#` starts a comment line.
  static func load() throws -> [RecogniserCase] {
    let text = try String(contentsOfFile: try Fixtures.path("recognisers/cases.tsv"), encoding: .utf8)
    var cases: [RecogniserCase] = []
    for (offset, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
      if line.trimmingCharacters(in: .whitespaces).isEmpty || line.hasPrefix("#") { continue }
      let columns = line.split(separator: "\t", omittingEmptySubsequences: false)
      guard columns.count == 3, let language = Language(rawValue: String(columns[0])) else {
        throw FixtureError.malformed(line: offset + 1, String(line))
      }
      var expected: [String] = []
      var values: [String: String] = [:]
      var absentKinds: [EntityKind] = []
      for item in columns[2].components(separatedBy: " | ") where item != "none" {
        let parts = item.components(separatedBy: " => ")
        guard let colon = parts[0].firstIndex(of: ":") else { throw FixtureError.malformed(line: offset + 1, item) }
        let kindName = String(parts[0][..<colon])
        let rest = String(parts[0][parts[0].index(after: colon)...])
        if kindName == "none" {
          guard let kind = EntityKind(rawValue: rest) else { throw FixtureError.malformed(line: offset + 1, item) }
          absentKinds.append(kind)
          continue
        }
        guard EntityKind(rawValue: kindName) != nil else { throw FixtureError.malformed(line: offset + 1, item) }
        expected.append(parts[0])
        if parts.count == 2 { values[parts[0]] = parts[1] }
      }
      cases.append(
        RecogniserCase(
          line: offset + 1, language: language, text: String(columns[1]), expected: expected.sorted(), values: values,
          absentKinds: absentKinds))
    }
    return cases
  }

  enum FixtureError: Error, CustomStringConvertible {
    case malformed(line: Int, String)

    var description: String {
      switch self {
      case .malformed(let line, let text): "cases.tsv line \(line) is not `language<TAB>text<TAB>kind:surface | …`: \(text)"
      }
    }
  }

  static let all: [RecogniserCase] = (try? load()) ?? []
}

@Suite("Recognisers")
struct RecogniserTests {
  @Test("the fixture loads and has enough cases in both languages")
  func fixture() throws {
    let cases = try RecogniserCase.load()
    #expect(cases.count >= 150)
    let german = cases.filter { $0.language == .de }.count
    #expect(german * 10 >= cases.count * 4, "about half the cases are German (\(german) of \(cases.count))")
  }

  @Test("finds exactly the entities of each case", arguments: RecogniserCase.all)
  func recognises(_ recogniserCase: RecogniserCase) {
    let entities = Recognisers.recognise(recogniserCase.text, language: recogniserCase.language)
    let found = entities.map { "\($0.kind.rawValue):\($0.surface(in: recogniserCase.text))" }
    let shown = entities.map { "\($0.kind.rawValue):\($0.surface(in: recogniserCase.text)) => \($0.value)" }
      .joined(separator: " | ")
    #expect(found.sorted() == recogniserCase.expected, "found: \(shown.isEmpty ? "none" : shown)")
    for kind in recogniserCase.absentKinds {
      #expect(!entities.contains { $0.kind == kind }, "no \(kind.rawValue) expected; found: \(shown)")
    }
    for (item, value) in recogniserCase.values {
      let entity = entities.first { "\($0.kind.rawValue):\($0.surface(in: recogniserCase.text))" == item }
      #expect(entity?.value == value, "\(item) has value \(entity?.value ?? "—")")
    }
  }

  @Test("entities are sorted by start, then kind, and lie inside the text")
  func order() {
    let text = "Innerhalb von 24 Stunden, spätestens Freitag KW 26, 10:00, erhalten Sie 17,99 € zurück."
    let entities = Recognisers.recognise(text, language: .de)
    #expect(entities.count >= 6)
    for (earlier, later) in zip(entities, entities.dropFirst()) {
      #expect(
        earlier.bytes.lowerBound < later.bytes.lowerBound
          || (earlier.bytes.lowerBound == later.bytes.lowerBound && earlier.kind.order <= later.kind.order))
    }
    #expect(entities.allSatisfy { !$0.bytes.isEmpty && $0.bytes.upperBound <= text.utf8.count })
  }

  @Test("byte offsets count UTF-8 bytes: umlauts, emoji and combining marks before an entity")
  func byteOffsets() {
    let text = "Grüße 👋🏽 – Rückruf am Mär\u{0308}z? Nein: am 27. Ma\u{0308}rz."
    let entities = Recognisers.recognise(text, language: .de)
    let dates = entities.filter { $0.kind == .date }
    #expect(dates.map { $0.surface(in: text) } == ["27. Ma\u{0308}rz"])
    #expect(dates.first?.value == "--03-27")
  }

  @Test("hostile input returns", arguments: HostileInput.all)
  func hostileInput(_ input: HostileInput) {
    for language in Language.allCases {
      let entities = Recognisers.recognise(input.text, language: language)
      #expect(entities.allSatisfy { $0.bytes.upperBound <= input.text.utf8.count && !$0.bytes.isEmpty })
    }
  }

  @Test("a 50,000-character reply is handled")
  func longReply() {
    let sentence = "Sie bekommen 17,99 € innerhalb von 3–5 Werktagen zurück, Ticket INV-88412. "
    let text = String(String(repeating: sentence, count: 50_000 / sentence.count + 1).prefix(50_000))
    #expect(text.count == 50_000)
    let entities = Recognisers.recognise(text, language: .de)
    #expect(entities.filter { $0.kind == .amount }.count >= 600)
  }

  @Test("random mixtures of the pieces the recognisers look for never trap")
  func randomMixtures() {
    let pieces = [
      "€", "17", ",", "99", ".", "-", "–", "/", ":", "%", "#", "+", "@", "in", "the", "next", "by", "bis", "am", "um",
      "Uhr", "KW", "26", "Mo", "Fr", "März", "March", "2024", "0", "030", "a", "couple", "of", "ein", "paar", "Tage",
      "days", "ago", "vor", "last", "letzte", "Woche", "week", "end", "Ende", "morgen", "Guten", "heute", "p", "m",
      "M", "Mio", "h", "24", "o", "'", "clock", " ", " ", " ", "\n", "ä", "\u{0308}", "🙂", "INV", "x",
    ]
    var generator = SplitMix64(seed: 42)
    for _ in 0..<2_000 {
      var text = ""
      for _ in 0..<Int(generator.next() % 30) { text += pieces[Int(generator.next() % UInt64(pieces.count))] }
      for language in Language.allCases {
        let entities = Recognisers.recognise(text, language: language)
        #expect(entities.allSatisfy { $0.bytes.upperBound <= text.utf8.count && !$0.bytes.isEmpty }, "\(text)")
      }
    }
  }
}

/// A long or odd input, named so that test logs show the name rather than the text.
struct HostileInput: Sendable, CustomTestStringConvertible {
  let name: String
  let text: String

  var testDescription: String { name }

  static let all: [HostileInput] = [
    HostileInput(name: "empty", text: ""),
    HostileInput(name: "50,000 digits", text: String(repeating: "7", count: 50_000)),
    HostileInput(name: "10,000 euro signs", text: String(repeating: "€", count: 10_000)),
    HostileInput(name: "10,000 amounts", text: String(repeating: "€1", count: 10_000)),
    HostileInput(name: "one dotted number of 50,000 characters", text: String(repeating: "1.", count: 25_000)),
    HostileInput(name: "one hyphenated run of 50,000 characters", text: String(repeating: "a-1-", count: 12_500)),
    HostileInput(name: "10,000 at signs", text: String(repeating: "@a.de", count: 10_000)),
    HostileInput(name: "4,000 relations without a duration", text: String(repeating: "in the next ", count: 4_000)),
    HostileInput(name: "a chain of 5,000 weekdays", text: String(repeating: "Freitag, ", count: 5_000)),
    HostileInput(name: "8,000 times later", text: String(repeating: "later ", count: 8_000)),
    HostileInput(name: "emoji with marks and joiners", text: String(repeating: "😀\u{0301}\u{200D}", count: 5_000)),
    HostileInput(name: "stacked combining marks", text: String(repeating: "e\u{0308}\u{0308}\u{0308}", count: 5_000)),
    HostileInput(name: "20,000 CR LF", text: String(repeating: "\r\n", count: 20_000)),
    HostileInput(name: "10,000 plus signs and a phone number", text: String(repeating: "+", count: 10_000) + "49 30 1234567"),
    HostileInput(name: "10,000 times bis", text: String(repeating: "bis ", count: 10_000) + "Freitag"),
    HostileInput(name: "a 40-digit number after a label", text: "Bestellnummer " + String(repeating: "9", count: 40)),
  ]
}

/// A small deterministic random number generator for the mixture test.
private struct SplitMix64: RandomNumberGenerator {
  var state: UInt64
  init(seed: UInt64) { state = seed }

  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}
