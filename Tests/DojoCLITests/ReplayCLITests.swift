import Foundation
import Testing

@Suite("dojo replay and scenarios (the built binary)")
struct ReplayCLITests {
  let answers = CLI.scenarios + "/answers/l1-unexpected-charge"

  @Test("JSON has the documented stable keys")
  func jsonKeys() throws {
    let result = try CLI.run(["replay", "l1-unexpected-charge", "--answers", answers + "/strong.txt", "--format", "json"])
    #expect(result.status == 0, "\(result.stderr)")
    let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
    for key in ["scenario_id", "version", "score", "passed", "criteria", "escalation", "ending", "turns"] {
      #expect(json[key] != nil, "missing key \(key)")
    }
    #expect(json["score"] as? Double == 100)
    let criteria = try #require(json["criteria"] as? [[String: Any]])
    for key in ["id", "score", "max", "met", "evidence"] { #expect(criteria[0][key] != nil, "criteria[] lacks \(key)") }
    let escalation = try #require(json["escalation"] as? [String: Any])
    #expect(escalation["expected"] as? String == "escalate:l2-specialist")
    #expect(escalation["actual"] as? String == "escalate:l2-specialist")
    #expect(escalation["verdict"] as? String == "correct")
  }

  @Test("the text scorecard reads like the console's")
  func text() throws {
    let result = try CLI.run(["replay", CLI.scenarios + "/l1-agent/unexpected-charge.yaml", "--answers", answers + "/mistake.txt"])
    #expect(result.status == 0)
    #expect(result.stdout.contains("Score: 23.1/100 · NOT PASSED"))
    #expect(result.stdout.contains("You handed over at turn 2, before doing the checks expected first (from turn 3)."))
  }

  @Test("a German scorecard writes scores with a decimal comma; JSON keeps numbers")
  func germanDecimalComma() throws {
    let weak = CLI.scenarios + "/answers/l1-return-window/weak.txt"
    let text = try CLI.run(["replay", "l1-return-window", "--answers", weak])
    #expect(text.stdout.contains("Punkte: 20,6/100 · NICHT BESTANDEN"), "\(text.stdout)")
    let json = try CLI.run(["replay", "l1-return-window", "--answers", weak, "--format", "json"])
    let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
    #expect(object["score"] as? Double == 20.6)
  }

  @Test("bad input: one line, exit code 1", arguments: [
    (["replay", "no-such-scenario", "--answers", "x.txt"], "dojo: error: unknown scenario 'no-such-scenario'"),
    (["replay", "l1-unexpected-charge", "--answers", "/nonexistent/answers.txt"], "dojo: error: /nonexistent/answers.txt:0: no such answer file"),
    (["replay", "l1-unexpected-charg", "--answers", "x.txt"], "(did you mean 'l1-unexpected-charge'?)"),
  ])
  func badInput(arguments: [String], message: String) throws {
    let result = try CLI.run(arguments)
    #expect(result.status == 1)
    #expect(result.stderr.contains(message), "\(result.stderr)")
    #expect(result.stderr.split(separator: "\n").count == 1)
  }

  @Test("an answer file that ends early is an error")
  func endsEarly() throws {
    let sandbox = try CLI.sandbox()
    let file = sandbox.appendingPathComponent("short.txt")
    try "Hello, could you confirm your email address?\n".write(to: file, atomically: true, encoding: .utf8)
    let result = try CLI.run(["replay", "l1-unexpected-charge", "--answers", file.path])
    #expect(result.status == 1)
    #expect(result.stderr.contains("the answer file ends after 1 turn(s) while the conversation is still open at node 'verified'"))
  }

  @Test("the top-level help is a flowing paragraph, not broken where the source line ended")
  func helpParagraph() throws {
    let help = try CLI.run(["--help"]).stdout
    #expect(help.contains("Exit codes: 0 success"))
    #expect(!help.contains("bad\nanswer files"), "\(help)")
    let refresh = try CLI.run(["scenarios", "refresh", "--help"]).stdout
    #expect(!refresh.contains("writes\n<role>"), "\(refresh)")
    let diff = try CLI.run(["scenarios", "diff", "--help"]).stdout
    #expect(!diff.contains("default\nHEAD"), "\(diff)")
  }

  @Test("usage errors exit 64")
  func usage() throws {
    let result = try CLI.run(["replay", "l1-unexpected-charge"])
    #expect(result.status == 64)
  }

  @Test("lint names file:line:col and exits 1 on errors")
  func lint() throws {
    let sandbox = try CLI.sandbox()
    let file = sandbox.appendingPathComponent("bad.yaml")
    try "id: bad\ntitle: Bad\nrole: l3-agent\n".write(to: file, atomically: true, encoding: .utf8)
    let result = try CLI.run(["scenarios", "lint", file.path])
    #expect(result.status == 1)
    #expect(result.stdout.contains("\(file.path):3:7: error: unknown role 'l3-agent'"))
  }

  @Test("list and show in both formats")
  func listAndShow() throws {
    let list = try CLI.run(["scenarios", "list", "--role", "l1-agent", "--format", "json"])
    #expect(list.status == 0)
    let rows = try #require(try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [[String: Any]])
    #expect(rows.contains { $0["scenario_id"] as? String == "l1-unexpected-charge" })
    #expect(rows.allSatisfy { $0["role"] as? String == "l1-agent" })
    let show = try CLI.run(["scenarios", "show", "l1-unexpected-charge"])
    #expect(show.stdout.contains("Escalation: escalate to l2-specialist in turns 3–5"))
  }

  @Test("autoplay reports coverage")
  func autoplay() throws {
    let result = try CLI.run(["scenarios", "autoplay", CLI.scenarios + "/l1-agent/unexpected-charge.yaml", "--runs", "100", "--format", "json"])
    #expect(result.status == 0, "\(result.stdout)")
    let reports = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
    #expect(reports.first?["nodes_never_visited"] as? [String] == [])
    #expect(reports.first?["model_passed"] as? Bool == true)
  }
}
