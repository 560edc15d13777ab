import Logging
import NIOCore
import NIOPosix

/// Kafka's admin operations: topics, partitions, configs, offsets, records, cluster description.
///
/// Built on `KafkaCluster`, whose `.control` connections carry every admin request (they never
/// wait behind a long-poll Fetch). Routing:
/// - topic creation, deletion and partition creation go to the controller the metadata names. In
///   KRaft mode (Kafka 4) that is some live broker, and every broker forwards these requests to
///   the real controller; NOT_CONTROLLER (a stale answer) refreshes metadata and resends.
/// - configs of a broker (or its loggers) go to that broker; topic configs to any broker.
/// - ListOffsets and DeleteRecords go to each partition's leader; NOT_LEADER_OR_FOLLOWER and the
///   other retriable partition errors refresh the partition's metadata and resend to the new leader.
///
/// Methods about several resources return `KafkaAdminResults`: one outcome per resource, failed
/// ones as `KafkaError` naming the topic, partition or broker (`kind == .broker(code)`). They throw
/// (`KafkaError` only) for failures of the whole call: no connection, a timeout, an API the broker
/// lacks, invalid arguments. The single-resource variants throw the resource's error.
public final class KafkaAdmin: Sendable {
    /// The cluster the admin talks to.
    public let cluster: KafkaCluster
    /// Backoff between retries of retriable per-resource errors.
    public let retryBackoff: KafkaBackoff
    /// Attempts per resource for retriable errors (the first send included).
    public let maxAttempts: Int
    /// The admin calls' default broker-side timeout (sent in requests that carry one).
    public let defaultTimeout: Duration

    let logger: Logger
    private let ownsCluster: Bool

    /// An admin client on an existing cluster (shared with producers or fetchers); `shutdown()`
    /// leaves the cluster running. `retryBackoff` defaults to the cluster configuration's.
    public init(
        cluster: KafkaCluster,
        retryBackoff: KafkaBackoff? = nil,
        maxAttempts: Int = 5,
        defaultTimeout: Duration = .seconds(30)
    ) {
        self.cluster = cluster
        self.retryBackoff = retryBackoff ?? cluster.configuration.retryBackoff
        self.maxAttempts = max(1, maxAttempts)
        self.defaultTimeout = defaultTimeout
        self.logger = cluster.logger
        self.ownsCluster = false
    }

    /// An admin client with its own cluster connections; `shutdown()` closes them. Throws
    /// `.invalidConfiguration` for an invalid configuration.
    public init(
        configuration: KafkaClientConfiguration,
        eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        maxAttempts: Int = 5,
        defaultTimeout: Duration = .seconds(30),
        logger: Logger = Logger(label: "gregor.admin")
    ) throws {
        try configuration.validate()
        let cluster = KafkaCluster(configuration: configuration, eventLoopGroup: eventLoopGroup, logger: logger)
        self.cluster = cluster
        self.retryBackoff = configuration.retryBackoff
        self.maxAttempts = max(1, maxAttempts)
        self.defaultTimeout = defaultTimeout
        self.logger = cluster.logger
        self.ownsCluster = true
    }

    /// Closes the cluster's connections if this admin created the cluster.
    public func shutdown() async {
        if ownsCluster {
            await cluster.shutdown()
        }
    }

    /// Sleeps the retry backoff before attempt `attempt` (1-based count of attempts made so far).
    func backoff(after attempt: Int) async {
        let delay = retryBackoff.delay(attempt: attempt - 1, random: Double.random(in: 0..<1))
        try? await Task.sleep(for: delay)
    }

    /// Sends `request` on `connection` at the version `api` negotiated (or `version`), with
    /// `timeout` added to the request timeout; any non-`KafkaError` becomes one.
    func send<R: KafkaRequestMessage>(_ request: R, on connection: KafkaConnection, version: Int16? = nil, timeout: Duration = .zero) async throws -> R.Response {
        do {
            return try await connection.send(request, version: version, extraTimeout: timeout)
        } catch let error as KafkaError {
            throw error
        } catch {
            throw KafkaError(.protocolViolation, "request failed: \(error)", broker: connection.brokerDescription)
        }
    }
}
