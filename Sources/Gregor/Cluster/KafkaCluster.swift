import Logging
import NIOCore
import NIOPosix

/// The client's view of a Kafka cluster: bootstrap, the metadata cache, and one connection per
/// (broker, purpose) — more data connections to a broker only when asked for by lane.
///
/// Metadata is refreshed when it is older than `metadataMaxAge`, after `invalidateMetadata`, and
/// after a connection to a broker closes. A broker that cannot be reached is dialled again only
/// after `reconnectBackoff` (exponential, with jitter). Every method throws `KafkaError` only;
/// after `shutdown()` they throw `.shutDown`.
public actor KafkaCluster {
    /// The client configuration.
    public nonisolated let configuration: KafkaClientConfiguration
    /// The event loops connections run on.
    public nonisolated let eventLoopGroup: any EventLoopGroup
    /// The logger (with `kafka.client_id` metadata).
    public nonisolated let logger: Logger

    struct ConnectionKey: Hashable, Sendable {
        var node: Int32
        var purpose: ConnectionPurpose
        /// 0 for the purpose's connection; others are extra connections of the same purpose.
        var lane = 0
    }

    var cache = MetadataCache()
    var connections: [ConnectionKey: KafkaConnection] = [:]
    var pendingConnects: [ConnectionKey: Task<KafkaConnection, any Error>] = [:]
    /// Metadata requests under way, by requested topic set (`nil`: all); concurrent callers share one.
    var pendingMetadata: [Set<String>?: Task<ClusterMetadata, any Error>] = [:]
    var bootstrapConnection: KafkaConnection?
    var backoff: ReconnectBackoff<String>
    var isShutDown = false
    var shutdownWaiters: [CheckedContinuation<Void, Never>] = []

    /// A cluster client for `configuration`. No connection is opened until the first request.
    public init(
        configuration: KafkaClientConfiguration,
        eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        logger: Logger = Logger(label: "gregor")
    ) {
        var logger = logger
        logger[metadataKey: "kafka.client_id"] = "\(configuration.clientId)"
        self.configuration = configuration
        self.eventLoopGroup = eventLoopGroup
        self.logger = logger
        self.backoff = ReconnectBackoff(policy: configuration.reconnectBackoff)
    }

    /// Cluster metadata covering `topics` (`nil`: all topics), from the cache when it is fresh and
    /// covers them, else from a Metadata request. Topics are never auto-created by this request.
    public func metadata(topics: [String]?, refresh: Bool = false) async throws -> ClusterMetadata {
        try checkNotShutDown()
        let now = ContinuousClock.now
        if !refresh, let cached = cache.answer(for: topics, now: now, maxAge: configuration.metadataMaxAge) {
            return cached
        }
        let key = topics.map(Set.init)
        if let pending = pendingMetadata[key] { return try await Self.value(of: pending) }
        let task = Task { () async throws -> ClusterMetadata in
            defer { self.pendingMetadata[key] = nil }
            let fresh = try await self.fetchMetadata(topics: topics)
            try self.checkNotShutDown()
            return self.cache.store(fresh, requested: topics, now: ContinuousClock.now)
        }
        pendingMetadata[key] = task
        return try await Self.value(of: task)
    }

    /// The leader of `topic`/`partition`, refreshing metadata once when it is unknown.
    ///
    /// Throws `.unknownTopicOrPartition` when the topic or partition does not exist, or a
    /// retriable LEADER_NOT_AVAILABLE broker error when the partition has no reachable leader.
    public func leader(topic: String, partition: Int32) async throws -> Int32 {
        if let leader = try await metadata(topics: [topic]).leader(topic: topic, partition: partition) { return leader }
        let refreshed = try await metadata(topics: [topic], refresh: true)
        if let leader = refreshed.leader(topic: topic, partition: partition) { return leader }
        throw Self.noLeaderError(refreshed, topic: topic, partition: partition)
    }

    /// Marks cached metadata for `topic` (`nil`: everything) stale, after NOT_LEADER_OR_FOLLOWER,
    /// UNKNOWN_TOPIC_OR_PARTITION and the like; the next use refreshes it.
    public func invalidateMetadata(topic: String?) {
        cache.invalidate(topic: topic)
    }

    /// The open connection to `node` for `purpose`, opening one when needed (after the node's
    /// reconnect backoff, when earlier attempts failed).
    public func connection(toNode node: Int32, purpose: ConnectionPurpose) async throws -> KafkaConnection {
        try await connection(toNode: node, purpose: purpose, lane: 0)
    }

    /// Connection `lane` to `node` for `purpose`: lane 0 is the purpose's connection, each other
    /// lane one more connection of that purpose (a consumer fetching on several at once). Opened
    /// when needed, as `connection(toNode:purpose:)`.
    public func connection(toNode node: Int32, purpose: ConnectionPurpose, lane: Int) async throws -> KafkaConnection {
        try checkNotShutDown()
        let key = ConnectionKey(node: node, purpose: purpose, lane: lane)
        if let existing = connections[key] {
            if existing.isActive { return existing }
            connectionDidClose(key, existing)
        }
        if let pending = pendingConnects[key] { return try await Self.value(of: pending) }
        let address = try await address(of: node)
        // Another caller may have started (or finished) the same connect during that await.
        if let pending = pendingConnects[key] { return try await Self.value(of: pending) }
        if let existing = connections[key], existing.isActive { return existing }
        let task = Task { try await self.dial(key, address: address) }
        pendingConnects[key] = task
        return try await Self.value(of: task)
    }

    /// A live connection for `purpose` to any broker: an open one for that purpose or the open
    /// bootstrap connection when there is one, else a known broker (those not in reconnect backoff
    /// first), else the bootstrap servers in order.
    public func anyConnection(purpose: ConnectionPurpose) async throws -> KafkaConnection {
        try checkNotShutDown()
        if let open = connections.first(where: { $0.key.purpose == purpose && $0.value.isActive })?.value { return open }
        if let open = bootstrapConnection, open.isActive { return open }
        var lastError: KafkaError?
        for node in nodesByReadiness() {
            do {
                return try await connection(toNode: node, purpose: purpose)
            } catch let error as KafkaError where error.kind != .shutDown {
                lastError = error
            }
        }
        do {
            return try await bootstrap()
        } catch let error as KafkaError where error.kind != .shutDown && lastError != nil {
            logger.debug("bootstrap failed too: \(error)")
            throw lastError ?? error
        }
    }

    /// A connection to the controller when the metadata names a live one, else to any broker (KRaft
    /// brokers forward controller requests).
    public func controllerConnection() async throws -> KafkaConnection {
        let snapshot = try await metadata(topics: [])
        if snapshot.brokers[snapshot.controllerId] != nil {
            do {
                return try await connection(toNode: snapshot.controllerId, purpose: .control)
            } catch let error as KafkaError where error.isRetriable {
                logger.debug("controller \(snapshot.controllerId) unreachable (\(error)); using another broker")
            }
        }
        return try await anyConnection(purpose: .control)
    }

    /// Closes every connection; waiting and later calls fail with `.shutDown`. Idempotent.
    public func shutdown() async {
        guard !isShutDown else { return }
        isShutDown = true
        logger.debug("shutting down")
        for task in pendingConnects.values { task.cancel() }
        for task in pendingMetadata.values { task.cancel() }
        let open = Array(connections.values) + (bootstrapConnection.map { [$0] } ?? [])
        connections.removeAll()
        bootstrapConnection = nil
        for connection in open { await connection.close() }
        let waiters = shutdownWaiters
        shutdownWaiters.removeAll()
        for waiter in waiters { waiter.resume() }
    }

    func checkNotShutDown() throws(KafkaError) {
        if isShutDown { throw KafkaError(.shutDown, "the Kafka client has been shut down") }
    }

    static func value<T: Sendable>(of task: Task<T, any Error>) async throws(KafkaError) -> T {
        do {
            return try await task.value
        } catch {
            throw asKafkaError(error)
        }
    }

    /// Any error as a `KafkaError` (cancellation means the client shut down).
    static func asKafkaError(_ error: any Error) -> KafkaError {
        if let error = error as? KafkaError { return error }
        if error is CancellationError { return KafkaError(.shutDown, "the operation was cancelled") }
        return KafkaError(.connectionFailed, "\(error)")
    }

    static func noLeaderError(_ snapshot: ClusterMetadata, topic: String, partition: Int32) -> KafkaError {
        guard let entry = snapshot.topics[topic] else {
            return KafkaError(.unknownTopicOrPartition, "the broker did not describe topic \(topic)", topic: topic, partition: partition)
        }
        if let error = entry.error {
            if error.errorCode == .unknownTopicOrPartition {
                return KafkaError(.unknownTopicOrPartition, "topic \(topic) does not exist", topic: topic, partition: partition)
            }
            var copy = error
            copy.partition = partition
            return copy
        }
        guard let metadata = entry.partitions[partition] else {
            return KafkaError(.unknownTopicOrPartition, "topic \(topic) has no partition \(partition) (it has \(entry.partitionCount))", topic: topic, partition: partition)
        }
        let reason = metadata.leader < 0 ? "has no leader" : "is led by node \(metadata.leader), which is not among the live brokers"
        return KafkaError(.broker(.leaderNotAvailable), "partition \(reason)", topic: topic, partition: partition)
    }
}
