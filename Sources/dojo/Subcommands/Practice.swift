import ArgumentParser
import DojoConsole
import DojoCore
import DojoStore
import Foundation

/// The XDG state directory, for the readline history and the remembered trainee name.
enum StateDirectory {
  static var path: String {
    let environment = ProcessInfo.processInfo.environment
    // Relative or empty values are ignored, as the XDG specification asks (and as the store does).
    let base = environment["XDG_STATE_HOME"].flatMap { $0.hasPrefix("/") ? $0 : nil }
      ?? (NSHomeDirectory() as NSString).appendingPathComponent(".local/state")
    return (base as NSString).appendingPathComponent("supportdojo")
  }

  static var historyFile: String { (path as NSString).appendingPathComponent("history") }

  /// Trainee names, remembered per store and per OS user (the old single `trainee` file is no
  /// longer read: it does not say which store its name belongs to).
  static var trainees: TraineeMemory { TraineeMemory(file: (path as NSString).appendingPathComponent("trainees.json")) }

  /// The name last used with the store at `storePath`, if any.
  static func rememberedTrainee(store storePath: String) -> String? {
    trainees.name(forStore: storePath)
  }

  static func remember(trainee: String, store storePath: String) {
    trainees.remember(trainee, forStore: storePath)
  }
}

extension String {
  var nilIfEmpty: String? { isEmpty ? nil : self }
}

