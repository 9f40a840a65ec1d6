// The words the recognisers know, per language: what each folded word can mean.

/// A unit of time a duration counts.
enum TimeUnit: Sendable {
  case minute, hour, day, businessDay, week, month, year

  /// The singular English name used in values: "3-5 business day".
  var name: String {
    switch self {
    case .minute: "minute"
    case .hour: "hour"
    case .day: "day"
    case .businessDay: "business day"
    case .week: "week"
    case .month: "month"
    case .year: "year"
    }
  }
}

/// A word between a count and its unit: "business" days, "weitere" Tage.
enum DurationQualifier: Sendable {
  case business, plain
}

/// What one folded word can mean to the recognisers; most words mean nothing (`WordSense()`).
///
/// Kept small and free of references — yes/no facts are bits of one word, texts are codes into
/// `SenseText.all` — so that each piece of a reply carries its own copy and looking a sense up,
/// dozens of times per word, copies 24 bytes and counts no references.
struct WordSense: Sendable {
  /// The yes/no facts, one bit each.
  enum Fact: Int {
    case known, abbreviation, alsoAWord, needsCapital, articleCount, multiplierTouches, percent, clockNeedsLead,
      notClockLead, greeting, introducesDuration, joiner, relativeDayNeedsNoArticle, articleOrGreeting, article,
      dayAdjective, immediate, ordinalSuffix, weekLabel, rangeWord, nextFiller, durationFiller, clauseBreak,
      pastAuxiliary, pastDay, pastMarker, beforeNow, phoneLabel, identifierLabel, startsPhrase, labelGlue,
      clockRangeWord
  }

  /// The texts a sense can carry, by field.
  enum Field: Int {
    case count, currency, clockWord, relation, relativeDay, period, dayPart, modifier, edge, namedPeriodPoint
  }

