import Foundation
import Testing

/// Shell completion of scenario ids, trainee names and cohort names (issue 17): the generated
/// bash script, driven in a bash subshell as bash does on Tab.
@Suite("Shell completion (the built binary)", .timeLimit(.minutes(2)))
struct CompletionCLITests {
  /// The candidates bash offers for the last of `words` (the word being completed, "" for a
  /// fresh one), with the script `dojo --generate-completion-script bash` prints.
  static func complete(_ words: [String], sandbox: URL, directory: URL = CLI.repositoryRoot) throws -> [String] {
    let script = sandbox.appendingPathComponent("dojo.bash")
    let generated = try CLI.run(["--generate-completion-script", "bash"], sandbox: sandbox)
    try Data(generated.stdout.utf8).write(to: script)
    let driver = """
      source "$0"
      COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); COMP_LINE="$*"; COMP_POINT=${#COMP_LINE}
      _dojo "$1" "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"
      printf '%s\\n' "${COMPREPLY[@]}"
      """
    let child = try Child(
      ["/bin/bash", "-c", driver, script.path, CLI.binary] + words,
      environment: CLI.environment(sandbox: sandbox), stdin: Data(), directory: directory)
    #expect(child.wait(timeout: 30) == 0, "\(child.stderr)")
    return child.stdout.split(separator: "\n").map(String.init)
  }

  @Test("Tab completes scenario ids, trainees and cohorts; it reads the store without creating one")
  func completesIDsAndNames() throws {
    let sandbox = try CLI.sandbox()
    let store = sandbox.appendingPathComponent("dojo.sqlite")
    // No store yet: no names, and Tab creates none.
    #expect(try Self.complete(["practice", "--trainee", ""], sandbox: sandbox) == [])
    #expect(!FileManager.default.fileExists(atPath: store.path))

    #expect(try CLI.run(["cohort", "create", "spring-25"], sandbox: sandbox).status == 0)
    #expect(try CLI.run(["cohort", "add", "spring-25", "ana", "bo b"], sandbox: sandbox).status == 0)
    #expect(try Self.complete(["practice", "--trainee", ""], sandbox: sandbox) == ["ana", "bo b"])
    #expect(try Self.complete(["progress", "--trainee", "b"], sandbox: sandbox) == ["bo b"])
    #expect(try Self.complete(["report", "effectiveness", "--cohort", "s"], sandbox: sandbox) == ["spring-25"])
    #expect(try Self.complete(["cohort", "add", ""], sandbox: sandbox) == ["spring-25"])
    #expect(try Self.complete(["cohort", "add", "spring-25", "a"], sandbox: sandbox) == ["ana"])

    // Scenario ids from the library the command would read (./scenarios here, or --scenarios).
    let ids = try Self.complete(["practice", "--scenario", "l1-unexp"], sandbox: sandbox)
    #expect(ids.contains("l1-unexpected-charge"), "\(ids)")
    #expect(ids.allSatisfy { $0.hasPrefix("l1-unexp") }, "\(ids)")
    #expect(try Self.complete(["review", "queue", "--scenario", "csm-budget"], sandbox: sandbox) == ["csm-budgetkuerzung"])
    #expect(try Self.complete(["replay", "l1-delivery"], sandbox: sandbox) == ["l1-delivery-lost-parcel"])
    #expect(try Self.complete(["practice", "--scenarios", sandbox.path, "--scenario", ""], sandbox: sandbox) == [])
    // From another folder, with --scenarios naming the library.
    let fromElsewhere = try Self.complete(
      ["scenarios", "versions", "--scenarios", CLI.scenarios, "l1-return-w"], sandbox: sandbox, directory: sandbox)
    #expect(fromElsewhere == ["l1-return-window", "l1-return-window-b"], "\(fromElsewhere)")
    // A word that looks like a path completes files and folders.
    #expect(try Self.complete(["practice", "--scenario", "scenarios/l1-ag"], sandbox: sandbox) == ["scenarios/l1-agent/"])
  }
}
