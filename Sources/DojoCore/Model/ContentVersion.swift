internal import Foundation

extension Scenario {
  /// A 16-hex-digit FNV-1a hash of the scenario's canonical JSON, without file positions and
  /// path, so that moving a file or adding a comment keeps the version while any change to
  /// lines, facts, rubric or escalation changes it. (A version tag, not a security hash.)
  public func computeContentVersion() -> String {
    var canonical = self
    canonical.path = ""
    canonical.version = ""
    canonical.intentPositions = [:]
    for id in canonical.nodes.keys {
      canonical.nodes[id]!.line = 0
      canonical.nodes[id]!.column = 0
      for index in canonical.nodes[id]!.branches.indices {
        canonical.nodes[id]!.branches[index].line = 0
        canonical.nodes[id]!.branches[index].column = 0
      }
    }
    for index in canonical.rubric.criteria.indices {
      canonical.rubric.criteria[index].line = 0
      canonical.rubric.criteria[index].column = 0
    }
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    return ContentHash.hex(bytes: (try? encoder.encode(canonical)) ?? Data())
  }
}

/// FNV-1a hashes as 16 hex digits: version tags for scenarios, templates and facts, not
/// security hashes.
public enum ContentHash {
  public static func hex(_ text: String) -> String { hex(bytes: text.utf8) }

  /// The hash of bytes in memory (not generic, so callers in other modules get the fast loop).
  public static func hex(buffer: UnsafeRawBufferPointer) -> String { hex(bytes: buffer) }

  public static func hex(bytes: some Sequence<UInt8>) -> String {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in bytes {
      hash ^= UInt64(byte)
      hash = hash &* 0x100_0000_01b3
    }
    let hex = String(hash, radix: 16)
    return String(repeating: "0", count: 16 - hex.count) + hex
  }
}
