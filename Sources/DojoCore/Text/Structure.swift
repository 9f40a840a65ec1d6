/// What the structure of a sentence says about one word of a reply, beyond the word itself.
struct WordStanding: OptionSet, Sendable, Hashable {
  let rawValue: UInt8

  /// Inside the reach of a negation that the clause-local check does not see: a list after
  /// "no" ("no changes to your plan or refunds"), a non-assertive "any" ("before we make any
  /// changes or refunds"), or what a negated promise governs ("I can't promise that it won't
  /// happen again").
  static let negated = WordStanding(rawValue: 1)
  /// Not asserted by the trainee: a condition ("if billing confirms it, they refund you"), a
  /// hedge ("it might be back by Friday"), speech reported from someone else ("your colleague
  /// promised you a refund"), an idiom of wishing ("lieber heute als morgen") or a statement
  /// taken back right after it ("… so it gets fixed by Friday. I can't promise that, though").
  /// Forbidden phrases (promises) do not count here.
  static let hypothetical = WordStanding(rawValue: 2)
  /// A feeling the trainee has, not one they acknowledge in the customer: "what worries me
  /// more", "ich ärgere mich", "I'm frustrated".
  static let ownFeeling = WordStanding(rawValue: 4)
  /// Under a negated promise: "I can't promise that it won't happen again". Even a phrase that
  /// carries its own negation is not asserted there.
  static let deniedPromise = WordStanding(rawValue: 8)
  /// In the clause that carries a question mark. A question is not a promise, but a forbidden
  /// phrase that is itself a question ("are you sure", "did you read the terms") still counts.
  static let question = WordStanding(rawValue: 16)
  /// In a question or a request ("Could you confirm your email?", "Please send me the order
  /// number", "Nennen Sie mir bitte Ihre Kundennummer"): where asking for something counts.
  static let request = WordStanding(rawValue: 32)
}

/// What a word is for reading sentence structure: a coordinator, a hedge, a feeling word, …
struct WordClass: OptionSet, Sendable, Hashable {
  let rawValue: UInt32
  static let coordinator = WordClass(rawValue: 1 << 0)
  static let promiseVerb = WordClass(rawValue: 1 << 1)
  static let nonAssertiveOpener = WordClass(rawValue: 1 << 2)
  static let negativePolarity = WordClass(rawValue: 1 << 3)
  static let conditional = WordClass(rawValue: 1 << 4)
  static let hedge = WordClass(rawValue: 1 << 5)
  static let reportingVerb = WordClass(rawValue: 1 << 6)
  static let modal = WordClass(rawValue: 1 << 7)
  static let firstPerson = WordClass(rawValue: 1 << 8)
  static let firstPersonSingular = WordClass(rawValue: 1 << 9)
  static let speakerCopula = WordClass(rawValue: 1 << 10)
  static let speakerObject = WordClass(rawValue: 1 << 11)
  static let adverb = WordClass(rawValue: 1 << 12)
  static let sharing = WordClass(rawValue: 1 << 13)
  static let conditionalModal = WordClass(rawValue: 1 << 14)
  static let feeling = WordClass(rawValue: 1 << 15)
  static let idiomStart = WordClass(rawValue: 1 << 16)
  static let requestMarker = WordClass(rawValue: 1 << 17)
  static let imperative = WordClass(rawValue: 1 << 18)
  static let invertedConditional = WordClass(rawValue: 1 << 19)
  static let abilityModal = WordClass(rawValue: 1 << 20)
  static let secondPerson = WordClass(rawValue: 1 << 21)
  static let future = WordClass(rawValue: 1 << 22)
  static let retractionObject = WordClass(rawValue: 1 << 23)
  static let retractionFiller = WordClass(rawValue: 1 << 24)
}

