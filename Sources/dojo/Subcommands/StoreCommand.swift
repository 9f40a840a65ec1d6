import ArgumentParser
import DojoStore
import Foundation

extension Dojo {
  /// Setting up a team store on a PostgreSQL server.
  struct StoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "store", abstract: "Set up a team store on a PostgreSQL server.",
      subcommands: [StoreInit.self])
  }

  /// Creates (or brings up to date) the schema of a PostgreSQL store.
  struct StoreInit: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "init", abstract: "Create the SupportDojo schema in a PostgreSQL database.",
      discussion: """
        Connects as the URL's user (the password from PGPASSWORD or ~/.pgpass, never in the URL), \
        creates the tables in the database (its search_path, normally `public`), and records the \
        schema version. Running it again applies only what is missing. Trainees then use \
        `--store URL` or DOJO_STORE=URL.
        """)

    @Argument(help: "The database: postgres://USER@HOST:PORT/DATABASE.")
    var url: String

    @Option(help: "Output format.")
    var format: OutputFormat = .text

    func validate() throws {
      guard PostgresURL.isPostgres(url) else {
        throw ValidationError("store init takes a postgres://USER@HOST:PORT/DATABASE URL; an SQLite store needs no set-up")
      }
    }

    func run() throws {
      let applied: [String]
      do {
        applied = try PostgresStore.initialize(url: PostgresURL(url))
      } catch {
        Terminal.error(error.localizedDescription)
        throw ExitCode(1)
      }
      switch format {
      case .json:
        struct Result: Encodable {
          var store: String
          var applied: [String]
        }
        try Terminal.printJSON(Result(store: url, applied: applied))
      case .text:
        print(
          applied.isEmpty
            ? "The store at \(url) is up to date."
            : "Created the SupportDojo store at \(url) (\(applied.joined(separator: ", "))).")
      }
    }
  }
}
