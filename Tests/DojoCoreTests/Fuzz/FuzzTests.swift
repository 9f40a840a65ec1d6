import DojoCore
import Foundation
import Testing

// The mutation fuzzer over scenario, product, template and lexicon files.
//
// `swift test` (and so `make test`) runs a short, fixed-seed pass on every run. `make fuzz` runs
// longer: DOJO_FUZZ_RUNS inputs per file kind (FUZZ_RUNS in the Makefile), DOJO_FUZZ_SEED to
// explore elsewhere, and DOJO_FUZZ_OUT, a folder where each input is written before it is tried,
// so that the input behind a crash (which ends the process) is at DOJO_FUZZ_OUT/<kind>.current,
// and inputs slower than a second are kept as <kind>-slow-<n>.yaml. A finding becomes a file
// under Fixtures/fuzz/regressions/<kind>/, which the regression test below replays every time.

private enum FuzzSettings {
  static let environment = ProcessInfo.processInfo.environment
  /// Inputs per kind: short by default, so the pass fits in a few seconds of `swift test`.
  static let runs = environment["DOJO_FUZZ_RUNS"].flatMap(Int.init) ?? 40
  static let seed = environment["DOJO_FUZZ_SEED"].flatMap(UInt64.init) ?? 13
  static let out = environment["DOJO_FUZZ_OUT"].flatMap { $0.isEmpty ? nil : $0 }
}

@Suite("Mutation fuzzer: scenarios, products, templates, lexicon")
struct FuzzTests {
  @Test("saved findings load, lint and play without crashing", arguments: FuzzKind.allCases)
  func regressions(_ kind: FuzzKind) throws {
    let harness = try FuzzHarness()
    let files = try FuzzHarness.regressions(kind)
    for file in files {
      harness.run(kind, file.text, label: "regressions/\(kind.rawValue)/\(file.name)")
    }
  }

  @Test("the corpus itself loads cleanly", arguments: FuzzKind.allCases)
  func corpusIsClean(_ kind: FuzzKind) throws {
    let harness = try FuzzHarness()
    let corpus = try FuzzHarness.corpus(kind)
    #expect(!corpus.isEmpty)
    for file in corpus {
      harness.run(kind, file.text, label: "corpus/\(kind.rawValue)/\(file.name)")
    }
  }

  @Test("mutated inputs never crash and keep the loaders' rules", arguments: FuzzKind.allCases)
  func mutations(_ kind: FuzzKind) throws {
    let harness = try FuzzHarness()
    let corpus = try FuzzHarness.corpus(kind).map(\.text)
    var mutator = TextMutator(random: FuzzRandom(seed: FuzzSettings.seed &+ UInt64(FuzzKind.allCases.firstIndex(of: kind)!)))
    if let out = FuzzSettings.out { try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true) }
    var slow = 0
    for run in 0..<FuzzSettings.runs {
      let base = corpus[run % corpus.count]
      let input = mutator.mutate(base, corpus: corpus)
      let label = "\(kind.rawValue)#\(run)"
      guard let out = FuzzSettings.out else {
        harness.run(kind, input, label: label)
        continue
      }
      let current = (out as NSString).appendingPathComponent("\(kind.rawValue).current")
      _ = FileManager.default.createFile(atPath: current, contents: Data(input.utf8))
      let started = ContinuousClock.now
      harness.run(kind, input, label: label)
      // On-demand runs only: an input that takes over a second is kept for a look (a hang in
      // the making); `swift test` itself never asserts a time.
      if ContinuousClock.now - started > .seconds(1) {
        slow += 1
        let kept = (out as NSString).appendingPathComponent("\(kind.rawValue)-slow-\(slow).yaml")
        _ = FileManager.default.createFile(atPath: kept, contents: Data(input.utf8))
        Issue.record("\(label) took \(ContinuousClock.now - started); kept as \(kept)")
      }
    }
  }
}
