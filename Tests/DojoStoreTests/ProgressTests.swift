import DojoStore
import Foundation
import Testing

@Suite("Progress")
struct ProgressTests {
  /// Alice: l1 60 (2 hints), 80, 70 (1 hint); l2 90; one active and one abandoned l2 session.
  /// Bob: l1 50; one interrupted. Carol: nothing yet.
  func fill(_ store: any Store) throws {
    func finished(
      _ trainee: String, _ scenario: String, role: String, at: Double, score: Double, passed: Bool,
      hints: Int = 0
    ) throws {
      let id = try #require(
        try store.startSession(newSession(trainee: trainee, scenario: scenario, role: role, at: at))
          .id)
      for hint in 0..<hints {
        try store.recordHint(sessionID: id, turn: hint + 1, nodeID: "n", text: "hint", at: date(at))
      }
      try store.finishSession(
        id: id, status: .finished, endedAt: date(at + 0.5), handleTimeSeconds: 0.5,
        result: sampleResult(score: score, passed: passed))
    }
    try finished(
      "Alice", "l1-charge", role: "l1-agent", at: 100, score: 60, passed: false, hints: 2)
    try finished("Bob", "l1-charge", role: "l1-agent", at: 200, score: 50, passed: false)
    try finished("Alice", "l1-charge", role: "l1-agent", at: 300, score: 80, passed: true)
    try finished("Alice", "l2-promo", role: "l2-specialist", at: 400, score: 90, passed: true)
    try finished("Alice", "l1-charge", role: "l1-agent", at: 500, score: 70, passed: true, hints: 1)
    let active = try #require(
      try store.startSession(
        newSession(trainee: "Alice", scenario: "l2-promo", role: "l2-specialist", at: 600)
      ).id)
    try store.recordHint(
      sessionID: active, turn: 1, nodeID: "n", text: "not counted", at: date(600))
    let abandoned = try #require(
      try store.startSession(
        newSession(trainee: "Alice", scenario: "l2-promo", role: "l2-specialist", at: 700)
      ).id)
    try store.finishSession(
      id: abandoned, status: .abandoned, endedAt: date(701), handleTimeSeconds: 1, result: nil)
    _ = try store.startSession(newSession(trainee: "Bob", scenario: "l1-charge", at: 800, pid: nil))
    try store.markInterrupted()
    _ = try store.trainee(named: "Carol")
  }

  @Test("numbers for everyone are exact", arguments: StoreKind.allCases)
  func everyone(kind: StoreKind) throws {
    try withStore(kind) { store in
      try fill(store)
      let report = try store.progress()
      #expect(
        report.trainees == [
          TraineeProgress(
            name: "Alice", role: .trainee,
            scenarios: [
              ScenarioProgress(
                scenarioID: "l1-charge", title: "Title of l1-charge", role: "l1-agent",
                attempts: 3, passes: 2, bestScore: 80, latestScore: 70, hintsUsed: 3),
              ScenarioProgress(
                scenarioID: "l2-promo", title: "Title of l2-promo", role: "l2-specialist",
                attempts: 1, passes: 1, bestScore: 90, latestScore: 90, hintsUsed: 0),
            ],
            roles: [
              RoleTrend(role: "l1-agent", scores: [60, 80, 70]),
              RoleTrend(role: "l2-specialist", scores: [90]),
            ]),
          TraineeProgress(
            name: "Bob", role: .trainee,
            scenarios: [
              ScenarioProgress(
                scenarioID: "l1-charge", title: "Title of l1-charge", role: "l1-agent",
                attempts: 1, passes: 0, bestScore: 50, latestScore: 50, hintsUsed: 0)
            ],
            roles: [RoleTrend(role: "l1-agent", scores: [50])]),
          TraineeProgress(name: "Carol", role: .trainee, scenarios: [], roles: []),
        ])
      #expect(
        report.roles == [
          RoleTrend(role: "l1-agent", scores: [60, 50, 80, 70]),
          RoleTrend(role: "l2-specialist", scores: [90]),
        ])
      #expect(
        report.totals
          == ProgressTotals(
            trainees: 3, sessions: 8, attempts: 5, passes: 3, hintsUsed: 3, meanScore: 70))
    }
  }

  @Test("numbers for one trainee are exact", arguments: StoreKind.allCases)
  func oneTrainee(kind: StoreKind) throws {
    try withStore(kind) { store in
      try fill(store)
      let report = try store.progress(traineeName: "Alice")
      #expect(report.trainees.map(\.name) == ["Alice"])
      #expect(
        report.roles == [
          RoleTrend(role: "l1-agent", scores: [60, 80, 70]),
          RoleTrend(role: "l2-specialist", scores: [90]),
        ])
      #expect(
        report.totals
          == ProgressTotals(
            trainees: 1, sessions: 6, attempts: 4, passes: 3, hintsUsed: 3, meanScore: 75))
      #expect(try store.bestScores(traineeName: "Alice") == ["l1-charge": 80, "l2-promo": 90])
      #expect(try store.bestScores(traineeName: "Bob") == ["l1-charge": 50])
      #expect(try store.bestScores(traineeName: "Carol") == [:])
      #expect(try store.bestScores(traineeName: "Nobody") == [:])

      let nobody = try store.progress(traineeName: "Nobody")
      #expect(nobody.trainees.isEmpty)
      #expect(
        nobody.totals
          == ProgressTotals(
            trainees: 0, sessions: 0, attempts: 0, passes: 0, hintsUsed: 0, meanScore: nil))
    }
  }

  @Test("the JSON has stable keys, with null for absent values")
  func json() throws {
    let report = ProgressReport(
      trainees: [
        TraineeProgress(
          name: "Carol", role: .lead,
          scenarios: [
            ScenarioProgress(
              scenarioID: "s", title: "T", role: "l1-agent", attempts: 1, passes: 0,
              bestScore: nil, latestScore: nil, hintsUsed: 0)
          ], roles: [])
      ],
      roles: [RoleTrend(role: "l1-agent", scores: [1.5])],
      totals: ProgressTotals(
        trainees: 1, sessions: 1, attempts: 1, passes: 0, hintsUsed: 0, meanScore: nil))
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    let text = String(decoding: try encoder.encode(report), as: UTF8.self)
    #expect(
      text
        == #"{"roles":[{"role":"l1-agent","scores":[1.5]}],"totals":{"attempts":1,"hintsUsed":0,"meanScore":null,"passes":0,"sessions":1,"trainees":1},"trainees":[{"name":"Carol","role":"lead","roles":[],"scenarios":[{"attempts":1,"bestScore":null,"hintsUsed":0,"latestScore":null,"passes":0,"role":"l1-agent","scenarioId":"s","title":"T"}]}]}"#
    )
    #expect(try JSONDecoder().decode(ProgressReport.self, from: Data(text.utf8)) == report)
  }
}

