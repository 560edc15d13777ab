import GregorProtocol

/// What the broker reports about a topic it created (or, with `validateOnly`, would create).
public struct CreatedTopic: Sendable, Hashable {
    /// The topic name.
    public var name: String
    /// The topic id (CreateTopics v7+, and not for `validateOnly`); `nil` when the broker sent none.
    public var topicId: KafkaUUID?
    /// The partition count (CreateTopics v5+); `nil` when the broker did not say.
    public var partitions: Int32?
    /// The replication factor (CreateTopics v5+); `nil` when the broker did not say.
    public var replicationFactor: Int16?
    /// The topic's configs as created (CreateTopics v5+); empty when the broker sent none or could
    /// not describe them.
    public var configs: [ConfigEntry]

    /// Creates a value.
    public init(name: String, topicId: KafkaUUID? = nil, partitions: Int32? = nil, replicationFactor: Int16? = nil, configs: [ConfigEntry] = []) {
        self.name = name
        self.topicId = topicId
        self.partitions = partitions
        self.replicationFactor = replicationFactor
        self.configs = configs
    }
}

/// The outcome of "create the topic if it is missing".
public enum TopicCreation: Sendable, Hashable {
    /// The topic did not exist and was created now.
    case created(CreatedTopic)
    /// The topic existed already (the broker answered TOPIC_ALREADY_EXISTS); nothing was changed,
    /// and its partition count and configs were not compared with the request.
    case alreadyExisted
}
