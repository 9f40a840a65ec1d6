import ArgumentParser
import DojoCore
import Foundation

extension Dojo {
  /// Imports helpdesk exports as redacted, unannotated transcripts for critique mode.
  struct Import: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "import",
      abstract: "Import helpdesk tickets as redacted transcripts for critique and new scenarios.",
      discussion: """
        Personal data (e-mail addresses, phone numbers, IBANs, card numbers, street addresses, \
        links with tokens, the names of requesters and agents) is replaced with placeholders \
        before anything is written. Each ticket becomes <out>/<source>-<ticket>.yaml, marked \
        unannotated; `dojo critique annotate ID --transcripts OUT` adds the expert marks.
        """,
      subcommands: [Zendesk.self, Freshdesk.self, CSV.self])
  }
}

/// The options every importer shares.
struct ImportOptions: ParsableArguments {
  @Option(help: "Folder to write the transcripts to (created when missing).")
  var out: String

  @Flag(help: "Keep the names of requesters and agents (everything else is still redacted).")
  var keepNames = false

  @Option(help: "Output format of the summary.")
  var format: OutputFormat = .text
}

extension Dojo.Import {
  struct Zendesk: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "zendesk",
      abstract: "Import Zendesk JSON exports (ticket comments, incremental ticket export, account export).")

    @Argument(help: "Export files (.json, or .json lines of the account export).")
    var files: [String]

    @OptionGroup var options: ImportOptions

    func validate() throws {
      if files.isEmpty { throw ValidationError("name at least one export file") }
    }

    func run() throws { try HelpdeskImporter(source: .zendesk, files: files, options: options).run() }
  }

  struct Freshdesk: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "freshdesk", abstract: "Import Freshdesk tickets with their conversations (JSON).")

    @Argument(help: "Export files (.json).")
    var files: [String]

    @OptionGroup var options: ImportOptions

    func validate() throws {
      if files.isEmpty { throw ValidationError("name at least one export file") }
    }

    func run() throws { try HelpdeskImporter(source: .freshdesk, files: files, options: options).run() }
  }

  struct CSV: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "csv",
      abstract: "Import one message a row: ticket,time,author,role,text[,channel,private].",
      discussion: "A header row names the columns; role is customer or agent; private true marks an internal note.")

    @Argument(help: "The CSV file (UTF-8).")
    var file: String

    @OptionGroup var options: ImportOptions

    func run() throws { try HelpdeskImporter(source: .csv, files: [file], options: options).run() }
  }
}

/// Reads the files, converts every ticket (DojoCore) and writes the transcripts. Every file is
/// read and parsed before anything is written: a broken file stops the import with nothing done.
struct HelpdeskImporter {
  var source: HelpdeskSource
  var files: [String]
  var options: ImportOptions

