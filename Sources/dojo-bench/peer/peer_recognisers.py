"""The typed recognisers of Sources/DojoCore/Text/Recognisers.swift and RecogniserVocabulary.swift,
ported to Python for the scorer's peer: amounts, percentages, dates, weekdays, calendar weeks,
clock times, durations, time frames, e-mail addresses and identifiers, in English and German.

`recognise(text, language)` gives (kind, start, end) per entity, UTF-8 byte offsets, sorted as
the Swift sorts them. Offsets and the walk over pieces follow the Swift line by line.
"""

import unicodedata

KIND_ORDER = {k: i for i, k in enumerate(
    ["amount", "percentage", "date", "weekday", "calendar_week", "clock_time", "duration", "time_frame", "email",
     "identifier"])}

UNIT_NAMES = {"minute": "minute", "hour": "hour", "day": "day", "businessDay": "business day", "week": "week",
              "month": "month", "year": "year"}
WEEKDAY_NAMES = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
MONTH_NAMES = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
               "november", "december"]
COUNTS = [str(i) for i in range(1, 21)]


class Sense:
    __slots__ = ("known", "abbreviation", "also_a_word", "needs_capital", "article_count", "multiplier_touches",
                 "percent", "clock_needs_lead", "not_clock_lead", "greeting", "introduces_duration", "joiner",
                 "relative_day_needs_no_article", "article_or_greeting", "article", "day_adjective", "immediate",
                 "ordinal_suffix", "week_label", "range_word", "next_filler", "duration_filler", "clause_break",
                 "past_auxiliary", "past_day", "past_marker", "before_now", "phone_label", "identifier_label",
                 "starts_phrase", "label_glue", "clock_range_word",
                 "count", "currency", "clock_word", "relation", "relative_day", "period", "day_part", "modifier",
                 "edge", "named_period_point", "weekday", "month", "multiplier", "unit", "duration_qualifier")

    def __init__(self):
        for name in self.__slots__:
            setattr(self, name, False)
        for name in ("count", "currency", "clock_word", "relation", "relative_day", "period", "day_part", "modifier",
                     "edge", "named_period_point", "unit", "duration_qualifier"):
            setattr(self, name, None)
        self.weekday = -1
        self.month = 0
        self.multiplier = 0

    def is_time_word(self):
        return self.weekday >= 0 or self.month > 0 or self.relative_day is not None or self.clock_word is not None \
            or self.day_part is not None or self.period is not None


NO_SENSE = Sense()


class Vocabulary:
    def __init__(self):
        self.senses = {}

    def add(self, words, **changes):
        if isinstance(words, str):
            words = words.split()
        for word in words:
            sense = self.senses.get(word)
            if sense is None:
                sense = Sense()
                sense.known = True
                self.senses[word] = sense
            for key, value in changes.items():
                setattr(sense, key, value)

    def sense(self, word):
        return self.senses.get(word, NO_SENSE) if word else NO_SENSE


def _english():
    v = Vocabulary()
    for day, name in enumerate(WEEKDAY_NAMES):
        v.add([name], weekday=day)
    for day, names in enumerate([["mon"], ["tue", "tues"], ["wed"], ["thu", "thur", "thurs"], ["fri"], ["sat"],
                                 ["sun"]]):
        v.add(names, weekday=day, abbreviation=True)
    v.add("wed sat sun", also_a_word=True)
    for month, name in enumerate(MONTH_NAMES):
        v.add([name], month=month + 1)
    for month, names in enumerate([["jan"], ["feb"], ["mar"], ["apr"], [], ["jun"], ["jul"], ["aug"], ["sep", "sept"],
                                   ["oct"], ["nov"], ["dec"]]):
        v.add(names, month=month + 1, abbreviation=True)
    v.add("may march mar", needs_capital=True)
    numbers = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
               "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty"]
    for value, name in enumerate(numbers):
        v.add([name], count=COUNTS[value])
    v.add("a an", count="1", article_count=True)
    v.add("minute minutes", unit="minute")
    v.add("min mins", unit="minute", abbreviation=True)
    v.add("hour hours h", unit="hour")
    v.add("hr hrs", unit="hour", abbreviation=True)
    v.add("day days", unit="day")
    v.add("workday workdays businessday businessdays", unit="businessDay")
    v.add("week weeks", unit="week")
    v.add("month months", unit="month")
    v.add("year years", unit="year")
    v.add("business working work", duration_qualifier="business")
    v.add("calendar full more further additional extra whole", duration_qualifier="plain")
    v.add("eur euro euros", currency="EUR")
    v.add("usd dollar dollars bucks", currency="USD")
    v.add("gbp pound pounds quid", currency="GBP")
    v.add("chf", currency="CHF")
    v.add("k", multiplier=3, multiplier_touches=True)
    v.add("thousand", multiplier=3)
    v.add("m", multiplier=6, multiplier_touches=True)
    v.add("million millions mn", multiplier=6)
    v.add("mio", multiplier=6, abbreviation=True)
    v.add("billion billions bn", multiplier=9)
    v.add("percent pct", percent=True)
    v.add("noon", clock_word="noon")
    v.add("midday", clock_word="midday")
    v.add("lunchtime", clock_word="lunchtime")
    v.add("midnight", clock_word="midnight")
    v.add("eod cob", clock_word="end of day")
    v.add("lunch", clock_word="lunchtime", clock_needs_lead=True)
    v.add("by until till til", relation="by")
    v.add("before", relation="before")
    v.add("on", relation="on")
    v.add("at around", relation="at")
    v.add("from starting", relation="from")
    v.add("after", relation="after")
    v.add("for", relation="for", not_clock_lead=True)
    v.add("within", relation="within", introduces_duration=True)
    v.add("in", relation="in", introduces_duration=True)
    v.add("over", relation="over", introduces_duration=True)
    v.add("during", relation="during", introduces_duration=True)
    v.add("between", relation="between")
    v.add("at around before by until till or on from between", joiner=True)
    v.add("today", relative_day="today")
    v.add("tonight", relative_day="tonight")
    v.add("tomorrow", relative_day="tomorrow")
    v.add("morning", day_part="morning")
    v.add("afternoon", day_part="afternoon")
    v.add("evening", day_part="evening")
    v.add("night", day_part="night")
    v.add("next coming", modifier="next")
    v.add("this", modifier="this")
    v.add("week", period="week")
    v.add("month", period="month")
    v.add("weekend", period="weekend")
    v.add("year", period="year")
    v.add("quarter", period="quarter")
    v.add("end late", edge="end")
    v.add("start beginning early", edge="start")
    v.add("middle mid", edge="middle")
    v.add("the", article=True)
    v.add("immediately straightaway", immediate=True)
    v.add("st nd rd th", ordinal_suffix=True)
    v.add("week wk cw", week_label=True)
    v.add("to or", range_word=True)
    v.add("next coming following", next_filler=True)
    v.add("about around approximately roughly only just max maximum another", duration_filler=True)
    v.add("approx ca", duration_filler=True, abbreviation=True)
    v.add("and but so then because which that while when if", clause_break=True)
    v.add("was were had did", past_auxiliary=True)
    v.add("yesterday", past_day=True)
    v.add("last previous past since earlier dated", past_marker=True)
    v.add("phone tel telephone fax mobile hotline", phone_label=True)
    v.add("order ticket invoice case reference ref customer account number no nr id tracking booking contract",
          identifier_label=True)
    v.add("is number no nr", label_glue=True)
    v.add("a couple half end close lunch the later over in during calendar right straight no not", starts_phrase=True)
    v.add("and to till until", clock_range_word=True)
    return v


