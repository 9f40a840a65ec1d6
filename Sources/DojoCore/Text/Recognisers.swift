// Typed recognisers for trainee replies: amounts, percentages, dates, weekdays, calendar weeks,
// clock times, durations, time frames, e-mail addresses and identifiers, in English and German.

// MARK: - API

/// What a recogniser found in a reply.
public enum EntityKind: String, Sendable, Hashable, Codable, CaseIterable {
  case amount, percentage, date, weekday, calendarWeek = "calendar_week", clockTime = "clock_time",
    duration, timeFrame = "time_frame", email, identifier

  /// The place of the kind in `allCases`: entities that start at the same byte are listed in this order.
  var order: Int {
    switch self {
    case .amount: 0
    case .percentage: 1
    case .date: 2
    case .weekday: 3
    case .calendarWeek: 4
    case .clockTime: 5
    case .duration: 6
    case .timeFrame: 7
    case .email: 8
    case .identifier: 9
    }
  }
}

/// One recognised span: its kind, where it is (UTF-8 byte offsets into the text), and a normalised value.
public struct RecognisedEntity: Sendable, Hashable {
  public var kind: EntityKind
  /// UTF-8 byte offsets into the text that was recognised.
  public var bytes: Range<Int>
  /// A normalised form: "17.99 EUR", "31", "--03-27", "monday", "26", "16:30", "3-5 business day",
  /// "within 3-5 business day", "sabine.lorenz@web.de", "INV-88412".
  public var value: String

  public init(kind: EntityKind, bytes: Range<Int>, value: String) {
    self.kind = kind
    self.bytes = bytes
    self.value = value
  }

  /// The text the entity covers, cut from the text it was found in.
  public func surface(in text: String) -> String {
    let utf8 = text.utf8
    guard bytes.lowerBound >= 0, bytes.upperBound <= utf8.count else { return "" }
    let start = utf8.index(utf8.startIndex, offsetBy: bytes.lowerBound)
    let end = utf8.index(start, offsetBy: bytes.count)
    return String(decoding: utf8[start..<end], as: UTF8.self)
  }
}

/// Finds typed things in a reply — amounts, dates, times, time frames, e-mail addresses, identifiers —
/// so that criteria like "gives a time frame" or "names the amount" can ask for a kind instead of
/// listing words.
///
/// Hand-written rather than built on a library: no package on the allowed list recognises dates,
/// durations and time frames in English and German, and `Regex`/`NSRegularExpression` are too slow
/// for scoring (more than 20,000 transcripts a second) and can backtrack. The text is cut into words,
/// numbers and symbols in one pass over its UTF-8 bytes; each recogniser then walks those pieces once,
/// looking a bounded number of pieces ahead, so the work is linear in the length of the text and no
/// input can make it hang.
///
/// Kept fast (about 5 µs for a 30-word reply) by working everything about a piece out once when the
/// text is cut — its folded word packed into three machine words, its sense as a 24-byte value of
/// bits and codes, the digits of a number — so that the recognisers compare integers, allocate no
/// `String` until they have found something, and visit only the pieces an entity can start at.
public enum Recognisers {
  /// Every entity in `text`, sorted by where it starts, then by kind (in `EntityKind.allCases`
  /// order), then by where it ends. Entities of different kinds may overlap: "within 24 hours" is a
  /// time frame over the whole span and a duration over "24 hours".
  public static func recognise(_ text: String, language: Language) -> [RecognisedEntity] {
    if text.isEmpty { return [] }
    var scan = RecogniserScan(text: text, language: language)
    return scan.run()
  }
}

// MARK: - Pieces

/// A number as typed: where it is in the text, and what the recognisers ask about it, worked out
/// once when the text is cut.
struct TypedNumber {
  // Stored narrow, so that a piece stays small: texts are far shorter than 2^31 bytes.
  private var start32: Int32
  private var end32: Int32
  private var digits32: Int32
  private var integerDigits32: Int32
  /// The first byte (a digit).
  var first: UInt8
  /// The value when the number is digits only and at most 18 of them, else -1.
  var plainValue: Int

  init(start: Int, end: Int, digits: Int, integerDigits: Int, first: UInt8, plainValue: Int) {
    start32 = Int32(truncatingIfNeeded: start)
    end32 = Int32(truncatingIfNeeded: end)
    digits32 = Int32(truncatingIfNeeded: digits)
    integerDigits32 = Int32(truncatingIfNeeded: integerDigits)
    self.first = first
    self.plainValue = plainValue
  }

  var start: Int { Int(start32) }
  var end: Int { Int(end32) }
  /// Its digits.
  var digits: Int { Int(digits32) }
  /// How many digits come before the first separator.
  var integerDigits: Int { Int(integerDigits32) }

  /// Bytes, digits and separators.
  var length: Int { end - start }
  /// Digits only, no separators.
  var isPlain: Bool { digits == length }

  /// The value of a number of 1 to `maximumDigits` (at most 18) plain digits, else nil.
  @inline(__always)
  func small(maximumDigits: Int = 4) -> Int? {
    isPlain && length <= min(maximumDigits, 18) ? plainValue : nil
  }

  /// Whether the number is 1 to `maximumDigits` plain digits, without separators.
  @inline(__always)
  func isPlainDigits(maximumDigits: Int) -> Bool { isPlain && length <= maximumDigits }
}

/// One word, number or symbol of the text, with its UTF-8 byte range.
struct RecogniserPiece {
  enum Shape: UInt8 { case word, number, symbol }

  var shape: Shape
  var start: Int
  var end: Int
  /// Words: the word in lower case, umlauts spelt out (ä → ae, ß → ss). Otherwise no word.
  var word: FoldedWord
  /// Words: where the folded word lies in the scan's `folded` bytes.
  var folded: Range<Int>
  /// Numbers: the number as typed.
  var number: TypedNumber
  /// Symbols: the scalar; otherwise a space.
  var symbol: Unicode.Scalar
  /// Words: the first letter was typed in upper case.
  var isCapitalised: Bool
  /// Words: every letter was typed in upper case.
  var isUpperCase: Bool
  /// Words: what the word means to the recognisers.
  var sense: WordSense
  /// The piece is part of an e-mail address or an entity that excludes others.
  var isClaimed: Bool
}