/// Reads sentence structure from tokens: clauses, negation reach, questions, conditions,
/// reported speech and whose feeling a feeling word is. English and German; small word lists,
/// one pass per clause, no parser.
enum SentenceStructure {
  /// The standing of each token (same indices as `tokens`).
  static func analyze(_ tokens: [Token], language: Language) -> [WordStanding] {
    var standing = [WordStanding](repeating: [], count: tokens.count)
    guard !tokens.isEmpty else { return standing }
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
    // "if not, …", "if so, …", "falls nicht, …": what follows is the fallback, said as fact
    // ("I can't promise it lands before the 28th; if not, it'll be on your next bill").
    func isEllipticCondition(_ clause: Range<Int>) -> Bool {
      clause.count == 2 && Lexical.ellipticNegationOpeners.contains(tokens[clause.lowerBound].folded)
        && (tokens[clause.lowerBound + 1].isNegation || ["so", "ja", "doch"].contains(tokens[clause.lowerBound + 1].folded))
    }
    func restOfSentence(from index: Int) -> Range<Int> {
      var end = index
      while end < tokens.count && tokens[end].sentence == tokens[index].sentence { end += 1 }
      return index..<end
    }
    // What each word is (a coordinator, a hedge, a feeling, …), worked out once per word as typed.
    let classes = tokens.map(\.part.wordClass)
    func has(_ range: some Collection<Int>, _ kind: WordClass) -> Bool { range.contains { classes[$0].contains(kind) } }
    func first(_ range: Range<Int>, _ kind: WordClass) -> Int? { range.first { classes[$0].contains(kind) } }
    /// Whether a denied-promise clause is about "that" and nothing else, with nothing after it in
    /// its sentence but a turn to what will be done: "I can't promise that(, though)", "Garantieren
    /// kann ich das Datum nicht, aber …" — not "I can't promise that it will be fixed" or "Ich
    /// kann nicht versprechen, dass …".
    func isRetraction(_ clause: Range<Int>) -> Bool {
      let filler: WordClass = [.promiseVerb, .modal, .abilityModal, .firstPerson, .secondPerson, .adverb, .retractionFiller]
      guard clause.contains(where: { classes[$0].contains(.retractionObject) }),
        clause.allSatisfy({ tokens[$0].isNegation || tokens[$0].isStopword || !classes[$0].isDisjoint(with: filler.union(.retractionObject)) })
      else { return false }
      let rest = clause.upperBound..<restOfSentence(from: clause.lowerBound).upperBound
      guard let next = rest.first else { return true }
      let nextClause = next..<(rest.first { tokens[$0].clause != tokens[next].clause } ?? rest.upperBound)
      return nextClause.contains { Lexical.contrastWords.contains(tokens[$0].folded) }
        || rest.allSatisfy { tokens[$0].isStopword || !classes[$0].isDisjoint(with: filler) }
    }
    for (clauseIndex, clause) in clauses.enumerated() {
      // Negation over a short list: "no changes or refunds", "keine Änderung oder Erstattung".
      for negation in clause where tokens[negation].isNegation {
        // "ohne Vorwarnung oder Erklärung": the list of "without" starts right after it, not
        // somewhere later in the clause ("Ohne das müsste ich dich oder die Kundin anrufen").
        let reach = Lexical.objectNegations.contains(tokens[negation].folded) ? 4 : 6
        if let coordinator = first(negation..<min(clause.upperBound, negation + reach), .coordinator) {
          // "nicht ok und ich kümmere mich drum": a subject after the "und" starts a clause, not a
          // list item.
          let newSubject = coordinator + 1 < clause.upperBound
            && Lexical.subjectPronouns(language).contains(tokens[coordinator + 1].folded)
          mark(negation..<min(clause.upperBound, newSubject ? coordinator : coordinator + 4), .negated)
        }
        // … and on into short list items after a comma: "no credit, a voucher or a refund".
        var next = clauseIndex + 1
        while next < clauses.count, clauses[next].count <= 6,
          tokens[clauses[next].lowerBound].sentence == tokens[clause.lowerBound].sentence,
          let coordinator = first((clauses[next].lowerBound + 1)..<clauses[next].upperBound, .coordinator)
        {
          mark(clauses[next].lowerBound..<min(clauses[next].upperBound, coordinator + 4), .negated)
          next += 1
        }
      }
      // A negated promise governs what follows it in the sentence: "I can't promise that it won't
      // happen again", "das kann ich Ihnen nicht versprechen, dass …". The negation must govern
      // the verb: "can't promise", "nicht versprechen", "verspreche ich nicht" — not "I promise
      // it won't happen again".
      var governed = false
      for verb in clause where classes[verb].contains(.promiseVerb) {
        for negation in clause where tokens[negation].isNegation {
          let governs = language == .en ? negation < verb && verb - negation <= 3 : abs(verb - negation) <= 3
          if governs { governed = true }
        }
      }
      // A promise verb opening a German sentence is governed by the negated modal later in it:
      // "Versprechen, dass es bis zum 3. Mai repariert ist, kann ich nicht", "Garantieren kann ich
      // das Datum nicht" — not by a negation inside a "dass" clause ("Versprechen kann ich Ihnen,
      // dass es nicht wieder passiert" is a promise).
      let opensSentence = clause.lowerBound == 0 || tokens[clause.lowerBound - 1].sentence != tokens[clause.lowerBound].sentence
      if !governed, language == .de, opensSentence, classes[clause.lowerBound].contains(.promiseVerb) {
        for later in clauses[clauseIndex...] {
          if tokens[later.lowerBound].sentence != tokens[clause.lowerBound].sentence { break }
          if Lexical.complementizers.contains(tokens[later.lowerBound].folded) { continue }
          if later.contains(where: { tokens[$0].isNegation }), has(later, .modal) || has(later, .abilityModal) {
            governed = true
            break
          }
        }
      }
      // A denied promise about "that" right after a statement takes the statement back: "…, damit
      // es bis zum 3.5. behoben wird. Garantieren kann ich das Datum nicht", "… so it gets fixed by
      // Friday. I can't promise that, though." What was taken back is not asserted; what it says
      // still counts ("I've passed it to engineering" is still a hand-off).
      if governed, isRetraction(clause) {
        let sentence = tokens[clause.lowerBound].sentence
        var start = clause.lowerBound
        while start > 0 && tokens[start - 1].sentence >= sentence - 1 { start -= 1 }
        mark(start..<clause.lowerBound, .hypothetical)
      }
      if governed {
        // … up to a clause that turns to what will be done: "das kann ich nicht versprechen,
        // ich schau aber vor dem 3.5. nochmal rein", "I can't promise that, but I'll check".
        var scope = restOfSentence(from: clause.lowerBound)
        for later in clauses[(clauseIndex + 1)...] where later.lowerBound < scope.upperBound {
          if later.contains(where: { Lexical.contrastWords.contains(tokens[$0].folded) }) || isEllipticCondition(later) {
            scope = scope.lowerBound..<later.lowerBound
            break
          }
        }
        mark(scope, .deniedPromise)
      }
      // "before we make any changes or refunds": "any" after a non-assertive opener.
      if let opener = first(clause, .nonAssertiveOpener), let any = first(opener..<clause.upperBound, .negativePolarity) {
        mark(any..<clause.upperBound, .negated)
      }
      // Questions: the clause that carries the question mark.
      let last = clause.upperBound - 1
      if tokens[last].inQuestion && (last + 1 == tokens.count || tokens[last + 1].sentence != tokens[last].sentence) {
        mark(clause, .question)
      }
      // Requests: a question, a request word ("please", "could you", "bitte", "brauche") or an
      // imperative opening the clause ("send me …", "Nennen Sie mir …").
      if tokens[last].inQuestion || has(clause, .requestMarker) || classes[clause.lowerBound].contains(.imperative) {
        mark(clause, .request)
      }
      // Conditions and hedges: the whole clause; a condition opening a sentence also covers the
      // clause it is the condition of.
      // An inverted condition opens its clause: "Should it turn out …", "Sollte es ein Fehler sein …".
      let inverted = classes[clause.lowerBound].contains(.invertedConditional)
      if has(clause, [.conditional]) || has(clause, [.hedge]) || inverted {
        mark(clause, .hypothetical)
        if has(clause.prefix(2), .conditional) || inverted, clauseIndex + 1 < clauses.count,
          tokens[clauses[clauseIndex + 1].lowerBound].sentence == tokens[clause.lowerBound].sentence,
          !isEllipticCondition(clause)
        {
          mark(clauses[clauseIndex + 1], .hypothetical)
        }
      }
      // Reported speech: a reporting verb without "I"/"we" before it in the clause ("should have
      // told you" is advice or blame, not reported speech).
      // "ehrlich gesagt", "wie gesagt" are the trainee's own words.
      if let verb = first(clause, .reportingVerb), !has(clause.lowerBound..<verb, .firstPerson),
        !has(max(clause.lowerBound, verb - 2)..<verb, .modal),
        !(verb > clause.lowerBound && Lexical.sayingMarkers.contains(tokens[verb - 1].folded))
      {
        mark(clause.lowerBound..<restOfSentence(from: clause.lowerBound).upperBound, .hypothetical)
      }
      // Someone else's ability: "our billing specialists can fix the promo and send the €8 back",
      // "die können … die 8 € zurückbuchen". Saying who is able to do it promises nothing ("they
      // will refund you", "die erstatten Ihnen die 8 €" still do). The subject must be neither
      // the trainee ("I can refund it") nor the customer ("you can expect it by Friday"); the
      // verbs it governs run on through the sentence until a clause names the trainee, the
      // customer or the future ("…, and I'll pass it on", "…, und Sie bekommen …").
      if let modal = first(clause, .abilityModal), !has(clause, .firstPerson),
        !(modal + 1 < clause.upperBound && tokens[modal + 1].isNegation),
        language == .en ? modal > clause.lowerBound && !has(clause.lowerBound..<modal, .secondPerson) : !has(clause, .secondPerson)
      {
        var end = clause.upperBound
        for later in clauses[(clauseIndex + 1)...] {
          if tokens[later.lowerBound].sentence != tokens[clause.lowerBound].sentence { break }
          let opensWithCustomer = language == .en
            ? has(later.prefix(2), .secondPerson) : has(later, .secondPerson)
          if has(later, .firstPerson) || has(later, .future) || opensWithCustomer { break }
          end = later.upperBound
        }
        mark(modal..<end, .hypothetical)
      }
      // Idioms of wishing: "lieber heute als morgen", "rather today than tomorrow".
      if has(clause, .idiomStart) {
        // (Only the idioms: a copy of all the word lists costs a reference count per list.)
        for idiom in WordLists.wishIdioms(of: language) where clause.count >= idiom.count {
          for offset in clause.lowerBound...(clause.upperBound - idiom.count)
          where (0..<idiom.count).allSatisfy({ tokens[offset + $0].folded == idiom[$0] }) {
            mark(offset..<(offset + idiom.count), .hypothetical)
          }
        }
      }
      // Whose feeling: "worries me", "mich ärgert", "I'm (so) frustrated", "ich bin genervt".
      for feeling in clause where classes[feeling].contains(.feeling) {
        let next: WordClass = feeling + 1 < clause.upperBound ? classes[feeling + 1] : []
        let previous: WordClass = feeling > clause.lowerBound ? classes[feeling - 1] : []
        var copula = feeling - 1
        while copula >= clause.lowerBound && classes[copula].contains(.adverb) { copula -= 1 }
        let speakerIs = copula > clause.lowerBound && classes[copula].contains(.speakerCopula)
          && has(max(clause.lowerBound, copula - 2)..<copula, .firstPersonSingular)
        // "would worry me too", "das würde mich auch ärgern": the trainee shares the customer's
        // feeling, which acknowledges it.
        let shared = has((feeling + 1)..<min(clause.upperBound, feeling + 4), .sharing)
          || has(max(clause.lowerBound, feeling - 3)..<feeling, .conditionalModal)
        if !shared && (next.contains(.speakerObject) || previous.contains(.speakerObject) || speakerIs) {
          standing[feeling].insert(.ownFeeling)
        }
      }
    }
    return standing
  }

