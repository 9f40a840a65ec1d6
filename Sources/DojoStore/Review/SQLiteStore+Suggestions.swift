import DojoCore
import Foundation

extension Store {
  /// Finished, scored sessions (of one scenario, or of all) as `dojo scenarios suggest` reads
  /// them: the transcript as stored, the automatic result as played, and the latest review's
  /// (or dispute answer's) ratings. Oldest first.
  public func reviewedSessions(scenarioID: String? = nil) throws -> [ReviewedSession] {
    let names = Dictionary(uniqueKeysWithValues: try trainees().compactMap { t in t.id.map { ($0, t.name) } })
    let sessions = try sessions()
      .filter { $0.status == .finished && $0.resultJSON != nil && (scenarioID == nil || $0.scenarioID == scenarioID) }
      .sorted { ($0.id ?? 0) < ($1.id ?? 0) }
    return try sessions.compactMap { session -> ReviewedSession? in
      guard let id = session.id else { return nil }
      let automatic: ScoreResult
      if let played = try scorings(sessionID: id).first {
        automatic = try played.result()
      } else if let json = session.resultJSON, let result = try? JSONDecoder().decode(ScoreResult.self, from: Data(json.utf8)) {
        automatic = result
      } else {
        throw StoreError.corruptResult(sessionID: id, reason: "no readable score result")
      }
      let lines = try turns(sessionID: id).map {
        StoredLine(speaker: $0.speaker, nodeID: $0.nodeID, turn: $0.turn, text: $0.text, action: $0.action, target: $0.target)
      }
      let transcript = Transcript(
        stored: lines, ending: session.ending.flatMap(Ending.init(rawValue:)), finalMood: automatic.endingMood)
      let latest = try reviews(sessionID: id).last
      var ratings: [String: LeadCriterionRating] = [:]
      for row in latest?.scores ?? [] {
        ratings[row.criterionID] = LeadCriterionRating(
          criterionID: row.criterionID, points: row.score, autoPoints: row.autoScore, max: row.max, comment: row.comment)
      }
      return ReviewedSession(
        id: id, trainee: names[session.traineeID] ?? "?", transcript: transcript, automatic: automatic,
        reviewer: latest?.reviewerName, ratings: ratings)
    }
  }
}
