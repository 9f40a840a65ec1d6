/// The kinds of personal data `Redactor` replaces. The raw values are the keys of the redaction
/// report.
public enum RedactionKind: String, Sendable, Codable, CaseIterable, CodingKeyRepresentable {
  case name, email, phone, iban, card, address, link
}

/// Replaces personal data in the texts of one ticket with placeholders that stay the same for
/// the same value across the ticket: `[customer]` (the requester; other end-users
/// `[customer 2]` …), `[agent 1]`, `[agent 2]` …, `[email 1]`, `[phone 1]`, `[iban 1]`,
/// `[card ending 4417]`, `[address 1]`, `[link 1]`.
///
/// What it finds, by hand-written scanners (no regular expressions: they are too slow for
/// 60,000 messages, and each rule needs a check a pattern cannot make):
/// - e-mail addresses (`local@domain.tld`);
/// - links with secrets: a query parameter named like a token, key, signature, session or
///   password, a value or path segment that looks random (16+ letters and digits mixed), user
///   info, or an `@` in the query; other links stay (a help-centre article is useful context);
/// - IBANs: two letters, two check digits and up to 30 letters and digits, spaces between groups
///   allowed, valid by the ISO 13616 mod-97 checksum;
/// - payment card numbers: 13–19 digits (spaces or dashes between groups) starting 2–6, valid by
///   the Luhn checksum; the last four digits are kept;
/// - phone numbers: international (`+49 …`, `0049 …`, `+1 (555) …`), German national
///   (`030 1234567`, `0171/1234567`, `(030) 12 34 56`) and North American `555-123-4567`; 7–15
///   digits; dates such as `03.12.2024` are not phone numbers;
/// - street addresses: a German street (`…straße`, `…str.`, `…weg`, `…platz`, `Berliner Straße`)
///   with its house number, an English one (`221B Baker Street`, `12 High St`), each with the
///   postcode and city that follow (`10115 Berlin`, `SW1A 1AA`, `NY 10001`);
/// - the names of the people the export names (requester, agents, other end-users): the full
///   name and each part alone (first names too), in any case; parts that are common words ("Will",
///   "May") only when capitalised. With `keepNames`, names stay (everything else is still
///   replaced).
public struct Redactor: Sendable {
  public private(set) var counts: [RedactionKind: Int] = [:]
  private var placeholders: [RedactionKind: [String: String]] = [:]
  /// Lower-cased name part → the person's placeholder; `capitalOnly` for parts that are words.
  private var nameParts: [String: (placeholder: String, capitalOnly: Bool)] = [:]
  private let keepNames: Bool

  /// `people` in the order their placeholders are numbered (agents `[agent 1]`, `[agent 2]` …);
  /// the requester is `[customer]`.
  public init(people: [HelpdeskPerson], requesterID: String?, keepNames: Bool = false) {
    self.keepNames = keepNames
    var customers = 0, agents = 0
    var ordered = people.filter { $0.id == requesterID } + people.filter { $0.id != requesterID }
    ordered.removeAll { $0.name.isEmpty && $0.emails.isEmpty && $0.phones.isEmpty }
    for person in ordered {
      let placeholder: String
      if person.role == .agent {
        agents += 1
        placeholder = "[agent \(agents)]"
      } else {
        customers += 1
        placeholder = customers == 1 && (person.id == requesterID || requesterID == nil) ? "[customer]" : "[customer \(max(2, customers))]"
      }
      if person.name.isEmpty { continue }
      for part in Self.words(person.name) where part.count >= 2 {
        let lower = part.lowercased()
        if Self.notNames.contains(lower) { continue }
        if nameParts[lower] == nil {
          nameParts[lower] = (placeholder, LanguageGuess.isStopword(lower) || Self.commonWords.contains(lower))
        }
      }
    }
  }

