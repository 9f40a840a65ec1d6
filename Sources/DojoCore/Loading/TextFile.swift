internal import Foundation

/// Reading the text files authors write (scenarios, products, templates, lexicon, transcripts,
/// answer files), whatever editor wrote them.
///
/// Line endings are normalised to "\n": Windows editors write CRLF and old Mac ones a lone CR.
/// Swift treats "\r\n" as one `Character`, so splitting at "\n" would not split such a file at
/// all; every reader takes its text through `normalizingLineEndings` first, which keeps lines
/// and columns as authors see them.
public enum TextFile {
  /// Why a file could not be read as text.
  public enum ReadError: Error, Equatable, CustomStringConvertible {
    case noSuchFile
    case unreadable
    case notUTF8

    public var description: String {
      switch self {
      case .noSuchFile: "no such file"
      case .unreadable: "cannot read file"
      case .notUTF8: "file is not valid UTF-8 text"
      }
    }
  }

  /// The file's UTF-8 text with "\n" line endings.
  public static func read(path: String) -> Result<String, ReadError> {
    guard let data = FileManager.default.contents(atPath: path) else {
      return .failure(FileManager.default.fileExists(atPath: path) ? .unreadable : .noSuchFile)
    }
    guard let text = String(data: data, encoding: .utf8) else { return .failure(.notUTF8) }
    return .success(normalizingLineEndings(text))
  }

  /// `text` with every CRLF and every lone CR turned into LF.
  public static func normalizingLineEndings(_ text: String) -> String {
    guard text.utf8.contains(UInt8(ascii: "\r")) else { return text }
    var bytes: [UInt8] = []
    bytes.reserveCapacity(text.utf8.count)
    var afterCR = false
    for byte in text.utf8 {
      if byte == UInt8(ascii: "\r") {
        bytes.append(UInt8(ascii: "\n"))
        afterCR = true
        continue
      }
      if !(afterCR && byte == UInt8(ascii: "\n")) { bytes.append(byte) }
      afterCR = false
    }
    return String(decoding: bytes, as: UTF8.self)
  }
}