  private var facts: UInt64 = 0
  /// 0 (Monday) … 6 (Sunday), or -1.
  var weekday: Int8 = -1
  /// 1 … 12, or 0.
  var month: Int8 = 0
  /// A power of ten: thousand 3, million 6, billion 9.
  var multiplier: Int8 = 0
  var unit: TimeUnit? = nil
  var durationQualifier: DurationQualifier? = nil
  /// Per `Field`, the code of its text in `SenseText.all`, or 0 for none.
  private var texts: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0)

  @inline(__always)
  subscript(fact: Fact) -> Bool {
    get { facts & (1 << UInt64(fact.rawValue)) != 0 }
    set {
      if newValue { facts |= 1 << UInt64(fact.rawValue) } else { facts &= ~(1 << UInt64(fact.rawValue)) }
    }
  }

  @inline(__always)
  private func code(_ field: Field) -> UInt8 {
    switch field {
    case .count: texts.0
    case .currency: texts.1
    case .clockWord: texts.2
    case .relation: texts.3
    case .relativeDay: texts.4
    case .period: texts.5
    case .dayPart: texts.6
    case .modifier: texts.7
    case .edge: texts.8
    case .namedPeriodPoint: texts.9
    }
  }

  @inline(__always)
  subscript(field: Field) -> StaticString? {
    get {
      let code = code(field)
      return code == 0 ? nil : SenseText.all[Int(code)]
    }
    set {
      let code = SenseText.code(of: newValue)
      switch field {
      case .count: texts.0 = code
      case .currency: texts.1 = code
      case .clockWord: texts.2 = code
      case .relation: texts.3 = code
      case .relativeDay: texts.4 = code
      case .period: texts.5 = code
      case .dayPart: texts.6 = code
      case .modifier: texts.7 = code
      case .edge: texts.8 = code
      case .namedPeriodPoint: texts.9 = code
      }
    }
  }

  /// Whether the field has a text, without looking the text up.
  @inline(__always)
  func has(_ field: Field) -> Bool { code(field) != 0 }

  var isKnown: Bool { get { self[.known] } set { self[.known] = newValue } }
  /// An abbreviation that may end in a dot that belongs to it: "Mo.", "Feb.", "Std.", "Mio.".
  var isAbbreviation: Bool { get { self[.abbreviation] } set { self[.abbreviation] = newValue } }
  /// "sat", "sun", "wed": weekdays only when capitalised and followed by "." or ",".
  var isAlsoAWord: Bool { get { self[.alsoAWord] } set { self[.alsoAWord] = newValue } }
  /// "May", "March": months only when capitalised.
  var needsCapital: Bool { get { self[.needsCapital] } set { self[.needsCapital] = newValue } }
  /// Number words: "2", "few", "couple".
  var count: StaticString? { get { self[.count] } set { self[.count] = newValue } }
  /// "a", "an": a count only inside a time frame ("within a day").
  var isArticleCount: Bool { get { self[.articleCount] } set { self[.articleCount] = newValue } }
  var currency: StaticString? { get { self[.currency] } set { self[.currency] = newValue } }
  /// "M", "k": multipliers only right after the number ("1.1M", "5k").
  var multiplierTouches: Bool { get { self[.multiplierTouches] } set { self[.multiplierTouches] = newValue } }
  var isPercent: Bool { get { self[.percent] } set { self[.percent] = newValue } }
  var clockWord: StaticString? { get { self[.clockWord] } set { self[.clockWord] = newValue } }
  /// "Feierabend", "lunch": times only after "bis", "vor", "by", "before".
  var clockNeedsLead: Bool { get { self[.clockNeedsLead] } set { self[.clockNeedsLead] = newValue } }
  /// "for", "für": a relation that does not make "lunch" a time ("for lunch").
  var isNotClockLead: Bool { get { self[.notClockLead] } set { self[.notClockLead] = newValue } }
  /// "Guten", "schönen": the greeting before "Mittag" or "Morgen".
  var isGreeting: Bool { get { self[.greeting] } set { self[.greeting] = newValue } }
  /// The words that relate a time frame to its point or duration, normalised: "by", "within", "on".
  var relation: StaticString? { get { self[.relation] } set { self[.relation] = newValue } }
  /// "within", "in", "innerhalb", "binnen": a duration may follow.
  var introducesDuration: Bool { get { self[.introducesDuration] } set { self[.introducesDuration] = newValue } }
  /// Words that join two points of one time frame: "at", "um", "before", "bis", "oder", "den".
  var isJoiner: Bool { get { self[.joiner] } set { self[.joiner] = newValue } }
  var relativeDay: StaticString? { get { self[.relativeDay] } set { self[.relativeDay] = newValue } }
  /// "morgen": tomorrow unless an article or greeting comes first ("Guten Morgen", "am Morgen").
  var relativeDayNeedsNoArticle: Bool {
    get { self[.relativeDayNeedsNoArticle] }
    set { self[.relativeDayNeedsNoArticle] = newValue }
  }
  var isArticleOrGreeting: Bool { get { self[.articleOrGreeting] } set { self[.articleOrGreeting] = newValue } }
  var isArticle: Bool { get { self[.article] } set { self[.article] = newValue } }
  /// "heutigen", "morgigen", "nächsten" in "im Laufe des heutigen Tages".
  var isDayAdjective: Bool { get { self[.dayAdjective] } set { self[.dayAdjective] = newValue } }
  var period: StaticString? { get { self[.period] } set { self[.period] = newValue } }
  var dayPart: StaticString? { get { self[.dayPart] } set { self[.dayPart] = newValue } }
  var modifier: StaticString? { get { self[.modifier] } set { self[.modifier] = newValue } }
  var edge: StaticString? { get { self[.edge] } set { self[.edge] = newValue } }
  /// A period point in one word: "Monatsende" → "end of this month".
  var namedPeriodPoint: StaticString? { get { self[.namedPeriodPoint] } set { self[.namedPeriodPoint] = newValue } }
  var isImmediate: Bool { get { self[.immediate] } set { self[.immediate] = newValue } }
  var isOrdinalSuffix: Bool { get { self[.ordinalSuffix] } set { self[.ordinalSuffix] = newValue } }
  var isWeekLabel: Bool { get { self[.weekLabel] } set { self[.weekLabel] = newValue } }
  var isRangeWord: Bool { get { self[.rangeWord] } set { self[.rangeWord] = newValue } }
  var isNextFiller: Bool { get { self[.nextFiller] } set { self[.nextFiller] = newValue } }
  var isDurationFiller: Bool { get { self[.durationFiller] } set { self[.durationFiller] = newValue } }
  var isClauseBreak: Bool { get { self[.clauseBreak] } set { self[.clauseBreak] = newValue } }
  var isPastAuxiliary: Bool { get { self[.pastAuxiliary] } set { self[.pastAuxiliary] = newValue } }
  var isPastDay: Bool { get { self[.pastDay] } set { self[.pastDay] = newValue } }
  var isPastMarker: Bool { get { self[.pastMarker] } set { self[.pastMarker] = newValue } }
  /// "vor": before a duration it means "ago" ("vor zwei Tagen").
  var isBeforeNow: Bool { get { self[.beforeNow] } set { self[.beforeNow] = newValue } }
  var isPhoneLabel: Bool { get { self[.phoneLabel] } set { self[.phoneLabel] = newValue } }
  var isIdentifierLabel: Bool { get { self[.identifierLabel] } set { self[.identifierLabel] = newValue } }
  /// The first word of a phrase a recogniser looks for ("a couple of", "end of day", "im Laufe des").
  var startsPhrase: Bool { get { self[.startsPhrase] } set { self[.startsPhrase] = newValue } }
  /// "is", "ist", "lautet", "number": words between an identifier label and its number.
  var isLabelGlue: Bool { get { self[.labelGlue] } set { self[.labelGlue] = newValue } }
  /// "and", "und", "to", "bis": the words of a clock range ("zwischen 14 und 16 Uhr").
  var isClockRangeWord: Bool { get { self[.clockRangeWord] } set { self[.clockRangeWord] = newValue } }

  var isUnknown: Bool { !isKnown }

  /// A word that can follow "Fr." in a date, so that "Fr." is Friday and not "Frau".
  var isTimeWord: Bool {
    weekday >= 0 || month > 0 || has(.relativeDay) || has(.clockWord) || has(.dayPart) || has(.period)
  }
}

