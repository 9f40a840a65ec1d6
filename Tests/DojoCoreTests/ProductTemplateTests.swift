import DojoCore
import Foundation
import Testing

/// Loads a product fixture under Fixtures/templating/.
private func product(_ relative: String) throws -> (Product?, [SeenDiagnostic]) {
  let (product, diagnostics) = ProductLoader.load(path: try Fixtures.path("templating/\(relative)"))
  return (product, diagnostics.map(SeenDiagnostic.init))
}

private func render(_ template: String, for product: Product) throws -> RenderedTemplate {
  let path = try Fixtures.path("templating/templates/\(template).yaml")
  let text = try String(contentsOfFile: path, encoding: .utf8)
  return TemplateRenderer.renderScenario(text, file: path, product: product)
}

private func acme() throws -> Product {
  let (loaded, diagnostics) = try product("products/acme.yaml")
  #expect(diagnostics == [])
  return try #require(loaded)
}

@Suite("Product facts and templates")
struct ProductTemplateTests {
  @Test("a product file becomes dotted facts, per-language texts kept apart")
  func productFacts() throws {
    let acme = try acme()
    #expect(acme.id == "acme")
    #expect(acme.fact("name")?.value == "Acme Cloud")
    #expect(acme.fact("policies.return_window_days")?.value == "30")
    #expect(acme.fact("plans.pro.price")?.texts == [.en: "€20", .de: "20 €"])
    #expect(acme.fact("plans.pro.price.de")?.value == "20 €")
    #expect(acme.fact("owners.billing")?.value == "billing")
    #expect(acme.fact("policies.return_window_days")?.line == 9)
    #expect(acme.fact("policies") == nil)
  }

  @Test("broken product files name file:line:col and what was expected")
  func brokenProducts() throws {
    #expect(try product("broken-products/unknown-key.yaml").1 == [
      SeenDiagnostic(.error, "DJ010", 4, 1, "unknown key 'polices' in the product; expected one of: id, name, company, plans, policies, known_issues, owners (did you mean 'policies'?)"),
      SeenDiagnostic(.error, "DJ011", 2, 1, "missing key 'policies' in the product; expected a mapping of policies (return window, refund limit, SLA)"),
    ])
    #expect(try product("broken-products/bad-owner.yaml").1 == [
      SeenDiagnostic(.error, "DJ026", 9, 12, "unknown owner team 'accounting'; expected one of: sales, billing, shipping, finance, legal, product, hr, it, marketing, l2-specialist, tech-support, engineering, team-lead, cs-manager, leadership"),
      SeenDiagnostic(.error, "DJ011", 9, 3, "missing key 'sales' in 'owners'; expected the team that owns sales questions (e.g. sales)"),
    ])
    #expect(try product("broken-products/list-value.yaml").1 == [
      SeenDiagnostic(.error, "DJ012", 5, 23, "expected text, a number, en:/de: texts or a mapping for 'policies.return_window_days', found a list; give list items their own keys"),
      SeenDiagnostic(.error, "DJ013", 6, 3, "key 'Refund-Limit' must be lower-case letters, digits and underscores, so templates can refer to it"),
    ])
    #expect(try product("broken-products/list-value.yaml").0 == nil)
  }

  @Test("rendering puts facts into customer lines, facts, model answers and rubric patterns")
  func rendersEverywhere() throws {
    let rendered = try render("refund", for: try acme())
    #expect(rendered.diagnostics == [])
    let text = try #require(rendered.text)
    let (scenario, diagnostics) = ScenarioLoader(lexicon: try Fixtures.lexicon()).parse(yaml: text, file: "refund.yaml")
    #expect(diagnostics == [])
    let loaded = try #require(scenario)
    #expect(loaded.id == "refund-acme")
    #expect(loaded.products == ["acme"])
    #expect(loaded.title == "Refund for Acme Cloud")
    #expect(loaded.persona.description == "A calm customer who says: say \"hi\" and it's fine")
    let opening = try #require(loaded.node("opening"))
    #expect(opening.customer == ["Can I return my Acme Pro after 30 days?"])
    #expect(opening.facts.first?.text == "Return window: 30 days. Fix: reset your password. Motto: say \"hi\" and it's fine")
    #expect(opening.model == "I'm sorry; you can return it within 30 days.")
    #expect(loaded.rubric.criteria[0].evidence[.en]?.any.map(\.text) == ["30 days"])
    #expect(rendered.usedFacts["policies.return_window_days"] == "30")
    #expect(rendered.usedFacts.count == 6)
  }

  @Test("a changed fact changes the rendered rubric and the facts hash")
  func changedFactFlowsIntoRubric() throws {
    var acme = try acme()
    let before = try render("refund", for: acme)
    acme.facts["policies.return_window_days"]?.value = "14"
    let after = try render("refund", for: acme)
    #expect(before.factsHash != after.factsHash)
    let text = try #require(after.text)
    let scenario = try #require(ScenarioLoader(lexicon: try Fixtures.lexicon()).parse(yaml: text, file: "t.yaml").scenario)
    #expect(scenario.rubric.criteria[0].evidence[.en]?.any.map(\.text) == ["14 days"])
    let compiled = CompiledScenario(scenario, lexicon: try Fixtures.lexicon())
    #expect(compiled.replyMeets("window", "You can return it within 14 days."))
    #expect(!compiled.replyMeets("window", "You can return it within 30 days."))
  }

  @Test("references to missing facts are errors at the reference inside the string")
  func missingFacts() throws {
    let rendered = try render("missing-fact", for: try acme())
    #expect(rendered.text == nil)
    #expect(rendered.diagnostics.map(SeenDiagnostic.init) == [
      SeenDiagnostic(.error, "DJ030", 15, 30, "unknown fact 'product.policies.return_window': product 'acme' has no such fact (did you mean 'product.policies.return_window_days'?)"),
      SeenDiagnostic(.error, "DJ031", 15, 74, "fact 'product.known_issues.login.workaround' of product 'acme' has no 'de' text (it has: en)"),
      SeenDiagnostic(.error, "DJ030", 30, 75, "unknown fact 'product.policies': product 'acme' has no such fact; it is a group, pick one of: policies.motto, policies.note, policies.return_window_days"),
      SeenDiagnostic(.error, "DJ032", 30, 99, "'{{name}}' is not a product fact; expected {{product.<key>.<key>…}} with lower-case keys, such as {{product.name}}"),
      SeenDiagnostic(.error, "DJ032", 30, 111, "'{{' without a closing '}}' on the same line"),
    ])
  }

  @Test("a value that an unquoted YAML string cannot hold asks for quotes")
  func plainScalarValue() throws {
    let rendered = try render("plain-colon", for: try acme())
    #expect(rendered.diagnostics.map(SeenDiagnostic.init) == [
      SeenDiagnostic(.error, "DJ032", 8, 15, "the value of 'product.policies.note' (see: the handbook) cannot stand in an unquoted YAML string; put this text in quotes in the template")
    ])
  }

  @Test("answer templates render in the scenario's language")
  func answerText() throws {
    let rendered = TemplateRenderer.renderText("# {{product.name}} stays\nPrice: {{product.plans.pro.price}}\n", file: "a.txt", product: try acme(), language: .de)
    #expect(rendered.text == "# {{product.name}} stays\nPrice: 20 €\n")
  }

  @Test("the rendered header round-trips")
  func header() {
    let header = RenderedHeader(template: "templates/l1-agent/x.yaml", product: "acme", factsHash: "0123456789abcdef", templateHash: "fedcba9876543210")
    #expect(RenderedHeader.parse(header.lines + "id: x-acme\n") == header)
    #expect(RenderedHeader.parse("id: x\n") == nil)
  }
}

