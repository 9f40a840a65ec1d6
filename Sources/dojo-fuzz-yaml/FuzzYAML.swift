// libFuzzer target for the scenario loader (YAML reading, validation, lint) and, when a scenario
// loads, the engine and scorer on its model answers. Built with `make fuzz-yaml`
// (`-sanitize=fuzzer`, compile condition FUZZING); a plain build replays the files named on the
// command line through the same function.
import DojoCore
import DojoFuzzSupport
import Foundation

/// One fuzz input: a scenario file's text. Loading must give a scenario or diagnostics, never a
/// crash; a loaded scenario must compile and play its model answers.
func fuzzYAML(_ data: Data) {
  let text = String(decoding: data, as: UTF8.self)
  let (scenario, diagnostics) = ScenarioLoader().parse(yaml: text, file: "fuzz.yaml")
  guard let scenario else {
    precondition(!diagnostics.isEmpty, "no scenario and no diagnostic")
    return
  }
  _ = Linter(lexicon: Lexicon()).warnings(for: scenario)
  let compiled = CompiledScenario(scenario, lexicon: Lexicon())
  let engine = ConversationEngine(compiled)
  var (state, _) = engine.start(seed: 1)
  for node in scenario.orderedNodes.prefix(32) where !state.isOver {
    guard let model = node.model, let action = try? SlashCommand.parseAction(model) else { continue }
    _ = try? engine.apply(action, to: &state)
  }
  if !state.isOver { _ = try? engine.apply(.end, to: &state) }
  _ = Scorer(compiled).score(state.transcript)
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ bytes: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
  guard let bytes else { return 0 }
  fuzzYAML(Data(bytes: bytes, count: count))
  return 0
}

#if !FUZZING
/// Runs each file (or each file in each folder) named on the command line through the target.
@main
struct Replay {
  static func main() throws {
    try CorpusReplay.run(tool: "dojo-fuzz-yaml", fuzzYAML)
  }
}
#endif
