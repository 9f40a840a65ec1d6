/// The YAML text of a transcript in the critique format (docs/scenario-format.md, "Transcripts
/// for critique mode"), as `dojo import` writes it and `dojo critique annotate` rewrites it.
/// Texts are literal blocks when they are several lines a block can hold as they are, else
/// double-quoted with escapes, so any text (control characters included) reads back the same. Pure.
public enum TranscriptWriter {
  public static func yaml(_ transcript: AnnotatedTranscript, header: [String] = []) -> String {
    var lines = header.map { "# " + $0 }
    lines.append("id: \(transcript.id)")
    lines.append("title: \(quoted(transcript.title))")
    if !transcript.annotated { lines.append("annotated: false") }
    if !transcript.scenario.isEmpty { lines.append("scenario: \(transcript.scenario)") }
    lines.append("language: \(transcript.language.rawValue)")
    if let channel = transcript.channel { lines.append("channel: \(channel.rawValue)") }
    if let source = transcript.source { lines.append("source: \(quoted(source))") }
    lines.append("summary: \(quoted(transcript.summary))")
    lines.append("turns:")
    for turn in transcript.turns {
      lines.append("  - speaker: \(turn.speaker)")
      lines.append("    text: \(scalar(turn.text, indent: 6))")
    }
    if transcript.annotations.isEmpty {
      lines.append("annotations: []")
    } else {
      lines.append("annotations:")
      for annotation in transcript.annotations {
        lines.append("  - turn: \(annotation.turn)")
        lines.append("    verdict: \(annotation.verdict.rawValue)")
        lines.append("    point: \(annotation.point)")
        lines.append("    note: \(quoted(annotation.note))")
      }
    }
    return lines.joined(separator: "\n") + "\n"
  }

  /// A literal block (`|-`) for text of several lines that needs no escapes, else a quoted string.
  static func scalar(_ text: String, indent: Int) -> String {
    guard text.contains("\n"), blockSafe(text) else { return quoted(text) }
    let pad = String(repeating: " ", count: indent)
    return "|-\n" + text.split(separator: "\n", omittingEmptySubsequences: false).map { $0.isEmpty ? "" : pad + $0 }.joined(separator: "\n")
  }

  private static func blockSafe(_ text: String) -> Bool {
    if text.hasPrefix(" ") || text.hasSuffix("\n") || text.hasPrefix("\n") { return false }
    for line in text.split(separator: "\n", omittingEmptySubsequences: false) where line.hasSuffix(" ") { return false }
    return !text.unicodeScalars.contains { scalar in
      (scalar.value < 0x20 && scalar != "\n") || scalar.value == 0x7F || (0x80...0x9F).contains(scalar.value)
        || scalar.value == 0x2028 || scalar.value == 0x2029 || scalar.value == 0xFEFF || TextSafety.isBidiControl(scalar)
    }
  }

  /// A YAML double-quoted string.
  public static func quoted(_ text: String) -> String {
    var out = "\""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\\": out += "\\\\"
      case "\"": out += "\\\""
      case "\n": out += "\\n"
      case "\t": out += "\\t"
      default:
        if scalar.value < 0x20 || scalar.value == 0x7F || (0x80...0x9F).contains(scalar.value) || scalar.value == 0x2028
          || scalar.value == 0x2029 || scalar.value == 0xFEFF || TextSafety.isBidiControl(scalar)
        {
          let hex = String(scalar.value, radix: 16, uppercase: true)
          out += "\\u" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
        } else {
          out.unicodeScalars.append(scalar)
        }
      }
    }
    return out + "\""
  }
}
