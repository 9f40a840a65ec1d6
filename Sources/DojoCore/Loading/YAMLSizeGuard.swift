// libyaml's event parser, the one Yams composes with. CYaml is a target of the Yams package, not a
// product: SwiftPM makes the module map of every C target a dependency uses visible, so this
// import works with the Yams we pin; Yams offers no public event API of its own.
internal import CYaml

/// Checks a YAML text's shape before Yams composes it, so that hostile input cannot make
/// composing (or anything that walks the tree afterwards) explode.
///
/// - Alias bombs: Yams resolves every `*alias` to the whole anchored node, so nested aliases
///   multiply (ten aliases of ten aliases of ten … nodes), and hashing or walking the tree does
///   that work for real. The guard follows libyaml's events, knows the expanded size of every
///   anchor, and refuses a file whose aliases would add more than `maxAliasNodes` nodes or
///   `maxAliasTextBytes` bytes of text, at the alias that crosses the limit.
/// - Deep nesting: Yams composes recursively; a file nested thousands of levels deep (`[[[[…`)
///   would overflow the stack. More than `maxDepth` levels are refused.
///
/// Syntax errors are left to Yams, which reports them with their own messages.
enum YAMLSizeGuard {
  /// Nodes that aliases may add to a file once expanded (real files reuse a few small parts).
  static let maxAliasNodes = 10_000
  /// Bytes of scalar text that aliases may add to a file once expanded.
  static let maxAliasTextBytes = 1_000_000
  /// Levels of nested mappings and lists (scenarios need fewer than 10).
  static let maxDepth = 64

  /// What a refused file did, and where.
  struct Refusal: Equatable {
    var line: Int
    var column: Int
    var message: String
  }

  /// Size of an anchored node once expanded.
  private struct Size {
    var nodes = 0
    var textBytes = 0

    mutating func add(_ other: Size) {
      nodes += other.nodes
      textBytes += other.textBytes
    }
  }

  /// The first limit `yaml` breaks, or nil when it keeps to all of them (or has a syntax
  /// error, which composing reports).
  static func check(_ yaml: String) -> Refusal? {
    var bytes = Array(yaml.utf8)
    return bytes.withUnsafeMutableBufferPointer { buffer in
      var parser = yaml_parser_t()
      guard yaml_parser_initialize(&parser) == 1 else { return nil }
      defer { yaml_parser_delete(&parser) }
      yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING)
      yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
      return walk(&parser)
    }
  }

  private static func walk(_ parser: inout yaml_parser_t) -> Refusal? {
    var anchors: [String: Size] = [:]
    // Open collections: their anchor and expanded size so far.
    var open: [(anchor: String?, size: Size)] = []
    var added = Size()
    func anchorName(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
      pointer.map { String(cString: $0) }
    }
    func finished(_ size: Size, anchor: String?) {
      if let anchor { anchors[anchor] = size }
      if !open.isEmpty { open[open.count - 1].size.add(size) }
    }
    while true {
      var event = yaml_event_t()
      guard yaml_parser_parse(&parser, &event) == 1 else { return nil }
      defer { yaml_event_delete(&event) }
      let line = Int(event.start_mark.line) + 1, column = Int(event.start_mark.column) + 1
      switch event.type {
      case YAML_STREAM_END_EVENT:
        return nil
      case YAML_DOCUMENT_START_EVENT:
        anchors = [:]
        open = []
      case YAML_SCALAR_EVENT:
        finished(Size(nodes: 1, textBytes: Int(event.data.scalar.length)), anchor: anchorName(event.data.scalar.anchor))
      case YAML_SEQUENCE_START_EVENT, YAML_MAPPING_START_EVENT:
        let anchor = event.type == YAML_SEQUENCE_START_EVENT
          ? anchorName(event.data.sequence_start.anchor) : anchorName(event.data.mapping_start.anchor)
        open.append((anchor, Size(nodes: 1)))
        if open.count > maxDepth {
          return Refusal(
            line: line, column: column,
            message: "YAML nested more than \(maxDepth) levels deep; flatten the structure")
        }
      case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
        guard let closed = open.popLast() else { return nil }
        finished(closed.size, anchor: closed.anchor)
      case YAML_ALIAS_EVENT:
        // An undefined alias is a composing error; Yams reports it.
        guard let name = anchorName(event.data.alias.anchor), let size = anchors[name] else { return nil }
        added.add(size)
        if added.nodes > maxAliasNodes || added.textBytes > maxAliasTextBytes {
          return Refusal(
            line: line, column: column,
            message: "YAML aliases expand this file too much (at '*\(name)'): at most \(maxAliasNodes) nodes and "
              + "\(maxAliasTextBytes) bytes of text may come from aliases; write the repeated part out or reuse less")
        }
        finished(size, anchor: nil)
      default:
        break
      }
    }
  }
}
