import DojoCore
import DojoStore
import Foundation
import Testing

/// A sandbox store with three sessions of l1-unexpected-charge played from the answer files in
/// Fixtures/suggest (ana, ben, cy, sessions 1–3) and lea's reviews: empathy credited in 1 and 2
/// (the lexicon has no "gut punch"), verify_identity taken away in 3 (only "email" matched).
private func suggestSandbox() throws -> (URL, SQLiteStore) {
  let sandbox = try CLI.sandbox()
  let store = try SQLiteStore(path: sandbox.appendingPathComponent("dojo.sqlite").path)
  let fixtures = CLI.repositoryRoot.appendingPathComponent("Tests/DojoCLITests/Fixtures/suggest")
  for (index, trainee) in ["ana", "ben", "cy"].enumerated() {
    let answers = try AnswerFile.load(path: fixtures.appendingPathComponent("\(trainee).answers").path)
    _ = try seedSession(store, trainee: trainee, actions: answers.turns.map(\.action), at: Double(index) * 600)
  }
  let at = Date(timeIntervalSince1970: 1_780_010_000)
  try store.makeFirstLead("lea", at: at)
  try store.saveReview(NewReview(
    sessionID: 1, reviewerName: "lea",
    ratings: [NewCriterionRating(criterionID: "empathy", points: 1, comment: "Named her alarm: that is empathy")],
    summary: "Good call on the worry.", at: at))
  try store.saveReview(NewReview(
    sessionID: 2, reviewerName: "lea",
    ratings: [NewCriterionRating(criterionID: "empathy", points: 1, comment: "A gut punch: acknowledged")],
    summary: "Good.", at: at))
  try store.saveReview(NewReview(
    sessionID: 3, reviewerName: "lea",
    ratings: [NewCriterionRating(criterionID: "verify_identity", points: 0, comment: "Never asked for an identifier", rootCause: .process)],
    summary: "Ask for the email first.", at: at))
  return (sandbox, store)
}

/// Every file under a folder with its contents, to show nothing was written.
private func snapshot(_ folder: String) throws -> [String: Data] {
  var files: [String: Data] = [:]
  let enumerator = FileManager.default.enumerator(atPath: folder)
  while let path = enumerator?.nextObject() as? String {
    let full = folder + "/" + path
    var isFolder: ObjCBool = false
    if FileManager.default.fileExists(atPath: full, isDirectory: &isFolder), !isFolder.boolValue {
      files[path] = try Data(contentsOf: URL(fileURLWithPath: full))
    }
  }
  return files
}

@Suite("dojo scenarios suggest: proposals from leads' overrides", .serialized, .timeLimit(.minutes(2)))
struct SuggestCLITests {
  @Test("the store's overrides give a concept phrase and a removal, each with the sessions it flips")
  func proposalsFromTheStore() throws {
    let (sandbox, store) = try suggestSandbox()
    defer { try? FileManager.default.removeItem(at: sandbox) }
    let file = try #require(ScenarioLibrary.fileDeclaring(id: "l1-unexpected-charge", in: CLI.scenarios))
    let library = ScenarioLibrary.load(paths: [file], lexiconDirectory: ScenarioLibrary.findLexicon(near: CLI.scenarios), lint: false)
    let scenario = try #require(library.scenarios.first)
    let sessions = try store.reviewedSessions(scenarioID: "l1-unexpected-charge")
    #expect(sessions.map(\.trainee) == ["ana", "ben", "cy"])
    let report = Suggestions(scenario: scenario, lexicon: library.lexicon, lexiconPath: "scenarios/lexicon/en.yaml")
      .report(sessions: sessions)
    #expect(report.overrides == 3)
    #expect(report.notes.isEmpty)
    #expect(report.proposals.count == 2)

    let empathy = try #require(report.proposals.first)
    #expect(empathy.kind == .missedMeaning && empathy.criterion == "empathy")
    #expect(empathy.action == .add && empathy.phrase == "gut punch")
    // empathy's `any` list is ["@empathy", "@apology"]: the phrase goes into the first concept.
    #expect(empathy.concept == "empathy" && empathy.file == "scenarios/lexicon/en.yaml" && empathy.list == "concepts › empathy")
    #expect(empathy.overrides.map(\.sessionID) == [1, 2])
    #expect(empathy.flips.map(\.sessionID) == [1, 2])
    #expect(empathy.flips.allSatisfy { $0.before == 0 && $0.after == 1 && $0.lead == 1 && $0.direction == .towardLead })

    let verify = try #require(report.proposals.last)
    #expect(verify.kind == .creditWithoutMeaning && verify.criterion == "verify_identity")
    // "email" matched in session 3; the credited sessions' longer form ("confirm the email") is
    // already in @verify_identity as "confirm your email", so the alternative goes.
    #expect(verify.action == .remove && verify.replaces == "email" && verify.phrase == nil)
    #expect(verify.list == "rubric › verify_identity › evidence › en › any" && verify.file == scenario.path)
    #expect(verify.overrides.first?.evidence == ["turn 1: “email” (email)"])
    #expect(verify.flips.map(\.sessionID) == [3])
    #expect(verify.flips.first?.before == 1 && verify.flips.first?.after == 0 && verify.flips.first?.direction == .towardLead)
  }

