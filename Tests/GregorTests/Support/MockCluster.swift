import GregorTestSupport
import Foundation
import Gregor
import Synchronization

/// A librdkafka mock cluster process (tools/mock-cluster) owned by one test, driven over pipes.
///
/// Brokers have ids 1…N on their own loopback ports. Commands are the binary's stdin protocol
/// (tools/mock-cluster/README.md): one line in, one `OK` / `OK <value>` / `ERR <reason>` line out.
/// Its stderr (librdkafka's log) is drained continuously and kept (the last 64 KiB) for error
/// messages. The process ends on `stop()`, when the object goes away, at test-process exit, or —
/// if the test process dies — when its stdin pipe closes.
final class MockCluster: Sendable, CustomStringConvertible {
    /// A topic created when the cluster starts.
    struct Topic: Sendable, Hashable {
        /// Topic name.
        var name: String
        /// Partition count.
        var partitions: Int
        /// Replicas per partition (1…broker count); `nil` for the binary's default.
        var replicationFactor: Int?

        /// A topic spec.
        init(_ name: String, partitions: Int, replicationFactor: Int? = nil) {
            self.name = name
            self.partitions = partitions
            self.replicationFactor = replicationFactor
        }

        fileprivate var argument: String {
            replicationFactor.map { "\(name):\(partitions):\($0)" } ?? "\(name):\(partitions)"
        }
    }

    /// One answer line.
    struct Answer: Sendable, Equatable, CustomStringConvertible {
        /// The line as received.
        let line: String
        /// True for `OK…`.
        var isOK: Bool { line == "OK" || line.hasPrefix("OK ") }
        /// The text after `OK ` or `ERR `, if any.
        var value: String? {
            guard let space = line.firstIndex(of: " ") else { return nil }
            return String(line[line.index(after: space)...])
        }
        var description: String { line }
    }

    /// The bootstrap list printed at start.
    let bootstrap: String
    /// Number of brokers (ids 1…brokerCount).
    let brokerCount: Int

    private let exit: ChildExit
    private let stdinHandle: FileHandle
    private let answers: LineReader
    private let log: OutputTail
    /// Serializes commands: answers are matched to commands by order.
    private let commandLock = Mutex(())
    private let stopped = Atomic<Bool>(false)

    private init(bootstrap: String, brokerCount: Int, exit: ChildExit, stdinHandle: FileHandle, answers: LineReader, log: OutputTail) {
        self.bootstrap = bootstrap
        self.brokerCount = brokerCount
        self.exit = exit
        self.stdinHandle = stdinHandle
        self.answers = answers
        self.log = log
    }

    deinit {
        if !stopped.load(ordering: .relaxed) {
            try? stdinHandle.close()  // end of input: the cluster exits cleanly
            if exit.wait(seconds: 2) == nil { kill(exit.pid, SIGKILL) }
            BrokerProcessRegistry.unregisterMockCluster(pid: exit.pid)
        }
    }

    /// This cluster as a `TestBroker`.
    var broker: TestBroker { TestBroker(kind: .mockCluster, bootstrap: bootstrap) }

    /// A client configuration for this cluster (see `TestBroker.configuration`).
    func configuration(clientId: String = "gregor-tests") throws -> KafkaClientConfiguration {
        try broker.configuration(clientId: clientId)
    }

    /// The cluster's stderr so far (librdkafka's log, the last 64 KiB).
    var logText: String { log.text }

    var description: String { "mock cluster (\(brokerCount) brokers) at \(bootstrap)" }

    // MARK: start

    /// Starts a cluster: builds the binary first if needed, waits for its bootstrap line and READY.
    static func start(brokers: Int, topics: [Topic], timeout: Duration = .seconds(15)) async throws -> MockCluster {
        try await MockClusterBinary.shared.ensureBuilt()
        var arguments = ["--brokers", String(brokers)]
        for topic in topics { arguments += ["--topic", topic.argument] }
        let launchArguments = arguments
        return try await runBlocking { try launch(arguments: launchArguments, brokers: brokers, timeout: timeout) }
    }

