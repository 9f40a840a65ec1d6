import Foundation
import Testing

/// `dojo import`, `dojo critique annotate` and `dojo scenarios from-transcript` on the
/// hand-written exports in Fixtures/import (field layouts from the vendors' API references).
@Suite("dojo import (the built binary)")
struct ImportCLITests {
  static let fixtures = CLI.repositoryRoot.appendingPathComponent("Tests/DojoCLITests/Fixtures/import").path
  static func fixture(_ name: String) -> String { fixtures + "/" + name }

  /// Every personal datum planted in the fixtures of tickets that are imported (and of the
  /// skipped ones: they must not turn up either).
  static let plantedWords = [
    "Jane", "Featherstone", "Klaus", "Wendeborn", "Bram", "Oosterhuis", "Wiebke", "Thormählen", "Chidi", "Nwachukwu", "Ruth",
    "Abernathy", "Ottokar", "Brandl", "Ilka", "Hasselberg", "Wanjiru", "Odhiambo", "Samir", "Qasemi", "Ishita", "Ramaswamy",
    "Teodoro", "Bassani", "Hinnerk", "Vogelsang", "Margit", "Sundqvist", "Hadewych", "Lely", "Ivo", "Amélie", "Durand",
    "Priyanka", "Rao",
  ]
  static let plantedTexts = [
    "jane.featherstone@example.org", "klaus.wendeborn@example.net", "wiebke.thormaehlen@shop.example.com", "bram.oosterhuis",
    "c.nwachukwu@example.com", "ottokar.brandl@example.de", "ishita.ramaswamy@example.com", "wanjiru.o@example.co.uk", "Baker Street", "NW1 6XE",
    "Lindenstraße", "10969", "Hauptstr", "04109", "Gartenweg", "80331", "a8f3k29dk3l2m4n5p6", "9f8e7d6c5b4a39281726aa",
    "GB82", "WEST 1234", "DE89",
  ]
  /// Numbers compared digit by digit, whatever the spacing.
  static let plantedNumbers = [
    "442079460958", "1712345678", "3012345678", "3098765432", "7700900123", "4539148803436467", "12345698765432",
    "370400440532013000", "1605556677",
  ]

  static func leaks(in text: String) -> [String] {
    var found: [String] = []
    let words = Set(text.split { !$0.isLetter }.map(String.init))
    found += plantedWords.filter { words.contains($0) }
    let lower = text.lowercased()
    found += plantedTexts.filter { lower.contains($0.lowercased()) }
    let digits = text.filter(\.isNumber)
    found += plantedNumbers.filter { digits.contains($0) }
    return found
  }

