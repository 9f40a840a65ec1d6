import Foundation
import Testing

/// libpq is loaded when a postgres:// store is first opened (`CLibPQ`), not linked: a session
/// on SQLite never maps it (nor libssl, libcrypto, gssapi, ldap …), and a machine without it
/// gets a store error that says what to install.
@Suite("libpq loaded on first use (the built binary)")
struct LazyLibPQCLITests {
  @Test("the binary links neither libpq nor OpenSSL")
  func notLinked() throws {
    let libraries = try CLI.shell("ldd '\(CLI.binary)'")
    #expect(libraries.contains("libsqlite3"), "\(libraries)")
    for absent in ["libpq", "libcrypto", "libssl", "libgssapi", "libldap"] {
      #expect(!libraries.contains(absent), "\(absent) in \(libraries)")
    }
  }

  @Test("without libpq a postgres:// store is a store error that names the package, not a crash")
  func missingLibrary() throws {
    let sandbox = try CLI.sandbox()
    var environment = CLI.environment(sandbox: sandbox)
    environment["DOJO_LIBPQ"] = "libdojo-no-such-libpq.so.5"
    let url = "postgres://dojo@127.0.0.1:1/dojo"
    let commands = [
      ["report", "team", "--store", url], ["store", "init", url],
      ["store", "migrate", "--from", url, "--to", sandbox.appendingPathComponent("copy.sqlite").path],
    ]
    for arguments in commands {
      let child = try Child([CLI.binary] + arguments, environment: environment, stdin: Data())
      let status = child.wait(timeout: 60)
      #expect(status == 1, "\(arguments): \(child.stderr)")
      #expect(child.stderr.contains("PostgreSQL client library libdojo-no-such-libpq.so.5 not found"), "\(arguments): \(child.stderr)")
      #expect(child.stderr.contains("apt-get install libpq5"), "\(arguments): \(child.stderr)")
    }
  }
}
