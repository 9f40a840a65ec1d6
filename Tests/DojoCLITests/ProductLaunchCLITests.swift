import Foundation
import Testing

/// A new product's facts, as a content author would write them.
private let parcelbox = """
  # A product launched in the test: a parcel-locker subscription.
  id: parcelbox
  name: ParcelBox
  plans:
    plus:
      name: ParcelBox Plus
      price_monthly: {en: "€4.99", de: "4,99 €"}
      price_annual: {en: "€49.90", de: "49,90 €"}
  policies:
    refund_window_days: 30
    refund_business_days: "4"
    l1_refund_limit: {en: "€60", de: "60 €"}
    sla_first_response_hours: 12
  known_issues:
    app_update:
      symptom:
        en: "the ParcelBox app no longer shows my pickup code"
        de: "die ParcelBox-App zeigt meinen Abholcode nicht mehr an"
      title:
        en: "pickup codes are hidden after app update 2.1"
        de: "Abholcodes werden nach dem App-Update 2.1 nicht angezeigt"
      workaround:
        en: "pull down to refresh the parcel list, then open the parcel again"
        de: "die Paketliste nach unten ziehen und aktualisieren und das Paket erneut öffnen"
      workaround_phrase: {en: "refresh the parcel list", de: "Paketliste ziehen"}
      fix:
        en: "app version 2.2, due on Monday"
        de: "die App-Version 2.2, die am Montag erscheint"
      fix_version: "2.2"
      ticket: "PB-77"
  owners:
    billing: billing
    sales: sales
    engineering: engineering

  """

/// A copy of the bundled lexicon, products and templates in a sandbox.
private func libraryCopy(in sandbox: URL) throws -> URL {
  let root = sandbox.appendingPathComponent("scenarios")
  try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
  for folder in ["lexicon", "products", "templates"] {
    try FileManager.default.copyItem(
      at: URL(fileURLWithPath: CLI.scenarios).appendingPathComponent(folder), to: root.appendingPathComponent(folder))
  }
  return root
}

private func json(_ text: String) throws -> [String: Any] {
  try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
}

private func criterion(_ id: String, in replay: [String: Any]) throws -> [String: Any] {
  let criteria = try #require(replay["criteria"] as? [[String: Any]])
  return try #require(criteria.first { $0["id"] as? String == id })
}

