/// English or German, from the share of a text's words that are the commonest function words of
/// each language.
///
/// No library: Foundation's `NLLanguageRecognizer` does not exist on Linux, and the language
/// identifiers on our allowed package list would add a model file for a question two short word
/// lists answer — a support mail has enough "the/and/you" or "der/und/Sie" to tell, and a text
/// with neither is exactly what `dojo import` must skip. Pure.
public enum LanguageGuess {
  static let english: Set<String> = [
    "the", "and", "you", "your", "is", "are", "to", "of", "it", "i", "my", "me", "we", "for", "that", "this", "with", "have",
    "has", "was", "not", "on", "be", "can", "will", "please", "thanks", "thank", "would", "could", "what", "when", "there",
    "if", "but", "do", "did", "does", "been", "a", "at", "from", "our", "hi", "hello", "just", "which", "about",
    "as", "or", "they", "them", "no", "yes", "any", "all", "get", "got", "still", "again", "why", "how", "know", "let", "see",
  ]
  static let german: Set<String> = [
    "der", "die", "das", "und", "sie", "ihr", "ihre", "ihnen", "ist", "sind", "ich", "mein", "meine", "mir", "mich", "wir",
    "für", "mit", "nicht", "auf", "bei", "ein", "eine", "einen", "es", "zu", "von", "den", "dem", "des", "haben", "habe",
    "hat", "wurde", "bitte", "danke", "vielen", "dank", "kann", "können", "noch", "auch", "aber", "wenn", "dass", "oder",
    "was", "wie", "warum", "schon", "sehr", "hallo", "guten", "tag", "im", "ins", "vom", "zum", "zur", "uns", "unser",
    "doch", "nur", "jetzt", "heute", "gestern", "mal", "gerne", "gern", "leider", "kein", "keine", "nach", "über",
  ]

  /// Whether a lower-cased word is one of either list (a name part that is also such a word is
  /// only redacted when capitalised).
  public static func isStopword(_ word: String) -> Bool { english.contains(word) || german.contains(word) }

  /// en or de, or nil when the text has too few words or too few of either list's (another
  /// language, or no language at all).
  public static func detect(_ text: String) -> Language? {
    var words = 0, en = 0, de = 0
    for word in text.lowercased().split(whereSeparator: { !$0.isLetter }) {
      words += 1
      let w = String(word)
      // "was" is both; it does not decide.
      if english.contains(w) && !german.contains(w) { en += 1 }
      if german.contains(w) && !english.contains(w) { de += 1 }
      if words >= 4000 { break }
    }
    guard words >= 3 else { return nil }
    let share = Double(max(en, de)) / Double(words)
    guard share >= 0.12, en != de else { return nil }
    // The other list must be clearly behind: a German mail quoting an English product name is German.
    if en > de { return Double(de) < Double(en) * 0.6 ? .en : nil }
    return Double(en) < Double(de) * 0.6 ? .de : nil
  }
}
