/// One fact about a product, found under a dotted path such as `policies.return_window_days`:
/// either one value for every language, or a text per language (`en:`/`de:`) where the customer
/// sees it.
public struct ProductFact: Sendable, Hashable {
  public var path: String
  /// The value when it is the same in every language (names, numbers, team ids).
  public var value: String?
  /// Texts per language, when the fact is shown to customers in their language.
  public var texts: [Language: String]
  /// Where the value sits in the product file.
  public var line: Int
  public var column: Int

  public init(path: String, value: String? = nil, texts: [Language: String] = [:], line: Int = 0, column: Int = 0) {
    self.path = path
    self.value = value
    self.texts = texts
    self.line = line
    self.column = column
  }

  /// The text a scenario in `language` shows: the shared value, or that language's text.
  public func text(in language: Language) -> String? {
    value ?? texts[language]
  }
}

/// A product's facts as read from `scenarios/products/<id>.yaml`: names, plans and prices,
/// policies, known issues and who owns what. Templates refer to them as `{{product.<path>}}`.
public struct Product: Sendable, Hashable {
  /// Lower-case id, used in the ids of the scenarios rendered for the product.
  public var id: String
  /// The file the facts were read from.
  public var path: String
  /// Every fact by its dotted path (`name`, `plans.plus.price`, `owners.billing`, …).
  public var facts: [String: ProductFact]

  public init(id: String, path: String, facts: [String: ProductFact]) {
    self.id = id
    self.path = path
    self.facts = facts
  }

  /// The fact at `path`; a last segment naming a language (`….workaround.de`) picks that
  /// language's text of a per-language fact.
  public func fact(_ path: String) -> ProductFact? {
    if let fact = facts[path] { return fact }
    let parts = path.split(separator: ".").map(String.init)
    guard parts.count > 1, let language = Language(rawValue: parts[parts.count - 1]),
      let parent = facts[parts.dropLast().joined(separator: ".")], let text = parent.texts[language]
    else { return nil }
    return ProductFact(path: path, value: text, line: parent.line, column: parent.column)
  }

  /// Every fact path, sorted (for suggestions and listings).
  public var factPaths: [String] { facts.keys.sorted() }
}
