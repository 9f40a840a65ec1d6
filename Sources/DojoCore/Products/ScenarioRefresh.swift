internal import Foundation

/// A file that a refresh would write, and how it compares with what is on disk.
public struct RefreshOutput: Sendable, Hashable, Encodable {
  public enum Kind: String, Sendable, Codable { case scenario, answer }
  public enum Status: String, Sendable, Codable { case created, changed, unchanged }

  public var kind: Kind
  /// Path relative to the scenario folder (`l1-agent/refund-window-streamly.yaml`: the id
  /// without the role prefix, as lint's DJ115 expects).
  public var path: String
  public var scenarioID: String
  /// The template's path relative to the scenario folder.
  public var template: String
  public var product: String
  public var status: Status
  /// The full text to write.
  public var content: String

  private enum CodingKeys: String, CodingKey { case kind, path, scenarioID, template, product, status }
}

/// What `dojo scenarios refresh` would do for one product: the files, and every diagnostic of
/// rendering and linting them. Nothing is written when `diagnostics` has an error.
public struct RefreshPlan: Sendable {
  public var product: String
  public var outputs: [RefreshOutput]
  public var diagnostics: [Diagnostic]

  public var errors: [Diagnostic] { diagnostics.filter { $0.severity == .error } }
}

/// A rendered scenario that no longer matches its template or product facts.
public struct StaleScenario: Sendable, Hashable, Codable {
  public enum Reason: String, Sendable, Codable {
    case factsChanged = "facts-changed"
    case templateChanged = "template-changed"
    case editedByHand = "edited-by-hand"
    case productMissing = "product-missing"
    case templateMissing = "template-missing"
    case renderFails = "render-fails"
    case answersOutOfDate = "answers-out-of-date"
  }

  public var scenarioID: String
  public var path: String
  public var template: String
  public var product: String
  public var reasons: [Reason]
}

/// Problems that stop a refresh before any template is rendered.
public enum RefreshError: Error, Equatable, CustomStringConvertible {
  case unknownProduct(String, known: [String], directory: String)
  case nothingRenderedFor(String)
  case noTemplates(String)

  public var description: String {
    switch self {
    case .unknownProduct(let id, let known, let directory):
      let list = known.isEmpty ? "there are no product files" : "known: \(known.joined(separator: ", "))"
      return "unknown product '\(id)' in \(directory) (\(list))\(Suggestion.didYouMean(id, known))"
    case .nothingRenderedFor(let id):
      return "no scenario was rendered for product '\(id)'; nothing to re-target (run without --from to render every template)"
    case .noTemplates(let directory):
      return "no templates in \(directory); put template scenarios under templates/<role>/"
    }
  }
}

/// Product facts and templates under one scenario folder: `products/<id>.yaml`,
/// `templates/<role>/<template-id>.yaml` and `templates/answers/<template-id>/<kind>.txt`.
/// Rendering and comparing are pure apart from reading those files; the caller writes.
public struct TemplateLibrary: Sendable {
  public var root: String
  public var lexicon: Lexicon
  public var products: [Product]
  /// Diagnostics of the product files.
  public var productDiagnostics: [Diagnostic]
  /// Template paths relative to `root`, sorted.
  public var templates: [String]

  public init(root: String, lexicon: Lexicon) {
    self.root = root
    self.lexicon = lexicon
    let loaded = ProductLoader.loadAll(directory: (root as NSString).appendingPathComponent("products"))
    products = loaded.products
    productDiagnostics = loaded.diagnostics
    let templateRoot = (root as NSString).appendingPathComponent("templates")
    templates = ScenarioLibrary.scenarioFiles(in: templateRoot)
      .map { "templates/" + String($0.dropFirst(templateRoot.count + 1)) }
  }

  public func product(_ id: String) -> Product? { products.first { $0.id == id } }

  func absolute(_ relative: String) -> String { (root as NSString).appendingPathComponent(relative) }

