// `make bench-reports-postgres` (and the PostgreSQL part of `make bench-reports`): the report
// commands on the 2,000-trainee demo store moved to PostgreSQL with `dojo store migrate`, end to
// end as processes (start-up and connection included), each against its own statements run in
// `psql` in the same run; then the per-line commit a console waits for (PostgresBench).
//
// The baseline is exact: the command runs once with `DOJO_TRACE_SQL`, which writes every
// statement its store runs with the arguments written in (the PostgreSQL store runs them on one
// connection, so the file keeps its transactions as they ran), and `psql` then runs that file
// against the same database, output to /dev/null. The two alternate, so load on the machine falls
// on both; the ratio printed is the median of the paired ratios.
import Foundation

#if canImport(Glibc)
  import Glibc
#endif

enum ReportsBenchPostgres {
  /// The issue's targets: a report within 1.5× of its own SQL in `psql`, a typed line's commit
  /// under 20 ms.
  static let reportTarget = 1.5
  static let commitTargetMilliseconds = 20.0

  /// `server` is a `postgres://USER@HOST:PORT/DB` URL of a server this benchmark may create
  /// databases on; `sqliteStore` the demo store it migrates from (built with `dojo demo-data`
  /// when missing), once: the database `dojo_bench` is kept and used again while its row counts
  /// match the SQLite store's.
  static func run(root: String, dojo: String, server: String, sqliteStore: String, runs: Int = 10)
    throws
  {
    guard
      let psql = ["/usr/bin/psql", "/usr/local/bin/psql"].first(where: {
        FileManager.default.isExecutableFile(atPath: $0)
      })
    else {
      print("postgres reports skipped: psql is not installed (apt-get install postgresql-client)")
      return
    }
    let benchURL = try database("dojo_bench", on: server, psql: psql, fresh: false)
    try migrateIfNeeded(sqliteStore: sqliteStore, to: benchURL, root: root, dojo: dojo, psql: psql)
    let counts = try query(
      psql, benchURL,
      "SELECT (SELECT COUNT(*) FROM trainees) || '|' || (SELECT COUNT(*) FROM sessions) || '|' || (SELECT COUNT(*) FROM turns) || '|' || (SELECT COUNT(*) FROM criterion_scores) || '  ' || version()"
    )
    print("")
    print("postgres store \(benchURL): \(counts)  (trainees|sessions|turns|criterion rows)")
    let store = ["--store", benchURL]
    try measure(
      "pg effectiveness json",
      ["report", "effectiveness", "--cohort", "bench", "--format", "json"] + store,
      runs: runs, dojo: dojo, psql: psql, url: benchURL)
    try measure(
      "pg team              ", ["report", "team"] + store, runs: runs, dojo: dojo, psql: psql,
      url: benchURL)
    try measure(
      "pg team json         ", ["report", "team", "--format", "json"] + store, runs: runs,
      dojo: dojo, psql: psql, url: benchURL)

    // The console's wait per typed line, on a database of its own (the demo store stays as migrated).
    let turnsURL = try database("dojo_bench_turns", on: server, psql: psql, fresh: true)
    let commit = try PostgresBench.run(url: turnsURL)
    print(
      String(
        format: "per-line commit on postgres: median %.2f ms (target < %.0f ms) %@", commit.median,
        commitTargetMilliseconds, commit.median < commitTargetMilliseconds ? "ok" : "SLOW"))
  }

  /// The URL of database `name` on the server of `server`, created when missing (dropped and
  /// created again when `fresh`).
  static func database(_ name: String, on server: String, psql: String, fresh: Bool) throws
    -> String
  {
    guard var components = URLComponents(string: server) else {
      print("not a postgres:// URL: \(server)")
      exit(1)
    }
    let exists =
      try query(psql, server, "SELECT 1 FROM pg_database WHERE datname = '\(name)'") == "1"
    if fresh && exists { _ = try query(psql, server, "DROP DATABASE \(name)") }
    if fresh || !exists { _ = try query(psql, server, "CREATE DATABASE \(name)") }
    components.path = "/" + name
    return components.string ?? server
  }

