import DojoCore

/// `print` for the whole command line: the same as `Swift.print`, with the text passed through
/// `TextSafety.terminalSafe` first. Every value a command prints is meant to be neutralised where
/// it is put into the text (`neutralized`); this is the net under that, so a name or comment that
/// reaches stdout without it still cannot move the cursor, clear the screen, set the window
/// title or turn the text right-to-left. dojo's own colours pass.
func print(_ items: Any..., separator: String = " ", terminator: String = "\n") {
  let text = items.map { "\($0)" }.joined(separator: separator)
  Swift.print(TextSafety.terminalSafe(text), terminator: terminator)
}
