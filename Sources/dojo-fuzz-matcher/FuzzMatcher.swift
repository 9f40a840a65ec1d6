// libFuzzer target for the phrase matcher (issue 13): tokenizing, typo tolerance, German compound
// splitting, phrase search and negation on arbitrary bytes. Built with `make fuzz-matcher`
// (`-sanitize=fuzzer`, compile condition FUZZING); a plain build gives a replayer that runs the
// files named on the command line through the same function (`make test` runs the corpus so).
@testable import DojoCore
import DojoFuzzSupport
import Foundation

/// One fuzz input: the first byte picks the language (even: English, odd: German); the first
/// line holds phrases separated by `|`; the rest is the trainee's text.
func fuzzMatcher(_ data: Data) {
  guard let first = data.first else { return }
  let language: Language = first % 2 == 0 ? .en : .de
  let text = String(decoding: data.dropFirst(), as: UTF8.self)
  let (head, body) = text.firstIndex(of: "\n").map { (String(text[..<$0]), String(text[text.index(after: $0)...])) } ?? (text, text)
  let phrases = head.split(separator: "|", omittingEmptySubsequences: true).prefix(16).map(String.init)
  let matcher = PhraseMatcher(language: language, phrases: phrases)
  let analyzed = matcher.analyze(body)
  for (index, phrase) in phrases.enumerated() {
    let pattern = CompiledPattern(id: index, source: phrase, alternatives: [matcher.compile(phrase)])
    if let match = matcher.match(pattern, in: analyzed) {
      // Every word a match reports is a word of the text.
      precondition(match.words.allSatisfy { word in analyzed.tokens.contains { $0.surface == word } })
    }
  }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ bytes: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
  guard let bytes else { return 0 }
  fuzzMatcher(Data(bytes: bytes, count: count))
  return 0
}

#if !FUZZING
/// Runs each file (or each file in each folder) named on the command line through the target.
@main
struct Replay {
  static func main() throws {
    try CorpusReplay.run(tool: "dojo-fuzz-matcher", fuzzMatcher)
  }
}
#endif
