/// The rules every stored name follows (trainees, reviewers and leads, cohorts): not empty, at
/// most `maximumLength` characters, no control or bidirectional characters. Names show up in
/// every table, report and file name, so a pasted 10,000-character "name" or one carrying
/// terminal escapes is refused where it comes in, with a message that says why.
public enum NameRules {
  /// The longest name accepted, in characters.
  public static let maximumLength = 100

  /// Why a name was refused.
  public enum Problem: Error, Equatable, Sendable {
    case empty(kind: String)
    case tooLong(kind: String, length: Int)
    case controlCharacter(kind: String, scalar: UInt32, position: Int)

    /// A message for the user.
    public var message: String {
      switch self {
      case .empty(let kind):
        "a \(kind) name must not be empty"
      case .tooLong(let kind, let length):
        "a \(kind) name is at most \(NameRules.maximumLength) characters; this one has \(length)"
      case .controlCharacter(let kind, let scalar, let position):
        "a \(kind) name must not contain control or text-direction characters (U+\(hex(scalar)) at character \(position))"
      }
    }

    private func hex(_ value: UInt32) -> String {
      let digits = String(value, radix: 16, uppercase: true)
      return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }
  }

  /// The problem with an already trimmed name, or nil when it is fine. `kind` names what it is
  /// ("trainee", "cohort") for the message.
  public static func problem(with name: String, kind: String) -> Problem? {
    if name.isEmpty { return .empty(kind: kind) }
    // Count no further than needed: a huge name is refused without walking all of it twice.
    if name.utf8.count > maximumLength {
      let length = name.count
      if length > maximumLength { return .tooLong(kind: kind, length: length) }
    }
    for (offset, scalar) in name.unicodeScalars.enumerated() where TextSafety.isUnsafe(scalar) || scalar == "\n" || scalar == "\t" {
      return .controlCharacter(kind: kind, scalar: scalar.value, position: offset + 1)
    }
    return nil
  }
}
