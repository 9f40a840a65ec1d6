import ArgumentParser
import DojoConsole
import DojoStore
import Foundation

extension Dojo {
  /// Copies a store into another (SQLite to PostgreSQL, back, or a backup), resumably, and
  /// verifies the copy table by table.
  struct StoreMigrate: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "migrate", abstract: "Copy a store into another (SQLite ⇄ PostgreSQL) and verify the copy.",
      discussion: """
        Copies every table (trainees and roles, sessions, lines, scorings and criterion scores, \
        reviews and review scores, disputes, notes, hints, hand-offs, calibration rounds, cohorts \
        and plans, scenario versions) in batches, each committed with the migration's state in \
        the target, so an interrupted run continues where it stopped when run again with the \
        same --from and --to, and no row is copied twice. Then it compares both sides table by \
        table: the row count and a SHA-256 of every row's canonical text in key order. Exit 0 \
        when all agree, 1 on any difference or failure.

        The target is an SQLite file (created when missing) or a postgres:// URL (its schema \
        created when missing, as `dojo store init` does). Ids are kept, so the target must be \
        empty; --merge adds the store to one that holds a team's data: ids are shifted past the \
        target's (foreign keys rewritten with them), and a trainee, cohort or calibration round \
        whose name the target has is taken as that one. Progress goes to stderr when it is a \
        terminal.
        """)

    @Option(help: "The store to copy: an SQLite file or postgres://USER@HOST:PORT/DATABASE.")
    var from: String

    @Option(help: "The store to copy into: an SQLite file or postgres://USER@HOST:PORT/DATABASE.")
    var to: String

    @Flag(help: "Add to a target that already holds data, with new ids.")
    var merge = false

    @Option(help: "Rows per transaction.")
    var batchSize: Int = 2_000

    @Option(help: "Progress on stderr: auto (a bar when stderr is a terminal), always (a line per batch), never.")
    var progress: ProgressMode = .auto

    @Option(help: "Output format of the verification.")
    var format: OutputFormat = .text

    enum ProgressMode: String, ExpressibleByArgument, CaseIterable {
      case auto, always, never
    }

    func validate() throws {
      if from.isEmpty || to.isEmpty { throw ValidationError("--from and --to each name a store") }
      if !(1...100_000).contains(batchSize) { throw ValidationError("--batch-size must be between 1 and 100000") }
    }

    func run() throws {
      let request = StoreMigrationRequest(from: from, to: to, merge: merge, batchSize: batchSize)
      let reporter = MigrationProgressReporter(mode: progress)
      let report: StoreMigrationReport
      do {
        report = try StoreMigration.run(request) { reporter.show($0) }
        reporter.end()
      } catch {
        reporter.end()
        Terminal.error(error.localizedDescription)
        throw ExitCode(1)
      }
      switch format {
      case .json: try Terminal.printJSON(report)
      case .text: print(Self.text(report))
      }
      if !report.equal {
        let differing = report.tables.filter { !$0.equal }.map(\.table)
        Terminal.error("the copy differs from the source in \(differing.joined(separator: ", "))")
        throw ExitCode(1)
      }
    }

    static func text(_ report: StoreMigrationReport) -> String {
      var lines: [String] = []
      let how = report.mode == "merge" ? "merged, ids remapped" : "copied, ids kept"
      lines.append(
        "\(report.from) → \(report.to) (\(how)\(report.resumed ? "; continued an interrupted run" : "")\(report.createdSchema ? "; created the schema" : "")).")
      lines.append("")
      var header = ["table", "source rows", "target rows", "source hash", "target hash"]
      if report.mode == "merge" { header += ["copied", "matched", "id offset"] }
      header.append("")
      let rows = report.tables.map { table in
        var row = [
          table.table, String(table.sourceRows), String(table.targetRows), String(table.sourceHash.prefix(12)),
          String(table.targetHash.prefix(12)),
        ]
        if report.mode == "merge" { row += [String(table.copied), String(table.matched), "+\(table.idOffset)"] }
        row.append(table.equal ? "ok" : "DIFFERENT")
        return row
      }
      lines.append(TextTable(header: header, rows: rows).render())
      lines.append("")
      let total = report.tables.map(\.sourceRows).reduce(0, +)
      let seconds = "copied in \(Int(report.copySeconds.rounded())) s, verified in \(Int(report.verifySeconds.rounded())) s"
      if report.equal {
        lines.append("All \(report.tables.count) tables agree (\(total) rows; \(seconds)).")
      } else {
        lines.append("\(report.tables.filter { !$0.equal }.count) of \(report.tables.count) tables differ.")
      }
      if report.mode == "merge" {
        lines.append(
          "Ids: each table's source ids plus its offset; matched rows (same name or key) are the target's own, and rows referring to them point at the target's id.")
      }
      return lines.joined(separator: "\n")
    }
  }
}

/// Shows a migration's progress on stderr: a bar redrawn in place on a terminal, a line per
/// batch with `--progress always`, nothing when piped.
final class MigrationProgressReporter {
  private let mode: Dojo.StoreMigrate.ProgressMode
  private var lastDraw = Date.distantPast
  private var drawn = false

  init(mode: Dojo.StoreMigrate.ProgressMode) { self.mode = mode }

  func show(_ progress: StoreMigrationProgress) {
    let percent = progress.total == 0 ? 100 : progress.done * 100 / progress.total
    let verb = progress.verifying ? "verified" : "copied"
    switch mode {
    case .never: return
    case .always where !Terminal.stderrIsTerminal:
      FileHandle.standardError.write(
        Data(
          "dojo: progress: \(verb) \(progress.table) \(progress.tableDone)/\(progress.tableTotal), all \(progress.done)/\(progress.total) (\(percent)%)\n"
            .utf8))
    case .auto where !Terminal.stderrIsTerminal: return
    default:
      let now = Date()
      guard now.timeIntervalSince(lastDraw) > 0.1 || progress.done == progress.total else { return }
      lastDraw = now
      let width = 30
      let filled = progress.total == 0 ? width : progress.done * width / progress.total
      let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
      let action = progress.verifying ? "verifying" : "copying"
      FileHandle.standardError.write(
        Data(
          "\r\u{1B}[2K[\(bar)] \(percent)%  \(action) \(progress.table) \(progress.tableDone)/\(progress.tableTotal)".utf8))
      drawn = true
    }
  }

  func end() {
    if drawn { FileHandle.standardError.write(Data("\r\u{1B}[2K".utf8)) }
  }
}
