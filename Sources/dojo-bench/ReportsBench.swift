// `make bench-reports`: the report commands on a demo store (2,000 trainees, 100,000 sessions,
// about 1,000,000 turns; `TRAINEES="200 2000 10000"` for more sizes), end to end as processes
// (start-up included), release build, each against its own SQL run in the `sqlite3` shell in
// the same run.
//
// The baseline is exact: the command runs once with `DOJO_TRACE_SQL`, which writes every
// statement its store runs (arguments written in), and the `sqlite3` shell then runs that file
// on the same store (output to /dev/null). The two alternate, so load on the machine falls on
// both; the ratio printed is the median of the paired ratios.
import DojoCore
import Foundation

enum ReportsBench {
  /// `stores` are (trainees, path); a missing store is built with `dojo demo-data` first.
  static func run(root: String, dojo: String, stores: [(trainees: Int, path: String)]) throws {
    let sqlite3 = ["/usr/bin/sqlite3", "/usr/local/bin/sqlite3"].first { FileManager.default.isExecutableFile(atPath: $0) }
    if sqlite3 == nil {
      print("sqlite3 is not installed: the baseline ratios are skipped (apt-get install sqlite3; make bench-reports installs it as root)")
    }
    bootstrapLine()
    for (trainees, store) in stores {
      try build(store, trainees: trainees, root: root, dojo: dojo)
      print("")
      if let sqlite3 {
        let counts = try query(sqlite3, store, "SELECT (SELECT COUNT(*) FROM trainees), (SELECT COUNT(*) FROM sessions), (SELECT COUNT(*) FROM turns), (SELECT COUNT(*) FROM criterion_scores)")
        print("store \(store): \(counts)  (trainees|sessions|turns|criterion rows)")
      } else {
        print("store \(store): \(trainees) trainees")
      }
      let runs = trainees > 5000 ? 5 : 10
      try measure("effectiveness json", ["report", "effectiveness", "--cohort", "bench", "--format", "json", "--store", store], target: 1.5, runs: runs, dojo: dojo, sqlite3: sqlite3, store: store)
      try measure("effectiveness text", ["report", "effectiveness", "--cohort", "bench", "--store", store], target: nil, runs: runs, dojo: dojo, sqlite3: sqlite3, store: store)
      let html = FileManager.default.temporaryDirectory.appendingPathComponent("dojo-bench-\(getpid()).html").path
      defer { try? FileManager.default.removeItem(atPath: html) }
      try measure("effectiveness html", ["report", "effectiveness", "--cohort", "bench", "--format", "html", "--out", html, "--store", store], target: nil, runs: runs, dojo: dojo, sqlite3: sqlite3, store: store)
      let size = (try FileManager.default.attributesOfItem(atPath: html)[.size] as? Int) ?? 0
      print(String(format: "html page %.2f MB  (target ≤ 2 MB per 2,000 trainees) %@", Double(size) / 1_048_576, size <= 2 * 1_048_576 * max(1, trainees / 2000) ? "ok" : "TOO BIG"))
      try measure("team              ", ["report", "team", "--store", store], target: 1.2, runs: runs, dojo: dojo, sqlite3: sqlite3, store: store)
      try measure("team --cohort     ", ["report", "team", "--cohort", "bench", "--store", store], target: nil, runs: runs, dojo: dojo, sqlite3: sqlite3, store: store)
      try measure("team json         ", ["report", "team", "--format", "json", "--store", store], target: nil, runs: runs, dojo: dojo, sqlite3: sqlite3, store: store)
    }
  }

  /// Builds a demo store once (deleting it rebuilds it).
  static func build(_ store: String, trainees: Int, root: String, dojo: String) throws {
    guard !FileManager.default.fileExists(atPath: store) else { return }
    print("building the benchmark store \(store), \(trainees) trainees (once; delete it to rebuild)…")
    let partial = store + ".partial"
    try? FileManager.default.removeItem(atPath: partial)
    let began = Date()
    let status = try execute(dojo, ["demo-data", "--trainees", String(trainees), "--practice", "44", "--cohort", "bench", "--seed", "1", "--scenarios", root, "--store", partial], output: nil)
    guard status == 0 else {
      print("demo-data failed with status \(status)")
      exit(1)
    }
    try FileManager.default.moveItem(atPath: partial, toPath: store)
    print(String(format: "demo-data %8.1f s for the store", Date().timeIntervalSince(began)))
  }

