import Foundation

/// What `dojo store migrate` was asked to do.
public struct StoreMigrationRequest: Sendable {
  /// The store copied from: an SQLite file or a `postgres://` URL.
  public var from: String
  /// The store copied into: an SQLite file (created when missing) or a `postgres://` URL (its
  /// schema created when missing).
  public var to: String
  /// Copy into a target that already holds a team's data, remapping ids.
  public var merge: Bool
  /// Rows per transaction.
  public var batchSize: Int

  public init(from: String, to: String, merge: Bool = false, batchSize: Int = 2_000) {
    self.from = from
    self.to = to
    self.merge = merge
    self.batchSize = batchSize
  }
}

/// How far a migration is, after each batch.
public struct StoreMigrationProgress: Sendable {
  /// The table being copied.
  public var table: String
  /// Source rows of that table handled so far, and in all.
  public var tableDone: Int
  public var tableTotal: Int
  /// Source rows of every table handled so far, and in all.
  public var done: Int
  public var total: Int
  /// Whether the copy is over and the two stores are being compared.
  public var verifying: Bool
}

/// One table's line of the verification: rows and content hash on each side.
public struct MigrationTableReport: Sendable, Codable, Equatable {
  public var table: String
  /// Rows in the source.
  public var sourceRows: Int
  /// Rows the target holds for them: with `--merge`, the copied rows (found under their new ids).
  public var targetRows: Int
  /// SHA-256 over the canonical text of the rows compared, in key order.
  public var sourceHash: String
  public var targetHash: String
  /// Rows written by this migration (all runs of it).
  public var copied: Int
  /// `--merge`: source rows the target had already (a trainee, cohort or calibration round of
  /// the same name; a row of the same key), not written again and not hashed.
  public var matched: Int
  /// `--merge`: what was added to the source's ids (0 for a table without ids, or a plain copy).
  public var idOffset: Int64
  /// Whether counts and hashes agree.
  public var equal: Bool
}

/// The outcome of a migration: what was copied and whether both sides agree.
public struct StoreMigrationReport: Sendable, Codable, Equatable {
  public var from: String
  public var to: String
  /// `copy` (ids kept) or `merge` (ids remapped).
  public var mode: String
  /// Whether this run continued an interrupted one.
  public var resumed: Bool
  /// Whether this run created the target's schema.
  public var createdSchema: Bool
  public var tables: [MigrationTableReport]
  /// Whether every table agrees.
  public var equal: Bool
  /// Seconds this run spent copying, and comparing the two sides.
  public var copySeconds: Double
  public var verifySeconds: Double
}

