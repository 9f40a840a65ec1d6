import DojoCore
import DojoStore
import Foundation
import Testing

@testable import DojoConsole

private let repositoryRoot = URL(fileURLWithPath: #filePath)
  .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
private let chatLibrary = ScenarioLibrary.load(paths: [repositoryRoot.appendingPathComponent("scenarios/l1-agent/unexpected-charge.yaml").path])
private let emailLibrary = ScenarioLibrary.load(paths: [repositoryRoot.appendingPathComponent("scenarios/l2-specialist/promotion-misapplied.yaml").path])

private func makeConsole(_ lines: [String], library: ScenarioLibrary) throws
  -> (PracticeConsole, SQLiteStore, BufferedOutput, ScriptedLineInput)
{
  Style.configure(forceOff: true)
  let store = try SQLiteStore.inMemory()
  let input = ScriptedLineInput(lines)
  let output = BufferedOutput()
  let console = PracticeConsole(
    library: library, store: store, input: input, output: output, strings: .en, settings: PracticeSettings(seed: 3))
  return (console, store, output, input)
}

/// Issue 17, "The console's screen": what a new trainee sees at an 80-column terminal.
@Suite("The console's screen")
struct ConsoleScreenTests {
  @Test("lines wrap at word boundaries to the width, keeping indentation; /brief shows the briefing again")
  func wordWrapAndBrief() throws {
    let text = "  billing_run_log: Billing run 1 Mar 02:00 · status completed · 0 errors. SPRING subscribers billed"
    let wrapped = TextWrap.wrap(text, width: 40).split(separator: "\n").map(String.init)
    #expect(wrapped.count > 1)
    #expect(wrapped.allSatisfy { TextWrap.displayWidth($0) <= 40 })
    #expect(wrapped.dropFirst().allSatisfy { $0.hasPrefix("  ") && !$0.hasPrefix("   ") })
    // No word is cut: joining the lines gives back the words.
    #expect(wrapped.map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ") == text.trimmingCharacters(in: .whitespaces))
    // Menus hang under the item's text; help lines under their description; colours take no room.
    let item = TextWrap.wrap("  3. Escalated billing case: the promotion that ended too early [E-Mail · en · ★★★ · new]", width: 60)
    #expect(item.split(separator: "\n").dropFirst().allSatisfy { $0.hasPrefix("     ") })
    #expect(!item.contains("n\new"))
    let help = TextWrap.wrap("  /escalate TIER      hand the case to another tier (asks for the hand-off note)", width: 50)
    #expect(help.split(separator: "\n").last?.hasPrefix(String(repeating: " ", count: 22)) == true)
    #expect(TextWrap.displayWidth("\u{1B}[1mbold\u{1B}[0m 📞") == 7)
    // A model answer of several lines stays indented under its criterion.
    #expect(ScorecardView.indented("Hello Dana,\n\nthanks.", by: 6) == "Hello Dana,\n\n      thanks.")

    let (console, _, output, _) = try makeConsole(["/brief", "/help", "/end"], library: chatLibrary)
    _ = try console.play(try #require(chatLibrary.scenario("l1-unexpected-charge")), trainee: "amy")
    #expect(output.text.components(separatedBy: "Briefing: A Streamly subscriber").count == 3)
    #expect(output.text.components(separatedBy: "Who's who:").count == 3)
    #expect(output.text.contains("/brief              the briefing"))
    #expect(PracticeConsole.commands.contains("/brief"))
  }

  @Test("an e-mail draft: continuation prompt, blank lines kept, commands inside it run and are not sent")
  func emailCompose() throws {
    let draft = ["Hello Dana,", "", "/hint", "I am sorry you had to chase us.", "/end", "Best, Sam", ".", "/end"]
    let (console, store, output, input) = try makeConsole(draft, library: emailLibrary)
    let (session, _) = try console.play(try #require(emailLibrary.scenario("l2-promotion-misapplied")), trainee: "bea")
    let id = try #require(session.id)
    #expect(input.prompts.filter { $0 == "     … " }.count == 6)
    let sent = try store.turns(sessionID: id).filter { $0.speaker == .trainee }.map(\.text)
    #expect(sent.first == "Hello Dana,\n\nI am sorry you had to chase us.\nBest, Sam")
    #expect(try store.session(id: id).hintsUsed == 1)
    #expect(output.text.contains("(/hint ran as a command and is not part of your e-mail"))
    #expect(output.text.contains("(/end is not part of your e-mail and did not run"))
    #expect(output.text.contains("You [1]: Hello Dana,\n\nI am sorry"))
  }

  @Test("end of input says the session is kept and how to resume it")
  func endOfInputSaysHowToResume() throws {
    let (console, _, output, _) = try makeConsole(["Hello"], library: chatLibrary)
    let (session, result) = try console.play(try #require(chatLibrary.scenario("l1-unexpected-charge")), trainee: "cid")
    #expect(result == nil)
    #expect(output.text.contains("Session \(session.id!) is kept; `dojo practice --resume` continues it."))
  }

  @Test("an unknown command names the nearest one and lists the commands")
  func unknownCommand() throws {
    let (console, _, output, _) = try makeConsole(["/fcts", "/foo", "/end"], library: chatLibrary)
    _ = try console.play(try #require(chatLibrary.scenario("l1-unexpected-charge")), trainee: "dee")
    #expect(output.text.contains("Unknown command '/fcts'.\nDid you mean /facts?\nCommands: /help /brief /facts"))
    #expect(output.text.contains("Unknown command '/foo'.\nCommands: /help /brief /facts /hint /escalate /transfer /note /end /resolve /quit"))
  }

  @Test("piped: a bare /escalate lists the tiers without taking the next line; /end is echoed before it ends")
  func pipedEscalateAndEnd() throws {
    let (console, store, output, _) = try makeConsole(["/escalate", "l2-specialist", "/end"], library: chatLibrary)
    let (session, _) = try console.play(try #require(chatLibrary.scenario("l1-unexpected-charge")), trainee: "eve")
    #expect(output.text.contains("Tiers you can escalate to:"))
    #expect(output.text.contains("Use /escalate TIER: note"))
    // "l2-specialist" was the next turn, a reply, not the tier.
    #expect(try store.escalations(sessionID: session.id!).isEmpty)
    #expect(output.text.contains("You [1]: l2-specialist"))
    #expect(output.text.contains("You [2]: /end\nYou ended the conversation."))
  }
}
