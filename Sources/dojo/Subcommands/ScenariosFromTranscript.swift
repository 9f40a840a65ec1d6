import ArgumentParser
import DojoConsole
import DojoCore
import Foundation

extension Dojo.Scenarios {
  /// A scenario skeleton from a past conversation: its customer lines as the nodes.
  struct FromTranscript: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "from-transcript",
      abstract: "Write a scenario skeleton from a transcript: the customer's real lines as nodes.",
      discussion: """
        The customer's lines become the nodes in order, the agent's replies their model answers, \
        internal notes facts; persona, facts and rubric are placeholders to fill in. Writes \
        <out>/<name>.yaml (default out: <scenarios>/<role>); never overwrites a file. The file lints clean.
        """)

    @Argument(help: "Transcript id or path.")
    var transcript: String

    @Option(help: "Folder of transcripts.")
    var transcripts = "transcripts"

    @Option(help: "Role of the scenario.")
    var role: Role = .l1Agent

    @Option(help: "The new scenario's id (default: the role's prefix and the transcript id).")
    var id: String?

    @Option(help: "Folder to write to (default: the role's folder in the scenario folder).")
    var out: String?

    @Option(help: "Output format.")
    var format: OutputFormat = .text

    @OptionGroup var source: ScenarioOptions

    func validate() throws {
      if let id, id.range(of: "^[a-z0-9][a-z0-9-]*$", options: .regularExpression) == nil {
        throw ValidationError("id '\(id)' must be lower-case letters, digits and hyphens")
      }
    }

    func run() throws {
      let path = transcript.hasSuffix(".yaml") ? transcript : "\(transcripts)/\(transcript).yaml"
      guard FileManager.default.fileExists(atPath: path) else {
        Terminal.error("no transcript '\(transcript)' in \(transcripts); `dojo critique --list --transcripts \(transcripts)` shows them")
        throw ExitCode(1)
      }
      // The rubric of an annotated transcript's scenario is not needed: an empty library will do
      // for an unannotated one, the real one for the rest.
      let (loaded, diagnostics) = TranscriptLoader.load(path: path, library: try library(for: path))
      guard let past = loaded else {
        for diagnostic in diagnostics { Terminal.error(diagnostic.description) }
        throw ExitCode(1)
      }
      let scenarioID = id ?? role.idPrefix + past.id.replacingOccurrences(of: "_", with: "-").lowercased()
      let directory = out ?? (source.resolvedDirectory as NSString).appendingPathComponent(role.rawValue)
      let file = (directory as NSString).appendingPathComponent("\(role.fileStem(forID: scenarioID)).yaml")
      if FileManager.default.fileExists(atPath: file) {
        Terminal.error("\(file) already exists; choose another --id or remove the file first")
        throw ExitCode(1)
      }
      if out == nil, let other = ScenarioLibrary.fileDeclaring(id: scenarioID, in: source.resolvedDirectory) {
        Terminal.error("scenario id '\(scenarioID)' is already used by \(other)")
        throw ExitCode(1)
      }
      do {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try ScenarioSkeleton.text(id: scenarioID, role: role, transcript: past).write(toFile: file, atomically: true, encoding: .utf8)
      } catch {
        Terminal.error("\(file): cannot write: \(error.localizedDescription)")
        throw ExitCode(1)
      }
      switch format {
      case .json:
        try Terminal.printJSON(FromTranscriptReport(scenarioID: scenarioID, transcript: past.id, path: file))
      case .text:
        print("created \(file) from \(past.id)")
        let library = out != nil ? source.directory.map { " --scenarios \($0)" } ?? "" : ""
        print("next: fill in the persona, facts and rubric, then `dojo scenarios lint \(file)\(library)`")
      }
    }

    private func library(for path: String) throws -> ScenarioLibrary {
      let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
      if text.contains("\nannotated: false") { return ScenarioLibrary.load(paths: [], lint: false) }
      return try source.loadLibrary()
    }
  }

  struct FromTranscriptReport: Encodable {
    var scenarioID: String
    var transcript: String
    var path: String
  }
}
