import Testing

@testable import DojoCore

/// Builds a matcher for a few phrases and answers whether `text` contains `phrase`.
private func matches(_ phrase: String, _ text: String, _ language: Language = .en) -> Bool {
  let matcher = PhraseMatcher(language: language, phrases: [phrase])
  let pattern = CompiledPattern(id: 0, source: phrase, alternatives: [matcher.compile(phrase)])
  return matcher.match(pattern, in: matcher.analyze(text)) != nil
}

@Suite("Phrase matching")
struct MatcherTests {
  @Test("case, punctuation and inflection", arguments: [
    ("offer a refund", "I can OFFER you a full refund!"),
    ("refund", "We refunded the amount yesterday."),
    ("check the order history", "I checked your order histories."),
    ("apologise", "Apologies, I apologised already."),
  ])
  func inflection(phrase: String, text: String) {
    #expect(matches(phrase, text))
  }

  @Test("German umlauts and ß both ways", arguments: [
    ("Rückerstattung", "Die rueckerstattung ist unterwegs."),
    ("rueckerstattung", "Die Rückerstattung ist unterwegs."),
    ("Straße", "Bitte nennen Sie mir Ihre Strasse."),
    ("Gebühr", "Die Gebuehren wurden storniert."),
  ])
  func umlauts(phrase: String, text: String) {
    #expect(matches(phrase, text, .de))
  }

  @Test("German inflection and compounds", arguments: [
    ("Erstattung", "Ich veranlasse die Rückerstattung sofort."),
    ("Erstattung", "Der Erstattungsbetrag wird überwiesen."),
    ("Rechnung", "Auf Ihren Rechnungen sehe ich das."),
    ("Kundennummer", "Wie lautet Ihre Kundennr, also die Kundennummern?"),
  ])
  func germanCompounds(phrase: String, text: String) {
    #expect(matches(phrase, text, .de))
  }

  @Test("one typo in longer words", arguments: [
    ("refund", "I will refnud it"),
    ("specialist", "our specalist will call"),
    ("verify", "let me verfiy that"),
  ])
  func typos(phrase: String, text: String) {
    #expect(matches(phrase, text))
  }

  @Test("short words need an exact match")
  func shortWordsAreExact() {
    #expect(!matches("card", "cart"))
  }

  @Test("word order within a window, not across the whole text")
  func window() {
    #expect(matches("order history", "the history of your order"))
    #expect(!matches("order history", "your order was placed on Monday and shipped Tuesday and the delivery history says"))
  }

  @Test("negation in the clause blocks a match", arguments: [
    ("refund", "I can't refund that."),
    ("refund", "I cannot refund this."),
    ("refund", "A refund is not possible."),
    ("refund", "We won't refund you."),
  ])
  func negationEnglish(phrase: String, text: String) {
    #expect(!matches(phrase, text))
  }

  @Test("negation in German", arguments: [
    ("erstatten", "Das kann ich Ihnen nicht erstatten."),
    ("erstatten", "Wir erstatten den Betrag nicht."),
    ("Erstattung", "Eine Erstattung gibt es leider keine."),
    ("Gutschrift", "Sie bekommen keine Gutschrift."),
  ])
  func negationGerman(phrase: String, text: String) {
    #expect(!matches(phrase, text, .de))
  }

  @Test("negation in another clause does not block")
  func negationOtherClause() {
    #expect(matches("refund", "No problem, I'll refund it today."))
    #expect(matches("refund", "It wasn't your fault, but I will refund it."))
    #expect(matches("erstatten", "Kein Problem, wir erstatten den Betrag."))
  }

  @Test("a negated phrase matches its own negation")
  func negatedPhrase() {
    #expect(matches("don't worry", "Please don't worry about it."))
    #expect(!matches("don't worry", "Please worry about it."))
  }

  @Test("German day numbers do not end a sentence")
  func ordinalDates() {
    #expect(matches("ab 1. Juni", "Der Standard gilt ab 1. Juni für alle.", .de))
    #expect(!matches("Juni Standard", "Das war im Juni. Der Standard ist neu.", .de))
  }

  @Test("contractions expand")
  func contractions() {
    #expect(matches("I will refund", "I'll refund you today"))
    #expect(!matches("I will refund", "our team will check the refund"))
  }

  @Test("stopwords in patterns are ignored")
  func stopwords() {
    #expect(matches("verify your identity", "I need to verify the identity first"))
  }

  @Test("evidence words are the words as typed")
  func evidenceWords() throws {
    let matcher = PhraseMatcher(language: .de, phrases: ["Erstattung"])
    let pattern = CompiledPattern(id: 0, source: "Erstattung", alternatives: [matcher.compile("Erstattung")])
    let match = try #require(matcher.match(pattern, in: matcher.analyze("Die Rückerstattung kommt.")))
    #expect(match.words == ["Rückerstattung"])
  }

  @Test("edit distance helper")
  func oneEdit() {
    #expect(PhraseMatcher.withinOneEdit("refund", "refnud"))
    #expect(PhraseMatcher.withinOneEdit("refund", "refunds"))
    #expect(PhraseMatcher.withinOneEdit("refund", "refind"))
    #expect(!PhraseMatcher.withinOneEdit("refund", "rfnud"))
  }
}
