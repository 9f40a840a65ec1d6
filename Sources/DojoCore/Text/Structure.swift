/// What the structure of a sentence says about one word of a reply, beyond the word itself.
struct WordStanding: OptionSet, Sendable, Hashable {
  let rawValue: UInt8

  /// Inside the reach of a negation that the clause-local check does not see: a list after
  /// "no" ("no changes to your plan or refunds"), a non-assertive "any" ("before we make any
  /// changes or refunds"), or what a negated promise governs ("I can't promise that it won't
  /// happen again").
  static let negated = WordStanding(rawValue: 1)
  /// Not asserted by the trainee: a condition
  /// ("if billing confirms it, they refund you"), a hedge ("it might be back by Friday"), speech
  /// reported from someone else ("your colleague promised you a refund") or an idiom of wishing
  /// ("lieber heute als morgen"). Forbidden phrases (promises) do not count here.
  static let hypothetical = WordStanding(rawValue: 2)
  /// In the clause that carries a question mark. A question is not a promise, but a forbidden
  /// phrase that is itself a question ("are you sure", "did you read the terms") still counts.
  static let question = WordStanding(rawValue: 16)
  /// A feeling the trainee has, not one they acknowledge in the customer: "what worries me
  /// more", "ich ärgere mich", "I'm frustrated".
  static let ownFeeling = WordStanding(rawValue: 4)
  /// Under a negated promise: "I can't promise that it won't happen again". Even a phrase that
  /// carries its own negation is not asserted there.
  static let deniedPromise = WordStanding(rawValue: 8)
}

