internal import Foundation

/// A problem in an answer file, with the line it is on.
public struct AnswerFileError: Error, Equatable, CustomStringConvertible {
  public var file: String
  public var line: Int
  public var message: String

  public var description: String { "\(file):\(line): \(message)" }
}

/// A scripted trainee: one turn per paragraph (blank line between turns), with
/// `/escalate TIER: note`, `/transfer TEAM: note` and `/end` as actions. Lines starting with
/// `#` are comments. Control characters other than tab are read as spaces (`TypedText.clean`).
public struct AnswerFile: Sendable, Equatable {
  public struct Turn: Sendable, Equatable {
    public var action: TraineeAction
    public var line: Int
  }

  public var turns: [Turn]

  public init(turns: [Turn]) { self.turns = turns }

  public static func load(path: String) throws -> AnswerFile {
    switch TextFile.read(path: path) {
    case .success(let text): return try parse(text, file: path)
    case .failure(.noSuchFile): throw AnswerFileError(file: path, line: 0, message: "no such answer file")
    case .failure(.unreadable): throw AnswerFileError(file: path, line: 0, message: "cannot read answer file")
    case .failure(.notUTF8): throw AnswerFileError(file: path, line: 0, message: "answer file is not valid UTF-8 text")
    }
  }

  public static func parse(_ text: String, file: String = "<answers>") throws -> AnswerFile {
    var turns: [Turn] = []
    var paragraph: [String] = []
    var paragraphLine = 0
    func flush() throws {
      defer { paragraph = [] }
      guard !paragraph.isEmpty else { return }
      let joined = paragraph.joined(separator: "\n")
      do {
        turns.append(Turn(action: try SlashCommand.parseAction(joined), line: paragraphLine))
      } catch let error as SlashCommand.ParseError {
        throw AnswerFileError(file: file, line: paragraphLine, message: error.message)
      }
    }
    // CRLF and lone CR end lines too (Swift sees "\r\n" as one character, not a "\n").
    for (index, rawLine) in TextFile.normalizingLineEndings(text).components(separatedBy: "\n").enumerated() {
      // Cleaned as the console cleans typed lines, so a replayed turn is the text a session stores.
      let line = TypedText.clean(rawLine).trimmingCharacters(in: .whitespaces)
      if line.isEmpty {
        try flush()
      } else if line.hasPrefix("#") {
        continue
      } else {
        if paragraph.isEmpty { paragraphLine = index + 1 }
        paragraph.append(line)
      }
    }
    try flush()
    if turns.isEmpty { throw AnswerFileError(file: file, line: 1, message: "answer file has no turns") }
    return AnswerFile(turns: turns)
  }
}

/// Parses the trainee's slash actions, shared by answer files and the console.
public enum SlashCommand {
  public struct ParseError: Error, Equatable {
    public var message: String
  }

  /// A reply, or `/escalate TIER: note`, `/transfer TEAM: note`, `/end`.
  public static func parseAction(_ text: String) throws -> TraineeAction {
    guard text.hasPrefix("/") else { return .reply(text) }
    let (command, rest) = split(text)
    switch command {
    case "/escalate", "/transfer":
      let kind: HandoffKind = command == "/escalate" ? .escalate : .transfer
      let (target, note) = splitTarget(rest)
      guard !target.isEmpty else {
        throw ParseError(message: "\(command) needs a \(kind == .escalate ? "tier" : "team"): \(command) \(kind == .escalate ? "l2-specialist" : "sales"): note")
      }
      // Whether the target exists is the scenario's organisation's to say (the engine refuses
      // an unknown one with the list); here it only has to look like an id.
      guard target.range(of: "^[a-z0-9][a-z0-9-]*$", options: .regularExpression) != nil else {
        throw ParseError(message: "'\(target)' is not a \(kind == .escalate ? "tier" : "team") id (lower-case letters, digits, hyphens)")
      }
      return kind == .escalate ? .escalate(to: target, note: note) : .transfer(to: target, note: note)
    case "/end", "/resolve":
      return .end
    default:
      let known = ["/escalate", "/transfer", "/end", "/resolve"]
      throw ParseError(message: "unknown action '\(command)'; expected one of: \(known.joined(separator: ", "))\(Suggestion.didYouMean(command, known))")
    }
  }

  /// Splits `/command rest of line` at the first space.
  public static func split(_ text: String) -> (command: String, rest: String) {
    let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
    guard let space = trimmed.firstIndex(where: { $0 == " " || $0 == "\n" }) else { return (trimmed.lowercased(), "") }
    return (String(trimmed[..<space]).lowercased(), String(trimmed[space...]).trimmingCharacters(in: .whitespacesAndNewlines))
  }

  /// `tier: note` or `tier note` → (tier, note).
  public static func splitTarget(_ text: String) -> (String, String) {
    let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
    let end = trimmed.firstIndex { $0 == ":" || $0 == " " || $0 == "\n" } ?? trimmed.endIndex
    let target = String(trimmed[..<end]).lowercased()
    var rest = trimmed[end...]
    if rest.first == ":" { rest = rest.dropFirst() }
    return (target, rest.trimmingCharacters(in: .whitespacesAndNewlines))
  }
}
