import Foundation
import Rainbow
import Synchronization

/// Colours for terminal output, through Rainbow, which turns them off when `NO_COLOR` is set,
/// when `TERM` is `dumb` and when stdout is not a terminal. `configure(forceOff:)` turns them off
/// for the whole process (for `--no-color` or output written to files).
public enum Style {
  private static let forcedOff = Atomic<Bool>(false)

  public static func configure(forceOff: Bool = false) {
    forcedOff.store(forceOff, ordering: .relaxed)
  }

  private static func paint(_ text: String, _ apply: (String) -> String) -> String {
    forcedOff.load(ordering: .relaxed) ? text : apply(text)
  }

  public static func good(_ text: String) -> String { paint(text) { $0.green } }
  public static func bad(_ text: String) -> String { paint(text) { $0.red } }
  public static func warn(_ text: String) -> String { paint(text) { $0.yellow } }
  public static func dim(_ text: String) -> String { paint(text) { $0.dim } }
  public static func strong(_ text: String) -> String { paint(text) { $0.bold } }
  public static func customer(_ text: String) -> String { paint(text) { $0.cyan } }
  public static func accent(_ text: String) -> String { paint(text) { $0.magenta } }
}

/// Removes terminal control and escape sequences from text a trainee or author typed, so that
/// printing it can never drive the reader's terminal.
public func neutralized(_ text: String) -> String {
  var result = ""
  var iterator = text.unicodeScalars.makeIterator()
  while let scalar = iterator.next() {
    switch scalar.value {
    case 0x1B:
      result += "␛"
    case 0x0A, 0x09:
      result.unicodeScalars.append(scalar)
    case 0x00...0x1F, 0x7F, 0x80...0x9F:
      result += "�"
    default:
      result.unicodeScalars.append(scalar)
    }
  }
  return result
}
