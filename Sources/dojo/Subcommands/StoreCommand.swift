import ArgumentParser
import DojoStore
import Foundation

extension Dojo {
  /// Setting up a team store on a PostgreSQL server.
  struct StoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "store", abstract: "Set up a team store on a PostgreSQL server.",
      subcommands: [StoreInit.self, StoreGrant.self, StoreMigrate.self])
  }

  /// Creates (or brings up to date) the schema of a PostgreSQL store.
  struct StoreInit: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "init", abstract: "Create the SupportDojo schema in a PostgreSQL database.",
      discussion: """
        Connects as the URL's user (the password from PGPASSWORD or ~/.pgpass, never in the URL), \
        creates the tables in the database (its search_path, normally `public`), and records the \
        schema version. Running it again applies only what is missing. Trainees then use \
        `--store URL` or DOJO_STORE=URL. When the account may create roles, it also sets up \
        the roles dojo_trainee, dojo_lead and dojo_admin and what each may do (row-level \
        security); add people with `dojo store grant`.
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
      let done: PostgresStore.Initialization
      do {
        done = try PostgresStore.initialize(url: PostgresURL(url))
      } catch {
        Terminal.error(error.localizedDescription)
        throw ExitCode(1)
      }
      switch format {
      case .json:
        struct Result: Encodable {
          var store: String
          var applied: [String]
          var roles: Bool
        }
        try Terminal.printJSON(Result(store: url, applied: done.applied, roles: done.roles))
      case .text:
        print(
          done.applied.isEmpty
            ? "The store at \(url) is up to date."
            : "Created the SupportDojo store at \(url) (\(done.applied.joined(separator: ", "))).")
        if done.roles {
          print("Roles dojo_trainee, dojo_lead and dojo_admin are set up; add people with `dojo store grant NAME trainee|lead`.")
        } else {
          Terminal.note("this account may not create roles: no trainee/lead roles were set up (run `dojo store init` as one that may)")
        }
      }
    }
  }

  /// Makes a person a trainee or a lead of a PostgreSQL store: a database login and its role.
  struct StoreGrant: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "grant", abstract: "Make a person a trainee or a lead of a PostgreSQL store.",
      discussion: """
        Creates the database login NAME when missing (without a password: set one with \
        ALTER ROLE NAME PASSWORD '…', or let pg_hba.conf decide), makes it a member of \
        dojo_trainee or dojo_lead, and gives the store's trainee NAME that role (recorded in \
        the role history). A trainee's connection starts and reads only its own sessions; a \
        lead's reads all and stores reviews. Run it as the account that ran `dojo store init`.
        """)

    @Argument(help: "The person's name: their database login and trainee name.")
    var name: String

    @Argument(help: "trainee or lead.")
    var role: DojoStore.TraineeRole

    @Option(help: "Output format.")
    var format: OutputFormat = .text

    @OptionGroup var storeOptions: StoreOptions

    func validate() throws {
      guard PostgresURL.isPostgres(storeOptions.resolvedPath) else {
        throw ValidationError("store grant works on a PostgreSQL store: pass --store postgres://… or set DOJO_STORE")
      }
    }

    func run() throws {
      let change: RoleChange?
      do {
        change = try PostgresStore.grant(name, role: role, url: PostgresURL(storeOptions.resolvedPath), at: Date())
      } catch {
        Terminal.error(error.localizedDescription)
        throw ExitCode(1)
      }
      switch format {
      case .json:
        struct Result: Encodable {
          var name: String
          var role: String
          var changed: Bool
        }
        try Terminal.printJSON(Result(name: name, role: role.rawValue, changed: change != nil))
      case .text:
        print(change == nil ? "\(name) is a \(role.rawValue) (login and role in place)." : "\(name) is now a \(role.rawValue).")
      }
    }
  }
}
