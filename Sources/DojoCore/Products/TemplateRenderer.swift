internal import Foundation

/// A `{{product.…}}` reference in a template, with where it starts (1-based line, column in
/// Unicode scalars, as YAML marks count them).
public struct FactReference: Sendable, Hashable {
  /// The dotted path after `product.`, e.g. `policies.return_window_days`.
  public var path: String
  public var line: Int
  public var column: Int
}

/// What rendering a template for one product produced.
public struct RenderedTemplate: Sendable {
  /// The rendered text; nil when there were errors.
  public var text: String?
  /// Each fact used, by path, with the text that was put in.
  public var usedFacts: [String: String]
  public var diagnostics: [Diagnostic]

  /// A 16-hex-digit hash of the facts used, so a rendered file can tell when they changed.
  public var factsHash: String {
    ContentHash.hex(usedFacts.keys.sorted().map { "\($0)=\(usedFacts[$0] ?? "")\n" }.joined())
  }
}

/// Renders templates: scenario and answer files that say `{{product.name}}` or
/// `{{product.policies.return_window_days}}` where a product fact belongs. Pure: text and a
/// product in, text and diagnostics out.
///
/// Per-language facts are taken in the template's `language`. In a quoted YAML string the value
/// is escaped for that quoting; a value that a plain (unquoted) YAML string cannot hold is an
/// error asking the author to quote it.
public enum TemplateRenderer {
  /// Renders a scenario template (YAML) for `product`; `file` names the template in diagnostics.
  public static func renderScenario(_ template: String, file: String, product: Product) -> RenderedTemplate {
    let template = TextFile.normalizingLineEndings(template)
    var bag = DiagnosticBag()
    guard let root = composeYAML(template, file: file, into: &bag) else {
      return RenderedTemplate(text: nil, usedFacts: [:], diagnostics: bag.items)
    }
    var language: Language?
    if case .mapping(let top) = root, let node = top["language"], let value = node.string {
      language = Language(rawValue: value)
    }
    guard let language else {
      bag.error(.missingKey, SourceLocation(file: file, line: 1, column: 1), "a template needs 'language: en' or 'language: de' (with the text as written, no {{…}}) to pick per-language facts")
      return RenderedTemplate(text: nil, usedFacts: [:], diagnostics: bag.items)
    }
    var scalars: [(line: Int, column: Int, style: YAMLNode.Scalar.Style)] = []
    collectScalars(root, into: &scalars)
    scalars.sort { ($0.line, $0.column) < ($1.line, $1.column) }
    return substitute(template, file: file, product: product, language: language, bag: bag) { reference in
      scalars.last { ($0.line, $0.column) <= (reference.line, reference.column) }?.style ?? .plain
    }
  }

  /// Renders a plain-text template (an answer file) for `product` in `language`.
  public static func renderText(_ template: String, file: String, product: Product, language: Language) -> RenderedTemplate {
    substitute(TextFile.normalizingLineEndings(template), file: file, product: product, language: language, bag: DiagnosticBag()) { _ in nil }
  }

  // MARK: - Implementation

  /// A `{{` in a line: its column (Unicode scalars, 1-based), its scalar offsets, and the text
  /// up to the closing `}}` (nil when there is none).
  private struct Token {
    var column: Int
    var start: Int
    var end: Int
    var inner: String?
  }

  private static func tokens(in line: Substring) -> [Token] {
    let scalars = Array(line.unicodeScalars)
    var result: [Token] = []
    var index = 0
    while index + 1 < scalars.count {
      guard scalars[index] == "{", scalars[index + 1] == "{" else {
        index += 1
        continue
      }
      var close = index + 2
      while close + 1 < scalars.count, !(scalars[close] == "}" && scalars[close + 1] == "}") { close += 1 }
      if close + 1 < scalars.count {
        var inner = String.UnicodeScalarView()
        inner.append(contentsOf: scalars[(index + 2)..<close])
        result.append(Token(column: index + 1, start: index, end: close + 2, inner: String(inner)))
        index = close + 2
      } else {
        result.append(Token(column: index + 1, start: index, end: scalars.count, inner: nil))
        break
      }
    }
    return result
  }

