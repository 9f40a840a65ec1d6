import DojoCore
import DojoStore
import Foundation

/// How a practice or assessment attempt runs.
public struct PracticeSettings: Sendable {
  public var mode: SessionMode = .practice
  /// Feedback on each reply (practice mode only).
  public var coach = false
  public var phase: SessionPhase?
  public var cohort: String?
  /// Seed for the customer's variants; random when nil.
  public var seed: UInt64?

  public init(mode: SessionMode = .practice, coach: Bool = false, phase: SessionPhase? = nil, cohort: String? = nil, seed: UInt64? = nil) {
    self.mode = mode
    self.coach = coach
    self.phase = phase
    self.cohort = cohort
    self.seed = seed
  }
}

/// What the trainee chose after the scorecard.
public enum AfterAttempt: Sendable, Equatable {
  case retry, next, quit
}

/// The practice console: a thin shell around the engine that reads the trainee's lines,
/// writes every turn to the store the moment it is entered, and shows the scorecard.
///
/// Nothing typed is lost: typed text is cleaned of control characters once (`TypedText.clean`),
/// so the store keeps exactly what was scored; a line is shown as sent only after the store
/// has it; a hand-off line and its note are one write; input that ends in the middle of an
/// e-mail or a hand-off is kept as a note, not sent; and while the trainee thinks, a timer
/// renews the session's lease so no other console takes it for gone.
public final class PracticeConsole {
  /// The scenarios to choose from (`practice --scenario` starts with a library of one and
  /// loads the rest when the trainee asks for the next scenario).
  public var library: ScenarioLibrary
  /// The scenarios the menu offers when they are not all in `library`: a catalog read from the
  /// cache (`ScenarioCatalog`); the one chosen is read with `loadEntry`.
  public var menu: [CatalogEntry]?
  /// Reads the library of one chosen menu entry (its file and the lexicon).
  public var loadEntry: ((CatalogEntry) throws -> ScenarioLibrary?)?
  public let store: any SessionStore
  public let input: LineInput
  public let output: ConsoleOutput
  public var strings: UIStrings
  public let settings: PracticeSettings
  /// The wall clock; replaced in tests.
  public var now: () -> Date = Date.init
  private let processID = ProcessInfo.processInfo.processIdentifier
  /// A line read at the after-contact prompt that was meant for the next question.
  private var pendingLine: String?

  public init(library: ScenarioLibrary, store: any SessionStore, input: LineInput, output: ConsoleOutput, strings: UIStrings, settings: PracticeSettings) {
    self.library = library
    self.store = store
    self.input = input
    self.output = output
    self.strings = strings
    self.settings = settings
  }

  /// The slash commands, for help and Tab completion.
  public static let commands = ["/help", "/brief", "/facts", "/hint", "/escalate", "/transfer", "/note", "/end", "/resolve", "/quit"]

  // MARK: - Choosing

  /// Asks for a role and then a scenario, showing the trainee's best score per scenario.
  public func chooseScenario(trainee: String, role: Role?) throws -> Scenario? {
    var role = role
    let entries = menu ?? library.scenarios.map(CatalogEntry.init)
    if role == nil {
      let roles = Role.allCases.filter { r in entries.contains { $0.role == r } }
      output.line(Style.strong(strings[.pickRole]))
      for (index, r) in roles.enumerated() {
        let count = entries.filter { $0.role == r }.count
        output.line("  \(index + 1). \(r.rawValue) (\(count))")
      }
      guard let index = askNumber(max: roles.count) else { return nil }
      role = roles[index]
    }
    let best = try store.bestScores(traineeName: trainee)
    let scenarios = entries.filter { $0.role == role }.sorted { ($0.difficulty, $0.id) < ($1.difficulty, $1.id) }
    guard !scenarios.isEmpty else { return nil }
    output.line(Style.strong(strings[.pickScenario]))
    for (index, scenario) in scenarios.enumerated() {
      let score = best[scenario.id].map { strings.format(.bestSoFar, strings.number($0)) } ?? strings[.notPlayedYet]
      output.line("  \(index + 1). \(scenario.title) " + Style.dim("[\(strings.channelName(scenario.channel)) · \(scenario.language.rawValue) · \(String(repeating: "★", count: min(3, max(0, scenario.difficulty)))) · \(score)]"))
    }
    guard let index = askNumber(max: scenarios.count) else { return nil }
    let entry = scenarios[index]
    if let scenario = library.scenarios.first(where: { $0.id == entry.id }) { return scenario }
    // A menu from the catalog: read the one file chosen.
    guard let loaded = try loadEntry?(entry), let scenario = loaded.scenarios.first(where: { $0.id == entry.id }) else { return nil }
    library = loaded
    return scenario
  }

