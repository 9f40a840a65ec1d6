import Foundation
import Glibc

/// Runs the built `dojo` binary the way a user does.
enum CLI {
  static let repositoryRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

  /// The `dojo` binary next to the test bundle (the same build), else in `.build/debug`;
  /// `$DOJO_TEST_BINARY` runs the tests against another build (say, an older one).
  static var binary: String {
    if let other = ProcessInfo.processInfo.environment["DOJO_TEST_BINARY"], !other.isEmpty { return other }
    let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("dojo").path
    if FileManager.default.isExecutableFile(atPath: beside) { return beside }
    return repositoryRoot.appendingPathComponent(".build/debug/dojo").path
  }

  static var scenarios: String { repositoryRoot.appendingPathComponent("scenarios").path }

  struct Result {
    var status: Int32
    var stdout: String
    var stderr: String
  }

  /// A fresh temporary folder with HOME and XDG folders inside, so tests touch nothing of the user's.
  static func sandbox() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("dojo-cli-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
  }

  static func environment(sandbox: URL) -> [String: String] {
    var environment = ProcessInfo.processInfo.environment
    environment["HOME"] = sandbox.path
    environment["XDG_STATE_HOME"] = sandbox.appendingPathComponent("state").path
    environment["XDG_DATA_HOME"] = sandbox.appendingPathComponent("data").path
    environment["DOJO_STORE"] = sandbox.appendingPathComponent("dojo.sqlite").path
    environment["NO_COLOR"] = "1"
    environment["LANG"] = "C.UTF-8"
    environment.removeValue(forKey: "DOJO_SCENARIOS")
    return environment
  }

  @discardableResult
  static func run(_ arguments: [String], stdin: String? = nil, sandbox: URL? = nil, timeout: Double = 60) throws -> Result {
    let child = try Child(
      [binary] + arguments, environment: sandbox.map { environment(sandbox: $0) } ?? ProcessInfo.processInfo.environment,
      stdin: Data((stdin ?? "").utf8))
    let status = child.wait(timeout: timeout)
    return Result(status: status, stdout: child.stdout, stderr: child.stderr)
  }

  /// Runs a shell command (for tmux), returning its stdout; gives up after `timeout` seconds so
  /// a stuck command fails the test instead of hanging it.
  @discardableResult
  static func shell(_ command: String, timeout: Double = 20) throws -> String {
    let child = try Child(["/bin/sh", "-c", command], environment: ProcessInfo.processInfo.environment, stdin: Data())
    _ = child.wait(timeout: timeout)
    return child.stdout
  }

  /// Polls until `condition` holds or `timeout` seconds pass.
  static func waitFor(_ timeout: Double = 15, _ condition: () throws -> Bool) rethrows -> Bool {
    let deadline = Date().addingTimeInterval(timeout)
    while Date() < deadline {
      if try condition() { return true }
      Thread.sleep(forTimeInterval: 0.1)
    }
    return try condition()
  }
}

/// A child process started with posix_spawn and reaped with waitpid on its own pid.
///
/// Foundation's `Process.waitUntilExit` can miss a child's exit when tests in parallel start
/// many processes, and then hangs; this helper cannot. Output goes to files, so a full pipe
/// can never block the child; stdin is a pipe the test can keep writing to.
final class Child {
  let pid: pid_t
  private let outputPath: String
  private let errorPath: String
  private let input: FileHandle
  private var exitStatus: Int32?

  init(_ arguments: [String], environment: [String: String], stdin: Data, directory: URL = CLI.repositoryRoot) throws {
    let base = FileManager.default.temporaryDirectory.appendingPathComponent("dojo-child-\(UUID().uuidString)").path
    outputPath = base + ".out"
    errorPath = base + ".err"
    var fds: [Int32] = [0, 0]
    guard pipe(&fds) == 0 else { throw CocoaError(.fileWriteUnknown) }
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_adddup2(&actions, fds[0], 0)
    posix_spawn_file_actions_addclose(&actions, fds[1])
    posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    posix_spawn_file_actions_addopen(&actions, 2, errorPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    // Run in `directory` through the shell, as posix_spawn has no portable chdir action.
    let command = ["/bin/sh", "-c", "cd \"$0\" && exec \"$@\"", directory.path] + arguments
    let argv = command.map { strdup($0) } + [nil]
    let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
    defer {
      argv.forEach { free($0) }
      envp.forEach { free($0) }
    }
    var pid: pid_t = 0
    let result = posix_spawn(&pid, "/bin/sh", &actions, nil, argv, envp)
    close(fds[0])
    guard result == 0 else {
      close(fds[1])
      throw CocoaError(.executableLoad)
    }
    self.pid = pid
    input = FileHandle(fileDescriptor: fds[1], closeOnDealloc: true)
    if !stdin.isEmpty { input.write(stdin) }
  }

  /// Writes more input without closing stdin; nothing happens if the child has exited (SIGPIPE
  /// is ignored, so a child that died early fails its test instead of killing the test run).
  func write(_ text: String) {
    signal(SIGPIPE, SIG_IGN)
    try? input.write(contentsOf: Data(text.utf8))
  }

  /// Closes stdin, waits for the exit (killing the child after `timeout`), returns the status.
  func wait(timeout: Double) -> Int32 {
    try? input.close()
    if let exitStatus { return exitStatus }
    let deadline = Date().addingTimeInterval(timeout)
    var status: Int32 = 0
    while true {
      let reaped = waitpid(pid, &status, WNOHANG)
      if reaped == pid || reaped < 0 { break }
      if Date() > deadline { Glibc.kill(pid, SIGKILL) }
      Thread.sleep(forTimeInterval: 0.01)
    }
    let code = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
    exitStatus = code
    return code
  }

  func terminate(signal: Int32 = SIGKILL) {
    _ = Glibc.kill(pid, signal)
    _ = wait(timeout: 10)
  }

  var stdout: String { (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? "" }
  var stderr: String { (try? String(contentsOfFile: errorPath, encoding: .utf8)) ?? "" }

  deinit {
    try? FileManager.default.removeItem(atPath: outputPath)
    try? FileManager.default.removeItem(atPath: errorPath)
  }
}