/// Cuts text into pieces: runs of letters (split from digits), runs of ASCII digits with single
/// inner `.` or `,` ("17,99", "26.02.2024"), and single symbols. Whitespace separates pieces and
/// is otherwise dropped.
enum RecogniserPieces {
  /// The pieces of `bytes`, the folded bytes of their words, and the pieces an entity can start at:
  /// numbers, words the vocabulary knows, "the", words that may be unit adjectives ("-ig", "-ige", …)
  /// and currency signs. Entities of every kind start at one of these, so the recognisers look only
  /// there.
  static func cut(_ bytes: [UInt8], vocabulary: RecogniserVocabulary)
    -> (pieces: [RecogniserPiece], folded: [UInt8], starts: [Int32], hasNumber: Bool, hasAt: Bool)
  {
    var pieces: [RecogniserPiece] = []
    pieces.reserveCapacity(bytes.count / 4 + 1)
    var folded: [UInt8] = []
    folded.reserveCapacity(bytes.count + 8)
    var starts: [Int32] = []
    var hasNumber = false
    let count = bytes.count
    let noNumber = TypedNumber(start: 0, end: 0, digits: 0, integerDigits: 0, first: 0, plainValue: -1)
    var hasAt = false
    var index = 0
    while index < count {
      let byte = bytes[index]
      let start = index
      var piece: RecogniserPiece
      if isDigit(byte) {
        var end = index + 1
        var digits = 1
        var integerDigits = 0
        var value = Int(byte - 0x30)
        while end < count {
          if isDigit(bytes[end]) {
            if digits < 18 { value = value * 10 + Int(bytes[end] - 0x30) }
            digits += 1
            end += 1
          } else if (bytes[end] == UInt8(ascii: ".") || bytes[end] == UInt8(ascii: ",")) && end + 1 < count
            && isDigit(bytes[end + 1])
          {
            if integerDigits == 0 { integerDigits = digits }
            end += 2
            digits += 1
          } else {
            break
          }
        }
        if integerDigits == 0 { integerDigits = digits }
        index = end
        hasNumber = true
        starts.append(Int32(pieces.count))
        let number = TypedNumber(
          start: start, end: end, digits: digits, integerDigits: integerDigits, first: byte,
          plainValue: digits == end - start && digits <= 18 ? value : -1)
        piece = RecogniserPiece(
          shape: .number, start: start, end: end, word: FoldedWord(), folded: 0..<0, number: number, symbol: " ",
          isCapitalised: false, isUpperCase: false, sense: WordSense(), isClaimed: false)
      } else if byte < 0x80 ? isASCIILetter(byte) : isLetter(Tokenizer.scalar(in: bytes, at: index).scalar) {
        let foldedStart = folded.count
        let isCapitalised: Bool
        var isUpperCase = true
        var end = index
        if byte < 0x80 {
          isCapitalised = byte <= 0x5A
        } else {
          let letter = Tokenizer.scalar(in: bytes, at: index).scalar
          isCapitalised = isUppercase(letter)
        }
        while end < count {
          let next = bytes[end]
          if next < 0x80 {
            // ASCII: a letter, or the end of the word.
            if !isASCIILetter(next) { break }
            if next <= 0x5A {
              folded.append(next + 32)
            } else {
              isUpperCase = false
              folded.append(next)
            }
            end += 1
            continue
          }
          let (letter, letterWidth) = Tokenizer.scalar(in: bytes, at: end)
          if isLetter(letter) {
            if !isUppercase(letter) { isUpperCase = false }
            Folding.appendFolded(letter, to: &folded)
          } else if Folding.isCombiningMark(letter) {
            // A combining diaeresis after a, o or u spells the umlaut out as the precomposed letter would.
            if letter == "\u{0308}", let last = folded.last, folded.count > foldedStart,
              last == UInt8(ascii: "a") || last == UInt8(ascii: "o") || last == UInt8(ascii: "u")
            {
              folded.append(UInt8(ascii: "e"))
            }
          } else {
            break
          }
          end += letterWidth
        }
        index = end
        let range = foldedStart..<folded.count
        let word = FoldedWord(folded, range)
        let senseIndex = vocabulary.senseIndex(of: word)
        let sense = senseIndex < 0 ? WordSense() : vocabulary.senses[Int(senseIndex)]
        if senseIndex >= 0 || word == "the" || RecogniserVocabulary.mayBeUnitAdjective(folded, range) {
          starts.append(Int32(pieces.count))
        }
        piece = RecogniserPiece(
          shape: .word, start: start, end: end, word: word, folded: range, number: noNumber, symbol: " ",
          isCapitalised: isCapitalised, isUpperCase: isUpperCase, sense: sense, isClaimed: false)
      } else {
        let (scalar, width) = Tokenizer.scalar(in: bytes, at: index)
        index += width
        if isSpace(scalar) || (!scalar.isASCII && !isPunctuation(scalar) && Folding.isCombiningMark(scalar)) { continue }
        if scalar == "€" || scalar == "$" || scalar == "£" { starts.append(Int32(pieces.count)) }
        piece = RecogniserPiece(
          shape: .symbol, start: start, end: index, word: FoldedWord(), folded: 0..<0, number: noNumber,
          symbol: scalar, isCapitalised: false, isUpperCase: false, sense: WordSense(), isClaimed: false)
      }
      if byte == UInt8(ascii: "@") { hasAt = true }
      pieces.append(piece)
    }
    return (pieces, folded, starts, hasNumber, hasAt)
  }

  @inline(__always)
  static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

  @inline(__always)
  static func isASCIILetter(_ byte: UInt8) -> Bool { (byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A }

  // The Unicode properties, with answers for the letters of Latin-1 (ä, ö, ü, ß, é, …) and the
  // dashes, quotes and the euro sign of General Punctuation worked out here, as they are common.

  static func isLetter(_ scalar: Unicode.Scalar) -> Bool {
    let value = scalar.value
    if value < 0x80 { return (0x61...0x7A).contains(value) || (0x41...0x5A).contains(value) }
    if (0xC0...0xFF).contains(value) { return value != 0xD7 && value != 0xF7 }
    if isPunctuation(scalar) { return false }
    return scalar.properties.isAlphabetic
  }

  static func isUppercase(_ scalar: Unicode.Scalar) -> Bool {
    let value = scalar.value
    if (0xC0...0xFF).contains(value) { return value <= 0xDE && value != 0xD7 }
    return scalar.properties.isUppercase
  }

  /// U+2010 … U+2027 (dashes, quotes, bullets, ellipsis) and U+20AC (€): neither letters, nor
  /// space, nor combining marks.
  @inline(__always)
  static func isPunctuation(_ scalar: Unicode.Scalar) -> Bool {
    (0x2010...0x2027).contains(scalar.value) || scalar.value == 0x20AC
  }

  static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.value {
    case 0x20, 0x09...0x0D: true
    case 0..<0x80: false
    case 0x2010...0x2027, 0x20AC: false
    default: scalar.properties.isWhitespace
    }
  }
}

// MARK: - E-mail addresses

/// Finds e-mail addresses in the bytes: a local part and a domain around `@`, the domain with a dot
/// and a top-level part of two or more letters. Each byte is looked at by at most two addresses
/// (the local part stops at the previous `@`, the domain at the next), so the scan is linear.
enum EmailScanner {
  static func find(in bytes: [UInt8]) -> [(range: Range<Int>, value: String)] {
    var found: [(range: Range<Int>, value: String)] = []
    var previousEnd = 0
    for at in bytes.indices where bytes[at] == UInt8(ascii: "@") && at >= previousEnd {
      var start = at
      while start > previousEnd && isLocal(bytes[start - 1]) { start -= 1 }
      while start < at && bytes[start] == UInt8(ascii: ".") { start += 1 }
      guard start < at else { continue }
      var end = at + 1
      while end < bytes.count && isDomain(bytes[end]) { end += 1 }
      while end > at + 1 && (bytes[end - 1] == UInt8(ascii: ".") || bytes[end - 1] == UInt8(ascii: "-")) { end -= 1 }
      // The domain needs a dot, and letters only after its last dot (two or more).
      guard let lastDot = bytes[(at + 1)..<end].lastIndex(of: UInt8(ascii: ".")), lastDot > at + 1,
        end - lastDot > 2, bytes[(lastDot + 1)..<end].allSatisfy(isASCIILetter)
      else { continue }
      let lowered = bytes[start..<end].map { isASCIIUpper($0) ? $0 + 32 : $0 }
      found.append((start..<end, String(decoding: lowered, as: UTF8.self)))
      previousEnd = end
    }
    return found
  }

  private static func isASCIILetter(_ byte: UInt8) -> Bool { (0x61...0x7A).contains(byte) || isASCIIUpper(byte) }
  private static func isASCIIUpper(_ byte: UInt8) -> Bool { (0x41...0x5A).contains(byte) }
  private static func isAlphanumeric(_ byte: UInt8) -> Bool { isASCIILetter(byte) || (0x30...0x39).contains(byte) }

  private static func isLocal(_ byte: UInt8) -> Bool {
    isAlphanumeric(byte) || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "%")
      || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "-")
  }

  private static func isDomain(_ byte: UInt8) -> Bool {
    isAlphanumeric(byte) || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "-")
  }
}

// MARK: - Numbers

/// Reading numbers as typed in English and German.
enum RecognisedNumber {
  /// The number as a plain decimal ("17.99", "156000", "2400000"), the decimal separator decided from
  /// the separators typed: with both `.` and `,` the last one is decimal; one kind typed more than
  /// once separates thousands; typed once, it separates thousands before exactly three digits
  /// ("156.000", "1,200") and decimals otherwise ("17,99", "2.5"). `shift` multiplies by a power of ten
  /// ("2,4 Mio." → shift 6). Nil for more than 30 digits.
  static func decimal(_ typed: ArraySlice<UInt8>, shift: Int = 0) -> String? {
    var digits = 0
    var separators = 0
    var lastSeparator: (position: Int, byte: UInt8) = (0, 0)
    var isMixed = false
    for byte in typed {
      if RecogniserPieces.isDigit(byte) {
        digits += 1
      } else {
        if separators > 0 && byte != lastSeparator.byte { isMixed = true }
        separators += 1
        lastSeparator = (digits, byte)
      }
      if digits > 30 { return nil }
    }
    guard digits > 0 else { return nil }
    var decimalPosition = digits
    if separators > 0 {
      if isMixed {
        decimalPosition = lastSeparator.position
      } else if separators == 1 {
        let before = lastSeparator.position
        let after = digits - lastSeparator.position
        let looksLikeThousands = after == 3 && before <= 3 && typed.first != UInt8(ascii: "0")
        if !looksLikeThousands { decimalPosition = lastSeparator.position }
      }
    }
    // The digits, the decimal point moved right by `shift` (zeros added when the fraction runs out),
    // leading zeros of the integer part dropped.
    let integerDigits = decimalPosition + shift
    var output: [UInt8] = []
    output.reserveCapacity(max(digits, integerDigits) + 2)
    var position = 0
    for byte in typed where RecogniserPieces.isDigit(byte) {
      if position == integerDigits {
        if output.isEmpty { output.append(UInt8(ascii: "0")) }
        output.append(UInt8(ascii: "."))
      }
      if !(position < integerDigits - 1 && output.isEmpty && byte == UInt8(ascii: "0")) { output.append(byte) }
      position += 1
    }
    while position < integerDigits {
      if !(position < integerDigits - 1 && output.isEmpty) { output.append(UInt8(ascii: "0")) }
      position += 1
    }
    return String(decoding: output, as: UTF8.self)
  }

