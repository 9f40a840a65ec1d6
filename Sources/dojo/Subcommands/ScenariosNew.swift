import ArgumentParser
import DojoConsole
import DojoCore
import Foundation

extension Dojo.Scenarios {
  /// Writes a commented scenario skeleton that lints clean, for authors starting from nothing.
  struct New: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "new",
      abstract: "Create a commented scenario skeleton that lints clean.",
      discussion: "Writes <out>/<name>.yaml, the id without the role's prefix (l1-agent/unexpected-charge.yaml for l1-unexpected-charge; default out: <scenarios>/<role>); never overwrites a file.")

    @Option(help: "Role of the scenario.")
    var role: Role

    @Option(help: "Channel of the scenario.")
    var channel: Channel

    @Option(help: "Language of the scenario.")
    var language: Language

    @Argument(help: "The new scenario's id: lower-case letters, digits and hyphens.")
    var id: String

    @Option(help: "Folder to write to (default: the role's folder in the scenario folder).")
    var out: String?

    @Option(help: "Output format.")
    var format: OutputFormat = .text

    @OptionGroup var source: ScenarioOptions

    func validate() throws {
      guard id.range(of: "^[a-z0-9][a-z0-9-]*$", options: .regularExpression) != nil else {
        throw ValidationError("id '\(id)' must be lower-case letters, digits and hyphens")
      }
    }

    func run() throws {
      let directory = out ?? (source.resolvedDirectory as NSString).appendingPathComponent(role.rawValue)
      let path = (directory as NSString).appendingPathComponent("\(role.fileStem(forID: id)).yaml")
      if FileManager.default.fileExists(atPath: path) {
        Terminal.error("\(path) already exists; choose another id or remove the file first")
        throw ExitCode(1)
      }
      if out == nil, let other = ScenarioLibrary.fileDeclaring(id: id, in: source.resolvedDirectory) {
        Terminal.error("scenario id '\(id)' is already used by \(other)")
        throw ExitCode(1)
      }
      do {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try ScenarioSkeleton.text(id: id, role: role, channel: channel, language: language)
          .write(toFile: path, atomically: true, encoding: .utf8)
      } catch {
        Terminal.error("\(path): cannot write: \(error.localizedDescription)")
        throw ExitCode(1)
      }
      switch format {
      case .json:
        try Terminal.printJSON(NewReport(scenarioID: id, id: id, path: path))
      case .text:
        print("created \(path)")
        // Outside the library the commands need to be told where its lexicon is.
        let library = out != nil ? source.directory.map { " --scenarios \($0)" } ?? "" : ""
        print("next: edit it, then `dojo scenarios lint \(path)\(library)` and `dojo scenarios autoplay \(path)\(library)`")
      }
    }
  }

  struct NewReport: Encodable {
    var scenarioID: String
    /// Deprecated: the same as `scenario_id`, kept for one release.
    var id: String
    var path: String
  }
}

extension Channel: ExpressibleByArgument {}