  /// One line of input, cleaned as scored and stored (`TypedText.clean`); nil at end of input.
  private func read(_ prompt: String) -> String? {
    if let line = pendingLine {
      pendingLine = nil
      return line
    }
    return input.readLine(prompt: prompt).map(TypedText.clean)
  }

  private func askNumber(max: Int) -> Int? {
    while true {
      guard let line = read("> ") else { return nil }
      if let number = Int(line.trimmingCharacters(in: .whitespaces)), (1...max).contains(number) { return number - 1 }
      output.line(strings[.invalidChoice])
    }
  }

  // MARK: - Playing

  /// Plays one attempt from the start. Returns nil when the trainee quit or input ended.
  public func play(_ scenario: Scenario, trainee: String) throws -> (SessionRecord, ScoreResult?) {
    // The matcher's patterns are compiled after the first line is shown: opening the
    // conversation needs none of them.
    let engine = ConversationEngine(scenario, lexicon: library.lexicon)
    let seed = settings.seed ?? UInt64.random(in: 1...UInt64(Int32.max))
    let started = now()
    // Keep the version played on, so the session stays reviewable after the file changes.
    try (store as? any ScenarioVersionStore)?.recordScenarioVersion(scenario, at: started)
    let session = try store.startSession(NewSession(
      traineeName: trainee, scenario: scenario, mode: settings.mode, phase: settings.phase,
      cohort: settings.cohort, seed: seed, startedAt: started, pid: processID))
    guard let sessionID = session.id else { throw ConsoleError.sessionNotStored }
    showBriefing(scenario)
    let (state, events) = engine.start(seed: seed)
    try record(events, state: state, sessionID: sessionID, scenario: scenario)
    render(events, scenario: scenario, showCoaching: false)
    engine.prepare()
    return try converse(engine: engine, state: state, sessionID: sessionID, startedAt: started)
  }

  /// Continues an interrupted session of `trainee`: replays its stored turns through the engine
  /// with the stored seed, stores any customer lines the crash kept from being written, and goes
  /// on — on the scenario version the session started on (see `resumeScenario`).
  public func resume(sessionID: Int64, trainee: String) throws -> (SessionRecord, ScoreResult?) {
    var session = try store.session(id: sessionID)
    try Self.checkOwner(store: store, session: session, trainee: trainee)
    let (scenario, notice) = try resumeScenario(session)
    session = try store.reopen(sessionID: sessionID, pid: processID)
    let compiled = CompiledScenario(scenario, lexicon: library.lexicon)
    let engine = ConversationEngine(compiled)
    let stored = try store.turns(sessionID: sessionID)
    var (state, _) = engine.start(seed: session.engineSeed)
    for turn in stored where turn.speaker == .trainee {
      let action = TraineeAction(kind: turn.action ?? .reply, text: turn.text, target: turn.target)
      guard !state.isOver || (action.kind.handoffKind != nil && engine.acceptsAfterCallHandoff(state)) else { break }
      _ = try engine.apply(action, to: &state)
    }
    // A hand-off line stored by an older version without its note record (a crash between two
    // transactions) gets it now, from the line itself.
    let handoffTurns = Set(try store.escalations(sessionID: sessionID).map(\.turn))
    for line in stored where line.speaker == .trainee {
      guard let turn = line.turn, let target = line.target, !handoffTurns.contains(turn),
        let kind = line.action?.handoffKind
      else { continue }
      try store.recordEscalation(sessionID: sessionID, turn: turn, kind: kind, target: target, note: line.text, at: line.at)
    }
    // Customer lines the engine produced after the last stored line were lost in the crash.
    let storedCount = stored.count
    for entry in state.transcript.entries.dropFirst(storedCount) where entry.speaker == .customer {
      try store.appendTurn(
        sessionID: sessionID, speaker: .customer, nodeID: entry.nodeID, turn: nil, text: entry.text,
        action: nil, target: nil, at: now(), latency: nil)
    }
    output.line(Style.dim(strings.format(.resumeFound, String(sessionID), scenario.title, Self.timestamp(session.startedAt))))
    if let notice { output.line(Style.warn(notice)) }
    showBriefing(scenario)
    output.line(TranscriptView(scenario: scenario, transcript: state.transcript, strings: strings).render())
    output.line(Style.dim(strings[.resumed]))
    if !state.factsSeen.isEmpty { showFacts(state.factsSeen) }
    if let draft = try store.notes(sessionID: sessionID).last, draft.turn == state.turn,
      draft.text.hasPrefix(Self.unsentMark)
    {
      output.line(Style.dim(strings[.unsentShown]))
      output.line(neutralized(String(draft.text.dropFirst(Self.unsentMark.count))))
    }
    return try converse(engine: engine, state: state, sessionID: sessionID, startedAt: session.startedAt)
  }

