import Gregor
import Logging
import Synchronization

/// Maintains a table's topic: acknowledged upserts (`set`) and tombstones (`delete`).
///
/// Each call returns once the broker acknowledged the record, with where it landed; pass that to
/// `KafkaTable.wait(for:timeout:)` to see the write in a table. Many concurrent calls are safe and
/// are batched together by the producer.
///
/// ```swift
/// let writer = try KafkaTableWriter(topic: "services", configuration: .init(bootstrap: "localhost:9092"),
///                                   keyCodec: .string, valueCodec: .json(Service.self))
/// try await writer.start()
/// let written = try await writer.set("billing", Service(host: "10.0.0.7"))
/// try await writer.delete("billing")
/// await writer.close()
/// ```
public final class KafkaTableWriter<Key: Sendable, Value: Sendable>: Sendable {
    /// The topic written.
    public let topic: String
    /// The settings.
    public let configuration: KafkaTableWriterConfiguration
    let keyCodec: TableCodec<Key>
    let valueCodec: TableCodec<Value>
    let logger: Logger
    let core: TableWriterCore

    /// A writer of `topic`. Throws `.invalidConfiguration` naming a wrong setting, or
    /// `.invalidArgument` for an empty topic name.
    public init(
        topic: String, configuration: KafkaTableWriterConfiguration, keyCodec: TableCodec<Key>, valueCodec: TableCodec<Value>,
        logger: Logger = Logger(label: "gregor.tables.writer")
    ) throws {
        try TableTopicName.validate(topic)
        try configuration.validate()
        self.topic = topic
        self.configuration = configuration
        self.keyCodec = keyCodec
        self.valueCodec = valueCodec
        var logger = logger
        logger[metadataKey: "kafka.topic"] = "\(topic)"
        self.logger = logger
        self.core = TableWriterCore(topic: topic, configuration: configuration, logger: logger)
    }

    /// Connects and, unless `ensureTopic` is off, makes sure the topic exists and is compacted.
    /// Returns what the topic check did (`nil` when it was off). Throws `.invalidState` when
    /// called twice or after `close()`.
    @discardableResult
    public func start() async throws -> EnsureTopicOutcome? {
        try await core.start()
    }

    /// Writes `value` under `key` and waits for the acknowledgement. Throws the codec's error when
    /// the key or value cannot be encoded, `.invalidState` before `start()` or after `close()`,
    /// and the producer's error when the write fails for good.
    @discardableResult
    public func set(_ key: Key, _ value: Value) async throws -> DeliveryReport {
        let keyBytes = try keyCodec.encode(key)
        let valueBytes = try valueCodec.encode(value)
        return try await core.send(key: keyBytes, value: valueBytes)
    }

    /// Writes a tombstone for `key` (removes it from every table) and waits for the acknowledgement.
    @discardableResult
    public func delete(_ key: Key) async throws -> DeliveryReport {
        try await core.send(key: try keyCodec.encode(key), value: nil)
    }

    /// Waits for the acknowledgement of everything sent, then closes the connections.
    public func close() async {
        await core.close()
    }
}

/// The untyped part of every writer (plain and grouped): lifecycle and the producer.
final class TableWriterCore: Sendable {
    let topic: String
    let configuration: KafkaTableWriterConfiguration
    let logger: Logger
    private let phase = Mutex(Phase.unstarted)

    private enum Phase: Sendable {
        case unstarted
        case starting
        case running(KafkaProducer)
        case closed
    }

    init(topic: String, configuration: KafkaTableWriterConfiguration, logger: Logger) {
        self.topic = topic
        self.configuration = configuration
        self.logger = logger
    }

    func start() async throws -> EnsureTopicOutcome? {
        try phase.withLock { phase throws(KafkaError) in
            guard case .unstarted = phase else {
                throw KafkaError(.invalidState, "the writer of \(topic) was already started or closed", topic: topic)
            }
            phase = .starting
        }
        let producer: KafkaProducer
        do {
            producer = try KafkaProducer(configuration: configuration.producer, client: configuration.client, logger: logger)
        } catch {
            phase.withLock { $0 = .unstarted }
            throw error
        }
        do {
            var outcome: EnsureTopicOutcome?
            if configuration.ensureTopic {
                let admin = KafkaAdmin(cluster: producer.cluster)
                outcome = try await TopicEnsurer(admin: admin, logger: logger).ensure(topic: topic, settings: configuration.topicSettings)
            }
            let closedMeanwhile = phase.withLock { phase -> Bool in
                guard case .starting = phase else { return true }
                phase = .running(producer)
                return false
            }
            if closedMeanwhile { await producer.close() }
            return outcome
        } catch {
            phase.withLock { $0 = .unstarted }
            await producer.close()
            throw error
        }
    }

    func send(key: [UInt8], value: [UInt8]?) async throws -> DeliveryReport {
        let producer = try phase.withLock { phase throws(KafkaError) -> KafkaProducer in
            switch phase {
            case .running(let producer): return producer
            case .unstarted, .starting: throw KafkaError(.invalidState, "the writer of \(topic) is not started", topic: topic)
            case .closed: throw KafkaError(.invalidState, "the writer of \(topic) is closed", topic: topic)
            }
        }
        return try await producer.send(topic: topic, key: key, value: value)
    }

    func close() async {
        let producer = phase.withLock { phase -> KafkaProducer? in
            defer { phase = .closed }
            if case .running(let producer) = phase { return producer }
            return nil
        }
        await producer?.close()
    }
}
