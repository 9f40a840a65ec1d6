import ArgumentParser
import DojoConsole
import DojoCore
import DojoStore
import Foundation

extension Dojo {
  /// Exports for other systems.
  struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "export",
      abstract: "Export results for learning record stores and LMSs.",
      subcommands: [XAPI.self])

    struct XAPI: ParsableCommand {
      static let configuration = CommandConfiguration(
        commandName: "xapi",
        abstract: "Every finished session as an xAPI 1.0.3 statement, one JSON object per line.",
        discussion: """
          Verb: passed or failed (completed when a session has no pass/fail); the scenario is the \
          activity and its content version is context.revision; result.score has scaled, raw, min \
          and max; result.duration is ISO 8601. Cohort, phase, mode, form, role, channel and the \
          session id are context extensions under <base-iri>/extensions/. Statement ids are \
          name-based (version 5) UUIDs of the session, so exporting twice does not duplicate \
          statements in a learning record store; a reviewed session's score gets a new id, after \
          'voided' statements for the ids sent before. Statements carry no 'version': the store \
          sets it.
          """)

      @Option(help: "Only this cohort's members (and sessions tagged with it).", completion: Completions.cohorts) var cohort: String?
      @Option(help: "Only sessions started on or after this day (YYYY-MM-DD, UTC) or ISO 8601 time.") var since: SinceDate?
      @Option(name: .customLong("base-iri"), help: "Base of the activity, account and extension IRIs.")
      var baseIRI: String = XAPIExporter.defaultBaseIRI
      @Option(help: "Write to this file instead of stdout.") var out: String?
      @OptionGroup var storeOptions: StoreOptions

      func validate() throws {
        guard let url = URL(string: baseIRI), let scheme = url.scheme, ["http", "https"].contains(scheme), url.host != nil else {
          throw ValidationError("--base-iri must be an absolute http(s) IRI, got '\(baseIRI)'")
        }
      }

      func run() throws {
        let store = try storeOptions.openForReading()
        let exporter = XAPIExporter(baseIRI: baseIRI)
        let output: FileHandle
        if let out {
          guard FileManager.default.createFile(atPath: out, contents: nil), let handle = FileHandle(forWritingAtPath: out) else {
            Terminal.error("cannot write \(out): \(Output.reason(out, nil))")
            throw ExitCode(1)
          }
          output = handle
        } else {
          output = FileHandle.standardOutput
        }
        // Written in chunks as the sessions are read, so a large store never sits in memory.
        var buffer = ""
        var count = 0
        func flush() throws {
          do {
            try output.write(contentsOf: Data(buffer.utf8))
          } catch {
            Terminal.error("cannot write \(out ?? "stdout"): \(error.localizedDescription)")
            throw ExitCode(1)
          }
          buffer = ""
        }
        try CohortCommand.run {
          try store.forEachFinishedSession(cohort: cohort, since: since?.date) { session in
            for line in exporter.lines(session) {
              buffer += line
              buffer += "\n"
              count += 1
            }
            if buffer.utf8.count > 1 << 20 {
              try flush()
              Terminal.progress("xAPI: \(count) statements")
            }
          }
        }
        try flush()
        Terminal.endProgress()
        if count == 0 {
          let scope = [cohort.map { "in cohort \($0)" }, since.map { "from \($0.argument)" }].compactMap { $0 }
          Terminal.warning("no finished sessions to export" + (scope.isEmpty ? "" : " (\(scope.joined(separator: ", ")))"))
        }
        if let out {
          try? output.close()
          print("Exported \(count) statement(s) to \(out).")
        }
      }
    }
  }
}