  /// The word lists of one language (folded: lower case, umlauts spelt out).
  struct WordLists: Sendable {
    static func of(_ language: Language) -> WordLists { language == .en ? english : german }
    static func wishIdioms(of language: Language) -> [[String]] { language == .en ? english.wishIdioms : german.wishIdioms }

    /// What a folded word is in these lists (done once per word as typed, by the tokenizer).
    func classify(_ word: String) -> WordClass {
      var kind: WordClass = []
      if coordinators.contains(word) { kind.insert(.coordinator) }
      if promiseVerbStems.contains(where: { word.hasPrefix($0) }) { kind.insert(.promiseVerb) }
      if nonAssertiveOpeners.contains(word) { kind.insert(.nonAssertiveOpener) }
      if negativePolarity.contains(word) { kind.insert(.negativePolarity) }
      if conditionals.contains(word) { kind.insert(.conditional) }
      if hedges.contains(word) { kind.insert(.hedge) }
      if reportingVerbs.contains(word) { kind.insert(.reportingVerb) }
      if modals.contains(word) { kind.insert(.modal) }
      if firstPerson.contains(word) { kind.insert(.firstPerson) }
      if firstPersonSingular.contains(word) { kind.insert(.firstPersonSingular) }
      if speakerCopulas.contains(word) { kind.insert(.speakerCopula) }
      if speakerObjects.contains(word) { kind.insert(.speakerObject) }
      if adverbs.contains(word) { kind.insert(.adverb) }
      if sharing.contains(word) { kind.insert(.sharing) }
      if conditionalModals.contains(word) { kind.insert(.conditionalModal) }
      if feelingStems.contains(where: { word.hasPrefix($0) }) { kind.insert(.feeling) }
      if wishIdioms.contains(where: { $0.first == word }) { kind.insert(.idiomStart) }
      if requestMarkers.contains(word) { kind.insert(.requestMarker) }
      if imperatives.contains(word) { kind.insert(.imperative) }
      if invertedConditionals.contains(word) { kind.insert(.invertedConditional) }
      if abilityModals.contains(word) { kind.insert(.abilityModal) }
      if secondPerson.contains(word) { kind.insert(.secondPerson) }
      if futureMarkers.contains(word) { kind.insert(.future) }
      if retractionObjects.contains(word) { kind.insert(.retractionObject) }
      if retractionFillers.contains(word) { kind.insert(.retractionFiller) }
      return kind
    }

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
    /// Words that make a clause a request: "please", "could", "bitte", "brauche".
    var requestMarkers: Set<String>
    /// Verbs that make a request when they open a clause: "send me …", "Nennen Sie …".
    var imperatives: Set<String>
    /// Verbs that make a condition when they open a clause: "should it …", "sollte es …".
    var invertedConditionals: Set<String>
    /// "can", "kann": what someone is able to do (a promise only when the trainee says it).
    var abilityModals: Set<String>
    /// The customer as subject: "you", "Sie", "du".
    var secondPerson: Set<String>
    /// "will", "wird": what will happen, which is a promise again.
    var futureMarkers: Set<String>
    /// What a promise taken back is about: "that", "das Datum".
    var retractionObjects: Set<String>
    /// Words that add nothing to "I can't promise that": "though", "leider", "hundertprozentig".
    var retractionFillers: Set<String>

