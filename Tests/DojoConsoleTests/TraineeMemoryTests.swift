import DojoConsole
import Foundation
import Testing

@Suite("The remembered trainee name")
struct TraineeMemoryTests {
  @Test("is kept per store and per OS user; another store or user gets nothing")
  func perStoreAndUser() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("dojo-names-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: folder) }
    let file = folder.appendingPathComponent("state/trainees.json").path
    let dana = TraineeMemory(file: file, user: "frontdesk")
    dana.remember("dana", forStore: folder.appendingPathComponent("a.sqlite").path)
    #expect(dana.name(forStore: folder.appendingPathComponent("a.sqlite").path) == "dana")
    // The same store by another spelling of its path.
    #expect(dana.name(forStore: folder.appendingPathComponent("x/../a.sqlite").path) == "dana")
    #expect(dana.name(forStore: folder.appendingPathComponent("b.sqlite").path) == nil)
    let other = TraineeMemory(file: file, user: "night-shift")
    #expect(other.name(forStore: folder.appendingPathComponent("a.sqlite").path) == nil)
    other.remember("ola", forStore: folder.appendingPathComponent("a.sqlite").path)
    #expect(dana.name(forStore: folder.appendingPathComponent("a.sqlite").path) == "dana")
    #expect(other.name(forStore: folder.appendingPathComponent("a.sqlite").path) == "ola")
  }

  @Test("an unreadable file reads as nothing remembered")
  func unreadable() throws {
    let file = FileManager.default.temporaryDirectory.appendingPathComponent("dojo-names-\(UUID().uuidString).json")
    defer { try? FileManager.default.removeItem(at: file) }
    try Data("dana\n".utf8).write(to: file)
    #expect(TraineeMemory(file: file.path, user: "u").name(forStore: "/tmp/a.sqlite") == nil)
  }
}
