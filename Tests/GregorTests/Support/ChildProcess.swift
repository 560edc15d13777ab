import GregorTestSupport
import Foundation
import Synchronization

/// The outcome of a finished child process.
struct ChildProcessResult: Sendable {
    /// Exit status (or the signal number when `terminatedBySignal`).
    let status: Int32
    /// True if the process was ended by a signal (for example after a timeout).
    let terminatedBySignal: Bool
    /// Everything the process wrote to stdout.
    let standardOutput: Data
    /// Everything the process wrote to stderr.
    let standardError: Data

    /// stdout as text (invalid UTF-8 repaired).
    var outputText: String { String(decoding: standardOutput, as: UTF8.self) }
    /// stderr as text (invalid UTF-8 repaired).
    var errorText: String { String(decoding: standardError, as: UTF8.self) }
    /// True for a normal exit with status 0.
    var succeeded: Bool { !terminatedBySignal && status == 0 }

    /// A one-paragraph summary for error messages: status, stderr and stdout.
    func summary(limit: Int = 4000) -> String {
        let how = terminatedBySignal ? "killed by signal \(status)" : "exit status \(status)"
        return "\(how)\n--- stderr ---\n\(errorText.suffixForReport(limit))\n--- stdout ---\n\(outputText.suffixForReport(limit))"
    }
}

/// Runs a command to completion off the cooperative thread pool, feeding stdin and collecting
/// stdout/stderr concurrently (so a chatty child cannot block on a full pipe).
enum ChildProcess {
    /// Runs `executable` with `arguments`; the process is terminated after `timeout`.
    static func run(
        _ executable: URL,
        arguments: [String],
        environment: [String: String] = [:],
        input: Data? = nil,
        timeout: Duration = .seconds(120)
    ) async throws -> ChildProcessResult {
        try await GregorTestSupport.runBlocking {
            try runToCompletion(executable, arguments: arguments, environment: environment, input: input, timeout: timeout)
        }
    }

    private static func runToCompletion(
        _ executable: URL,
        arguments: [String],
        environment: [String: String],
        input: Data?,
        timeout: Duration
    ) throws -> ChildProcessResult {
        let child = try Spawn.launch(
            executable.path, arguments: arguments, environment: environment,
            stdin: input == nil ? .null : .pipe, stdout: .pipe, stderr: .pipe)
        let exit = ChildExit(pid: child.pid)
        let group = DispatchGroup()
        let collected = Mutex<(out: Data, err: Data)>((Data(), Data()))
        if let fd = child.stdout {
            DispatchQueue.global().async(group: group) {
                let data = FileHandle(fileDescriptor: fd, closeOnDealloc: true).readDataToEndOfFile()
                collected.withLock { $0.out = data }
            }
        }
        if let fd = child.stderr {
            DispatchQueue.global().async(group: group) {
                let data = FileHandle(fileDescriptor: fd, closeOnDealloc: true).readDataToEndOfFile()
                collected.withLock { $0.err = data }
            }
        }
        if let fd = child.stdin, let input {
            DispatchQueue.global().async(group: group) {
                let handle = FileHandle(fileDescriptor: fd, closeOnDealloc: true)
                try? handle.write(contentsOf: input)
                try? handle.close()
            }
        }
        var status = exit.wait(seconds: timeout.timeInterval)
        let timedOut = status == nil
        if timedOut {
            kill(child.pid, SIGTERM)
            status = exit.wait(seconds: 2)
            if status == nil {
                kill(child.pid, SIGKILL)
                status = exit.wait(seconds: 5)
            }
        }
        // Output pipes end when the child and anything it left running with them have closed them.
        _ = group.wait(timeout: .now() + 5)
        let (out, err) = collected.withLock { ($0.out, $0.err) }
        let result = ChildProcessResult(
            status: status?.code ?? -1,
            terminatedBySignal: status?.signaled ?? false,
            standardOutput: out,
            standardError: err)
        if timedOut {
            throw TestSupportError("\(executable.lastPathComponent) \(arguments.joined(separator: " ")) timed out after \(timeout)\n\(result.summary())")
        }
        return result
    }
}

extension Duration {
    /// The duration in seconds as a `TimeInterval`.
    var timeInterval: TimeInterval {
        let (seconds, attoseconds) = components
        return TimeInterval(seconds) + TimeInterval(attoseconds) / 1e18
    }
}

extension String {
    /// The last `limit` characters, marked when cut, for error reports.
    func suffixForReport(_ limit: Int) -> String {
        count <= limit ? self : "…" + String(suffix(limit))
    }
}
