import Foundation
import Glibc

/// Runs `git` for `dojo scenarios diff --since`: posix_spawn, stdout read from a pipe, stderr
/// into a temporary file (so a chatty stderr can never block the child), waitpid on its pid.
enum Git {
  struct Failure: Error, CustomStringConvertible {
    var description: String
  }

  /// git's stdout; throws with git's own message when it exits non-zero.
  static func run(_ arguments: [String], in directory: String) throws -> Data {
    let errorPath = FileManager.default.temporaryDirectory.appendingPathComponent("dojo-git-\(UUID().uuidString)").path
    defer { unlink(errorPath) }
    var pipeEnds: [Int32] = [0, 0]
    guard pipe(&pipeEnds) == 0 else { throw Failure(description: "cannot create a pipe for git") }
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    posix_spawn_file_actions_adddup2(&actions, pipeEnds[1], 1)
    posix_spawn_file_actions_addopen(&actions, 2, errorPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    posix_spawn_file_actions_addclose(&actions, pipeEnds[0])
    posix_spawn_file_actions_addclose(&actions, pipeEnds[1])
    let argv = (["git", "-C", directory] + arguments).map { strdup($0) } + [nil]
    defer { for pointer in argv { free(pointer) } }
    var environment = ProcessInfo.processInfo.environment
    environment["LC_ALL"] = "C"
    let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
    defer { for pointer in envp { free(pointer) } }
    var pid: pid_t = 0
    let spawned = posix_spawnp(&pid, "git", &actions, nil, argv, envp)
    close(pipeEnds[1])
    guard spawned == 0 else {
      close(pipeEnds[0])
      throw Failure(description: "cannot run git (\(String(cString: strerror(spawned)))); is git installed?")
    }
    let output = FileHandle(fileDescriptor: pipeEnds[0], closeOnDealloc: true).readDataToEndOfFile()
    var status: Int32 = 0
    while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
    let exited = (status & 0x7f) == 0
    let code = (status >> 8) & 0xff
    guard exited && code == 0 else {
      let message = (try? String(contentsOfFile: errorPath, encoding: .utf8))?
        .trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
      throw Failure(description: message.isEmpty ? "git \(arguments.first ?? "") failed with status \(code)" : message)
    }
    return output
  }
}
