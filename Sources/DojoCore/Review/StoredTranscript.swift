/// One stored line of a conversation, as the store keeps it.
public struct StoredLine: Sendable, Hashable {
  public var speaker: TranscriptEntry.Speaker
  public var nodeID: String
  public var turn: Int?
  public var text: String
  public var action: TraineeAction.Kind?
  public var target: String?

  public init(
    speaker: TranscriptEntry.Speaker, nodeID: String, turn: Int?, text: String, action: TraineeAction.Kind?,
    target: String?
  ) {
    self.speaker = speaker
    self.nodeID = nodeID
    self.turn = turn
    self.text = text
    self.action = action
    self.target = target
  }
}

extension Transcript {
  /// The transcript of a stored conversation, line for line as it was played, so a changed
  /// rubric can score it again without replaying it through a possibly changed graph.
  public init(stored lines: [StoredLine], ending: Ending?, finalMood: Mood) {
    let entries = lines.map { line in
      TranscriptEntry(
        speaker: line.speaker, nodeID: line.nodeID, turn: line.speaker == .trainee ? line.turn : nil, text: line.text,
        action: line.speaker == .trainee
          ? TraineeAction(kind: line.action ?? .reply, text: line.text, target: line.target) : nil)
    }
    self.init(entries: entries, ending: ending, finalMood: finalMood)
  }
}
