// Benchmarks for `make bench`: scoring throughput, linting 200 files, replay end to end, importing
// 10,000 helpdesk tickets (ImportBench.swift); with --reports, the report benchmarks of `make bench-reports` (ReportsBench.swift).
// Run on a release build; prints one line per measurement.
import DojoCore
import Foundation

// `dojo-bench --reports SCENARIOS DOJO STORE [TRAINEES…]`: the report benchmarks (make
// bench-reports) on demo stores of 2,000 trainees (STORE) or the numbers given (STORE-N.sqlite).
if CommandLine.arguments.count > 4 && CommandLine.arguments[1] == "--reports" {
  let a = CommandLine.arguments
  let sizes = a.dropFirst(5).compactMap { Int($0) }
  let stores = (sizes.isEmpty ? [2000] : sizes).map { n in
    (trainees: n, path: n == 2000 ? a[4] : (a[4] as NSString).deletingPathExtension + "-\(n).sqlite")
  }
  try ReportsBench.run(root: a[2], dojo: a[3], stores: stores)
  exit(0)
}

// `dojo-bench --reports-postgres SCENARIOS DOJO URL SQLITE_STORE`: the reports on the demo store
// moved to PostgreSQL against their own SQL in psql, and the per-line commit (make
// bench-reports-postgres, ReportsBenchPostgres.swift).
if CommandLine.arguments.count > 5 && CommandLine.arguments[1] == "--reports-postgres" {
  let a = CommandLine.arguments
  try ReportsBenchPostgres.run(root: a[2], dojo: a[3], server: a[4], sqliteStore: a[5])
  exit(0)
}

// `dojo-bench --postgres URL`: per-line commits on PostgreSQL against SQLite (make bench-postgres).
if CommandLine.arguments.count > 2 && CommandLine.arguments[1] == "--postgres" {
  try PostgresBench.run(url: CommandLine.arguments[2])
  exit(0)
}

// `dojo-bench ROOT DOJO peer LIST`: the Swift scorer on the answer files the Python peer agrees
// on (make bench, PeerBench.swift).
if CommandLine.arguments.count > 4 && CommandLine.arguments[3] == "peer" {
  try PeerBench.run(root: CommandLine.arguments[1], list: CommandLine.arguments[4])
  exit(0)
}

let arguments = CommandLine.arguments
let root = arguments.count > 1 ? arguments[1] : "scenarios"
let dojo = arguments.count > 2 ? arguments[2] : ".build/release/dojo"
/// `dojo-bench ROOT DOJO scoring` runs only the scoring benchmark (for profiling);
/// `dojo-bench ROOT DOJO import` only the import benchmark.
let onlyScoring = arguments.count > 3 && arguments[3] == "scoring"
if arguments.count > 3 && arguments[3] == "import" {
  try ImportBench.run(dojo: dojo)
  exit(0)
}
/// `dojo-bench ROOT DOJO startup` runs only the start-up lines (practice and list).
if arguments.count > 3 && arguments[3] == "startup" {
  let startupScratch = FileManager.default.temporaryDirectory.appendingPathComponent("dojo-bench-\(getpid())")
  try StartupBench.run(root: root, dojo: dojo, scratch: startupScratch)
  try? FileManager.default.removeItem(at: startupScratch)
  exit(0)
}

func seconds(_ duration: Duration) -> Double {
  Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
}

// 1. Scoring: a 6-turn transcript against a 10-criterion rubric, on one core.
let rubricYAML = """
  id: bench-rubric
  title: Bench
  role: l1-agent
  channel: chat
  language: en
  difficulty: 1
  summary: Benchmark scenario.
  persona: {name: Sam, mood: neutral}
  start: a
  nodes:
    a:
      customer: "My order is late and I was charged twice."
      expects: [c1, c2, c3, c4, c5, c6, c7, c8, c9, c10]
      model: "ok"
      branches: [{when: {misses: 9}, goto: z}]
    z: {customer: "bye", end: gave-up}
  rubric:
    criteria:
  \((1...10).map { i in """
      - id: c\(i)
        name: Criterion \(i)
        tip: Tip \(i).
        scale: \(i % 2 == 0 ? "3-point" : "binary")
        evidence:
          en:
            any: ["@empathy", "order number|tracking number", "refund|credit back"]
            all: ["\(["check", "confirm", "explain", "apologise", "escalate"][i % 5])"]
            none: ["@blame_customer"]
  """ }.joined(separator: "\n"))
  escalation: {expect: resolve}
  """
