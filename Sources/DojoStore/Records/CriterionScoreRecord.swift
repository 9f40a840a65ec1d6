import DojoCore
import Foundation
import GRDB

/// One criterion's score in one session (row of `criterion_scores`).
///
/// The automatic scorer writes rows with source `auto`; a reviewer's override is a further row
/// with source `review`, so the automatic score is never erased.
public struct CriterionScoreRecord: Sendable, Hashable, Codable, Identifiable {
  /// Set by the database on insert; always present on records the store returns.
  public var id: Int64?
  public var sessionID: Int64
  public var criterionID: String
  /// Points on the criterion's scale; nil when N/A.
  public var score: Int?
  public var max: Int
  public var weight: Double
  public var met: Bool
  public var applicable: Bool
  public var critical: Bool
  /// The evidence (`[Evidence]`) as JSON with sorted keys.
  public var evidenceJSON: String
  public var source: ScoreSource
  public var createdAt: Date

  public init(
    id: Int64? = nil, sessionID: Int64, criterionID: String, score: Int?, max: Int, weight: Double,
    met: Bool, applicable: Bool, critical: Bool, evidenceJSON: String, source: ScoreSource = .auto,
    createdAt: Date
  ) {
    self.id = id
    self.sessionID = sessionID
    self.criterionID = criterionID
    self.score = score
    self.max = max
    self.weight = weight
    self.met = met
    self.applicable = applicable
    self.critical = critical
    self.evidenceJSON = evidenceJSON
    self.source = source
    self.createdAt = createdAt
  }

  /// Decodes the stored evidence.
  public func evidence() throws -> [Evidence] {
    do {
      return try JSONDecoder().decode([Evidence].self, from: Data(evidenceJSON.utf8))
    } catch {
      throw StoreError.corruptResult(sessionID: sessionID, reason: String(describing: error))
    }
  }

  enum CodingKeys: String, CodingKey {
    case id
    case sessionID = "session_id"
    case criterionID = "criterion_id"
    case score, max, weight, met, applicable, critical
    case evidenceJSON = "evidence_json"
    case source
    case createdAt = "created_at"
  }

  /// The table's columns, for queries.
  public enum Columns {
    public static let id = Column(CodingKeys.id)
    public static let sessionID = Column(CodingKeys.sessionID)
    public static let criterionID = Column(CodingKeys.criterionID)
    public static let score = Column(CodingKeys.score)
    public static let max = Column(CodingKeys.max)
    public static let weight = Column(CodingKeys.weight)
    public static let met = Column(CodingKeys.met)
    public static let applicable = Column(CodingKeys.applicable)
    public static let critical = Column(CodingKeys.critical)
    public static let evidenceJSON = Column(CodingKeys.evidenceJSON)
    public static let source = Column(CodingKeys.source)
    public static let createdAt = Column(CodingKeys.createdAt)
  }
}

extension CriterionScoreRecord: FetchableRecord, MutablePersistableRecord {
  /// Dates as GRDB writes and reads them, without starting ICU (`StoredDate`).
  public static func databaseDateEncodingStrategy(for column: String) -> DatabaseDateEncodingStrategy { StoredDate.strategy }
  public static func databaseDateDecodingStrategy(for column: String) -> DatabaseDateDecodingStrategy { StoredDate.decoding }

  public static let databaseTableName = "criterion_scores"

  public mutating func didInsert(_ inserted: InsertionSuccess) {
    id = inserted.rowID
  }
}