  /// The statistics alone, in process: one group of 2,000 pairs, 2,000 resamples, one core.
  static func bootstrapLine() {
    var generator = SeededGenerator(seed: 9)
    let pairs = (0..<2000).map { _ in
      PrePost(pre: Double(generator.next() % 1000) / 10, post: Double(generator.next() % 1000) / 10)
    }
    let clock = ContinuousClock()
    var checksum = 0.0
    let statistics = clock.measure {
      for seed in 0..<5 { checksum += Statistics.paired(pairs, seed: UInt64(seed)).meanDifferenceInterval?.low ?? 0 }
    }
    let ms = (Double(statistics.components.seconds) + Double(statistics.components.attoseconds) / 1e18) * 1000 / 5
    print(String(format: "bootstrap %7.1f ms per group of 2,000 pairs × 2,000 resamples (mean difference, d_z, d_av; one core) %@", ms, checksum.isNaN ? "?" : ""))
    // The demo cohort's shape: overall, 16 criteria and one role, all of the same size, on all
    // cores; CPU time, so the other cores' load does not count. Linear means the same time per
    // pair and resample at every size.
    for n in [200, 2000, 10000] {
      let groups = (0..<18).map { _ in
        (0..<n).map { _ in PrePost(pre: Double(generator.next() % 1000) / 10, post: Double(generator.next() % 1000) / 10) }
      }
      var best = Double.infinity
      for _ in 0..<3 {
        let began = processCPU()
        checksum += Statistics.pairedInParallel(groups, seed: 20_240_601)[0].meanDifferenceInterval?.low ?? 0
        best = min(best, processCPU() - began)
      }
      print(
        String(
          format: "bootstrap %7.1f ms CPU for 18 groups of %5d pairs × 2,000 resamples (%.2f ns per group, pair and resample)",
          best * 1000, n, best * 1e9 / Double(18 * n * 2000)))
    }
  }

  /// CPU seconds of this process so far (every thread).
  static func processCPU() -> Double {
    var usage = rusage()
    getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
    return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
  }

