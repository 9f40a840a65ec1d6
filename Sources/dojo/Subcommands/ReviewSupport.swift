import ArgumentParser
import DojoConsole
import DojoCore
import DojoStore
import Foundation

/// Finds the scenario a stored session was played on, for review, export and re-scoring.
///
/// The one place that maps a session to its scenario. With a version store (review, export,
/// calibration) a session is shown against the version it was played on, stored when it was
/// played; without one (re-scoring) it gets the library's current file. A note says when the
/// version shown is not the one played, or is not the library's current one.
final class SessionScenarios {
  /// What the lookup found for a session.
  struct Found {
    var scenario: Scenario?
    var lexicon: Lexicon?
    /// Said to the reader when the scenario is missing or has another version.
    var note: String?
  }

  let options: ScenarioOptions
  /// Where played versions are kept; nil to always use the library's current file.
  let versions: (any ScenarioVersionStore)?
  private var cache: [String: (Scenario?, Lexicon?, String?)] = [:]

  init(options: ScenarioOptions, versions: (any ScenarioVersionStore)? = nil) {
    self.options = options
    self.versions = versions
  }

  func lookup(_ session: SessionRecord) -> Found {
    let directory = options.resolvedDirectory
    let (scenario, lexicon, problem) = cached(session.scenarioID, directory: directory)
    if scenario?.version == session.scenarioVersion {
      return Found(scenario: scenario, lexicon: lexicon, note: nil)
    }
    if let versions, let snapshot = try? versions.scenarioSnapshot(id: session.scenarioID, version: session.scenarioVersion) {
      let current = scenario.map { "the library in \(directory) now has version \($0.version)" } ?? "it is no longer in \(directory)"
      let lexicon = lexicon ?? LexiconLoader.load(directory: ScenarioLibrary.findLexicon(near: directory) ?? directory + "/lexicon").lexicon
      return Found(
        scenario: snapshot.scenario, lexicon: lexicon,
        note: "shown as played (version \(session.scenarioVersion), stored with the session); \(current)")
    }
    guard let scenario else {
      return Found(scenario: nil, lexicon: nil, note: problem)
    }
    return Found(
      scenario: scenario, lexicon: lexicon,
      note: "played on version \(session.scenarioVersion), which is not stored; the library in \(directory) has version \(scenario.version): facts and expectations shown are the current ones")
  }

  private func cached(_ id: String, directory: String) -> (Scenario?, Lexicon?, String?) {
    if let hit = cache[id] { return hit }
    var found: (Scenario?, Lexicon?, String?)
    if let file = ScenarioLibrary.fileDeclaring(id: id, in: directory) {
      let library = ScenarioLibrary.load(
        paths: [file], lexiconDirectory: ScenarioLibrary.findLexicon(near: directory), lint: false)
      if let first = library.errors.first {
        found = (nil, nil, "scenario \(id) cannot be read (\(first.description)): facts and expectations not shown")
      } else if let scenario = library.scenarios.first(where: { $0.id == id }) {
        found = (scenario, library.lexicon, nil)
      } else {
        found = (nil, nil, "scenario \(id) is not in \(directory): facts and expectations not shown")
      }
    } else {
      found = (nil, nil, "scenario \(id) is not in \(directory): facts and expectations not shown")
    }
    cache[id] = found
    return found
  }
}

/// Runs a store operation, turning a refusal into a one-line error and exit code 1.
@discardableResult
func reviewing<T>(_ body: () throws -> T) throws -> T {
  do {
    return try body()
  } catch let error as ExitCode {
    throw error
  } catch {
    Terminal.error((error as? LocalizedError)?.errorDescription ?? String(describing: error))
    throw ExitCode(1)
  }
}

/// Which sessions a queue or an export covers.
struct ReviewFilterOptions: ParsableArguments {
  @Option(help: "Only this cohort.", completion: Completions.cohorts)
  var cohort: String?

  @Option(help: "Only this trainee.", completion: Completions.trainees)
  var trainee: String?

  @Option(help: "Only scenarios of this role.")
  var role: Role?

  @Option(help: "Only this scenario id.", completion: Completions.scenarioIDs)
  var scenario: String?

  @Flag(help: "Only sessions whose effective score did not pass.")
  var failed = false

  @Flag(help: "Only sessions with a missed critical criterion.")
  var critical = false

  @Flag(help: "Only sessions no lead has reviewed.")
  var unreviewed = false

  @Flag(help: "Only sessions with an open dispute.")
  var disputed = false

  @Option(help: "Only sessions started on or after this day (YYYY-MM-DD, UTC) or ISO 8601 time.")
  var since: SinceDate?

  /// The filter for the store; a trainee name that is not in the store is an error, not an
  /// empty list (a typo should not look like "nothing to review").
  func filter(in store: any Store) throws -> ReviewQueueFilter {
    if let trainee {
      guard try reviewing({ try store.existingTrainee(named: trainee) }) != nil else {
        Terminal.error("no trainee named '\(trainee)' in the store; `dojo trainee` lists them")
        throw ExitCode(1)
      }
    }
    return filter
  }

  var filter: ReviewQueueFilter {
    var filter = ReviewQueueFilter()
    filter.cohort = cohort
    filter.traineeName = trainee
    filter.role = role?.rawValue
    filter.scenarioID = scenario
    filter.failed = failed
    filter.critical = critical
    filter.unreviewed = unreviewed
    filter.disputed = disputed
    filter.since = since?.date
    return filter
  }
}


/// `text`, `markdown`, `html` or `json` for `dojo review show`.
extension ReviewFormat: ExpressibleByArgument {}


/// JSON text of a value as every command prints it: sorted snake_case keys, ISO 8601 dates, and
/// bidi and C1 control characters written as `\uXXXX` escapes (`TextSafety.jsonEscaped`).
func jsonText<T: Encodable>(_ value: T) throws -> String {
  let encoder = JSONEncoder()
  encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
  encoder.keyEncodingStrategy = .convertToSnakeCase
  encoder.dateEncodingStrategy = .iso8601
  return TextSafety.jsonEscaped(String(decoding: try encoder.encode(value), as: UTF8.self))
}
