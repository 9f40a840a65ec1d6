extension SQLiteStore: Store {
  /// The file, or `:memory:`.
  public var location: String { path ?? ":memory:" }
}