  /// Moves the demo store into `url` with `dojo store migrate` unless it holds as many turns
  /// already (an interrupted move is continued: the command resumes it).
  static func migrateIfNeeded(
    sqliteStore: String, to url: String, root: String, dojo: String, psql: String
  ) throws {
    if !FileManager.default.fileExists(atPath: sqliteStore) {
      // As `make bench-reports` builds it.
      print(
        "building the benchmark store \(sqliteStore), 2000 trainees (once; delete it to rebuild)…")
      let partial = sqliteStore + ".partial"
      try? FileManager.default.removeItem(atPath: partial)
      let arguments = [
        "demo-data", "--trainees", "2000", "--practice", "44", "--cohort", "bench", "--seed", "1",
        "--scenarios", root,
        "--store", partial,
      ]
      guard try execute(dojo, arguments, output: "/dev/null") == 0 else {
        print("demo-data failed")
        exit(1)
      }
      try FileManager.default.moveItem(atPath: partial, toPath: sqliteStore)
    }
    let sqlite3 = ["/usr/bin/sqlite3", "/usr/local/bin/sqlite3"].first {
      FileManager.default.isExecutableFile(atPath: $0)
    }
    let present = (try? query(psql, url, "SELECT COUNT(*) FROM turns")) ?? ""
    let expected = try sqlite3.map { try sqliteCount($0, sqliteStore) }
    if let count = Int(present), count > 0, expected == nil || expected == count {
      // A kept store from an older dojo: its schema brought up to date, as a team's would be.
      guard try execute(dojo, ["store", "init", url], output: "/dev/null") == 0 else {
        print("dojo store init \(url) failed")
        exit(1)
      }
      return
    }
    print("moving \(sqliteStore) to \(url) with dojo store migrate (once; kept for later runs)…")
    let began = Date()
    let status = try execute(
      dojo, ["store", "migrate", "--from", sqliteStore, "--to", url], output: "/dev/null")
    guard status == 0 else {
      print("dojo store migrate failed with status \(status)")
      exit(1)
    }
    print(
      String(
        format: "store migrate %8.1f s for the demo store (load %@)",
        Date().timeIntervalSince(began), load()))
  }

  /// Runs a report `runs` times, each time beside its own statements in `psql`.
  static func measure(
    _ label: String, _ arguments: [String], runs: Int, dojo: String, psql: String, url: String
  ) throws {
    let sql = FileManager.default.temporaryDirectory.appendingPathComponent(
      "dojo-bench-pg-\(getpid()).sql"
    ).path
    defer { try? FileManager.default.removeItem(atPath: sql) }
    try? FileManager.default.removeItem(atPath: sql)
    guard
      try execute(dojo, arguments, output: "/dev/null", environment: ["DOJO_TRACE_SQL=\(sql)"]) == 0
    else {
      print("\(label): failed")
      exit(1)
    }
    let traced = (try? String(contentsOfFile: sql, encoding: .utf8)) ?? ""
    let statements = traced.components(separatedBy: ";\n").dropLast()
      .filter { !["BEGIN", "COMMIT", "ROLLBACK", "SET "].contains(where: $0.hasPrefix) }.count
    let shell = ["-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", url, "-f", sql, "-o", "/dev/null"]
    // A first run of each warms the server's buffers.
    guard try execute(psql, shell, output: "/dev/null") == 0 else {
      print("\(label): psql failed on the traced statements (\(sql))")
      exit(1)
    }
    _ = try execute(dojo, arguments, output: "/dev/null")

    var wall: [Double] = []
    var baseline: [Double] = []
    var ratios: [Double] = []
    for run in 0..<runs {
      func timed(_ program: String, _ arguments: [String]) throws -> Double {
        let began = DispatchTime.now().uptimeNanoseconds
        let status = try execute(program, arguments, output: "/dev/null")
        guard status == 0 else {
          print("\(label): \(program) exited with status \(status)")
          exit(1)
        }
        return Double(DispatchTime.now().uptimeNanoseconds - began) / 1e6
      }
      // Alternate which goes first, so neither always meets a warmer cache.
      var ours = 0.0
      var theirs = 0.0
      if run % 2 == 0 {
        ours = try timed(dojo, arguments)
        theirs = try timed(psql, shell)
      } else {
        theirs = try timed(psql, shell)
        ours = try timed(dojo, arguments)
      }
      wall.append(ours)
      baseline.append(theirs)
      ratios.append(ours / theirs)
    }
    let ratio = median(ratios)
    print(
      String(
        format:
          "%@ %7.1f ms median wall, %7.1f ms min | psql %7.1f ms (%d statements) | ratio %.2f× (target ≤ %.1f×) %@  [%d runs, load %@]",
        label, median(wall), wall.min() ?? .nan, median(baseline), statements, ratio, reportTarget,
        ratio <= reportTarget ? "ok" : "SLOW", runs, load()))
  }

