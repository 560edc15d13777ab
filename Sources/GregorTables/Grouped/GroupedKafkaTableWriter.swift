import Gregor
import Logging

/// Writes members of groups to a grouped table's topic: each (group, member) is its own key, in
/// ktables' composite format, so concurrent writers of one group never overwrite each other.
public final class GroupedKafkaTableWriter<Value: Sendable>: Sendable {
    /// The topic written.
    public let topic: String
    let valueCodec: TableCodec<Value>
    let core: TableWriterCore

    /// A writer of `topic`. Throws `.invalidConfiguration` naming a wrong setting, or
    /// `.invalidArgument` for an illegal topic name.
    public init(
        topic: String, configuration: KafkaTableWriterConfiguration, valueCodec: TableCodec<Value>,
        logger: Logger = Logger(label: "gregor.tables.writer")
    ) throws {
        try TableTopicName.validate(topic)
        try configuration.validate()
        self.topic = topic
        self.valueCodec = valueCodec
        var logger = logger
        logger[metadataKey: "kafka.topic"] = "\(topic)"
        self.core = TableWriterCore(topic: topic, configuration: configuration, logger: logger)
    }

    /// Connects and (unless configured off) ensures the topic; see `KafkaTableWriter.start()`.
    @discardableResult
    public func start() async throws -> EnsureTopicOutcome? {
        try await core.start()
    }

    /// Writes `value` for `member` of `group` and waits for the acknowledgement.
    @discardableResult
    public func set(group: String, member: String, _ value: Value) async throws -> DeliveryReport {
        let valueBytes = try valueCodec.encode(value)
        return try await core.send(key: Array(GroupedKey.encode(group: group, member: member).utf8), value: valueBytes)
    }

    /// Removes `member` from `group` (a tombstone) and waits for the acknowledgement.
    @discardableResult
    public func delete(group: String, member: String) async throws -> DeliveryReport {
        try await core.send(key: Array(GroupedKey.encode(group: group, member: member).utf8), value: nil)
    }

    /// Waits for everything sent, then closes the connections.
    public func close() async {
        await core.close()
    }
}