  /// The text with every personal datum found replaced.
  public mutating func redact(_ text: String) -> String {
    var scalars = Array(text.unicodeScalars)
    var hasDigit = false, hasAt = false, hasLink = false
    for scalar in scalars {
      if ("0"..."9").contains(scalar) { hasDigit = true } else if scalar == "@" { hasAt = true } else if scalar == "/" || scalar == "w" { hasLink = true }
    }
    if hasLink { scalars = replaceLinks(scalars) }
    if hasAt { scalars = replaceEmails(scalars) }
    if hasDigit {
      scalars = replaceIBANs(scalars)
      scalars = replaceNumbers(scalars)
      scalars = replaceAddresses(scalars)
    }
    if !keepNames && !nameParts.isEmpty { scalars = replaceNames(scalars) }
    var result = String.UnicodeScalarView()
    result.append(contentsOf: scalars)
    return String(result)
  }

  // MARK: - Placeholders

  private mutating func placeholder(_ kind: RedactionKind, key: String, make: (Int) -> String) -> String {
    counts[kind, default: 0] += 1
    if let existing = placeholders[kind]?[key] { return existing }
    let made = make((placeholders[kind]?.count ?? 0) + 1)
    placeholders[kind, default: [:]][key] = made
    return made
  }

  private static func numbered(_ label: String) -> (Int) -> String { { "[\(label) \($0)]" } }

  private static func text(_ scalars: [Unicode.Scalar]) -> String {
    var view = String.UnicodeScalarView()
    view.append(contentsOf: scalars)
    return String(view)
  }

  // MARK: - Character classes

  private static func isDigit(_ s: Unicode.Scalar) -> Bool { s.value >= 48 && s.value <= 57 }
  private static func isASCIILetter(_ s: Unicode.Scalar) -> Bool { (s.value >= 65 && s.value <= 90) || (s.value >= 97 && s.value <= 122) }
  private static func isUpper(_ s: Unicode.Scalar) -> Bool { s.properties.isUppercase }
  private static func isWordScalar(_ s: Unicode.Scalar) -> Bool { s.properties.isAlphabetic || isDigit(s) }
  private static func isSpace(_ s: Unicode.Scalar) -> Bool { s == " " || s == "\n" || s == "\t" || s == "\r" || s == "\u{00A0}" }

  /// Whether position `i` starts a word (nothing alphanumeric right before it).
  private static func atWordStart(_ scalars: [Unicode.Scalar], _ i: Int) -> Bool {
    i == 0 || !(isWordScalar(scalars[i - 1]) || scalars[i - 1] == "_")
  }

  // MARK: - Links

  private static let secretKeys: Set<String> = [
    "token", "access_token", "refresh_token", "id_token", "auth", "authorization", "key", "api_key", "apikey", "secret",
    "client_secret", "sig", "signature", "session", "sessionid", "session_id", "sid", "password", "pass", "pwd", "passwd",
    "code", "otp", "reset", "reset_token", "hash", "jwt", "t", "k", "s", "x-amz-signature", "x-amz-credential", "email", "mail",
  ]

  private mutating func replaceLinks(_ scalars: [Unicode.Scalar]) -> [Unicode.Scalar] {
    var out: [Unicode.Scalar] = []
    out.reserveCapacity(scalars.count)
    var i = 0
    while i < scalars.count {
      if Self.atWordStart(scalars, i), let end = Self.linkEnd(scalars, at: i) {
        let link = String(String.UnicodeScalarView(scalars[i..<end]))
        if Self.hasSecret(link) {
          out += placeholder(.link, key: link, make: Self.numbered("link")).unicodeScalars
        } else {
          out += scalars[i..<end]
        }
        i = end
        continue
      }
      out.append(scalars[i])
      i += 1
    }
    return out
  }

  private static func linkEnd(_ scalars: [Unicode.Scalar], at i: Int) -> Int? {
    func matches(_ prefix: String) -> Bool {
      let p = Array(prefix.unicodeScalars)
      guard i + p.count <= scalars.count else { return false }
      for k in 0..<p.count where Character(scalars[i + k]).lowercased() != Character(p[k]).lowercased() { return false }
      return true
    }
    guard matches("https://") || matches("http://") || matches("www.") else { return nil }
    var end = i
    while end < scalars.count, !isSpace(scalars[end]), !"<>\"“”‘’()[]{}|".unicodeScalars.contains(scalars[end]) { end += 1 }
    while end > i, ".,;:!?'".unicodeScalars.contains(scalars[end - 1]) { end -= 1 }
    return end > i + 4 ? end : nil
  }

