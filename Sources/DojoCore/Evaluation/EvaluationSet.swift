internal import Foundation

/// A lead's rating of one criterion of a whole conversation.
public enum LeadRating: String, Sendable, Hashable, Codable, CaseIterable {
  case met
  case partly
  case not
  /// The conversation never got to where the criterion applies.
  case notApplicable = "na"

  /// 2 / 1 / 0 on the three-level scale, nil for N/A.
  public var level: Int? {
    switch self {
    case .met: 2
    case .partly: 1
    case .not: 0
    case .notApplicable: nil
    }
  }
}

/// A lead's overall verdict on an attempt.
public enum LeadVerdict: String, Sendable, Hashable, Codable, CaseIterable {
  case pass
  case fail
}

/// One conversation of an evaluation set, as it was recorded: every line, customer lines
/// included, with the node each belongs to. Scored as recorded, it stays usable when the engine
/// or a pattern changes (the customer's path is not played again).
public struct RecordedConversation: Sendable, Hashable, Codable {
  /// One recorded line.
  public struct Line: Sendable, Hashable, Codable {
    public var speaker: TranscriptEntry.Speaker
    public var node: String
    /// The trainee turn number for trainee lines.
    public var turn: Int?
    public var text: String
    /// `reply`, `escalate`, `transfer` or `end` for trainee lines.
    public var action: TraineeAction.Kind?
    public var target: String?

    public init(
      speaker: TranscriptEntry.Speaker, node: String, turn: Int? = nil, text: String, action: TraineeAction.Kind? = nil,
      target: String? = nil
    ) {
      self.speaker = speaker
      self.node = node
      self.turn = turn
      self.text = text
      self.action = action
      self.target = target
    }
  }

  /// Unique within its set (also the file name without `.json`).
  public var id: String
  public var scenarioID: String
  /// The scenario's content version when it was played.
  public var scenarioVersion: String
  /// Who played it and how the set was made (free text: player, persona, date).
  public var source: String
  public var ending: Ending?
  public var finalMood: Mood
  public var lines: [Line]

  public init(
    id: String, scenarioID: String, scenarioVersion: String, source: String, ending: Ending?, finalMood: Mood,
    lines: [Line]
  ) {
    self.id = id
    self.scenarioID = scenarioID
    self.scenarioVersion = scenarioVersion
    self.source = source
    self.ending = ending
    self.finalMood = finalMood
    self.lines = lines
  }

  enum CodingKeys: String, CodingKey {
    case id, source, ending, lines
    case scenarioID = "scenario_id"
    case scenarioVersion = "scenario_version"
    case finalMood = "final_mood"
  }

  /// The transcript the scorer reads, line for line as recorded.
  public var transcript: Transcript {
    let stored = lines.map {
      StoredLine(speaker: $0.speaker, nodeID: $0.node, turn: $0.turn, text: $0.text, action: $0.action, target: $0.target)
    }
    return Transcript(stored: stored, ending: ending, finalMood: finalMood)
  }
}

extension RecordedConversation {
  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    id = try c.decode(String.self, forKey: .id)
    scenarioID = try c.decode(String.self, forKey: .scenarioID)
    scenarioVersion = try c.decodeIfPresent(String.self, forKey: .scenarioVersion) ?? ""
    source = try c.decodeIfPresent(String.self, forKey: .source) ?? ""
    ending = try c.decodeIfPresent(Ending.self, forKey: .ending)
    let moodName = try c.decodeIfPresent(String.self, forKey: .finalMood) ?? "neutral"
    guard let mood = Mood.allCases.first(where: { $0.name == moodName }) else {
      throw DecodingError.dataCorruptedError(
        forKey: .finalMood, in: c, debugDescription: "unknown mood '\(moodName)'")
    }
    finalMood = mood
    lines = try c.decode([Line].self, forKey: .lines)
  }

  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(id, forKey: .id)
    try c.encode(scenarioID, forKey: .scenarioID)
    try c.encode(scenarioVersion, forKey: .scenarioVersion)
    try c.encode(source, forKey: .source)
    try c.encode(ending, forKey: .ending)
    try c.encode(finalMood.name, forKey: .finalMood)
    try c.encode(lines, forKey: .lines)
  }
}

/// A lead's labels for one conversation: a rating per criterion (the escalation decision under
/// the id `escalation`) and a verdict.
public struct ConversationLabels: Sendable, Hashable, Codable {
  /// The conversation's id.
  public var conversation: String
  public var criteria: [String: LeadRating]
  public var verdict: LeadVerdict
  /// Who labelled it.
  public var labeller: String

