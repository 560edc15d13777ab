import Gregor
import GregorProtocol
import Logging
import Synchronization

/// Replays Kafka topics in strict timestamp order across all partitions as columnar batches, then
/// follows them live (DESIGN.md, "Stream"). The native counterpart of kafkars' `ConsumerManager`.
///
/// ```swift
/// var configuration = StreamConfiguration(topics: [.earliest("events")])
/// configuration.bounded = true                      // a dump: ends after the replay range
/// let stream = try await KafkaStream.start(configuration: configuration, client: client)
/// for try await batch in stream.batches() {
///     print(batch.count, stream.isLive)
/// }
/// await stream.close()
/// ```
///
/// No consumer group, no offset commits: where to start is the topics' start policies. Transient
/// broker errors are retried inside (with backoff, logged); a non-retriable one is thrown by the
/// next `poll`.
public final class KafkaStream: Sendable {
    /// What the stream reads.
    public let configuration: StreamConfiguration
    /// The connection settings.
    public let client: KafkaClientConfiguration
    let logger: Logger
    let shared: Mutex<StreamShared>
    let io = Mutex(StreamIO())

    /// A stream over `configuration`; nothing is fetched before `start()`. Throws
    /// `.invalidConfiguration` for invalid settings (the message names the setting and topic).
    public init(configuration: StreamConfiguration, client: KafkaClientConfiguration, logger: Logger = Logger(label: "gregor.stream")) throws {
        try configuration.validate()
        try client.validate()
        self.configuration = configuration
        self.client = client
        self.logger = logger
        self.shared = Mutex(StreamShared())
    }

    /// A started stream (`init` then `start()`).
    public static func start(
        configuration: StreamConfiguration, client: KafkaClientConfiguration, logger: Logger = Logger(label: "gregor.stream")
    ) async throws -> KafkaStream {
        let stream = try KafkaStream(configuration: configuration, client: client, logger: logger)
        try await stream.start()
        return stream
    }

    deinit {
        // A stream dropped without close(): stop fetching and close the connections.
        let io = self.io.withLock { $0 }
        guard io.engine != nil || io.cluster != nil else { return }
        Task {
            await io.engine?.stop()
            await io.admin?.shutdown()
            await io.cluster?.shutdown()
        }
    }

    // MARK: - State

    /// Whether every partition's replay is over (records now arrive live).
    public var isLive: Bool { shared.withLock { $0.core?.isLive ?? false } }

    /// Each partition's state, in (topic, partition) order; empty before `start()`.
    public var partitionStates: [StreamPartitionState] { shared.withLock { $0.core?.partitionStates ?? [] } }

    /// Records received and not yet returned by `poll`.
    public var heldCount: Int { shared.withLock { $0.core?.heldCount ?? 0 } }

    /// Partitions currently left out of Fetch requests (over their share of the memory budget).
    public var pausedCount: Int { shared.withLock { $0.core?.paused.count ?? 0 } }

    /// The timestamp (ms since the epoch) of the latest record released so far, if any.
    public var watermark: Int64? { shared.withLock { $0.core?.merge.watermark } }

    /// How far the replay has come.
    public var progress: StreamProgress? { shared.withLock { $0.core?.replayProgress } }

    /// The error that stopped the stream, if one did.
    public var failure: KafkaError? { shared.withLock { $0.failure } }
}

/// What the stream's lock guards: the core, the lifecycle, the waiting polls.
struct StreamShared: ~Copyable {
    enum Status { case unstarted, starting, running, closed }
    var status = Status.unstarted
    var core: StreamCore?
    var failure: KafkaError?
    /// Bumped whenever something a waiting poll may care about happened.
    var signal: UInt64 = 0
    var waiters: [UInt64: CheckedContinuation<Void, Never>] = [:]
    var nextWaiter: UInt64 = 0
    /// Polls inside `waitForSignal`, and those of them woken (by their timer or cancellation)
    /// before they started waiting.
    var activeWaiters: Set<UInt64> = []
    var expiredWaiters: Set<UInt64> = []

    /// Wakes every waiting poll.
    mutating func wakeAll() -> [CheckedContinuation<Void, Never>] {
        signal &+= 1
        defer { waiters.removeAll() }
        return Array(waiters.values)
    }
}

/// The stream's connections and tasks.
struct StreamIO {
    var cluster: KafkaCluster?
    var admin: KafkaAdmin?
    var engine: FetchEngine?
    var task: Task<Void, Never>?
}