def _german():
    v = Vocabulary()
    weekdays = [["montag"], ["dienstag"], ["mittwoch"], ["donnerstag"], ["freitag"], ["samstag", "sonnabend"],
                ["sonntag"]]
    day_parts = ["morgen", "vormittag", "mittag", "nachmittag", "abend", "nacht", "frueh"]
    for day, names in enumerate(weekdays):
        v.add(names, weekday=day)
        v.add([name + part for name in names for part in day_parts], weekday=day)
    for day, name in enumerate(["mo", "di", "mi", "do", "fr", "sa", "so"]):
        v.add([name], weekday=day, abbreviation=True)
    months = [["januar", "jaenner"], ["februar", "feber"], ["maerz"], ["april"], ["mai"], ["juni"], ["juli"],
              ["august"], ["september"], ["oktober"], ["november"], ["dezember"]]
    for month, names in enumerate(months):
        v.add(names, month=month + 1)
    for month, names in enumerate([["jan"], ["feb"], ["mrz"], ["apr"], [], ["jun"], ["jul"], ["aug"], ["sep", "sept"],
                                   ["okt"], ["nov"], ["dez"]]):
        v.add(names, month=month + 1, abbreviation=True)
    v.add("ein eins eine einen einem einer", count="1")
    numbers = ["zwei", "drei", "vier", "fuenf", "sechs", "sieben", "acht", "neun", "zehn", "elf", "zwoelf",
               "dreizehn", "vierzehn", "fuenfzehn", "sechzehn", "siebzehn", "achtzehn", "neunzehn", "zwanzig"]
    for value, name in enumerate(numbers):
        v.add([name], count=COUNTS[value + 1])
    v.add("einige einigen wenige wenigen", count="few")
    v.add("anderthalb eineinhalb", count="1.5")
    v.add("minute minuten", unit="minute")
    v.add("min", unit="minute", abbreviation=True)
    v.add("stunde stunden h", unit="hour")
    v.add("std", unit="hour", abbreviation=True)
    v.add("tag tage tagen kalendertag kalendertage kalendertagen", unit="day")
    v.add("werktag werktage werktagen arbeitstag arbeitstage arbeitstagen geschaeftstag geschaeftstage "
          "geschaeftstagen bankarbeitstag bankarbeitstage bankarbeitstagen", unit="businessDay")
    v.add("woche wochen", unit="week")
    v.add("monat monate monaten", unit="month")
    v.add("jahr jahre jahren", unit="year")
    v.add("weitere weiteren volle vollen zusaetzliche zusaetzlichen ganze ganzen", duration_qualifier="plain")
    v.add("eur euro euros", currency="EUR")
    v.add("usd dollar", currency="USD")
    v.add("gbp pfund", currency="GBP")
    v.add("chf franken", currency="CHF")
    v.add("k", multiplier=3, multiplier_touches=True)
    v.add("tausend", multiplier=3)
    v.add("tsd", multiplier=3, abbreviation=True)
    v.add("m", multiplier=6, multiplier_touches=True)
    v.add("million millionen", multiplier=6)
    v.add("mio", multiplier=6, abbreviation=True)
    v.add("milliarde milliarden", multiplier=9)
    v.add("mrd", multiplier=9, abbreviation=True)
    v.add("prozent", percent=True)
    v.add("mittag mittags mittagszeit", clock_word="mittag")
    v.add("mitternacht", clock_word="mitternacht")
    v.add("dienstschluss", clock_word="dienstschluss")
    v.add("geschaeftsschluss ladenschluss", clock_word="geschaeftsschluss")
    v.add("tagesende", clock_word="end of day")
    v.add("feierabend", clock_word="feierabend", clock_needs_lead=True)
    v.add("guten gute schoenen schoenes gesegneten", greeting=True)
    v.add("bis spaetestens", relation="by")
    v.add("vor", relation="before", before_now=True)
    v.add("am", relation="on")
    v.add("um gegen", relation="at")
    v.add("ab", relation="from")
    v.add("nach", relation="after")
    v.add("zum zur noch", relation="")
    v.add("fuer", relation="for", not_clock_lead=True)
    v.add("innerhalb binnen", relation="within", introduces_duration=True)
    v.add("in", relation="in", introduces_duration=True)
    v.add("ueber uebers", relation="over")
    v.add("zwischen", relation="between")
    v.add("um gegen vor bis oder den am ab spaetestens zwischen", joiner=True)
    v.add("heute", relative_day="today")
    v.add("morgen", relative_day="tomorrow", relative_day_needs_no_article=True, day_part="morning")
    v.add("uebermorgen", relative_day="day after tomorrow")
    v.add("frueh vormittag", day_part="morning")
    v.add("nachmittag", day_part="afternoon")
    v.add("abend", day_part="evening")
    v.add("nacht", day_part="night")
    v.add("guten gute schoenen einen jeden am den dem des diesen diesem gestern vom jedem einem",
          article_or_greeting=True)
    v.add("der des dem den das die", article=True)
    v.add("heutigen morgigen naechsten kommenden", day_adjective=True)
    v.add("naechste naechsten naechster naechstes kommende kommenden kommender kommendes", modifier="next")
    v.add("diese diesen dieser dieses diesem", modifier="this")
    v.add("uebernaechste uebernaechsten uebernaechster uebernaechstes", modifier="after next")
    v.add("woche", period="week")
    v.add("monat monats", period="month")
    v.add("tages", period="day")
    v.add("wochenende", period="weekend")
    v.add("jahr jahres", period="year")
    v.add("quartal quartals", period="quarter")
    v.add("ende", edge="end")
    v.add("anfang", edge="start")
    v.add("mitte", edge="middle")
    v.add("monatsende", named_period_point="end of this month")
    v.add("jahresende", named_period_point="end of this year")
    v.add("quartalsende", named_period_point="end of this quarter")
    v.add("wochenmitte", named_period_point="middle of this week")
    v.add("monatsanfang", named_period_point="start of the month")
    v.add("sofort umgehend unverzueglich", immediate=True)
    v.add("kw kalenderwoche woche", week_label=True)
    v.add("bis oder", range_word=True)
    v.add("naechsten kommenden folgenden", next_filler=True)
    v.add("von circa etwa ungefaehr rund knapp maximal hoechstens nur", duration_filler=True)
    v.add("ca", duration_filler=True, abbreviation=True)
    v.add("und aber dann weil sobald wenn dass damit sodass", clause_break=True)
    v.add("war waren wurde wurden hatte hatten", past_auxiliary=True)
    v.add("gestern vorgestern", past_day=True)
    v.add("letzte letzten letzter letztes vergangene vergangenen vergangener vergangenes vorige vorigen voriger "
          "voriges seit seitdem vom", past_marker=True)
    v.add("tel telefon telefonnummer rufnummer mobil handy fax hotline festnetz mobilnummer handynummer",
          phone_label=True)
    v.add("nr nummer bestellung ticket rechnung vorgang auftrag kunde id referenz az bestellnr kundennr rechnungsnr",
          identifier_label=True)
    v.add("ist lautet nummer nr", label_glue=True)
    v.add("ein eine einer einen einem im", starts_phrase=True)
    v.add("und bis", clock_range_word=True)
    return v


VOCABULARIES = {"en": _english(), "de": _german()}