/// Moves a team's store from one database to another (SQLite ↔ PostgreSQL, or a copy of
/// either), resumably, and verifies the result row for row.
///
/// Tables are copied in `MigrationCatalog` order, each in primary-key order, in batches; each
/// batch and the new migration state (`dojo_migration_state` in the target: the table and the
/// last key copied) commit in one transaction, so a killed run loses at most the batch in
/// flight and the next run continues after the last committed key. A plain copy keeps ids and
/// needs an empty target; `merge` adds a per-table offset to the source's ids (rewriting the
/// foreign keys with them) and takes a trainee, cohort or calibration round whose name the
/// target has as that target row. Verification reads both sides in key order and compares the
/// row counts and a SHA-256 of each row's canonical text (`MigrationValue.canonicalText`).
public enum StoreMigration {
  /// Runs (or continues) the migration and verifies it. `progress` is called after each batch.
  public static func run(
    _ request: StoreMigrationRequest, progress: (StoreMigrationProgress) -> Void = { _ in }
  ) throws -> StoreMigrationReport {
    guard request.batchSize > 0 else { throw StoreMigrationError.badBatchSize }
    let source = try open(request.from, target: false)
    let target = try open(request.to, target: true)
    guard source.location != target.location else { throw StoreMigrationError.sameStore(source.location) }
    let tables = MigrationCatalog.tables
    let sourceCounts = try Dictionary(uniqueKeysWithValues: tables.map { ($0.name, try source.count($0)) })
    let sourceMaxIDs = try Dictionary(uniqueKeysWithValues: tables.map { ($0.name, try source.maxID($0)) })
    try target.prepareState()
    var states = try target.states(source: source.location)
    let mode = request.merge ? "merge" : "copy"
    let resumed = !states.isEmpty
    if resumed {
      let started = states.values.first?.mode ?? mode
      guard started == mode else {
        throw StoreMigrationError.otherMode(started: started, target: target.location)
      }
    } else {
      var offsets: [String: Int64] = [:]
      let occupied = try tables.compactMap { table -> (String, Int)? in
        let rows = try target.count(table)
        if request.merge { offsets[table.name] = try target.maxID(table) }
        return rows > 0 ? (table.name, rows) : nil
      }
      if !occupied.isEmpty && !request.merge {
        throw StoreMigrationError.targetNotEmpty(
          target: target.location, tables: occupied.map { "\($0.0) (\($0.1))" })
      }
      let fresh = tables.map { table in
        MigrationTableState(
          table: table.name, mode: mode, lastKey: nil, copied: 0, matched: 0,
          idOffset: table.hasIdentity ? offsets[table.name] ?? 0 : 0, done: false)
      }
      var reserve: [String: Int64] = [:]
      if request.merge {
        for table in tables where table.hasIdentity {
          reserve[table.name] = (offsets[table.name] ?? 0) + (sourceMaxIDs[table.name] ?? 0)
        }
      }
      try target.begin(source: source.location, states: fresh, reserve: reserve)
      states = Dictionary(uniqueKeysWithValues: fresh.map { ($0.table, $0) })
    }

    let copyStart = Date()
    let total = sourceCounts.values.reduce(0, +)
    var done = tables.reduce(0) { sum, table in
      let state = states[table.name]
      return sum + (state?.done == true ? sourceCounts[table.name] ?? 0 : (state?.copied ?? 0) + (state?.matched ?? 0))
    }
    var remap = Remap(offsets: states.mapValues(\.idOffset), matches: [:])
    for table in tables {
      guard var state = states[table.name], !state.done else { continue }
      if request.merge { remap.load(try target.matches(source: source.location)) }
      let tableTotal = sourceCounts[table.name] ?? 0
      var after = state.lastKey.map(table.keyValues)
      while true {
        let rows = try source.rows(table, after: after, limit: request.batchSize, idRange: nil)
        guard let last = rows.last else { break }
        let key = table.key(of: last)
        var written = rows
        var matches: [MigrationMatch] = []
        if request.merge {
          (written, matches) = try mergeBatch(table, rows: rows, target: target, remap: &remap)
        }
        state.lastKey = key.map(\.keyText)
        state.copied += written.count
        state.matched += matches.count
        state.done = rows.count < request.batchSize
        try target.write(table, rows: written, state: state, matches: matches, source: source.location)
        after = key
        done += rows.count
        progress(
          StoreMigrationProgress(
            table: table.name, tableDone: state.copied + state.matched, tableTotal: tableTotal, done: done,
            total: total, verifying: false))
        if state.done { break }
      }
      if !state.done {
        state.done = true
        try target.write(table, rows: [], state: state, matches: [], source: source.location)
      }
      states[table.name] = state
    }
    for table in tables { try target.advanceSequence(table) }
    if request.merge { remap.load(try target.matches(source: source.location)) }

    let verifyStart = Date()
    var reports: [MigrationTableReport] = []
    var verified = 0
    for table in tables {
      let state = states[table.name]
      let report = try verify(
        table, source: source, target: target, merge: request.merge, remap: remap,
        sourceMaxID: sourceMaxIDs[table.name] ?? 0, batchSize: max(request.batchSize, 5_000))
      reports.append(
        MigrationTableReport(
          table: table.name, sourceRows: sourceCounts[table.name] ?? 0, targetRows: report.targetRows,
          sourceHash: report.sourceHash, targetHash: report.targetHash, copied: state?.copied ?? 0,
          matched: state?.matched ?? 0, idOffset: state?.idOffset ?? 0,
          equal: report.sourceRows == report.targetRows && report.sourceHash == report.targetHash
            && (request.merge ? report.sourceRows + (state?.matched ?? 0) == sourceCounts[table.name] ?? 0 : true)))
      verified += sourceCounts[table.name] ?? 0
      progress(
        StoreMigrationProgress(
          table: table.name, tableDone: sourceCounts[table.name] ?? 0, tableTotal: sourceCounts[table.name] ?? 0,
          done: verified, total: total, verifying: true))
    }
    let createdSchema = (target as? PostgresMigrationEndpoint)?.initialized ?? false
    return StoreMigrationReport(
      from: source.location, to: target.location, mode: mode, resumed: resumed, createdSchema: createdSchema,
      tables: reports, equal: reports.allSatisfy(\.equal),
      copySeconds: verifyStart.timeIntervalSince(copyStart), verifySeconds: Date().timeIntervalSince(verifyStart))
  }