  /// The template id: the template's file name without `.yaml`.
  public static func templateID(_ template: String) -> String {
    ((template as NSString).lastPathComponent as NSString).deletingPathExtension
  }

  /// Renders every template (or the given ones) for `productID` and checks the results.
  public func plan(product productID: String, from oldProduct: String? = nil) throws(RefreshError) -> RefreshPlan {
    guard let product = product(productID) else {
      throw .unknownProduct(productID, known: products.map(\.id), directory: absolute("products"))
    }
    var chosen = templates
    if let oldProduct {
      let rendered = renderedScenarios().filter { $0.header.product == oldProduct }
      guard !rendered.isEmpty else { throw .nothingRenderedFor(oldProduct) }
      chosen = Array(Set(rendered.map(\.header.template))).sorted()
    }
    if chosen.isEmpty { throw .noTemplates(absolute("templates")) }
    var plan = RefreshPlan(product: product.id, outputs: [], diagnostics: productDiagnostics.filter { $0.location.file == product.path })
    for template in chosen {
      let (outputs, diagnostics) = render(template: template, product: product)
      plan.outputs += outputs
      plan.diagnostics += diagnostics
    }
    return plan
  }

  /// Renders one template for one product: the scenario file and its answer files.
  public func render(template: String, product: Product) -> (outputs: [RefreshOutput], diagnostics: [Diagnostic]) {
    let templatePath = absolute(template)
    guard let text = try? TextFile.read(path: templatePath).get() else {
      return ([], [Diagnostic(.error, .unreadableFile, at: SourceLocation(file: templatePath, line: 1, column: 1), "cannot read template")])
    }
    let rendered = TemplateRenderer.renderScenario(text, file: templatePath, product: product)
    guard let body = rendered.text else { return ([], rendered.diagnostics) }
    var diagnostics = rendered.diagnostics
    // Check the rendered text as the scenario it becomes (without the header, its lines are
    // the template's lines, so positions point into the template).
    let (parsed, found) = ScenarioLoader(lexicon: lexicon).parse(yaml: body, file: templatePath)
    diagnostics += found
    guard let scenario = parsed else { return ([], diagnostics) }
    diagnostics += Linter(lexicon: lexicon).warnings(for: scenario)
    diagnostics += exampleWarnings(scenario, product: product, file: templatePath)
    let templateID = Self.templateID(template)
    let expectedID = "\(templateID)-\(product.id)"
    if scenario.id != expectedID {
      let line = text.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.hasPrefix("id:") }.map { $0 + 1 } ?? 1
      diagnostics.append(Diagnostic(
        .error, .templateID, at: SourceLocation(file: templatePath, line: line, column: 5),
        "a template's id must be its file name followed by -{{product.id}} ('\(templateID)-{{product.id}}'); it renders as '\(scenario.id)', expected '\(expectedID)'"))
      return ([], diagnostics)
    }
    let header = RenderedHeader(
      template: template, product: product.id, factsHash: rendered.factsHash, templateHash: ContentHash.hex(text),
      contentHash: ContentHash.hex(body))
    let relative = "\(scenario.role.rawValue)/\(scenario.role.fileStem(forID: scenario.id)).yaml"
    if let other = ScenarioLibrary.fileDeclaring(id: scenario.id, in: root),
      URL(fileURLWithPath: other).standardizedFileURL.path != URL(fileURLWithPath: absolute(relative)).standardizedFileURL.path
    {
      diagnostics.append(Diagnostic(
        .error, .duplicateScenarioID, at: SourceLocation(file: templatePath, line: 1, column: 1),
        "rendering for '\(product.id)' gives scenario id '\(scenario.id)', which \(other) already uses"
          + (URL(fileURLWithPath: other).lastPathComponent == "\(scenario.id).yaml"
            ? " (its old name: rename it to \(relative), as lint's DJ115 asks, then refresh again)" : "")))
      return ([], diagnostics)
    }
    var outputs = [output(.scenario, relative, header.lines + body, scenario.id, template, product.id)]

