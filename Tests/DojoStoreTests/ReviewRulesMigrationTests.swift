import Foundation
import GRDB
import Testing

@testable import DojoStore

@Suite("Migration v3-review-rules on a store from before")
struct ReviewRulesMigrationTests {
  @Test("existing leads get a before-history row; a score a re-scoring had changed goes back to the score as played")
  func upgrade() throws {
    let queue = try DatabaseQueue(configuration: SQLiteStore.configuration())
    try StoreMigrations.migrator.migrate(queue, upTo: "v2-cohorts")
    try queue.write { db in
      try db.execute(
        sql: """
          INSERT INTO trainees (id, name, role, created_at) VALUES (1, 'Tom', 'trainee', '2026-01-01'), (2, 'Lea', 'lead', '2026-01-02');
          INSERT INTO sessions (id, trainee_id, scenario_id, scenario_version, scenario_title, role, language, channel, mode,
            seed, started_at, status, score, raw_score, passed, result_json, reviewed_score, reviewed_passed)
            VALUES (1, 1, 's', 'v1', 'S', 'l1-agent', 'en', 'chat', 'practice', 1, '2026-01-03', 'finished', 20, 20, 0, '{}', 100, 1);
          INSERT INTO scorings (session_id, kind, scenario_version, score, raw_score, passed, result_json, created_at)
            VALUES (1, 'played', 'v1', 20, 20, 0, '{}', '2026-01-03'), (1, 'rescore', 'v2', 100, 100, 1, '{}', '2026-01-04');
          """)
    }
    let store = try SQLiteStore(writer: queue)
    let history = try store.roleChanges()
    #expect(history.map(\.traineeName) == ["Lea"])
    #expect(history.map(\.record.kind) == [.beforeHistory])
    let session = try store.session(id: 1)
    #expect(session.reviewedScore == nil && session.reviewedPassed == nil)
    #expect(session.effectivePassed == false)
  }
}
