import DojoCore
import Foundation

/// Start-up against a Swift hello world (`dojo-hello`, built beside dojo-bench), paired runs,
/// medians: the first customer line of `dojo practice --scenario` (read from its output as it
/// comes; the run then ends on its empty input), `dojo scenarios list` with a warm catalog cache,
/// and the console's peak RSS. `DOJO_BENCH_STARTUP_RUNS=N` sets the number of pairs (21).
enum StartupBench {
  static func run(root: String, dojo: String, scratch: URL) throws {
    let hello = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("dojo-hello").path
    guard FileManager.default.isExecutableFile(atPath: hello) else {
      print("start-up  skipped: no \(hello) to compare with (swift build -c release --product dojo-hello)")
      return
    }
    let benchEnvironment = [
      "XDG_CACHE_HOME": scratch.appendingPathComponent("cache").path, "XDG_STATE_HOME": scratch.appendingPathComponent("state").path,
      "NO_COLOR": "1",
    ]
    let practiceStore = scratch.appendingPathComponent("bench.sqlite").path
    let practiceArguments = [
      dojo, "practice", "--scenario", "l1-unexpected-charge", "--trainee", "bench", "--store", practiceStore, "--scenarios", root,
      "--no-delay", "--seed", "1",
    ]
    let runs = Int(ProcessInfo.processInfo.environment["DOJO_BENCH_STARTUP_RUNS"] ?? "") ?? 21
    // The customer's lines start with the persona's name.
    let file = ScenarioLibrary.fileDeclaring(id: "l1-unexpected-charge", in: root) ?? ""
    let library = ScenarioLibrary.load(paths: [file], lexiconDirectory: root + "/lexicon", lint: false)
    let marker = library.scenarios.first.map { "\n\($0.persona.name): " }
    // The first run creates the store.
    _ = Spawn.run(practiceArguments, environment: benchEnvironment)
    var peak = 0
    let (helloFirst, practice) = Spawn.paired(
      runs: runs, baseline: { Spawn.run([hello]).total },
      measured: {
        let run = Spawn.run(practiceArguments, environment: benchEnvironment, marker: marker)
        peak = max(peak, run.peakRSS)
        return run.marker
      })
    print(String(format: "practice  %8.1f ms to the first customer line; hello world %.1f ms: %.1fx (target <= 5x); peak RSS %.1f MB (target <= 40 MB)",
      practice * 1000, helloFirst * 1000, practice / helloFirst, Double(peak) / 1024))
    let listArguments = [dojo, "scenarios", "list", "--scenarios", root]
    _ = Spawn.run(listArguments, environment: benchEnvironment)  // warms the cache
    let (helloList, list) = Spawn.paired(
      runs: runs, baseline: { Spawn.run([hello]).total }, measured: { Spawn.run(listArguments, environment: benchEnvironment).total })
    print(String(format: "list      %8.1f ms for dojo scenarios list, warm cache; hello world %.1f ms: %.1fx (target <= 10x)",
      list * 1000, helloList * 1000, list / helloList))
  }
}