@Suite("Launching a product (the built binary)")
struct ProductLaunchCLITests {
  @Test("add a product, refresh, lint clean, replay adapted answers, change a policy and see it in the rubric")
  func launch() throws {
    let sandbox = try CLI.sandbox()
    defer { try? FileManager.default.removeItem(at: sandbox) }
    let root = try libraryCopy(in: sandbox)
    let dir = root.path
    try parcelbox.write(to: root.appendingPathComponent("products/parcelbox.yaml"), atomically: true, encoding: .utf8)

    // Refresh: every template rendered for the new product, scenario and answer files.
    let refresh = try CLI.run(["scenarios", "refresh", "--product", "parcelbox", "--scenarios", dir, "--format", "json"], sandbox: sandbox)
    #expect(refresh.status == 0, "\(refresh.stdout)\(refresh.stderr)")
    let report = try json(refresh.stdout)
    let files = try #require(report["files"] as? [[String: Any]])
    #expect(files.map { $0["path"] as? String ?? "" }.sorted() == [
      "answers/l1-annual-renewal-refund-parcelbox/mistake.txt", "answers/l1-annual-renewal-refund-parcelbox/strong.txt",
      "answers/l1-annual-renewal-refund-parcelbox/weak.txt", "answers/l1-bekanntes-app-problem-parcelbox/mistake.txt",
      "answers/l1-bekanntes-app-problem-parcelbox/strong.txt", "answers/l1-bekanntes-app-problem-parcelbox/weak.txt",
      "answers/l1-team-pricing-to-sales-parcelbox/mistake.txt", "answers/l1-team-pricing-to-sales-parcelbox/strong.txt",
      "answers/l1-team-pricing-to-sales-parcelbox/weak.txt",
      "l1-agent/annual-renewal-refund-parcelbox.yaml", "l1-agent/bekanntes-app-problem-parcelbox.yaml",
      "l1-agent/team-pricing-to-sales-parcelbox.yaml",
    ])
    #expect(files.allSatisfy { $0["status"] as? String == "created" })
    #expect(report["written"] as? Bool == true)

    // Lint: clean, templates included.
    let lint = try CLI.run(["scenarios", "lint", dir, "--strict"], sandbox: sandbox)
    #expect(lint.status == 0, "\(lint.stdout)")
    #expect(lint.stderr.contains("3 scenario(s) loaded, 0 error(s), 0 warning(s)"))

    // The strong answers, adapted to the new facts, pass; the weak ones fail.
    for template in ["l1-annual-renewal-refund", "l1-bekanntes-app-problem", "l1-team-pricing-to-sales"] {
      let id = "\(template)-parcelbox"
      let strong = try CLI.run(["replay", id, "--scenarios", dir, "--answers", "\(dir)/answers/\(id)/strong.txt", "--format", "json"], sandbox: sandbox)
      #expect(strong.status == 0, "\(strong.stderr)")
      #expect(try json(strong.stdout)["passed"] as? Bool == true, "\(id) strong")
      let weak = try CLI.run(["replay", id, "--scenarios", dir, "--answers", "\(dir)/answers/\(id)/weak.txt", "--format", "json"], sandbox: sandbox)
      #expect(try json(weak.stdout)["passed"] as? Bool == false, "\(id) weak")
    }
    let strongPath = "\(dir)/answers/l1-annual-renewal-refund-parcelbox/strong.txt"
    let oldStrong = try String(contentsOfFile: strongPath, encoding: .utf8)
    #expect(oldStrong.contains("refunded in full within 30 days"))
    #expect(oldStrong.contains("€49.90"))
    try FileManager.default.copyItem(atPath: dir, toPath: sandbox.appendingPathComponent("before").path)

    // The refund window changes from 30 to 14 days: the scenario is stale until refreshed.
    let productPath = root.appendingPathComponent("products/parcelbox.yaml")
    try parcelbox.replacingOccurrences(of: "refund_window_days: 30", with: "refund_window_days: 14")
      .write(to: productPath, atomically: true, encoding: .utf8)
    let stale = try CLI.run(["scenarios", "stale", "--scenarios", dir, "--format", "json"], sandbox: sandbox)
    #expect(stale.status == 1)
    let staleReport = try json(stale.stdout)
    #expect(staleReport["checked"] as? Int == 3)
    let staleList = try #require(staleReport["stale"] as? [[String: Any]])
    #expect(staleList.map { $0["scenario_id"] as? String } == ["l1-annual-renewal-refund-parcelbox"])
    #expect(staleList.first?["reasons"] as? [String] == ["facts-changed"])

    let again = try CLI.run(["scenarios", "refresh", "--product", "parcelbox", "--scenarios", dir], sandbox: sandbox)
    #expect(again.status == 0)
    #expect(again.stdout.contains("parcelbox: 0 created, 2 changed, 10 unchanged (written)"), "\(again.stdout)")
    #expect(try CLI.run(["scenarios", "stale", "--scenarios", dir], sandbox: sandbox).status == 0)
    let third = try CLI.run(["scenarios", "refresh", "--product", "parcelbox", "--scenarios", dir], sandbox: sandbox)
    #expect(third.stdout.hasSuffix("parcelbox: 0 created, 0 changed, 12 unchanged (up to date, nothing written)\n"), "\(third.stdout)")

    // The diff shows the policy in the facts panel and in the rubric's patterns.
    let diff = try CLI.run(["scenarios", "diff", "--scenarios", dir, "--against", sandbox.appendingPathComponent("before").path], sandbox: sandbox)
    #expect(diff.status == 0, "\(diff.stderr)")
    #expect(diff.stdout.contains("[rubric] criterion 'check_policy': 'all' patterns (en)\n    - 30 days|30-day\n    + 14 days|14-day"), "\(diff.stdout)")
    #expect(diff.stdout.contains("[facts] node 'verified': fact 'refund_policy'"))
    #expect(diff.stdout.contains("1 changed, 0 added, 0 removed, 2 unchanged"))

    // The refreshed strong answer (14 days) passes; the old one (30 days) no longer meets the
    // policy criterion.
    let newStrong = try CLI.run(["replay", "l1-annual-renewal-refund-parcelbox", "--scenarios", dir, "--answers", strongPath, "--format", "json"], sandbox: sandbox)
    let newResult = try json(newStrong.stdout)
    #expect(newResult["passed"] as? Bool == true)
    #expect(try criterion("check_policy", in: newResult)["met"] as? Bool == true)
    let oldPath = sandbox.appendingPathComponent("old-strong.txt").path
    try (oldStrong + "\n/end\n").write(toFile: oldPath, atomically: true, encoding: .utf8)
    let old = try CLI.run(["replay", "l1-annual-renewal-refund-parcelbox", "--scenarios", dir, "--answers", oldPath, "--format", "json"], sandbox: sandbox)
    #expect(old.status == 0, "\(old.stderr)")
    let oldResult = try json(old.stdout)
    #expect(try criterion("check_policy", in: oldResult)["met"] as? Bool == false)
    // (It may still pass on its other points: what it said before /end counts.)
    #expect((oldResult["score"] as? Double ?? 100) < (newResult["score"] as? Double ?? 0))
  }

  @Test("a rendered file edited by hand: stale names it, refresh refuses to overwrite it, --force does")
  func handEdit() throws {
    let sandbox = try CLI.sandbox()
    defer { try? FileManager.default.removeItem(at: sandbox) }
    let root = try libraryCopy(in: sandbox)
    #expect(try CLI.run(["scenarios", "refresh", "--product", "streamly", "--scenarios", root.path], sandbox: sandbox).status == 0)
    let file = root.appendingPathComponent("l1-agent/annual-renewal-refund-streamly.yaml")
    let rendered = try String(contentsOf: file, encoding: .utf8)
    let edited = rendered.replacingOccurrences(of: "\ntitle: ", with: "\ntitle: Edited ")
    #expect(edited != rendered)
    try edited.write(to: file, atomically: true, encoding: .utf8)

    let stale = try CLI.run(["scenarios", "stale", "--scenarios", root.path, "--format", "json"], sandbox: sandbox)
    #expect(stale.status == 1)
    #expect(stale.stdout.contains("edited-by-hand"), "\(stale.stdout)")
    let refused = try CLI.run(["scenarios", "refresh", "--product", "streamly", "--scenarios", root.path], sandbox: sandbox)
    #expect(refused.status == 1)
    #expect(refused.stderr.contains("\(file.path): edited by hand since it was rendered"), "\(refused.stderr)")
    #expect(try String(contentsOf: file, encoding: .utf8) == edited)
    let forced = try CLI.run(["scenarios", "refresh", "--product", "streamly", "--force", "--scenarios", root.path], sandbox: sandbox)
    #expect(forced.status == 0, "\(forced.stderr)")
    #expect(try String(contentsOf: file, encoding: .utf8) == rendered)
  }

  @Test("refresh with a reference to a missing fact writes nothing and names the place")
  func missingFact() throws {
    let sandbox = try CLI.sandbox()
    defer { try? FileManager.default.removeItem(at: sandbox) }
    let root = try libraryCopy(in: sandbox)
    try parcelbox.replacingOccurrences(of: "  sla_first_response_hours: 12\n", with: "")
      .write(to: root.appendingPathComponent("products/parcelbox.yaml"), atomically: true, encoding: .utf8)
    let result = try CLI.run(["scenarios", "refresh", "--product", "parcelbox", "--scenarios", root.path], sandbox: sandbox)
    #expect(result.status == 1)
    let template = root.appendingPathComponent("templates/l1-agent/l1-bekanntes-app-problem.yaml").path
    #expect(result.stdout.contains("\(template):79:191:"), "\(result.stdout)")
    #expect(result.stdout.contains("error: unknown fact 'product.policies.sla_first_response_hours': product 'parcelbox' has no such fact [DJ030]"))
    #expect(result.stdout.contains("not written: fix the errors above"))
    #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("l1-agent").path))

    // Lint names the same place, for the folder and for the template file on its own.
    for target in [root.path, template] {
      let lint = try CLI.run(["scenarios", "lint", target], sandbox: sandbox)
      #expect(lint.status == 1)
      #expect(lint.stdout.contains(":79:191:"), "\(lint.stdout)")
      #expect(lint.stdout.contains("unknown fact 'product.policies.sla_first_response_hours': product 'parcelbox' has no such fact [DJ030]"))
    }

    let unknown = try CLI.run(["scenarios", "refresh", "--product", "parcelbx", "--scenarios", root.path], sandbox: sandbox)
    #expect(unknown.status == 1)
    #expect(unknown.stderr.contains("dojo: error: unknown product 'parcelbx'"))
    #expect(unknown.stderr.contains("(did you mean 'parcelbox'?)"))
  }

  @Test("new writes a skeleton that lints clean and refuses to overwrite; diff outside git says so")
  func newAndDiff() throws {
    let sandbox = try CLI.sandbox()
    defer { try? FileManager.default.removeItem(at: sandbox) }
    let root = try libraryCopy(in: sandbox)
    let made = try CLI.run(["scenarios", "new", "--scenarios", root.path, "--role", "tech-support", "--channel", "email", "--language", "de", "tech-neu"], sandbox: sandbox)
    #expect(made.status == 0, "\(made.stderr)")
    let path = root.appendingPathComponent("tech-support/neu.yaml").path
    #expect(made.stdout.contains("created \(path)"))
    let lint = try CLI.run(["scenarios", "lint", path, "--strict"], sandbox: sandbox)
    #expect(lint.status == 0, "\(lint.stdout)")
    let again = try CLI.run(["scenarios", "new", "--scenarios", root.path, "--role", "tech-support", "--channel", "email", "--language", "de", "tech-neu"], sandbox: sandbox)
    #expect(again.status == 1)
    #expect(again.stderr.contains("already exists"))

    let diff = try CLI.run(["scenarios", "diff", "--scenarios", root.path, "--since", "HEAD"], sandbox: sandbox)
    #expect(diff.status == 1)
    #expect(diff.stderr.contains("is not in a git repository; compare with a folder instead: --against DIR"), "\(diff.stderr)")
  }

  @Test("new --out outside the library: the draft lints clean and autoplays with the library's lexicon")
  func newOutsideLibrary() throws {
    let sandbox = try CLI.sandbox()
    defer { try? FileManager.default.removeItem(at: sandbox) }
    let drafts = sandbox.appendingPathComponent("drafts").path
    let made = try CLI.run(
      ["scenarios", "new", "--scenarios", CLI.scenarios, "--role", "l1-agent", "--channel", "chat", "--language", "en", "l1-draft", "--out", drafts],
      sandbox: sandbox)
    #expect(made.status == 0, "\(made.stderr)")
    let path = drafts + "/draft.yaml"
    let lint = try CLI.run(["scenarios", "lint", path, "--strict", "--scenarios", CLI.scenarios], sandbox: sandbox)
    #expect(lint.status == 0, "\(lint.stdout)")
    let autoplay = try CLI.run(["scenarios", "autoplay", path, "--runs", "200", "--scenarios", CLI.scenarios], sandbox: sandbox)
    #expect(autoplay.status == 0, "\(autoplay.stdout)\(autoplay.stderr)")
  }

  @Test("diff --against a folder of old files without a lexicon reads them with the library's lexicon")
  func diffAgainstWithoutLexicon() throws {
    let sandbox = try CLI.sandbox()
    defer { try? FileManager.default.removeItem(at: sandbox) }
    let old = sandbox.appendingPathComponent("old")
    try FileManager.default.createDirectory(at: old, withIntermediateDirectories: true)
    try FileManager.default.copyItem(
      atPath: CLI.scenarios + "/l1-agent/unexpected-charge.yaml", toPath: old.appendingPathComponent("unexpected-charge.yaml").path)
    let diff = try CLI.run(["scenarios", "diff", "--against", old.path, "--scenarios", CLI.scenarios, "--format", "json", "--all"], sandbox: sandbox)
    #expect(diff.status == 0)
    #expect(diff.stderr.isEmpty, "\(diff.stderr)")
    let scenarios = try #require(try json(diff.stdout)["scenarios"] as? [[String: Any]])
    #expect(scenarios.first { $0["scenario_id"] as? String == "l1-unexpected-charge" }?["status"] as? String == "unchanged")
  }

  @Test("diff --since reads the old files with git and names what changed")
  func diffSinceGit() throws {
    let sandbox = try CLI.sandbox()
    defer { try? FileManager.default.removeItem(at: sandbox) }
    let root = try libraryCopy(in: sandbox)
    let rendered = try CLI.run(["scenarios", "refresh", "--product", "streamly", "--scenarios", root.path], sandbox: sandbox)
    #expect(rendered.status == 0)
    let git = "git -C '\(sandbox.path)' -c user.name=Test -c user.email=test@example.com"
    try CLI.shell("\(git) init -q && \(git) add -A && \(git) commit -q -m first")
    let file = root.appendingPathComponent("l1-agent/team-pricing-to-sales-streamly.yaml")
    let text = try String(contentsOf: file, encoding: .utf8)
    try text.replacingOccurrences(of: "  window: [2, 3]", with: "  window: [2, 4]").write(to: file, atomically: true, encoding: .utf8)
    let diff = try CLI.run(["scenarios", "diff", "--scenarios", root.path, "--since", "HEAD", "--format", "json"], sandbox: sandbox)
    #expect(diff.status == 0, "\(diff.stderr)")
    let report = try json(diff.stdout)
    #expect(report["base"] as? String == "HEAD")
    let scenarios = try #require(report["scenarios"] as? [[String: Any]])
    #expect(scenarios.map { $0["scenario_id"] as? String } == ["l1-team-pricing-to-sales-streamly"])
    let changes = try #require(scenarios.first?["changes"] as? [[String: Any]])
    #expect(changes.count == 1)
    #expect(changes.first?["area"] as? String == "escalation")
    #expect(changes.first?["what"] as? String == "window")
    #expect(changes.first?["old"] as? String == "[2, 3]")
    #expect(changes.first?["new"] as? String == "[2, 4]")
    #expect(scenarios.first?["old_version"] as? String != scenarios.first?["new_version"] as? String)

    let unknown = try CLI.run(["scenarios", "diff", "--scenarios", root.path, "--since", "no-such-rev"], sandbox: sandbox)
    #expect(unknown.status == 1)
    #expect(unknown.stderr.hasPrefix("dojo: error: git: "))
  }

  @Test("a played version stays readable after a refresh changes the scenario")
  func versions() throws {
    let sandbox = try CLI.sandbox()
    defer { try? FileManager.default.removeItem(at: sandbox) }
    let root = try libraryCopy(in: sandbox)
    #expect(try CLI.run(["scenarios", "refresh", "--product", "streamly", "--scenarios", root.path], sandbox: sandbox).status == 0)
    let id = "l1-annual-renewal-refund-streamly"
    let answers = try String(contentsOf: root.appendingPathComponent("answers/\(id)/strong.txt"), encoding: .utf8)
      .split(separator: "\n").filter { !$0.hasPrefix("#") && !$0.isEmpty }.joined(separator: "\n") + "\n"
    let first = try CLI.run(["practice", "--trainee", "vic", "--scenario", id, "--seed", "1", "--scenarios", root.path], stdin: answers, sandbox: sandbox)
    #expect(first.stdout.contains("Score: 100/100 · PASSED"), "\(first.stdout)")
    let product = root.appendingPathComponent("products/streamly.yaml")
    try String(contentsOf: product, encoding: .utf8).replacingOccurrences(of: "refund_window_days: 14", with: "refund_window_days: 10")
      .write(to: product, atomically: true, encoding: .utf8)
    #expect(try CLI.run(["scenarios", "refresh", "--product", "streamly", "--scenarios", root.path], sandbox: sandbox).status == 0)
    _ = try CLI.run(["practice", "--trainee", "vic", "--scenario", id, "--seed", "1", "--scenarios", root.path], stdin: answers + "/end\n", sandbox: sandbox)

    let listed = try CLI.run(["scenarios", "versions", id, "--format", "json"], sandbox: sandbox)
    #expect(listed.status == 0, "\(listed.stderr)")
    let versions = try #require(try json(listed.stdout)["versions"] as? [[String: Any]])
    #expect(versions.count == 2)
    #expect(versions.map { $0["sessions"] as? Int } == [1, 1])
    let old = try #require(versions.first?["version"] as? String)
    let shown = try CLI.run(["scenarios", "versions", id, "--show", old, "--format", "json"], sandbox: sandbox)
    #expect(shown.status == 0)
    #expect(shown.stdout.contains("\"14 days|14-day\""))
    #expect(!shown.stdout.contains("10 days"))
    let table = try CLI.run(["scenarios", "versions", id], sandbox: sandbox).stdout
    #expect(table.range(of: "\n\(old)  \\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2} UTC  1 ", options: .regularExpression) != nil, "\(table)")
    let unknown = try CLI.run(["scenarios", "versions", id, "--show", "0000"], sandbox: sandbox)
    #expect(unknown.status == 1)
    #expect(unknown.stderr.contains("unknown version '0000' of scenario '\(id)'"))
    let typo = try CLI.run(["scenarios", "versions", "l1-unexpected-charg", "--scenarios", CLI.scenarios], sandbox: sandbox)
    #expect(typo.status == 1 && typo.stdout.isEmpty)
    #expect(typo.stderr == "dojo: error: unknown scenario 'l1-unexpected-charg' in \(CLI.scenarios) and the store (did you mean 'l1-unexpected-charge'?)\n")
    let unplayed = try CLI.run(["scenarios", "versions", "l1-unexpected-charge", "--scenarios", CLI.scenarios], sandbox: sandbox)
    #expect(unplayed.status == 0)
    #expect(unplayed.stdout == "no stored version of 'l1-unexpected-charge'; one is stored when a session is played\n")
  }
}