  static func hasSecret(_ link: String) -> Bool {
    let body = link.drop { $0 != "/" }.dropFirst(2)
    let authority = body.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
    if authority.contains("@") { return true }
    let afterAuthority = body.dropFirst(authority.count)
    let pathPart = afterAuthority.prefix { $0 != "?" && $0 != "#" }
    let query = afterAuthority.dropFirst(pathPart.count).dropFirst()
    for segment in pathPart.split(separator: "/") where looksRandom(segment) { return true }
    for pair in query.split(whereSeparator: { $0 == "&" || $0 == ";" || $0 == "#" }) {
      let parts = pair.split(separator: "=", maxSplits: 1)
      let key = parts.first.map { $0.lowercased() } ?? ""
      let value = parts.count > 1 ? parts[1] : ""
      if secretKeys.contains(key) || key.hasSuffix("token") || key.hasSuffix("secret") || key.hasSuffix("key") { return true }
      if value.contains("@") || value.contains("%40") || looksRandom(value) { return true }
    }
    return false
  }

  /// 16 or more letters and digits (and `-`, `_`) with both letters and digits: a token, not a word.
  private static func looksRandom(_ text: Substring) -> Bool {
    guard text.count >= 16 else { return false }
    var letters = 0, digits = 0
    for scalar in text.unicodeScalars {
      if isDigit(scalar) { digits += 1 } else if isASCIILetter(scalar) { letters += 1 } else if scalar != "-" && scalar != "_" && scalar != "." && scalar != "%" && scalar != "=" { return false }
    }
    return letters > 0 && digits > 1 && letters + digits >= 16
  }

  // MARK: - E-mail

  private static func isLocal(_ s: Unicode.Scalar) -> Bool { isASCIILetter(s) || isDigit(s) || "._%+-'".unicodeScalars.contains(s) || (s.value > 127 && s.properties.isAlphabetic) }
  private static func isDomain(_ s: Unicode.Scalar) -> Bool { isASCIILetter(s) || isDigit(s) || s == "." || s == "-" || (s.value > 127 && s.properties.isAlphabetic) }

  private mutating func replaceEmails(_ scalars: [Unicode.Scalar]) -> [Unicode.Scalar] {
    var out: [Unicode.Scalar] = []
    out.reserveCapacity(scalars.count)
    var i = 0
    while i < scalars.count {
      guard scalars[i] == "@" else {
        out.append(scalars[i])
        i += 1
        continue
      }
      // The local part is already in `out`: walk back over it.
      var start = out.count
      while start > 0, Self.isLocal(out[start - 1]) { start -= 1 }
      while start < out.count, out[start] == "." || out[start] == "'" { start += 1 }
      var end = i + 1
      while end < scalars.count, Self.isDomain(scalars[end]) { end += 1 }
      while end > i + 1, scalars[end - 1] == "." || scalars[end - 1] == "-" { end -= 1 }
      let domain = String(String.UnicodeScalarView(scalars[(i + 1)..<end]))
      let labels = domain.split(separator: ".")
      guard start < out.count, labels.count >= 2, let tld = labels.last, tld.count >= 2, tld.allSatisfy(\.isLetter) else {
        out.append(scalars[i])
        i += 1
        continue
      }
      let local = String(String.UnicodeScalarView(out[start...]))
      out.removeSubrange(start...)
      out += placeholder(.email, key: (local + "@" + domain).lowercased(), make: Self.numbered("email")).unicodeScalars
      i = end
    }
    return out
  }

  // MARK: - IBAN