  public init(conversation: String, criteria: [String: LeadRating], verdict: LeadVerdict, labeller: String) {
    self.conversation = conversation
    self.criteria = criteria
    self.verdict = verdict
    self.labeller = labeller
  }
}

/// An evaluation set: recorded conversations and a lead's labels for them.
///
/// On disk, a folder with `conversations/ID.json` (one `RecordedConversation` each) and
/// `labels.jsonl` (one `ConversationLabels` per line; blank lines and `#` comments skipped).
/// A `README.md` beside them says when and how the set was made.
public struct EvaluationSet: Sendable {
  public var name: String
  public var conversations: [RecordedConversation]
  /// Labels by conversation id.
  public var labels: [String: ConversationLabels]

  public init(name: String, conversations: [RecordedConversation], labels: [String: ConversationLabels]) {
    self.name = name
    self.conversations = conversations
    self.labels = labels
  }

  /// Reads a set folder. Every problem names its file (and line for labels).
  public static func load(folder: String) throws -> EvaluationSet {
    let manager = FileManager.default
    var isFolder: ObjCBool = false
    guard manager.fileExists(atPath: folder, isDirectory: &isFolder), isFolder.boolValue else {
      throw EvaluationSetError(location: folder, message: "no such folder")
    }
    let conversationsFolder = folder + "/conversations"
    guard let names = try? manager.contentsOfDirectory(atPath: conversationsFolder) else {
      throw EvaluationSetError(location: conversationsFolder, message: "no conversations folder (expected conversations/ID.json)")
    }
    let decoder = JSONDecoder()
    var conversations: [RecordedConversation] = []
    var seen: Set<String> = []
    for name in names.sorted() where name.hasSuffix(".json") {
      let path = conversationsFolder + "/" + name
      let conversation: RecordedConversation
      do {
        let text = try TextFile.read(path: path).get()
        conversation = try decoder.decode(RecordedConversation.self, from: Data(text.utf8))
      } catch let error as DecodingError {
        throw EvaluationSetError(location: path, message: Self.describe(error))
      } catch {
        throw EvaluationSetError(location: path, message: "cannot read: \(error)")
      }
      guard conversation.id + ".json" == name else {
        throw EvaluationSetError(location: path, message: "id '\(conversation.id)' does not match the file name")
      }
      seen.insert(conversation.id)
      conversations.append(conversation)
    }
    var labels: [String: ConversationLabels] = [:]
    let labelsPath = folder + "/labels.jsonl"
    if manager.fileExists(atPath: labelsPath) {
      let text: String
      do { text = try TextFile.read(path: labelsPath).get() } catch {
        throw EvaluationSetError(location: labelsPath, message: "cannot read: \(error)")
      }
      for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
        let location = "\(labelsPath):\(index + 1)"
        let label: ConversationLabels
        do {
          label = try decoder.decode(ConversationLabels.self, from: Data(trimmed.utf8))
        } catch let error as DecodingError {
          throw EvaluationSetError(location: location, message: Self.describe(error))
        }
        guard seen.contains(label.conversation) else {
          throw EvaluationSetError(location: location, message: "no conversation '\(label.conversation)' in conversations/")
        }
        guard labels[label.conversation] == nil else {
          throw EvaluationSetError(location: location, message: "conversation '\(label.conversation)' is labelled twice")
        }
        labels[label.conversation] = label
      }
    }
    let name = URL(fileURLWithPath: folder).standardizedFileURL.lastPathComponent
    return EvaluationSet(name: name, conversations: conversations, labels: labels)
  }

  static func describe(_ error: DecodingError) -> String {
    func path(_ context: DecodingError.Context) -> String {
      context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
    }
    switch error {
    case .keyNotFound(let key, let context): return "missing key '\(key.stringValue)' at \(path(context).isEmpty ? "top level" : path(context))"
    case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
      let at = path(context)
      return (at.isEmpty ? "" : "at \(at): ") + context.debugDescription
    @unknown default: return "\(error)"
    }
  }
}

/// A problem reading an evaluation set, with the file (and line) it is in.
public struct EvaluationSetError: Error, CustomStringConvertible, Sendable {
  public var location: String
  public var message: String
  public var description: String { "\(location): \(message)" }
}
