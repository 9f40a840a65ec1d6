import CStemmer
import Synchronization

/// A Snowball stemmer from the system `libstemmer`, safe to share between threads.
///
/// libstemmer handles are not thread-safe, so each call takes a lock; stems are cached because
/// the same words come up again and again in replies.
final class SnowballStemmer: Sendable {
  private struct State: ~Copyable {
    let handle: OpaquePointer?
    var cache: [String: String] = [:]
  }

  private let state: Mutex<State>

  init(algorithm: String) {
    state = Mutex(State(handle: sb_stemmer_new(algorithm, "UTF_8")))
  }

  deinit {
    state.withLock { state in
      if let handle = state.handle { sb_stemmer_delete(handle) }
    }
  }

  /// The stem of a lower-case word; the word itself when no stemmer is available.
  func stem(_ word: String) -> String {
    state.withLock { state in
      if let cached = state.cache[word] { return cached }
      guard let handle = state.handle else { return word }
      var utf8 = Array(word.utf8)
      let stem: String = utf8.withUnsafeMutableBufferPointer { buffer in
        guard let result = sb_stemmer_stem(handle, buffer.baseAddress, Int32(buffer.count)) else { return word }
        let length = Int(sb_stemmer_length(handle))
        return String(decoding: UnsafeBufferPointer(start: result, count: length), as: UTF8.self)
      }
      if state.cache.count > 200_000 { state.cache.removeAll(keepingCapacity: true) }
      state.cache[word] = stem
      return stem
    }
  }

  /// One shared stemmer per language.
  static func shared(for language: Language) -> SnowballStemmer {
    switch language {
    case .en: english
    case .de: german
    }
  }

  private static let english = SnowballStemmer(algorithm: "english")
  private static let german = SnowballStemmer(algorithm: "german")
}
