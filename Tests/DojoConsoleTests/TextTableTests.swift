import DojoConsole
import Testing

@Suite("Text table")
struct TextTableTests {
  @Test("columns line up after wide characters, combining accents and umlauts")
  func wideCharacters() {
    let table = TextTable(
      header: ["name", "role"],
      rows: [["李明", "trainee"], ["e\u{301}mile", "trainee"], ["Jürgen", "lead"]]
    ).render()
    #expect(
      table.split(separator: "\n").map(String.init) == [
        "name    role",
        "李明    trainee",
        "e\u{301}mile   trainee",
        "Jürgen  lead",
      ])
  }
}