@Suite("Bundled products and templates")
struct BundledTemplateTests {
  @Test("every template renders lint-clean for every bundled product, and nothing rendered is stale")
  func bundledTemplates() throws {
    let root = try Repository.scenarios().path
    let lexicon = LexiconLoader.load(directory: root + "/lexicon").lexicon
    let templates = TemplateLibrary(root: root, lexicon: lexicon)
    #expect(templates.products.map(\.id) == ["streamly", "tunewave"])
    #expect(templates.templates == [
      "templates/l1-agent/l1-annual-renewal-refund.yaml", "templates/l1-agent/l1-bekanntes-app-problem.yaml",
      "templates/l1-agent/l1-team-pricing-to-sales.yaml",
    ])
    #expect(templates.lint() == [])
    let (stale, checked) = templates.stale()
    #expect(checked == 6)
    #expect(stale == [], "run `dojo scenarios refresh --product …` for: \(stale.map(\.scenarioID))")
  }

  @Test("the German model answer names the fix version once, in a sentence that reads")
  func germanFixModelAnswer() throws {
    let root = try Repository.scenarios().path
    let text = try String(contentsOfFile: root + "/l1-agent/bekanntes-app-problem-streamly.yaml", encoding: .utf8)
    #expect(text.contains("Die dauerhafte Korrektur ist die App-Version 5.3, die nächste Woche erscheint."))
    #expect(!text.contains("Version 5.3: die App-Version 5.3"))
  }

  @Test("stale names why: facts, hand edits, answers, missing products")
  func staleReasons() throws {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("dojo-stale-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: root) }
    try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
    for folder in ["lexicon", "products", "templates"] {
      try FileManager.default.copyItem(at: try Repository.scenarios().appendingPathComponent(folder), to: root.appendingPathComponent(folder))
    }
    let lexicon = LexiconLoader.load(directory: root.path + "/lexicon").lexicon
    for product in ["streamly", "tunewave"] {
      for output in try TemplateLibrary(root: root.path, lexicon: lexicon).plan(product: product).outputs {
        let url = root.appendingPathComponent(output.path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try output.content.write(to: url, atomically: true, encoding: .utf8)
      }
    }
    func reasons() -> [String: [StaleScenario.Reason]] {
      Dictionary(uniqueKeysWithValues: TemplateLibrary(root: root.path, lexicon: lexicon).stale().stale.map { ($0.scenarioID, $0.reasons) })
    }
    #expect(reasons() == [:])
    func edit(_ relative: String, _ change: (String) -> String) throws {
      let url = root.appendingPathComponent(relative)
      try change(try String(contentsOf: url, encoding: .utf8)).write(to: url, atomically: true, encoding: .utf8)
    }
    try edit("l1-agent/annual-renewal-refund-streamly.yaml") { $0.replacingOccurrences(of: "difficulty: 1", with: "difficulty: 2") }
    try edit("answers/l1-bekanntes-app-problem-streamly/strong.txt") { $0 + "\n/end\n" }
    try edit("products/tunewave.yaml") { $0.replacingOccurrences(of: "sla_first_response_hours: 48", with: "sla_first_response_hours: 24") }
    #expect(reasons() == [
      "l1-annual-renewal-refund-streamly": [.editedByHand],
      "l1-bekanntes-app-problem-streamly": [.answersOutOfDate],
      "l1-bekanntes-app-problem-tunewave": [.factsChanged],
    ])
    try FileManager.default.removeItem(at: root.appendingPathComponent("products/tunewave.yaml"))
    #expect(reasons()["l1-annual-renewal-refund-tunewave"] == [.productMissing])
  }
}
