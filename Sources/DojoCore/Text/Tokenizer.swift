internal import Foundation
import Synchronization

/// One word of a reply after folding: the words as typed, its folded form and its stem.
public struct Token: Sendable {
  /// The word as the trainee typed it.
  public let surface: String
  /// What the word means, shared by every occurrence of the same word as typed (one reference
  /// instead of copies of its strings: tokens are made for every word of every reply).
  let part: WordPart
  /// Tokens in the same clause share an index; punctuation and "but"/"aber" start a new clause.
  public let clause: Int
  /// Tokens in the same sentence share an index; `.`, `!`, `?` and line breaks end a sentence.
  public let sentence: Int
  /// Where the word is in the text: UTF-8 byte offsets (both parts of a contraction share them).
  public let bytes: Range<Int>
  /// The sentence ends with a question mark.
  public internal(set) var inQuestion = false

  /// Lower-cased, umlauts spelt out (ä → ae, ß → ss), other diacritics dropped.
  public var folded: String { part.folded }
  public var stem: String { part.stem }
  public var isNegation: Bool { part.isNegation }
  public var isStopword: Bool { part.isStopword }
  /// The vocabulary ids of the matcher that analysed the text (empty from a plain tokenizer).
  var vocabulary: [Int] { part.vocabulary }
}

/// Splits text into folded, stemmed tokens for one language.
///
/// Scanning finds the words and the clause and sentence breaks; what a word means (its folded
/// form, stem and flags) depends only on the word as typed, so it is worked out once per word
/// and remembered.
public struct Tokenizer: Sendable {
  public let language: Language
  let stemmer: SnowballStemmer

  public init(language: Language) {
    self.language = language
    stemmer = SnowballStemmer.shared(for: language)
  }

  public func tokenize(_ text: String) -> [Token] {
    tokenize(text) { parts(of: $0) }
  }

  /// Tokenizes with `lookup` giving the parts of each word as typed (a matcher adds its
  /// vocabulary ids to them).
  func tokenize(_ text: String, lookup: (String) -> [WordPart]) -> [Token] {
    // One pass over the UTF-8 bytes, decoding scalars as it goes (most are one ASCII byte);
    // a word is cut from the bytes when it ends and looked up as typed.
    let bytes = Array(text.utf8)
    let count = bytes.count
    var tokens: [Token] = []
    tokens.reserveCapacity(count / 4)
    var clause = 0
    var sentence = 0
    var wordStart = -1
    var isNumber = false
    var previous: Unicode.Scalar = " "
    var questions: [Int] = []
    var index = 0
    while index <= count {
      let (scalar, width) = index < count ? Self.scalar(in: bytes, at: index) : (" ", 1)
      let nextIndex = index + width
      let next = nextIndex < count ? Self.scalar(in: bytes, at: nextIndex).scalar : nil
      if Self.isWordCharacter(scalar) {
        if wordStart < 0 {
          wordStart = index
          isNumber = Self.isDigit(scalar)
        }
      } else if wordStart >= 0 && !scalar.isASCII && Folding.isCombiningMark(scalar) {
        // Part of the word as typed; dropped from the folded form.
      } else if wordStart >= 0 && (scalar == "'" || scalar == "\u{2019}") && next.map(Folding.isLetter) == true {
        // Contractions stay together and are expanded with the word: can't → can not.
      } else if wordStart >= 0 && isNumber && (scalar == "." || scalar == ",") && next.map(Self.isASCIIDigit) == true {
        // A decimal or thousands separator inside a number: 24,99 and 1.200 are one word.
      } else {
        if wordStart >= 0 {
          let surface = String(decoding: bytes[wordStart..<index], as: UTF8.self)
          var parts = lookup(surface)
          // "order no", "ticket no": the short form of "number", not a negation.
          if language == .en, parts.count == 1, parts[0].folded == "no", let before = tokens.last,
            before.clause == clause, Lexical.numberedNouns.contains(before.folded)
          {
            parts = lookup("number")
          }
          for part in parts {
            if part.breaksClause { clause += 1 }
            tokens.append(Token(surface: surface, part: part, clause: clause, sentence: sentence, bytes: wordStart..<index))
          }
          wordStart = -1
        }
        if index < count && scalar != " " {
          let spacedHyphen = scalar == "-" && (previous == " " || next == " ")
          // A dot inside "gw2.example.de" or "z.B." joins; a dot before a space ends a sentence,
          // except after a day number ("ab 1. Juni", "am 16. Mai").
          var ordinal = false
          if scalar == "." && language == .de && Self.isASCIIDigit(previous) && next == " " && nextIndex + 1 < count {
            let afterNext = Self.scalar(in: bytes, at: nextIndex + 1).scalar
            ordinal = Folding.isLetter(afterNext) || Self.isASCIIDigit(afterNext)
          }
          let endsHere = !ordinal
            && (next.map { $0 == " " || $0 == "\n" || $0 == "\t" || (!$0.isASCII && $0.properties.isWhitespace) } ?? true)
          if (Lexical.isClausePunctuation(scalar) && (scalar != "." || endsHere)) || spacedHyphen { clause += 1 }
          if Lexical.isSentencePunctuation(scalar) && endsHere {
            if scalar == "?" { questions.append(sentence) }
            sentence += 1
          }
        }
      }
      previous = scalar
      index = nextIndex
    }
    if !questions.isEmpty {
      var next = 0
      for position in tokens.indices {
        while next < questions.count && questions[next] < tokens[position].sentence { next += 1 }
        if next < questions.count && questions[next] == tokens[position].sentence { tokens[position].inQuestion = true }
      }
    }
    return tokens
  }

