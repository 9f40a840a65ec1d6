/// What the trainee does in a turn.
public struct TraineeAction: Sendable, Hashable, Codable {
  public enum Kind: String, Sendable, Codable {
    case reply, escalate, transfer, end

    /// The hand-off an escalation or a transfer is; nil for a reply or `/end`.
    public var handoffKind: HandoffKind? {
      switch self {
      case .escalate: .escalate
      case .transfer: .transfer
      case .reply, .end: nil
      }
    }
  }

  public var kind: Kind
  /// The reply, or the hand-off note of an escalation or transfer.
  public var text: String
  /// The tier or team for an escalation or transfer.
  public var target: String?

  public init(kind: Kind, text: String = "", target: String? = nil) {
    self.kind = kind
    self.text = text
    self.target = target
  }

  public static func reply(_ text: String) -> TraineeAction { TraineeAction(kind: .reply, text: text) }
  public static func escalate(to tier: String, note: String) -> TraineeAction {
    TraineeAction(kind: .escalate, text: note, target: tier)
  }
  public static func transfer(to team: String, note: String) -> TraineeAction {
    TraineeAction(kind: .transfer, text: note, target: team)
  }
  public static let end = TraineeAction(kind: .end)

  /// The action as typed in an answer file or the console: `/escalate tier: note`.
  public var typedForm: String {
    switch kind {
    case .reply: text
    case .escalate: "/escalate \(target ?? "")" + (text.isEmpty ? "" : ": \(text)")
    case .transfer: "/transfer \(target ?? "")" + (text.isEmpty ? "" : ": \(text)")
    case .end: "/end"
    }
  }
}

/// One line of a conversation.
public struct TranscriptEntry: Sendable, Hashable, Codable {
  public enum Speaker: String, Sendable, Codable {
    case customer, trainee
  }

  public var speaker: Speaker
  public var nodeID: String
  /// The trainee turn number (1-based) for trainee entries.
  public var turn: Int?
  public var text: String
  public var action: TraineeAction?

  public init(speaker: Speaker, nodeID: String, turn: Int? = nil, text: String, action: TraineeAction? = nil) {
    self.speaker = speaker
    self.nodeID = nodeID
    self.turn = turn
    self.text = text
    self.action = action
  }
}

/// A whole conversation as the scorer sees it.
public struct Transcript: Sendable, Hashable, Codable {
  public var entries: [TranscriptEntry] = []
  public var ending: Ending?
  public var finalMood: Mood

  public init(entries: [TranscriptEntry] = [], ending: Ending? = nil, finalMood: Mood) {
    self.entries = entries
    self.ending = ending
    self.finalMood = finalMood
  }

  public var traineeTurns: [TranscriptEntry] { entries.filter { $0.speaker == .trainee } }

  /// Nodes the customer spoke at, in order, without repeats.
  public var visitedNodes: [String] {
    var seen: Set<String> = []
    return entries.compactMap { entry in
      entry.speaker == .customer && seen.insert(entry.nodeID).inserted ? entry.nodeID : nil
    }
  }
}

/// A small deterministic generator (SplitMix64) so that the same seed gives the same variants.
public struct SeededGenerator: RandomNumberGenerator, Sendable, Hashable, Codable {
  public var state: UInt64

  public init(seed: UInt64) { state = seed }

  public mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  mutating func pick<T>(_ items: [T]) -> T? {
    items.isEmpty ? nil : items[Int(next() % UInt64(items.count))]
  }
}
