// libyaml's event parser (see YAMLSizeGuard.swift for why this import works).
internal import CYaml
internal import Yams

/// A position in a YAML text: line and column from 1, columns counted in Unicode scalars.
struct YAMLMark: Sendable, Equatable {
  var line: Int
  var column: Int
}

/// A composed YAML node: what the loaders read. Aliases are resolved to the node they name.
enum YAMLNode: Sendable {
  case scalar(Scalar)
  case mapping(Mapping)
  case sequence(Sequence)

  struct Scalar: Sendable {
    /// How the scalar was written (the template renderer escapes by it).
    enum Style: Sendable, Equatable {
      case any, plain, singleQuoted, doubleQuoted, literal, folded
    }

    var string: String
    var style: Style
    var mark: YAMLMark?
    /// The explicit tag (`!!str` for a quoted scalar), nil when implicit; only the duplicate-key
    /// check looks at it.
    var tag: String? = nil
  }

  struct Sequence: Sendable, Swift.Sequence {
    var items: [YAMLNode]
    var mark: YAMLMark?

    func makeIterator() -> IndexingIterator<[YAMLNode]> { items.makeIterator() }
  }

  struct Mapping: Sendable, Swift.Sequence {
    var pairs: [(key: YAMLNode, value: YAMLNode)]
    var mark: YAMLMark?

    /// The value of the first plain key `key`.
    subscript(key: String) -> YAMLNode? {
      pairs.first { $0.key.string == key }?.value
    }

    func makeIterator() -> IndexingIterator<[(key: YAMLNode, value: YAMLNode)]> { pairs.makeIterator() }
  }

  var mark: YAMLMark? {
    switch self {
    case .scalar(let scalar): scalar.mark
    case .mapping(let mapping): mapping.mark
    case .sequence(let sequence): sequence.mark
    }
  }

  /// The text of a scalar, nil for a collection.
  var string: String? {
    if case .scalar(let scalar) = self { return scalar.string }
    return nil
  }
}

/// Composes YAML into `YAMLNode`s in one pass over libyaml's events, checking the size limits of
/// `YAMLSizeGuard` on the way (so the text is parsed once, not once for the guard and once more
/// for composing), without Yams' tag resolution by regular expressions on every scalar.
///
/// Outcomes are those of the guard followed by `Yams.compose` (what the loaders used before):
/// a refusal anywhere in the stream wins; then the first of a duplicate key (at the end of its
/// mapping, the key Yams would name) and any other error. For any other error the text is handed
/// to Yams, so its messages stay word for word the same.
enum YAMLComposer {
  enum Outcome {
    /// The root, nil for an empty stream.
    case node(YAMLNode?)
    case refused(YAMLSizeGuard.Refusal)
    /// A key that appears twice in a mapping: the first occurrence, as Yams reports it.
    case duplicateKey(String, YAMLMark)
    /// A syntax or composing error that Yams words (`failed` carries the error Yams threw).
    case failed(any Error)
  }

  private struct Size {
    var nodes = 0
    var textBytes = 0

    mutating func add(_ other: Size) {
      nodes += other.nodes
      textBytes += other.textBytes
    }
  }

  private struct Frame {
    var isMapping: Bool
    var anchor: String?
    var mark: YAMLMark
    var size = Size(nodes: 1)
    var items: [YAMLNode] = []
  }