  /// The digit groups of a number typed with separators ("26.02.2024": 26, 02, 2024): how many, the
  /// length and small value (up to four digits, else -1) of the first three, and whether all
  /// separators are dots.
  struct Groups {
    var count = 0
    var lengths: (Int, Int, Int) = (0, 0, 0)
    var values: (Int, Int, Int) = (-1, -1, -1)
    var allDots = true

    /// The value of group `index` (0 … 2) when it has one to four digits, as `small` reads it.
    func small(_ index: Int) -> Int? {
      let value = index == 0 ? values.0 : index == 1 ? values.1 : values.2
      return value < 0 ? nil : value
    }

    func length(_ index: Int) -> Int { index == 0 ? lengths.0 : index == 1 ? lengths.1 : lengths.2 }
  }

  static func groups(_ bytes: [UInt8], _ number: TypedNumber) -> Groups {
    var groups = Groups()
    var length = 0
    var value = 0
    func close(_ groups: inout Groups) {
      let small = length <= 4 ? value : -1
      switch groups.count {
      case 0: groups.lengths.0 = length; groups.values.0 = small
      case 1: groups.lengths.1 = length; groups.values.1 = small
      case 2: groups.lengths.2 = length; groups.values.2 = small
      default: break
      }
      groups.count += 1
    }
    for index in number.start..<number.end {
      let byte = bytes[index]
      if RecogniserPieces.isDigit(byte) {
        if length < 4 { value = value * 10 + Int(byte - 0x30) }
        length += 1
      } else {
        if byte == UInt8(ascii: ",") { groups.allDots = false }
        close(&groups)
        length = 0
        value = 0
      }
    }
    close(&groups)
    return groups
  }

  static func twoDigits(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }

  static func isValidDay(_ day: Int, month: Int) -> Bool {
    let lengths = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
    return (1...12).contains(month) && day >= 1 && day <= lengths[month - 1]
  }

  /// "--03-27", or "2024-03-27" with a year.
  static func isoDate(day: Int, month: Int, year: Int?) -> String {
    let monthDay = "\(twoDigits(month))-\(twoDigits(day))"
    guard let year else { return "--" + monthDay }
    return "\(year < 100 ? 2000 + year : year)-" + monthDay
  }
}

// MARK: - The scan

/// One entity found during a scan, in pieces.
struct RecognisedAtom {
  var kind: EntityKind
  var first: Int
  var end: Int
  var value: String
  /// A duration that counts only inside a time frame ("a day" in "within a day", not in "what a day").
  var isTentative = false
  var isUsed = false
}

/// One run of the recognisers over one text.
struct RecogniserScan {
  let language: Language
  let bytes: [UInt8]
  /// The folded bytes of the words, each piece's at `RecogniserPiece.folded`.
  let folded: [UInt8]
  let vocabulary: RecogniserVocabulary
  var pieces: [RecogniserPiece]
  /// The pieces entities can start at, in order (`RecogniserPieces.cut`).
  let starts: [Int32]
  /// Whether the text has a number; phone numbers and identifiers have one.
  let hasNumber: Bool
  var atoms: [RecognisedAtom] = []
  /// For each piece, the index in `atoms` of the date, weekday, calendar week or clock time that
  /// starts there, or -1.
  var pointAtoms: [Int32]
  /// For each piece, the index in `atoms` of the duration that starts there, or -1.
  var durationAtoms: [Int32]
  var emails: [(range: Range<Int>, value: String)]

  init(text: String, language: Language) {
    self.language = language
    bytes = Array(text.utf8)
    vocabulary = language == .en ? RecogniserVocabulary.english : RecogniserVocabulary.german
    let hasAt: Bool
    (pieces, folded, starts, hasNumber, hasAt) = RecogniserPieces.cut(bytes, vocabulary: vocabulary)
    emails = hasAt ? EmailScanner.find(in: bytes) : []
    // Pieces inside an e-mail address belong to it.
    var claimIndex = 0
    for index in pieces.indices where claimIndex < emails.count {
      while claimIndex < emails.count && emails[claimIndex].range.upperBound <= pieces[index].start { claimIndex += 1 }
      if claimIndex < emails.count && emails[claimIndex].range.contains(pieces[index].start) { pieces[index].isClaimed = true }
    }
    pointAtoms = starts.isEmpty ? [] : Array(repeating: -1, count: pieces.count)
    durationAtoms = starts.isEmpty ? [] : Array(repeating: -1, count: pieces.count)
  }

  mutating func run() -> [RecognisedEntity] {
    var entities = emails.map { RecognisedEntity(kind: .email, bytes: $0.range, value: $0.value) }
    // No number, no word the vocabulary knows: nothing but e-mail addresses to find.
    guard !starts.isEmpty else { return entities }
    atoms.reserveCapacity(16)
    findAll(.amount)
    findAll(.percentage)
    findAll(.date)
    findAll(.clockTime)
    findAll(.calendarWeek)
    findAll(.weekday)
    findDurations()
    findTimeFrames()
    if hasNumber {
      claimPhoneNumbers()
      findIdentifiers()
    }
    entities.reserveCapacity(entities.count + atoms.count)
    for atom in atoms where !atom.isTentative || atom.isUsed {
      entities.append(
        RecognisedEntity(kind: atom.kind, bytes: pieces[atom.first].start..<pieces[atom.end - 1].end, value: atom.value))
    }
    entities.sort {
      if $0.bytes.lowerBound != $1.bytes.lowerBound { return $0.bytes.lowerBound < $1.bytes.lowerBound }
      if $0.kind != $1.kind { return $0.kind.order < $1.kind.order }
      return $0.bytes.upperBound < $1.bytes.upperBound
    }
    return entities
  }

  // MARK: Looking at pieces

  var count: Int { pieces.count }

  /// The folded word at `index`, or no word (`isEmpty`) when there is no word there. Compares with
  /// text literals: `word(index) == "of"`.
  @inline(__always)
  func word(_ index: Int) -> FoldedWord {
    index >= 0 && index < count ? pieces[index].word : FoldedWord()
  }

  @inline(__always)
  func isWord(_ index: Int) -> Bool { index >= 0 && index < count && pieces[index].shape == .word }

  @inline(__always)
  func sense(_ index: Int) -> WordSense {
    guard index >= 0 && index < count, !pieces[index].isClaimed else { return WordSense() }
    return pieces[index].sense
  }

  @inline(__always)
  func isSymbol(_ index: Int, _ scalar: Unicode.Scalar) -> Bool {
    index >= 0 && index < count && pieces[index].shape == .symbol && pieces[index].symbol == scalar
  }

  func isDash(_ index: Int) -> Bool { isSymbol(index, "-") || isSymbol(index, "\u{2013}") || isSymbol(index, "\u{2014}") }

  func isApostrophe(_ index: Int) -> Bool { isSymbol(index, "'") || isSymbol(index, "\u{2019}") }

  /// Whether the piece at `index` follows the one before it with nothing in between.
  @inline(__always)
  func touches(_ index: Int) -> Bool { index > 0 && index < count && pieces[index].start == pieces[index - 1].end }

  /// The number at `index` as typed, if it is one and not yet part of another entity.
  @inline(__always)
  func number(_ index: Int) -> TypedNumber? {
    guard index >= 0 && index < count, pieces[index].shape == .number, !pieces[index].isClaimed else { return nil }
    return pieces[index].number
  }

  /// The bytes of a number as typed.
  func typed(_ number: TypedNumber) -> ArraySlice<UInt8> { bytes[number.start..<number.end] }

  /// The number as a plain decimal (`RecognisedNumber.decimal`).
  func decimal(_ number: TypedNumber, shift: Int = 0) -> String? {
    RecognisedNumber.decimal(typed(number), shift: shift)
  }

  @inline(__always)
  func isFree(_ index: Int) -> Bool { index >= 0 && index < count && !pieces[index].isClaimed }

  func pointAtom(at index: Int) -> RecognisedAtom? {
    guard index >= 0 && index < count, pointAtoms[index] >= 0 else { return nil }
    return atoms[Int(pointAtoms[index])]
  }

