/// Cuts what a mail carries besides the message: the quoted earlier mails and the signature.
/// Line-based, for English and German mail clients: from the first quote header on
/// ("On … wrote:", "Am … schrieb …:", "-----Original Message-----", "-----Ursprüngliche
/// Nachricht-----", an Outlook header block starting "From:"/"Von:", Zendesk's "##- Please type
/// your reply above this line -##"), from a signature separator ("--") on, `>`-quoted lines,
/// "Sent from my iPhone" lines, and a closing block at the end ("Best regards", "Mit
/// freundlichen Grüßen" and the few lines after it) — unless that would leave nothing. Pure.
public enum MailCleanup {
  public static func cut(_ text: String) -> String {
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { String(HTMLText.trimmed($0)) }
    var kept: [String] = []
    var index = 0
    scan: while index < lines.count {
      let line = lines[index]
      // Only lines that start like a marker are looked at closely (lower-casing every line is slow).
      guard let first = line.unicodeScalars.first, "#-_>oOaAvVfFsS".unicodeScalars.contains(first) else {
        kept.append(line)
        index += 1
        continue
      }
      let lower = line.lowercased()
      let next = index + 1 < lines.count ? lines[index + 1].lowercased() : ""
      if lower.hasPrefix("##-") || lower.hasPrefix("-----original message") || lower.hasPrefix("-----ursprüngliche nachricht")
        || lower.hasPrefix("----- forwarded message") || lower.hasPrefix("---------- forwarded message")
        || lower.hasPrefix("-------- weitergeleitete nachricht") || line == "--" || line == "-- " || line == "___"
      {
        break scan
      }
      if lower.hasPrefix("on "), lower.hasSuffix("wrote:") || (lower.count < 120 && next.hasSuffix("wrote:")) { break scan }
      if lower.hasPrefix("am "), lower.contains("schrieb") || next.contains("schrieb"), lower.hasSuffix(":") || next.hasSuffix(":") {
        break scan
      }
      if lower.hasPrefix("von:") || lower.hasPrefix("from:") {
        let following = lines[(index + 1)..<min(lines.count, index + 5)].map { $0.lowercased() }
        if following.contains(where: { l in ["gesendet:", "sent:", "an:", "to:", "betreff:", "subject:", "datum:", "date:"].contains { l.hasPrefix($0) } }) {
          break scan
        }
      }
      if line.hasPrefix(">") || lower.hasPrefix("sent from my ") || lower.hasPrefix("von meinem ") && lower.hasSuffix("gesendet") {
        index += 1
        continue
      }
      kept.append(line)
      index += 1
    }
    // A closing block near the end: the greeting line and everything after it.
    let content = kept.indices.filter { !kept[$0].isEmpty }
    for position in content.reversed().prefix(8) where isClosing(kept[position]) {
      if content.contains(where: { $0 < position }) {
        kept.removeSubrange(position...)
      }
      break
    }
    return HTMLText.tidy(kept.joined(separator: "\n"))
  }

  private static let closings = [
    "mit freundlichen grüßen", "mit freundlichen grüssen", "freundliche grüße", "freundliche grüsse", "viele grüße",
    "viele grüsse", "beste grüße", "beste grüsse", "liebe grüße", "liebe grüsse", "herzliche grüße", "schöne grüße",
    "freundliche grüße aus", "mfg", "lg", "gruß", "grüße", "best regards", "kind regards", "warm regards", "kindest regards",
    "regards", "best wishes", "thanks and regards", "yours sincerely", "sincerely", "cheers", "best",
  ]
  /// Closings that are only a greeting when alone on their line ("Best, Anna" is cut by the
  /// name check below; "Best solution so far" is not a greeting).
  private static let aloneOnly: Set<String> = ["mfg", "lg", "gruß", "grüße", "cheers", "best", "regards"]

  /// A greeting line: a closing phrase alone or followed by at most a few words (a name).
  static func isClosing(_ line: String) -> Bool {
    let lower = line.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: ",.!- "))
    for phrase in closings where lower.hasPrefix(phrase) {
      let rest = lower.dropFirst(phrase.count)
      if rest.isEmpty { return true }
      if aloneOnly.contains(phrase) && !rest.hasPrefix(",") { continue }
      guard let first = rest.first, first == "," || first == " " else { continue }
      // "Best regards, Anna" or "Mit freundlichen Grüßen Anna Schmidt": a name, not a sentence.
      if phrase.count >= 5 && rest.split(separator: " ").count <= 4 && !rest.contains(".") { return true }
    }
    return false
  }
}

internal import Foundation