    private static func launch(arguments: [String], brokers: Int, timeout: Duration) throws -> MockCluster {
        let binary = RepositoryPaths.mockClusterBinary.path
        let child = try Spawn.launch(binary, arguments: arguments, stdin: .pipe, stdout: .pipe, stderr: .pipe)
        let exit = ChildExit(pid: child.pid)
        BrokerProcessRegistry.registerMockCluster(pid: child.pid)
        guard let stdinFD = child.stdin, let stdoutFD = child.stdout, let stderrFD = child.stderr else {
            throw TestSupportError("mock cluster: pipes missing")
        }
        let stdinHandle = FileHandle(fileDescriptor: stdinFD, closeOnDealloc: true)
        let log = OutputTail(limit: 64 << 10)
        log.drain(FileHandle(fileDescriptor: stderrFD, closeOnDealloc: true))
        let answers = LineReader(FileHandle(fileDescriptor: stdoutFD, closeOnDealloc: true))
        let command = "mock-cluster \(arguments.joined(separator: " "))"
        func failure(_ what: String) -> TestSupportError {
            try? stdinHandle.close()
            if exit.wait(seconds: 2) == nil {
                kill(child.pid, SIGKILL)
                exit.wait(seconds: 5)
            }
            BrokerProcessRegistry.unregisterMockCluster(pid: child.pid)
            if exit.current != nil { log.waitForEnd(seconds: 5) }
            let status = exit.current.map { $0.signaled ? "signal \($0.code)" : "exit status \($0.code)" } ?? "still running"
            return TestSupportError("\(command): \(what) (\(status))\n--- stderr ---\n\(log.text.suffixForReport(4000))")
        }
        let deadline = Date().addingTimeInterval(timeout.timeInterval)
        func missing(_ what: String) -> String {
            exit.wait(seconds: 0.5) == nil ? "no \(what) within \(timeout)" : "exited before printing \(what)"
        }
        guard let bootstrap = answers.nextLine(deadline: deadline), !bootstrap.isEmpty else {
            throw failure(missing("its bootstrap list"))
        }
        guard let ready = answers.nextLine(deadline: deadline) else { throw failure(missing("READY")) }
        guard ready == "READY" else { throw failure("expected READY, got '\(ready)'") }
        return MockCluster(
            bootstrap: bootstrap, brokerCount: brokers, exit: exit,
            stdinHandle: stdinHandle, answers: answers, log: log)
    }

    // MARK: commands

    /// Sends one command line and returns the answer (`OK…` or `ERR…`); throws only if the cluster
    /// does not answer within `timeout` or is gone.
    func send(_ command: String, timeout: Duration = .seconds(10)) async throws -> Answer {
        guard !command.contains("\n") else { throw TestSupportError("mock cluster: one command per line: \(command.debugDescription)") }
        return try await runBlocking { try self.sendBlocking(command, timeout: timeout) }
    }

    /// Sends a command that must succeed; returns the value after `OK `, throws on `ERR`.
    @discardableResult
    func run(_ command: String, timeout: Duration = .seconds(10)) async throws -> String? {
        let answer = try await send(command, timeout: timeout)
        guard answer.isOK else { throw TestSupportError("mock cluster: '\(command)' answered '\(answer.line)'") }
        return answer.value
    }