  /// Refuses to resume another trainee's session, naming its owner.
  public static func checkOwner(store: any SessionStore, session: SessionRecord, trainee: String) throws {
    guard let id = session.id, !(try store.sessions(traineeName: trainee).contains { $0.id == id }) else { return }
    let owner = try store.trainees().first { $0.id == session.traineeID }?.name ?? "another trainee"
    throw ConsoleError.notYourSession(id: id, owner: owner, trainee: trainee.trimmingCharacters(in: .whitespacesAndNewlines))
  }

  /// The scenario a resumed session continues on, and what to tell the trainee about it: the
  /// library's file when it still has the version the session started on; else that version's
  /// snapshot from the store; else (never stored) the library's file, recorded on the session
  /// as the version it is now played and scored on.
  func resumeScenario(_ session: SessionRecord) throws -> (Scenario, String?) {
    let current = library.scenario(session.scenarioID)
    if let current, current.version == session.scenarioVersion { return (current, nil) }
    let versions = store as? any ScenarioVersionStore
    if let snapshot = try versions?.scenarioSnapshot(id: session.scenarioID, version: session.scenarioVersion) {
      return (snapshot.scenario, strings.format(.resumeOnStartedVersion, session.scenarioVersion))
    }
    guard let current else { throw ConsoleError.scenarioGone(session.scenarioID) }
    guard let versions, let id = session.id else {
      throw ConsoleError.versionGone(id: session.scenarioID, version: session.scenarioVersion)
    }
    try versions.moveSession(id, to: current, at: now())
    return (current, strings.format(.resumeOnNewVersion, session.scenarioVersion, current.version))
  }

