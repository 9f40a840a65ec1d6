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

/// What one folded word can mean to the recognisers; most words mean nothing (`.unknown`).
///
/// Every field is a plain value (texts are `StaticString`s), so that looking a sense up — dozens of
/// times per word of a reply — copies bytes and counts no references.
struct WordSense: Sendable {
  var isKnown = false
  /// 0 (Monday) … 6 (Sunday), or -1.
  var weekday: Int8 = -1
  /// 1 … 12, or 0.
  var month: Int8 = 0
  /// An abbreviation that may end in a dot that belongs to it: "Mo.", "Feb.", "Std.", "Mio.".
  var isAbbreviation = false
  /// "sat", "sun", "wed": weekdays only when capitalised and followed by "." or ",".
  var isAlsoAWord = false
  /// "May", "March": months only when capitalised.
  var needsCapital = false
  /// Number words: "2", "few", "couple".
  var count: StaticString? = nil
  /// "a", "an": a count only inside a time frame ("within a day").
  var isArticleCount = false
  var unit: TimeUnit? = nil
  var durationQualifier: DurationQualifier? = nil
  var currency: StaticString? = nil
  /// A power of ten: thousand 3, million 6, billion 9.
  var multiplier: Int8 = 0
  /// "M", "k": multipliers only right after the number ("1.1M", "5k").
  var multiplierTouches = false
  var isPercent = false
  var clockWord: StaticString? = nil
  /// "Feierabend", "lunch": times only after "bis", "vor", "by", "before".
  var clockNeedsLead = false
  /// "for", "für": a relation that does not make "lunch" a time ("for lunch").
  var isNotClockLead = false
  /// "Guten", "schönen": the greeting before "Mittag" or "Morgen".
  var isGreeting = false
  /// The words that relate a time frame to its point or duration, normalised: "by", "within", "on".
  var relation: StaticString? = nil
  /// "within", "in", "innerhalb", "binnen": a duration may follow.
  var introducesDuration = false
  /// Words that join two points of one time frame: "at", "um", "before", "bis", "oder", "den".
  var isJoiner = false
  var relativeDay: StaticString? = nil
  /// "morgen": tomorrow unless an article or greeting comes first ("Guten Morgen", "am Morgen").
  var relativeDayNeedsNoArticle = false
  var isArticleOrGreeting = false
  var isArticle = false
  /// "heutigen", "morgigen", "nächsten" in "im Laufe des heutigen Tages".
  var isDayAdjective = false
  var period: StaticString? = nil
  var dayPart: StaticString? = nil
  var modifier: StaticString? = nil
  var edge: StaticString? = nil
  /// A period point in one word: "Monatsende" → "end of this month".
  var namedPeriodPoint: StaticString? = nil
  var isImmediate = false
  var isOrdinalSuffix = false
  var isWeekLabel = false
  var isRangeWord = false
  var isNextFiller = false
  var isDurationFiller = false
  var isClauseBreak = false
  var isPastAuxiliary = false
  var isPastDay = false
  var isPastMarker = false
  /// "vor": before a duration it means "ago" ("vor zwei Tagen").
  var isBeforeNow = false
  var isPhoneLabel = false
  var isIdentifierLabel = false
  /// The first word of a phrase a recogniser looks for ("a couple of", "end of day", "im Laufe des").
  var startsPhrase = false
  /// "is", "ist", "lautet", "number": words between an identifier label and its number.
  var isLabelGlue = false
  /// "and", "und", "to", "bis": the words of a clock range ("zwischen 14 und 16 Uhr").
  var isClockRangeWord = false

  /// The sense of a word the recognisers do not know.
  static let unknown = WordSense()

  var isUnknown: Bool { !isKnown }

  /// A word that can follow "Fr." in a date, so that "Fr." is Friday and not "Frau".
  var isTimeWord: Bool {
    weekday >= 0 || month > 0 || relativeDay != nil || clockWord != nil || dayPart != nil || period != nil
  }
}

/// The words of one language and what they mean, looked up once per word of a reply.
struct RecogniserVocabulary: Sendable {
  let senses: [WordSense]
  let index: [String: Int32]

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
    index = builder.index
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

  /// The count before and the unit of an adjective like "30-tägig" ("" before), "zweiwöchige" ("zwei").
  static func unitAdjective(_ folded: String) -> (prefix: Substring, unit: TimeUnit)? {
    // Only words with "ig" among their last five letters (-ig, -ige, -igen, …) can be one; most stop here.
    var previous: UInt8 = 0
    guard folded.utf8.suffix(5).contains(where: { byte in
      defer { previous = byte }
      return previous == UInt8(ascii: "i") && byte == UInt8(ascii: "g")
    }) else { return nil }
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
