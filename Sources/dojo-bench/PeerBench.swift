// `dojo-bench ROOT DOJO peer LIST`: the Swift side of the Python peer comparison (`make bench`,
// Sources/dojo-bench/peer/check.py). LIST has one answer file per line, `scenario-id<TAB>path`;
// each is replayed (seed 1, as `dojo replay` does) and the transcripts are then scored round
// after round on one core for about DOJO_BENCH_PEER_SECONDS (default 3). Prints one JSON line:
// {"transcripts": N, "rounds": R, "seconds": S, "per_second": P, "checksum": C}.
import DojoCore
import Foundation

enum PeerBench {
  static func run(root: String, list: String) throws {
    let lines = try String(contentsOfFile: list, encoding: .utf8).split(separator: "\n").map(String.init)
    let library = ScenarioLibrary.load(paths: [root], lexiconDirectory: root + "/lexicon", lint: false, versions: false)
    var compiledByID: [String: CompiledScenario] = [:]
    var work: [(scorer: Scorer, transcript: Transcript)] = []
    for line in lines where !line.isEmpty {
      let fields = line.split(separator: "\t", maxSplits: 1).map(String.init)
      guard fields.count == 2, let scenario = library.scenarios.first(where: { $0.id == fields[0] }) else {
        FileHandle.standardError.write(Data("peer: no scenario for \(line)\n".utf8))
        exit(1)
      }
      let compiled = compiledByID[scenario.id] ?? CompiledScenario(scenario, lexicon: library.lexicon)
      compiledByID[scenario.id] = compiled
      let outcome = try Replay.run(compiled, answers: try AnswerFile.load(path: fields[1]), seed: 1)
      work.append((Scorer(compiled), outcome.state.transcript))
    }
    let budget = Double(ProcessInfo.processInfo.environment["DOJO_BENCH_PEER_SECONDS"] ?? "") ?? 3
    let clock = ContinuousClock()
    var checksum = 0.0
    var rounds = 0
    let start = clock.now
    var elapsed = 0.0
    repeat {
      for item in work { checksum += item.scorer.score(item.transcript).score }
      rounds += 1
      let duration = clock.now - start
      elapsed = Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    } while elapsed < budget
    let scored = Double(rounds * work.count)
    print(String(format: #"{"transcripts": %d, "rounds": %d, "seconds": %.3f, "per_second": %.1f, "checksum": %.1f}"#,
      work.count, rounds, elapsed, scored / elapsed, checksum / Double(max(rounds, 1))))
  }
}