  static func median(_ values: [Double]) -> Double {
    values.isEmpty ? .nan : values.sorted()[values.count / 2]
  }

  /// The load averages (1, 5, 15 minutes).
  static func load() -> String {
    (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8))?.split(separator: " ").prefix(3)
      .joined(separator: " ") ?? "?"
  }

  /// One value from `psql` (unaligned, tuples only), trimmed.
  static func query(_ psql: String, _ url: String, _ sql: String) throws -> String {
    let out = FileManager.default.temporaryDirectory.appendingPathComponent(
      "dojo-bench-pgq-\(getpid())"
    ).path
    defer { try? FileManager.default.removeItem(atPath: out) }
    guard
      try execute(
        psql, ["-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-d", url, "-c", sql], output: out,
        errors: "/dev/null") == 0
    else { throw CocoaError(.fileReadUnknown) }
    return (try String(contentsOfFile: out, encoding: .utf8)).trimmingCharacters(
      in: .whitespacesAndNewlines)
  }

  /// The turns in an SQLite store, through the sqlite3 shell.
  static func sqliteCount(_ sqlite3: String, _ store: String) throws -> Int? {
    let out = FileManager.default.temporaryDirectory.appendingPathComponent(
      "dojo-bench-sq-\(getpid())"
    ).path
    defer { try? FileManager.default.removeItem(atPath: out) }
    guard try execute(sqlite3, [store, "SELECT COUNT(*) FROM turns"], output: out) == 0 else {
      return nil
    }
    return Int(
      (try String(contentsOfFile: out, encoding: .utf8)).trimmingCharacters(
        in: .whitespacesAndNewlines))
  }

  /// Runs a process with posix_spawn and waits for it: stdout to `output`, stderr to `errors`
  /// (else inherited), `environment` added to this process's.
  static func execute(
    _ path: String, _ arguments: [String], output: String, errors: String? = nil,
    environment: [String] = []
  ) throws -> Int32 {
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    if let errors { posix_spawn_file_actions_addopen(&actions, 2, errors, O_WRONLY, 0) }
    let argv = ([path] + arguments).map { strdup($0) } + [nil]
    defer { argv.forEach { free($0) } }
    let inherited = ProcessInfo.processInfo.environment.map { "\($0.key)=\($0.value)" }
    let envp = (inherited + environment).map { strdup($0) } + [nil]
    defer { envp.forEach { free($0) } }
    fflush(nil)
    var pid: pid_t = 0
    guard posix_spawn(&pid, path, &actions, nil, argv, envp) == 0 else {
      throw CocoaError(.executableLoad)
    }
    var status: Int32 = 0
    while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
    return (status >> 8) & 0xFF
  }
}
