/// Where something sits in a scenario file: 1-based line and column (columns count Unicode scalars).
public struct SourceLocation: Hashable, Sendable, Codable, CustomStringConvertible {
  public var file: String
  public var line: Int
  public var column: Int

  public init(file: String, line: Int, column: Int) {
    self.file = file
    self.line = line
    self.column = column
  }

  public var description: String { "\(file):\(line):\(column)" }
}

/// How bad a finding is: errors stop a scenario from loading, warnings do not.
public enum Severity: String, Sendable, Codable, Comparable {
  case warning
  case error

  public static func < (lhs: Severity, rhs: Severity) -> Bool {
    lhs == .warning && rhs == .error
  }
}

/// One finding about a scenario file, with a stable code (`DJ0xx`) and a message that says
/// what was expected.
public struct Diagnostic: Hashable, Sendable, Codable, CustomStringConvertible {
  public var severity: Severity
  public var code: String
  public var location: SourceLocation
  public var message: String

  public init(_ severity: Severity, _ code: DiagnosticCode, at location: SourceLocation, _ message: String) {
    self.severity = severity
    self.code = code.rawValue
    self.location = location
    self.message = message
  }

  /// `file:line:col: error: message [DJ010]`, the shape compilers and editors understand.
  public var description: String {
    "\(location): \(severity.rawValue): \(message) [\(code)]"
  }
}

/// The stable codes of scenario diagnostics. Codes are never reused for another meaning.
public enum DiagnosticCode: String, Sendable, CaseIterable {
  // Errors
  case unreadableFile = "DJ001"
  case yamlSyntax = "DJ002"
  case notAMapping = "DJ003"
  case unknownKey = "DJ010"
  case missingKey = "DJ011"
  case wrongType = "DJ012"
  case invalidValue = "DJ013"
  case duplicateKey = "DJ014"
  case duplicateID = "DJ015"
  case unknownNode = "DJ020"
  case unknownCriterion = "DJ021"
  case unknownConcept = "DJ022"
  case unknownIntent = "DJ023"
  case unknownRole = "DJ024"
  case unknownLanguage = "DJ025"
  case unknownTarget = "DJ026"
  case emptyPattern = "DJ027"
  case duplicateScenarioID = "DJ028"
  /// YAML that would expand too much (alias bombs) or nest too deep to compose safely.
  case yamlTooLarge = "DJ029"
  // Product facts and templates
  case unknownFact = "DJ030"
  case factNotInLanguage = "DJ031"
  case badFactReference = "DJ032"
  case templateID = "DJ033"
  /// A `{slot}` in a pattern that no recogniser provides.
  case unknownSlot = "DJ034"
  /// `weak` phrases on a criterion whose scale has no level between none and full.
  case weakWithoutPartial = "DJ035"
  // Warnings
  case unreachableNode = "DJ100"
  case noWayOut = "DJ101"
  case unusedCriterion = "DJ102"
  case noPatternsForLanguage = "DJ103"
  case missingModelAnswer = "DJ104"
  case unusedIntent = "DJ105"
  case renderedExampleMismatch = "DJ106"
  /// A criterion's `examples` that its patterns do not read as the example says.
  case exampleMismatch = "DJ107"
  // The conversation model
  case noOrganisation = "DJ110"
  case noPrompt = "DJ111"
  case longStall = "DJ112"
  case moodContradiction = "DJ113"
  case factOutOfReach = "DJ114"
  // The library
  /// A scenario file not named after its id without the role prefix.
  case fileName = "DJ115"
}

/// Collects diagnostics while a file is read; the loader hands the list to its caller.
public struct DiagnosticBag: Sendable {
  public private(set) var items: [Diagnostic] = []

  public init() {}

  public mutating func error(_ code: DiagnosticCode, _ location: SourceLocation, _ message: String) {
    items.append(Diagnostic(.error, code, at: location, message))
  }

  public mutating func warning(_ code: DiagnosticCode, _ location: SourceLocation, _ message: String) {
    items.append(Diagnostic(.warning, code, at: location, message))
  }

  public mutating func append(contentsOf other: [Diagnostic]) { items += other }

  public var hasErrors: Bool { items.contains { $0.severity == .error } }
}
