import ArgumentParser
import DojoCore
import DojoStore
import Foundation

/// Shell completion (`dojo --generate-completion-script bash|zsh|fish`) of the values a user
/// cannot guess: scenario ids, trainee names, cohort names. The shell runs dojo on Tab, so each
/// answer must be fast and must change nothing: ids come from the top-level `id:` line of each
/// file (no YAML parsing), names from an existing store opened read-only; no store, no names.
/// `--scenarios DIR` and `--store FILE` already typed on the line are honoured.
enum Completions {
  /// Scenario ids of the library the command would read.
  static let scenarioIDs = CompletionKind.custom { words, _, _ in scenarioIDs(words: words) }

  /// Scenario ids, and scenario files and folders once the word looks like a path.
  static let scenarioIDsOrPaths = CompletionKind.custom { words, _, prefix in
    looksLikePath(prefix) ? paths(prefix) : scenarioIDs(words: words)
  }

  /// Trainee names in the store the command would read.
  static let trainees = CompletionKind.custom { words, _, _ in
    StoreNames.read(.trainees, inStoreAt: storePath(words: words))
  }

  /// Cohort names in the store the command would read.
  static let cohorts = CompletionKind.custom { words, _, _ in
    StoreNames.read(.cohorts, inStoreAt: storePath(words: words))
  }

  static func scenarioIDs(words: [String]) -> [String] {
    ScenarioLibrary.declaredIDs(in: ScenarioOptions.resolvedDirectory(named: value(of: "--scenarios", in: words)))
  }

  static func storePath(words: [String]) -> String {
    value(of: "--store", in: words) ?? SQLiteStore.defaultPath()
  }

  /// The value of `--name VALUE` or `--name=VALUE` typed before, unquoted; the last one wins,
  /// as when parsing.
  static func value(of option: String, in words: [String]) -> String? {
    var found: String?
    for (index, word) in words.enumerated() {
      if word == option, index + 1 < words.count, !words[index + 1].isEmpty {
        found = unquoted(words[index + 1])
      } else if word.hasPrefix(option + "=") {
        found = unquoted(String(word.dropFirst(option.count + 1)))
      }
    }
    return found.flatMap { $0.isEmpty ? nil : $0 }
  }

  /// A shell word as the program would see it, for the simple cases: one pair of surrounding
  /// quotes, backslash escapes, a leading `~/`.
  static func unquoted(_ word: String) -> String {
    var text = word
    if text.count >= 2, let first = text.first, first == "'" || first == "\"", text.last == first {
      text = String(text.dropFirst().dropLast())
    } else {
      var result = ""
      var escaped = false
      for character in text {
        if escaped || character != "\\" {
          result.append(character)
          escaped = false
        } else {
          escaped = true
        }
      }
      text = result
    }
    if text.hasPrefix("~/") { text = NSHomeDirectory() + text.dropFirst() }
    return text
  }

  private static func looksLikePath(_ prefix: String) -> Bool {
    prefix.contains("/") || prefix.hasPrefix(".") || prefix.hasPrefix("~")
  }

  /// Folders (with a trailing `/`) and `.yaml`/`.yml` files that complete `prefix`, written as
  /// typed (so the shell's own prefix filter keeps them).
  static func paths(_ prefix: String) -> [String] {
    let typedFolder = prefix.contains("/") ? String(prefix[...prefix.lastIndex(of: "/")!]) : ""
    let folder = typedFolder.isEmpty ? "." : unquoted(typedFolder)
    guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return [] }
    let showHidden = prefix.dropFirst(typedFolder.count).hasPrefix(".")
    return names.sorted().compactMap { name in
      if name.hasPrefix("."), !showHidden { return nil }
      var isFolder: ObjCBool = false
      let full = (folder as NSString).appendingPathComponent(name)
      guard FileManager.default.fileExists(atPath: full, isDirectory: &isFolder) else { return nil }
      if isFolder.boolValue { return typedFolder + name + "/" }
      return name.hasSuffix(".yaml") || name.hasSuffix(".yml") ? typedFolder + name : nil
    }
  }
}
