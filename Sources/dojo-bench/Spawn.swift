// Whole-process measurements for the start-up benchmarks: a program run with posix_spawn, its
// output read through a pipe (to time its first line of interest) and its peak RSS from wait4.
import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// One run of a program.
struct SpawnResult {
  /// Seconds from spawn to the first output line containing the marker (nil without a marker or
  /// when it never came).
  var marker: Double?
  /// Seconds from spawn to exit.
  var total: Double
  /// Peak resident set size, in kilobytes.
  var peakRSS: Int
  var status: Int32
  var output: String
}

enum Spawn {
  /// Runs `argv` with stdin from `input` (a file), stderr discarded, and the extra environment
  /// variables `environment`.
  static func run(_ argv: [String], input: String = "/dev/null", environment: [String: String] = [:], marker: String? = nil) -> SpawnResult {
    var fds: [Int32] = [0, 0]
    guard pipe(&fds) == 0 else { return SpawnResult(marker: nil, total: 0, peakRSS: 0, status: -1, output: "") }
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, input, O_RDONLY, 0)
    posix_spawn_file_actions_adddup2(&actions, fds[1], 1)
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
    posix_spawn_file_actions_addclose(&actions, fds[0])
    posix_spawn_file_actions_addclose(&actions, fds[1])

    var merged = ProcessInfo.processInfo.environment
    for (key, value) in environment { merged[key] = value }
    let env = merged.map { strdup("\($0.key)=\($0.value)") } + [nil]
    let args = argv.map { strdup($0) } + [nil]
    defer {
      for pointer in env { free(pointer) }
      for pointer in args { free(pointer) }
    }
    let start = DispatchTime.now().uptimeNanoseconds
    var pid: pid_t = 0
    let spawned = posix_spawn(&pid, argv[0], &actions, nil, args, env)
    close(fds[1])
    guard spawned == 0 else {
      close(fds[0])
      return SpawnResult(marker: nil, total: 0, peakRSS: 0, status: -1, output: "")
    }
    var output: [UInt8] = []
    var markerTime: Double?
    let markerBytes = marker.map { Array($0.utf8) }
    var buffer = [UInt8](repeating: 0, count: 65536)
    while true {
      let count = read(fds[0], &buffer, buffer.count)
      if count <= 0 { break }
      output += buffer[0..<count]
      if markerTime == nil, let markerBytes, contains(output, markerBytes) {
        markerTime = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
      }
    }
    close(fds[0])
    var status: Int32 = 0
    var usage = rusage()
    wait4(pid, &status, 0, &usage)
    let total = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    return SpawnResult(
      marker: markerTime, total: total, peakRSS: usage.ru_maxrss, status: (status >> 8) & 0xff,
      output: String(decoding: output, as: UTF8.self))
  }

  private static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
    guard needle.count <= haystack.count else { return false }
    return haystack.withUnsafeBufferPointer { hay in
      for start in 0...(hay.count - needle.count) where hay[start] == needle[0] {
        if hay[start..<(start + needle.count)].elementsEqual(needle) { return true }
      }
      return false
    }
  }

  static func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    guard !sorted.isEmpty else { return .nan }
    return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
  }

  /// Paired runs: `runs` times the baseline then the measured program, alternately, so both see
  /// the same load; medians of each.
  static func paired(runs: Int, baseline: () -> Double?, measured: () -> Double?) -> (baseline: Double, measured: Double) {
    var base: [Double] = []
    var values: [Double] = []
    for _ in 0..<runs {
      if let value = baseline() { base.append(value) }
      if let value = measured() { values.append(value) }
    }
    return (median(base), median(values))
  }
}