  private static func open(_ location: String, target: Bool) throws -> any MigrationEndpoint {
    if PostgresURL.isPostgres(location) {
      return try PostgresMigrationEndpoint(url: PostgresURL(location), target: target)
    }
    return try SQLiteMigrationEndpoint(path: location, target: target)
  }

  // MARK: - Merging

  /// How source ids become target ids: the table's offset, except rows matched to a target row.
  struct Remap {
    var offsets: [String: Int64]
    /// Per table: source id → target id (matched by name); for tables without ids, the source
    /// keys (joined key texts) the target had already.
    var matches: [String: [String: String]]

    mutating func load(_ list: [MigrationMatch]) {
      matches = [:]
      for match in list { matches[match.table, default: [:]][match.sourceKey] = match.targetKey }
    }

    func id(_ table: String, _ id: Int64) -> Int64 {
      if let matched = matches[table]?[String(id)], let targetID = Int64(matched) { return targetID }
      return id + (offsets[table] ?? 0)
    }

    /// The row with its own id and every id it refers to remapped.
    func row(_ row: [MigrationValue], of table: MigrationTable) -> [MigrationValue] {
      zip(table.columns, row).map { column, value in
        guard case .integer(let number) = value else { return value }
        if column.name == "id" && table.hasIdentity { return .integer(id(table.name, number)) }
        if let referenced = column.references { return .integer(id(referenced, number)) }
        return value
      }
    }

    /// Whether the source row was matched to a row the target had (and so not written).
    func isMatched(_ row: [MigrationValue], of table: MigrationTable) -> Bool {
      matches[table.name]?[joinedKey(table.key(of: row))] != nil
    }
  }

  static func joinedKey(_ key: [MigrationValue]) -> String { key.map(\.keyText).joined(separator: "\u{1F}") }

  /// The rows of a batch as the target gets them (remapped), and the rows the target had already.
  private static func mergeBatch(
    _ table: MigrationTable, rows: [[MigrationValue]], target: any MigrationEndpoint, remap: inout Remap
  ) throws -> ([[MigrationValue]], [MigrationMatch]) {
    var written: [[MigrationValue]] = []
    var matches: [MigrationMatch] = []
    if let natural = table.naturalKey, let position = table.columns.firstIndex(where: { $0.name == natural }) {
      let names = rows.compactMap { row -> String? in
        if case .text(let name) = row[position] { return name }
        return nil
      }
      let existing = try target.ids(table, naturalKeys: names)
      for row in rows {
        if case .text(let name) = row[position], let targetID = existing[name], case .integer(let sourceID) = row[0] {
          let match = MigrationMatch(table: table.name, sourceKey: String(sourceID), targetKey: String(targetID))
          matches.append(match)
          remap.matches[table.name, default: [:]][match.sourceKey] = match.targetKey
        } else {
          written.append(remap.row(row, of: table))
        }
      }
    } else if table.hasIdentity {
      written = rows.map { remap.row($0, of: table) }
    } else {
      for row in rows {
        let mapped = remap.row(row, of: table)
        if try target.exists(table, key: table.key(of: mapped)) {
          let match = MigrationMatch(
            table: table.name, sourceKey: joinedKey(table.key(of: row)), targetKey: joinedKey(table.key(of: mapped)))
          matches.append(match)
          remap.matches[table.name, default: [:]][match.sourceKey] = match.targetKey
        } else {
          written.append(mapped)
        }
      }
    }
    return (written, matches)
  }

