/// Small word lists per language: negations, stopwords and words that start a new clause.
enum Lexical {
  static func negations(_ language: Language) -> Set<String> {
    switch language {
    case .en: englishNegations
    case .de: germanNegations
    }
  }

  /// Common words that are never a typo of another word: "darum" is not "warum", "bitte" not
  /// "bitter", "there" not "where". Matched exactly, both as typed and as a pattern word.
  static func exactWords(_ language: Language) -> Set<String> {
    switch language {
    case .en: englishExactWords
    case .de: germanExactWords
    }
  }

  static let englishExactWords: Set<String> = [
    "there", "their", "where", "these", "those", "then", "than", "when", "what", "which", "while", "whose", "think", "thing",
    "thank", "reply", "replies", "replied", "read", "reads", "hallo", "fallback", "sound", "sounds", "sounded",
  ]

  static let germanExactWords: Set<String> = [
    "darum", "warum", "worum", "wieso", "weshalb", "bitte", "bitter", "dann", "denn", "wann", "wenn", "mehr", "sehr",
    "noch", "nach", "dass", "dies", "diese", "dieser", "dieses", "deren", "denen", "einen", "einem", "einer", "seine",
    "ihnen", "ihren", "ihrem", "ihrer", "unser", "unsere", "schon", "schoen", "weiter", "wieder", "wider", "gerne",
    "gerade", "heute", "leute", "kannst", "kennst", "ernst", "erste", "ersten", "erstes", "bauen", "baden", "recht",
    "reicht", "frist", "fristen", "sauber", "fragen", "schickt", "kasse", "lasse", "durchgehen",
  ]

  static func stopwords(_ language: Language) -> Set<String> {
    switch language {
    case .en: englishStopwords
    case .de: germanStopwords
    }
  }

  static func articles(_ language: Language) -> Set<String> {
    switch language {
    case .en: englishArticles
    case .de: germanArticles
    }
  }

  static func clauseBreakers(_ language: Language) -> Set<String> {
    switch language {
    case .en: englishClauseBreakers
    case .de: germanClauseBreakers
    }
  }

  /// German words that look like compounds but are not: "Entschuldigung" has no "Schuld" in it
  /// for a blame, "besorgen" no "Sorge". (Stems, folded.)
  static let germanNonCompounds: [String] = ["entschuld", "besorg", "versorg", "vorsorg"]

  /// Possessives: a short phrase with one stays within a clause ("your fault", "Ihr Fehler").
  static func possessives(_ language: Language) -> Set<String> {
    switch language {
    case .en: ["your", "our", "my", "their", "his", "her"]
    case .de: ["ihr", "ihre", "ihren", "ihrem", "ihrer", "unser", "unsere", "unseren", "unserem", "mein", "meine", "dein", "deine", "euer", "eure"]
    }
  }

  /// Words that open a question: a phrase starting with one is a question itself.
  static func questionOpeners(_ language: Language) -> Set<String> {
    switch language {
    case .en: ["are", "is", "do", "does", "did", "have", "has", "can", "could", "would", "will", "shall", "should", "why", "what", "how", "who", "when", "where", "arent", "didnt", "dont"]
    case .de: ["bist", "sind", "seid", "hast", "haben", "habt", "hat", "kannst", "koennen", "koennten", "wuerden", "willst", "wollen", "warum", "wieso", "weshalb", "was", "wie", "wer", "wann", "wo", "ist"]
    }
  }

  static let englishArticles: Set<String> = ["a", "an", "the"]
  static let germanArticles: Set<String> = ["der", "die", "das", "den", "dem", "des", "ein", "eine", "einen", "einem", "einer", "eines"]
  static let englishClauseBreakers: Set<String> = ["but", "however", "although", "though", "whereas", "unless"]
  /// Words before "not"/"nicht" that make it elliptical ("if not" = otherwise, "falls nicht").
  static let ellipticNegationOpeners: Set<String> = ["if", "wenn", "falls", "sonst"]
  /// Words that turn a sentence from what cannot be done to what will be ("…, but I'll check",
  /// "…, ich schau aber nach"): a denied promise stops before their clause.
  static let contrastWords: Set<String> = ["but", "however", "instead", "aber", "jedoch", "dafür", "stattdessen"]
  /// Words that make "gesagt"/"said" a remark of the speaker's own: "ehrlich gesagt", "wie
  /// gesagt", "offen gesagt", "as I said" (the last has "I" and needs no entry).
  static let sayingMarkers: Set<String> = ["ehrlich", "offen", "wie", "kurz", "ganz", "grob", "anders", "nebenbei", "frankly", "honestly"]
  /// Words that open a clause said about something else: "dass …", "ob …".
  static let complementizers: Set<String> = ["that", "whether", "dass", "ob"]
  // "aber" is left out: in German it is as often a particle ("kann ich es aber nicht").
  static let germanClauseBreakers: Set<String> = ["jedoch", "sondern", "allerdings", "obwohl", "trotzdem"]