  @Test("no planted personal datum reaches a transcript, a skeleton, the store or any output")
  func nothingPersonalGetsIn() throws {
    let sandbox = try CLI.sandbox()
    defer { try? FileManager.default.removeItem(at: sandbox) }
    let out = sandbox.appendingPathComponent("imported").path
    var outputs: [String] = []
    func run(_ arguments: [String], stdin: String? = nil) throws -> CLI.Result {
      let result = try CLI.run(arguments, stdin: stdin, sandbox: sandbox)
      outputs += [result.stdout, result.stderr]
      return result
    }
    for (source, files) in [
      ("zendesk", ["zendesk-incremental.json", "zendesk-comments.json", "zendesk-account.json"]), ("freshdesk", ["freshdesk-tickets.json"]),
      ("csv", ["messages.csv"]),
    ] {
      let text = try run(["import", source] + files.map(Self.fixture) + ["--out", out])
      #expect(text.status == 0, "\(text.stderr)")
    }
    // Again, as JSON: everything is already there.
    let again = try run(["import", "zendesk", Self.fixture("zendesk-incremental.json"), "--out", out, "--format", "json"])
    let summary = try #require(try JSONSerialization.jsonObject(with: Data(again.stdout.utf8)) as? [String: Any])
    #expect((summary["skipped"] as? [String: Int])?["already_imported"] == 3)
    for key in ["tickets_read", "transcripts_written", "skipped", "redactions", "languages", "names_kept", "out", "files", "transcripts"] {
      #expect(summary[key] != nil, "missing key \(key)")
    }
    let written = try FileManager.default.contentsOfDirectory(atPath: out).filter { $0.hasSuffix(".yaml") }.sorted()
    #expect(written == [
      "csv-a-17.yaml", "csv-b-4.yaml", "freshdesk-3001.yaml", "freshdesk-3002.yaml", "zendesk-101.yaml", "zendesk-102.yaml",
      "zendesk-106.yaml", "zendesk-201.yaml", "zendesk-202.yaml", "zendesk-zendesk-comments.yaml",
    ])
    // Annotate, critique, skeleton, lint: their outputs and files are scanned too.
    let annotate = try run(
      ["critique", "annotate", "zendesk-101", "--transcripts", out, "--scenario", "l1-unexpected-charge"],
      stdin: "+empathy names the annoyance first\n\n-explain_next_steps no date for the money\n\n")
    #expect(annotate.status == 0, "\(annotate.stderr)")
    let list = try run(["critique", "--list", "--transcripts", out])
    #expect(list.stdout.contains("zendesk-102") && list.stdout.contains("unannotated"))
    let play = try run(["critique", "zendesk-101", "--transcripts", out], stdin: "+empathy\n\n\n\n")
    #expect(play.status == 0, "\(play.stderr)")
    #expect(play.stdout.contains("✓ [3] +empathy"), "\(play.stdout)")
    let drafts = sandbox.appendingPathComponent("drafts").path
    for id in ["zendesk-101", "zendesk-102", "csv-b-4", "freshdesk-3001"] {
      let skeleton = try run(["scenarios", "from-transcript", id, "--transcripts", out, "--out", drafts, "--scenarios", CLI.scenarios])
      #expect(skeleton.status == 0, "\(skeleton.stderr)")
    }
    let lint = try run(["scenarios", "lint", drafts, "--strict", "--scenarios", CLI.scenarios])
    #expect(lint.status == 0, "\(lint.stdout)\(lint.stderr)")
    #expect(lint.stderr.contains("4 file(s), 4 scenario(s) loaded, 0 error(s), 0 warning(s)"), "\(lint.stderr)")

    // Every byte written under the sandbox (transcripts, skeletons, a store if anything made one).
    var scanned = 0
    let walker = FileManager.default.enumerator(atPath: sandbox.path)
    while let relative = walker?.nextObject() as? String {
      let path = sandbox.appendingPathComponent(relative).path
      var isDirectory: ObjCBool = false
      guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue,
        let data = FileManager.default.contents(atPath: path)
      else { continue }
      scanned += 1
      let leaked = Self.leaks(in: String(decoding: data, as: UTF8.self))
      #expect(leaked.isEmpty, "\(relative) holds \(leaked)")
    }
    #expect(scanned >= 14)
    for output in outputs {
      let leaked = Self.leaks(in: output)
      #expect(leaked.isEmpty, "output holds \(leaked): \(output.prefix(300))")
    }
    // The placeholders are there instead.
    let ticket = try String(contentsOfFile: out + "/zendesk-101.yaml", encoding: .utf8)
    for placeholder in ["[customer]", "[agent 1]", "[email 1]", "[phone 1]", "[iban 1]", "[card ending 6467]", "[address 1]", "[link 1]"] {
      #expect(ticket.contains(placeholder), "no \(placeholder)")
    }
    #expect(!ticket.contains("annotated: false"), "annotate marked it annotated")
  }

  @Test("a broken, wrong or non-UTF-8 file: one line naming file and place, exit 1, nothing written")
  func brokenInput() throws {
    let sandbox = try CLI.sandbox()
    defer { try? FileManager.default.removeItem(at: sandbox) }
    let out = sandbox.appendingPathComponent("out").path
    let cases: [([String], String)] = [
      (["zendesk", Self.fixture("broken.json")], "broken.json:5:1: broken JSON"),
      (["zendesk", Self.fixture("freshdesk-tickets.json")], "not a Zendesk export: it looks like a Freshdesk export"),
      (["freshdesk", Self.fixture("zendesk-incremental.json")], "not a Freshdesk export: it looks like a Zendesk export"),
      (["csv", Self.fixture("latin1.csv")], "latin1.csv:2:29: not UTF-8 text"),
      (["csv", Self.fixture("bad-role.csv")], "bad-role.csv: row 3, column 'role': expected customer or agent"),
      (["zendesk", Self.fixture("zendesk-incremental.json"), Self.fixture("broken.json")], "broken.json:5:1"),
      (["csv", Self.fixture("missing.csv")], "missing.csv: no such file"),
    ]
    for (arguments, message) in cases {
      let result = try CLI.run(["import"] + arguments + ["--out", out], sandbox: sandbox)
      #expect(result.status == 1, "\(arguments)")
      let lines = result.stderr.split(separator: "\n")
      #expect(lines.count == 1 && result.stderr.contains(message), "\(arguments): \(result.stderr)")
      #expect(!result.stderr.contains("Fatal error"))
    }
    #expect(!FileManager.default.fileExists(atPath: out), "a failed import wrote nothing")
  }

  @Test("--keep-names says loudly what it keeps and keeps only names")
  func keepNames() throws {
    let sandbox = try CLI.sandbox()
    defer { try? FileManager.default.removeItem(at: sandbox) }
    let out = sandbox.appendingPathComponent("out").path
    let result = try CLI.run(["import", "csv", Self.fixture("messages.csv"), "--out", out, "--keep-names"], sandbox: sandbox)
    #expect(result.status == 0)
    #expect(result.stderr.contains("warning: --keep-names: the names of requesters and agents"), "\(result.stderr)")
    #expect(!result.stderr.contains("Ishita"), "the warning names no one")
    let text = try String(contentsOfFile: out + "/csv-a-17.yaml", encoding: .utf8)
    #expect(text.contains("Hi Ishita") && text.contains("[email 1]") && text.contains("[phone 1]"))
    #expect(text.contains("names kept: --keep-names"))
  }

  @Test("an unannotated transcript cannot be critiqued; the error says how to annotate it")
  func unannotated() throws {
    let sandbox = try CLI.sandbox()
    defer { try? FileManager.default.removeItem(at: sandbox) }
    let out = sandbox.appendingPathComponent("out").path
    _ = try CLI.run(["import", "csv", Self.fixture("messages.csv"), "--out", out], sandbox: sandbox)
    let play = try CLI.run(["critique", "csv-a-17", "--transcripts", out], sandbox: sandbox)
    #expect(play.status == 1)
    #expect(play.stderr.contains("csv-a-17 is not annotated yet; a lead adds the marks with `dojo critique annotate csv-a-17"))
    let noScenario = try CLI.run(["critique", "annotate", "csv-a-17", "--transcripts", out], sandbox: sandbox)
    #expect(noScenario.status == 1 && noScenario.stderr.contains("pass --scenario ID"))
  }
}