/// Every text a `WordSense` field can carry; a sense stores the place of its text here (0 is none).
enum SenseText {
  static let all: [StaticString] = [
    "", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12", "13", "14", "15", "16", "17", "18", "19", "20",
    "few", "1.5", "EUR", "USD", "GBP", "CHF", "noon", "midday", "lunchtime", "midnight", "end of day", "mittag",
    "mitternacht", "dienstschluss", "geschaeftsschluss", "feierabend", "by", "before", "on", "at", "from", "after",
    "for", "within", "in", "over", "during", "between", "today", "tonight", "tomorrow", "day after tomorrow",
    "morning", "afternoon", "evening", "night", "next", "this", "after next", "week", "month", "weekend", "year",
    "quarter", "day", "end", "start", "middle", "end of this month", "end of this year", "end of this quarter",
    "middle of this week", "start of the month",
    // The empty relation of "zum", "zur", "noch": a text, but an empty one.
    "",
  ]

  /// The code of a text (0 for nil); every text a vocabulary uses must be listed in `all`.
  static func code(of text: StaticString?) -> UInt8 {
    guard let text else { return 0 }
    guard let code = all.indices.dropFirst().first(where: { RecogniserVocabulary.same(all[$0], text) }) else {
      preconditionFailure("\(text) is not listed in SenseText.all")
    }
    return UInt8(code)
  }
}

/// The words of one language and what they mean, looked up once per word of a reply.
struct RecogniserVocabulary: Sendable {
  let senses: [WordSense]
  /// The word of each sense: every word has a sense of its own.
  private let words: [FoldedWord]
  /// Open addressing over the words' hashes: each slot holds the place of a word (and its sense), or
  /// -1 when empty. Looking a word up hashes three machine words instead of a `String`; the slots
  /// are two bytes each, so that the table stays in the processor's nearest cache.
  private let slots: [Int16]
  private let mask: Int

  static let weekdayNames = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
  static let monthNames = [
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november",
    "december",
  ]

  /// Builds a vocabulary from words and what each means; a word listed twice means both.
  init(_ build: (inout Builder) -> Void) {
    var builder = Builder()
    build(&builder)
    senses = builder.senses
    var size = 16
    while size < builder.index.count * 3 { size *= 2 }
    precondition(builder.senses.count < Int(Int16.max), "too many words for two-byte slots")
    var words = Array(repeating: FoldedWord(), count: builder.senses.count)
    var slots = Array(repeating: Int16(-1), count: size)
    for (word, sense) in builder.index {
      let key = FoldedWord(word)
      precondition(key.isComplete, "\(word) is longer than a FoldedWord holds")
      words[Int(sense)] = key
      var slot = key.hashValue24 & (size - 1)
      while slots[slot] >= 0 { slot = (slot + 1) & (size - 1) }
      slots[slot] = Int16(sense)
    }
    self.words = words
    self.slots = slots
    mask = size - 1
  }

  /// The place in `senses` of the word's sense, or -1.
  @inline(__always)
  func senseIndex(of word: FoldedWord) -> Int32 {
    guard word.isComplete, word.count > 0 else { return -1 }
    var slot = word.hashValue24 & mask
    while true {
      let entry = Int(slots[slot])
      if entry < 0 { return -1 }
      if words[entry] == word { return Int32(entry) }
      slot = (slot + 1) & mask
    }
  }

  /// The sense of a word; nothing known (`WordSense()`) for a word not in the vocabulary.
  @inline(__always)
  func sense(of word: FoldedWord) -> WordSense {
    let index = senseIndex(of: word)
    return index < 0 ? WordSense() : senses[Int(index)]
  }