  /// Marks that end a sentence (when followed by a space or the end).
  static func isSentencePunctuation(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar {
    case ".", "!", "?", "\n": true
    default: false
    }
  }

  /// Marks that end a clause.
  static func isClausePunctuation(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar {
    case ".", ",", ";", ":", "!", "?", "\n", "(", ")", "—", "–": true
    default: false
    }
  }

  static let englishNegations: Set<String> = [
    "not", "no", "never", "cannot", "cant", "can't", "dont", "don't", "doesnt", "doesn't", "didnt", "didn't",
    "wont", "won't", "wouldnt", "wouldn't", "shouldnt", "shouldn't", "isnt", "isn't", "arent", "aren't",
    "wasnt", "wasn't", "werent", "weren't", "havent", "haven't", "hasnt", "hasn't", "hadnt", "hadn't",
    "couldnt", "couldn't", "mustnt", "mustn't", "unable", "neither", "nor", "without", "nothing", "nobody",
    "noone", "none",
  ].reduce(into: Set<String>()) { $0.insert($1.replacingApostrophes) }

  /// Verbs that put a negation after the subject onto it: "a refund is not possible".
  static let englishCopulas: Set<String> = ["is", "are", "was", "were"]
  /// The negations of a verb ("didn't ask", "weren't expecting"), as opposed to "no refund".
  static let englishVerbNegations: Set<String> = ["not", "never"]
  /// Verbs and adjectives whose "not" reaches into the clause they govern: "I don't think it is
  /// fair", "I'm not sure a refund is possible".
  static let englishNegationCarriers: Set<String> = [
    "think", "believe", "suppose", "expect", "guess", "reckon", "feel", "say", "mean", "imagine", "know", "see",
    "sure", "certain", "convinced", "promise", "guarantee", "claim", "pretend", "want", "saying", "claiming",
  ]
  static let englishModals: Set<String> = ["will", "can", "could", "would", "should", "may", "might", "must", "shall"]
  /// Adverbs skipped between a copula and its negation: "is unfortunately not possible".
  static let englishAdverbs: Set<String> = ["unfortunately", "sadly", "currently", "simply", "really", "just", "still", "also"]

  /// Negations that take a single object ("without warning", "ohne Vorwarnung"): they negate the
  /// next word, not what comes after it.
  static let objectNegations: Set<String> = ["without", "ohne"]

  /// Verbs that end the noun phrase "no" opened: "no explanation would alarm me" (not "no
  /// incident on our side").
  static let englishVerbsAfterSubject: Set<String> = [
    "would", "will", "can", "could", "should", "might", "may", "must", "is", "are", "was", "were", "has", "have", "had", "does", "did",
  ]
  /// Nouns after "no" that make it the negation of the whole clause: "no way we can refund it".
  static let englishNegatedNouns: Set<String> = ["way", "chance", "possibility", "option", "means"]

  /// Whether the word at `index` is "and"/"und" followed by a subject pronoun: the start of a
  /// clause of its own ("… nicht ok, und ich kümmere mich drum", "I can't, and I'll …").
  static func isCoordinatedSubject(at index: Int, in text: AnalyzedText, language: Language) -> Bool {
    guard index + 1 < text.tokens.count, text.tokens[index].folded == (language == .en ? "and" : "und") else { return false }
    return subjectPronouns(language).contains(text.tokens[index + 1].folded)
  }

  static func subjectPronouns(_ language: Language) -> Set<String> {
    switch language {
    case .en: ["i", "we", "you", "they", "he", "she"]
    case .de: ["ich", "wir", "du", "er", "sie"]
    }
  }

  /// Nouns after which "no" is short for "number" ("order no", "ticket no").
  static let numberedNouns: Set<String> = [
    "order", "invoice", "ticket", "case", "account", "customer", "member", "membership", "item", "ref", "reference",
    "tel", "phone", "contract", "policy", "tracking", "booking", "serial", "card", "claim",
  ]

  /// Pronouns that are the whole object of "without"/"ohne": "Ohne das dauert es länger",
  /// "without it we'd have to call back" negate nothing after them.
  static let pronounObjects: Set<String> = ["das", "dies", "es", "that", "this", "it"]