    /// `broker down ID`: closes the broker's connections and refuses new ones.
    func brokerDown(_ id: Int32) async throws { try await run("broker down \(id)") }
    /// `broker up ID`: accepts connections again.
    func brokerUp(_ id: Int32) async throws { try await run("broker up \(id)") }
    /// `leader TOPIC PARTITION ID`: moves a partition's leader.
    func setLeader(topic: String, partition: Int32, broker: Int32) async throws {
        try await run("leader \(topic) \(partition) \(broker)")
    }
    /// `rtt ID MS`: delays every response of a broker (-1: all brokers).
    func setRoundTripTime(broker: Int32, milliseconds: Int) async throws { try await run("rtt \(broker) \(milliseconds)") }
    /// `error APIKEY CODE COUNT`: fails the next `count` requests of an API on any broker.
    func pushErrors(apiKey: Int16, code: Int16, count: Int = 1) async throws { try await run("error \(apiKey) \(code) \(count)") }
    /// `create-topic NAME PARTITIONS REPLICATION`.
    func createTopic(_ name: String, partitions: Int, replicationFactor: Int = 1) async throws {
        try await run("create-topic \(name) \(partitions) \(replicationFactor)")
    }

    private func sendBlocking(_ command: String, timeout: Duration) throws -> Answer {
        try commandLock.withLock { _ in
            guard !stopped.load(ordering: .relaxed), exit.isRunning else {
                throw TestSupportError("mock cluster is not running; '\(command)' not sent\n--- stderr ---\n\(log.text.suffixForReport(4000))")
            }
            do {
                try stdinHandle.write(contentsOf: Data((command + "\n").utf8))
            } catch {
                throw TestSupportError("mock cluster: writing '\(command)' failed: \(error)\n--- stderr ---\n\(log.text.suffixForReport(4000))")
            }
            guard let line = answers.nextLine(deadline: Date().addingTimeInterval(timeout.timeInterval)) else {
                throw TestSupportError("mock cluster: no answer to '\(command)' within \(timeout)\n--- stderr ---\n\(log.text.suffixForReport(4000))")
            }
            return Answer(line: line)
        }
    }

    // MARK: stop

    /// Stops the cluster: `quit`, end of input, up to 5 s to exit, then SIGTERM and SIGKILL.
    /// Safe to call more than once.
    func stop() async {
        guard !stopped.exchange(true, ordering: .relaxed) else { return }
        await runBlocking {
            self.commandLock.withLock { _ in
                try? self.stdinHandle.write(contentsOf: Data("quit\n".utf8))
                try? self.stdinHandle.close()
            }
            if self.exit.wait(seconds: 5) == nil {
                kill(self.exit.pid, SIGTERM)
                if self.exit.wait(seconds: 2) == nil {
                    kill(self.exit.pid, SIGKILL)
                    self.exit.wait(seconds: 5)
                }
            }
            BrokerProcessRegistry.unregisterMockCluster(pid: self.exit.pid)
        }
    }

    /// The exit status once stopped (0 for a clean `quit`; -1 if a signal ended it), `nil` while running.
    var exitStatus: Int32? { exit.current.map { $0.signaled ? -1 : $0.code } }
}

/// Builds the mock cluster binary once per test process when it is missing or older than its source.
actor MockClusterBinary {
    /// The process-wide instance.
    static let shared = MockClusterBinary()
    private var checked = false

    /// Runs `scripts/mock-cluster.sh build` if the binary is missing or stale.
    func ensureBuilt() async throws {
        if checked { return }
        if Self.isStale() {
            let result = try await ChildProcess.run(
                URL(fileURLWithPath: "/bin/bash"), arguments: [RepositoryPaths.script("mock-cluster.sh").path, "build"],
                timeout: .seconds(300))
            guard result.succeeded else { throw TestSupportError("scripts/mock-cluster.sh build failed: \(result.summary())") }
        }
        checked = true
    }

    private static func isStale() -> Bool {
        let files = FileManager.default
        guard files.isExecutableFile(atPath: RepositoryPaths.mockClusterBinary.path),
              let built = (try? files.attributesOfItem(atPath: RepositoryPaths.mockClusterBinary.path))?[.modificationDate] as? Date,
              let source = (try? files.attributesOfItem(atPath: RepositoryPaths.mockClusterSource.path))?[.modificationDate] as? Date
        else { return true }
        return source > built
    }
}
