import DojoCore
import DojoStore
import Foundation

/// `make bench-postgres`: what a console waits for on a PostgreSQL store on loopback, paired
/// against an SQLite file in the same run. Each typed line is one committed write before the
/// next line shows (`appendTurn`), measured for both stores in turn, line by line.
enum PostgresBench {
  /// Prints the figures; returns PostgreSQL's median and 95th percentile, in milliseconds.
  @discardableResult
  static func run(url: String, lines: Int = 400) throws -> (median: Double, p95: Double) {
    let postgresURL = try PostgresURL(url)
    try PostgresStore.initialize(url: postgresURL)
    let postgres = try PostgresStore(url: postgresURL)
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("dojo-bench-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: folder) }
    let sqlite = try SQLiteStore(path: folder.appendingPathComponent("bench.sqlite").path)
    let stores: [(name: String, store: any Store)] = [("sqlite", sqlite), ("postgres", postgres)]
    var sessions: [Int64] = []
    for (_, store) in stores {
      let session = try store.startSession(
        NewSession(
          traineeName: "Bench", scenarioID: "bench", scenarioVersion: "1", scenarioTitle: "Bench", role: "l1-agent",
          language: "en", channel: "chat", mode: .practice, seed: 1, startedAt: Date(),
          pid: ProcessInfo.processInfo.processIdentifier))
      sessions.append(session.id ?? 0)
    }
    var times: [[Double]] = [[], []]
    let clock = ContinuousClock()
    for line in 1...lines {
      for (index, entry) in stores.enumerated() {
        let began = clock.now
        try entry.store.appendTurn(
          sessionID: sessions[index], speaker: line.isMultiple(of: 2) ? .customer : .trainee, nodeID: "n", turn: line,
          text: "Line \(line): I checked your order history and the charge is correct.", action: .reply, target: nil,
          at: Date(), latency: 1)
        let elapsed = clock.now - began
        times[index].append(Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1000)
      }
    }
    let load = (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8))?.split(separator: " ").prefix(3)
      .joined(separator: " ") ?? "?"
    for (index, entry) in stores.enumerated() {
      let sorted = times[index].sorted()
      let median = sorted[sorted.count / 2]
      let p95 = sorted[Int(Double(sorted.count) * 0.95)]
      print(
        String(
          format: "per-line commit, %@: median %.2f ms, p95 %.2f ms (%d lines, load %@)", entry.name, median, p95,
          lines, load))
    }
    let ratio = times[1].sorted()[lines / 2] / times[0].sorted()[lines / 2]
    print(String(format: "postgres / sqlite (medians, paired line by line): %.2f×", ratio))
    let postgresTimes = times[1].sorted()
    return (postgresTimes[lines / 2], postgresTimes[Int(Double(lines) * 0.95)])
  }
}