    static let english = WordLists(
      coordinators: ["or", "nor", "and"],
      promiseVerbStems: ["promis", "guarante", "commit"],
      nonAssertiveOpeners: ["before", "without", "if", "unless", "whether"],
      negativePolarity: ["any", "anything", "anyone"],
      conditionals: ["if", "unless", "whether", "provided", "assuming"],
      // Not "could": "you could have read the terms" is blame, and "could you …" a question.
      // Not "would": "if you'd read the terms, you would know" is blame.
      // "decide on the refund", "the decision is theirs": what someone else decides is not
      // promised.
      // "the fix is planned for the 25th": a plan reported is not a promise.
      hedges: [
        "might", "maybe", "perhaps", "possibly", "hopefully", "hope", "decide", "decides", "deciding", "decision", "planned",
        "scheduled", "estimated", "tentatively",
      ],
      // "according to the policy, …" quotes a rule, it promises nothing.
      reportingVerbs: ["said", "told", "promised", "mentioned", "claimed", "stated", "assured", "wrote", "according"],
      modals: ["should", "could", "would", "must", "might", "ought"],
      firstPerson: ["i", "we"],
      firstPersonSingular: ["i"],
      speakerCopulas: ["am", "was", "feel", "felt"],
      speakerObjects: ["me", "myself"],
      adverbs: ["so", "really", "very", "quite", "also", "too", "a", "bit", "little", "pretty", "genuinely", "honestly"],
      sharing: ["too", "also", "either"],
      conditionalModals: ["would", "d"],
      wishIdioms: [["rather", "today", "than", "tomorrow"]],
      feelingStems: ["worr", "frustrat", "annoy", "upset", "concern", "bother", "disappoint", "stress", "anger", "angry"],
      requestMarkers: ["please", "pls", "plz", "could", "can", "would", "may", "need", "mind", "kindly", "let"],
      imperatives: ["confirm", "send", "give", "tell", "share", "provide", "spell", "read", "enter", "type", "check", "drop", "pop"],
      invertedConditionals: ["should"],
      abilityModals: ["can", "could"],
      secondPerson: ["you"],
      futureMarkers: ["will", "shall", "going"],
      retractionObjects: ["that", "this", "it", "date", "deadline"],
      retractionFillers: ["though", "honestly", "unfortunately", "sadly", "fully", "completely", "absolutely", "hundred", "percent", "yet"])