  func surface(_ first: Int, _ end: Int) -> String {
    String(decoding: bytes[pieces[first].start..<pieces[end - 1].end], as: UTF8.self)
  }

  // MARK: Recording

  mutating func record(_ kind: EntityKind, _ first: Int, _ end: Int, _ value: String, isTentative: Bool = false) {
    let atomIndex = Int32(atoms.count)
    atoms.append(RecognisedAtom(kind: kind, first: first, end: end, value: value, isTentative: isTentative))
    switch kind {
    case .date, .weekday, .calendarWeek, .clockTime: pointAtoms[first] = atomIndex
    case .duration: durationAtoms[first] = atomIndex
    default: break
    }
    if kind != .timeFrame {
      for index in first..<end { pieces[index].isClaimed = true }
    }
  }

  /// Runs the recogniser of one kind at every free piece, left to right, skipping what it found.
  mutating func findAll(_ kind: EntityKind) {
    var index = 0
    for start in starts where Int(start) >= index {
      let start = Int(start)
      // Only numbers, words the vocabulary knows and (for amounts) currency signs start one of these kinds.
      let shape = pieces[start].shape
      let mayStart = shape == .number || (shape == .word ? pieces[start].sense.isKnown : kind == .amount)
      if mayStart, isFree(start), let found = recognise(kind, at: start), found.end > start {
        record(kind, start, found.end, found.value)
        index = found.end
      }
    }
  }

  func recognise(_ kind: EntityKind, at index: Int) -> (end: Int, value: String)? {
    switch kind {
    case .amount: amount(at: index)
    case .percentage: percentage(at: index)
    case .date: date(at: index)
    case .clockTime: clockTime(at: index)
    case .calendarWeek: calendarWeek(at: index)
    case .weekday: weekday(at: index)
    case .duration, .timeFrame, .email, .identifier: nil
    }
  }

  // MARK: Amounts and percentages

  func currency(_ index: Int) -> String? {
    guard isFree(index) else { return nil }
    if pieces[index].shape == .symbol {
      switch pieces[index].symbol {
      case "€": return "EUR"
      case "$": return "USD"
      case "£": return "GBP"
      default: return nil
      }
    }
    return sense(index).currency?.description
  }

  /// A multiplier after a number ("Mio.", "M" touching, "million"): where it ends and its power of ten.
  func multiplier(after index: Int) -> (end: Int, shift: Int) {
    let sense = sense(index)
    guard sense.multiplier > 0 else { return (index, 0) }
    if sense.multiplierTouches && (!touches(index) || (word(index) == "m" && !pieces[index].isUpperCase)) {
      return (index, 0)
    }
    let end = sense.isAbbreviation && isSymbol(index + 1, ".") && touches(index + 1) ? index + 2 : index + 1
    return (end, Int(sense.multiplier))
  }

  /// "€17.99", "EUR 8", "17,99 EUR", "8 Euro", "2,4 Mio. €", "1.1M euros", "17,- €".
  func amount(at index: Int) -> (end: Int, value: String)? {
    if let code = currency(index), let typed = number(index + 1) {
      let (end, shift) = multiplier(after: index + 2)
      guard let value = decimal(typed, shift: shift) else { return nil }
      return (end, "\(value) \(code)")
    }
    guard let typed = number(index) else { return nil }
    var next = index + 1
    if isSymbol(next, ",") && touches(next) && isDash(next + 1) && touches(next + 1) { next += 2 }
    let (afterMultiplier, shift) = multiplier(after: next)
    guard let code = currency(afterMultiplier), let value = decimal(typed, shift: shift) else {
      return nil
    }
    return (afterMultiplier + 1, "\(value) \(code)")
  }

  /// "31%", "31 %", "31 percent", "31 per cent", "8,5 Prozent".
  func percentage(at index: Int) -> (end: Int, value: String)? {
    guard let typed = number(index) else { return nil }
    var end = index + 2
    if isSymbol(index + 1, "%") || sense(index + 1).isPercent {
      end = index + 2
    } else if word(index + 1) == "per" && word(index + 2) == "cent" {
      end = index + 3
    } else {
      return nil
    }
    guard let value = decimal(typed) else { return nil }
    return (end, value)
  }

  // MARK: Dates

  /// A four-digit year from 1900 to 2099 at `index`.
  func year(_ index: Int) -> Int? {
    guard let typed = number(index), typed.length == 4, let year = typed.small(),
      (1900...2099).contains(year)
    else { return nil }
    return year
  }

  /// The month named at `index` ("March", "Mär", "Maerz", "Feb"), with where its name ends.
  func month(_ index: Int) -> (month: Int, end: Int)? {
    let sense = sense(index)
    guard sense.month > 0 else { return nil }
    // "may" and "march" are English words too: only capitalised.
    if sense.needsCapital && !pieces[index].isCapitalised { return nil }
    let end = sense.isAbbreviation && isSymbol(index + 1, ".") && touches(index + 1) ? index + 2 : index + 1
    return (Int(sense.month), end)
  }

  /// "26.02.", "26.02.2024", "2024-03-27", "27/03", "27 March", "27th of March", "27. März 2024",
  /// "March 27", "March 27th, 2024".
  /// Whether the word at `index` makes the number after it a version: "Update 5.2", "Version
  /// 4.8", "release 24.3", "v3.4".
  func isVersionWord(_ index: Int) -> Bool {
    guard isWord(index) else { return false }
    switch word(index) {
    case "version", "versions", "update", "updates", "release", "build", "v", "patch", "connector": return true
    default: return false
    }
  }

  func date(at index: Int) -> (end: Int, value: String)? {
    if let typed = number(index) {
      let groups = typed.isPlain ? RecognisedNumber.Groups(count: 1) : RecognisedNumber.groups(bytes, typed)
      // A version is not a date: "Update 5.2.", "version 4.8", "in 3.4.x".
      if groups.count >= 2,
        isVersionWord(index - 1) || (isSymbol(index + 1, ".") && touches(index + 1) && touches(index + 2) && (isWord(index + 2) || number(index + 2) != nil))
      {
        return nil
      }
      if groups.count == 2 || groups.count == 3, groups.allDots, groups.length(0) <= 2, groups.length(1) <= 2,
        let day = groups.small(0), let month = groups.small(1), RecognisedNumber.isValidDay(day, month: month)
      {
        if groups.count == 2 && isSymbol(index + 1, ".") && touches(index + 1) {
          return (index + 2, RecognisedNumber.isoDate(day: day, month: month, year: nil))
        }
        if groups.count == 3, groups.length(2) == 2 || groups.length(2) == 4, let year = groups.small(2) {
          return (index + 1, RecognisedNumber.isoDate(day: day, month: month, year: year))
        }
      }
      guard groups.count == 1 else { return nil }
      // 2024-03-27
      if let year = year(index), isDash(index + 1), touches(index + 1), let monthText = number(index + 2), touches(index + 2),
        isDash(index + 3), touches(index + 3), let dayText = number(index + 4), touches(index + 4),
        let month = monthText.small(maximumDigits: 2), let day = dayText.small(maximumDigits: 2),
        RecognisedNumber.isValidDay(day, month: month)
      {
        return (index + 5, RecognisedNumber.isoDate(day: day, month: month, year: year))
      }
      // 27/03 and 27/03/2024 (day first; month first only when the day cannot be a month: 03/27).
      if typed.length == 2, isSymbol(index + 1, "/"), touches(index + 1), let secondText = number(index + 2),
        secondText.length == 2, touches(index + 2), let first = typed.small(), let second = secondText.small()
      {
        var end = index + 3
        var year: Int? = nil
        if isSymbol(end, "/"), touches(end), let yearText = number(end + 1), touches(end + 1),
          yearText.length == 2 || yearText.length == 4
        {
          year = yearText.small()
          end += 2
        }
        if RecognisedNumber.isValidDay(first, month: second) {
          return (end, RecognisedNumber.isoDate(day: first, month: second, year: year))
        }
        if RecognisedNumber.isValidDay(second, month: first) {
          return (end, RecognisedNumber.isoDate(day: second, month: first, year: year))
        }
        return nil
      }
      // 27 March, 27th of March, 27. März 2024
      guard typed.length <= 2, let day = typed.small(), (1...31).contains(day) else { return nil }
      var next = index + 1
      if touches(next) && sense(next).isOrdinalSuffix {
        next += 1
      } else if isSymbol(next, ".") && touches(next) {
        next += 1
      }
      if word(next) == "of" { next += 1 }
      guard let (month, afterMonth) = month(next), RecognisedNumber.isValidDay(day, month: month) else { return nil }
      if let year = year(afterMonth) {
        return (afterMonth + 1, RecognisedNumber.isoDate(day: day, month: month, year: year))
      }
      return (afterMonth, RecognisedNumber.isoDate(day: day, month: month, year: nil))
    }
    // March 27, March 27th, 2024
    guard let (month, afterMonth) = month(index), let dayText = number(afterMonth), dayText.length <= 2,
      let day = dayText.small(), RecognisedNumber.isValidDay(day, month: month),
      !isSymbol(afterMonth + 1, ":")
    else { return nil }
    var end = afterMonth + 1
    if touches(end) && sense(end).isOrdinalSuffix { end += 1 }
    if isSymbol(end, ","), let year = year(end + 1) {
      return (end + 2, RecognisedNumber.isoDate(day: day, month: month, year: year))
    }
    if let year = year(end) { return (end + 1, RecognisedNumber.isoDate(day: day, month: month, year: year)) }
    return (end, RecognisedNumber.isoDate(day: day, month: month, year: nil))
  }

