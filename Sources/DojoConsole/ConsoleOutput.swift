import DojoCore
import Foundation

/// Where the console writes: the terminal, or a buffer in tests.
public protocol ConsoleOutput: AnyObject {
  func write(_ text: String)
  /// Waits before showing a customer line, as if the customer were typing.
  func pause(seconds: Double)
}

extension ConsoleOutput {
  public func line(_ text: String = "") { write(text + "\n") }
}

/// Standard output, flushed after each write so a piped reader sees lines as they happen.
public final class StandardOutput: ConsoleOutput {
  public let typingDelay: Bool

  public init(typingDelay: Bool) { self.typingDelay = typingDelay }

  public func write(_ text: String) {
    FileHandle.standardOutput.write(Data(TextSafety.terminalSafe(text).utf8))
  }

  public func pause(seconds: Double) {
    guard typingDelay, seconds > 0 else { return }
    Thread.sleep(forTimeInterval: seconds)
  }
}

/// Standard error: where an interactive walk talks when stdout is kept for JSON.
public final class StandardErrorOutput: ConsoleOutput {
  public init() {}

  public func write(_ text: String) {
    FileHandle.standardError.write(Data(TextSafety.terminalSafe(text).utf8))
  }

  public func pause(seconds: Double) {}
}

/// Collects output in memory, for tests.
public final class BufferedOutput: ConsoleOutput {
  public private(set) var text = ""

  public init() {}

  public func write(_ text: String) { self.text += text }
  public func pause(seconds: Double) {}
}
