/// How a `KafkaProducer` batches, acknowledges and retries.
///
/// The defaults follow Kafka 3+ producers: idempotence on with `acks=all`, so a retried batch is
/// never written twice and records of a partition stay in order. Connection settings (bootstrap
/// servers, TLS, SASL, timeouts) live in `KafkaClientConfiguration`.
public struct ProducerConfiguration: Sendable {
    /// How many replicas must have a record before the broker acknowledges it.
    public enum Acks: Sendable, Hashable, CustomStringConvertible {
        /// No acknowledgement: the broker sends no response; reports carry offset -1.
        case none
        /// The leader has written the record.
        case leader
        /// Every in-sync replica has the record (required for idempotence).
        case all

        /// The `acks` value on the wire: 0, 1 or -1.
        public var wireValue: Int16 {
            switch self {
            case .none: 0
            case .leader: 1
            case .all: -1
            }
        }

        /// `0`, `1` or `all`, as Kafka's `acks` setting spells them.
        public var description: String {
            switch self {
            case .none: "0"
            case .leader: "1"
            case .all: "all"
            }
        }
    }

    /// Acknowledgement level. Default `.all`.
    public var acks: Acks = .all
    /// Idempotent producer (InitProducerId, sequence numbers): retries never duplicate or reorder
    /// records. Requires `acks == .all` and `maxInFlightRequests <= 5`. Default `true`, as in Kafka 3+.
    public var idempotent: Bool = true
    /// How long a partition's batch waits for more records before it is sent. Default 5 ms.
    public var linger: Duration = .milliseconds(5)
    /// Largest batch (uncompressed record bytes) per partition. A single larger record gets a batch
    /// of its own. Default 1 MiB (the broker's default `message.max.bytes` is about 1 MiB).
    public var maxBatchBytes: Int = 1 << 20
    /// Largest Produce request (sum of its batches) sent to one broker. Default 8 MiB.
    public var maxRequestBytes: Int = 8 << 20
    /// Codec for record batches. Default none.
    public var compression: CompressionCodec = .none
    /// Codec level; `nil` for the codec's default.
    public var compressionLevel: Int? = nil
    /// Produce requests in flight per broker connection. Default 5 (Kafka's limit for idempotence).
    public var maxInFlightRequests: Int = 5
    /// Time from `send` until a record is acknowledged or failed, retries included. Default 120 s.
    public var deliveryTimeout: Duration = .seconds(120)
    /// How often a failed batch is retried (retriable errors only) within `deliveryTimeout`.
    /// Default: unlimited, as in Kafka; `deliveryTimeout` bounds the time.
    public var retries: Int = .max
    /// Backoff between retries of a batch (exponential with jitter). Default 100 ms … 1 s.
    public var retryBackoff: KafkaBackoff = KafkaBackoff(initial: .milliseconds(100), maximum: .seconds(1))
    /// Bytes of records buffered (not yet acknowledged) before `send` waits (or, with
    /// `waitForBuffer: false`, throws `.bufferFull`). Default 32 MiB.
    public var bufferMemory: Int = 32 << 20
    /// How long the broker may wait for replication before answering (`timeoutMs`). Default 30 s.
    public var requestTimeout: Duration = .seconds(30)
    /// How long `send` may wait for a topic's metadata (partition count) before failing. Default 60 s.
    public var metadataWait: Duration = .seconds(60)

    /// A configuration with every setting at its default.
    public init() {}

    /// Checks every setting; the error names the offending one.
    public func validate() throws(KafkaError) {
        func invalid(_ message: String) -> KafkaError { KafkaError(.invalidConfiguration, message) }
        guard linger >= .zero else { throw invalid("linger must not be negative") }
        guard maxBatchBytes >= 1024 else { throw invalid("maxBatchBytes must be at least 1024") }
        guard maxRequestBytes >= maxBatchBytes else { throw invalid("maxRequestBytes must be at least maxBatchBytes") }
        guard maxInFlightRequests >= 1 else { throw invalid("maxInFlightRequests must be at least 1") }
        guard deliveryTimeout > .zero else { throw invalid("deliveryTimeout must be positive") }
        guard retries >= 0 else { throw invalid("retries must not be negative") }
        guard bufferMemory >= maxBatchBytes else { throw invalid("bufferMemory must be at least maxBatchBytes") }
        guard requestTimeout > .zero, requestTimeout <= .milliseconds(Int64(Int32.max)) else {
            throw invalid("requestTimeout must be positive and fit in 32-bit milliseconds")
        }
        guard metadataWait >= .zero else { throw invalid("metadataWait must not be negative") }
        try retryBackoff.validate(name: "retryBackoff")
        if idempotent {
            guard acks == .all else { throw invalid("idempotent requires acks=all") }
            guard maxInFlightRequests <= 5 else { throw invalid("idempotent requires maxInFlightRequests <= 5") }
            guard retries > 0 else { throw invalid("idempotent requires retries > 0") }
        }
    }
}