    static let german = WordLists(
      coordinators: ["oder", "noch", "und", "sowie"],
      promiseVerbStems: ["versprech", "versproch", "garantier", "zusag", "zusich"],
      nonAssertiveOpeners: ["bevor", "ehe", "ohne", "wenn", "falls", "ob", "sofern"],
      negativePolarity: ["irgendwelche", "irgendeine", "irgendeinen", "irgendein", "etwaige", "etwaigen"],
      conditionals: ["wenn", "falls", "sofern", "ob", "vorausgesetzt"],
      hedges: [
        "koennte", "koennten", "vielleicht", "eventuell", "moeglicherweise", "hoffentlich", "hoffe", "entscheiden",
        "entscheidet", "entscheidung", "geplant", "voraussichtlich", "vorgesehen", "angepeilt",
      ],
      reportingVerbs: [
        "gesagt", "sagte", "meinte", "versprochen", "zugesagt", "geschrieben", "behauptet", "mitgeteilt", "erzaehlt",
        "angekuendigt", "laut", "gemaess", "zufolge",
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
      feelingStems: ["aerger", "aergert", "sorg", "frust", "nerv", "enttaeusch", "stress", "beunruhig", "wuetend"],
      requestMarkers: [
        "bitte", "koennten", "koennen", "kannst", "koenntest", "wuerden", "wuerdest", "brauche", "brauch", "brauchen", "braeuchte",
        "braeuchten", "benoetige", "benoetigen", "moechte", "darf", "haetten", "haettest",
      ],
      imperatives: ["nennen", "nenn", "geben", "gib", "sagen", "sag", "schicken", "schick", "senden", "bestaetigen", "bestaetige", "teilen", "teil", "schreiben", "schreib", "buchstabieren"],
      invertedConditionals: ["sollte", "sollten", "waere", "waeren"],
      abilityModals: ["kann", "koennen"],
      secondPerson: ["sie", "du", "ihr"],
      futureMarkers: ["werde", "wird", "werden", "wirst", "werdet"],
      retractionObjects: ["das", "dies", "dieses", "diesen", "es", "datum", "termin"],
      retractionFillers: ["leider", "ehrlicherweise", "ehrlich", "gesagt", "hundertprozentig", "prozent", "fest", "sicher", "allerdings", "zwar"])
  }
}
