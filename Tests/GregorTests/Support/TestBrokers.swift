import Foundation

/// Entry point for integration tests that need a broker.
///
/// - `tansu()`: the one Tansu broker of this test process (started on first use, stopped at process
///   exit), or the cluster in `GREGOR_TEST_BOOTSTRAP` when that is set. Tests share it, so each test
///   uses its own topics (`uniqueTopicName`).
/// - `mockCluster(brokers:topics:)`: a new librdkafka mock cluster process for one test, with fault
///   injection (`broker down 2`, `leader t 0 3`, …). Always the mock, even with `GREGOR_TEST_BOOTSTRAP`,
///   because faults need it. Prefer `withMockCluster`, which stops it whatever happens.
enum TestBrokers {
    /// The environment variable naming an external cluster to use instead of Tansu.
    static let externalBootstrapVariable = "GREGOR_TEST_BOOTSTRAP"

    /// The external bootstrap list, if `GREGOR_TEST_BOOTSTRAP` is set and not empty.
    static var externalBootstrap: String? { externalBootstrap(in: ProcessInfo.processInfo.environment) }

    /// The external bootstrap list named by `environment`, if any.
    static func externalBootstrap(in environment: [String: String]) -> String? {
        guard let value = environment[externalBootstrapVariable]?.trimmingCharacters(in: .whitespacesAndNewlines),
              !value.isEmpty
        else { return nil }
        return value
    }

    /// The shared broker: `GREGOR_TEST_BOOTSTRAP` if set, else this process's Tansu (started lazily
    /// by `scripts/tansu.sh` in a private state directory, stopped when the process exits).
    static func tansu() async throws -> TestBroker {
        if let external = externalBootstrap {
            return TestBroker(kind: .external, bootstrap: external)
        }
        return try await SharedTansu.instance.broker()
    }

    /// Starts a new mock cluster with `brokers` brokers (ids 1…N) and `topics` created at start.
    /// The caller must `stop()` it; `withMockCluster` does that for you.
    static func mockCluster(brokers: Int = 3, topics: [MockCluster.Topic] = []) async throws -> MockCluster {
        try await MockCluster.start(brokers: brokers, topics: topics)
    }

    /// Runs `body` with a new mock cluster and stops the cluster afterwards, also when `body` throws.
    static func withMockCluster<Result: Sendable>(
        brokers: Int = 3,
        topics: [MockCluster.Topic] = [],
        _ body: (MockCluster) async throws -> Result
    ) async throws -> Result {
        let cluster = try await mockCluster(brokers: brokers, topics: topics)
        do {
            let result = try await body(cluster)
            await cluster.stop()
            return result
        } catch {
            await cluster.stop()
            throw error
        }
    }

    /// A topic name no other test (or earlier run against the same external cluster) uses:
    /// `gregor-<label>-<12 hex digits>`. Only Kafka's legal characters `[a-zA-Z0-9._-]`.
    static func uniqueTopicName(_ label: String = "test") -> String {
        let cleaned = String(label.map { $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) ? $0 : "-" }.prefix(100))
        let suffix = UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(12).lowercased()
        return "gregor-\(cleaned)-\(suffix)"
    }
}
