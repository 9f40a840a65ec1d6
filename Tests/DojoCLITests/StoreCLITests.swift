import Foundation
import Glibc
import Testing

/// The store is ours, and only ours: what `--store` accepts, and what a command may do to it.
@Suite("The store file (the built binary)")
struct StoreCLITests {
  static let fixtures = CLI.repositoryRoot.appendingPathComponent("Tests/DojoCLITests/Fixtures/store")

  /// Commands that read and commands that write, each given the store with `--store`.
  static func commands(store: String, sandbox: URL) -> [[String]] {
    let scenarios = ["--scenarios", CLI.scenarios]
    return [
      ["review", "queue"], ["review", "show", "1"], ["review", "export", "--to", sandbox.appendingPathComponent("exported").path], ["progress"],
      ["report", "team"], ["report", "effectiveness", "--cohort", "q"], ["trainee", "list"],
      ["cohort", "list"], ["export", "xapi"], ["calibrate", "report", "r"],
      ["scenarios", "versions", "l1-unexpected-charge"] + scenarios,
      ["trainee", "role", "ann", "lead", "--first-lead"], ["cohort", "create", "q"],
      ["demo-data", "--trainees", "1", "--practice", "0", "--cohort", "d"] + scenarios,
      ["demo-data", "--remove"],
      ["practice", "--scenario", "l1-unexpected-charge", "--trainee", "ann", "--no-delay"] + scenarios,
    ].map { $0 + ["--store", store] }
  }