  struct Builder {
    var senses: [WordSense] = []
    var index: [String: Int32] = [:]

    mutating func add(_ words: [String], _ change: (inout WordSense) -> Void) {
      for word in words {
        let position: Int
        if let known = index[word] {
          position = Int(known)
        } else {
          position = senses.count
          index[word] = Int32(position)
          var known = WordSense()
          known.isKnown = true
          senses.append(known)
        }
        change(&senses[position])
      }
    }

    mutating func add(_ words: String, _ change: (inout WordSense) -> Void) {
      add(words.split(separator: " ").map(String.init), change)
    }
  }

  /// The counts number words stand for, "1" to "20".
  static let counts: [StaticString] = [
    "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12", "13", "14", "15", "16", "17", "18", "19", "20",
  ]

  /// Whether two static texts are the same.
  static func same(_ left: StaticString?, _ right: StaticString) -> Bool {
    guard let left else { return false }
    return left.utf8CodeUnitCount == right.utf8CodeUnitCount
      && (0..<left.utf8CodeUnitCount).allSatisfy { left.utf8Start[$0] == right.utf8Start[$0] }
  }

  /// The count before and the unit of an adjective like "30-tägig" ("" before), "zweiwöchige" ("zwei"),
  /// read from folded bytes: the range of the count before the unit, and the unit.
  static func unitAdjective(_ folded: [UInt8], _ range: Range<Int>) -> (prefix: Range<Int>, unit: TimeUnit)? {
    guard mayBeUnitAdjective(folded, range) else { return nil }
    // Letters that are not ASCII might join the letters of an ending (rare): compare by characters.
    if folded[range].contains(where: { $0 >= 0x80 }) {
      let text = String(decoding: folded[range], as: UTF8.self)
      guard let (prefix, unit) = unitAdjective(characters: text) else { return nil }
      return (range.lowerBound..<(range.lowerBound + prefix.utf8.count), unit)
    }
    func hasSuffix(_ end: Int, _ suffix: StaticString) -> Bool {
      let length = suffix.utf8CodeUnitCount
      guard end - range.lowerBound >= length else { return false }
      for offset in 0..<length where folded[end - length + offset] != suffix.utf8Start[offset] { return false }
      return true
    }
    var end = range.upperBound
    for (ending, length) in [("igem", 2), ("iges", 2), ("iger", 2), ("igen", 2), ("ige", 1)] as [(StaticString, Int)]
    where hasSuffix(end, ending) {
      end -= length
      break
    }
    guard hasSuffix(end, "ig") else { return nil }
    let stems: [(StaticString, TimeUnit)] = [
      ("taegig", .day), ("woechig", .week), ("monatig", .month), ("stuendig", .hour), ("minuetig", .minute),
      ("jaehrig", .year),
    ]
    for (stem, unit) in stems where hasSuffix(end, stem) {
      return (range.lowerBound..<(end - stem.utf8CodeUnitCount), unit)
    }
    return nil
  }

  /// Only words with "ig" among their last five bytes (-ig, -ige, -igen, …) can be unit adjectives.
  @inline(__always)
  static func mayBeUnitAdjective(_ folded: [UInt8], _ range: Range<Int>) -> Bool {
    var position = max(range.lowerBound, range.upperBound - 5) + 1
    while position < range.upperBound {
      if folded[position - 1] == UInt8(ascii: "i") && folded[position] == UInt8(ascii: "g") { return true }
      position += 1
    }
    return false
  }

  /// `unitAdjective` for a word that is not all ASCII, by characters.
  static func unitAdjective(characters folded: String) -> (prefix: Substring, unit: TimeUnit)? {
    var base = Substring(folded)
    for ending in ["em", "es", "er", "en", "e"] where base.hasSuffix("ig" + ending) {
      base = base.dropLast(ending.count)
      break
    }
    guard base.hasSuffix("ig") else { return nil }
    let stems: [(String, TimeUnit)] = [
      ("taegig", .day), ("woechig", .week), ("monatig", .month), ("stuendig", .hour), ("minuetig", .minute),
      ("jaehrig", .year),
    ]
    for (stem, unit) in stems where base.hasSuffix(stem) { return (base.dropLast(stem.count), unit) }
    return nil
  }