  func run() throws {
    let clock = ContinuousClock()
    let started = clock.now
    var tickets: [HelpdeskTicket] = []
    for file in files {
      guard let data = FileManager.default.contents(atPath: file) else {
        var isDirectory: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: file, isDirectory: &isDirectory)
        Terminal.error("\(file): \(exists ? (isDirectory.boolValue ? "is a folder, not an export file" : "cannot read the file") : "no such file")")
        throw ExitCode(1)
      }
      do {
        let text = try ExportText.decode([UInt8](data), file: file)
        let parsed: ParsedExport
        switch source {
        case .zendesk: parsed = try ZendeskExport.parse(text, file: file)
        case .freshdesk: parsed = try FreshdeskExport.parse(text, file: file)
        case .csv: parsed = try CSVExport.parse(text, file: file)
        }
        tickets += parsed.tickets
      } catch {
        Terminal.error(error.description)
        throw ExitCode(1)
      }
    }
    if options.keepNames {
      let people = Set(tickets.flatMap { $0.people.filter { !$0.name.isEmpty }.map(\.name) }).count
      Terminal.warning(
        "--keep-names: the names of requesters and agents (\(people) people in these files) stay in the transcripts as written. "
          + "E-mail addresses, phone numbers, IBANs, card numbers, addresses and links with tokens are still replaced. "
          + "Do not share these transcripts outside the team.")
    }
    do {
      try FileManager.default.createDirectory(atPath: options.out, withIntermediateDirectories: true)
    } catch {
      Terminal.error("\(options.out): cannot create the folder: \(error.localizedDescription)")
      throw ExitCode(1)
    }
    var summary = ImportSummary(source: source, out: options.out, namesKept: options.keepNames)
    summary.files = files
    let total = tickets.count
    let step = max(1, total / 200)
    let progress = Terminal.stderrIsTerminal
    let command = "dojo import \(source.rawValue)"
    // Converting is pure and takes most of the time: done on every core, in order of the tickets.
    let outcomes = Self.convertAll(tickets, keepNames: options.keepNames) { done in
      if progress { Terminal.progress(Self.bar(done: done, total: total, doing: "read")) }
    }
    for (index, converted) in outcomes.enumerated() {
      var outcome = converted
      if case .transcript(let transcript, _, _, _) = outcome {
        let path = (options.out as NSString).appendingPathComponent("\(transcript.id).yaml")
        let header = [
          "Imported by `\(command)`: personal data replaced with placeholders\(options.keepNames ? " (names kept: --keep-names)" : "").",
          "Not annotated yet: dojo critique annotate \(transcript.id) --transcripts \(options.out) --scenario SCENARIO",
        ]
        let text = TranscriptWriter.yaml(transcript, header: header)
        switch Self.create(path, text) {
        case 0: break
        case EEXIST: outcome = .skipped(.alreadyImported)
        case let code:
          if progress { Terminal.endProgress() }
          Terminal.error("\(path): cannot write: \(String(cString: strerror(code)))")
          throw ExitCode(1)
        }
      }
      summary.add(outcome)
      if progress && (index % step == 0 || index == total - 1) {
        Terminal.progress(Self.bar(done: index + 1, total: total, doing: "written"))
      }
    }
    if progress { Terminal.endProgress() }
    summary.seconds = ((clock.now - started) / .milliseconds(1)).rounded() / 1000
    switch options.format {
    case .json: try Terminal.printJSON(summary)
    case .text:
      for line in summary.lines { print(line) }
      if summary.transcriptsWritten > 0 {
        print("next: dojo critique annotate ID --transcripts \(options.out) --scenario SCENARIO (ids: dojo critique --list --transcripts \(options.out))")
      }
    }
  }

  /// Writes a new file, never over an existing one (`O_EXCL`): 0, or the errno. Plain POSIX
  /// calls: Foundation's `Data.write(options: .withoutOverwriting)` syncs every file to disk,
  /// which for 10,000 transcripts cost seconds.
  static func create(_ path: String, _ text: String) -> Int32 {
    let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
    guard descriptor >= 0 else { return errno }
    var bytes = Array(text.utf8)[...]
    while !bytes.isEmpty {
      let count = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
      if count < 0 {
        if errno == EINTR { continue }
        let code = errno
        close(descriptor)
        unlink(path)
        return code
      }
      bytes = bytes.dropFirst(count)
    }
    return close(descriptor) == 0 ? 0 : errno
  }

  /// `TicketImport.convert` of every ticket, spread over the processor's cores in chunks.
  static func convertAll(_ tickets: [HelpdeskTicket], keepNames: Bool, progress: @escaping @Sendable (Int) -> Void) -> [TicketImport.Outcome] {
    let chunk = 256
    let chunks = (tickets.count + chunk - 1) / chunk
    let results = ConvertedChunks(count: chunks)
    DispatchQueue.concurrentPerform(iterations: chunks) { index in
      let range = (index * chunk)..<min(tickets.count, (index + 1) * chunk)
      let done = results.set(index, tickets[range].map { TicketImport.convert($0, keepNames: keepNames) })
      progress(done)
    }
    return results.all
  }

  /// `[██████░░░░] 4000/10000 tickets read`
  static func bar(done: Int, total: Int, doing: String) -> String {
    let width = 30
    let filled = total == 0 ? width : done * width / total
    return "[" + String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled) + "] \(done)/\(total) tickets \(doing)"
  }
}

/// The chunks of converted tickets, written from several threads, each chunk by one.
private final class ConvertedChunks: @unchecked Sendable {
  private var chunks: [[TicketImport.Outcome]]
  private let lock = NSLock()

  init(count: Int) { chunks = Array(repeating: [], count: count) }

  private var done = 0

  /// Stores a chunk; returns how many outcomes are stored now.
  func set(_ index: Int, _ outcomes: [TicketImport.Outcome]) -> Int {
    lock.lock()
    defer { lock.unlock() }
    chunks[index] = outcomes
    done += outcomes.count
    return done
  }

  var all: [TicketImport.Outcome] {
    lock.lock()
    defer { lock.unlock() }
    return chunks.flatMap { $0 }
  }
}