  // MARK: Clock times

  /// "am", "pm", "a.m.", "p.m." after an hour (English): where they end and the hour on a 24-hour clock.
  func meridiem(after index: Int, hour: Int) -> (end: Int, hour: Int)? {
    guard language == .en, (1...12).contains(hour) else { return nil }
    var end: Int
    var isAfternoon: Bool
    switch word(index) {
    case "am", "pm":
      end = index + 1
      isAfternoon = word(index) == "pm"
    case "a", "p":
      guard isSymbol(index + 1, "."), touches(index + 1), word(index + 2) == "m", touches(index + 2) else { return nil }
      end = index + 3
      if isSymbol(end, ".") && touches(end) { end += 1 }
      isAfternoon = word(index) == "p"
    default:
      return nil
    }
    let converted = isAfternoon ? (hour == 12 ? 12 : hour + 12) : (hour == 12 ? 0 : hour)
    return (end, converted)
  }

  func clockValue(_ hour: Int, _ minute: Int) -> String {
    "\(RecognisedNumber.twoDigits(hour)):\(RecognisedNumber.twoDigits(minute))"
  }

  /// "10:00", "16:30 Uhr", "16.30 Uhr", "10 am", "4pm", "4 p.m.", "16 Uhr", "4 o'clock", "noon",
  /// "lunchtime", "end of day", "EOD", "close of business", "Mittag", "bis Feierabend", "Dienstschluss";
  /// and ranges whose second time has its unit: "8–18 Uhr", "2 and 4pm", "14 und 16 Uhr" ("14:00-16:00").
  func clockTime(at index: Int) -> (end: Int, value: String)? {
    if let typed = number(index), let hour = typed.small(maximumDigits: 2), hour <= 24,
      isDash(index + 1) || sense(index + 1).isClockRangeWord, let (end, upperHour, upperMinute) = numericClock(at: index + 2)
    {
      let lower = language == .en && hour < 12 && upperHour > 12 && hour + 12 <= upperHour ? hour + 12 : hour
      return (end, clockValue(lower, 0) + "-" + clockValue(upperHour, upperMinute))
    }
    if let (end, hour, minute) = numericClock(at: index) { return (end, clockValue(hour, minute)) }
    return namedClock(at: index)
  }

  /// A clock time written with digits and its unit: where it ends, its hour and minute.
  func numericClock(at index: Int) -> (end: Int, hour: Int, minute: Int)? {
    if let typed = number(index) {
      let groups = typed.isPlain ? RecognisedNumber.Groups(count: 1) : RecognisedNumber.groups(bytes, typed)
      // 10:00, 16:30 Uhr, 4:30 pm
      if groups.count == 1, let hour = typed.small(maximumDigits: 2), hour <= 24,
        isSymbol(index + 1, ":"), touches(index + 1), let minuteText = number(index + 2), touches(index + 2),
        minuteText.length == 2, let minute = minuteText.small(), minute <= 59
      {
        var end = index + 3
        var hour24 = hour
        if isSymbol(end, ":"), touches(end), let seconds = number(end + 1), seconds.length == 2 { end += 2 }
        if let (afterMeridiem, converted) = meridiem(after: end, hour: hour) {
          end = afterMeridiem
          hour24 = converted
        } else if word(end) == "uhr" || (word(end) == "h" && touches(end)) {
          end += 1
        }
        return (end, hour24, minute)
      }
      // 16.30 Uhr
      if groups.count == 2, groups.allDots, groups.length(1) == 2, groups.length(0) <= 2, let hour = groups.small(0),
        hour <= 24, let minute = groups.small(1), minute <= 59, word(index + 1) == "uhr"
      {
        return (index + 2, hour, minute)
      }
      guard groups.count == 1, let hour = typed.small(maximumDigits: 2) else { return nil }
      // 10 am, 4pm, 4 p.m.
      if let (end, converted) = meridiem(after: index + 1, hour: hour) { return (end, converted, 0) }
      // 16 Uhr, 16 Uhr 30
      if hour <= 24 && word(index + 1) == "uhr" {
        if let minuteText = number(index + 2), minuteText.length == 2, let minute = minuteText.small(),
          minute <= 59
        {
          return (index + 3, hour, minute)
        }
        return (index + 2, hour, 0)
      }
      // 4 o'clock
      if (1...12).contains(hour) && word(index + 1) == "o" && isApostrophe(index + 2) && word(index + 3) == "clock" {
        return (index + 4, hour, 0)
      }
    }
    return nil
  }

  /// "noon", "lunchtime", "end of day", "EOD", "close of business", "Mittag", "bis Feierabend".
  func namedClock(at index: Int) -> (end: Int, value: String)? {
    // Phrases are looked for only after a word that can start one (most words cannot).
    switch sense(index).startsPhrase ? (word(index), word(index + 1), word(index + 2)) : (FoldedWord(), FoldedWord(), FoldedWord()) {
    case ("end", "of", "day"), ("end", "of", "business"), ("close", "of", "business"), ("close", "of", "play"),
      ("end", "of", "play"):
      guard language == .en else { return nil }
      return (index + 3, "end of day")
    case ("end", "of", "the") where word(index + 3) == "day":
      guard language == .en else { return nil }
      return (index + 4, "end of day")
    case ("lunch", "time", _):
      guard language == .en else { return nil }
      return (index + 2, "lunchtime")
    default:
      break
    }
    let sense = sense(index)
    guard let value = sense.clockWord?.description else { return nil }
    let previous = self.sense(index - 1)
    // "Feierabend" and "lunch" are times only after "bis", "vor", "by", "before" ("Schönen Feierabend!" is a wish).
    if sense.clockNeedsLead && (previous.relation == nil || previous.isNotClockLead) { return nil }
    // "Guten Mittag", "zu Mittag essen".
    if previous.isGreeting || word(index - 1) == "zu" { return nil }
    return (index + 1, value)
  }

  // MARK: Calendar weeks and weekdays

  /// "KW 26", "KW26", "week 26", "calendar week 26", "Kalenderwoche 26", "KW 26/2026".
  func calendarWeek(at index: Int) -> (end: Int, value: String)? {
    var next = index + 1
    if sense(index).startsPhrase && word(index) == "calendar" && word(index + 1) == "week" {
      next = index + 2
    } else if !sense(index).isWeekLabel {
      return nil
    }
    if isSymbol(next, ".") && touches(next) { next += 1 }  // "KW. 26"
    guard let typed = number(next), let week = typed.small(maximumDigits: 2), (1...53).contains(week),
      !(!word(next + 1).isEmpty && self.sense(next + 1).unit != nil)
    else { return nil }
    var end = next + 1
    if isSymbol(end, "/"), touches(end), year(end + 1) != nil, touches(end + 1) { end += 2 }
    return (end, "\(week)")
  }

  /// "Monday", "Montag", "Mon.", "Mon", "Fri,", "Mo.", "Freitagnachmittag"; not "sun" or "sat" as words,
  /// not "c'mon", not "Fr. Lorenz".
  func weekday(at index: Int) -> (end: Int, value: String)? {
    let sense = sense(index)
    guard sense.weekday >= 0 else { return nil }
    let name = RecogniserVocabulary.weekdayNames[Int(sense.weekday)]
    guard sense.isAbbreviation else { return (index + 1, name) }
    if isApostrophe(index - 1) && touches(index) { return nil }
    let dotted = isSymbol(index + 1, ".") && touches(index + 1)
    let comma = isSymbol(index + 1, ",") && touches(index + 1)
    let capitalised = pieces[index].isCapitalised
    switch language {
    case .de:
      guard dotted && capitalised else { return nil }
      // "Fr. Lorenz", "So. Dann …": a capitalised word after the dot that is no time word.
      if isWord(index + 2) && pieces[index + 2].isCapitalised && !self.sense(index + 2).isTimeWord { return nil }
      return (index + 2, name)
    case .en:
      if sense.isAlsoAWord && !capitalised { return nil }
      if dotted { return (index + 2, name) }
      if comma || number(index + 1) != nil { return (index + 1, name) }
      return capitalised && !sense.isAlsoAWord ? (index + 1, name) : nil
    }
  }

