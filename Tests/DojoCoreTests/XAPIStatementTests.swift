import DojoCore
import Foundation
import Testing

/// Issue 17: xAPI statements leave `version` to the learning record store and carry
/// name-based (version 5) ids, not ids labelled random (version 4).
@Suite("xAPI statement ids and version")
struct XAPIStatementTests {
  let session = ExportedSession(
    id: 7, trainee: "ann", scenarioID: "s", scenarioTitle: "S", scenarioVersion: "v1", role: "l1-agent",
    language: "en", channel: "chat", mode: "assessment", phase: "pre", cohort: "c", form: "A",
    startedAt: 1_780_000_000, endedAt: 1_780_000_090, score: 80, passed: true, handleTimeSeconds: 90, reviewIDs: [3, 9])

  @Test("no version key; ids are version-5 UUIDs of the session (and review) in our namespace, stable")
  func versionFiveIDsWithoutVersion() throws {
    // RFC 9562's example: the DNS namespace and "www.example.com".
    let dns = try #require(NameBasedUUID.bytes("6ba7b810-9dad-11d1-80b4-00c04fd430c8"))
    #expect(NameBasedUUID.v5("www.example.com", namespace: dns) == "2ed6657d-e927-568b-95e1-2665a8aea6a2")
    // Python: uuid.uuid5(UUID("a3783472-…"), "session 7 started 1780000000000").
    var automatic = session
    automatic.reviewIDs = []
    #expect(XAPIExporter.statementID(automatic) == "0d1e5734-7b07-5ca7-b1d9-6a372b5fc9b8")

    let lines = XAPIExporter().lines(session)
    #expect(lines.count == 3)
    var ids: [String] = []
    for line in lines {
      let statement = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
      #expect(statement["version"] == nil, "\(line)")
      let id = try #require(statement["id"] as? String)
      let characters = Array(id)
      #expect(id.count == 36 && characters[14] == "5" && "89ab".contains(characters[19]), "\(id)")
      ids.append(id)
    }
    #expect(Set(ids).count == 3)
    #expect(ids[2] == XAPIExporter.statementID(session, review: 9))
    #expect(XAPIExporter().lines(session) == lines, "the same session and review export the same ids")
  }
}
