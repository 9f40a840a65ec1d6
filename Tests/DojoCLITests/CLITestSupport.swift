import Foundation

/// Runs the built `dojo` binary the way a user does.
enum CLI {
  static let repositoryRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

  /// The `dojo` binary next to the test bundle (the same build), else in `.build/debug`.
  static var binary: String {
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
  static func run(_ arguments: [String], stdin: String? = nil, sandbox: URL? = nil) throws -> Result {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: binary)
    process.arguments = arguments
    process.currentDirectoryURL = repositoryRoot
    if let sandbox { process.environment = environment(sandbox: sandbox) }
    let out = Pipe(), err = Pipe(), input = Pipe()
    process.standardOutput = out
    process.standardError = err
    process.standardInput = input
    try process.run()
    if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
    try input.fileHandleForWriting.close()
    let stdout = out.fileHandleForReading.readDataToEndOfFile()
    let stderr = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return Result(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self), stderr: String(decoding: stderr, as: UTF8.self))
  }

  /// Runs a shell command (for tmux), returning its stdout.
  @discardableResult
  static func shell(_ command: String) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/sh")
    process.arguments = ["-c", command]
    let out = Pipe()
    process.standardOutput = out
    process.standardError = Pipe()
    try process.run()
    let data = out.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return String(decoding: data, as: UTF8.self)
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
