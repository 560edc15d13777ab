import Foundation
import Synchronization

/// The one Tansu broker of this test process.
///
/// Started on first use through `scripts/tansu.sh start` with a private `TANSU_STATE_DIR`, so
/// several test processes (or a broker started by hand) never share one. Stopped at process exit by
/// an `atexit` handler; if the process dies without running it (a crash, SIGKILL), a reaper process
/// started next to the broker stops it once this process is gone.
actor SharedTansu {
    /// The process-wide instance.
    static let instance = SharedTansu()

    private var starting: Task<TestBroker, any Error>?

    /// The running broker, started on the first call. A failed start is retried by the next call.
    func broker() async throws -> TestBroker {
        if let starting {
            return try await starting.value
        }
        let task = Task { try await Self.start() }
        starting = task
        do {
            return try await task.value
        } catch {
            starting = nil
            throw error
        }
    }

    /// Where broker state directories go: `GREGOR_TEST_STATE_DIR` (scripts/test.sh sets it, to stop
    /// whatever a crashed test process left running), else the temporary directory.
    private static var stateRoot: URL {
        if let root = ProcessInfo.processInfo.environment["GREGOR_TEST_STATE_DIR"], !root.isEmpty {
            return URL(fileURLWithPath: root)
        }
        return FileManager.default.temporaryDirectory.appendingPathComponent("gregor-test-brokers")
    }

    private static func start() async throws -> TestBroker {
        let stateDirectory = stateRoot.appendingPathComponent("tansu-\(getpid())-\(UUID().uuidString.prefix(8))")
        let script = RepositoryPaths.script("tansu.sh")
        let result = try await ChildProcess.run(
            URL(fileURLWithPath: "/bin/bash"),
            arguments: [script.path, "start"],
            environment: ["TANSU_STATE_DIR": stateDirectory.path],
            timeout: .seconds(300))  // the first run may create the venv
        guard result.succeeded else {
            throw TestSupportError("scripts/tansu.sh start failed (state \(stateDirectory.path)): \(result.summary())")
        }
        let bootstrap = result.outputText.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !bootstrap.isEmpty, !bootstrap.contains("\n") else {
            throw TestSupportError("scripts/tansu.sh start printed no single address: \(result.summary())")
        }
        BrokerProcessRegistry.registerTansu(stateDirectory: stateDirectory.path)
        startReaper(stateDirectory: stateDirectory.path, script: script.path)
        return TestBroker(kind: .tansu, bootstrap: bootstrap)
    }

    /// Starts a detached watcher (own session, so Ctrl-C of the test run does not kill it first)
    /// that stops the broker and removes its state once this process has exited.
    private static func startReaper(stateDirectory: String, script: String) {
        let watcher = """
            while kill -0 "$1" 2>/dev/null; do sleep 1; done
            TANSU_STATE_DIR="$2" bash "$3" stop
            rm -rf "$2"
            """
        // Without a reaper the atexit handler still stops the broker on a normal exit.
        guard let reaper = try? Spawn.launch(
            "/usr/bin/setsid",
            arguments: ["/bin/bash", "-c", watcher, "gregor-tansu-reaper", String(getpid()), stateDirectory, script],
            stdin: .null, stdout: .null, stderr: .null)
        else { return }
        _ = ChildExit(pid: reaper.pid)  // reaps setsid (it exits at once if it forked)
    }
}

/// Broker processes this test process started, stopped by an `atexit` handler when it exits.
enum BrokerProcessRegistry {
    private struct State {
        var tansuStateDirectories: [String] = []
        var mockClusterPids: Set<Int32> = []
        var handlerInstalled = false
    }

    private static let state = Mutex(State())

    /// Remembers a Tansu state directory (its `pid` file names the broker).
    static func registerTansu(stateDirectory: String) {
        state.withLock { $0.tansuStateDirectories.append(stateDirectory) }
        installHandler()
    }

    /// Remembers a running mock cluster process.
    static func registerMockCluster(pid: Int32) {
        state.withLock { _ = $0.mockClusterPids.insert(pid) }
        installHandler()
    }

    /// Forgets a mock cluster that was stopped.
    static func unregisterMockCluster(pid: Int32) {
        state.withLock { _ = $0.mockClusterPids.remove(pid) }
    }

    private static func installHandler() {
        let install = state.withLock { state -> Bool in
            defer { state.handlerInstalled = true }
            return !state.handlerInstalled
        }
        if install {
            atexit { BrokerProcessRegistry.stopAll() }
        }
    }

    /// Stops everything registered: SIGTERM, up to 2 s to exit, then SIGKILL. Runs at exit, so it
    /// uses plain system calls rather than Foundation's Process.
    static func stopAll() {
        let (directories, mockPids) = state.withLock { state in
            defer {
                state.tansuStateDirectories = []
                state.mockClusterPids = []
            }
            return (state.tansuStateDirectories, state.mockClusterPids)
        }
        var pids = Array(mockPids)
        for directory in directories {
            if let text = try? String(contentsOfFile: directory + "/pid", encoding: .utf8),
               let pid = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines)), pid > 0 {
                pids.append(pid)
            }
        }
        for pid in pids { kill(pid, SIGTERM) }
        let deadline = Date().addingTimeInterval(2)
        while pids.contains(where: isRunning), Date() < deadline {
            usleep(20_000)
        }
        for pid in pids where isRunning(pid) { kill(pid, SIGKILL) }
        for directory in directories {
            try? FileManager.default.removeItem(atPath: directory)
        }
    }

    /// True if `pid` exists and is not a zombie (a zombie has exited; only its parent can reap it).
    static func isRunning(_ pid: Int32) -> Bool {
        guard kill(pid, 0) == 0 else { return false }
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")")
        else { return true }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        return fields.first != "Z"
    }
}
