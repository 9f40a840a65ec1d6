import ArgumentParser
import DojoCore
import Foundation

extension Dojo {
  /// Parses and runs as ArgumentParser's own `main()` does, but a usage error caused by a
  /// mistyped subcommand or option becomes one line with the nearest name and exit code 64
  /// (ArgumentParser would blame the next argument: "The value 'queue' is invalid for <session>").
  static func main() {
    let arguments = Array(CommandLine.arguments.dropFirst())
    var command: any ParsableCommand
    do {
      command = try parseAsRoot(arguments)
    } catch {
      if exitCode(for: error) == .validationFailure, let hint = UsageHint.hint(for: arguments) {
        Terminal.error(hint)
        Foundation.exit(ExitCode.validationFailure.rawValue)
      }
      exit(withError: error)
    }
    do {
      try command.run()
    } catch {
      exit(withError: error)
    }
  }
}

/// Finds the argument a failed parse stumbled on: a word where a subcommand was expected, or a
/// `--option` the command does not have, and names the closest one (edit distance).
enum UsageHint {
  /// One line for the first unknown subcommand or option in `arguments`, or nil when every word
  /// is known (the parse failed for another reason, and ArgumentParser's message stands).
  static func hint(for arguments: [String], root: any ParsableCommand.Type = Dojo.self) -> String? {
    var command = root
    var path = [root._commandName]
    var positionalSeen = false
    var index = arguments.startIndex
    while index < arguments.endIndex {
      let argument = arguments[index]
      index += 1
      if argument == "--" { return nil }
      if argument.hasPrefix("--") {
        let name = String(argument.prefix { $0 != "=" })
        var options = Self.options(of: command)
        // Options of the default subcommand may come without its name (`dojo --scenario x`).
        if options[name] == nil, let fallback = command.configuration.defaultSubcommand,
          Self.options(of: fallback)[name] != nil
        {
          command = fallback
          path.append(fallback._commandName)
          options = Self.options(of: fallback)
        }
        guard let takesValue = options[name] else {
          let shown = path.joined(separator: " ")
          let fallback = command.configuration.defaultSubcommand.map { Array(Self.options(of: $0).keys) } ?? []
          let nearest = Suggestion.closest(name, Array(options.keys) + fallback).map { "; did you mean \($0)?" } ?? ""
          return "unknown option '\(name)' for '\(shown)'\(nearest) (`\(shown) --help` lists the options)"
        }
        if takesValue && !argument.contains("=") { index += 1 }
        continue
      }
      if argument.hasPrefix("-") { continue }
      let subcommands = command.configuration.subcommands
      if !positionalSeen, !subcommands.isEmpty {
        if let next = subcommands.first(where: { $0._commandName == argument || $0.configuration.aliases.contains(argument) }) {
          command = next
          path.append(next._commandName)
          continue
        }
        let names = subcommands.map { $0._commandName }
        if let nearest = Suggestion.closest(argument, names) {
          let shown = path.joined(separator: " ")
          return "unknown subcommand '\(argument)' for '\(shown)'; did you mean '\(shown) \(nearest)'?"
        }
      }
      positionalSeen = true
    }
    return nil
  }

  /// The long options of `command` (shared option groups, --help and --version included), and
  /// whether each takes a value, read from its help text.
  static func options(of command: any ParsableCommand.Type) -> [String: Bool] {
    let help = Dojo.helpMessage(for: command, includeHidden: true, columns: 10_000)
    var options: [String: Bool] = ["--help": false]
    if command == Dojo.self { options["--version"] = false }
    let pattern = /(--[a-z0-9][a-z0-9-]*)( <[^>]+>)?/
    for line in help.split(separator: "\n") {
      for match in line.matches(of: pattern) {
        let name = String(match.output.1)
        options[name] = (options[name] ?? false) || match.output.2 != nil
      }
    }
    return options
  }
}