  // MARK: - Verifying

  private struct Comparison {
    var sourceRows = 0
    var targetRows = 0
    var sourceHash = ""
    var targetHash = ""
  }

  /// Counts and hashes one table on both sides. A plain copy compares every row. A merge
  /// compares the source rows it wrote (remapped) with the target rows under their new ids
  /// (or, for a table without ids, their remapped keys), leaving out the rows it matched.
  private static func verify(
    _ table: MigrationTable, source: any MigrationEndpoint, target: any MigrationEndpoint, merge: Bool,
    remap: Remap, sourceMaxID: Int64, batchSize: Int
  ) throws -> Comparison {
    var comparison = Comparison()
    let sourceHash = ContentHash()
    var expectedKeys = Set<String>()
    var after: [MigrationValue]? = nil
    while true {
      let rows = try source.rows(table, after: after, limit: batchSize, idRange: nil)
      guard let last = rows.last else { break }
      after = table.key(of: last)
      for row in rows {
        if merge {
          if remap.isMatched(row, of: table) { continue }
          let mapped = remap.row(row, of: table)
          if !table.hasIdentity { expectedKeys.insert(joinedKey(table.key(of: mapped))) }
          sourceHash.add(canonicalRow(mapped))
        } else {
          sourceHash.add(canonicalRow(row))
        }
        comparison.sourceRows += 1
      }
    }
    comparison.sourceHash = sourceHash.finish()

    let targetHash = ContentHash()
    let offset = remap.offsets[table.name] ?? 0
    let idRange: ClosedRange<Int64>? = merge && table.hasIdentity && sourceMaxID > 0 ? (offset + 1)...(offset + sourceMaxID) : nil
    after = nil
    if !(merge && table.hasIdentity && sourceMaxID <= 0) {
      while true {
        let rows = try target.rows(table, after: after, limit: batchSize, idRange: idRange)
        guard let last = rows.last else { break }
        after = table.key(of: last)
        for row in rows {
          if merge && !table.hasIdentity && !expectedKeys.contains(joinedKey(table.key(of: row))) { continue }
          targetHash.add(canonicalRow(row))
          comparison.targetRows += 1
        }
      }
    }
    comparison.targetHash = targetHash.finish()
    return comparison
  }
}

/// Why a migration did not start or could not go on.
public enum StoreMigrationError: LocalizedError, Equatable {
  case targetNotEmpty(target: String, tables: [String])
  case otherMode(started: String, target: String)
  case sameStore(String)
  case badBatchSize

  public var errorDescription: String? {
    switch self {
    case .targetNotEmpty(let target, let tables):
      return
        "the target \(target) already holds data (\(tables.joined(separator: ", "))): migrate into an empty store, or pass --merge to add this store's rows with new ids"
    case .otherMode(let started, let target):
      return
        "the migration into \(target) was started \(started == "merge" ? "with" : "without") --merge; run it again the same way to continue it"
    case .sameStore(let location):
      return "--from and --to name the same store (\(location))"
    case .badBatchSize:
      return "the batch size must be at least 1"
    }
  }
}
