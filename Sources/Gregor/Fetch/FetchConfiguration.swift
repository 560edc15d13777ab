/// How the fetch engine fetches: request sizes, long-poll wait, isolation, error policies.
///
/// Defaults follow the Java consumer's (`fetch.min.bytes` 1, `fetch.max.bytes` 50 MiB,
/// `max.partition.fetch.bytes` 1 MiB, `fetch.max.wait.ms` 500).
public struct FetchConfiguration: Sendable, Hashable {
    /// How long the broker may hold a Fetch waiting for `minBytes` (the long-poll time). Also added
    /// to the connection's request timeout. Must be positive: some brokers return no data at all
    /// for a zero wait.
    public var maxWait: Duration = .milliseconds(500)
    /// Bytes the broker should accumulate before answering early.
    public var minBytes: Int32 = 1
    /// Upper bound for one Fetch response (KIP-74: a first batch larger than this still comes back).
    public var maxBytes: Int32 = 50 << 20
    /// Upper bound per partition in one Fetch response.
    public var partitionMaxBytes: Int32 = 1 << 20
    /// Transaction visibility.
    public var isolationLevel: FetchIsolationLevel = .readUncommitted
    /// What to do on OFFSET_OUT_OF_RANGE.
    public var offsetResetPolicy: FetchOffsetResetPolicy = .earliest
    /// Backoff of a partition after a retriable error (a leader moved, a broker is down).
    public var retryBackoff: KafkaBackoff = KafkaBackoff(initial: .milliseconds(100), maximum: .seconds(1))
    /// How many times in a row a partition may be reported unknown (absent from metadata, or
    /// UNKNOWN_TOPIC_OR_PARTITION / UNKNOWN_TOPIC_ID from the leader) before it fails with
    /// `.unknownTopicOrPartition`. A just-created topic takes a moment to reach every broker.
    public var unknownTopicRetryLimit: Int = 20
    /// Verify each record batch's CRC-32C.
    public var verifyCRC: Bool = true
    /// Upper bound for one decompressed record batch.
    public var maxDecompressedBatchSize: Int = RecordBatchDecodingOptions.defaultMaxDecompressedBatchSize
    /// The consumer's rack (`client.rack`), sent with Fetch v11+; empty for none.
    public var rackId: String = ""
    /// Fetch connections per broker (1...16). With more than one, a broker's partitions are split
    /// between that many connections (by partition index), each with its own Fetch in flight: a
    /// broker that serves a request's partitions one after another, or that has idle cores while
    /// one request is read, then serves several at once. Each is one more socket per broker.
    public var connectionsPerBroker: Int = 1

    /// The most `connectionsPerBroker` may be.
    public static let maximumConnectionsPerBroker = 16

    /// The defaults.
    public init() {}

    /// `maxWait` in whole milliseconds, as the Fetch request carries it.
    var maxWaitMilliseconds: Int32 {
        let (seconds, attoseconds) = maxWait.components
        let milliseconds = seconds.multipliedReportingOverflow(by: 1000)
        guard !milliseconds.overflow else { return Int32.max }
        let total = milliseconds.partialValue.addingReportingOverflow(attoseconds / 1_000_000_000_000_000)
        guard !total.overflow else { return Int32.max }
        return Int32(clamping: total.partialValue)
    }

    /// Checks every setting; the error names the offending one.
    public func validate() throws(KafkaError) {
        guard maxWait > .zero else { throw KafkaError(.invalidConfiguration, "fetch maxWait must be positive") }
        guard minBytes >= 0 else { throw KafkaError(.invalidConfiguration, "fetch minBytes must not be negative") }
        guard maxBytes >= 1 else { throw KafkaError(.invalidConfiguration, "fetch maxBytes must be positive") }
        guard partitionMaxBytes >= 1 else {
            throw KafkaError(.invalidConfiguration, "fetch partitionMaxBytes must be positive")
        }
        guard unknownTopicRetryLimit >= 0 else {
            throw KafkaError(.invalidConfiguration, "fetch unknownTopicRetryLimit must not be negative")
        }
        guard maxDecompressedBatchSize >= 1 else {
            throw KafkaError(.invalidConfiguration, "fetch maxDecompressedBatchSize must be positive")
        }
        guard (1...Self.maximumConnectionsPerBroker).contains(connectionsPerBroker) else {
            throw KafkaError(
                .invalidConfiguration,
                "fetch connectionsPerBroker must be 1...\(Self.maximumConnectionsPerBroker), got \(connectionsPerBroker)")
        }
        try retryBackoff.validate(name: "fetch retryBackoff")
    }
}