  static let english = RecogniserVocabulary { v in
    for (day, names) in [
      ["monday"], ["tuesday"], ["wednesday"], ["thursday"], ["friday"], ["saturday"], ["sunday"],
    ].enumerated() {
      v.add(names) { $0.weekday = Int8(day) }
    }
    for (day, names) in [["mon"], ["tue", "tues"], ["wed"], ["thu", "thur", "thurs"], ["fri"], ["sat"], ["sun"]].enumerated() {
      v.add(names) {
        $0.weekday = Int8(day)
        $0.isAbbreviation = true
      }
    }
    v.add("wed sat sun") { $0.isAlsoAWord = true }
    for (month, name) in monthNames.enumerated() { v.add([name]) { $0.month = Int8(month + 1) } }
    for (month, names) in [
      ["jan"], ["feb"], ["mar"], ["apr"], [], ["jun"], ["jul"], ["aug"], ["sep", "sept"], ["oct"], ["nov"], ["dec"],
    ].enumerated() {
      v.add(names) {
        $0.month = Int8(month + 1)
        $0.isAbbreviation = true
      }
    }
    v.add("may march mar") { $0.needsCapital = true }
    let numbers = [
      "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "thirteen",
      "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty",
    ]
    for (value, name) in numbers.enumerated() { v.add([name]) { $0.count = counts[value] } }
    v.add("a an") {
      $0.count = "1"
      $0.isArticleCount = true
    }
    v.add("minute minutes") { $0.unit = .minute }
    v.add("min mins") {
      $0.unit = .minute
      $0.isAbbreviation = true
    }
    v.add("hour hours h") { $0.unit = .hour }
    v.add("hr hrs") {
      $0.unit = .hour
      $0.isAbbreviation = true
    }
    v.add("day days") { $0.unit = .day }
    v.add("workday workdays businessday businessdays") { $0.unit = .businessDay }
    v.add("week weeks") { $0.unit = .week }
    v.add("month months") { $0.unit = .month }
    v.add("year years") { $0.unit = .year }
    v.add("business working work") { $0.durationQualifier = .business }
    v.add("calendar full more further additional extra whole") { $0.durationQualifier = .plain }
    v.add("eur euro euros") { $0.currency = "EUR" }
    v.add("usd dollar dollars bucks") { $0.currency = "USD" }
    v.add("gbp pound pounds quid") { $0.currency = "GBP" }
    v.add("chf") { $0.currency = "CHF" }
    v.add("k") {
      $0.multiplier = 3
      $0.multiplierTouches = true
    }
    v.add("thousand") { $0.multiplier = 3 }
    v.add("m") {
      $0.multiplier = 6
      $0.multiplierTouches = true
    }
    v.add("million millions mn") { $0.multiplier = 6 }
    v.add("mio") {
      $0.multiplier = 6
      $0.isAbbreviation = true
    }
    v.add("billion billions bn") { $0.multiplier = 9 }
    v.add("percent pct") { $0.isPercent = true }
    v.add("noon") { $0.clockWord = "noon" }
    v.add("midday") { $0.clockWord = "midday" }
    v.add("lunchtime") { $0.clockWord = "lunchtime" }
    v.add("midnight") { $0.clockWord = "midnight" }
    v.add("eod cob") { $0.clockWord = "end of day" }
    v.add("lunch") {
      $0.clockWord = "lunchtime"
      $0.clockNeedsLead = true
    }
    v.add("by until till til") { $0.relation = "by" }
    v.add("before") { $0.relation = "before" }
    v.add("on") { $0.relation = "on" }
    v.add("at around") { $0.relation = "at" }
    v.add("from starting") { $0.relation = "from" }
    v.add("after") { $0.relation = "after" }
    v.add("for") {
      $0.relation = "for"
      $0.isNotClockLead = true
    }
    v.add("within") {
      $0.relation = "within"
      $0.introducesDuration = true
    }
    v.add("in") {
      $0.relation = "in"
      $0.introducesDuration = true
    }
    v.add("over") {
      $0.relation = "over"
      $0.introducesDuration = true
    }
    v.add("during") {
      $0.relation = "during"
      $0.introducesDuration = true
    }
    v.add("between") { $0.relation = "between" }
    v.add("at around before by until till or on from between") { $0.isJoiner = true }
    v.add("today") { $0.relativeDay = "today" }
    v.add("tonight") { $0.relativeDay = "tonight" }
    v.add("tomorrow") { $0.relativeDay = "tomorrow" }
    v.add("morning") { $0.dayPart = "morning" }
    v.add("afternoon") { $0.dayPart = "afternoon" }
    v.add("evening") { $0.dayPart = "evening" }
    v.add("night") { $0.dayPart = "night" }
    v.add("next coming") { $0.modifier = "next" }
    v.add("this") { $0.modifier = "this" }
    v.add("week") { $0.period = "week" }
    v.add("month") { $0.period = "month" }
    v.add("weekend") { $0.period = "weekend" }
    v.add("year") { $0.period = "year" }
    v.add("quarter") { $0.period = "quarter" }
    v.add("end late") { $0.edge = "end" }
    v.add("start beginning early") { $0.edge = "start" }
    v.add("middle mid") { $0.edge = "middle" }
    v.add("the") { $0.isArticle = true }
    v.add("immediately straightaway") { $0.isImmediate = true }
    v.add("st nd rd th") { $0.isOrdinalSuffix = true }
    v.add("week wk cw") { $0.isWeekLabel = true }
    v.add("to or") { $0.isRangeWord = true }
    v.add("next coming following") { $0.isNextFiller = true }
    v.add("about around approximately roughly only just max maximum another") { $0.isDurationFiller = true }
    v.add("approx ca") {
      $0.isDurationFiller = true
      $0.isAbbreviation = true
    }
    v.add("and but so then because which that while when if") { $0.isClauseBreak = true }
    v.add("was were had did") { $0.isPastAuxiliary = true }
    v.add("yesterday") { $0.isPastDay = true }
    v.add("last previous past since earlier dated") { $0.isPastMarker = true }
    v.add("phone tel telephone fax mobile hotline") { $0.isPhoneLabel = true }
    v.add("order ticket invoice case reference ref customer account number no nr id tracking booking contract") {
      $0.isIdentifierLabel = true
    }
    v.add("is number no nr") { $0.isLabelGlue = true }
    v.add("a couple half end close lunch the later over in during calendar right straight no not") {
      $0.startsPhrase = true
    }
    v.add("and to till until") { $0.isClockRangeWord = true }
  }