  /// The turn loop, until the conversation ends, the trainee quits or input ends.
  private func converse(engine: ConversationEngine, state: ConversationState, sessionID: Int64, startedAt: Date) throws -> (SessionRecord, ScoreResult?) {
    var state = state
    let scenario = engine.scenario
    var lastCustomerLine = now()
    var showStatus = true
    let heartbeat = LeaseHeartbeat(store: store, sessionID: sessionID, every: SessionOwner.defaultLeaseDuration / 4)
    defer { heartbeat.stop() }
    // Ctrl-C leaves with the way back; the session stays in the store and is resumable.
    InterruptNotice.begin(strings.format(.sessionKept, String(sessionID)))
    defer { InterruptNotice.end() }
    while !state.isOver {
      if showStatus { output.line(Style.dim(statusLine(state: state, scenario: scenario, startedAt: startedAt))) }
      showStatus = true
      let typed: String
      let draftCommand = { [unowned self] (line: String) throws in
        _ = try self.command(line, state: state, engine: engine, sessionID: sessionID)
      }
      switch try readTurn(scenario: scenario, startedAt: startedAt, runCommand: draftCommand) {
      case .line(let line): typed = line
      case .ended(let unsent):
        return try inputEnded(unsent: unsent, state: state, sessionID: sessionID)
      }
      let text = typed.trimmingCharacters(in: .whitespacesAndNewlines)
      if text.isEmpty {
        // At a terminal an empty line refreshes the status line; a blank line in piped input
        // (answer files have them) must not print it twice.
        showStatus = input.isInteractive
        continue
      }
      let action: TraineeAction
      if text.hasPrefix("/") {
        switch try command(text, state: state, engine: engine, sessionID: sessionID) {
        case .handled: continue
        case .ended(let unsent):
          return try inputEnded(unsent: unsent, state: state, sessionID: sessionID)
        case .quit:
          let record = try storing(sessionID, unsent: nil) {
            try store.finishSession(id: sessionID, status: .abandoned, endedAt: now(), handleTimeSeconds: now().timeIntervalSince(startedAt), result: nil)
          }
          output.line(strings[.quitAbandoned])
          return (record, nil)
        case .action(let parsed): action = parsed
        }
      } else {
        action = .reply(text)
      }
      let events = try send(action, state: &state, engine: engine, sessionID: sessionID, latency: now().timeIntervalSince(lastCustomerLine))
      // A hand-off the conversation goes on after (the case stays with the trainee, or the
      // customer still has a question) says so, like the wrap-up does.
      if action.kind.handoffKind != nil, !state.isOver,
        !events.contains(where: { if case .wrapUpStarted = $0 { true } else { false } })
      {
        output.line(Style.dim(strings.format(.handedOverGoesOn, action.target ?? "")))
      }
      lastCustomerLine = now()
    }
    if engine.acceptsAfterCallHandoff(state) {
      switch try afterCallWork(state: &state, engine: engine, sessionID: sessionID) {
      case .ended(let unsent): return try inputEnded(unsent: unsent, state: state, sessionID: sessionID)
      default: break
      }
    }
    let result = Scorer(engine.compiled).score(state.transcript)
    let handleTime = now().timeIntervalSince(startedAt)
    let record = try storing(sessionID, unsent: nil) {
      try store.finishSession(id: sessionID, status: .finished, endedAt: now(), handleTimeSeconds: handleTime, result: result)
    }
    output.line()
    output.line(ScorecardView(scenario: scenario, result: result, strings: strings, handleTimeSeconds: handleTime, hintsUsed: record.hintsUsed).render())
    output.line(Style.dim(strings.format(.sessionStored, String(sessionID))))
    return (record, result)
  }

  /// Stores one trainee action, then lets the engine answer it and shows and stores what the
  /// customer says. The turn is stored before the engine runs and before it is shown as sent, so
  /// nothing shown is lost; a hand-off line and its note are one transaction.
  private func send(
    _ action: TraineeAction, state: inout ConversationState, engine: ConversationEngine, sessionID: Int64, latency: TimeInterval?
  ) throws -> [ConversationEvent] {
    let scenario = engine.scenario
    let turnNumber = state.turn + 1
    let enteredAt = now()
    try storing(sessionID, unsent: action.typedForm) {
      if let kind = action.kind.handoffKind, let target = action.target {
        try store.appendHandoff(
          sessionID: sessionID, nodeID: state.nodeID, turn: turnNumber, kind: kind,
          target: target, note: action.text, at: enteredAt, latency: latency)
      } else {
        try store.appendTurn(
          sessionID: sessionID, speaker: .trainee, nodeID: state.nodeID, turn: turnNumber, text: action.text,
          action: action.kind, target: action.target, at: enteredAt, latency: latency)
      }
    }
    if !input.isInteractive {
      // A piped session shows each turn once, so its output reads as a transcript.
      output.line(Style.strong("\(strings[.you]) [\(turnNumber)]: ") + neutralized(action.typedForm))
    }
    if action.kind == .end { output.line(Style.dim(strings[.endConfirmed])) }
    let events = try engine.apply(action, to: &state)
    try record(events, state: state, sessionID: sessionID, scenario: scenario)
    render(events, scenario: scenario, showCoaching: settings.coach && settings.mode == .practice)
    return events
  }