  /// The scalar that starts at `index` in valid UTF-8, and how many bytes it takes.
  @inline(__always)
  static func scalar(in bytes: [UInt8], at index: Int) -> (scalar: Unicode.Scalar, width: Int) {
    let lead = bytes[index]
    if lead < 0x80 { return (Unicode.Scalar(lead), 1) }
    let width = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2
    var value = UInt32(lead) & (width == 2 ? 0x1F : width == 3 ? 0x0F : 0x07)
    var offset = 1
    while offset < width && index + offset < bytes.count {
      value = value << 6 | UInt32(bytes[index + offset] & 0x3F)
      offset += 1
    }
    return (Unicode.Scalar(value) ?? "\u{FFFD}", width)
  }

  static func isASCIIDigit(_ scalar: Unicode.Scalar) -> Bool { ("0"..."9").contains(scalar) }

  static func isDigit(_ scalar: Unicode.Scalar) -> Bool {
    scalar.isASCII ? isASCIIDigit(scalar) : scalar.properties.numericType != nil
  }

  static func isWordCharacter(_ scalar: Unicode.Scalar) -> Bool {
    let value = scalar.value
    if value < 0x80 {
      return (0x61...0x7A).contains(value) || (0x41...0x5A).contains(value) || (0x30...0x39).contains(value)
    }
    return scalar.properties.isAlphabetic || scalar.properties.numericType != nil
  }

  /// The folded parts of one word as typed, with their stems and flags: one part, or two for an
  /// English contraction ("can't" → can, not). Remembered per language.
  func parts(of surface: String) -> [WordPart] {
    let known = language == .en ? Self.englishWords.withLock { $0[surface] } : Self.germanWords.withLock { $0[surface] }
    if let known { return known }
    let parts = analyzeWord(surface)
    if language == .en {
      Self.englishWords.withLock { Self.remember(surface, parts, in: &$0) }
    } else {
      Self.germanWords.withLock { Self.remember(surface, parts, in: &$0) }
    }
    return parts
  }

  private static func remember(_ surface: String, _ parts: [WordPart], in words: inout [String: [WordPart]]) {
    if words.count > 200_000 { words.removeAll(keepingCapacity: true) }
    words[surface] = parts
  }

  private static let englishWords = Mutex<[String: [WordPart]]>([:])
  private static let germanWords = Mutex<[String: [WordPart]]>([:])