  static let german = RecogniserVocabulary { v in
    let weekdays = [
      ["montag"], ["dienstag"], ["mittwoch"], ["donnerstag"], ["freitag"], ["samstag", "sonnabend"], ["sonntag"],
    ]
    let dayParts = ["morgen", "vormittag", "mittag", "nachmittag", "abend", "nacht", "frueh"]
    for (day, names) in weekdays.enumerated() {
      v.add(names) { $0.weekday = Int8(day) }
      // Freitagnachmittag, Montagmorgen
      v.add(names.flatMap { name in dayParts.map { name + $0 } }) { $0.weekday = Int8(day) }
    }
    for (day, name) in ["mo", "di", "mi", "do", "fr", "sa", "so"].enumerated() {
      v.add([name]) {
        $0.weekday = Int8(day)
        $0.isAbbreviation = true
      }
    }
    let months = [
      ["januar", "jaenner"], ["februar", "feber"], ["maerz"], ["april"], ["mai"], ["juni"], ["juli"], ["august"],
      ["september"], ["oktober"], ["november"], ["dezember"],
    ]
    for (month, names) in months.enumerated() { v.add(names) { $0.month = Int8(month + 1) } }
    for (month, names) in [
      ["jan"], ["feb"], ["mrz"], ["apr"], [], ["jun"], ["jul"], ["aug"], ["sep", "sept"], ["okt"], ["nov"], ["dez"],
    ].enumerated() {
      v.add(names) {
        $0.month = Int8(month + 1)
        $0.isAbbreviation = true
      }
    }
    v.add("ein eins eine einen einem einer") { $0.count = "1" }
    let numbers = [
      "zwei", "drei", "vier", "fuenf", "sechs", "sieben", "acht", "neun", "zehn", "elf", "zwoelf", "dreizehn",
      "vierzehn", "fuenfzehn", "sechzehn", "siebzehn", "achtzehn", "neunzehn", "zwanzig",
    ]
    for (value, name) in numbers.enumerated() { v.add([name]) { $0.count = counts[value + 1] } }
    v.add("einige einigen wenige wenigen") { $0.count = "few" }
    v.add("anderthalb eineinhalb") { $0.count = "1.5" }
    v.add("minute minuten") { $0.unit = .minute }
    v.add("min") {
      $0.unit = .minute
      $0.isAbbreviation = true
    }
    v.add("stunde stunden h") { $0.unit = .hour }
    v.add("std") {
      $0.unit = .hour
      $0.isAbbreviation = true
    }
    v.add("tag tage tagen kalendertag kalendertage kalendertagen") { $0.unit = .day }
    v.add(
      """
      werktag werktage werktagen arbeitstag arbeitstage arbeitstagen geschaeftstag geschaeftstage geschaeftstagen \
      bankarbeitstag bankarbeitstage bankarbeitstagen
      """
    ) { $0.unit = .businessDay }
    v.add("woche wochen") { $0.unit = .week }
    v.add("monat monate monaten") { $0.unit = .month }
    v.add("jahr jahre jahren") { $0.unit = .year }
    v.add("weitere weiteren volle vollen zusaetzliche zusaetzlichen ganze ganzen") { $0.durationQualifier = .plain }
    v.add("eur euro euros") { $0.currency = "EUR" }
    v.add("usd dollar") { $0.currency = "USD" }
    v.add("gbp pfund") { $0.currency = "GBP" }
    v.add("chf franken") { $0.currency = "CHF" }
    v.add("k") {
      $0.multiplier = 3
      $0.multiplierTouches = true
    }
    v.add("tausend") { $0.multiplier = 3 }
    v.add("tsd") {
      $0.multiplier = 3
      $0.isAbbreviation = true
    }
    v.add("m") {
      $0.multiplier = 6
      $0.multiplierTouches = true
    }
    v.add("million millionen") { $0.multiplier = 6 }
    v.add("mio") {
      $0.multiplier = 6
      $0.isAbbreviation = true
    }
    v.add("milliarde milliarden") { $0.multiplier = 9 }
    v.add("mrd") {
      $0.multiplier = 9
      $0.isAbbreviation = true
    }
    v.add("prozent") { $0.isPercent = true }
    v.add("mittag mittags mittagszeit") { $0.clockWord = "mittag" }
    v.add("mitternacht") { $0.clockWord = "mitternacht" }
    v.add("dienstschluss") { $0.clockWord = "dienstschluss" }
    v.add("geschaeftsschluss ladenschluss") { $0.clockWord = "geschaeftsschluss" }
    v.add("tagesende") { $0.clockWord = "end of day" }
    v.add("feierabend") {
      $0.clockWord = "feierabend"
      $0.clockNeedsLead = true
    }
    v.add("guten gute schoenen schoenes gesegneten") { $0.isGreeting = true }
    v.add("bis spaetestens") { $0.relation = "by" }
    v.add("vor") {
      $0.relation = "before"
      $0.isBeforeNow = true
    }
    v.add("am") { $0.relation = "on" }
    v.add("um gegen") { $0.relation = "at" }
    v.add("ab") { $0.relation = "from" }
    v.add("nach") { $0.relation = "after" }
    v.add("zum zur noch") { $0.relation = "" }
    v.add("fuer") {
      $0.relation = "for"
      $0.isNotClockLead = true
    }
    v.add("innerhalb binnen") {
      $0.relation = "within"
      $0.introducesDuration = true
    }
    v.add("in") {
      $0.relation = "in"
      $0.introducesDuration = true
    }
    v.add("ueber uebers") { $0.relation = "over" }
    v.add("zwischen") { $0.relation = "between" }
    v.add("um gegen vor bis oder den am ab spaetestens zwischen") { $0.isJoiner = true }
    v.add("heute") { $0.relativeDay = "today" }
    v.add("morgen") {
      $0.relativeDay = "tomorrow"
      $0.relativeDayNeedsNoArticle = true
      $0.dayPart = "morning"
    }
    v.add("uebermorgen") { $0.relativeDay = "day after tomorrow" }
    v.add("frueh vormittag") { $0.dayPart = "morning" }
    v.add("nachmittag") { $0.dayPart = "afternoon" }
    v.add("abend") { $0.dayPart = "evening" }
    v.add("nacht") { $0.dayPart = "night" }
    v.add("guten gute schoenen einen jeden am den dem des diesen diesem gestern vom jedem einem") {
      $0.isArticleOrGreeting = true
    }
    v.add("der des dem den das die") { $0.isArticle = true }
    v.add("heutigen morgigen naechsten kommenden") { $0.isDayAdjective = true }
    v.add("naechste naechsten naechster naechstes kommende kommenden kommender kommendes") { $0.modifier = "next" }
    v.add("diese diesen dieser dieses diesem") { $0.modifier = "this" }
    v.add("uebernaechste uebernaechsten uebernaechster uebernaechstes") { $0.modifier = "after next" }
    v.add("woche") { $0.period = "week" }
    v.add("monat monats") { $0.period = "month" }
    v.add("tages") { $0.period = "day" }
    v.add("wochenende") { $0.period = "weekend" }
    v.add("jahr jahres") { $0.period = "year" }
    v.add("quartal quartals") { $0.period = "quarter" }
    v.add("ende") { $0.edge = "end" }
    v.add("anfang") { $0.edge = "start" }
    v.add("mitte") { $0.edge = "middle" }
    v.add("monatsende") { $0.namedPeriodPoint = "end of this month" }
    v.add("jahresende") { $0.namedPeriodPoint = "end of this year" }
    v.add("quartalsende") { $0.namedPeriodPoint = "end of this quarter" }
    v.add("wochenmitte") { $0.namedPeriodPoint = "middle of this week" }
    v.add("monatsanfang") { $0.namedPeriodPoint = "start of the month" }
    v.add("sofort umgehend unverzueglich") { $0.isImmediate = true }
    v.add("kw kalenderwoche woche") { $0.isWeekLabel = true }
    v.add("bis oder") { $0.isRangeWord = true }
    v.add("naechsten kommenden folgenden") { $0.isNextFiller = true }
    v.add("von circa etwa ungefaehr rund knapp maximal hoechstens nur") { $0.isDurationFiller = true }
    v.add("ca") {
      $0.isDurationFiller = true
      $0.isAbbreviation = true
    }
    v.add("und aber dann weil sobald wenn dass damit sodass") { $0.isClauseBreak = true }
    v.add("war waren wurde wurden hatte hatten") { $0.isPastAuxiliary = true }
    v.add("gestern vorgestern") { $0.isPastDay = true }
    v.add(
      "letzte letzten letzter letztes vergangene vergangenen vergangener vergangenes vorige vorigen voriger voriges seit seitdem vom"
    ) { $0.isPastMarker = true }
    v.add("tel telefon telefonnummer rufnummer mobil handy fax hotline festnetz mobilnummer handynummer") {
      $0.isPhoneLabel = true
    }
    v.add("nr nummer bestellung ticket rechnung vorgang auftrag kunde id referenz az bestellnr kundennr rechnungsnr") {
      $0.isIdentifierLabel = true
    }
    v.add("ist lautet nummer nr") { $0.isLabelGlue = true }
    v.add("ein eine einer einen einem im") { $0.startsPhrase = true }
    v.add("und bis") { $0.isClockRangeWord = true }
  }
}

