import DojoCore
import Foundation
import Testing

@Suite struct DiagnosticsTests {
  @Test func dump() throws {
    var out = ""
    for name in try Fixtures.names(in: "broken") + ["valid:minimal"] {
      let rel = name.hasPrefix("valid:") ? "valid/minimal.yaml" : "broken/\(name).yaml"
      let (s, d) = try Fixtures.load(rel)
      out += "== \(name) loaded=\(s != nil)\n"
      for x in d { out += "  \(x.severity) \(x.code) \(x.location.line):\(x.location.column) <<\(x.message)>>\n" }
    }
    try out.write(toFile: "/tmp/fixgen/dump.txt", atomically: true, encoding: .utf8)
  }
}
