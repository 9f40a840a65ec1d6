import Foundation
import Testing

@Suite("Command-line typos, help text and one UI language (the built binary)")
struct UsageAndLanguageCLITests {
  @Test("a mistyped option or subcommand gets the nearest name in one line, exit code 64", arguments: [
    (["practice", "--scenaro", "l1-unexpected-charge"],
     "dojo: error: unknown option '--scenaro' for 'dojo practice'; did you mean --scenario? (`dojo practice --help` lists the options)"),
    (["reviw", "queue"], "dojo: error: unknown subcommand 'reviw' for 'dojo'; did you mean 'dojo review'?"),
    (["report", "efectiveness", "--cohort", "demo"],
     "dojo: error: unknown subcommand 'efectiveness' for 'dojo report'; did you mean 'dojo report effectiveness'?"),
    (["report", "effectiveness", "--cohrt", "demo"],
     "dojo: error: unknown option '--cohrt' for 'dojo report effectiveness'; did you mean --cohort? (`dojo report effectiveness --help` lists the options)"),
  ])
  func typos(arguments: [String], message: String) throws {
    let sandbox = try CLI.sandbox()
    defer { try? FileManager.default.removeItem(at: sandbox) }
    let result = try CLI.run(arguments, sandbox: sandbox)
    #expect(result.status == 64)
    #expect(result.stderr == message + "\n", "\(result.stderr)")
    #expect(result.stdout.isEmpty)
  }

  @Test("help lists an option's values once and wraps the description without orphan lines", arguments: [
    ["practice"], ["replay"], ["walkthrough"], ["progress"], ["scenarios", "list"], ["scenarios", "new"],
    ["review", "queue"], ["review", "session"], ["trainee", "role"], ["report", "effectiveness"],
  ])
  func help(command: [String]) throws {
    let result = try CLI.run(command + ["--help"])
    #expect(result.status == 0)
    // Flattened, an option's help reads "<help>. (values: a, b)"; the help must not list them too.
    let flat = result.stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    for match in flat.matches(of: /([^.]*)\. \(values: ([^;)]*)/) {
      let values = match.output.2.split(separator: ", ").map(String.init)
      let words = Set(match.output.1.split { !$0.isLetter && !$0.isNumber && $0 != "-" }.map(String.init))
      let listed = values.filter(words.contains)
      #expect(listed.count < 2, "values listed twice: \(match.output.0)")
    }
    // The overview's paragraphs are wrapped by the parser, not by hand: no short line inside one.
    let overview = result.stdout.components(separatedBy: "USAGE:")[0].split(separator: "\n", omittingEmptySubsequences: false)
    for (line, next) in zip(overview.dropFirst(2), overview.dropFirst(3)) where !next.isEmpty {
      #expect(line.count >= 50 || line.isEmpty, "orphan line in \(command) --help: '\(line)'")
    }
  }

  @Test("the UI language is chosen once: after a German scenario an English run stays English")
  func oneLanguagePerRun() throws {
    let sandbox = try CLI.sandbox()
    defer { try? FileManager.default.removeItem(at: sandbox) }
    let arguments = ["practice", "--scenarios", CLI.scenarios, "--scenario", "l1-unexpected-charge", "--no-delay", "--trainee", "t"]
    let menu = try CLI.run(arguments, stdin: "/end\nn\n1\n", sandbox: sandbox)
    let german = try #require(
      menu.stdout.split(separator: "\n").first { $0.contains("Unerwartete Abbuchung auf der Monatsrechnung") })
    let number = try #require(german.split(separator: ".").first?.trimmingCharacters(in: .whitespaces))
    let run = try CLI.run(arguments, stdin: "/end\nn\n1\n\(number)\n/end\nn\n1\n", sandbox: sandbox)
    #expect(run.stdout.contains("Scorecard: Unerwartete Abbuchung"), "\(run.stdout)")
    #expect(run.stdout.components(separatedBy: "Pick a role:").count == 3)
    for german in ["Rolle wählen", "Auswertung", "Punkte:", "Sie [1]", "Tipp:"] {
      #expect(!run.stdout.contains(german), "German '\(german)' in an English run")
    }
  }

  @Test("an assessment keeps one UI language: the first planned scenario's when nothing else chose")
  func oneLanguagePerAssessment() throws {
    let sandbox = try CLI.sandbox()
    defer { try? FileManager.default.removeItem(at: sandbox) }
    try CLI.run(["cohort", "create", "q5"], sandbox: sandbox)
    try CLI.run(["cohort", "add", "q5", "tess"], sandbox: sandbox)
    let plan = try CLI.run(
      ["cohort", "plan", "q5", "--role", "l1-agent", "l1-return-window", "l1-unexpected-charge", "--scenarios", CLI.scenarios],
      sandbox: sandbox)
    #expect(plan.status == 0, "\(plan.stderr)")
    let run = try CLI.run(
      ["practice", "--assessment", "--cohort", "q5", "--phase", "pre", "--trainee", "tess", "--no-delay", "--scenarios", CLI.scenarios],
      stdin: "/end\n/end\n", sandbox: sandbox)
    #expect(run.status == 0, "\(run.stderr)")
    #expect(run.stdout.components(separatedBy: "Auswertung: ").count == 3, "\(run.stdout)")
    #expect(!run.stdout.contains("Scorecard") && !run.stdout.contains("You [1]"))
  }

  @Test("--ui-language turns the verdict sentence and words; JSON keeps the raw values")
  func verdictsFollowTheUI() throws {
    let answers = CLI.scenarios + "/answers/l1-unexpected-charge/mistake.txt"
    let german = try CLI.run(["replay", "l1-unexpected-charge", "--answers", answers, "--ui-language", "de"])
    #expect(german.stdout.contains("Sie haben in Zug 2 übergeben, bevor die erwarteten Prüfungen erledigt waren (ab Zug 3)."))
    #expect(german.stdout.contains("erwartet: Eskalation an l2-specialist · Ihre Aktion: Eskalation an l2-specialist · zu früh"))
    #expect(german.stdout.contains("Punkte: 23,1/100"))
    #expect(!german.stdout.contains("premature") && !german.stdout.contains("You handed"))
    let weak = CLI.scenarios + "/answers/l1-return-window/weak.txt"
    let english = try CLI.run(["replay", "l1-return-window", "--answers", weak, "--ui-language", "en"])
    #expect(english.stdout.contains("✗ Resolves the case without a needless hand-off"), "\(english.stdout)")
    #expect(english.stdout.contains("You handed the case to team-lead at turn 3, but it was yours to resolve."))
    #expect(english.stdout.contains("why: not shown") && english.stdout.contains("Score: 20.6/100"))
    #expect(!english.stdout.contains("nicht gezeigt") && !english.stdout.contains("Behält den Fall nicht"))
    let json = try CLI.run(["replay", "l1-unexpected-charge", "--answers", answers, "--ui-language", "de", "--format", "json"])
    let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
    let escalation = try #require(object["escalation"] as? [String: Any])
    #expect(escalation["verdict"] as? String == "premature")
    #expect((escalation["explanation"] as? String)?.hasPrefix("You handed over at turn 2") == true)
  }
}