  private mutating func replaceIBANs(_ scalars: [Unicode.Scalar]) -> [Unicode.Scalar] {
    var out: [Unicode.Scalar] = []
    out.reserveCapacity(scalars.count)
    var i = 0
    while i < scalars.count {
      let s = scalars[i]
      if (s.value >= 65 && s.value <= 90) || (s.value >= 97 && s.value <= 122), i + 3 < scalars.count, Self.atWordStart(scalars, i),
        Self.isASCIILetter(scalars[i + 1]), Self.isDigit(scalars[i + 2]), Self.isDigit(scalars[i + 3]),
        let (end, iban) = Self.iban(scalars, at: i)
      {
        out += placeholder(.iban, key: iban, make: Self.numbered("iban")).unicodeScalars
        i = end
        continue
      }
      out.append(s)
      i += 1
    }
    return out
  }

  /// The end and the compact text of a valid IBAN starting at `i`.
  private static func iban(_ scalars: [Unicode.Scalar], at i: Int) -> (Int, String)? {
    var characters: [Unicode.Scalar] = []
    var ends: [Int] = []
    var j = i
    while j < scalars.count, characters.count < 34 {
      let s = scalars[j]
      if isDigit(s) || isASCIILetter(s) {
        characters.append(s)
        ends.append(j + 1)
        j += 1
      } else if s == " " && j + 1 < scalars.count && (isDigit(scalars[j + 1]) || isASCIILetter(scalars[j + 1])) && characters.count >= 4 {
        j += 1
      } else {
        break
      }
    }
    guard characters.count >= 15 else { return nil }
    for length in stride(from: characters.count, through: 15, by: -1) {
      // The IBAN must end at a word's end.
      let end = ends[length - 1]
      if end < scalars.count, isDigit(scalars[end]) || isASCIILetter(scalars[end]) { continue }
      let candidate = Array(characters[0..<length])
      if mod97(candidate) == 1 {
        return (end, String(String.UnicodeScalarView(candidate)).uppercased())
      }
    }
    return nil
  }

  private static func mod97(_ characters: [Unicode.Scalar]) -> Int {
    let rearranged = characters[4...] + characters[0..<4]
    var remainder = 0
    for s in rearranged {
      let upper = s.value >= 97 ? s.value - 32 : s.value
      if upper >= 48 && upper <= 57 {
        remainder = (remainder * 10 + Int(upper - 48)) % 97
      } else {
        remainder = (remainder * 100 + Int(upper - 55)) % 97
      }
    }
    return remainder
  }

  // MARK: - Card and phone numbers

  private mutating func replaceNumbers(_ scalars: [Unicode.Scalar]) -> [Unicode.Scalar] {
    var out: [Unicode.Scalar] = []
    out.reserveCapacity(scalars.count)
    var i = 0
    while i < scalars.count {
      let s = scalars[i]
      let starts = (Self.isDigit(s) || s == "+" || s == "(") && Self.atWordStart(scalars, i)
      guard starts, let run = Self.numberRun(scalars, at: i) else {
        out.append(s)
        i += 1
        continue
      }
      let digits = run.digits
      let first = digits.first ?? "0"
      // Digits right after an IBAN's "DE89 " are a failed IBAN, not a card.
      let afterIBANPrefix = out.count >= 5 && out[out.count - 1] == " " && Self.isDigit(out[out.count - 2]) && Self.isDigit(out[out.count - 3])
        && Self.isASCIILetter(out[out.count - 4]) && Self.isASCIILetter(out[out.count - 5])
      if s != "+" && s != "(" && !afterIBANPrefix && (13...19).contains(digits.count) && ("2"..."6").contains(first) && Self.luhn(digits) && run.separators.allSatisfy({ $0 == " " || $0 == "-" }) {
        var lastView = String.UnicodeScalarView()
        lastView.append(contentsOf: digits.suffix(4))
        let last = String(lastView)
        out += placeholder(.card, key: Self.text(digits), make: { _ in "[card ending \(last)]" }).unicodeScalars
        i = run.end
        continue
      }
      if Self.isPhone(run, opener: s) {
        out += placeholder(.phone, key: Self.text(Array(digits.suffix(9))), make: Self.numbered("phone")).unicodeScalars
        i = run.end
        continue
      }
      // Not personal data: copy the whole run, so its inner digits are not tried again.
      out += scalars[i..<run.end]
      i = run.end
    }
    return out
  }