  // MARK: Durations

  /// One end of a count: a number as typed, or a text ("2", "few", "0.5").
  enum CountText {
    case number(TypedNumber)
    case text(StaticString)
  }

  /// A count, written out only once a duration is found: "24", "3-5", "couple".
  struct Count {
    var lower: CountText
    var upper: CountText? = nil
  }

  func text(_ count: CountText) -> String {
    switch count {
    // Numbers reach a count only with at most 30 digits, which `decimal` always reads.
    case .number(let typed): decimal(typed) ?? ""
    case .text(let text): text.description
    }
  }

  func text(_ count: Count) -> String {
    guard let upper = count.upper else { return text(count.lower) }
    return text(count.lower) + "-" + text(upper)
  }

  /// A count before a unit: digits ("24", "1,5"), a range ("3–5", "3 to 5", "zwei bis drei"), or
  /// number words ("two", "a couple of", "a few", "ein paar", "half an", "eine halbe").
  func quantity(at index: Int) -> (end: Int, value: Count, isTentative: Bool, isSingleNumber: Bool)? {
    if let typed = number(index) {
      guard typed.integerDigits <= 4, typed.digits <= 30 else { return nil }
      if let (end, upper) = rangeEnd(after: index + 1) { return (end, Count(lower: .number(typed), upper: upper), false, false) }
      return (index + 1, Count(lower: .number(typed)), false, true)
    }
    let first = word(index)
    if first.isEmpty || !isFree(index) { return nil }
    switch sense(index).startsPhrase ? (first, word(index + 1), word(index + 2)) : (FoldedWord(), FoldedWord(), FoldedWord()) {
    case ("a", "couple", "of"): return (index + 3, Count(lower: .text("couple")), false, false)
    case ("couple", "of", _): return (index + 2, Count(lower: .text("couple")), false, false)
    case ("a", "few", _): return (index + 2, Count(lower: .text("few")), false, false)
    case ("ein", "paar", _): return (index + 2, Count(lower: .text("few")), false, false)
    case ("half", "an", _), ("half", "a", _): return (index + 2, Count(lower: .text("0.5")), false, false)
    case ("eine", "halbe", _), ("einer", "halben", _), ("einen", "halben", _), ("einem", "halben", _):
      return (index + 2, Count(lower: .text("0.5")), false, false)
    default: break
    }
    let sense = sense(index)
    guard let count = sense.count else { return nil }
    if let (end, upper) = rangeEnd(after: index + 1) { return (end, Count(lower: .text(count), upper: upper), false, false) }
    return (index + 1, Count(lower: .text(count)), sense.isArticleCount, false)
  }

  /// The upper end of a range after its lower end: "–5", "to 5", "bis fünf", "or 4".
  func rangeEnd(after index: Int) -> (end: Int, value: CountText)? {
    guard isDash(index) || self.sense(index).isRangeWord else { return nil }
    if let typed = number(index + 1), typed.integerDigits <= 4, typed.digits <= 30 {
      return (index + 2, .number(typed))
    }
    let sense = self.sense(index + 1)
    if let count = sense.count, !sense.isArticleCount { return (index + 2, .text(count)) }
    return nil
  }

  /// The unit adjective at `index` ("30-tägig", "zweiwöchige"), if the piece is a word.
  func unitAdjective(_ index: Int) -> (prefix: Range<Int>, unit: TimeUnit)? {
    guard isWord(index) else { return nil }
    return RecogniserVocabulary.unitAdjective(folded, pieces[index].folded)
  }

  /// Whether the word at `index` ends in `suffix` (ASCII), compared by characters as `String` does.
  func wordHasSuffix(_ index: Int, _ suffix: StaticString) -> Bool {
    guard isWord(index) else { return false }
    let range = pieces[index].folded
    let length = suffix.utf8CodeUnitCount
    guard range.count >= length else { return false }
    for offset in 0..<length where folded[range.upperBound - length + offset] != suffix.utf8Start[offset] { return false }
    // A character before the suffix that is not ASCII might join its first letter (rare): ask `String`.
    if range.count > length && folded[range.upperBound - length - 1] >= 0x80 {
      return String(decoding: folded[range], as: UTF8.self).hasSuffix(suffix.description)
    }
    return true
  }

  /// "24 hours", "3–5 business days", "zwei Werktage", "24h", "48-hour", "30-day", "30-tägige", "zweiwöchig".
  func duration(at index: Int) -> (end: Int, value: String, isTentative: Bool)? {
    // zweiwöchig, dreitägige
    if isFree(index), let (prefix, unit) = unitAdjective(index), !prefix.isEmpty,
      let count = vocabulary.sense(of: FoldedWord(folded, prefix)).count
    {
      return (index + 1, "\(count) \(unit.name)", false)
    }
    guard let (afterQuantity, count, isTentative, isSingleNumber) = quantity(at: index) else { return nil }
    var next = afterQuantity
    // 48-hour, 30-day, 24-Stunden, 30-tägig
    if isSingleNumber && isDash(next) && touches(next) && touches(next + 1) && isWord(next + 1) { next += 1 }
    if isSingleNumber && touches(next), let (prefix, unit) = unitAdjective(next), prefix.isEmpty {
      return (next + 1, "\(text(count)) \(unit.name)", false)
    }
    var isBusiness = false
    var qualifiers = 0
    while qualifiers < 2, let qualifier = sense(next).durationQualifier {
      if qualifier == .business { isBusiness = true }
      next += 1
      qualifiers += 1
    }
    let unitSense = sense(next)
    guard var unit = unitSense.unit else { return nil }
    // "h" alone is an hour only right after a number ("24h", "24 h"), not after words.
    if word(next) == "h" && !isSingleNumber && !(next == afterQuantity && pieces[index].shape == .number) { return nil }
    if isBusiness && unit == .day { unit = .businessDay }
    var end = next + 1
    if unitSense.isAbbreviation && isSymbol(end, ".") && touches(end) { end += 1 }
    return (end, "\(text(count)) \(unit.name)", isTentative)
  }

  mutating func findDurations() {
    var index = 0
    for start in starts where Int(start) >= index {
      let start = Int(start)
      if pieces[start].shape != .symbol, isFree(start), let found = duration(at: start) {
        record(.duration, start, found.end, found.value, isTentative: found.isTentative)
        index = found.end
      }
    }
  }

  func durationAtom(at index: Int) -> (atom: RecognisedAtom, index: Int)? {
    guard index >= 0 && index < count, durationAtoms[index] >= 0 else { return nil }
    return (atoms[Int(durationAtoms[index])], Int(durationAtoms[index]))
  }

  // MARK: Time frames