  private static func collectScalars(_ node: YAMLNode, into result: inout [(line: Int, column: Int, style: YAMLNode.Scalar.Style)]) {
    switch node {
    case .scalar(let scalar):
      if let mark = scalar.mark { result.append((mark.line, mark.column, scalar.style)) }
    case .mapping(let mapping):
      for (key, value) in mapping {
        collectScalars(key, into: &result)
        collectScalars(value, into: &result)
      }
    case .sequence(let sequence):
      for item in sequence { collectScalars(item, into: &result) }
    }
  }

  /// Replaces every reference; `style` says how the YAML scalar around a reference is quoted
  /// (nil for plain text files).
  private static func substitute(
    _ template: String, file: String, product: Product, language: Language, bag: DiagnosticBag,
    style: (FactReference) -> YAMLNode.Scalar.Style?
  ) -> RenderedTemplate {
    var bag = bag
    var used: [String: String] = [:]
    var lines: [String] = []
    for (index, line) in template.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
      // Comment lines are left as they are: they may talk about {{product.…}} references.
      let found = line.drop { $0 == " " }.hasPrefix("#") ? [] : tokens(in: line)
      guard !found.isEmpty else {
        lines.append(String(line))
        continue
      }
      let scalars = Array(line.unicodeScalars)
      var output = String.UnicodeScalarView()
      var position = 0
      for token in found {
        output.append(contentsOf: scalars[position..<token.start])
        position = token.end
        let location = SourceLocation(file: file, line: index + 1, column: token.column)
        guard let inner = token.inner else {
          bag.error(.badFactReference, location, "'{{' without a closing '}}' on the same line")
          continue
        }
        let name = inner.trimmingCharacters(in: .whitespaces)
        guard name.hasPrefix("product."), name.range(of: "^product(\\.[a-z0-9_]+)+$", options: .regularExpression) != nil else {
          bag.error(.badFactReference, location, "'{{\(inner)}}' is not a product fact; expected {{product.<key>.<key>…}} with lower-case keys, such as {{product.name}}")
          continue
        }
        let path = String(name.dropFirst("product.".count))
        guard let fact = product.fact(path) else {
          let close = Suggestion.closest(path, product.factPaths) ?? product.factPaths.first { $0.hasPrefix(path) }
          let suggestion = close.map { " (did you mean 'product.\($0)'?)" } ?? ""
          let parents = product.factPaths.filter { $0.hasPrefix(path + ".") }
          let hint = parents.isEmpty ? "" : "; it is a group, pick one of: \(parents.joined(separator: ", "))"
          bag.error(.unknownFact, location, "unknown fact 'product.\(path)': product '\(product.id)' has no such fact\(parents.isEmpty ? suggestion : hint)")
          continue
        }
        guard var value = fact.text(in: language) else {
          let has = fact.texts.keys.map(\.rawValue).sorted().joined(separator: ", ")
          bag.error(.factNotInLanguage, location, "fact 'product.\(path)' of product '\(product.id)' has no '\(language.rawValue)' text (it has: \(has))")
          continue
        }
        value = value.replacingOccurrences(of: "\n", with: " ")
        used[path] = value
        let reference = FactReference(path: path, line: index + 1, column: token.column)
        switch style(reference) {
        case .doubleQuoted?:
          value = value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
        case .singleQuoted?:
          value = value.replacingOccurrences(of: "'", with: "''")
        case .plain?, .any?:
          if value.contains(": ") || value.contains(" #") || value.hasSuffix(":") {
            bag.error(.badFactReference, location, "the value of 'product.\(path)' (\(value)) cannot stand in an unquoted YAML string; put this text in quotes in the template")
            continue
          }
        default:
          break
        }
        output.append(contentsOf: value.unicodeScalars)
      }
      output.append(contentsOf: scalars[position...])
      lines.append(String(output))
    }
    if bag.hasErrors { return RenderedTemplate(text: nil, usedFacts: used, diagnostics: bag.items) }
    return RenderedTemplate(text: lines.joined(separator: "\n"), usedFacts: used, diagnostics: bag.items)
  }
}
