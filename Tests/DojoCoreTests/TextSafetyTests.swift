import Testing

@testable import DojoCore
@testable import DojoConsole

/// Issue 13, items 21–23: control and bidi characters never reach any output as typed; the CSV
/// formula guard looks at scalars; names and file names stay within stated limits.
@Suite("Text safety")
struct TextSafetyTests {
  static let hostile = "eve\u{1B}]0;pwned\u{07}\u{1B}[2J\u{9B}31m\u{202E}gnp.exe\u{2066}x\u{2069}\u{200F}"

  @Test("neutralized takes out ESC, C0, C1 and every bidi control; keeps text, line feed and tab")
  func neutralizes() {
    let safe = neutralized(Self.hostile + "\n\tok ä 日本 👍🏽")
    #expect(!safe.unicodeScalars.contains { TextSafety.isUnsafe($0) })
    #expect(safe.hasPrefix("eve␛]0;pwned\u{FFFD}␛[2J\u{FFFD}31m\u{FFFD}gnp.exe"))
    #expect(safe.hasSuffix("\n\tok ä 日本 👍🏽"))
    for scalar in ["\u{061C}", "\u{200E}", "\u{200F}", "\u{202A}", "\u{202B}", "\u{202C}", "\u{202D}", "\u{202E}", "\u{2066}", "\u{2067}", "\u{2068}", "\u{2069}", "\u{85}", "\u{7F}"] {
      #expect(neutralized("a\(scalar)b") == "a\u{FFFD}b", "U+\(String(scalar.unicodeScalars.first!.value, radix: 16))")
    }
  }

  @Test("terminal output keeps dojo's colours and nothing else")
  func terminalSafe() {
    let coloured = "\u{1B}[1mSESSION\u{1B}[0m \u{1B}[32mpassed\u{1B}[0m"
    #expect(TextSafety.terminalSafe(coloured) == coloured)
    let out = TextSafety.terminalSafe(coloured + Self.hostile + "\u{1B}[?1049h\u{1B}")
    #expect(out.hasPrefix(coloured))
    #expect(!out.contains("\u{202E}"))
    #expect(out.hasSuffix("␛[?1049h␛"))
    #expect(!out.contains("\u{1B}]"))
  }

  @Test("JSON keeps the data but writes bidi and C1 controls as escapes")
  func json() throws {
    let escaped = TextSafety.jsonEscaped("{\"name\":\"a\u{202E}b\u{9B}c\"}")
    #expect(escaped == "{\"name\":\"a\\u202eb\\u009bc\"}")
  }

  @Test("CSV: formula guard on the first scalar after spaces; control and bidi characters neutralised", arguments: [
    ("=1+1", "'=1+1"),
    ("=\u{0301}HYPERLINK(\"x\")", "\"'=\u{0301}HYPERLINK(\"\"x\"\")\""),
    ("=\u{200D}cmd", "'=\u{200D}cmd"),
    ("  =cmd", "'  =cmd"),
    ("+\u{0301}1", "'+\u{0301}1"),
    ("@\u{20DD}x", "'@\u{20DD}x"),
    ("\r\n=x", "\"'\u{FFFD}\n=x\""),  // a carriage return can hide text on a terminal
    ("-12.5", "-12.5"),
    ("a\u{1B}[2Jb", "a␛[2Jb"),
    ("x\u{202E}y", "x\u{FFFD}y"),
    ("plain", "plain"),
  ])
  func csv(input: String, expected: String) {
    #expect(EffectivenessCSV.field(input) == expected)
  }

  @Test("HTML escapes bidi controls too")
  func html() {
    #expect(EffectivenessHTML.escape("<b>\u{202E}x") == "&lt;b&gt;\u{FFFD}x")
  }

  @Test("names: at most 100 characters, no control or direction characters", arguments: [
    ("ok name", nil),
    (String(repeating: "é", count: 100), nil),
    (String(repeating: "x", count: 101), NameRules.Problem.tooLong(kind: "trainee", length: 101)),
    (String(repeating: "x", count: 10_000), NameRules.Problem.tooLong(kind: "trainee", length: 10_000)),
    ("eve\u{1B}]0;x", NameRules.Problem.controlCharacter(kind: "trainee", scalar: 0x1B, position: 4)),
    ("a\u{202E}b", NameRules.Problem.controlCharacter(kind: "trainee", scalar: 0x202E, position: 2)),
    ("a\nb", NameRules.Problem.controlCharacter(kind: "trainee", scalar: 0x0A, position: 2)),
    ("", NameRules.Problem.empty(kind: "trainee")),
  ])
  func names(name: String, problem: NameRules.Problem?) {
    #expect(NameRules.problem(with: name, kind: "trainee") == problem)
  }

  @Test("file name parts are short, safe and unique")
  func fileNames() {
    let long = String(repeating: "ä", count: 10_000)
    let part = SafeFileName.part(long)
    #expect(part.utf8.count <= SafeFileName.defaultPartBytes)
    #expect(part.hasPrefix("ää"))
    #expect(SafeFileName.part(long + "b") != part, "a hash of the whole name keeps long names apart")
    #expect(SafeFileName.part("../etc/passwd") == "etc-passwd")
    #expect(SafeFileName.part("tess") == "tess")
    #expect(SafeFileName.part("\u{1B}]0;x\u{202E}") == "0-x")
    #expect(SafeFileName.part("///") == "unnamed")
    let exact = String(repeating: "a", count: 60)
    #expect(SafeFileName.part(exact) == exact)
    #expect(SafeFileName.part(exact + "a").utf8.count == 60)
  }
}
