import DojoStore
import Foundation
import Testing

/// Which store and whose name by default, where the scenario library is found, and `make install`
/// (issue 17).
@Suite("Store, trainee name, scenario library and install (the built binary)", .timeLimit(.minutes(5)))
struct InstallCLITests {
  /// Runs the binary at `binary` in `directory` (not the checkout) with the sandbox's environment.
  static func run(
    _ binary: String, _ arguments: [String], in directory: URL, sandbox: URL, stdin: String = "",
    environment extra: [String: String] = [:]
  ) throws -> CLI.Result {
    let environment = CLI.environment(sandbox: sandbox).merging(extra) { $1 }
    let child = try Child([binary] + arguments, environment: environment, stdin: Data(stdin.utf8), directory: directory)
    let status = child.wait(timeout: 60)
    return CLI.Result(status: status, stdout: child.stdout, stderr: child.stderr)
  }

  @Test("make run keeps no store of its own: it uses the default store every dojo command reads")
  func makeRunUsesTheDefaultStore() throws {
    let planned = try CLI.shell("cd '\(CLI.repositoryRoot.path)' && make -n run 2>&1")
    let practice = try #require(planned.split(separator: "\n").first { $0.contains("practice") }, "\(planned)")
    #expect(!practice.contains("--store"), "\(practice)")
    #expect(!planned.contains("mkdir -p"), "\(planned)")
    let chosen = try CLI.shell("cd '\(CLI.repositoryRoot.path)' && make -n run STORE=/tmp/x.sqlite 2>&1")
    #expect(chosen.contains("practice --store \"/tmp/x.sqlite\""), "\(chosen)")
  }

  @Test("the trainee name is remembered per store: another store's name is not used")
  func traineeNamePerStore() throws {
    let sandbox = try CLI.sandbox()
    let first = sandbox.appendingPathComponent("first.sqlite").path
    let second = sandbox.appendingPathComponent("second.sqlite").path
    let play = ["practice", "--scenario", "l1-unexpected-charge", "--no-delay", "--scenarios", CLI.scenarios]
    let dana = try Self.run(CLI.binary, play + ["--trainee", "dana", "--store", first], in: sandbox, sandbox: sandbox, stdin: "/end\n")
    #expect(dana.status == 0, "\(dana.stderr)")
    // Another store, no --trainee: not dana's session (piped, so $USER).
    let lee = try Self.run(CLI.binary, play + ["--store", second], in: sandbox, sandbox: sandbox, stdin: "/end\n", environment: ["USER": "lee"])
    #expect(lee.status == 0, "\(lee.stderr)")
    #expect(try SQLiteStore(path: second).sessions(traineeName: "lee").count == 1)
    #expect(try SQLiteStore(path: second).sessions(traineeName: "dana").isEmpty)
    // The first store, named by a relative path this time, still remembers dana.
    let again = try Self.run(CLI.binary, play + ["--store", "first.sqlite"], in: sandbox, sandbox: sandbox, stdin: "/end\n", environment: ["USER": "lee"])
    #expect(again.status == 0, "\(again.stderr)")
    #expect(try SQLiteStore(path: first).sessions(traineeName: "dana").count == 2)
  }

  @Test("without a scenario library: one line naming --scenarios and DOJO_SCENARIOS, exit 1")
  func noLibrary() throws {
    let sandbox = try CLI.sandbox()
    for arguments in [["scenarios", "list"], ["scenarios", "lint"], ["practice", "--scenario", "l1-unexpected-charge"]] {
      let result = try Self.run(CLI.binary, arguments, in: sandbox, sandbox: sandbox)
      #expect(result.status == 1)
      #expect(result.stderr == "dojo: error: no scenario library found: pass --scenarios DIR or set DOJO_SCENARIOS\n", "\(arguments)")
    }
    let named = try Self.run(CLI.binary, ["scenarios", "list", "--scenarios", "nowhere"], in: sandbox, sandbox: sandbox)
    #expect(named.status == 1)
    #expect(named.stderr == "dojo: error: no scenario library at nowhere (from --scenarios): no such file or folder\n")
  }

  @Test("an installed dojo (PREFIX/bin/dojo) finds PREFIX/share/supportdojo/scenarios from any folder")
  func installedLayout() throws {
    let sandbox = try CLI.sandbox()
    let prefix = sandbox.appendingPathComponent("prefix")
    let share = prefix.appendingPathComponent("share/supportdojo")
    try FileManager.default.createDirectory(at: prefix.appendingPathComponent("bin"), withIntermediateDirectories: true)
    try FileManager.default.createDirectory(at: share, withIntermediateDirectories: true)
    let binary = prefix.appendingPathComponent("bin/dojo").path
    // Copied by `cp`, not in this process: a file descriptor open for writing here could be
    // inherited by a child another test spawns meanwhile, and exec would fail (text file busy).
    _ = try CLI.shell("cp '\(CLI.binary)' '\(binary)'", timeout: 60)
    try FileManager.default.copyItem(atPath: CLI.scenarios, toPath: share.appendingPathComponent("scenarios").path)
    try expectWorks(binary: binary, sandbox: sandbox)
  }

  /// `make install` itself (a release build: minutes), when DOJO_TEST_MAKE_INSTALL=1.
  @Test(
    "make install into a temporary PREFIX, run from elsewhere, make uninstall",
    .enabled(if: ProcessInfo.processInfo.environment["DOJO_TEST_MAKE_INSTALL"] == "1"),
    .timeLimit(.minutes(30)))
  func makeInstall() throws {
    let sandbox = try CLI.sandbox()
    let prefix = sandbox.appendingPathComponent("prefix").path
    let make = "cd '\(CLI.repositoryRoot.path)' && make install PREFIX='\(prefix)' >/dev/null 2>&1; echo $?"
    #expect(try CLI.shell(make, timeout: 1500).hasPrefix("0"))
    for file in ["bin/dojo", "share/supportdojo/scenarios", "share/bash-completion/completions/dojo"] {
      #expect(FileManager.default.fileExists(atPath: prefix + "/" + file), "\(file)")
    }
    try expectWorks(binary: prefix + "/bin/dojo", sandbox: sandbox)
    _ = try CLI.shell("cd '\(CLI.repositoryRoot.path)' && make uninstall PREFIX='\(prefix)' >/dev/null 2>&1")
    #expect(!FileManager.default.fileExists(atPath: prefix + "/bin/dojo"))
    #expect(!FileManager.default.fileExists(atPath: prefix + "/share/supportdojo"))
  }

  /// `scenarios list` and a piped practice, run from a folder with no scenarios/.
  private func expectWorks(binary: String, sandbox: URL) throws {
    let elsewhere = sandbox.appendingPathComponent("elsewhere")
    try FileManager.default.createDirectory(at: elsewhere, withIntermediateDirectories: true)
    let listed = try Self.run(binary, ["scenarios", "list"], in: elsewhere, sandbox: sandbox)
    #expect(listed.status == 0, "\(listed.stderr)")
    #expect(listed.stdout.contains("l1-unexpected-charge"))
    let played = try Self.run(
      binary, ["practice", "--trainee", "ida", "--scenario", "l1-unexpected-charge", "--no-delay"], in: elsewhere,
      sandbox: sandbox, stdin: "/end\n")
    #expect(played.status == 0, "\(played.stderr)")
    #expect(played.stdout.contains("Stored as session 1."), "\(played.stdout)")
  }
}