  @Test("the command prints the proposals, writes no file, and its JSON has stable keys")
  func commandWritesNothing() throws {
    let (sandbox, _) = try suggestSandbox()
    defer { try? FileManager.default.removeItem(at: sandbox) }
    let before = try snapshot(CLI.scenarios)
    let text = try CLI.run(["scenarios", "suggest", "--scenarios", CLI.scenarios], sandbox: sandbox)
    #expect(text.status == 0, "\(text.stderr)")
    #expect(text.stdout.contains("1. empathy — Acknowledges the customer's worry · missed meaning"))
    #expect(text.stdout.contains("Proposal: add “gut punch” to concepts › empathy in "))
    #expect(text.stdout.contains("session 1 (ana): 0/1 → 1/1, toward the lead's 1/1"))
    #expect(text.stdout.contains("session 2 (ben): 0/1 → 1/1, toward the lead's 1/1"))
    #expect(text.stdout.contains("2. verify_identity — Verifies the account before discussing it · credit without meaning"))
    #expect(text.stdout.contains("Proposal: remove “email” from rubric › verify_identity › evidence › en › any in "))
    #expect(text.stdout.contains("session 3 (cy): 1/1 → 0/1, toward the lead's 0/1"))
    #expect(text.stdout.contains("Nothing was changed: no scenario or lexicon file was written. To apply a proposal, edit the file it names by hand"))
    let json = try CLI.run(["scenarios", "suggest", "--scenario", "l1-unexpected-charge", "--format", "json", "--scenarios", CLI.scenarios], sandbox: sandbox)
    #expect(json.status == 0, "\(json.stderr)")
    let reports = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
    let report = try #require(reports.first)
    #expect(report["scenario_id"] as? String == "l1-unexpected-charge")
    #expect(Set(report.keys) == [
      "scenario_id", "version", "path", "lexicon_path", "sessions", "reviewed", "overrides", "proposals", "notes", "evaluation_set",
    ])
    let proposals = try #require(report["proposals"] as? [[String: Any]])
    #expect(proposals.map { $0["phrase"] as? String } == ["gut punch", nil])
    #expect(Set(proposals[0].keys) == [
      "number", "kind", "criterion", "criterion_name", "action", "phrase", "replaces", "file", "list", "line", "concept", "reason",
      "overrides", "flips", "evaluation",
    ])
    // With a labelled set (the same three sessions, collected): flips and κ before and after.
    let set = sandbox.appendingPathComponent("set")
    #expect(try CLI.run(["eval", "collect", "--out", set.path], sandbox: sandbox).status == 0)
    try FileManager.default.copyItem(
      at: CLI.repositoryRoot.appendingPathComponent("Tests/DojoCLITests/Fixtures/suggest/labels.jsonl"),
      to: set.appendingPathComponent("labels.jsonl"))
    let withSet = try CLI.run(["scenarios", "suggest", "--set", set.path, "--scenarios", CLI.scenarios], sandbox: sandbox)
    #expect(withSet.status == 0, "\(withSet.stderr)")
    #expect(withSet.stdout.contains(
      "Set set: 2 of 3 labelled conversations flip (2 toward the label, 0 away); κ 0.31 → 0.64 for the scenario, 0.00 → 1.00 for empathy"))
    #expect(withSet.stdout.contains(
      "Set set: 1 of 3 labelled conversations flip (1 toward the label, 0 away); κ 0.31 → 0.61 for the scenario, 0.00 → 1.00 for verify_identity"))
    #expect(try snapshot(CLI.scenarios) == before)
  }
}