  /// Runs a report `runs` times, each time beside its own SQL in the sqlite3 shell.
  static func measure(
    _ label: String, _ arguments: [String], target: Double?, runs: Int, dojo: String, sqlite3: String?, store: String
  ) throws {
    // The command's own statements, traced from one run (which also warms the page cache).
    let sql = FileManager.default.temporaryDirectory.appendingPathComponent("dojo-bench-\(getpid()).sql").path
    defer { try? FileManager.default.removeItem(atPath: sql) }
    try? FileManager.default.removeItem(atPath: sql)
    // DOJO_BENCH_TRACE_WITH=DOJO traces with another build (to time one that cannot trace).
    let tracer = ProcessInfo.processInfo.environment["DOJO_BENCH_TRACE_WITH"] ?? dojo
    guard try execute(tracer, arguments, output: "/dev/null", environment: ["DOJO_TRACE_SQL=\(sql)"]) == 0 else {
      print("\(label): failed")
      exit(1)
    }
    // The reads run on two connections at once, so their transactions interleave in the trace:
    // the shell runs each statement on its own (one connection, autocommit).
    let traced = ((try? String(contentsOfFile: sql, encoding: .utf8)) ?? "").components(separatedBy: ";\n").dropLast()
      .filter { !["BEGIN", "COMMIT", "ROLLBACK"].contains(where: $0.hasPrefix) }
    try (traced.map { $0 + ";\n" }.joined()).write(toFile: sql, atomically: true, encoding: .utf8)
    let statements = traced.count
    if let sqlite3 { _ = try execute(sqlite3, ["-batch", store], input: sql, output: "/dev/null") }
    _ = try execute(dojo, arguments, output: "/dev/null")

    var wall: [Double] = []
    var cpu: [Double] = []
    var baseline: [Double] = []
    var baselineCPU: [Double] = []
    var ratios: [Double] = []
    var cpuRatios: [Double] = []
    for run in 0..<runs {
      func timedDojo() throws -> Double {
        let began = DispatchTime.now().uptimeNanoseconds
        let status = try execute(dojo, arguments, output: "/dev/null")
        guard status == 0 else {
          print("\(label): exit status \(status)")
          exit(1)
        }
        cpu.append(lastCPU * 1000)
        return Double(DispatchTime.now().uptimeNanoseconds - began) / 1e6
      }
      func timedShell(_ sqlite3: String) throws -> Double {
        let began = DispatchTime.now().uptimeNanoseconds
        guard try execute(sqlite3, ["-batch", store], input: sql, output: "/dev/null") == 0 else {
          print("\(label): the sqlite3 shell failed on the traced statements (\(sql))")
          exit(1)
        }
        baselineCPU.append(lastCPU * 1000)
        return Double(DispatchTime.now().uptimeNanoseconds - began) / 1e6
      }
      if let sqlite3 {
        // Alternate which goes first, so neither always meets a warmer cache.
        var ours = 0.0, theirs = 0.0
        if run % 2 == 0 {
          ours = try timedDojo()
          theirs = try timedShell(sqlite3)
        } else {
          theirs = try timedShell(sqlite3)
          ours = try timedDojo()
        }
        wall.append(ours)
        baseline.append(theirs)
        ratios.append(ours / theirs)
        if let ourCPU = cpu.last, let theirCPU = baselineCPU.last, theirCPU > 0 { cpuRatios.append(ourCPU / theirCPU) }
      } else {
        wall.append(try timedDojo())
      }
    }
    func median(_ values: [Double]) -> Double { values.isEmpty ? .nan : values.sorted()[values.count / 2] }
    var line = String(format: "%@ %7.1f ms median wall, %7.1f ms min, %7.1f ms CPU", label, median(wall), wall.min() ?? .nan, median(cpu))
    if sqlite3 != nil {
      let ratio = median(ratios)
      line += String(format: " | sqlite3 shell %7.1f ms, %7.1f ms CPU (%d statements) | ratio %.2f×", median(baseline), median(baselineCPU), statements, ratio)
      if let target { line += String(format: " (target ≤ %.1f×) %@", target, ratio <= target ? "ok" : "SLOW") }
      // Under load the wall ratio follows the scheduler more than the code: the CPU ratio too.
      line += String(format: ", CPU ratio %.2f×", median(cpuRatios))
    }
    var load = [Double](repeating: 0, count: 3)
    if getloadavg(&load, 3) == 3 { line += String(format: "  [%d runs, load %.2f]", runs, load[0]) }
    print(line)
  }

  /// Runs a process with posix_spawn and waits for it with waitpid: stdin from `input`, stdout
  /// to `output` (else inherited), `environment` added to this process's.
  static func execute(
    _ path: String, _ arguments: [String], input: String? = nil, output: String?, environment: [String] = []
  ) throws -> Int32 {
    var actions: posix_spawn_file_actions_t = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    if let input { posix_spawn_file_actions_addopen(&actions, 0, input, O_RDONLY, 0) }
    if let output { posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_TRUNC, 0o644) }
    let argv = ([path] + arguments).map { strdup($0) } + [nil]
    defer { argv.forEach { free($0) } }
    var inherited: [String] = []
    var index = 0
    while let entry = environ[index] {
      inherited.append(String(cString: entry))
      index += 1
    }
    let envp = (inherited + environment).map { strdup($0) } + [nil]
    defer { envp.forEach { free($0) } }
    fflush(nil)
    var pid: pid_t = 0
    guard posix_spawn(&pid, path, &actions, nil, argv, envp) == 0 else { throw CocoaError(.executableLoad) }
    var status: Int32 = 0
    var usage = rusage()
    while wait4(pid, &status, 0, &usage) < 0 && errno == EINTR {}
    lastCPU = Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
    return (status >> 8) & 0xFF
  }

  /// The CPU seconds of the last child `execute` waited for.
  nonisolated(unsafe) static var lastCPU = 0.0

  /// One row of an SQL query through the sqlite3 shell.
  static func query(_ sqlite3: String, _ store: String, _ sql: String) throws -> String {
    let out = FileManager.default.temporaryDirectory.appendingPathComponent("dojo-bench-q-\(getpid())").path
    defer { try? FileManager.default.removeItem(atPath: out) }
    guard try execute(sqlite3, [store, sql], output: out) == 0 else { return "(sqlite3 failed)" }
    return (try String(contentsOfFile: out, encoding: .utf8)).trimmingCharacters(in: .whitespacesAndNewlines)
  }
}
