import DojoConsole
import DojoCore
import DojoStore
import Testing

@Suite("Review walk")
struct ReviewWalkTests {
  let items = [
    ReviewWalk.Item(id: "greet", name: "Greets", max: 1, autoPoints: 1),
    ReviewWalk.Item(id: "verify", name: "Verifies", max: 2, autoPoints: 0),
    ReviewWalk.Item(id: "tone", name: "Tone", max: 4, autoPoints: nil),
  ]

  @Test("Enter keeps, a change asks for a comment, a negative rating for a root cause")
  func review() throws {
    // greet: Enter; verify: Enter keeps 0 (negative → root cause, Enter skips); tone: "7" is
    // off the scale, then 1 with an empty comment first, then a comment and a root cause by name.
    let input = ScriptedLineInput(["", "", "", "7", "1", "", "too flat", "bogus", "communication", "", "Well done"])
    let output = BufferedOutput()
    let outcome = try #require(ReviewWalk(input: input, output: output, blind: false).run(items))
    #expect(outcome.ratings == [NewCriterionRating(criterionID: "tone", points: 1, comment: "too flat", rootCause: .communication)])
    #expect(outcome.summary == "Well done")
    #expect(output.text.contains("'7' is not on the scale (0–4, na)"))
    #expect(output.text.contains("a changed score needs a comment"))
    #expect(output.text.contains("a review ends with a summary comment for the trainee"))
    #expect(input.prompts.first == "  rating [0–1, na; Enter keeps 1]: ")
  }

  @Test("blind: no automatic score shown, every criterion rated, no comments asked")
  func blind() throws {
    let input = ScriptedLineInput(["", "0", "na", "2"])
    let output = BufferedOutput()
    let outcome = try #require(ReviewWalk(input: input, output: output, blind: true).run(Array(items.prefix(2))))
    #expect(outcome.ratings.map(\.points) == [0, nil])
    #expect(input.prompts.allSatisfy { !$0.contains("Enter keeps") })
    #expect(output.text.contains("a blind score needs a rating"))
  }

  @Test("piped input: each answer is shown after its prompt, so the output reads as the review went")
  func pipedEcho() throws {
    let input = ScriptedLineInput(["", "2", "checked it after all", "", "Fine"])
    let output = BufferedOutput()
    _ = try #require(ReviewWalk(input: input, output: output, blind: false).run(Array(items.prefix(2))))
    #expect(output.text.contains("  rating [0–1, na; Enter keeps 1]: \n"))
    #expect(output.text.contains("  rating [0–2, na; Enter keeps 0]: 2\n"))
    #expect(output.text.contains("  comment (why 0 → 2): checked it after all\n"))
    #expect(output.text.contains("Summary for the trainee: Fine\n"))
  }

  @Test("input that ends early gives nothing to store")
  func cutOff() {
    #expect(ReviewWalk(input: ScriptedLineInput(["0"]), output: BufferedOutput(), blind: false).run(items) == nil)
  }
}
