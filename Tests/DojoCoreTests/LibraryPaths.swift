import Foundation

/// Paths of the repository, found from this file's location.
enum LibraryPaths {
  static let repositoryRoot: URL = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

  static var scenarios: String { repositoryRoot.appendingPathComponent("scenarios").path }
  static var answers: String { repositoryRoot.appendingPathComponent("scenarios/answers").path }
}