  private struct NumberRun {
    var end: Int
    var digits: [Unicode.Scalar]
    var separators: [Unicode.Scalar]
    var groups: [Int]
  }

  /// Digits with single separators (space, `-`, `/`, `.`, parentheses) between groups.
  private static func numberRun(_ scalars: [Unicode.Scalar], at i: Int) -> NumberRun? {
    var run = NumberRun(end: i, digits: [], separators: [], groups: [])
    var j = i
    if scalars[j] == "+" { j += 1 }
    var group = 0
    var lastDigitEnd = i
    while j < scalars.count, run.digits.count <= 19 {
      let s = scalars[j]
      if isDigit(s) {
        run.digits.append(s)
        group += 1
        j += 1
        lastDigitEnd = j
      } else if " -/.()".unicodeScalars.contains(s) {
        // A separator must be followed by a digit (after at most one more separator, "/ ", ") ").
        var k = j + 1
        if k < scalars.count, " -/()".unicodeScalars.contains(scalars[k]), scalars[k] != s { k += 1 }
        guard k < scalars.count, isDigit(scalars[k]) else { break }
        if s == "(" && group > 0 && run.digits.count > 4 { break }
        if group > 0 { run.groups.append(group) }
        group = 0
        run.separators.append(s)
        j = k
      } else {
        break
      }
    }
    if group > 0 { run.groups.append(group) }
    // The run must end at a word's end.
    if lastDigitEnd < scalars.count, isASCIILetter(scalars[lastDigitEnd]) || scalars[lastDigitEnd] == "," && lastDigitEnd + 1 < scalars.count && isDigit(scalars[lastDigitEnd + 1]) {
      return nil
    }
    run.end = lastDigitEnd
    return run.digits.count >= 7 ? run : nil
  }

  private static func isPhone(_ run: NumberRun, opener: Unicode.Scalar) -> Bool {
    let count = run.digits.count
    guard (7...15).contains(count) else { return false }
    if run.separators.contains(".") && run.groups.count >= 3 && run.groups.prefix(2).allSatisfy({ $0 <= 2 }) { return false }  // a date
    if opener == "+" { return count >= 8 }
    let digits = run.digits
    if digits[0] == "0" {
      // 00… international, 0… German area or mobile code; a run of digits alone needs 8+.
      return run.groups.count > 1 || opener == "(" || count >= 8
    }
    // North American 555-123-4567, (555) 123-4567.
    return count == 10 && run.groups == [3, 3, 4] || count == 11 && digits[0] == "1" && run.groups == [1, 3, 3, 4]
  }

  static func luhn(_ digits: [Unicode.Scalar]) -> Bool {
    var sum = 0
    for (index, digit) in digits.reversed().enumerated() {
      var value = Int(digit.value - 48)
      if index % 2 == 1 {
        value *= 2
        if value > 9 { value -= 9 }
      }
      sum += value
    }
    return sum % 10 == 0
  }

  // MARK: - Addresses

  private static let germanStreetSuffixes = ["straße", "strasse", "str.", "weg", "gasse", "allee", "platz", "ring", "damm", "ufer", "chaussee", "steig", "pfad", "markt"]
  private static let englishStreetTypes: Set<String> = [
    "street", "st", "road", "rd", "avenue", "ave", "lane", "ln", "drive", "dr", "way", "close", "court", "ct", "place", "pl",
    "square", "sq", "boulevard", "blvd", "terrace", "crescent", "gardens", "grove", "hill", "row", "parkway", "park",
  ]

  private struct Token {
    var start: Int
    var end: Int
    var text: String
    /// The text without trailing `,`, `;`, `:`.
    var bare: String
  }

  private static func tokens(_ scalars: [Unicode.Scalar]) -> [Token] {
    var tokens: [Token] = []
    var i = 0
    while i < scalars.count {
      while i < scalars.count, isSpace(scalars[i]) { i += 1 }
      let start = i
      while i < scalars.count, !isSpace(scalars[i]) { i += 1 }
      if i > start {
        let text = String(String.UnicodeScalarView(scalars[start..<i]))
        var bare = Substring(text)
        while let last = bare.last, ",;:)".contains(last) { bare = bare.dropLast() }
        tokens.append(Token(start: start, end: start + bare.unicodeScalars.count, text: text, bare: String(bare)))
      }
    }
    return tokens
  }

