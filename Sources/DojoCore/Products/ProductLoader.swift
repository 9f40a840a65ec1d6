internal import Foundation

/// Reads product fact files (`scenarios/products/<id>.yaml`), reporting every problem as a
/// diagnostic with file:line:col.
///
/// A product file has `id` and `name`, optional `company` and `plans`, and the required
/// `policies`, `known_issues` and `owners` (with at least `billing`, `sales` and `engineering`).
/// Below the top level, a value is text or a number, a mapping of `en:`/`de:` texts for what
/// customers read, or a mapping of further keys.
public enum ProductLoader {
  static let topKeys = ["id", "name", "company", "plans", "policies", "known_issues", "owners"]
  static let requiredOwners = ["billing", "sales", "engineering"]

  /// Loads one product file. The product is nil when the file has errors.
  public static func load(path: String) -> (product: Product?, diagnostics: [Diagnostic]) {
    switch TextFile.read(path: path) {
    case .success(let text): return parse(yaml: text, file: path)
    case .failure(.notUTF8):
      return (nil, [Diagnostic(.error, .unreadableFile, at: SourceLocation(file: path, line: 1, column: 1), "file is not valid UTF-8 text")])
    case .failure:
      return (nil, [Diagnostic(.error, .unreadableFile, at: SourceLocation(file: path, line: 1, column: 1), "cannot read product file")])
    }
  }

  /// Parses product YAML; `file` names it in diagnostics.
  public static func parse(yaml: String, file: String) -> (product: Product?, diagnostics: [Diagnostic]) {
    var reader = YAMLReader(file: file)
    guard let root = composeYAML(yaml, file: file, into: &reader.diagnostics) else { return (nil, reader.diagnostics.items) }
    guard case .mapping = root else {
      reader.diagnostics.error(.notAMapping, reader.location(root), "expected the product as a mapping of keys (id, name, policies, …), found \(YAMLReader.kindName(root))")
      return (nil, reader.diagnostics.items)
    }
    guard let top = reader.mapping(root, "the product") else { return (nil, reader.diagnostics.items) }
    reader.finish(top, allowed: topKeys)
    var facts: [String: ProductFact] = [:]

    var id: String?
    if let node = top["id"] {
      id = reader.text(node, "'id'")
      if let value = id, value.range(of: "^[a-z0-9][a-z0-9-]*$", options: .regularExpression) == nil {
        reader.diagnostics.error(.invalidValue, reader.location(node), "product id '\(value)' must be lower-case letters, digits and hyphens")
        id = nil
      }
      if let id { facts["id"] = ProductFact(path: "id", value: id, line: node.mark?.line ?? 1, column: node.mark?.column ?? 1) }
    } else {
      reader.missing("id", in: top, expected: "a product id such as streamly")
    }
    if let node = top["name"] {
      readValue(node, path: "name", into: &facts, reader: &reader)
    } else {
      reader.missing("name", in: top, expected: "the product's name, or en:/de: names")
    }
    for key in ["company", "plans", "policies", "known_issues"] {
      if let node = top[key] {
        readValue(node, path: key, into: &facts, reader: &reader)
      } else if key != "company" && key != "plans" {
        reader.missing(key, in: top, expected: "a mapping of \(key == "policies" ? "policies (return window, refund limit, SLA)" : "known issues with their workarounds")")
      }
    }
    if let node = top["owners"] {
      if let owners = reader.mapping(node, "'owners'") {
        for entry in owners.entries {
          guard checkKey(entry.key, entry.keyMark, reader: &reader),
            let team = reader.choice(entry.value, "owner team", Targets.transferTeams + Targets.escalationTiers, code: .unknownTarget)
          else { continue }
          facts["owners.\(entry.key)"] = ProductFact(
            path: "owners.\(entry.key)", value: team, line: entry.value.mark?.line ?? 1, column: entry.value.mark?.column ?? 1)
        }
        for key in requiredOwners where owners[key] == nil {
          reader.missing(key, in: owners, expected: "the team that owns \(key) questions (e.g. \(key == "engineering" ? "engineering" : key))")
        }
      }
    } else {
      reader.missing("owners", in: top, expected: "a mapping of billing, sales and engineering to the teams that own them")
    }
    guard let id, !reader.diagnostics.hasErrors else { return (nil, reader.diagnostics.items) }
    return (Product(id: id, path: file, facts: facts), reader.diagnostics.items)
  }

  /// Keys become parts of dotted paths: lower-case letters, digits and underscores.
  static func checkKey(_ key: String, _ mark: YAMLMark?, reader: inout YAMLReader) -> Bool {
    guard key.range(of: "^[a-z0-9_]+$", options: .regularExpression) != nil else {
      reader.diagnostics.error(.invalidValue, reader.location(mark), "key '\(key)' must be lower-case letters, digits and underscores, so templates can refer to it")
      return false
    }
    return true
  }

  /// Reads a value below `path`: text, `en:`/`de:` texts, or a mapping of further values.
  static func readValue(_ node: YAMLNode, path: String, into facts: inout [String: ProductFact], reader: inout YAMLReader) {
    let line = node.mark?.line ?? 1, column = node.mark?.column ?? 1
    switch node {
    case .scalar:
      if let text = reader.text(node, "'\(path)'") {
        facts[path] = ProductFact(path: path, value: text, line: line, column: column)
      }
    case .mapping:
      guard let map = reader.mapping(node, "'\(path)'") else { return }
      if map.entries.isEmpty {
        reader.diagnostics.error(.invalidValue, reader.location(node), "'\(path)' is empty; expected values or en:/de: texts")
        return
      }
      let languages = map.entries.compactMap { Language(rawValue: $0.key) }
      if languages.count == map.entries.count {
        var texts: [Language: String] = [:]
        for entry in map.entries {
          if let language = Language(rawValue: entry.key), let text = reader.text(entry.value, "the '\(entry.key)' text of '\(path)'") {
            texts[language] = text
          }
        }
        facts[path] = ProductFact(path: path, texts: texts, line: line, column: column)
        return
      }
      for entry in map.entries where checkKey(entry.key, entry.keyMark, reader: &reader) {
        readValue(entry.value, path: "\(path).\(entry.key)", into: &facts, reader: &reader)
      }
    case .sequence:
      reader.diagnostics.error(
        .wrongType, reader.location(node),
        "expected text, a number, en:/de: texts or a mapping for '\(path)', found \(YAMLReader.kindName(node)); give list items their own keys")
    }
  }

  /// Every `*.yaml` product file in a folder, loaded; duplicate ids are errors.
  public static func loadAll(directory: String) -> (products: [Product], diagnostics: [Diagnostic]) {
    let names = ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [])
      .filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted()
    var products: [Product] = []
    var diagnostics: [Diagnostic] = []
    for name in names {
      let path = (directory as NSString).appendingPathComponent(name)
      let (product, found) = load(path: path)
      diagnostics += found
      guard let product else { continue }
      if let other = products.first(where: { $0.id == product.id }) {
        diagnostics.append(Diagnostic(.error, .duplicateScenarioID, at: SourceLocation(file: path, line: 1, column: 1), "product id '\(product.id)' is already used by \(other.path)"))
        continue
      }
      products.append(product)
    }
    return (products, diagnostics)
  }
}