  /// A point in time a time frame can name, or nil: where it ends, its value, and whether a part of
  /// the day may follow it ("Monday morning", "morgen früh").
  func point(at index: Int, afterRelation: Bool, allowsDayPart: Bool) -> (end: Int, value: String, takesDayPart: Bool)? {
    guard index >= 0 && index < count else { return nil }
    if let atom = pointAtom(at: index) {
      let value = atom.kind == .calendarWeek ? "week \(atom.value)" : atom.value
      return (atom.end, value, atom.kind == .weekday)
    }
    let sense = sense(index)
    let first = word(index)
    if allowsDayPart {
      if let part = sense.dayPart { return (index + 1, part.description, false) }
      let partIndex = first == "am" ? index + 1 : first == "in" && word(index + 1) == "the" ? index + 2 : -1
      if partIndex > index, let part = self.sense(partIndex).dayPart { return (partIndex + 1, part.description, false) }
    }
    if sense.isImmediate { return (index + 1, "immediately", false) }
    if sense.startsPhrase && (first == "right" || first == "straight") && word(index + 1) == "away" {
      return (index + 2, "immediately", false)
    }
    if let day = sense.relativeDay {
      // "Guten Morgen", "am Morgen", "jeden Morgen": the morning, not tomorrow.
      if sense.relativeDayNeedsNoArticle && (self.sense(index - 1).isArticleOrGreeting) { return nil }
      return (index + 1, day.description, true)
    }
    switch sense.startsPhrase ? (first, word(index + 1), word(index + 2), word(index + 3))
      : (FoldedWord(), FoldedWord(), FoldedWord(), FoldedWord())
    {
    case ("the", "day", "after", "tomorrow"): return (index + 4, "day after tomorrow", true)
    case ("later", _, _, _):
      // Only "later today", "later this week": one level deep, whatever follows.
      guard self.sense(index + 1).relativeDay != nil || self.sense(index + 1).modifier != nil,
        let next = point(at: index + 1, afterRelation: false, allowsDayPart: false)
      else { return nil }
      return (next.end, "later " + next.value, false)
    case ("im", "laufe", "des", _), ("im", "laufe", "der", _), ("over", "the", "course", "of"), ("in", "the", "course", "of"),
      ("during", "the", "course", "of"):
      var next = index + 3
      if first != "im" { next = index + 4 }
      if word(next) == "the" || word(next) == "this" { next += 1 }
      if self.sense(next).isDayAdjective { next += 1 }  // heutigen, morgigen, nächsten
      let spanned = self.sense(next)
      let spannedName = spanned.period?.description ?? spanned.unit?.name ?? spanned.dayPart?.description
        ?? spanned.relativeDay?.description
      if let spannedName { return (next + 1, "during the " + spannedName, false) }
      return nil
    default:
      break
    }
    if let modifier = sense.modifier {
      if let atom = pointAtom(at: index + 1), atom.kind == .weekday || atom.kind == .calendarWeek {
        return (atom.end, "\(modifier) " + (atom.kind == .calendarWeek ? "week \(atom.value)" : atom.value), atom.kind == .weekday)
      }
      if let period = self.sense(index + 1).period { return (index + 2, "\(modifier) \(period)", false) }
      if RecogniserVocabulary.same(modifier, "this"), let part = self.sense(index + 1).dayPart {
        return (index + 2, "this \(part)", false)
      }
      return nil
    }
    // end of next week, the end of the month, Ende der Woche, Mitte nächster Woche, early next week, Ende März
    var edgeIndex = index
    if first == "the" { edgeIndex += 1 }
    if let edge = self.sense(edgeIndex).edge {
      var next = edgeIndex + 1
      if word(next) == "of" { next += 1 }
      var modifier = "this"
      if let named = self.sense(next).modifier {
        modifier = named.description
        next += 1
      } else if self.sense(next).isArticle {
        next += 1
      }
      if let period = self.sense(next).period, !RecogniserVocabulary.same(period, "weekend") {
        return (next + 1, "\(edge) of \(modifier) \(period)", false)
      }
      if modifier == "this", let (month, end) = month(next) {
        return (end, "\(edge) of " + RecogniserVocabulary.monthNames[month - 1], false)
      }
      return nil
    }
    // Monatsende; the weekend / das Wochenende after a relation ("by the weekend", "am Wochenende")
    if afterRelation {
      if let named = sense.namedPeriodPoint { return (index + 1, named.description, false) }
      var periodIndex = index
      if self.sense(index).isArticle { periodIndex += 1 }
      if RecogniserVocabulary.same(self.sense(periodIndex).period, "weekend") { return (periodIndex + 1, "weekend", false) }
    }
    return nil
  }

  /// A run of points joined by commas, "at", "um", "before", "bis", dashes or nothing:
  /// "Freitag KW 26, 10:00", "tomorrow before noon", "Monday morning at 10".
  func pointChain(at index: Int, afterRelation: Bool) -> (end: Int, value: String)? {
    guard let first = point(at: index, afterRelation: afterRelation, allowsDayPart: false) else { return nil }
    var values = [first.value]
    let end = continuation(from: first.end, takesDayPart: first.takesDayPart, values: &values)
    return (end, values.joined(separator: " "))
  }

  /// Where a chain of points that ends at `start` really ends, with the values of the points added.
  func continuation(from start: Int, takesDayPart startTakesDayPart: Bool, values: inout [String]) -> Int {
    var end = start
    var takesDayPart = startTakesDayPart
    while end < count {
      var next = end
      var joiners = 0
      var joinerValue = ""
      while joiners < 2 && (isSymbol(next, ",") || isDash(next) || sense(next).isJoiner) {
        if let relation = sense(next).relation, relation.utf8CodeUnitCount > 0 { joinerValue = relation.description }
        next += 1
        joiners += 1
      }
      // "tomorrow in the morning" and "Montag am Nachmittag" are parts of the day, tried at the joiner.
      if takesDayPart, let part = point(at: end, afterRelation: false, allowsDayPart: true) {
        values.append(part.value)
        end = part.end
        takesDayPart = false
        continue
      }
      guard let found = point(at: next, afterRelation: joiners > 0, allowsDayPart: false) else { break }
      values.append(joinerValue.isEmpty ? found.value : "\(joinerValue) \(found.value)")
      end = found.end
      takesDayPart = found.takesDayPart
    }
    // "at the latest", "spätestens", "latest"
    if word(end) == "at" && word(end + 1) == "the" && word(end + 2) == "latest" {
      end += 3
    } else if word(end) == "spaetestens" || (word(end) == "latest" && language == .en) {
      end += 1
    }
    return end
  }

  /// Whether the words before `index`, back to the start of the clause, put it in the past:
  /// "was delivered on 26 Feb", "wurde am Montag verschickt".
  func isInPastClause(_ index: Int) -> Bool {
    var back = index - 1
    var steps = 0
    while back >= 0 && steps < 8 {
      let piece = pieces[back]
      if piece.shape == .symbol {
        switch piece.symbol {
        case ".", ",", ";", ":", "!", "?", "\n": return false
        default: break
        }
      }
      let sense = sense(back)
      if sense.isClauseBreak { return false }
      if sense.isPastAuxiliary { return true }
      back -= 1
      steps += 1
    }
    return false
  }

  /// Past expressions, skipped whole so that no time frame starts inside them: "14 days ago",
  /// "vor zwei Tagen", "last Monday at 10", "letzte Woche", "yesterday afternoon", "seit Freitag".
  func pastExpressionEnd(at index: Int) -> Int? {
    if let (atom, _) = durationAtom(at: index), word(atom.end) == "ago" { return atom.end + 1 }
    let sense = sense(index)
    if sense.isBeforeNow, let (atom, _) = durationAtom(at: index + 1) { return atom.end }
    if sense.isPastDay {
      var ignored: [String] = []
      return continuation(from: index + 1, takesDayPart: true, values: &ignored)
    }
    guard sense.isPastMarker else { return nil }
    if self.sense(index + 1).period != nil { return index + 2 }
    if let (atom, _) = durationAtom(at: index + 1) { return atom.end }
    if let chain = pointChain(at: index + 1, afterRelation: true) { return chain.end }
    return nil
  }

  /// A time frame starting at `index`: relation words ("within", "by", "bis spätestens", "am") and a
  /// duration ("within 24 hours"), a bare unit after "next" ("in den nächsten Tagen"), or a chain of
  /// points ("by tomorrow lunchtime", "Freitag KW 26, 10:00"). Points need no relation.
  func timeFrame(at index: Int) -> (end: Int, value: String, duration: Int?)? {
    guard let frame = timeFrameIgnoringTense(at: index), !isInPastClause(index) else { return nil }
    return frame
  }

  func timeFrameIgnoringTense(at index: Int) -> (end: Int, value: String, duration: Int?)? {
    // "book you in for March 27": "in" before another relation is a particle; the frame starts after it.
    if sense(index).introducesDuration && sense(index + 1).relation != nil { return nil }
    // "3 days from now"
    if let (atom, atomIndex) = durationAtom(at: index), word(atom.end) == "from", word(atom.end + 1) == "now" {
      return (atom.end + 2, atom.value + " from now", atomIndex)
    }
    var next = index
    var relations: [String] = []
    var introducesDuration = false
    while relations.count < 4 {
      if sense(next).startsPhrase && (word(next) == "no" || word(next) == "not") && word(next + 1) == "later"
        && word(next + 2) == "than"
      {
        relations.append("by")
        next += 3
        continue
      }
      let sense = sense(next)
      guard let relation = sense.relation?.description else { break }
      if sense.introducesDuration { introducesDuration = true }
      if !relation.isEmpty && !relations.contains(relation) { relations.append(relation) }
      if relation.isEmpty { relations.append("") }
      next += 1
    }
    func described(_ value: String) -> String {
      let lead = relations.filter { !$0.isEmpty }.joined(separator: " ")
      return lead.isEmpty ? value : "\(lead) \(value)"
    }
    if introducesDuration {
      var afterFillers = next
      var sawNext = false
      var sawArticle = false
      var fillers = 0
      while fillers < 4 {
        let filler = sense(afterFillers)
        if filler.isNextFiller {
          sawNext = true
        } else if filler.isArticle {
          sawArticle = true
        } else if !filler.isDurationFiller {
          break
        }
        afterFillers += 1
        if isSymbol(afterFillers, ".") && touches(afterFillers) && filler.isAbbreviation { afterFillers += 1 }  // ca.
        fillers += 1
      }
      if let (atom, atomIndex) = durationAtom(at: afterFillers), word(atom.end) != "ago" {
        var end = atom.end
        if word(end) == "from" && word(end + 1) == "now" {
          end += 2
        } else if isApostrophe(end) && word(end + 1) == "time" {
          end += 2
        }
        return (end, described((sawNext ? "next " : "") + atom.value), atomIndex)
      }
      if sawNext || sawArticle, let unit = sense(afterFillers).unit {
        return (afterFillers + 1, described((sawNext ? "next " : "") + unit.name), nil)
      }
    }
    // "on the 27th of March", "by the weekend"
    guard let chain = pointChain(at: next, afterRelation: !relations.isEmpty)
      ?? (relations.isEmpty || word(next) != "the" ? nil : pointChain(at: next + 1, afterRelation: true))
    else { return nil }
    if chain.value == "immediately" { return (chain.end, chain.value, nil) }
    return (chain.end, described(chain.value), nil)
  }

