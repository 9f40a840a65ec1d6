import Foundation
import Testing
import Yams

@testable import DojoCore

/// The one-pass composer must read every file exactly as `YAMLSizeGuard` + `Yams.compose` did:
/// same tree, positions and styles, same diagnostics; content versions depend on it.
@Suite("The YAML composer")
struct YAMLComposerTests {
  /// Every YAML file of the bundled library and of the test fixtures (not the evaluation sets or
  /// play-test material, which these tests do not read), and the fuzz corpus.
  static var files: [String] {
    let root = LibraryPaths.repositoryRoot
    var result: [String] = []
    for folder in ["scenarios", "Tests/DojoCoreTests/Fixtures", "Tests/Fuzz/yaml-corpus"] {
      let base = root.appendingPathComponent(folder).path
      guard let walker = FileManager.default.enumerator(atPath: base) else { continue }
      while let relative = walker.nextObject() as? String {
        if relative.hasPrefix("eval-sets") || relative.hasPrefix("playtest") {
          walker.skipDescendants()
          continue
        }
        let path = (base as NSString).appendingPathComponent(relative)
        var isFolder: ObjCBool = false
        _ = FileManager.default.fileExists(atPath: path, isDirectory: &isFolder)
        if !isFolder.boolValue && (folder.hasSuffix("corpus") || relative.hasSuffix(".yaml") || relative.hasSuffix(".yml")) {
          result.append(path)
        }
      }
    }
    return result.sorted()
  }

  /// A node as text with every position and style, for comparing trees.
  static func dump(_ node: YAMLNode?) -> String {
    guard let node else { return "nil" }
    func mark(_ mark: YAMLMark?) -> String { mark.map { "@\($0.line):\($0.column)" } ?? "@-" }
    switch node {
    case .scalar(let scalar): return "s\(mark(scalar.mark))\(scalar.style)[\(scalar.string.debugDescription)]"
    case .sequence(let sequence): return "q\(mark(sequence.mark))[" + sequence.items.map(dump).joined(separator: ",") + "]"
    case .mapping(let mapping):
      return "m\(mark(mapping.mark)){" + mapping.pairs.map { dump($0.key) + ":" + dump($0.value) }.joined(separator: ",") + "}"
    }
  }

  @Test("reads every library, fixture and corpus file as Yams composes it")
  func sameTrees() throws {
    let files = Self.files
    #expect(files.count > 40)
    var compared = 0
    for file in files {
      guard let data = FileManager.default.contents(atPath: file) else { continue }
      let text = TextFile.normalizingLineEndings(String(decoding: data, as: UTF8.self))
      let refused = YAMLSizeGuard.check(text) != nil
      let old = Result { try Yams.compose(yaml: text) }
      switch YAMLComposer.compose(text) {
      case .node(let node):
        #expect(!refused, "\(file)")
        guard case .success(let expected) = old else {
          Issue.record("\(file): Yams failed where the composer read it")
          continue
        }
        #expect(Self.dump(node) == Self.dump(expected.map { YAMLNode(yams: $0) }), "\(file)")
        compared += 1
      case .refused:
        #expect(refused, "\(file)")
      case .duplicateKey, .failed:
        #expect(refused == false, "\(file)")
        if case .success = old { Issue.record("\(file): the composer failed where Yams read it") }
      }
    }
    #expect(compared > 40)
  }

  @Test("duplicate keys, refusals and syntax errors are reported as before", arguments: [
    ("a: 1\nb: 2\na: 3\n", "duplicate key 'a'"),
    ("top:\n  x: 1\n  x: 2\ny: 1\ny: 2\n", "duplicate key 'x'"),
    ("1: a\n\"1\": b\n", nil),
    ("a: [1, 2\n", "YAML syntax"),
    ("a: *missing\n", "YAML syntax"),
    ("a: 1\n---\nb: 2\n", "YAML syntax"),
    (String(repeating: "[", count: 70) + String(repeating: "]", count: 70), "nested more than"),
  ])
  func errors(yaml: String, expected: String?) {
    var bag = DiagnosticBag()
    _ = composeYAML(yaml, file: "f.yaml", into: &bag)
    if let expected {
      #expect(bag.items.contains { $0.message.contains(expected) }, "\(bag.items.map(\.message))")
    } else {
      #expect(bag.items.isEmpty, "\(bag.items.map(\.message))")
    }
  }

  @Test("trimming gives what Foundation gives")
  func trimming() {
    let samples = [
      "", " ", "  a  ", "\ta b\n", "\n\r\u{0B}\u{0C}x\u{0C}", "plain", "\u{00A0}x\u{00A0}", " \u{2028}x ", "x\u{3000}",
      "é ", " ü", "\u{85}x", "a | b", " \t ",
    ]
    for sample in samples {
      #expect(sample.trimmed() == sample.trimmingCharacters(in: .whitespacesAndNewlines), "\(sample.debugDescription)")
      #expect(sample.trimmed(newlines: false) == sample.trimmingCharacters(in: .whitespaces), "\(sample.debugDescription)")
      #expect(sample[...].trimmed() == sample.trimmingCharacters(in: .whitespacesAndNewlines))
    }
  }
}