def unit_adjective(word):
    """(prefix, unit) of "30-tägig" ("" before), "zweiwöchige" ("zwei"); None otherwise."""
    if not may_be_unit_adjective(word):
        return None
    base = word
    for ending in ["em", "es", "er", "en", "e"]:
        if base.endswith("ig" + ending):
            base = base[:-len(ending)]
            break
    if not base.endswith("ig"):
        return None
    for stem, unit in [("taegig", "day"), ("woechig", "week"), ("monatig", "month"), ("stuendig", "hour"),
                       ("minuetig", "minute"), ("jaehrig", "year")]:
        if base.endswith(stem):
            return base[:-len(stem)], unit
    return None


def may_be_unit_adjective(word):
    data = word.encode("utf-8")
    return b"ig" in data[max(0, len(data) - 5):]


# ---------------------------------------------------------------------------------------------
# Pieces

def _fold(ch):
    if ch < "\x80":
        return ch.lower()
    spelt = {"\u00e4": "ae", "\u00c4": "ae", "\u00f6": "oe", "\u00d6": "oe", "\u00fc": "ue", "\u00dc": "ue",
             "\u00df": "ss", "\u1e9e": "ss"}.get(ch)
    if spelt:
        return spelt
    return "".join(c for c in unicodedata.normalize("NFD", ch.lower()) if not _is_combining(c))


def _is_combining(ch):
    return unicodedata.category(ch) in ("Mn", "Mc", "Me")


def _is_punctuation(ch):
    value = ord(ch)
    return 0x2010 <= value <= 0x2027 or value == 0x20AC


def _is_letter(ch):
    value = ord(ch)
    if value < 0x80:
        return ("a" <= ch <= "z") or ("A" <= ch <= "Z")
    if 0xC0 <= value <= 0xFF:
        return value != 0xD7 and value != 0xF7
    if _is_punctuation(ch):
        return False
    return ch.isalpha()


def _is_uppercase(ch):
    value = ord(ch)
    if 0xC0 <= value <= 0xFF:
        return value <= 0xDE and value != 0xD7
    return ch.isupper()


def _is_space(ch):
    value = ord(ch)
    if value == 0x20 or 0x09 <= value <= 0x0D:
        return True
    if value < 0x80:
        return False
    if 0x2010 <= value <= 0x2027 or value == 0x20AC:
        return False
    return ch.isspace()


class Number:
    __slots__ = ("start", "end", "digits", "integer_digits", "first", "plain_value", "typed")

    def __init__(self, start, end, digits, integer_digits, first, plain_value, typed):
        self.start, self.end, self.digits, self.integer_digits = start, end, digits, integer_digits
        self.first, self.plain_value, self.typed = first, plain_value, typed

    @property
    def length(self):
        return self.end - self.start

    @property
    def is_plain(self):
        return self.digits == self.end - self.start

    def small(self, maximum_digits=4):
        return self.plain_value if self.is_plain and self.length <= min(maximum_digits, 18) else None

    def is_plain_digits(self, maximum_digits):
        return self.is_plain and self.length <= maximum_digits


class Piece:
    __slots__ = ("shape", "start", "end", "word", "number", "symbol", "capitalised", "upper", "sense", "claimed")

    def __init__(self, shape, start, end, word="", number=None, symbol=" ", capitalised=False, upper=False,
                 sense=NO_SENSE):
        self.shape, self.start, self.end, self.word, self.number = shape, start, end, word, number
        self.symbol, self.capitalised, self.upper, self.sense, self.claimed = symbol, capitalised, upper, sense, False


def cut(text, vocabulary):
    """Pieces with UTF-8 byte offsets: numbers (ASCII digits with single inner . or ,), words
    (letters, folded) and single symbols."""
    chars = text
    n = len(chars)
    if text.isascii():
        offsets = range(n + 1)
    else:
        offsets = [0] * (n + 1)
        position = 0
        for i, ch in enumerate(chars):
            offsets[i] = position
            position += 1 if ch < "\x80" else len(ch.encode("utf-8"))
        offsets[n] = position
    pieces, starts = [], []
    has_number = has_at = False
    i = 0
    while i < n:
        ch = chars[i]
        start = i
        if "0" <= ch <= "9":
            end = i + 1
            digits = 1
            integer_digits = 0
            value = ord(ch) - 48
            while end < n:
                c = chars[end]
                if "0" <= c <= "9":
                    if digits < 18:
                        value = value * 10 + ord(c) - 48
                    digits += 1
                    end += 1
                elif (c == "." or c == ",") and end + 1 < n and "0" <= chars[end + 1] <= "9":
                    if integer_digits == 0:
                        integer_digits = digits
                    end += 2
                    digits += 1
                else:
                    break
            if integer_digits == 0:
                integer_digits = digits
            i = end
            has_number = True
            starts.append(len(pieces))
            number = Number(offsets[start], offsets[end], digits, integer_digits, ch,
                            value if digits == end - start and digits <= 18 else -1, chars[start:end])
            piece = Piece("number", offsets[start], offsets[end], number=number)
        elif _is_letter(ch):
            capitalised = ("A" <= ch <= "Z") if ch < "\x80" else _is_uppercase(ch)
            upper = True
            folded = []
            end = i
            while end < n:
                c = chars[end]
                if c < "\x80":
                    if not (("a" <= c <= "z") or ("A" <= c <= "Z")):
                        break
                    if c <= "Z":
                        folded.append(chr(ord(c) + 32))
                    else:
                        upper = False
                        folded.append(c)
                    end += 1
                    continue
                if _is_letter(c):
                    if not _is_uppercase(c):
                        upper = False
                    folded.append(_fold(c))
                elif _is_combining(c):
                    if c == "\u0308" and folded and folded[-1] and folded[-1][-1] in "aou":
                        folded.append("e")
                else:
                    break
                end += 1
            i = end
            word = "".join(folded)
            sense = vocabulary.sense(word) if len(word.encode("utf-8")) <= 24 else NO_SENSE
            if sense is not NO_SENSE or word == "the" or may_be_unit_adjective(word):
                starts.append(len(pieces))
            piece = Piece("word", offsets[start], offsets[end], word=word, capitalised=capitalised, upper=upper,
                          sense=sense)
        else:
            i += 1
            if _is_space(ch) or (ch >= "\x80" and not _is_punctuation(ch) and _is_combining(ch)):
                continue
            if ch in "\u20ac$\u00a3":
                starts.append(len(pieces))
            piece = Piece("symbol", offsets[start], offsets[i], symbol=ch)
        if ch == "@":
            has_at = True
        pieces.append(piece)
    return pieces, starts, has_number, has_at


def find_emails(data):
    """E-mail addresses in UTF-8 bytes: (start, end)."""
    def is_alnum(b):
        return 0x61 <= b <= 0x7A or 0x41 <= b <= 0x5A or 0x30 <= b <= 0x39

    def is_local(b):
        return is_alnum(b) or b in b"._%+-"

    def is_domain(b):
        return is_alnum(b) or b in b".-"

    found = []
    previous_end = 0
    for at in range(len(data)):
        if data[at] != 0x40 or at < previous_end:
            continue
        start = at
        while start > previous_end and is_local(data[start - 1]):
            start -= 1
        while start < at and data[start] == 0x2E:
            start += 1
        if start >= at:
            continue
        end = at + 1
        while end < len(data) and is_domain(data[end]):
            end += 1
        while end > at + 1 and data[end - 1] in b".-":
            end -= 1
        last_dot = data.rfind(b".", at + 1, end)
        if last_dot < 0 or last_dot <= at + 1 or end - last_dot <= 2 \
                or not all(0x61 <= b <= 0x7A or 0x41 <= b <= 0x5A for b in data[last_dot + 1:end]):
            continue
        found.append((start, end))
        previous_end = end
    return found