/// Reads sentence structure from tokens: clauses, negation reach, questions, conditions,
/// reported speech and whose feeling a feeling word is. English and German; small word lists,
/// one pass per clause, no parser.
enum SentenceStructure {
  /// The standing of each token (same indices as `tokens`).
  static func analyze(_ tokens: [Token], language: Language) -> [WordStanding] {
    var standing = [WordStanding](repeating: [], count: tokens.count)
    guard !tokens.isEmpty else { return standing }
    let words = language == .en ? WordLists.english : WordLists.german
    // Clauses as ranges of token indices (clause ids are ascending and contiguous).
    var clauses: [Range<Int>] = []
    var start = 0
    for index in 1...tokens.count where index == tokens.count || tokens[index].clause != tokens[start].clause {
      clauses.append(start..<index)
      start = index
    }
    func mark(_ range: Range<Int>, _ flag: WordStanding) {
      for index in range { standing[index].insert(flag) }
    }
    /// From `index` to the end of its sentence.
    func restOfSentence(from index: Int) -> Range<Int> {
      var end = index
      while end < tokens.count && tokens[end].sentence == tokens[index].sentence { end += 1 }
      return index..<end
    }
    for (clauseIndex, clause) in clauses.enumerated() {
      let folded = clause.map { tokens[$0].folded }
      // Negation over a short list: "no changes or refunds", "keine Änderung oder Erstattung".
      for offset in folded.indices where tokens[clause.lowerBound + offset].isNegation {
        if let coordinator = folded[offset...].prefix(6).firstIndex(where: { words.coordinators.contains($0) }) {
          let end = min(clause.upperBound, clause.lowerBound + coordinator + 4)
          mark((clause.lowerBound + offset)..<end, .negated)
        }
        // … and on into short list items after a comma: "no credit, a voucher or a refund".
        var next = clauseIndex + 1
        while next < clauses.count, clauses[next].count <= 6,
          tokens[clauses[next].lowerBound].sentence == tokens[clause.lowerBound].sentence,
          let coordinator = clauses[next].dropFirst().first(where: { words.coordinators.contains(tokens[$0].folded) })
        {
          mark(clauses[next].lowerBound..<min(clauses[next].upperBound, coordinator + 4), .negated)
          next += 1
        }
      }
      // A negated promise governs what follows it in the sentence: "I can't promise that it won't
      // happen again", "das kann ich Ihnen nicht versprechen, dass …".
      // The negation must govern the verb: "can't promise", "nicht versprechen", "verspreche ich
      // nicht" — not "I promise it won't happen again".
      let negations = folded.indices.filter { tokens[clause.lowerBound + $0].isNegation }
      let promiseVerbs = folded.indices.filter { index in words.promiseVerbStems.contains { folded[index].hasPrefix($0) } }
      let governed = promiseVerbs.contains { verb in
        negations.contains { negation in
          language == .en ? negation < verb && verb - negation <= 3 : abs(verb - negation) <= 3
        }
      }
      if governed {
        mark(restOfSentence(from: clause.lowerBound), .deniedPromise)
      }
      // "before we make any changes or refunds": "any" after a non-assertive opener.
      if let opener = folded.firstIndex(where: { words.nonAssertiveOpeners.contains($0) }),
        let any = folded[opener...].firstIndex(where: { words.negativePolarity.contains($0) })
      {
        mark((clause.lowerBound + any)..<clause.upperBound, .negated)
      }
      // Questions: the clause that carries the question mark.
      let last = clause.upperBound - 1
      if tokens[last].inQuestion && (last + 1 == tokens.count || tokens[last + 1].sentence != tokens[last].sentence) {
        mark(clause, .question)
      }
      // Conditions and hedges: the whole clause; a condition opening a sentence also covers the
      // clause it is the condition of.
      if folded.contains(where: { words.conditionals.contains($0) || words.hedges.contains($0) }) {
        mark(clause, .hypothetical)
        let opensSentence = clause.lowerBound == 0 || tokens[clause.lowerBound - 1].sentence != tokens[clause.lowerBound].sentence
        if opensSentence, folded.prefix(2).contains(where: { words.conditionals.contains($0) }),
          clauseIndex + 1 < clauses.count, tokens[clauses[clauseIndex + 1].lowerBound].sentence == tokens[clause.lowerBound].sentence
        {
          mark(clauses[clauseIndex + 1], .hypothetical)
        }
      }
      // Reported speech: a reporting verb without "I"/"we" before it in the clause.
      if let verb = folded.firstIndex(where: { words.reportingVerbs.contains($0) }),
        !folded[..<verb].contains(where: { words.firstPerson.contains($0) }),
        !folded[max(0, verb - 2)..<verb].contains(where: { words.modals.contains($0) })
      {
        mark(clause.lowerBound..<restOfSentence(from: clause.lowerBound).upperBound, .hypothetical)
      }
      // Idioms of wishing: "lieber heute als morgen", "rather today than tomorrow".
      for idiom in words.wishIdioms where folded.count >= idiom.count {
        for offset in 0...(folded.count - idiom.count) where Array(folded[offset..<(offset + idiom.count)]) == idiom {
          mark((clause.lowerBound + offset)..<(clause.lowerBound + offset + idiom.count), .hypothetical)
        }
      }
      // Whose feeling: "worries me", "mich ärgert", "I'm (so) frustrated", "ich bin genervt".
      for (offset, word) in folded.enumerated() where words.feelingStems.contains(where: { word.hasPrefix($0) }) {
        let next = offset + 1 < folded.count ? folded[offset + 1] : ""
        let previous = offset > 0 ? folded[offset - 1] : ""
        var copula = offset - 1
        while copula >= 0 && words.adverbs.contains(folded[copula]) { copula -= 1 }
        let speakerIs = copula >= 1 && words.speakerCopulas.contains(folded[copula])
          && folded[max(0, copula - 2)..<copula].contains(where: { words.firstPersonSingular.contains($0) })
        // "would worry me too", "das würde mich auch ärgern": the trainee shares the customer's
        // feeling, which acknowledges it.
        let shared = folded[(offset + 1)...].prefix(3).contains(where: { words.sharing.contains($0) })
          || folded[..<offset].suffix(3).contains(where: { words.conditionalModals.contains($0) })
        if !shared && (words.speakerObjects.contains(next) || words.speakerObjects.contains(previous) || speakerIs) {
          standing[clause.lowerBound + offset].insert(.ownFeeling)
        }
      }
    }
    return standing
  }