  private static func isHouseNumber(_ text: String) -> Bool {
    let scalars = Array(text.unicodeScalars)
    guard let first = scalars.first, isDigit(first), scalars.count <= 9 else { return false }
    let digits = scalars.prefix { isDigit($0) }.count
    guard digits <= 4 else { return false }
    let rest = scalars.dropFirst(digits)
    if rest.isEmpty { return true }
    if rest.count == 1, let letter = rest.first, isASCIILetter(letter) { return true }
    if rest.first == "-" || rest.first == "/" { return rest.dropFirst().allSatisfy { isDigit($0) || isASCIILetter($0) } && rest.count <= 5 }
    return false
  }

  private static func isCapitalised(_ text: String) -> Bool { text.unicodeScalars.first.map(isUpper) ?? false }

  private static func isGermanPostcode(_ text: String) -> Bool {
    let t = text.hasPrefix("D-") ? String(text.dropFirst(2)) : text
    return t.count == 5 && t.unicodeScalars.allSatisfy(isDigit)
  }

  /// UK postcodes: the outward code (A9, A99, AA9, AA99, A9A, AA9A) and the inward code (9AA).
  private static func isUKPostcode(_ outward: String, _ inward: String) -> Bool {
    let o = Array(outward.uppercased().unicodeScalars), n = Array(inward.uppercased().unicodeScalars)
    guard n.count == 3, isDigit(n[0]), isASCIILetter(n[1]), isASCIILetter(n[2]) else { return false }
    guard (2...4).contains(o.count), isASCIILetter(o[0]), o.contains(where: isDigit) else { return false }
    return o.allSatisfy { isDigit($0) || isASCIILetter($0) }
  }