  /// Negations that only ever apply to what follows them ("ohne Priorität").
  static let germanForwardOnlyNegations: Set<String> = ["ohne", "weder"]

  static let germanNegations: Set<String> = [
    "nicht", "kein", "keine", "keinen", "keinem", "keiner", "keines", "nie", "niemals", "nichts", "ohne",
    "weder", "niemand", "nirgends", "ausgeschlossen",
  ]

  /// Articles, prepositions, possessives and fillers: left out of patterns so that
  /// "verify your identity" also matches "verify the identity". Pronouns and modal verbs stay,
  /// because "I will refund" and "we could refund" mean different things.
  static let englishStopwords: Set<String> = [
    "a", "an", "the", "to", "of", "for", "and", "or", "in", "on", "at", "by", "with", "from", "as",
    "about", "your", "yours", "my", "our", "ours", "their", "its", "this", "that", "these", "those",
    "is", "are", "was", "were", "be", "been", "being", "am", "so", "just", "very", "really", "there",
    "here", "some", "also", "then", "s",
  ]

  /// Prefixes of German separable verbs ("abmelden": "melden Sie sich ab"), longest first. Not
  /// "zu": "sagen zu" would be every "zu sagen".
  static let separablePrefixes = [
    "zurueck", "zurück", "weiter", "ab", "an", "auf", "aus", "ein", "mit", "nach", "vor", "weg", "los", "fest", "frei",
  ]

  /// Words that start like a separable verb but are none ("anderen" is not "deren an").
  static let notSeparable = ["ander", "einverstand", "einig", "einzel", "einfach", "aufmerksam", "ausnahm", "angeblich", "ausgezeichnet", "abhängig"]

  /// A German phrase with its separable verbs also split the way a main clause says them:
  /// "abmelden" → "melden ab" ("melden Sie sich in der App ab"), "zurückrufen" → "rufen zurück".
  /// Only lower-case words (verbs; nouns are capitalised) with at least five letters after the
  /// prefix, and not a zu-infinitive ("anzurufen").
  static func separatedVerbVariants(of phrase: String, language: Language) -> [String] {
    guard language == .de else { return [] }
    let words = phrase.split(separator: " ").map(String.init)
    var variants: [String] = []
    for (index, word) in words.enumerated() where word.first?.isLowercase == true {
      guard let prefix = separablePrefixes.first(where: { word.hasPrefix($0) }),
        !notSeparable.contains(where: { word.hasPrefix($0) })
      else { continue }
      let rest = String(word.dropFirst(prefix.count))
      guard rest.count >= 5, !rest.hasPrefix("zu") else { continue }
      var split = words
      split[index] = rest
      split.append(prefix)
      variants.append(split.joined(separator: " "))
    }
    return variants
  }

  /// Expands English contractions: "I'll" → i will, "can't" → can not, "won't" → will not.
  static func expandContraction(_ word: String) -> [String]? {
    guard let apostrophe = word.firstIndex(of: "'") else { return nil }
    let base = String(word[..<apostrophe])
    let suffix = String(word[word.index(after: apostrophe)...])
    switch suffix {
    case "t" where base.hasSuffix("n"):
      let stem = String(base.dropLast())
      let verb = ["ca": "can", "wo": "will", "sha": "shall", "ai": "is"][stem] ?? stem
      return [verb, "not"]
    case "ll": return [base, "will"]
    case "re": return [base, "are"]
    case "ve": return [base, "have"]
    case "m": return [base, "am"]
    case "d": return [base, "would"]
    case "s": return [base]
    default: return [base + suffix]
    }
  }

  /// Articles, prepositions, the formal "Sie/Ihnen/Ihr" and fillers; "ich", "wir" and modal
  /// verbs stay, for the same reason as in English.
  static let germanStopwords: Set<String> = [
    "der", "die", "das", "den", "dem", "des", "ein", "eine", "einen", "einem", "einer", "eines", "und",
    "oder", "zu", "zum", "zur", "ist", "sind", "war", "waren", "sie", "ihnen", "ihre", "ihren",
    "ihrem", "ihrer", "mit", "von", "vom", "fuer", "auf", "im", "in", "an", "am", "bei", "beim", "dass",
    "mal", "ja", "doch", "gerne", "gern", "auch", "so", "da", "hier", "sehr", "mich", "mir", "es", "sich",
    "als", "wie",
  ]
}

extension String {
  /// Drops apostrophes so that "can't" and "cant" are the same word.
  var replacingApostrophes: String {
    String(unicodeScalars.filter { $0 != "'" && $0 != "\u{2019}" }.map(Character.init))
  }
}