  /// Every file in `folder`, with its bytes.
  static func snapshot(_ folder: URL) throws -> [String: Data] {
    var files: [String: Data] = [:]
    for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) {
      files[name] = FileManager.default.contents(atPath: folder.appendingPathComponent(name).path)
    }
    return files
  }

  @Test(
    "a foreign file is refused with one line and stays byte-identical, with nothing beside it",
    arguments: [
      ("foreign-app.db", "another application's SQLite database (application id 0x4D2)"),
      ("unmarked-app.db", "another application's SQLite database (tables sessions, trainees)"),
      ("not-sqlite.csv", "is not a SupportDojo store (not an SQLite database)"),
    ])
  func foreignFile(name: String, message: String) throws {
    let sandbox = try CLI.sandbox()
    let folder = sandbox.appendingPathComponent("other")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let store = folder.appendingPathComponent(name)
    try FileManager.default.copyItem(at: Self.fixtures.appendingPathComponent(name), to: store)
    let before = try Self.snapshot(folder)
    for command in Self.commands(store: store.path, sandbox: sandbox) {
      let result = try CLI.run(command, stdin: "Hello\n/quit\n", sandbox: sandbox)
      #expect(result.status == 1, "\(command): \(result.stderr)")
      #expect(result.stderr == "dojo: error: \(store.path) \(message.hasPrefix("is") ? "" : "is ")\(message); dojo left it untouched: pass another --store\n", "\(command)")
      #expect(try Self.snapshot(folder) == before, "\(command) changed \(folder.path)")
    }
  }

  @Test("a folder given as --store is refused, and nothing is created in it")
  func folderAsStore() throws {
    let sandbox = try CLI.sandbox()
    let folder = sandbox.appendingPathComponent("data")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    for command in Self.commands(store: folder.path, sandbox: sandbox) {
      let result = try CLI.run(command, stdin: "/quit\n", sandbox: sandbox)
      #expect(result.status == 1, "\(command)")
      #expect(
        result.stderr
          == "dojo: error: the store \(folder.path) is a folder, not a file: pass a file inside it, e.g. --store \(folder.path)/dojo.sqlite\n",
        "\(command)")
      #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
    }
  }

  @Test("a read-only (0444) store answers the reading commands, leaves no -wal/-shm, refuses writes in one line")
  func readOnlyStore() throws {
    let sandbox = try CLI.sandbox()
    let folder = sandbox.appendingPathComponent("shared")
    let store = folder.appendingPathComponent("team.sqlite").path
    let demo = try CLI.run(
      ["demo-data", "--trainees", "3", "--practice", "1", "--cohort", "q", "--store", store, "--scenarios", CLI.scenarios],
      sandbox: sandbox)
    #expect(demo.status == 0, "\(demo.stderr)")
    #expect(demo.stderr.hasPrefix("dojo: note: created store at \(store)\n"))
    #expect(chmod(store, 0o444) == 0)
    let before = try Self.snapshot(folder)
    #expect(before.keys.sorted() == ["team.sqlite"])
    for command in [["review", "queue"], ["progress"], ["report", "team"], ["report", "effectiveness", "--cohort", "q"], ["trainee", "list"], ["export", "xapi"]] {
      let result = try CLI.run(command + ["--store", store], sandbox: sandbox)
      #expect(result.status == 0, "\(command): \(result.stderr)")
      #expect(!result.stdout.isEmpty, "\(command)")
      let now = try Self.snapshot(folder)
      #expect(now == before, "\(command) left \(now.keys.sorted())")
    }
    let progress = try CLI.run(["progress", "--store", store], sandbox: sandbox)
    #expect(progress.stdout.contains("Aylin Jensen 3"))
    for command in [["trainee", "role", "ann", "lead", "--first-lead"], ["cohort", "create", "r"], ["demo-data", "--remove"]] {
      let result = try CLI.run(command + ["--store", store], sandbox: sandbox)
      #expect(result.status == 1, "\(command)")
      #expect(
        result.stderr
          == "dojo: error: the store at \(store) is read-only (file mode 444); this command writes: make it writable, or pass another --store\n",
        "\(command)")
      #expect(try Self.snapshot(folder) == before)
    }
  }

  @Test(
    "a store another user owns, in a folder they cannot write, answers the reading commands",
    .enabled(if: getuid() == 0 && FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv")))
  func storeOfAnotherUser() throws {
    let sandbox = try CLI.sandbox()
    let folder = sandbox.appendingPathComponent("shared")
    let store = folder.appendingPathComponent("team.sqlite").path
    let demo = try CLI.run(
      ["demo-data", "--trainees", "2", "--practice", "0", "--cohort", "q", "--store", store, "--scenarios", CLI.scenarios],
      sandbox: sandbox)
    #expect(demo.status == 0, "\(demo.stderr)")
    // The owner keeps write access (0644); the folder is closed to everyone (0555).
    #expect(chmod(sandbox.path, 0o755) == 0 && chmod(folder.path, 0o555) == 0)
    defer { _ = chmod(folder.path, 0o755) }
    let before = try Self.snapshot(folder)
    for command in [["progress"], ["review", "queue"], ["report", "team"]] {
      let child = try Child(
        ["/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", CLI.binary] + command + ["--store", store],
        environment: CLI.environment(sandbox: sandbox), stdin: Data(), directory: sandbox)
      #expect(child.wait(timeout: 60) == 0, "\(command): \(child.stderr)")
      #expect(!child.stdout.isEmpty)
      #expect(try Self.snapshot(folder) == before)
    }
    let write = try Child(
      ["/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", CLI.binary, "trainee", "role", "x", "lead", "--first-lead", "--store", store],
      environment: CLI.environment(sandbox: sandbox), stdin: Data(), directory: sandbox)
    #expect(write.wait(timeout: 60) == 1)
    #expect(write.stderr == "dojo: error: the store at \(store) is read-only (not writable by this user, file mode 644); this command writes: make it writable, or pass another --store\n")
  }

  @Test("--store is a plain path: file:x.sqlite is a file of that name, not an SQLite URI")
  func fileColonIsAPath() throws {
    let sandbox = try CLI.sandbox()
    let child = try Child(
      [CLI.binary, "trainee", "role", "ann", "lead", "--first-lead", "--store", "file:x.sqlite"],
      environment: CLI.environment(sandbox: sandbox), stdin: Data(), directory: sandbox)
    #expect(child.wait(timeout: 60) == 0, "\(child.stderr)")
    #expect(child.stderr == "dojo: note: created store at \(sandbox.path)/file:x.sqlite\n")
    var isFolder: ObjCBool = true
    #expect(FileManager.default.fileExists(atPath: sandbox.appendingPathComponent("file:x.sqlite").path, isDirectory: &isFolder))
    #expect(!isFolder.boolValue)
    #expect(!FileManager.default.fileExists(atPath: sandbox.appendingPathComponent("x.sqlite").path))

    // Reading a URI-looking path that does not exist creates nothing, not even a `file:` folder.
    let missing = sandbox.appendingPathComponent("elsewhere/y.sqlite").path
    let read = try Child(
      [CLI.binary, "progress", "--store", "file:\(missing)"], environment: CLI.environment(sandbox: sandbox), stdin: Data(),
      directory: sandbox)
    #expect(read.wait(timeout: 60) == 0, "\(read.stderr)")
    #expect(read.stderr.hasPrefix("dojo: note: no store at \(sandbox.path)/file:\(missing) yet"))
    #expect(!FileManager.default.fileExists(atPath: sandbox.appendingPathComponent("file:").path))
    #expect(!FileManager.default.fileExists(atPath: sandbox.appendingPathComponent("elsewhere").path))
  }

  @Test("reading commands never create a store or its folder; writing ones do and say so")
  func foldersOnlyForWrites() throws {
    let sandbox = try CLI.sandbox()
    let store = sandbox.appendingPathComponent("new/folder/dojo.sqlite").path
    for command in [["review", "queue"], ["progress"], ["report", "team"], ["trainee", "list"]] {
      let result = try CLI.run(command + ["--store", store], sandbox: sandbox)
      #expect(result.status == 0, "\(command): \(result.stderr)")
      #expect(result.stderr == "dojo: note: no store at \(store) yet: nothing recorded (practise a scenario, or pass --store)\n")
      #expect(!FileManager.default.fileExists(atPath: sandbox.appendingPathComponent("new").path), "\(command)")
    }
    let write = try CLI.run(["trainee", "role", "ann", "lead", "--first-lead", "--store", store], sandbox: sandbox)
    #expect(write.status == 0)
    #expect(write.stderr == "dojo: note: created store at \(store)\n")
    #expect(FileManager.default.fileExists(atPath: store))
    let again = try CLI.run(["cohort", "create", "q", "--store", store], sandbox: sandbox)
    #expect(again.stderr.isEmpty, "\(again.stderr)")
  }

  @Test("a store written by a newer dojo is refused in one line by readers and writers")
  func newerSchema() throws {
    let sandbox = try CLI.sandbox()
    let store = sandbox.appendingPathComponent("dojo.sqlite").path
    #expect(try CLI.run(["trainee", "role", "ann", "lead", "--first-lead", "--store", store], sandbox: sandbox).status == 0)
    try CLI.shell("sqlite3 '\(store)' \"INSERT INTO grdb_migrations VALUES ('v99-from-the-future')\"")
    for command in [["progress"], ["cohort", "create", "q"]] {
      let result = try CLI.run(command + ["--store", store], sandbox: sandbox)
      #expect(result.status == 1)
      #expect(
        result.stderr
          == "dojo: error: the store at \(store) was written by a newer dojo (unknown schema changes: v99-from-the-future); update dojo, or pass another --store\n")
    }
  }

  @Test("demo-data needs --store or --yes, marks its sessions, and --remove deletes only them")
  func demoData() throws {
    let sandbox = try CLI.sandbox()
    let refused = try CLI.run(["demo-data", "--trainees", "2", "--cohort", "d", "--scenarios", CLI.scenarios], sandbox: sandbox)
    #expect(refused.status == 64)
    #expect(refused.stderr.contains("pass --store FILE, or --yes to use the default store"))
    #expect(!FileManager.default.fileExists(atPath: sandbox.appendingPathComponent("dojo.sqlite").path))

    let store = sandbox.appendingPathComponent("demo.sqlite").path
    #expect(try CLI.run(["trainee", "role", "Lena Lead", "lead", "--first-lead", "--store", store], sandbox: sandbox).status == 0)
    let demo = try CLI.run(
      ["demo-data", "--trainees", "2", "--practice", "1", "--cohort", "d", "--store", store, "--scenarios", CLI.scenarios],
      sandbox: sandbox)
    #expect(demo.status == 0, "\(demo.stderr)")
    let progress = try CLI.run(["progress", "--store", store], sandbox: sandbox)
    #expect(
      progress.stderr
        == "dojo: note: the store holds 14 demo sessions from `dojo demo-data`, included here; `dojo demo-data --remove --store \(store)` deletes them\n")

    let removed = try CLI.run(["demo-data", "--remove", "--store", store], sandbox: sandbox)
    #expect(removed.status == 0, "\(removed.stderr)")
    #expect(removed.stdout == "Removed 14 demo sessions, 2 demo trainees and 1 demo cohorts from \(store).\n")
    let after = try CLI.run(["trainee", "list", "--store", store], sandbox: sandbox)
    #expect(after.stderr.isEmpty, "\(after.stderr)")
    #expect(after.stdout.contains("Lena Lead"))
    #expect(!after.stdout.contains("Jensen"))
    #expect(try CLI.run(["cohort", "list", "--store", store], sandbox: sandbox).stdout.contains("No cohorts"))
  }
}