  static func compose(_ yaml: String) -> Outcome {
    var bytes = Array(yaml.utf8)
    return bytes.withUnsafeMutableBufferPointer { buffer -> Outcome in
      var parser = yaml_parser_t()
      guard yaml_parser_initialize(&parser) == 1 else { return yamsOutcome(yaml) }
      defer { yaml_parser_delete(&parser) }
      yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING)
      yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
      return walk(&parser, yaml)
    }
  }

  private static func walk(_ parser: inout yaml_parser_t, _ yaml: String) -> Outcome {
    var anchors: [String: (node: YAMLNode, size: Size)] = [:]
    var stack: [Frame] = []
    var added = Size()
    var root: YAMLNode?
    var documents = 0
    /// The first duplicate key: Yams stops there, the size guard reads on.
    var duplicate: (key: String, mark: YAMLMark)?
    /// Another document after the first: Yams reports it; the guard reads on.
    var extraDocument = false
    var building: Bool { duplicate == nil && !extraDocument }

    func anchorName(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
      pointer.map { String(cString: $0) }
    }
    func finished(_ node: YAMLNode, _ size: Size, anchor: String?) {
      if let anchor { anchors[anchor] = (node, size) }
      if stack.isEmpty {
        if documents == 1 { root = node }
      } else {
        stack[stack.count - 1].size.add(size)
        if building { stack[stack.count - 1].items.append(node) }
      }
    }
    func stopped() -> Outcome {
      if let duplicate { return .duplicateKey(duplicate.key, duplicate.mark) }
      return yamsOutcome(yaml)
    }

    while true {
      var event = yaml_event_t()
      guard yaml_parser_parse(&parser, &event) == 1 else { return stopped() }
      defer { yaml_event_delete(&event) }
      let mark = YAMLMark(line: Int(event.start_mark.line) + 1, column: Int(event.start_mark.column) + 1)
      switch event.type {
      case YAML_STREAM_END_EVENT:
        if duplicate != nil || extraDocument { return stopped() }
        return .node(root)
      case YAML_DOCUMENT_START_EVENT:
        documents += 1
        if documents > 1 { extraDocument = true }
        anchors = [:]
        stack = []
      case YAML_SCALAR_EVENT:
        let scalar = event.data.scalar
        var node = YAMLNode.scalar(.init(string: "", style: .any))
        if building {
          let text = String(decoding: UnsafeBufferPointer(start: scalar.value, count: scalar.length), as: UTF8.self)
          let tag = scalar.quoted_implicit == 1 ? Tag.Name.str.rawValue : anchorName(scalar.tag)
          node = .scalar(.init(string: text, style: style(scalar.style), mark: mark, tag: tag))
        }
        finished(node, Size(nodes: 1, textBytes: Int(scalar.length)), anchor: anchorName(scalar.anchor))
      case YAML_SEQUENCE_START_EVENT, YAML_MAPPING_START_EVENT:
        let isMapping = event.type == YAML_MAPPING_START_EVENT
        let anchor = isMapping ? anchorName(event.data.mapping_start.anchor) : anchorName(event.data.sequence_start.anchor)
        stack.append(Frame(isMapping: isMapping, anchor: anchor, mark: mark))
        if stack.count > YAMLSizeGuard.maxDepth {
          return .refused(.init(
            line: mark.line, column: mark.column,
            message: "YAML nested more than \(YAMLSizeGuard.maxDepth) levels deep; flatten the structure"))
        }
      case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
        guard let frame = stack.popLast() else { return stopped() }
        var node = YAMLNode.sequence(.init(items: [], mark: nil))
        if building {
          if frame.isMapping {
            var pairs: [(key: YAMLNode, value: YAMLNode)] = []
            pairs.reserveCapacity(frame.items.count / 2)
            var index = 0
            while index + 1 < frame.items.count {
              pairs.append((frame.items[index], frame.items[index + 1]))
              index += 2
            }
            if let found = duplicateKey(in: pairs) { duplicate = found }
            node = .mapping(.init(pairs: pairs, mark: frame.mark))
          } else {
            node = .sequence(.init(items: frame.items, mark: frame.mark))
          }
        }
        finished(node, frame.size, anchor: frame.anchor)
      case YAML_ALIAS_EVENT:
        // An undefined alias is a composing error; Yams words it.
        guard let name = anchorName(event.data.alias.anchor), let anchored = anchors[name] else { return stopped() }
        added.add(anchored.size)
        if added.nodes > YAMLSizeGuard.maxAliasNodes || added.textBytes > YAMLSizeGuard.maxAliasTextBytes {
          return .refused(.init(
            line: mark.line, column: mark.column,
            message: "YAML aliases expand this file too much (at '*\(name)'): at most \(YAMLSizeGuard.maxAliasNodes) nodes and "
              + "\(YAMLSizeGuard.maxAliasTextBytes) bytes of text may come from aliases; write the repeated part out or reuse less"))
        }
        finished(anchored.node, anchored.size, anchor: nil)
      default:
        break
      }
    }
  }

  private static func style(_ style: yaml_scalar_style_t) -> YAMLNode.Scalar.Style {
    switch style {
    case YAML_PLAIN_SCALAR_STYLE: .plain
    case YAML_SINGLE_QUOTED_SCALAR_STYLE: .singleQuoted
    case YAML_DOUBLE_QUOTED_SCALAR_STYLE: .doubleQuoted
    case YAML_LITERAL_SCALAR_STYLE: .literal
    case YAML_FOLDED_SCALAR_STYLE: .folded
    default: .any
    }
  }

  /// The duplicate key Yams reports for a mapping, or nil. Distinct plain texts (every real file)
  /// are settled with a set; otherwise the keys are compared as Yams compares them (text and
  /// resolved tag, so `1` and `"1"` differ) and the first in Yams' order is named.
  private static func duplicateKey(in pairs: [(key: YAMLNode, value: YAMLNode)]) -> (String, YAMLMark)? {
    var seen = Set<String>()
    seen.reserveCapacity(pairs.count)
    var simple = true
    for pair in pairs {
      guard case .scalar(let scalar) = pair.key, seen.insert(scalar.string).inserted else {
        simple = false
        break
      }
    }
    if simple { return nil }
    var first: [Yams.Node: Int] = [:]
    var counts: [Yams.Node: Int] = [:]
    for (index, pair) in pairs.enumerated() {
      let key = yamsNode(pair.key)
      if first[key] == nil { first[key] = index }
      counts[key, default: 0] += 1
    }
    let duplicates = counts.filter { $0.value > 1 }.keys.sorted()
    guard let key = duplicates.first, let index = first[key] else { return nil }
    return (key.string ?? "<uncovertable>", pairs[index].key.mark ?? YAMLMark(line: 0, column: 0))
  }

  /// The Yams node for a key, for comparing keys as Yams does (positions play no part).
  private static func yamsNode(_ node: YAMLNode) -> Yams.Node {
    switch node {
    case .scalar(let scalar):
      return .scalar(.init(scalar.string, Tag(scalar.tag.map(Tag.Name.init(rawValue:)) ?? .implicit)))
    case .mapping(let mapping):
      return .mapping(.init(mapping.pairs.map { (yamsNode($0.key), yamsNode($0.value)) }))
    case .sequence(let sequence):
      return .sequence(.init(sequence.items.map(yamsNode)))
    }
  }

  /// What `Yams.compose` makes of a text this pass could not compose: its error, or (should the
  /// two ever disagree) its tree.
  private static func yamsOutcome(_ yaml: String) -> Outcome {
    do {
      return .node(try Yams.compose(yaml: yaml).map(YAMLNode.init(yams:)))
    } catch {
      return .failed(error)
    }
  }
}

extension YAMLNode {
  /// The same tree from a Yams node.
  init(yams node: Yams.Node) {
    let mark = node.mark.map { YAMLMark(line: $0.line, column: $0.column) }
    switch node {
    case .scalar(let scalar):
      let style: Scalar.Style = switch scalar.style {
      case .plain: .plain
      case .singleQuoted: .singleQuoted
      case .doubleQuoted: .doubleQuoted
      case .literal: .literal
      case .folded: .folded
      default: .any
      }
      self = .scalar(.init(string: scalar.string, style: style, mark: mark, tag: scalar.tag.rawValue.isEmpty ? nil : scalar.tag.rawValue))
    case .mapping(let mapping):
      self = .mapping(.init(pairs: mapping.map { (YAMLNode(yams: $0.key), YAMLNode(yams: $0.value)) }, mark: mark))
    case .sequence(let sequence):
      self = .sequence(.init(items: sequence.map(YAMLNode.init(yams:)), mark: mark))
    case .alias:
      self = .sequence(.init(items: [], mark: mark))
    }
  }
}