let lexicon = LexiconLoader.load(directory: root + "/lexicon").lexicon
let (parsed, diagnostics) = ScenarioLoader(lexicon: lexicon).parse(yaml: rubricYAML, file: "bench.yaml")
guard let scenario = parsed else {
  print(diagnostics.map(\.description).joined(separator: "\n"))
  exit(1)
}
let compiled = CompiledScenario(scenario, lexicon: lexicon)
let replies = [
  "I'm so sorry to hear that, I understand how frustrating a late order is.",
  "Could you confirm your order number so I can check the tracking number?",
  "Thank you. I checked and the parcel left our warehouse yesterday, it should arrive tomorrow.",
  "I also see the double charge; I will credit back the second payment of 24.99 today.",
  "You will receive a confirmation e-mail within the hour with the reference number.",
  "Is there anything else I can help you with? Have a great day!",
]
var transcript = Transcript(finalMood: .neutral)
for (index, reply) in replies.enumerated() {
  transcript.entries.append(TranscriptEntry(speaker: .customer, nodeID: "a", text: "…"))
  transcript.entries.append(TranscriptEntry(speaker: .trainee, nodeID: "a", turn: index + 1, text: reply, action: .reply(reply)))
}
transcript.ending = .resolved
let scorer = Scorer(compiled)
var checksum = 0.0
let scoringRuns = Int(ProcessInfo.processInfo.environment["DOJO_BENCH_SCORING_RUNS"] ?? "") ?? 20_000
let clock = ContinuousClock()
let scoringTime = clock.measure {
  for _ in 0..<scoringRuns { checksum += scorer.score(transcript).score }
}
let perSecond = Double(scoringRuns) / seconds(scoringTime)
print(String(format: "scoring   %8.0f transcripts/s   (6 turns, 10 criteria, one core; score %.1f)", perSecond, checksum / Double(scoringRuns)))

// 1b. The same on a bundled scenario: the strong answers of l1-unexpected-charge, whose criteria
// share fewer patterns than the rubric above.
let bundledLibrary = ScenarioLibrary.load(paths: [ScenarioLibrary.fileDeclaring(id: "l1-unexpected-charge", in: root) ?? ""], lexiconDirectory: root + "/lexicon", lint: false)
if let bundled = bundledLibrary.scenarios.first {
  let bundledCompiled = CompiledScenario(bundled, lexicon: bundledLibrary.lexicon)
  let answerText = try String(contentsOfFile: root + "/answers/l1-unexpected-charge/strong.txt", encoding: .utf8)
  let outcome = try Replay.run(bundledCompiled, answers: try AnswerFile.parse(answerText), seed: 1)
  let bundledScorer = Scorer(bundledCompiled)
  var bundledChecksum = 0.0
  let bundledTime = clock.measure {
    for _ in 0..<scoringRuns { bundledChecksum += bundledScorer.score(outcome.state.transcript).score }
  }
  print(String(format: "scoring   %8.0f transcripts/s   (l1-unexpected-charge, strong answers: %d turns, %d criteria; score %.1f)",
    Double(scoringRuns) / seconds(bundledTime), outcome.state.transcript.traineeTurns.count, bundled.rubric.criteria.count,
    bundledChecksum / Double(scoringRuns)))
}
if onlyScoring { exit(0) }

// 1c. Recognisers: typed entities in one typical 30-word reply per call, English and German alternating.
let recogniserReplies: [(String, Language)] = [
  ("I'm so sorry about the double charge. I've refunded €24.99 to your card today and you'll see it within 3-5 business days, by Friday at the latest.", .en),
  ("Das tut mir leid. Ich habe Ihnen 24,99 € erstattet, Ticket INV-88412; das Geld ist innerhalb von 3–5 Werktagen, spätestens Freitag KW 26, auf Ihrem Konto.", .de),
]
let recogniserRuns = 200_000
var recognised = 0
let recogniserTime = clock.measure {
  for run in 0..<recogniserRuns {
    let (reply, language) = recogniserReplies[run % 2]
    recognised += Recognisers.recognise(reply, language: language).count
  }
}
print(String(format: "recognise %8.0f replies/s        (30-word reply, en and de, one core; %d entities)", Double(recogniserRuns) / seconds(recogniserTime), recognised / recogniserRuns))

