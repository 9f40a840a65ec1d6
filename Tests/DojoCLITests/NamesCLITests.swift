import Foundation
import Testing

/// Issue 17, "Names that agree": one JSON key for the scenario id, one file-naming rule.
@Suite("names that agree (the built binary)")
struct NamesCLITests {
  private func object(_ text: String) throws -> [String: Any] {
    try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any], "\(text.prefix(300))")
  }

  private func array(_ text: String) throws -> [[String: Any]] {
    try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: Any]], "\(text.prefix(300))")
  }

  @Test("every JSON output names the scenario id scenario_id, keeping the old key for one release")
  func scenarioIDKey() throws {
    let sandbox = try CLI.sandbox()
    defer { try? FileManager.default.removeItem(at: sandbox) }
    let id = "l1-unexpected-charge"
    let answers = CLI.scenarios + "/answers/\(id)/strong.txt"
    func run(_ arguments: [String], stdin: String? = nil, library: Bool = true, status: Int32 = 0) throws -> String {
      let result = try CLI.run(arguments + (library ? ["--scenarios", CLI.scenarios] : []), stdin: stdin, sandbox: sandbox)
      #expect(result.status == status, "\(arguments): \(result.stderr)")
      return result.stdout
    }

    let list = try array(run(["scenarios", "list", "--format", "json"]))
    let row = try #require(list.first { $0["scenario_id"] as? String == id })
    #expect(row["id"] as? String == id, "deprecated key kept")

    let diff = try object(run(["scenarios", "diff", "--against", CLI.scenarios, "--all", "--format", "json"]))
    let change = try #require((diff["scenarios"] as? [[String: Any]])?.first { $0["scenario_id"] as? String == id })
    #expect(change["id"] as? String == id)

    let show = try object(run(["scenarios", "show", id, "--format", "json"]))
    #expect(show["scenario_id"] as? String == id && show["id"] as? String == id)

    let replay = try object(run(["replay", id, "--answers", answers, "--format", "json"]))
    #expect(replay["scenario_id"] as? String == id && replay["scenario"] as? String == id)

    let walk = try object(run(["walkthrough", id, "--format", "json"]))
    #expect(walk["scenario_id"] as? String == id && walk["scenario"] as? String == id)
    #expect((walk["result"] as? [String: Any])?["scenario_id"] as? String == id)

    let autoplay = try array(run(["scenarios", "autoplay", CLI.scenarios + "/l1-agent/unexpected-charge.yaml", "--runs", "5", "--format", "json"], status: 1))
    #expect(autoplay.first?["scenario_id"] as? String == id && autoplay.first?["scenario"] as? String == id)

    let critique = try object(run(["critique", "t-l1-charge-good", "--format", "json"]))
    #expect(critique["scenario_id"] as? String == id)

    let made = try object(run(["scenarios", "new", "l1-fresh", "--role", "l1-agent", "--channel", "chat", "--language", "en",
      "--out", sandbox.appendingPathComponent("new").path, "--format", "json"]))
    #expect(made["scenario_id"] as? String == "l1-fresh" && made["id"] as? String == "l1-fresh")

    // One stored session, so versions, review and progress have something to name.
    let body = try String(contentsOfFile: answers, encoding: .utf8).split(separator: "\n").filter { !$0.hasPrefix("#") }.joined(separator: "\n")
    _ = try run(["practice", "--scenario", id, "--trainee", "ana", "--no-delay"], stdin: body + "\n")
    let versions = try object(run(["scenarios", "versions", id, "--format", "json"]))
    #expect(versions["scenario_id"] as? String == id && versions["scenario"] as? String == id)
    let queue = try array(run(["review", "queue", "--format", "json"], library: false))
    #expect(queue.first?["scenario_id"] as? String == id)
  }

  @Test("a scenario file is named after its id without the role prefix: lint warns DJ115, new and refresh follow it")
  func fileNameRule() throws {
    let sandbox = try CLI.sandbox()
    defer { try? FileManager.default.removeItem(at: sandbox) }
    let folder = sandbox.appendingPathComponent("mine/l1-agent")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let misnamed = folder.appendingPathComponent("l1-unexpected-charge.yaml")
    try FileManager.default.copyItem(atPath: CLI.scenarios + "/l1-agent/unexpected-charge.yaml", toPath: misnamed.path)
    let lint = try CLI.run(["scenarios", "lint", misnamed.path, "--scenarios", CLI.scenarios], sandbox: sandbox)
    #expect(lint.status == 0, "a warning, not an error: \(lint.stdout)")
    #expect(lint.stdout.contains("\(misnamed.path):1:1: warning: a scenario file is named after its id without the role prefix 'l1-': expected 'unexpected-charge.yaml'"))
    #expect(lint.stdout.contains("[DJ115]"))

    // The bundled library follows the rule.
    let library = try CLI.run(["scenarios", "lint", "--scenarios", CLI.scenarios], sandbox: sandbox)
    #expect(!library.stdout.contains("DJ115"), "\(library.stdout)")

    // `scenarios new` and `scenarios refresh` write names that follow it.
    let made = try CLI.run(["scenarios", "new", "l1-fresh", "--role", "l1-agent", "--channel", "chat", "--language", "en",
      "--out", folder.path, "--scenarios", CLI.scenarios], sandbox: sandbox)
    #expect(made.status == 0, "\(made.stderr)")
    #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("fresh.yaml").path))
    let refresh = try CLI.run(["scenarios", "refresh", "--product", "tunewave", "--dry-run", "--format", "json", "--scenarios", CLI.scenarios], sandbox: sandbox)
    #expect(refresh.status == 0, "\(refresh.stderr)")
    let paths = try #require(try object(refresh.stdout)["files"] as? [[String: Any]]).compactMap { $0["path"] as? String }
    #expect(paths.contains("l1-agent/annual-renewal-refund-tunewave.yaml"))
    #expect(paths.filter { $0.hasSuffix(".yaml") }.allSatisfy { !$0.contains("/l1-") }, "\(paths)")
  }
}