  mutating func findTimeFrames() {
    var index = 0
    for start in starts where Int(start) >= index {
      let start = Int(start)
      // Past expressions and time frames start at an entity found before, at a word the vocabulary
      // knows (even one inside an e-mail address: "the" in "x@y.the end of next week") or at "the",
      // which starts "the end of …" in German replies too.
      if pointAtoms[start] < 0 && durationAtoms[start] < 0 && !pieces[start].sense.isKnown
        && pieces[start].word != "the"
      {
        continue
      }
      if let end = pastExpressionEnd(at: start), end > start {
        index = end
      } else if let frame = timeFrame(at: start), frame.end > start {
        record(.timeFrame, start, frame.end, frame.value)
        if let duration = frame.duration { atoms[duration].isUsed = true }
        index = frame.end
      }
    }
  }

  // MARK: Phone numbers and identifiers

  /// Claims the numbers of phone numbers so that they are not identifiers: "+49 30 1234567",
  /// "030 1234567", "(030) 1234567", "Tel. 1234567".
  mutating func claimPhoneNumbers() {
    var index = 0
    while index < count {
      var start = -1
      if isSymbol(index, "+"), number(index + 1) != nil {
        start = index + 1
      } else if let typed = number(index), typed.first == UInt8(ascii: "0"), (2...5).contains(typed.length),
        typed.small(maximumDigits: 5) != nil
      {
        var next = index + 1
        if isSymbol(next, ")") || isSymbol(next, "/") || isDash(next) { next += 1 }
        if let following = number(next), following.length >= 3 { start = index }
      } else if sense(index).isPhoneLabel {
        var next = index + 1
        while next < count && next <= index + 3 && (isSymbol(next, ".") || isSymbol(next, ":") || word(next) == "number" || word(next) == "nr") {
          next += 1
        }
        if number(next) != nil { start = next }
      }
      guard start >= 0 else {
        index += 1
        continue
      }
      var end = start
      while end < count {
        if number(end) != nil {
          pieces[end].isClaimed = true
          end += 1
        } else if (isSymbol(end, "/") || isDash(end) || isSymbol(end, "(") || isSymbol(end, ")")) && number(end + 1) != nil {
          end += 1
        } else {
          break
        }
      }
      index = max(end, index + 1)
    }
  }

  static let excludedIdentifierPrefixes: [StaticString] = [
    "kw", "cw", "wk", "eur", "usd", "gbp", "chf", "id", "nr", "no", "pin", "tan", "am", "pm", "uhr", "mio", "mrd",
  ]

  /// Whether the word at `index` is one that starts no identifier ("KW 26", "EUR 17").
  func isExcludedIdentifierPrefix(_ index: Int) -> Bool {
    let word = word(index)
    return word.count <= 3 && Self.excludedIdentifierPrefixes.contains { word == $0 }
  }

  /// Adjacent words and numbers joined by "-", "_", "/" or nothing, from `index`: where the run ends,
  /// how many digits and words it has, and whether it starts with a word.
  func identifierRun(from index: Int) -> (end: Int, digits: Int, words: Int, hyphensOnly: Bool, plain: Bool) {
    var end = index
    var digits = 0
    var words = 0
    var hyphensOnly = true
    var plain = true
    while end < count && isFree(end) && pieces[end].shape != .symbol {
      if pieces[end].shape == .number {
        digits += pieces[end].number.digits
        if !pieces[end].number.isPlain { plain = false }
      } else {
        words += 1
      }
      end += 1
      if end < count && touches(end) && isFree(end) && pieces[end].shape != .symbol { continue }
      if end + 1 < count && touches(end) && touches(end + 1) && isFree(end + 1) && pieces[end + 1].shape != .symbol
        && (isSymbol(end, "-") || isSymbol(end, "_") || isSymbol(end, "/"))
      {
        if !isSymbol(end, "-") { hyphensOnly = false }
        end += 1
        continue
      }
      break
    }
    return (end, digits, words, hyphensOnly, plain)
  }

  /// Whether a label comes shortly before the number: "order 4471", "Bestellnummer: 4471",
  /// "Ihre Sendungsnummer ist 00340434161234567890", "Nr. 4471".
  func isLabelledNumber(_ index: Int) -> Bool {
    var back = index - 1
    while back >= 0 && back >= index - 3 {
      if sense(back).isIdentifierLabel || wordHasSuffix(back, "nummer") { return true }
      let isGlue = isSymbol(back, ".") || isSymbol(back, ":") || isSymbol(back, "#") || sense(back).isLabelGlue
      if !isGlue { return false }
      back -= 1
    }
    return false
  }

  /// "INV-88412", "RT-2403-88231", "#4471", "TCK 55213", "100-4471-2290", "5520918", "order 4471".
  mutating func findIdentifiers() {
    var index = 0
    while index < count {
      guard isFree(index) else {
        index += 1
        continue
      }
      var found: (first: Int, end: Int)? = nil
      var skipTo = index + 1
      if isSymbol(index, "#"), isFree(index + 1), touches(index + 1), pieces[index + 1].shape != .symbol {
        let run = identifierRun(from: index + 1)
        if run.digits >= 3 { found = (index, run.end) }
        skipTo = run.end
      } else if pieces[index].shape != .symbol {
        let run = identifierRun(from: index)
        skipTo = max(run.end, index + 1)
        let startsWithWord = pieces[index].shape == .word
        let length = pieces[run.end - 1].end - pieces[index].start
        let letters = pieces[index].word.count
        if run.end == index + 1 && startsWithWord && pieces[index].isUpperCase && (2...5).contains(letters)
          && !isExcludedIdentifierPrefix(index), let typed = number(index + 1), !touches(index + 1),
          typed.length >= 4, typed.isPlainDigits(maximumDigits: 30), year(index + 1) == nil,
          identifierRun(from: index + 1).end == index + 2
        {
          // TCK 55213: a short upper-case label and a number of four or more digits.
          found = (index, index + 2)
          skipTo = index + 2
        } else if length > 40 || (run.digits == 0 && run.end > index + 1) {
          // Not an identifier: too long, or words only.
        } else if run.end - index > 1 {
          if startsWithWord {
            if run.digits >= 3 && !isExcludedIdentifierPrefix(index) { found = (index, run.end) }
          } else if run.words == 0 {
            let startsLikePhone = pieces[index].number.first == UInt8(ascii: "0")
            if run.hyphensOnly && run.plain && run.digits >= 6 && !startsLikePhone { found = (index, run.end) }
          } else if run.digits >= 5 {
            found = (index, run.end)
          }
        } else if let typed = number(index), typed.isPlainDigits(maximumDigits: 30) {
          let digits = typed.length
          let labelled = isLabelledNumber(index)
          // A German five-digit number before a capitalised word is a postcode: "10115 Berlin".
          let postcode = language == .de && digits == 5 && isWord(index + 1) && pieces[index + 1].isCapitalised
            && self.sense(index + 1).isUnknown
          // A long number starting with 0 is a phone number: "01701234567".
          let phoneLike = typed.first == UInt8(ascii: "0") && digits >= 9
          if (digits >= 5 && !postcode && !phoneLike) || (labelled && digits >= 3) { found = (index, index + 1) }
        }
      }
      if let (first, end) = found {
        record(.identifier, first, end, surface(first, end).uppercased())
      }
      index = skipTo
    }
  }
}
