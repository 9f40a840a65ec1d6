import Foundation

/// The plain (not `-sanitize=fuzzer`) build of a fuzz target: runs each file, or each file in
/// each folder, named on the command line through the target's function, so `make test` can
/// replay a corpus without libFuzzer. Exits 1 for a path that does not exist.
public enum CorpusReplay {
  public static func run(tool: String, arguments: [String] = Array(CommandLine.arguments.dropFirst()), _ target: (Data) -> Void) throws {
    var runs = 0
    for argument in arguments {
      var isFolder: ObjCBool = false
      guard FileManager.default.fileExists(atPath: argument, isDirectory: &isFolder) else {
        FileHandle.standardError.write(Data("\(tool): no such file or folder: \(argument)\n".utf8))
        exit(1)
      }
      let files = isFolder.boolValue
        ? try FileManager.default.contentsOfDirectory(atPath: argument).sorted().map { argument + "/" + $0 }
        : [argument]
      for file in files {
        guard let data = FileManager.default.contents(atPath: file) else { continue }
        target(data)
        runs += 1
      }
    }
    print("\(tool): \(runs) input(s) ran clean")
  }
}