  /// After-contact work: the customer closed the case as resolved with nothing handed over (often
  /// in the very turn the trainee announced a hand-off). One prompt lets the trainee still hand
  /// the case on with `/escalate` or `/transfer`; `/facts`, `/brief`, `/note` and `/help` work as
  /// usual; Enter finishes. Any other line is left for the question after the scorecard.
  private func afterCallWork(state: inout ConversationState, engine: ConversationEngine, sessionID: Int64) throws -> CommandOutcome {
    output.line(Style.dim(strings[.afterCallWork]))
    while true {
      guard let line = read(strings[.promptAfterCall]) else { return .handled }
      let text = line.trimmingCharacters(in: .whitespacesAndNewlines)
      let name = SlashCommand.split(text).command
      guard ["/escalate", "/transfer", "/facts", "/brief", "/note", "/help"].contains(name) else {
        // Piped input is a script: a blank line or any other line is meant for what follows.
        if !text.isEmpty || !input.isInteractive { pendingLine = line }
        return .handled
      }
      switch try command(text, state: state, engine: engine, sessionID: sessionID) {
      case .action(let action) where action.kind.handoffKind != nil:
        _ = try send(action, state: &state, engine: engine, sessionID: sessionID, latency: nil)
        output.line(Style.dim(strings.format(.handedOverAfterCall, action.target ?? "")))
        return .handled
      case .ended(let unsent):
        return .ended(unsent: unsent)
      default:
        continue
      }
    }
  }

  /// Asks what to do after the scorecard.
  public func askAfterAttempt() -> AfterAttempt {
    guard let answer = read(strings[.afterScore])?.trimmingCharacters(in: .whitespaces).lowercased() else { return .quit }
    switch answer {
    case "r", "retry", "w", "wiederholen": return .retry
    case "n", "next", "weiter", "nächstes": return .next
    default: return .quit
    }
  }

  // MARK: - Input

  /// What the trainee typed for one turn.
  enum TypedTurn: Equatable {
    case line(String)
    /// Input ended (Ctrl-D or the end of a pipe), with what was typed but not sent, if anything.
    case ended(unsent: String?)
  }

  /// Commands that may run in the middle of an e-mail draft: they show or note something and
  /// leave the draft as it is.
  static let draftCommands: Set<String> = ["/help", "/brief", "/facts", "/hint", "/note"]

  /// Reads one turn. In an e-mail, lines after the first get a continuation prompt; blank lines
  /// stay in the draft; a line that is a console command runs it (or, for commands that act on
  /// the conversation, says to send the e-mail first) and is not added to the draft.
  private func readTurn(scenario: Scenario, startedAt: Date, runCommand: (String) throws -> Void) throws -> TypedTurn {
    switch scenario.channel {
    case .chat:
      return read(strings[.promptChat]).map(TypedTurn.line) ?? .ended(unsent: nil)
    case .phone:
      return read(strings.format(.promptPhone, ScorecardView.duration(now().timeIntervalSince(startedAt))))
        .map(TypedTurn.line) ?? .ended(unsent: nil)
    case .email:
      guard let first = read(strings[.promptEmail]) else { return .ended(unsent: nil) }
      if first.hasPrefix("/") || first.trimmingCharacters(in: .whitespaces) == "." { return .line(first == "." ? "" : first) }
      // An e-mail is sent by its closing "." line only: input that ends before it leaves a
      // draft, which is kept but never sent.
      var lines = [first]
      while true {
        guard let next = read(strings[.promptEmailMore]) else { return .ended(unsent: lines.joined(separator: "\n")) }
        if next.trimmingCharacters(in: .whitespaces) == "." { return .line(lines.joined(separator: "\n")) }
        let name = SlashCommand.split(next).command
        if next.hasPrefix("/"), Self.draftCommands.contains(name) {
          try runCommand(next)
          output.line(Style.dim(strings.format(.commandInDraft, name)))
          continue
        }
        if next.hasPrefix("/"), Self.commands.contains(name) {
          output.line(Style.dim(strings.format(.commandAfterDraft, name)))
          continue
        }
        lines.append(next)
      }
    }
  }

