import Gregor

/// How a table (or a grouped table) reads its topic.
///
/// Every setting has a default fit for small reference data (registries, feature flags, config
/// maps); `validate()` names the setting that is wrong.
public struct KafkaTableConfiguration: Sendable {
    /// Connection settings shared with the rest of the client (bootstrap, TLS, SASL, timeouts).
    public var client: KafkaClientConfiguration
    /// Fetch settings of the reader. The default long-poll wait is 500 ms; barriers do not wait
    /// behind it (they use the control connection), so there is no reason to lower it. Tables
    /// default to `connectionsPerBroker` 4 (the client's default is 1): a broker's partitions are
    /// dealt out by index over up to four connections, each with a Fetch in flight, so a broker
    /// that serves one request's partitions one after another serves up to four at once. Only the
    /// connections some partition uses are opened: a broker leading one partition of the topic
    /// gets one. In the benchmarks, two connections against one were faster in 11 of 12 paired
    /// replays (runs 18–20, about 1.3× in the median). Four against two, by hand on Tansu with a
    /// 4-partition topic, were about as fast or faster: medians 55 against 69 ms, then 53 against 54 ms,
    /// for 100 k byte-valued keys (12 and 8 runs each); 105 against 113 ms for 100 k JSON values and
    /// 0.80 against 0.83 s for 1 M (8 and 6 runs); the same resident memory once caught up
    /// (BENCHMARKS.md, runs 23–24). Set 1 to keep a single connection.
    public var fetch: FetchConfiguration
    /// How long `start()` waits for the catch-up before it returns with status `degraded`.
    public var catchUpTimeout: Duration = .seconds(60)
    /// How often the reader looks for partitions added to the topic, or for the topic having been
    /// deleted and created again.
    public var metadataRefreshInterval: Duration = .seconds(30)
    /// Whether `start()` first makes sure the topic exists and is compacted (`ensureTopic`).
    public var ensureTopic: Bool = true
    /// How the topic is created when `ensureTopic` finds it missing, and what to do when it exists
    /// with another `cleanup.policy`.
    public var topicSettings: TableTopicSettings = TableTopicSettings()
    /// Whether the reader hands the memory the catch-up freed (Fetch answers, queued work) back to
    /// the operating system once caught up: the connections' large buffers kept for reuse
    /// (`KafkaBufferPool.releaseCached()`) and, under glibc, `malloc_trim`. Otherwise they stay
    /// resident for later allocations (kept buffers for a second). It runs once per catch-up,
    /// before `start()` returns.
    public var releasesFreedMemoryAfterCatchUp: Bool = true

    /// A configuration over `client` with every other setting at its default.
    public init(client: KafkaClientConfiguration) {
        self.client = client
        self.fetch = FetchConfiguration()
        self.fetch.connectionsPerBroker = Self.defaultFetchConnectionsPerBroker
    }

    /// The tables' default `fetch.connectionsPerBroker`.
    public static let defaultFetchConnectionsPerBroker = 4

    /// A configuration from a bootstrap list such as `host1:9092,host2:9092`.
    public init(bootstrap: String) throws(KafkaError) {
        self.init(client: try KafkaClientConfiguration(bootstrap: bootstrap))
    }

    /// A configuration whose connection settings come from environment variables
    /// (`KAFKA_BOOTSTRAP_SERVERS`, `KAFKA_TLS_*`, `KAFKA_SASL_*`, …; see
    /// `KafkaClientConfiguration.EnvironmentVariable`).
    public init(environment: [String: String]) throws(KafkaError) {
        self.init(client: try KafkaClientConfiguration(environment: environment))
    }

    /// Checks every setting; the error names the offending one.
    public func validate() throws(KafkaError) {
        try client.validate()
        try fetch.validate()
        guard catchUpTimeout > .zero else { throw KafkaError(.invalidConfiguration, "catchUpTimeout must be positive") }
        guard metadataRefreshInterval > .zero else {
            throw KafkaError(.invalidConfiguration, "metadataRefreshInterval must be positive")
        }
        try topicSettings.validate()
    }
}