extension Dojo {
  /// The console: a trainee talks with a scripted customer; every turn is stored as it happens.
  struct Practice: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "practice",
      abstract: "Practise a scenario in the console (the default command).",
      discussion: """
        Type replies as you would to a real customer. Commands: /help, /facts, /hint, \
        /escalate TIER, /transfer TEAM, /note TEXT, /end, /quit. When stdin is not a terminal, \
        lines are read plainly, so a session can be piped in.
        """)

    @Option(
      help: "Who is training (default: the name last used with this store; else asked, or $USER when piped).",
      completion: Completions.trainees)
    var trainee: String?

    @Option(help: "Go straight to this role's scenarios.")
    var role: Role?

    @Option(help: "Go straight to this scenario (id or path).", completion: Completions.scenarioIDsOrPaths)
    var scenario: String?

    @Flag(help: "Assessment mode: no hints, no feedback until the end.")
    var assessment = false

    @Option(help: "Assessment phase.")
    var phase: SessionPhase?

    @Option(help: "Cohort this attempt belongs to.", completion: Completions.cohorts)
    var cohort: String?

    @Flag(help: "Practice mode: show which criteria each reply earned.")
    var coach = false

    @Option(help: "Seed for the customer's line variants (default: random).")
    var seed: UInt64?

    @Flag(name: .customLong("no-delay"), help: "Show customer lines at once, without a typing delay.")
    var noDelay = false

    @Flag(help: "Continue one of your interrupted sessions (the latest one, or SESSION).")
    var resume = false

    @Argument(help: "With --resume: the session id to continue.")
    var session: Int64?

    @Option(name: .customLong("ui-language"), help: "Language of the console; default from LANG, else the first scenario's.")
    var uiLanguage: Language?

    @Flag(name: .customLong("no-color"), help: "No colours.")
    var noColor = false

    @OptionGroup var source: ScenarioOptions
    @OptionGroup var storeOptions: StoreOptions

    func validate() throws {
      if session != nil && !resume { throw ValidationError("a session id is only taken with --resume") }
      if phase != nil && !assessment { throw ValidationError("--phase goes with --assessment") }
      if assessment && coach { throw ValidationError("--coach is for practice mode; assessments give feedback only at the end") }
    }

    func run() throws {
      Style.configure(forceOff: noColor)
      let interactive = isatty(STDIN_FILENO) == 1
      // A named scenario outside an assessment starts without parsing the whole library.
      let quickStart = scenario != nil && !resume && !assessment && cohort == nil
      let oneScenario = quickStart ? try scenario.flatMap { try source.libraryOfOne($0) } : nil
      // Without one, the menu is read from the catalog cache, and only the scenario chosen is parsed.
      let menuStart = scenario == nil && !resume && !assessment && cohort == nil
      let catalog = menuStart ? try source.cleanCatalog() : nil
      let library = try oneScenario ?? (catalog != nil ? ScenarioLibrary.load(paths: [], lint: false) : source.loadLibrary())
      let store = try storeOptions.open()
      try store.markInterrupted()
      let input: LineInput = interactive
        ? ReadlineInput(
          historyPath: StateDirectory.historyFile, commands: PracticeConsole.commands,
          tiers: Targets.escalationTiers, teams: Targets.transferTeams)
        : PlainLineInput()
      let output = StandardOutput(typingDelay: interactive && !noDelay)
      // An id is looked up in the library already loaded; a path is read on its own.
      let chosen = try scenario.map { id in try library.scenario(id) ?? source.scenario(id).0 }
      // One UI language for the whole run, chosen before anything is shown: --ui-language, else
      // LANG and friends, else the first scenario's (the one named, the session resumed, or the
      // library's when all its scenarios share one), else English. Scenarios played later in the
      // run do not change it.
      let strings = UIStrings.resolve(explicit: uiLanguage, fallback: firstLanguage(chosen: chosen, menu: catalog, library: library, store: store))
      let settings = PracticeSettings(
        mode: assessment ? .assessment : .practice, coach: coach, phase: phase, cohort: cohort, seed: seed)
      let console = PracticeConsole(library: library, store: store, input: input, output: output, strings: strings, settings: settings)
      if let catalog { useCatalog(catalog, in: console) }
      SQLiteStore.reportWaits { [strings] wait in
        switch wait {
        case .waiting(_, let seconds): Terminal.warning(strings.format(.storeWaiting, String(seconds)))
        case .unreachable(_, let seconds): Terminal.warning(strings.format(.storeUnreachable, String(seconds)))
        case .done(_, let seconds): Terminal.warning(strings.format(.storeDone, String(seconds)))
        }
      }

      let storePath = store.location
      let name = try traineeName(input: input, strings: strings, storePath: storePath)
      StateDirectory.remember(trainee: name, store: storePath)

      if !resume, let planned = try plannedScenarios(store: store, library: library, trainee: name) {
        // An assessment's plan is known only once the trainee is: when nothing else chose the
        // language, its first scenario does, for the whole assessment.
        if uiLanguage == nil, chosen == nil, UIStrings.environmentLanguage() == nil, let first = planned.first {
          console.strings = .forLanguage(first.language)
        }
        for scenario in planned {
          guard try console.play(scenario, trainee: name).1 != nil else { return }
        }
        return
      }

      if resume {
        let target: Int64
        if let session {
          target = session
        } else {
          guard let latest = try store.resumableSessions(traineeName: name).first, let id = latest.id else {
            output.line(strings[.nothingToResume])
            throw ExitCode(1)
          }
          target = id
        }
        let record = try reviewing { try store.session(id: target) }
        // Only your own session: naming another trainee's id is refused before anything changes.
        try reviewing { try PracticeConsole.checkOwner(store: store, session: record, trainee: name) }
        guard record.status == .interrupted || record.status == .active else {
          Terminal.error("session \(target) is \(record.status.rawValue), not interrupted; only interrupted sessions can be resumed")
          throw ExitCode(1)
        }
        let (_, result) = try console.resume(sessionID: target, trainee: name)
        if result == nil { return }
        if console.askAfterAttempt() == .quit { return }
      }

      var next = chosen
      while true {
        guard let scenario = try next ?? console.chooseScenario(trainee: name, role: role) else { return }
        let (_, result) = try console.play(scenario, trainee: name)
        guard result != nil else { return }
        switch console.askAfterAttempt() {
        case .retry: next = scenario
        case .next:
          next = nil
          if oneScenario != nil, console.menu == nil, console.library.scenarios.count == 1 {
            if let catalog = try source.cleanCatalog() {
              useCatalog(catalog, in: console)
            } else {
              console.library = try source.loadLibrary()
            }
          }
        case .quit: return
        }
      }
    }

    /// Lets the console's menu list the catalog and read only the file chosen.
    private func useCatalog(_ entries: [CatalogEntry], in console: PracticeConsole) {
      console.menu = entries
      console.loadEntry = { [source] entry in try source.libraryOfFile(entry.path) }
    }

    /// The language of the first scenario this run shows: the one named, the session named with
    /// `--resume`, else the library's when all its scenarios are in one language.
    private func firstLanguage(chosen: Scenario?, menu: [CatalogEntry]?, library: ScenarioLibrary, store: any SessionStore) -> Language {
      if let chosen { return chosen.language }
      if let menu {
        let languages = Set(menu.map(\.language))
        return languages.count == 1 ? languages.first ?? .en : .en
      }
      if resume, let session, let record = try? store.session(id: session), let language = Language(rawValue: record.language) {
        return language
      }
      let languages = Set(library.scenarios.map(\.language))
      return languages.count == 1 ? languages.first ?? .en : .en
    }

    /// --trainee, else the name last used with this store (offered at the prompt), else asked
    /// for without a default: a name remembered for another store, or by another OS user, is
    /// never offered. Piped input cannot be asked, so it falls back to $USER.
    private func traineeName(input: LineInput, strings: UIStrings, storePath: String) throws -> String {
      if let trainee, !trainee.trimmingCharacters(in: .whitespaces).isEmpty { return trainee.trimmingCharacters(in: .whitespaces) }
      let remembered = StateDirectory.rememberedTrainee(store: storePath)
      guard input.isInteractive else {
        return remembered ?? ProcessInfo.processInfo.environment["USER"]?.nilIfEmpty ?? "trainee"
      }
      if let remembered {
        let answer = input.readLine(prompt: strings.format(.whoIsTraining, remembered))?.trimmingCharacters(in: .whitespaces) ?? ""
        return answer.isEmpty ? remembered : answer
      }
      // The same question without the bracketed default.
      let prompt = strings[.whoIsTraining].replacingOccurrences(of: " [{1}]", with: "")
      while true {
        guard let answer = input.readLine(prompt: prompt)?.trimmingCharacters(in: .whitespaces) else { throw ExitCode.success }
        if !answer.isEmpty { return answer }
      }
    }
  }
}

extension SessionPhase: ExpressibleByArgument {}