def decimal(typed, shift=0):
    digits = 0
    separators = 0
    last_position, last_byte = 0, ""
    mixed = False
    for c in typed:
        if "0" <= c <= "9":
            digits += 1
        else:
            if separators > 0 and c != last_byte:
                mixed = True
            separators += 1
            last_position, last_byte = digits, c
        if digits > 30:
            return None
    if digits == 0:
        return None
    decimal_position = digits
    if separators > 0:
        if mixed:
            decimal_position = last_position
        elif separators == 1:
            before, after = last_position, digits - last_position
            looks_like_thousands = after == 3 and before <= 3 and typed[0] != "0"
            if not looks_like_thousands:
                decimal_position = last_position
    integer_digits = decimal_position + shift
    output = []
    position = 0
    for c in typed:
        if not ("0" <= c <= "9"):
            continue
        if position == integer_digits:
            if not output:
                output.append("0")
            output.append(".")
        if not (position < integer_digits - 1 and not output and c == "0"):
            output.append(c)
        position += 1
    while position < integer_digits:
        if not (position < integer_digits - 1 and not output):
            output.append("0")
        position += 1
    return "".join(output)


def groups(number):
    """(count, lengths[3], values[3] (None beyond four digits), all dots)."""
    lengths, values = [0, 0, 0], [None, None, None]
    count = 0
    all_dots = True
    length = value = 0
    for c in number.typed + ".":
        if "0" <= c <= "9":
            if length < 4:
                value = value * 10 + ord(c) - 48
            length += 1
        else:
            if c == ",":
                all_dots = False
            if count < 3:
                lengths[count] = length
                values[count] = value if length <= 4 else None
            count += 1
            length = value = 0
    return count, lengths, values, all_dots


def two_digits(value):
    return f"0{value}" if value < 10 else str(value)


def is_valid_day(day, month):
    lengths = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
    return 1 <= month <= 12 and 1 <= day <= lengths[month - 1]


def iso_date(day, month, year):
    month_day = f"{two_digits(month)}-{two_digits(day)}"
    if year is None:
        return "--" + month_day
    return f"{2000 + year if year < 100 else year}-" + month_day


class Atom:
    __slots__ = ("kind", "first", "end", "value", "tentative", "used")

    def __init__(self, kind, first, end, value, tentative=False):
        self.kind, self.first, self.end, self.value, self.tentative, self.used = kind, first, end, value, tentative, \
            False


EXCLUDED_IDENTIFIER_PREFIXES = {"kw", "cw", "wk", "eur", "usd", "gbp", "chf", "id", "nr", "no", "pin", "tan", "am",
                                "pm", "uhr", "mio", "mrd"}