// 2. Linting 200 scenario files: the bundled library copied until there are 200, `dojo scenarios
// lint` as a process against PyYAML's C loader parsing the same files in one python3 process
// (paired runs, medians).
let sources = ScenarioLibrary.scenarioFiles(in: root)
let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("dojo-bench-\(getpid())")
let folder = scratch.appendingPathComponent("lint")
try? FileManager.default.removeItem(at: scratch)
try FileManager.default.createDirectory(at: folder.appendingPathComponent("lexicon"), withIntermediateDirectories: true)
for name in ["en.yaml", "de.yaml"] {
  try FileManager.default.copyItem(atPath: root + "/lexicon/" + name, toPath: folder.appendingPathComponent("lexicon/" + name).path)
}
var lintFiles: [String] = []
for index in 0..<200 {
  let source = sources[index % sources.count]
  var text = try String(contentsOfFile: source, encoding: .utf8)
  text = text.replacingOccurrences(of: #"(?m)^id: (\S+)"#, with: "id: $1-copy\(index)", options: .regularExpression)
  let file = folder.appendingPathComponent("s\(index).yaml")
  try text.write(to: file, atomically: true, encoding: .utf8)
  lintFiles.append(file.path)
}
var lintCount = 0
let lintTime = clock.measure {
  let library = ScenarioLibrary.load(paths: [folder.path], versions: false)
  lintCount = library.scenarios.count
}
print(String(format: "lint      %8.3f s for %d files (%d scenarios loaded, in process)", seconds(lintTime), 200, lintCount))
let lintArguments = [dojo, "scenarios", "lint", folder.path]
// The interpreter itself, not a wrapper such as pyenv's shim (whose start-up would count).
let interpreter = Spawn.run(["/usr/bin/env", "python3", "-c", "import sys, yaml; yaml.CLoader; print(sys.executable)"])
let pythonPath = interpreter.output.trimmingCharacters(in: .whitespacesAndNewlines)
let python = [pythonPath, "-c", "import sys, yaml\nfor f in sys.argv[1:]:\n    yaml.load(open(f), Loader=yaml.CLoader)"]
if interpreter.status != 0 || pythonPath.isEmpty || Spawn.run(python + ["/dev/null"]).status != 0 {
  print("lint      skipped the PyYAML baseline: python3 with PyYAML's C loader is not installed (pip install pyyaml)")
} else {
  let (parse, lint) = Spawn.paired(runs: 7, baseline: { Spawn.run(python + lintFiles).total }, measured: { Spawn.run(lintArguments).total })
  print(String(format: "lint      %8.1f ms for 200 files, dojo scenarios lint; PyYAML C loader %.1f ms: %.2fx (target <= 1.2x)", lint * 1000, parse * 1000, lint / parse))
}

// 3. `dojo replay` end to end, as a process, mean of 20 runs.
let answers = root + "/answers/l1-unexpected-charge/strong.txt"
var replayTotal = Duration.zero
let replayRuns = 20
for _ in 0..<replayRuns {
  let process = Process()
  process.executableURL = URL(fileURLWithPath: dojo)
  process.arguments = ["replay", "l1-unexpected-charge", "--answers", answers, "--scenarios", root, "--format", "json"]
  process.standardOutput = FileHandle.nullDevice
  replayTotal += clock.measure {
    try? process.run()
    process.waitUntilExit()
  }
}
print(String(format: "replay    %8.1f ms per run   (dojo replay end to end, %d-scenario library, mean of %d)", seconds(replayTotal) / Double(replayRuns) * 1000, sources.count, replayRuns))

try StartupBench.run(root: root, dojo: dojo, scratch: scratch)
try? FileManager.default.removeItem(at: scratch)

// `dojo import zendesk` on a synthetic export of 10,000 tickets (~60,000 comments).
try ImportBench.run(dojo: dojo)