  /// The word lists of one language (folded: lower case, umlauts spelt out).
  struct WordLists: Sendable {
    var coordinators: Set<String>
    var promiseVerbStems: [String]
    var nonAssertiveOpeners: Set<String>
    var negativePolarity: Set<String>
    var conditionals: Set<String>
    var hedges: Set<String>
    var reportingVerbs: Set<String>
    /// "should have told you" is advice or blame, not reported speech.
    var modals: Set<String>
    var firstPerson: Set<String>
    var firstPersonSingular: Set<String>
    var speakerCopulas: Set<String>
    var speakerObjects: Set<String>
    var adverbs: Set<String>
    /// "too", "auch": a feeling the speaker shares with the customer.
    var sharing: Set<String>
    /// "would", "würde": a feeling the speaker would have in the customer's place.
    var conditionalModals: Set<String>
    var wishIdioms: [[String]]
    var feelingStems: [String]

    static let english = WordLists(
      coordinators: ["or", "nor", "and"],
      promiseVerbStems: ["promis", "guarante", "commit"],
      nonAssertiveOpeners: ["before", "without", "if", "unless", "whether"],
      negativePolarity: ["any", "anything", "anyone"],
      conditionals: ["if", "unless", "whether", "provided", "assuming"],
      // Not "could": "you could have read the terms" is blame, and "could you …" a question.
      hedges: ["might", "maybe", "perhaps", "possibly", "hopefully", "hope"],
      reportingVerbs: ["said", "told", "promised", "mentioned", "claimed", "stated", "assured", "wrote"],
      modals: ["should", "could", "would", "must", "might", "ought"],
      firstPerson: ["i", "we"],
      firstPersonSingular: ["i"],
      speakerCopulas: ["am", "was", "feel", "felt"],
      speakerObjects: ["me", "myself"],
      adverbs: ["so", "really", "very", "quite", "also", "too", "a", "bit", "little", "pretty", "genuinely", "honestly"],
      sharing: ["too", "also", "either"],
      conditionalModals: ["would", "d"],
      wishIdioms: [["rather", "today", "than", "tomorrow"]],
      feelingStems: ["worr", "frustrat", "annoy", "upset", "concern", "bother", "disappoint", "stress", "anger", "angry"])

    static let german = WordLists(
      coordinators: ["oder", "noch", "und", "sowie"],
      promiseVerbStems: ["versprech", "versproch", "garantier", "zusag", "zusich"],
      nonAssertiveOpeners: ["bevor", "ehe", "ohne", "wenn", "falls", "ob", "sofern"],
      negativePolarity: ["irgendwelche", "irgendeine", "irgendeinen", "irgendein", "etwaige", "etwaigen"],
      conditionals: ["wenn", "falls", "sofern", "ob", "vorausgesetzt"],
      hedges: ["koennte", "koennten", "vielleicht", "eventuell", "moeglicherweise", "hoffentlich", "hoffe"],
      reportingVerbs: [
        "gesagt", "sagte", "meinte", "versprochen", "zugesagt", "geschrieben", "behauptet", "mitgeteilt", "erzaehlt",
        "angekuendigt",
      ],
      modals: ["sollte", "sollten", "haette", "haetten", "muesste", "muessten", "koennte", "koennten"],
      firstPerson: ["ich", "wir"],
      firstPersonSingular: ["ich"],
      speakerCopulas: ["bin", "war", "fuehle"],
      speakerObjects: ["mich", "mir"],
      adverbs: ["so", "echt", "sehr", "auch", "ziemlich", "etwas", "ein", "bisschen", "wirklich", "ehrlich", "gesagt", "selbst"],
      sharing: ["auch", "ebenso", "genauso"],
      conditionalModals: ["wuerde", "wuerden", "haette"],
      wishIdioms: [["lieber", "heute", "als", "morgen"]],
      feelingStems: ["aerger", "aergert", "sorg", "frust", "nerv", "enttaeusch", "stress", "beunruhig", "wuetend"])
  }
}
