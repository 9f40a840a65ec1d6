import Foundation
import Synchronization
import Testing

@testable import DojoCore
@testable import DojoStore

/// `DOJO_TRACE_SQL` on a PostgreSQL store: every statement with its arguments written in, so
/// `psql` can run the file again (the baseline of `make bench-reports-postgres`).
@Suite("PostgreSQL statement trace")
struct PostgresTraceTests {
  @Test("parameters are written in as quoted literals, NULL for nil, quotes doubled")
  func inlinesParameters() {
    let sql = "SELECT * FROM t WHERE a = $1 AND b = $2 AND c = $10 AND d IS NOT DISTINCT FROM $3"
    let texts: [String?] = ["O'Brien", "2", nil, "4", "5", "6", "7", "8", "9", "ten"]
    #expect(
      PostgresConnection.inlined(sql, texts)
        == "SELECT * FROM t WHERE a = 'O''Brien' AND b = '2' AND c = 'ten' AND d IS NOT DISTINCT FROM NULL"
    )
    #expect(PostgresConnection.inlined("SELECT '$' || $1", ["x"]) == "SELECT '$' || 'x'")
    #expect(PostgresConnection.inlined("SELECT $1", []) == "SELECT $1")
  }

  @Test(
    "a traced statement run again gives what the store read", .enabled(if: TestPostgres.enabled))
  func tracedStatementsReplay() throws {
    let url = try TestPostgres.freshURL()
    try PostgresStore.initialize(url: url, roles: false)
    let traced = Mutex<[String]>([])
    let store = try PostgresStore(url: url, trace: { sql in traced.withLock { $0.append(sql) } })
    let id = try #require(try store.startSession(newSession(trainee: "O'Brien")).id)
    #expect(traced.withLock { $0 }.contains { $0.contains("'O''Brien'") })
    traced.withLock { $0 = [] }
    let sessions = try store.sessions(traineeName: "O'Brien")
    let reads = traced.withLock { $0 }.filter { $0.hasPrefix("SELECT") || $0.hasPrefix("WITH") }
    #expect(!reads.isEmpty)
    #expect(!reads.contains { $0.contains("$1") })
    // Each read, run again as traced (no parameters), finds the session the store found.
    var found = false
    for sql in reads {
      let rows = try TestPostgres.execute(store, sql)
      found = found || rows.all.contains { $0.text("id") == String(id) }
    }
    #expect(sessions.map(\.id) == [id])
    #expect(found)
  }
}
