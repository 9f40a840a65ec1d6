internal import Foundation
import Synchronization

/// One word of a reply after folding: the words as typed, its folded form and its stem.
public struct Token: Sendable, Hashable {
  /// The word as the trainee typed it.
  public var surface: String
  /// Lower-cased, umlauts spelt out (ä → ae, ß → ss), other diacritics dropped.
  public var folded: String
  public var stem: String
  /// Tokens in the same clause share an index; punctuation and "but"/"aber" start a new clause.
  public var clause: Int
  /// Tokens in the same sentence share an index; `.`, `!`, `?` and line breaks end a sentence.
  public var sentence: Int
  public var isNegation: Bool
  public var isStopword: Bool
}

/// Splits text into folded, stemmed tokens for one language.
public struct Tokenizer: Sendable {
  public let language: Language
  let stemmer: SnowballStemmer

  public init(language: Language) {
    self.language = language
    stemmer = SnowballStemmer.shared(for: language)
  }

  public func tokenize(_ text: String) -> [Token] {
    var tokens: [Token] = []
    var clause = 0
    var sentence = 0
    let scalars = Array(text.unicodeScalars)
    // The UTF-8 bytes and, per scalar, where it starts in them: surfaces are cut from the bytes,
    // which is much cheaper than rebuilding strings from scalars.
    let bytes = Array(text.utf8)
    var byteOffsets: [Int] = []
    byteOffsets.reserveCapacity(scalars.count + 1)
    var offset = 0
    for scalar in scalars {
      byteOffsets.append(offset)
      offset += UTF8.width(scalar)
    }
    byteOffsets.append(offset)
    // The word being read: where it starts in `scalars`, and its folded UTF-8 bytes.
    var wordStart: Int?
    var folded: [UInt8] = []
    folded.reserveCapacity(32)
    var isNumber = false
    var hasApostrophe = false

    func append(_ word: String, surface: String, number: Bool) {
      let info = number ? WordInfo(stem: word, isNegation: false, isStopword: false, breaksClause: false) : self.info(word)
      if info.breaksClause { clause += 1 }
      tokens.append(Token(
        surface: surface, folded: word, stem: info.stem, clause: clause, sentence: sentence, isNegation: info.isNegation,
        isStopword: info.isStopword))
    }

    func flush(at end: Int) {
      defer {
        wordStart = nil
        folded.removeAll(keepingCapacity: true)
        isNumber = false
        hasApostrophe = false
      }
      guard let start = wordStart, !folded.isEmpty else { return }
      let surface = String(decoding: bytes[byteOffsets[start]..<byteOffsets[end]], as: UTF8.self)
      let word = String(decoding: folded, as: UTF8.self)
      if language == .en, hasApostrophe, let expansion = Lexical.expandContraction(word) {
        for part in expansion { append(part, surface: surface, number: false) }
      } else {
        append(hasApostrophe ? word.replacingApostrophes : word, surface: surface, number: isNumber)
      }
    }

    var index = 0
    while index < scalars.count {
      let scalar = scalars[index]
      let next = index + 1 < scalars.count ? scalars[index + 1] : nil
      let isDigit = scalar.isASCII ? ("0"..."9").contains(scalar) : scalar.properties.numericType != nil
      let isLetter = scalar.isASCII
        ? ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) : scalar.properties.isAlphabetic
      if isLetter || isDigit {
        if wordStart == nil {
          wordStart = index
          isNumber = isDigit
        }
        Folding.appendFolded(scalar, to: &folded)
      } else if !scalar.isASCII && Folding.isCombiningMark(scalar) && wordStart != nil {
        // Part of the word as typed; dropped from the folded form.
      } else if (scalar == "'" || scalar == "\u{2019}") && !folded.isEmpty && next.map(Folding.isLetter) == true {
        // Contractions stay together here and are expanded in flush(): can't → can not.
        folded.append(UInt8(ascii: "'"))
        hasApostrophe = true
      } else if (scalar == "." || scalar == ",") && isNumber && next.map({ ("0"..."9").contains($0) }) == true {
        folded.append(UInt8(ascii: "."))
      } else {
        flush(at: index)
        let previous = index > 0 ? scalars[index - 1] : " "
        let spacedHyphen = scalar == "-" && (previous == " " || next == " ")
        // A dot inside "gw2.example.de" or "z.B." joins; a dot before a space ends a sentence,
        // except after a day number ("ab 1. Juni", "am 16. Mai").
        let afterNext = index + 2 < scalars.count ? scalars[index + 2] : nil
        let ordinal = scalar == "." && ("0"..."9").contains(previous) && next == " "
          && afterNext.map { Folding.isLetter($0) || ("0"..."9").contains($0) } == true
          && language == .de
        let endsHere = !ordinal
          && (next.map { $0 == " " || $0 == "\n" || $0 == "\t" || (!$0.isASCII && $0.properties.isWhitespace) } ?? true)
        if (Lexical.clausePunctuation.contains(scalar) && (scalar != "." || endsHere)) || spacedHyphen { clause += 1 }
        if Lexical.sentencePunctuation.contains(scalar) && endsHere { sentence += 1 }
      }
      index += 1
    }
    flush(at: scalars.count)
    return tokens
  }
}

/// What the tokenizer knows about a folded word, computed once per word and language.
struct WordInfo: Sendable {
  var stem: String
  var isNegation: Bool
  var isStopword: Bool
  var breaksClause: Bool
}

extension Tokenizer {
  private static let englishWords = Mutex<[String: WordInfo]>([:])
  private static let germanWords = Mutex<[String: WordInfo]>([:])

  /// The stem and word-list flags of a folded word, from a per-language cache.
  func info(_ word: String) -> WordInfo {
    let known = language == .en ? Self.englishWords.withLock { $0[word] } : Self.germanWords.withLock { $0[word] }
    if let known { return known }
    let negation = Lexical.negations(language).contains(word)
    let info = WordInfo(
      stem: stemmer.stem(word), isNegation: negation, isStopword: Lexical.stopwords(language).contains(word),
      breaksClause: !negation && Lexical.clauseBreakers(language).contains(word))
    if language == .en {
      Self.englishWords.withLock { Self.remember(word, info, in: &$0) }
    } else {
      Self.germanWords.withLock { Self.remember(word, info, in: &$0) }
    }
    return info
  }

  private static func remember(_ word: String, _ info: WordInfo, in words: inout [String: WordInfo]) {
    if words.count > 200_000 { words.removeAll(keepingCapacity: true) }
    words[word] = info
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

