import DojoCore
import Foundation

/// The text form of `dojo eval phrasings`: a line per concept or criterion, then every sentence
/// read the wrong way with its line in the file.
public struct PhrasingView: Sendable {
  public var results: [PhrasingResult]
  public var file: String
  /// Replies read against criteria (a `.jsonl` file) rather than sentences against concepts.
  public var criteria: Bool

  public init(results: [PhrasingResult], file: String, criteria: Bool = false) {
    self.results = results
    self.file = file
    self.criteria = criteria
  }

  public func render() -> String {
    let rows = results.map { result in
      [
        result.name, result.language.rawValue,
        "\(result.counted)/\(result.shouldCount)" + (result.shouldCount > 0 ? String(format: " (%.0f%%)", result.recall * 100) : ""),
        "\(result.wronglyCounted)/\(result.shouldNotCount)",
      ]
    }
    let counted = results.reduce(0) { $0 + $1.counted }, meant = results.reduce(0) { $0 + $1.shouldCount }
    let wrong = results.reduce(0) { $0 + $1.wronglyCounted }, near = results.reduce(0) { $0 + $1.shouldNotCount }
    var lines = [
      TextTable(
        header: ["read against", "lang", criteria ? "met/kept read so" : "read as meant", criteria ? "not/broken read as met" : "near misses read"],
        rows: rows, maximumColumnWidth: 60
      ).render(),
      "",
      criteria
        ? "Overall: \(counted) of \(meant) replies meant to meet were read so, \(wrong) of \(near) that should not were read as meeting."
        : "Overall: \(counted) of \(meant) sentences meant were read, \(wrong) of \(near) near misses were read.",
    ]
    let misread = results.flatMap { result in result.misread.map { (result.name, $0) } }
    if !misread.isEmpty {
      lines += ["", Style.strong("Read the wrong way (\(misread.count))")]
      for (name, sentence) in misread.sorted(by: { $0.1.line < $1.1.line }) {
        let what = sentence.meant ? "missed" : "read  " + (sentence.words.isEmpty ? "" : " [\(sentence.words.joined(separator: " "))]")
        lines.append("\(file):\(sentence.line)  \(name)  \(what)")
        lines.append("    " + TextSafety.terminalSafe(sentence.sentence))
      }
    }
    return lines.joined(separator: "\n")
  }
}