/// A folded word held in place: up to 24 bytes in three machine words, and its length in bytes. Longer
/// words keep their first 24 bytes and their length, so they equal no shorter text and no vocabulary
/// word (the vocabulary checks that all its words fit).
struct FoldedWord: Equatable, Sendable {
  var a: UInt64 = 0
  var b: UInt64 = 0
  var c: UInt64 = 0
  /// The length of the whole word in bytes.
  var count: Int = 0

  /// No word: what `RecogniserScan.word(_:)` gives for a number, a symbol or a place past the end.
  init() {}

  /// The word of the folded bytes in `range`.
  @inline(__always)
  init(_ bytes: [UInt8], _ range: Range<Int>) {
    count = range.count
    var offset = 0
    for index in range.prefix(24) {
      let byte = UInt64(bytes[index])
      switch offset >> 3 {
      case 0: a |= byte << UInt64((offset & 7) * 8)
      case 1: b |= byte << UInt64((offset & 7) * 8)
      default: c |= byte << UInt64((offset & 7) * 8)
      }
      offset += 1
    }
  }

  init(_ text: String) {
    let bytes = Array(text.utf8)
    self.init(bytes, 0..<bytes.count)
  }

  /// Whether all of the word's bytes are held.
  var isComplete: Bool { count <= 24 }