class Scan:
    def __init__(self, text, language):
        self.language = language
        self.vocabulary = VOCABULARIES[language]
        self.data = text.encode("utf-8")
        self.pieces, self.starts, self.has_number, has_at = cut(text, self.vocabulary)
        self.count = len(self.pieces)
        self.emails = find_emails(self.data) if has_at else []
        claim = 0
        for piece in self.pieces:
            if claim >= len(self.emails):
                break
            while claim < len(self.emails) and self.emails[claim][1] <= piece.start:
                claim += 1
            if claim < len(self.emails) and self.emails[claim][0] <= piece.start < self.emails[claim][1]:
                piece.claimed = True
        self.atoms = []
        self.point_atoms = [-1] * self.count
        self.duration_atoms = [-1] * self.count

    def run(self):
        entities = [("email", start, end) for start, end in self.emails]
        if not self.starts:
            return entities
        for kind in ("amount", "percentage", "date", "clock_time", "calendar_week", "weekday"):
            self.find_all(kind)
        self.find_durations()
        self.find_time_frames()
        if self.has_number:
            self.claim_phone_numbers()
            self.find_identifiers()
        for atom in self.atoms:
            if not atom.tentative or atom.used:
                entities.append((atom.kind, self.pieces[atom.first].start, self.pieces[atom.end - 1].end))
        entities.sort(key=lambda e: (e[1], KIND_ORDER[e[0]], e[2]))
        return entities

    # Looking at pieces

    def word(self, index):
        return self.pieces[index].word if 0 <= index < self.count else ""

    def is_word(self, index):
        return 0 <= index < self.count and self.pieces[index].shape == "word"

    def sense(self, index):
        if 0 <= index < self.count and not self.pieces[index].claimed:
            return self.pieces[index].sense
        return NO_SENSE

    def is_symbol(self, index, symbol):
        return 0 <= index < self.count and self.pieces[index].shape == "symbol" and self.pieces[index].symbol == symbol

    def is_dash(self, index):
        return self.is_symbol(index, "-") or self.is_symbol(index, "\u2013") or self.is_symbol(index, "\u2014")

    def is_apostrophe(self, index):
        return self.is_symbol(index, "'") or self.is_symbol(index, "\u2019")

    def touches(self, index):
        return 0 < index < self.count and self.pieces[index].start == self.pieces[index - 1].end

    def number(self, index):
        if 0 <= index < self.count and self.pieces[index].shape == "number" and not self.pieces[index].claimed:
            return self.pieces[index].number
        return None

    def is_free(self, index):
        return 0 <= index < self.count and not self.pieces[index].claimed

    def point_atom(self, index):
        if 0 <= index < self.count and self.point_atoms[index] >= 0:
            return self.atoms[self.point_atoms[index]]
        return None

    def surface(self, first, end):
        return self.data[self.pieces[first].start:self.pieces[end - 1].end].decode("utf-8")

    def record(self, kind, first, end, value, tentative=False):
        index = len(self.atoms)
        self.atoms.append(Atom(kind, first, end, value, tentative))
        if kind in ("date", "weekday", "calendar_week", "clock_time"):
            self.point_atoms[first] = index
        elif kind == "duration":
            self.duration_atoms[first] = index
        if kind != "time_frame":
            for i in range(first, end):
                self.pieces[i].claimed = True

    def find_all(self, kind):
        index = 0
        recogniser = {"amount": self.amount, "percentage": self.percentage, "date": self.date,
                      "clock_time": self.clock_time, "calendar_week": self.calendar_week,
                      "weekday": self.weekday}[kind]
        for start in self.starts:
            if start < index:
                continue
            piece = self.pieces[start]
            shape = piece.shape
            may_start = shape == "number" or (piece.sense.known if shape == "word" else kind == "amount")
            if may_start and self.is_free(start):
                found = recogniser(start)
                if found is not None and found[0] > start:
                    self.record(kind, start, found[0], found[1])
                    index = found[0]

    # Amounts and percentages

    def currency(self, index):
        if not self.is_free(index):
            return None
        piece = self.pieces[index]
        if piece.shape == "symbol":
            return {"\u20ac": "EUR", "$": "USD", "\u00a3": "GBP"}.get(piece.symbol)
        return self.sense(index).currency

    def multiplier(self, index):
        sense = self.sense(index)
        if sense.multiplier <= 0:
            return index, 0
        if sense.multiplier_touches and (not self.touches(index)
                                         or (self.word(index) == "m" and not self.pieces[index].upper)):
            return index, 0
        end = index + 2 if sense.abbreviation and self.is_symbol(index + 1, ".") and self.touches(index + 1) \
            else index + 1
        return end, sense.multiplier

    def amount(self, index):
        code = self.currency(index)
        typed = self.number(index + 1)
        if code is not None and typed is not None:
            end, shift = self.multiplier(index + 2)
            value = decimal(typed.typed, shift)
            if value is None:
                return None
            return end, f"{value} {code}"
        typed = self.number(index)
        if typed is None:
            return None
        nxt = index + 1
        if self.is_symbol(nxt, ",") and self.touches(nxt) and self.is_dash(nxt + 1) and self.touches(nxt + 1):
            nxt += 2
        after, shift = self.multiplier(nxt)
        code = self.currency(after)
        value = decimal(typed.typed, shift)
        if code is None or value is None:
            return None
        return after + 1, f"{value} {code}"

    def percentage(self, index):
        typed = self.number(index)
        if typed is None:
            return None
        if self.is_symbol(index + 1, "%") or self.sense(index + 1).percent:
            end = index + 2
        elif self.word(index + 1) == "per" and self.word(index + 2) == "cent":
            end = index + 3
        else:
            return None
        value = decimal(typed.typed)
        if value is None:
            return None
        return end, value

    # Dates

    def year(self, index):
        typed = self.number(index)
        if typed is None or typed.length != 4:
            return None
        year = typed.small()
        if year is None or not 1900 <= year <= 2099:
            return None
        return year

    def month(self, index):
        sense = self.sense(index)
        if sense.month <= 0:
            return None
        if sense.needs_capital and not self.pieces[index].capitalised:
            return None
        end = index + 2 if sense.abbreviation and self.is_symbol(index + 1, ".") and self.touches(index + 1) \
            else index + 1
        return sense.month, end

    def is_version_word(self, index):
        return self.is_word(index) and self.word(index) in (
            "version", "versions", "update", "updates", "release", "build", "v", "patch", "connector")

    def date(self, index):
        typed = self.number(index)
        if typed is not None:
            if typed.is_plain:
                count, lengths, values, all_dots = 1, [0, 0, 0], [None, None, None], True
            else:
                count, lengths, values, all_dots = groups(typed)
            if count >= 2 and (self.is_version_word(index - 1) or (
                    self.is_symbol(index + 1, ".") and self.touches(index + 1) and self.touches(index + 2)
                    and (self.is_word(index + 2) or self.number(index + 2) is not None))):
                return None
            if count in (2, 3) and all_dots and lengths[0] <= 2 and lengths[1] <= 2 and values[0] is not None \
                    and values[1] is not None and is_valid_day(values[0], values[1]):
                day, month = values[0], values[1]
                if count == 2 and self.is_symbol(index + 1, ".") and self.touches(index + 1):
                    return index + 2, iso_date(day, month, None)
                if count == 3 and lengths[2] in (2, 4) and values[2] is not None:
                    return index + 1, iso_date(day, month, values[2])
            if count != 1:
                return None
            year = self.year(index)
            if year is not None and self.is_dash(index + 1) and self.touches(index + 1):
                month_text = self.number(index + 2)
                if month_text is not None and self.touches(index + 2) and self.is_dash(index + 3) \
                        and self.touches(index + 3):
                    day_text = self.number(index + 4)
                    if day_text is not None and self.touches(index + 4):
                        month, day = month_text.small(2), day_text.small(2)
                        if month is not None and day is not None and is_valid_day(day, month):
                            return index + 5, iso_date(day, month, year)
            if typed.length == 2 and self.is_symbol(index + 1, "/") and self.touches(index + 1):
                second_text = self.number(index + 2)
                if second_text is not None and second_text.length == 2 and self.touches(index + 2):
                    first, second = typed.small(), second_text.small()
                    if first is not None and second is not None:
                        end = index + 3
                        year = None
                        if self.is_symbol(end, "/") and self.touches(end):
                            year_text = self.number(end + 1)
                            if year_text is not None and self.touches(end + 1) and year_text.length in (2, 4):
                                year = year_text.small()
                                end += 2
                        if is_valid_day(first, second):
                            return end, iso_date(first, second, year)
                        if is_valid_day(second, first):
                            return end, iso_date(second, first, year)
                        return None
            day = typed.small()
            if typed.length > 2 or day is None or not 1 <= day <= 31:
                return None
            nxt = index + 1
            if self.touches(nxt) and self.sense(nxt).ordinal_suffix:
                nxt += 1
            elif self.is_symbol(nxt, ".") and self.touches(nxt):
                nxt += 1
            if self.word(nxt) == "of":
                nxt += 1
            found = self.month(nxt)
            if found is None or not is_valid_day(day, found[0]):
                return None
            month, after = found
            year = self.year(after)
            if year is not None:
                return after + 1, iso_date(day, month, year)
            return after, iso_date(day, month, None)
        found = self.month(index)
        if found is None:
            return None
        month, after = found
        day_text = self.number(after)
        if day_text is None or day_text.length > 2:
            return None
        day = day_text.small()
        if day is None or not is_valid_day(day, month) or self.is_symbol(after + 1, ":"):
            return None
        end = after + 1
        if self.touches(end) and self.sense(end).ordinal_suffix:
            end += 1
        if self.is_symbol(end, ","):
            year = self.year(end + 1)
            if year is not None:
                return end + 2, iso_date(day, month, year)
        year = self.year(end)
        if year is not None:
            return end + 1, iso_date(day, month, year)
        return end, iso_date(day, month, None)

    # Clock times

    def meridiem(self, index, hour):
        if self.language != "en" or not 1 <= hour <= 12:
            return None
        word = self.word(index)
        if word in ("am", "pm"):
            end = index + 1
            afternoon = word == "pm"
        elif word in ("a", "p"):
            if not (self.is_symbol(index + 1, ".") and self.touches(index + 1) and self.word(index + 2) == "m"
                    and self.touches(index + 2)):
                return None
            end = index + 3
            if self.is_symbol(end, ".") and self.touches(end):
                end += 1
            afternoon = word == "p"
        else:
            return None
        converted = (12 if hour == 12 else hour + 12) if afternoon else (0 if hour == 12 else hour)
        return end, converted

    @staticmethod
    def clock_value(hour, minute):
        return f"{two_digits(hour)}:{two_digits(minute)}"

    def clock_time(self, index):
        typed = self.number(index)
        if typed is not None:
            hour = typed.small(2)
            if hour is not None and hour <= 24 and (self.is_dash(index + 1) or self.sense(index + 1).clock_range_word):
                upper = self.numeric_clock(index + 2)
                if upper is not None:
                    end, upper_hour, upper_minute = upper
                    lower = hour + 12 if self.language == "en" and hour < 12 and upper_hour > 12 \
                        and hour + 12 <= upper_hour else hour
                    return end, self.clock_value(lower, 0) + "-" + self.clock_value(upper_hour, upper_minute)
        found = self.numeric_clock(index)
        if found is not None:
            return found[0], self.clock_value(found[1], found[2])
        return self.named_clock(index)

    def numeric_clock(self, index):
        typed = self.number(index)
        if typed is None:
            return None
        if typed.is_plain:
            count, lengths, values, all_dots = 1, [0, 0, 0], [None, None, None], True
        else:
            count, lengths, values, all_dots = groups(typed)
        hour = typed.small(2)
        if count == 1 and hour is not None and hour <= 24 and self.is_symbol(index + 1, ":") \
                and self.touches(index + 1):
            minute_text = self.number(index + 2)
            if minute_text is not None and self.touches(index + 2) and minute_text.length == 2:
                minute = minute_text.small()
                if minute is not None and minute <= 59:
                    end = index + 3
                    hour24 = hour
                    if self.is_symbol(end, ":") and self.touches(end):
                        seconds = self.number(end + 1)
                        if seconds is not None and seconds.length == 2:
                            end += 2
                    found = self.meridiem(end, hour)
                    if found is not None:
                        end, hour24 = found
                    elif self.word(end) == "uhr" or (self.word(end) == "h" and self.touches(end)):
                        end += 1
                    return end, hour24, minute
        if count == 2 and all_dots and lengths[1] == 2 and lengths[0] <= 2 and values[0] is not None \
                and values[0] <= 24 and values[1] is not None and values[1] <= 59 and self.word(index + 1) == "uhr":
            return index + 2, values[0], values[1]
        if count != 1 or hour is None:
            return None
        found = self.meridiem(index + 1, hour)
        if found is not None:
            return found[0], found[1], 0
        if hour <= 24 and self.word(index + 1) == "uhr":
            minute_text = self.number(index + 2)
            if minute_text is not None and minute_text.length == 2:
                minute = minute_text.small()
                if minute is not None and minute <= 59:
                    return index + 3, hour, minute
            return index + 2, hour, 0
        if 1 <= hour <= 12 and self.word(index + 1) == "o" and self.is_apostrophe(index + 2) \
                and self.word(index + 3) == "clock":
            return index + 4, hour, 0
        return None

    def named_clock(self, index):
        sense = self.sense(index)
        if sense.starts_phrase:
            w = (self.word(index), self.word(index + 1), self.word(index + 2))
            if w in (("end", "of", "day"), ("end", "of", "business"), ("close", "of", "business"),
                     ("close", "of", "play"), ("end", "of", "play")):
                return (index + 3, "end of day") if self.language == "en" else None
            if w == ("end", "of", "the") and self.word(index + 3) == "day":
                return (index + 4, "end of day") if self.language == "en" else None
            if w[0] == "lunch" and w[1] == "time":
                return (index + 2, "lunchtime") if self.language == "en" else None
        value = sense.clock_word
        if value is None:
            return None
        previous = self.sense(index - 1)
        if sense.clock_needs_lead and (previous.relation is None or previous.not_clock_lead):
            return None
        if previous.greeting or self.word(index - 1) == "zu":
            return None
        return index + 1, value

    # Calendar weeks and weekdays

    def calendar_week(self, index):
        nxt = index + 1
        if self.sense(index).starts_phrase and self.word(index) == "calendar" and self.word(index + 1) == "week":
            nxt = index + 2
        elif not self.sense(index).week_label:
            return None
        if self.is_symbol(nxt, ".") and self.touches(nxt):
            nxt += 1
        typed = self.number(nxt)
        if typed is None:
            return None
        week = typed.small(2)
        if week is None or not 1 <= week <= 53:
            return None
        if self.word(nxt + 1) and self.sense(nxt + 1).unit is not None:
            return None
        end = nxt + 1
        if self.is_symbol(end, "/") and self.touches(end) and self.year(end + 1) is not None and self.touches(end + 1):
            end += 2
        return end, str(week)

    def weekday(self, index):
        sense = self.sense(index)
        if sense.weekday < 0:
            return None
        name = WEEKDAY_NAMES[sense.weekday]
        if not sense.abbreviation:
            return index + 1, name
        if self.is_apostrophe(index - 1) and self.touches(index):
            return None
        dotted = self.is_symbol(index + 1, ".") and self.touches(index + 1)
        comma = self.is_symbol(index + 1, ",") and self.touches(index + 1)
        capitalised = self.pieces[index].capitalised
        if self.language == "de":
            if not (dotted and capitalised):
                return None
            if self.is_word(index + 2) and self.pieces[index + 2].capitalised \
                    and not self.sense(index + 2).is_time_word():
                return None
            return index + 2, name
        if sense.also_a_word and not capitalised:
            return None
        if dotted:
            return index + 2, name
        if comma or self.number(index + 1) is not None:
            return index + 1, name
        return (index + 1, name) if capitalised and not sense.also_a_word else None

    # Durations

    def count_text(self, count):
        if isinstance(count, Number):
            return decimal(count.typed) or ""
        return count

    def quantity_text(self, quantity):
        lower, upper = quantity
        if upper is None:
            return self.count_text(lower)
        return self.count_text(lower) + "-" + self.count_text(upper)

    def quantity(self, index):
        """(end, (lower, upper), tentative, single number)."""
        typed = self.number(index)
        if typed is not None:
            if typed.integer_digits > 4 or typed.digits > 30:
                return None
            found = self.range_end(index + 1)
            if found is not None:
                return found[0], (typed, found[1]), False, False
            return index + 1, (typed, None), False, True
        first = self.word(index)
        if not first or not self.is_free(index):
            return None
        if self.sense(index).starts_phrase:
            w = (first, self.word(index + 1), self.word(index + 2))
            if w == ("a", "couple", "of"):
                return index + 3, ("couple", None), False, False
            if w[:2] == ("couple", "of"):
                return index + 2, ("couple", None), False, False
            if w[:2] == ("a", "few"):
                return index + 2, ("few", None), False, False
            if w[:2] == ("ein", "paar"):
                return index + 2, ("few", None), False, False
            if w[:2] in (("half", "an"), ("half", "a")):
                return index + 2, ("0.5", None), False, False
            if w[:2] in (("eine", "halbe"), ("einer", "halben"), ("einen", "halben"), ("einem", "halben")):
                return index + 2, ("0.5", None), False, False
        sense = self.sense(index)
        if sense.count is None:
            return None
        found = self.range_end(index + 1)
        if found is not None:
            return found[0], (sense.count, found[1]), False, False
        return index + 1, (sense.count, None), sense.article_count, False

    def range_end(self, index):
        if not (self.is_dash(index) or self.sense(index).range_word):
            return None
        typed = self.number(index + 1)
        if typed is not None and typed.integer_digits <= 4 and typed.digits <= 30:
            return index + 2, typed
        sense = self.sense(index + 1)
        if sense.count is not None and not sense.article_count:
            return index + 2, sense.count
        return None

    def unit_adjective(self, index):
        if not self.is_word(index):
            return None
        return unit_adjective(self.pieces[index].word)

    def word_has_suffix(self, index, suffix):
        return self.is_word(index) and self.pieces[index].word.endswith(suffix)

    def duration(self, index):
        if self.is_free(index):
            found = self.unit_adjective(index)
            if found is not None and found[0]:
                count = self.vocabulary.sense(found[0]).count if len(found[0].encode("utf-8")) <= 24 else None
                if count is not None:
                    return index + 1, f"{count} {UNIT_NAMES[found[1]]}", False
        found = self.quantity(index)
        if found is None:
            return None
        after_quantity, count, tentative, single = found
        nxt = after_quantity
        if single and self.is_dash(nxt) and self.touches(nxt) and self.touches(nxt + 1) and self.is_word(nxt + 1):
            nxt += 1
        if single and self.touches(nxt):
            adjective = self.unit_adjective(nxt)
            if adjective is not None and not adjective[0]:
                return nxt + 1, f"{self.quantity_text(count)} {UNIT_NAMES[adjective[1]]}", False
        business = False
        qualifiers = 0
        while qualifiers < 2:
            qualifier = self.sense(nxt).duration_qualifier
            if qualifier is None:
                break
            if qualifier == "business":
                business = True
            nxt += 1
            qualifiers += 1
        unit_sense = self.sense(nxt)
        unit = unit_sense.unit
        if unit is None:
            return None
        if self.word(nxt) == "h" and not single and not (nxt == after_quantity
                                                         and self.pieces[index].shape == "number"):
            return None
        if business and unit == "day":
            unit = "businessDay"
        end = nxt + 1
        if unit_sense.abbreviation and self.is_symbol(end, ".") and self.touches(end):
            end += 1
        return end, f"{self.quantity_text(count)} {UNIT_NAMES[unit]}", tentative

    def find_durations(self):
        index = 0
        for start in self.starts:
            if start < index:
                continue
            if self.pieces[start].shape != "symbol" and self.is_free(start):
                found = self.duration(start)
                if found is not None:
                    self.record("duration", start, found[0], found[1], found[2])
                    index = found[0]

    def duration_atom(self, index):
        if 0 <= index < self.count and self.duration_atoms[index] >= 0:
            return self.atoms[self.duration_atoms[index]], self.duration_atoms[index]
        return None

    # Time frames

    def point(self, index, after_relation, allows_day_part):
        if not 0 <= index < self.count:
            return None
        atom = self.point_atom(index)
        if atom is not None:
            value = "week " + atom.value if atom.kind == "calendar_week" else atom.value
            return atom.end, value, atom.kind == "weekday"
        sense = self.sense(index)
        first = self.word(index)
        if allows_day_part:
            if sense.day_part is not None:
                return index + 1, sense.day_part, False
            part_index = index + 1 if first == "am" else index + 2 if first == "in" and self.word(index + 1) == "the" \
                else -1
            if part_index > index and self.sense(part_index).day_part is not None:
                return part_index + 1, self.sense(part_index).day_part, False
        if sense.immediate:
            return index + 1, "immediately", False
        if sense.starts_phrase and first in ("right", "straight") and self.word(index + 1) == "away":
            return index + 2, "immediately", False
        if sense.relative_day is not None:
            if sense.relative_day_needs_no_article and self.sense(index - 1).article_or_greeting:
                return None
            return index + 1, sense.relative_day, True
        if sense.starts_phrase:
            w = (first, self.word(index + 1), self.word(index + 2), self.word(index + 3))
            if w == ("the", "day", "after", "tomorrow"):
                return index + 4, "day after tomorrow", True
            if first == "later":
                if self.sense(index + 1).relative_day is None and self.sense(index + 1).modifier is None:
                    return None
                nxt = self.point(index + 1, False, False)
                if nxt is None:
                    return None
                return nxt[0], "later " + nxt[1], False
            if w[:3] in (("im", "laufe", "des"), ("im", "laufe", "der")) or w in (
                    ("over", "the", "course", "of"), ("in", "the", "course", "of"),
                    ("during", "the", "course", "of")):
                nxt = index + 3 if first == "im" else index + 4
                if self.word(nxt) in ("the", "this"):
                    nxt += 1
                if self.sense(nxt).day_adjective:
                    nxt += 1
                spanned = self.sense(nxt)
                name = spanned.period or (UNIT_NAMES[spanned.unit] if spanned.unit else None) or spanned.day_part \
                    or spanned.relative_day
                if name is not None:
                    return nxt + 1, "during the " + name, False
                return None
        if sense.modifier is not None:
            modifier = sense.modifier
            atom = self.point_atom(index + 1)
            if atom is not None and atom.kind in ("weekday", "calendar_week"):
                value = "week " + atom.value if atom.kind == "calendar_week" else atom.value
                return atom.end, f"{modifier} {value}", atom.kind == "weekday"
            period = self.sense(index + 1).period
            if period is not None:
                return index + 2, f"{modifier} {period}", False
            if modifier == "this" and self.sense(index + 1).day_part is not None:
                return index + 2, f"this {self.sense(index + 1).day_part}", False
            return None
        edge_index = index + 1 if first == "the" else index
        edge = self.sense(edge_index).edge
        if edge is not None:
            nxt = edge_index + 1
            if self.word(nxt) == "of":
                nxt += 1
            modifier = "this"
            named = self.sense(nxt).modifier
            if named is not None:
                modifier = named
                nxt += 1
            elif self.sense(nxt).article:
                nxt += 1
            period = self.sense(nxt).period
            if period is not None and period != "weekend":
                return nxt + 1, f"{edge} of {modifier} {period}", False
            if modifier == "this":
                found = self.month(nxt)
                if found is not None:
                    return found[1], f"{edge} of " + MONTH_NAMES[found[0] - 1], False
            return None
        if after_relation:
            if sense.named_period_point is not None:
                return index + 1, sense.named_period_point, False
            period_index = index + 1 if self.sense(index).article else index
            if self.sense(period_index).period == "weekend":
                return period_index + 1, "weekend", False
        return None

    def point_chain(self, index, after_relation):
        first = self.point(index, after_relation, False)
        if first is None:
            return None
        values = [first[1]]
        end = self.continuation(first[0], first[2], values)
        return end, " ".join(values)

    def continuation(self, start, takes_day_part, values):
        end = start
        while end < self.count:
            nxt = end
            joiners = 0
            joiner_value = ""
            while joiners < 2 and (self.is_symbol(nxt, ",") or self.is_dash(nxt) or self.sense(nxt).joiner):
                relation = self.sense(nxt).relation
                if relation:
                    joiner_value = relation
                nxt += 1
                joiners += 1
            if takes_day_part:
                part = self.point(end, False, True)
                if part is not None:
                    values.append(part[1])
                    end = part[0]
                    takes_day_part = False
                    continue
            found = self.point(nxt, joiners > 0, False)
            if found is None:
                break
            values.append(found[1] if not joiner_value else f"{joiner_value} {found[1]}")
            end = found[0]
            takes_day_part = found[2]
        if self.word(end) == "at" and self.word(end + 1) == "the" and self.word(end + 2) == "latest":
            end += 3
        elif self.word(end) == "spaetestens" or (self.word(end) == "latest" and self.language == "en"):
            end += 1
        return end

    def is_in_past_clause(self, index):
        back = index - 1
        steps = 0
        while back >= 0 and steps < 8:
            piece = self.pieces[back]
            if piece.shape == "symbol" and piece.symbol in ".,;:!?\n":
                return False
            sense = self.sense(back)
            if sense.clause_break:
                return False
            if sense.past_auxiliary:
                return True
            back -= 1
            steps += 1
        return False

    def past_expression_end(self, index):
        found = self.duration_atom(index)
        if found is not None and self.word(found[0].end) == "ago":
            return found[0].end + 1
        sense = self.sense(index)
        if sense.before_now:
            found = self.duration_atom(index + 1)
            if found is not None:
                return found[0].end
        if sense.past_day:
            return self.continuation(index + 1, True, [])
        if not sense.past_marker:
            return None
        if self.sense(index + 1).period is not None:
            return index + 2
        found = self.duration_atom(index + 1)
        if found is not None:
            return found[0].end
        chain = self.point_chain(index + 1, True)
        if chain is not None:
            return chain[0]
        return None

    def time_frame(self, index):
        frame = self.time_frame_ignoring_tense(index)
        if frame is None or self.is_in_past_clause(index):
            return None
        return frame

    def time_frame_ignoring_tense(self, index):
        if self.sense(index).introduces_duration and self.sense(index + 1).relation is not None:
            return None
        found = self.duration_atom(index)
        if found is not None and self.word(found[0].end) == "from" and self.word(found[0].end + 1) == "now":
            return found[0].end + 2, found[0].value + " from now", found[1]
        nxt = index
        relations = []
        introduces_duration = False
        while len(relations) < 4:
            if self.sense(nxt).starts_phrase and self.word(nxt) in ("no", "not") and self.word(nxt + 1) == "later" \
                    and self.word(nxt + 2) == "than":
                relations.append("by")
                nxt += 3
                continue
            sense = self.sense(nxt)
            relation = sense.relation
            if relation is None:
                break
            if sense.introduces_duration:
                introduces_duration = True
            if relation and relation not in relations:
                relations.append(relation)
            if not relation:
                relations.append("")
            nxt += 1

        def described(value):
            lead = " ".join(r for r in relations if r)
            return value if not lead else f"{lead} {value}"

        if introduces_duration:
            after = nxt
            saw_next = saw_article = False
            fillers = 0
            while fillers < 4:
                filler = self.sense(after)
                if filler.next_filler:
                    saw_next = True
                elif filler.article:
                    saw_article = True
                elif not filler.duration_filler:
                    break
                after += 1
                if self.is_symbol(after, ".") and self.touches(after) and filler.abbreviation:
                    after += 1
                fillers += 1
            found = self.duration_atom(after)
            if found is not None and self.word(found[0].end) != "ago":
                atom, atom_index = found
                end = atom.end
                if self.word(end) == "from" and self.word(end + 1) == "now":
                    end += 2
                elif self.is_apostrophe(end) and self.word(end + 1) == "time":
                    end += 2
                return end, described(("next " if saw_next else "") + atom.value), atom_index
            unit = self.sense(after).unit
            if (saw_next or saw_article) and unit is not None:
                return after + 1, described(("next " if saw_next else "") + UNIT_NAMES[unit]), None
        chain = self.point_chain(nxt, bool(relations))
        if chain is None and relations and self.word(nxt) == "the":
            chain = self.point_chain(nxt + 1, True)
        if chain is None:
            return None
        if chain[1] == "immediately":
            return chain[0], chain[1], None
        return chain[0], described(chain[1]), None

    def find_time_frames(self):
        index = 0
        for start in self.starts:
            if start < index:
                continue
            piece = self.pieces[start]
            if self.point_atoms[start] < 0 and self.duration_atoms[start] < 0 and not piece.sense.known \
                    and piece.word != "the":
                continue
            end = self.past_expression_end(start)
            if end is not None and end > start:
                index = end
                continue
            frame = self.time_frame(start)
            if frame is not None and frame[0] > start:
                self.record("time_frame", start, frame[0], frame[1])
                if frame[2] is not None:
                    self.atoms[frame[2]].used = True
                index = frame[0]

    # Phone numbers and identifiers

    def claim_phone_numbers(self):
        index = 0
        while index < self.count:
            start = -1
            typed = self.number(index)
            if self.is_symbol(index, "+") and self.number(index + 1) is not None:
                start = index + 1
            elif typed is not None and typed.first == "0" and 2 <= typed.length <= 5 and typed.small(5) is not None:
                nxt = index + 1
                if self.is_symbol(nxt, ")") or self.is_symbol(nxt, "/") or self.is_dash(nxt):
                    nxt += 1
                following = self.number(nxt)
                if following is not None and following.length >= 3:
                    start = index
            elif self.sense(index).phone_label:
                nxt = index + 1
                while nxt < self.count and nxt <= index + 3 and (
                        self.is_symbol(nxt, ".") or self.is_symbol(nxt, ":") or self.word(nxt) in ("number", "nr")):
                    nxt += 1
                if self.number(nxt) is not None:
                    start = nxt
            if start < 0:
                index += 1
                continue
            end = start
            while end < self.count:
                if self.number(end) is not None:
                    self.pieces[end].claimed = True
                    end += 1
                elif (self.is_symbol(end, "/") or self.is_dash(end) or self.is_symbol(end, "(")
                      or self.is_symbol(end, ")")) and self.number(end + 1) is not None:
                    end += 1
                else:
                    break
            index = max(end, index + 1)

    def is_excluded_identifier_prefix(self, index):
        word = self.word(index)
        return len(word.encode("utf-8")) <= 3 and word in EXCLUDED_IDENTIFIER_PREFIXES

    def identifier_run(self, index):
        end = index
        digits = words = 0
        hyphens_only = plain = True
        pieces = self.pieces
        while end < self.count and self.is_free(end) and pieces[end].shape != "symbol":
            if pieces[end].shape == "number":
                digits += pieces[end].number.digits
                if not pieces[end].number.is_plain:
                    plain = False
            else:
                words += 1
            end += 1
            if end < self.count and self.touches(end) and self.is_free(end) and pieces[end].shape != "symbol":
                continue
            if end + 1 < self.count and self.touches(end) and self.touches(end + 1) and self.is_free(end + 1) \
                    and pieces[end + 1].shape != "symbol" \
                    and (self.is_symbol(end, "-") or self.is_symbol(end, "_") or self.is_symbol(end, "/")):
                if not self.is_symbol(end, "-"):
                    hyphens_only = False
                end += 1
                continue
            break
        return end, digits, words, hyphens_only, plain

    def is_labelled_number(self, index):
        back = index - 1
        while back >= 0 and back >= index - 3:
            if self.sense(back).identifier_label or self.word_has_suffix(back, "nummer"):
                return True
            glue = self.is_symbol(back, ".") or self.is_symbol(back, ":") or self.is_symbol(back, "#") \
                or self.sense(back).label_glue
            if not glue:
                return False
            back -= 1
        return False

    def find_identifiers(self):
        index = 0
        pieces = self.pieces
        while index < self.count:
            if not self.is_free(index):
                index += 1
                continue
            found = None
            skip_to = index + 1
            if self.is_symbol(index, "#") and self.is_free(index + 1) and self.touches(index + 1) \
                    and pieces[index + 1].shape != "symbol":
                end, digits, _, _, _ = self.identifier_run(index + 1)
                if digits >= 3:
                    found = (index, end)
                skip_to = end
            elif pieces[index].shape != "symbol":
                end, digits, words, hyphens_only, plain = self.identifier_run(index)
                skip_to = max(end, index + 1)
                starts_with_word = pieces[index].shape == "word"
                length = pieces[end - 1].end - pieces[index].start
                letters = len(pieces[index].word.encode("utf-8"))
                typed_next = self.number(index + 1)
                if end == index + 1 and starts_with_word and pieces[index].upper and 2 <= letters <= 5 \
                        and not self.is_excluded_identifier_prefix(index) and typed_next is not None \
                        and not self.touches(index + 1) and typed_next.length >= 4 \
                        and typed_next.is_plain_digits(30) and self.year(index + 1) is None \
                        and self.identifier_run(index + 1)[0] == index + 2:
                    found = (index, index + 2)
                    skip_to = index + 2
                elif length > 40 or (digits == 0 and end > index + 1):
                    pass
                elif end - index > 1:
                    if starts_with_word:
                        if digits >= 3 and not self.is_excluded_identifier_prefix(index):
                            found = (index, end)
                    elif words == 0:
                        starts_like_phone = pieces[index].number.first == "0"
                        if hyphens_only and plain and digits >= 6 and not starts_like_phone:
                            found = (index, end)
                    elif digits >= 5:
                        found = (index, end)
                else:
                    typed = self.number(index)
                    if typed is not None and typed.is_plain_digits(30):
                        digits = typed.length
                        labelled = self.is_labelled_number(index)
                        postcode = self.language == "de" and digits == 5 and self.is_word(index + 1) \
                            and pieces[index + 1].capitalised and not self.sense(index + 1).known
                        phone_like = typed.first == "0" and digits >= 9
                        if (digits >= 5 and not postcode and not phone_like) or (labelled and digits >= 3):
                            found = (index, index + 1)
            if found is not None:
                self.record("identifier", found[0], found[1], self.surface(*found).upper())
            index = skip_to


def recognise(text, language):
    """Every entity in `text`: (kind, start byte, end byte), sorted by start, kind, end."""
    if not text:
        return []
    return Scan(text, language).run()
