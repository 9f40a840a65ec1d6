import Foundation

/// The trainee name last used, remembered per store and per OS user.
///
/// One file (`trainees.json` in the state directory) maps an OS user and a store's absolute path
/// to a name. A name typed for one store is never offered for another: on a shared PC, or with a
/// second store, the console asks instead of filing a session under someone else.
public struct TraineeMemory: Sendable {
  /// The JSON file the names are kept in.
  public let file: String
  /// The OS user the names belong to.
  public let user: String

  public init(file: String, user: String = TraineeMemory.currentUser) {
    self.file = file
    self.user = user
  }

  /// The login name of the process's real user (not `$USER`, which anyone can set), else the uid.
  public static var currentUser: String {
    let uid = getuid()
    if let entry = getpwuid(uid), let name = entry.pointee.pw_name { return String(cString: name) }
    return String(uid)
  }

  /// The key of a store: its absolute path with symbolic links resolved, so `./x.sqlite` and
  /// `/home/me/x.sqlite` are the same store. A server's URL is its own key.
  public static func key(forStore path: String) -> String {
    if path.contains("://") { return path }
    return URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
  }

  /// The name last used with this store by this user, if any.
  public func name(forStore path: String) -> String? {
    let name = load()[user]?[Self.key(forStore: path)]?.trimmingCharacters(in: .whitespacesAndNewlines)
    return name?.isEmpty == false ? name : nil
  }

  /// Remembers `name` for this store and user; a failure to write is not worth stopping for.
  public func remember(_ name: String, forStore path: String) {
    var names = load()
    // Unchanged (every run after the first): nothing to write, and no fsync before the console starts.
    if names[user]?[Self.key(forStore: path)] == name { return }
    names[user, default: [:]][Self.key(forStore: path)] = name
    guard let data = try? JSONEncoder.sorted.encode(names) else { return }
    let folder = URL(fileURLWithPath: file).deletingLastPathComponent()
    try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    try? data.write(to: URL(fileURLWithPath: file), options: .atomic)
  }

  /// user → store → name; an unreadable or foreign file reads as empty.
  private func load() -> [String: [String: String]] {
    guard let data = FileManager.default.contents(atPath: file) else { return [:] }
    return (try? JSONDecoder().decode([String: [String: String]].self, from: data)) ?? [:]
  }
}

extension JSONEncoder {
  fileprivate static var sorted: JSONEncoder {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    return encoder
  }
}