  var isEmpty: Bool { count == 0 }

  var hashValue24: Int {
    var hash = (a &* 0x9E37_79B9_7F4A_7C15) ^ (b &* 0xC2B2_AE3D_27D4_EB4F) ^ (c &* 0x1656_67B1_9E37_79F9)
    hash ^= UInt64(count) &* 0x27D4_EB2F_1656_67C5
    hash ^= hash >> 29
    return Int(truncatingIfNeeded: hash)
  }

  /// Whether the word is `text` (of at most 24 bytes). Inlined down to comparing the lengths, which
  /// settles most comparisons.
  @inline(__always)
  static func == (word: FoldedWord, text: StaticString) -> Bool {
    word.count == text.utf8CodeUnitCount && word.hasBytes(of: text)
  }

  /// Whether the word's bytes are those of `text`, of the same length.
  @inline(never)
  func hasBytes(of text: StaticString) -> Bool {
    let length = text.utf8CodeUnitCount
    guard length <= 24 else { return false }
    for offset in 0..<length {
      let part = offset < 8 ? a : offset < 16 ? b : c
      if UInt8(truncatingIfNeeded: part >> UInt64((offset & 7) * 8)) != text.utf8Start[offset] { return false }
    }
    return true
  }

  @inline(__always)
  static func != (word: FoldedWord, text: StaticString) -> Bool { !(word == text) }

  @inline(__always)
  static func ~= (text: StaticString, word: FoldedWord) -> Bool { word == text }
}
