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