@Suite("Default path")
struct DefaultPathTests {
  @Test("DOJO_STORE wins")
  func explicit() {
    #expect(
      SQLiteStore.defaultPath(environment: [
        "DOJO_STORE": "/srv/dojo/team.sqlite", "XDG_DATA_HOME": "/x", "HOME": "/home/a",
      ]) == "/srv/dojo/team.sqlite")
  }

  @Test("then XDG_DATA_HOME")
  func xdg() {
    #expect(
      SQLiteStore.defaultPath(environment: ["XDG_DATA_HOME": "/data/", "HOME": "/home/a"])
        == "/data/supportdojo/dojo.sqlite")
    #expect(
      SQLiteStore.defaultPath(environment: [
        "DOJO_STORE": "", "XDG_DATA_HOME": "/data", "HOME": "/home/a",
      ])
        == "/data/supportdojo/dojo.sqlite")
  }

  @Test("then ~/.local/share; empty or relative XDG_DATA_HOME is ignored")
  func home() {
    #expect(
      SQLiteStore.defaultPath(environment: ["HOME": "/home/a"])
        == "/home/a/.local/share/supportdojo/dojo.sqlite")
    #expect(
      SQLiteStore.defaultPath(environment: ["XDG_DATA_HOME": "", "HOME": "/home/a"])
        == "/home/a/.local/share/supportdojo/dojo.sqlite")
    #expect(
      SQLiteStore.defaultPath(environment: ["XDG_DATA_HOME": "data", "HOME": "/home/a"])
        == "/home/a/.local/share/supportdojo/dojo.sqlite")
  }
}