    let answerFolder = absolute("templates/answers/\(templateID)")
    let answerNames = ((try? FileManager.default.contentsOfDirectory(atPath: answerFolder)) ?? []).filter { $0.hasSuffix(".txt") }.sorted()
    for name in answerNames {
      let path = (answerFolder as NSString).appendingPathComponent(name)
      guard let answerText = try? TextFile.read(path: path).get() else {
        diagnostics.append(Diagnostic(.error, .unreadableFile, at: SourceLocation(file: path, line: 1, column: 1), "cannot read answer template"))
        continue
      }
      let answer = TemplateRenderer.renderText(answerText, file: path, product: product, language: scenario.language)
      diagnostics += answer.diagnostics
      guard let answerBody = answer.text else { continue }
      do {
        _ = try AnswerFile.parse(answerBody, file: path)
      } catch let error as AnswerFileError {
        diagnostics.append(Diagnostic(.error, .invalidValue, at: SourceLocation(file: path, line: error.line, column: 1), error.message))
        continue
      } catch {
        continue
      }
      outputs.append(output(.answer, "answers/\(scenario.id)/\(name)", Self.answerWithHeader(answerBody, header), scenario.id, template, product.id))
    }
    return (outputs, diagnostics)
  }

  /// Rubric examples that, with this product's facts, do not meet or miss their criterion as
  /// they should: usually a fact phrase that a pattern cannot find in the fact's own text.
  func exampleWarnings(_ scenario: Scenario, product: Product, file: String) -> [Diagnostic] {
    CompiledScenario(scenario, lexicon: lexicon).misreadExamples().map { criterion, example, meant in
      Diagnostic(
        .warning, .renderedExampleMismatch, at: SourceLocation(file: file, line: criterion.line, column: criterion.column),
        meant
          ? "rendered for '\(product.id)', criterion '\(criterion.id)' is not met by its example \"\(example)\"; check the facts its patterns use"
          : "rendered for '\(product.id)', criterion '\(criterion.id)' is met by its not_met example \"\(example)\"")
    }
  }

  /// The answer text with the header's comment lines after a leading `# expected-verdict:` line.
  static func answerWithHeader(_ body: String, _ header: RenderedHeader) -> String {
    let headerLines = header.lines.split(separator: "\n").prefix(3).joined(separator: "\n") + "\n"
    if body.hasPrefix("# expected-verdict:"), let newline = body.firstIndex(of: "\n") {
      return String(body[...newline]) + headerLines + body[body.index(after: newline)...]
    }
    return headerLines + body
  }

  private func output(_ kind: RefreshOutput.Kind, _ relative: String, _ content: String, _ id: String, _ template: String, _ product: String) -> RefreshOutput {
    let existing = try? String(contentsOfFile: absolute(relative), encoding: .utf8)
    let status: RefreshOutput.Status = existing == nil ? .created : existing == content ? .unchanged : .changed
    return RefreshOutput(kind: kind, path: relative, scenarioID: id, template: template, product: product, status: status, content: content)
  }

  /// Scenario files under the root that carry a rendered header, with their paths relative to it.
  public func renderedScenarios() -> [(path: String, header: RenderedHeader, text: String)] {
    ScenarioLibrary.scenarioFiles(in: root).compactMap { path in
      guard let text = try? String(contentsOfFile: path, encoding: .utf8), let header = RenderedHeader.parse(text) else { return nil }
      let relative = path.hasPrefix(root + "/") ? String(path.dropFirst(root.count + 1)) : path
      return (relative, header, text)
    }
  }

  /// Rendered scenarios whose text (or answer files) differs from what their template and
  /// product give today.
  public func stale() -> (stale: [StaleScenario], checked: Int) {
    var result: [StaleScenario] = []
    let rendered = renderedScenarios()
    for file in rendered {
      let id = ScenarioLibrary.topLevelID(in: file.text) ?? ((file.path as NSString).lastPathComponent as NSString).deletingPathExtension
      var entry = StaleScenario(scenarioID: id, path: file.path, template: file.header.template, product: file.header.product, reasons: [])
      guard let templateText = try? TextFile.read(path: absolute(file.header.template)).get() else {
        entry.reasons = [.templateMissing]
        result.append(entry)
        continue
      }
      guard let product = product(file.header.product) else {
        entry.reasons = [.productMissing]
        result.append(entry)
        continue
      }
      let outputs = render(template: file.header.template, product: product).outputs
      guard let scenario = outputs.first(where: { $0.kind == .scenario }), let fresh = RenderedHeader.parse(scenario.content) else {
        entry.reasons = [.renderFails]
        result.append(entry)
        continue
      }
      if RenderedHeader.isEditedByHand(file.text) { entry.reasons.append(.editedByHand) }
      if fresh.factsHash != file.header.factsHash { entry.reasons.append(.factsChanged) }
      if ContentHash.hex(templateText) != file.header.templateHash { entry.reasons.append(.templateChanged) }
      if entry.reasons.isEmpty {
        if scenario.content != file.text {
          // Rendered before hand edits were recorded in the header: any difference is one.
          entry.reasons.append(.editedByHand)
        } else if outputs.contains(where: { $0.status != .unchanged }) {
          entry.reasons.append(.answersOutOfDate)
        }
      }
      if !entry.reasons.isEmpty { result.append(entry) }
    }
    return (result, rendered.count)
  }

  /// Lint findings for the products and templates of `path` when it is a scenario folder with a
  /// `products/` or `templates/` folder; none otherwise.
  public static func lintFolder(_ path: String, lexicon: Lexicon) -> [Diagnostic] {
    let manager = FileManager.default
    let hasContent = ["products", "templates"].contains { manager.fileExists(atPath: (path as NSString).appendingPathComponent($0)) }
    guard hasContent else { return [] }
    return TemplateLibrary(root: path, lexicon: lexicon).lint()
  }

  /// For a path at or inside a scenario folder's `products/` or `templates/` folder: that
  /// scenario folder (absolute); nil for other paths.
  public static func contentRoot(of path: String) -> String? {
    let parts = URL(fileURLWithPath: path).standardizedFileURL.pathComponents
    guard let index = parts.lastIndex(where: { $0 == "templates" || $0 == "products" }), index > 0 else { return nil }
    return NSString.path(withComponents: Array(parts[..<index]))
  }

  /// Lint findings for the product and template files at or below `path` (inside `products/`
  /// or `templates/`): templates rendered for every product of their scenario folder.
  public static func lintContent(_ path: String) -> [Diagnostic] {
    guard let root = contentRoot(of: path) else { return [] }
    let target = URL(fileURLWithPath: path).standardizedFileURL.path
    let lexicon = ScenarioLibrary.findLexicon(near: root).map { LexiconLoader.load(directory: $0).lexicon } ?? Lexicon()
    let library = TemplateLibrary(root: root, lexicon: lexicon)
    var found = library.lint()
    if library.products.isEmpty && !library.templates.isEmpty {
      found.append(Diagnostic(
        .warning, .missingKey, at: SourceLocation(file: (root as NSString).appendingPathComponent("products"), line: 1, column: 1),
        "no product files; the templates cannot be rendered and checked"))
    }
    return found.filter { $0.location.file == target || $0.location.file.hasPrefix(target + "/") }
  }

  /// Lint findings for the product files and for every template rendered for every product.
  public func lint() -> [Diagnostic] {
    var diagnostics = productDiagnostics
    var seen: Set<Diagnostic> = []
    for template in templates {
      for product in products {
        for diagnostic in render(template: template, product: product).diagnostics where seen.insert(diagnostic).inserted {
          diagnostics.append(diagnostic)
        }
      }
    }
    return diagnostics
  }
}
