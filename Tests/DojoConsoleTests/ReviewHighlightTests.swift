@testable import DojoConsole
import Testing

@Suite("Review highlighting")
struct ReviewHighlightTests {
  @Test("a phrase is marked once, where its words lie together, not at every copy of a word")
  func phraseOnce() {
    let html = ReviewRenderer(format: .html).highlighted(
      "I'm sorry about that, I understand it's worrying. I'll pass this on.", phrases: [["I", "understand"]])
    #expect(html == "I'm sorry about that, <mark>I</mark> <mark>understand</mark> it's worrying. I'll pass this on.")
  }

  @Test("numbers with a decimal comma are one word, as the matcher reads them")
  func numbers() {
    let html = ReviewRenderer(format: .html).highlighted(
      "Ich habe die 34,90 € über PayPal erstattet.", phrases: [["34,90"], ["PayPal"]])
    #expect(html == "Ich habe die <mark>34,90</mark> € über <mark>PayPal</mark> erstattet.")
  }

  @Test("words in another order than the pattern are still marked")
  func reordered() {
    let markdown = ReviewRenderer(format: .markdown).highlighted("the history of your order", phrases: [["order", "history"]])
    #expect(markdown == "the **history** of your **order**")
  }
}
