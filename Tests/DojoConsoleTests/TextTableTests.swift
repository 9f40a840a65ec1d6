import DojoCore
import DojoStore
import Testing

@testable import DojoConsole

/// Issue 13, items 21 and 23: table cells are terminal-safe and a long cell is cut, not padded to.
@Suite("Text tables")
struct TextTableTests {
  @Test("a 10,000-character cell is cut with … and does not widen other rows")
  func longCell() {
    Style.configure(forceOff: true)
    let long = String(repeating: "y", count: 10_000)
    let text = TextTable(header: ["TRAINEE", "SCORE"], rows: [[long, "1"], ["tom", "2"]]).render()
    let lines = text.split(separator: "\n").map(String.init)
    #expect(lines.count == 3)
    #expect(lines.allSatisfy { $0.count <= TextTable.defaultMaximumColumnWidth + 2 + 5 })
    #expect(lines[1].hasPrefix(String(repeating: "y", count: TextTable.defaultMaximumColumnWidth - 1) + "…"))
    #expect(lines[2] == "tom" + String(repeating: " ", count: TextTable.defaultMaximumColumnWidth - 3) + "  2")
  }

  @Test("cells cannot drive the terminal; colours in a cut cell are closed")
  func hostileCell() {
    let text = TextTable(header: ["NAME", "X"], rows: [["eve\u{1B}]0;pwned\u{07}\u{1B}[2J\u{202E}gnp.exe", "1"]]).render()
    #expect(!text.contains("\u{1B}]"))
    #expect(!text.contains("\u{1B}[2J"))
    #expect(!text.contains("\u{202E}"))
    #expect(text.contains("eve␛]0;pwned"))
    let coloured = "\u{1B}[31m" + String(repeating: "z", count: 50) + "\u{1B}[0m"
    let cut = coloured.truncated(toWidth: 10)
    #expect(cut == "\u{1B}[31m" + String(repeating: "z", count: 9) + "…\u{1B}[0m")
  }

  @Test("progress shows a hostile trainee name neutralised")
  func progressName() {
    Style.configure(forceOff: true)
    let report = ProgressReport(
      trainees: [TraineeProgress(name: "eve\u{1B}]0;pwned\u{07}\u{202E}x", role: .trainee, scenarios: [], roles: [])],
      roles: [], totals: ProgressTotals(trainees: 1, sessions: 0, attempts: 0, passes: 0, hintsUsed: 0, meanScore: nil))
    let text = ProgressView(report: report, strings: UIStrings.resolve(explicit: .en)).render()
    #expect(!text.contains("\u{1B}"))
    #expect(!text.contains("\u{202E}"))
    #expect(text.contains("eve␛]0;pwned"))
  }
}
