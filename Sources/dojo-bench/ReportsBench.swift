// `make bench-reports`: the report commands on a store with 2,000 trainees, 100,000 sessions
// and about 1,000,000 turns, end to end as processes (start-up included), release build.
import DojoCore
import Foundation

enum ReportsBench {
  static func run(root: String, dojo: String, store: String) throws {
    if !FileManager.default.fileExists(atPath: store) {
      print("building the benchmark store \(store) (once; delete it to rebuild)…")
      let partial = store + ".partial"
      try? FileManager.default.removeItem(atPath: partial)
      let began = Date()
      let status = try execute(dojo, ["demo-data", "--trainees", "2000", "--practice", "44", "--cohort", "bench", "--seed", "1", "--scenarios", root, "--store", partial], output: nil)
      guard status == 0 else {
        print("demo-data failed with status \(status)")
        exit(1)
      }
      try FileManager.default.moveItem(atPath: partial, toPath: store)
      print(String(format: "demo-data %8.1f s for the store", Date().timeIntervalSince(began)))
    }
    let counts = try query(store, "SELECT (SELECT COUNT(*) FROM trainees), (SELECT COUNT(*) FROM sessions), (SELECT COUNT(*) FROM turns)")
    print("store     \(counts)  (trainees|sessions|turns)")

    // The statistics alone, in process: one group of 2,000 pairs, 2,000 resamples, one core.
    var generator = SeededGenerator(seed: 9)
    let pairs = (0..<2000).map { _ in
      PrePost(pre: Double(generator.next() % 1000) / 10, post: Double(generator.next() % 1000) / 10)
    }
    let clock = ContinuousClock()
    var checksum = 0.0
    let statistics = clock.measure {
      for seed in 0..<5 { checksum += Statistics.paired(pairs, seed: UInt64(seed)).meanDifferenceInterval?.low ?? 0 }
    }
    print(String(format: "bootstrap %7.1f ms per group of 2,000 pairs × 2,000 resamples (mean difference, d_z, d_av; one core) %@", Double(statistics.components.attoseconds) / 1e15 / 5 + Double(statistics.components.seconds) * 200, checksum.isNaN ? "?" : ""))

    let runs = 10
    func measure(_ label: String, _ arguments: [String], target: Double) throws {
      _ = try execute(dojo, arguments, output: "/dev/null")  // warm the page cache
      var times: [Double] = []
      var cpu: [Double] = []
      for _ in 0..<runs {
        let began = DispatchTime.now().uptimeNanoseconds
        let status = try execute(dojo, arguments, output: "/dev/null")
        guard status == 0 else {
          print("\(label): exit status \(status)")
          exit(1)
        }
        times.append(Double(DispatchTime.now().uptimeNanoseconds - began) / 1e6)
        cpu.append(lastCPU * 1000)
      }
      times.sort()
      cpu.sort()
      let median = times[runs / 2]
      print(String(format: "%@ %7.1f ms median wall, %7.1f ms min, %7.1f ms median CPU (user+sys, all threads), %d runs  (target ≤ %.0f ms) %@", label, median, times[0], cpu[runs / 2], runs, target, median <= target ? "ok" : "SLOW"))
      var load = [Double](repeating: 0, count: 3)
      if getloadavg(&load, 3) == 3 { print(String(format: "              load average %.2f (other processes share the cores)", load[0])) }
    }
    try measure("effectiveness", ["report", "effectiveness", "--cohort", "bench", "--format", "json", "--store", store], target: 300)
    try measure("effectiveness text", ["report", "effectiveness", "--cohort", "bench", "--store", store], target: 300)
    try measure("team         ", ["report", "team", "--store", store], target: 500)
    try measure("team --cohort", ["report", "team", "--cohort", "bench", "--store", store], target: 500)

    let html = FileManager.default.temporaryDirectory.appendingPathComponent("dojo-bench-\(getpid()).html").path
    defer { try? FileManager.default.removeItem(atPath: html) }
    try measure("html         ", ["report", "effectiveness", "--cohort", "bench", "--format", "html", "--out", html, "--store", store], target: 300)
    let size = (try FileManager.default.attributesOfItem(atPath: html)[.size] as? Int) ?? 0
    print(String(format: "html page %7.2f MB  (target ≤ 2 MB) %@", Double(size) / 1_048_576, size <= 2 * 1_048_576 ? "ok" : "TOO BIG"))
  }

  /// Runs a process with posix_spawn and waits for it with waitpid; stdout to `output` (or inherited).
  static func execute(_ path: String, _ arguments: [String], output: String?) throws -> Int32 {
    var actions: posix_spawn_file_actions_t = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    if let output { posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_TRUNC, 0o644) }
    let argv = ([path] + arguments).map { strdup($0) } + [nil]
    defer { argv.forEach { free($0) } }
    fflush(nil)
    var pid: pid_t = 0
    guard posix_spawn(&pid, path, &actions, nil, argv, environ) == 0 else { throw CocoaError(.executableLoad) }
    var status: Int32 = 0
    var usage = rusage()
    while wait4(pid, &status, 0, &usage) < 0 && errno == EINTR {}
    lastCPU = Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
    return (status >> 8) & 0xFF
  }

  /// The CPU seconds of the last child `execute` waited for.
  nonisolated(unsafe) static var lastCPU = 0.0

  /// One row of an SQL query through the sqlite3 tool, or a note when it is missing.
  static func query(_ store: String, _ sql: String) throws -> String {
    let out = FileManager.default.temporaryDirectory.appendingPathComponent("dojo-bench-q-\(getpid())").path
    defer { try? FileManager.default.removeItem(atPath: out) }
    guard FileManager.default.isExecutableFile(atPath: "/usr/bin/sqlite3"),
      try execute("/usr/bin/sqlite3", [store, sql], output: out) == 0
    else { return "(sqlite3 not installed)" }
    return (try String(contentsOfFile: out, encoding: .utf8)).trimmingCharacters(in: .whitespacesAndNewlines)
  }
}