  /// Folds a word as typed (lower case, umlauts spelt out, other diacritics and apostrophes
  /// dropped, number separators as "."), expands English contractions, and stems.
  private func analyzeWord(_ surface: String) -> [WordPart] {
    var folded: [UInt8] = []
    var hasApostrophe = false
    var isNumber = false
    for scalar in surface.unicodeScalars {
      if folded.isEmpty && !hasApostrophe { isNumber = Self.isDigit(scalar) }
      if scalar == "'" || scalar == "\u{2019}" {
        folded.append(UInt8(ascii: "'"))
        hasApostrophe = true
      } else if scalar == "." || scalar == "," {
        folded.append(UInt8(ascii: "."))
      } else if scalar.isASCII || !Folding.isCombiningMark(scalar) {
        Folding.appendFolded(scalar, to: &folded)
      }
    }
    let word = String(decoding: folded, as: UTF8.self)
    if language == .en, hasApostrophe, let expansion = Lexical.expandContraction(word) {
      return expansion.map(part)
    }
    let plain = hasApostrophe ? word.replacingApostrophes : word
    if isNumber {
      return [WordPart(folded: plain, stem: plain, isNegation: false, isStopword: false, breaksClause: false)]
    }
    // "email" is written "E-Mail" as often: read both as "e" + "mail" ("email adresse" is an
    // "E-Mail-Adresse", "Emailadresse" a "Mailadresse").
    if plain.hasPrefix("email") {
      return [part("e"), part(String(plain.dropFirst()))]
    }
    return [part(plain)]
  }

  private func part(_ word: String) -> WordPart {
    let negation = Lexical.negations(language).contains(word)
    return WordPart(
      folded: word, stem: stemmer.stem(word), isNegation: negation, isStopword: Lexical.stopwords(language).contains(word),
      breaksClause: !negation && Lexical.clauseBreakers(language).contains(word),
      wordClass: SentenceStructure.WordLists.of(language).classify(word))
  }
}

/// One folded word of a word as typed, with what the tokenizer knows about it. Immutable and
/// shared by reference between the caches and every token of that word.
final class WordPart: Sendable {
  let folded: String
  let stem: String
  let isNegation: Bool
  let isStopword: Bool
  let breaksClause: Bool
  /// What the word is for reading sentence structure (a coordinator, a hedge, a feeling, …).
  let wordClass: WordClass
  /// The vocabulary ids a matcher counts this word as (empty outside a matcher).
  let vocabulary: [Int]

  init(
    folded: String, stem: String, isNegation: Bool, isStopword: Bool, breaksClause: Bool, wordClass: WordClass = [],
    vocabulary: [Int] = []
  ) {
    self.folded = folded
    self.stem = stem
    self.isNegation = isNegation
    self.isStopword = isStopword
    self.breaksClause = breaksClause
    self.wordClass = wordClass
    self.vocabulary = vocabulary
  }

  /// The same word with a matcher's vocabulary ids.
  func with(vocabulary: [Int]) -> WordPart {
    WordPart(
      folded: folded, stem: stem, isNegation: isNegation, isStopword: isStopword, breaksClause: breaksClause,
      wordClass: wordClass, vocabulary: vocabulary)
  }
}

/// Unicode case and diacritic folding that treats German umlauts and ß both ways.
enum Folding {
  /// Appends the folded UTF-8 bytes of one scalar: lower case, umlauts spelt out, other
  /// diacritics dropped.
  static func appendFolded(_ scalar: Unicode.Scalar, to output: inout [UInt8]) {
    if scalar.isASCII {
      let byte = UInt8(scalar.value)
      output.append((65...90).contains(byte) ? byte + 32 : byte)
      return
    }
    switch scalar {
    case "ä", "Ä": output += [0x61, 0x65]
    case "ö", "Ö": output += [0x6F, 0x65]
    case "ü", "Ü": output += [0x75, 0x65]
    case "ß", "ẞ": output += [0x73, 0x73]
    default:
      let decomposed = String(scalar).lowercased().decomposedStringWithCanonicalMapping
      for part in decomposed.unicodeScalars where !isCombiningMark(part) {
        output += Array(String(part).utf8)
      }
    }
  }

  static func isCombiningMark(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.properties.generalCategory {
    case .nonspacingMark, .spacingMark, .enclosingMark: true
    default: false
    }
  }

  static func isLetter(_ scalar: Unicode.Scalar) -> Bool { scalar.properties.isAlphabetic }
}