  /// Input ended: what was typed but not sent is kept as a note of the session (never a turn),
  /// the trainee is told, and the session stays resumable.
  private func inputEnded(unsent: String?, state: ConversationState, sessionID: Int64) throws -> (SessionRecord, ScoreResult?) {
    output.line()
    if let unsent, !unsent.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
      try storing(sessionID, unsent: unsent) {
        try store.recordNote(sessionID: sessionID, turn: state.turn, text: Self.unsentMark + unsent, at: now())
      }
      output.line(strings.format(.unsentKept, String(sessionID)))
    } else {
      output.line(strings.format(.sessionKept, String(sessionID)))
    }
    let record = try storing(sessionID, unsent: nil) {
      try store.finishSession(id: sessionID, status: .interrupted, endedAt: now(), handleTimeSeconds: nil, result: nil)
    }
    return (record, nil)
  }

  /// How a note holding an unsent draft or hand-off begins.
  static let unsentMark = "[unsent] "

  /// Runs a store write for this session. If another console marked the session interrupted
  /// meanwhile (its lease ran out while the store was locked) and nobody resumed it, the console
  /// takes it back and writes; if another console resumed it, or the store stays locked, the
  /// trainee is told, with the line that was not stored.
  @discardableResult
  private func storing<T>(_ sessionID: Int64, unsent: String?, _ body: () throws -> T) throws -> T {
    do {
      return try body()
    } catch StoreError.sessionNotActive(let id, .interrupted) where id == sessionID {
      output.line(Style.dim(strings[.sessionTakenBack]))
      try store.reopen(sessionID: sessionID, pid: processID)
      return try body()
    } catch let error as StoreError {
      throw ConsoleError.notStored(sessionID: sessionID, reason: error.localizedDescription, unsent: unsent)
    }
  }

  enum CommandOutcome {
    case handled
    case quit
    case action(TraineeAction)
    /// Input ended in the middle of the command.
    case ended(unsent: String?)
  }

  private func command(_ text: String, state: ConversationState, engine: ConversationEngine, sessionID: Int64) throws -> CommandOutcome {
    let (name, rest) = SlashCommand.split(text)
    switch name {
    case "/help":
      output.line(Style.strong(strings[.helpTitle]))
      for key in [UIText.helpHelp, .helpBrief, .helpFacts, .helpHint, .helpEscalate, .helpTransfer, .helpNote, .helpEnd, .helpQuit] {
        output.line("  " + strings[key])
      }
      return .handled
    case "/brief":
      showBriefing(engine.scenario, again: true)
      return .handled
    case "/facts":
      if state.factsSeen.isEmpty { output.line(strings[.noFactsYet]) } else { showFacts(state.factsSeen) }
      return .handled
    case "/hint":
      guard settings.mode == .practice else {
        output.line(strings[.hintNotInAssessment])
        return .handled
      }
      let hint = hintText(state: state, engine: engine)
      try storing(sessionID, unsent: nil) {
        try store.recordHint(sessionID: sessionID, turn: state.turn, nodeID: state.nodeID, text: hint, at: now())
      }
      output.line(Style.accent("\(strings[.hintTitle]): ") + hint)
      return .handled
    case "/note":
      guard !rest.isEmpty else {
        output.line(strings[.noteEmpty])
        return .handled
      }
      try storing(sessionID, unsent: text) {
        try store.recordNote(sessionID: sessionID, turn: state.turn, text: rest, at: now())
      }
      output.line(Style.dim(strings[.noteSaved]))
      return .handled
    case "/escalate", "/transfer":
      let isEscalation = name == "/escalate"
      let kind: HandoffKind = isEscalation ? .escalate : .transfer
      let units = engine.scenario.organisation.units(kind)
      let known = units.map(\.id)
      if state.isWrappingUp {
        output.line(strings[.alreadyHandedOver])
        return .handled
      }
      var (target, note) = SlashCommand.splitTarget(rest)
      if target.isEmpty {
        showTargets(units, isEscalation: isEscalation)
        // Piped input is a script: the next line is the next turn, never the tier.
        guard input.isInteractive else {
          output.line(strings[isEscalation ? .escalateUsage : .transferUsage])
          return .handled
        }
        guard let answer = read(strings[isEscalation ? .askTier : .askTeam]) else { return .ended(unsent: nil) }
        target = answer.trimmingCharacters(in: .whitespaces).lowercased()
      }
      guard known.contains(target) else {
        output.line(strings.format(isEscalation ? .unknownTier : .unknownTeam, target, known.joined(separator: ", ")))
        if let close = Suggestion.closest(target, known) { output.line(strings.format(.didYouMean, close)) }
        return .handled
      }
      if note.isEmpty {
        // Input that ends before the note is written does not hand the case over.
        guard let typed = read(strings[.askHandoffNote]) else { return .ended(unsent: "\(name) \(target)") }
        note = typed.trimmingCharacters(in: .whitespaces)
      }
      return .action(isEscalation ? .escalate(to: target, note: note) : .transfer(to: target, note: note))
    case "/end", "/resolve":
      return .action(.end)
    case "/quit":
      let answer = read(strings[.confirmQuit])?.trimmingCharacters(in: .whitespaces).lowercased() ?? ""
      return ["y", "yes", "j", "ja"].contains(answer) ? .quit : .handled
    default:
      output.line(strings.format(.unknownCommand, name))
      if let close = Suggestion.closest(name, Self.commands) {
        output.line(strings.format(.didYouMean, close))
      }
      output.line(Style.dim(strings.format(.commandList, Self.commands.joined(separator: " "))))
      return .handled
    }
  }

  /// The tip of the first expected criterion not yet met here, else a nudge to move on.
  func hintText(state: ConversationState, engine: ConversationEngine) -> String {
    let scenario = engine.scenario
    guard let node = scenario.node(state.nodeID) else { return strings[.noHintLeft] }
    let met = engine.metCriteria(in: state)
    if state.isWrappingUp { return strings[.hintWrapUp] }
    if let criterion = node.expects.compactMap(scenario.rubric.criterion).first(where: { !met.contains($0.id) }) {
      return criterion.tip
    }
    return strings[.noHintLeft]
  }

  // MARK: - Output

  /// The briefing at the start of an attempt, and again on `/brief` (without the start hint).
  private func showBriefing(_ scenario: Scenario, again: Bool = false) {
    let mode = settings.mode == .practice ? strings[.modePractice] : strings[.modeAssessment]
    output.line(Style.strong(scenario.title) + Style.dim("  [\(strings.channelName(scenario.channel)) · \(mode)]"))
    output.line("\(Style.accent(strings[.briefing])): \(scenario.summary)")
    output.line("\(Style.accent(strings[.customerLabel])): \(scenario.persona.name) — \(scenario.persona.description)")
    if scenario.channel == .phone { output.line(Style.dim("📞 " + strings.format(.phoneCall, scenario.persona.name))) }
    if scenario.channel == .email { output.line(Style.dim(strings[.emailComposeHint])) }
    if !scenario.organisation.isDefault {
      output.line("\(Style.accent(strings[.organisationLabel])):")
      for unit in scenario.organisation.units {
        output.line("  /\(unit.kind.rawValue) \(unit.id) — \(neutralized(unit.description))")
      }
    }
    guard !again else { return }
    input.useTargets(
      tiers: scenario.organisation.units(.escalate).map(\.id), teams: scenario.organisation.units(.transfer).map(\.id))
    output.line(Style.dim(strings[.startHint]))
    output.line()
  }

  /// The tiers or teams of the scenario's organisation, one per line with who they are.
  private func showTargets(_ units: [OrganisationUnit], isEscalation: Bool) {
    output.line(Style.strong(strings[isEscalation ? .tiersTitle : .teamsTitle]))
    for unit in units {
      output.line("  " + Style.accent(unit.id) + (unit.description.isEmpty ? "" : " — " + neutralized(unit.description)))
    }
  }

  private func showFacts(_ facts: [Fact]) {
    output.line(Style.strong(strings[.factsTitle]))
    for fact in facts { output.line("  \(Style.accent(fact.source)): \(fact.text)") }
  }

  private func statusLine(state: ConversationState, scenario: Scenario, startedAt: Date) -> String {
    strings.format(
      .statusLine, strings.channelName(scenario.channel), ScorecardView.duration(now().timeIntervalSince(startedAt)),
      strings.moodName(state.mood))
  }

  private func render(_ events: [ConversationEvent], scenario: Scenario, showCoaching: Bool) {
    for event in events {
      switch event {
      case .customerSays(let text, _):
        output.pause(seconds: min(1.5, Double(text.count) * 0.02))
        switch scenario.channel {
        case .email:
          output.line(Style.dim("\(strings[.emailFrom]): \(scenario.persona.name)"))
          output.line(neutralized(text))
          output.line()
        case .phone:
          output.line(Style.customer("\(scenario.persona.name) 📞 ") + "“\(neutralized(text))”")
        case .chat:
          output.line(Style.customer("\(scenario.persona.name): ") + neutralized(text))
        }
      case .factsShown(let facts):
        showFacts(facts)
      case .wrapUpStarted:
        output.line(Style.dim(strings[.wrapUpNotice]))
      case .evidence(let id, let evidence) where showCoaching:
        output.line(Style.good(strings.format(.coachEvidence, scenario.rubric.criterion(id)?.name ?? id, evidence.words.joined(separator: " "))))
      case .forbiddenPhrase(let id, let evidence) where showCoaching:
        output.line(Style.bad(strings.format(.coachForbidden, scenario.rubric.criterion(id)?.name ?? id, evidence.words.joined(separator: " "))))
      default:
        continue
      }
    }
  }

  /// Stores the customer lines an engine step produced.
  private func record(_ events: [ConversationEvent], state: ConversationState, sessionID: Int64, scenario: Scenario) throws {
    for case .customerSays(let text, let nodeID) in events {
      try storing(sessionID, unsent: nil) {
        try store.appendTurn(
          sessionID: sessionID, speaker: .customer, nodeID: nodeID, turn: nil, text: text, action: nil, target: nil,
          at: now(), latency: nil)
      }
    }
  }

  static func timestamp(_ date: Date) -> String {
    let formatter = DateFormatter()
    formatter.dateFormat = "yyyy-MM-dd HH:mm"
    return formatter.string(from: date)
  }
}

/// Problems the console reports to the trainee.
public enum ConsoleError: LocalizedError {
  case scenarioGone(String)
  case sessionNotStored
  case notYourSession(id: Int64, owner: String, trainee: String)
  case versionGone(id: String, version: String)
  /// A write for the session failed; `unsent` is what the trainee typed that is not stored.
  case notStored(sessionID: Int64, reason: String, unsent: String?)

  public var errorDescription: String? {
    switch self {
    case .scenarioGone(let id): "scenario '\(id)' of this session is no longer in the library"
    case .sessionNotStored: "the store did not return an id for the new session"
    case .notYourSession(let id, let owner, let trainee):
      "session \(id) is \(owner)'s, not \(trainee)'s: only \(owner) can resume it; `dojo practice --resume --trainee \(trainee)` continues your own latest interrupted session"
    case .versionGone(let id, let version):
      "version \(version) of scenario '\(id)' that this session started on is not stored, and this store cannot record another; the session cannot be resumed"
    case .notStored(_, let reason, let unsent?):
      "\(reason). Your last line was NOT stored; copy it if you need it: \(unsent)"
    case .notStored(_, let reason, nil): reason
    }
  }
}