  private mutating func replaceAddresses(_ scalars: [Unicode.Scalar]) -> [Unicode.Scalar] {
    let tokens = Self.tokens(scalars)
    var spans: [(Int, Int)] = []
    var t = 0
    while t < tokens.count {
      var span: (start: Int, endToken: Int)? = nil
      let lower = tokens[t].bare.lowercased()
      // German: "Musterstraße 12", "Berliner Straße 12a", "Karl-Marx-Str. 5".
      if t + 1 < tokens.count, Self.isCapitalised(tokens[t].bare), Self.germanStreetSuffixes.contains(where: { lower.hasSuffix($0) }),
        Self.isHouseNumber(tokens[t + 1].bare)
      {
        let standalone = Self.germanStreetSuffixes.contains(lower) || lower == "straße" || lower == "str."
        let start = standalone && t > 0 && Self.isCapitalised(tokens[t - 1].bare) ? t - 1 : t
        span = (start, t + 1)
      }
      // English: "221B Baker Street", "12 High St.".
      if span == nil, Self.isHouseNumber(tokens[t].bare) {
        var k = t + 1
        while k < tokens.count, k - t <= 4, Self.isCapitalised(tokens[k].bare) {
          let word = tokens[k].bare.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "."))
          if k > t + 1 && Self.englishStreetTypes.contains(word) {
            span = (t, k)
            break
          }
          k += 1
        }
      }
      guard let found = span else {
        t += 1
        continue
      }
      // The postcode and city that follow, within four tokens.
      var end = found.endToken
      var k = end + 1
      while k < tokens.count && k <= found.endToken + 4 {
        let bare = tokens[k].bare
        if Self.isGermanPostcode(bare) {
          end = k + 1 < tokens.count && Self.isCapitalised(tokens[k + 1].bare) ? k + 1 : k
          break
        }
        if k + 1 < tokens.count, Self.isUKPostcode(bare, tokens[k + 1].bare.trimmingCharacters(in: CharacterSet(charactersIn: "."))) {
          end = k + 1
          break
        }
        if bare.count == 5 && bare.unicodeScalars.allSatisfy(Self.isDigit) || bare.count == 10 && bare.contains("-") && bare.unicodeScalars.filter(Self.isDigit).count == 9 {
          end = k
          break
        }
        k += 1
      }
      var spanEnd = tokens[end].end
      if end != found.endToken || Self.isHouseNumber(tokens[end].bare.trimmingCharacters(in: CharacterSet(charactersIn: "."))) {
        while spanEnd > tokens[end].start + 1, scalars[spanEnd - 1] == "." { spanEnd -= 1 }  // the sentence's full stop
      }
      spans.append((tokens[found.start].start, spanEnd))
      t = end + 1
    }
    guard !spans.isEmpty else { return scalars }
    var out: [Unicode.Scalar] = []
    var position = 0
    for (start, end) in spans {
      out += scalars[position..<start]
      let key = String(String.UnicodeScalarView(scalars[start..<end])).lowercased().filter { $0.isLetter || $0.isNumber }
      out += placeholder(.address, key: key, make: Self.numbered("address")).unicodeScalars
      position = end
    }
    out += scalars[position...]
    return out
  }

  // MARK: - Names

  /// Words of a name: letters (and apostrophes inside), split at spaces, hyphens and dots.
  static func words(_ text: String) -> [String] {
    text.split { !($0.isLetter || $0 == "'" || $0 == "’") }.map(String.init)
  }

  /// Titles and words that are no one's name on their own.
  private static let notNames: Set<String> = [
    "dr", "prof", "herr", "frau", "mr", "mrs", "ms", "miss", "von", "van", "der", "den", "de", "la", "le", "du", "da",
    "support", "team", "service", "customer", "kunde", "kundin", "agent", "admin", "help", "desk", "info", "sales", "billing",
  ]

  /// Words a first or last name can also be (matched only when capitalised).
  private static let commonWords: Set<String> = [
    "will", "may", "mark", "rose", "grace", "hope", "joy", "faith", "bill", "sue", "pat", "art", "frank", "sunny", "summer",
    "winter", "young", "white", "black", "brown", "green", "long", "short", "king", "page", "rich", "hunt", "wolf", "fuchs",
    "weber", "braun", "lange", "klein", "kurz", "schnell", "jung", "alt", "ernst", "frei", "fromm", "stern", "sommer",
  ]

  private mutating func replaceNames(_ scalars: [Unicode.Scalar]) -> [Unicode.Scalar] {
    var out: [Unicode.Scalar] = []
    out.reserveCapacity(scalars.count)
    var i = 0
    func isNameScalar(_ s: Unicode.Scalar) -> Bool { s.properties.isAlphabetic }
    while i < scalars.count {
      guard isNameScalar(scalars[i]), i == 0 || !(isNameScalar(scalars[i - 1]) || Self.isDigit(scalars[i - 1]) || scalars[i - 1] == "[") else {
        out.append(scalars[i])
        i += 1
        continue
      }
      var end = i
      while end < scalars.count, isNameScalar(scalars[end]) { end += 1 }
      let word = String(String.UnicodeScalarView(scalars[i..<end]))
      guard let match = match(word) else {
        out += scalars[i..<end]
        i = end
        continue
      }
      // Extend over the rest of the same person's name: "Anna Schmidt", "Anna-Lena Schmidt".
      var spanEnd = end
      var j = end
      while j < scalars.count, scalars[j] == " " || scalars[j] == "-" {
        var k = j + 1
        while k < scalars.count, isNameScalar(scalars[k]) { k += 1 }
        guard k > j + 1, let next = self.match(String(String.UnicodeScalarView(scalars[(j + 1)..<k]))), next == match else { break }
        spanEnd = k
        j = k
      }
      counts[.name, default: 0] += 1
      out += match.unicodeScalars
      i = spanEnd
    }
    return out
  }

  private func match(_ word: String) -> String? {
    guard word.count >= 2 else { return nil }
    guard let part = nameParts[word.lowercased()] else { return nil }
    if part.capitalOnly && !(word.unicodeScalars.first.map(Self.isUpper) ?? false) { return nil }
    return part.placeholder
  }
}

internal import Foundation
