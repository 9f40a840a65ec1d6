internal import Foundation

/// The comment lines at the top of a scenario rendered from a template: which template and
/// product it came from and hashes of both, so `dojo scenarios stale` can tell when it no
/// longer matches them.
public struct RenderedHeader: Sendable, Hashable, Codable {
  /// The template's path relative to the scenario folder (`templates/l1-agent/refund-window.yaml`).
  public var template: String
  /// The product id.
  public var product: String
  /// Hash of the product facts the template used (`RenderedTemplate.factsHash`).
  public var factsHash: String
  /// Hash of the template's text.
  public var templateHash: String
  /// Hash of the rendered text below the header, so a hand edit shows (empty in files rendered
  /// before it was recorded).
  public var contentHash: String

  public init(template: String, product: String, factsHash: String, templateHash: String, contentHash: String = "") {
    self.template = template
    self.product = product
    self.factsHash = factsHash
    self.templateHash = templateHash
    self.contentHash = contentHash
  }

  static let intro = "# Rendered by `dojo scenarios refresh`: edit the template or the product file, not this file."

  /// The header as comment lines, each ending in a newline.
  public var lines: String {
    """
    \(Self.intro)
    # dojo-template: \(template)
    # dojo-product: \(product)
    # dojo-facts: \(factsHash)
    # dojo-template-version: \(templateHash)
    # dojo-content: \(contentHash)

    """
  }

  /// Whether a rendered file's text below its header was changed after rendering.
  public static func isEditedByHand(_ text: String) -> Bool {
    let text = TextFile.normalizingLineEndings(text)
    guard let header = parse(text), !header.contentHash.isEmpty, text.hasPrefix(header.lines) else { return false }
    return ContentHash.hex(String(text.dropFirst(header.lines.count))) != header.contentHash
  }

  /// The header of a rendered file, or nil when the text does not start with one.
  public static func parse(_ text: String) -> RenderedHeader? {
    var values: [String: String] = [:]
    for line in TextFile.normalizingLineEndings(text).split(separator: "\n", omittingEmptySubsequences: false).prefix(12) {
      guard line.hasPrefix("#") else { break }
      for key in ["template", "product", "facts", "template-version", "content"] {
        let prefix = "# dojo-\(key): "
        if line.hasPrefix(prefix) { values[key] = String(line.dropFirst(prefix.count)).trimmingCharacters(in: .whitespaces) }
      }
    }
    guard let template = values["template"], let product = values["product"] else { return nil }
    return RenderedHeader(
      template: template, product: product, factsHash: values["facts"] ?? "", templateHash: values["template-version"] ?? "",
      contentHash: values["content"] ?? "")
  }
}
