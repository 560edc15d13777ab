import GregorProtocol

/// A snapshot of the cluster as the last Metadata response described it.
public struct ClusterMetadata: Sendable, Hashable {
    /// The cluster id, when the broker reports one.
    public var clusterId: String?
    /// The controller's node id (-1 when unknown).
    public var controllerId: Int32
    /// Live brokers by node id.
    public var brokers: [Int32: KafkaBrokerAddress]
    /// Topics by name (only the ones asked for, unless all topics were requested).
    public var topics: [String: TopicMetadata]

    /// Creates a snapshot.
    public init(clusterId: String? = nil, controllerId: Int32 = -1, brokers: [Int32: KafkaBrokerAddress] = [:], topics: [String: TopicMetadata] = [:]) {
        self.clusterId = clusterId
        self.controllerId = controllerId
        self.brokers = brokers
        self.topics = topics
    }
}

/// One topic in a metadata snapshot.
public struct TopicMetadata: Sendable, Hashable {
    /// The topic's name.
    public var name: String
    /// The topic id (all zero when the broker does not report one, before Metadata v10).
    public var topicId: KafkaUUID
    /// Whether this is an internal topic (such as `__consumer_offsets`).
    public var isInternal: Bool
    /// Partitions by index.
    public var partitions: [Int32: PartitionMetadata]
    /// The broker's error for this topic (for example UNKNOWN_TOPIC_OR_PARTITION), or `nil`.
    public var error: KafkaError?

    /// Creates a topic entry.
    public init(name: String, topicId: KafkaUUID, isInternal: Bool = false, partitions: [Int32: PartitionMetadata] = [:], error: KafkaError? = nil) {
        self.name = name
        self.topicId = topicId
        self.isInternal = isInternal
        self.partitions = partitions
        self.error = error
    }

    /// The number of partitions.
    public var partitionCount: Int { partitions.count }

    /// Equal when every field is, errors compared by their description (`KafkaError` is not `Equatable`).
    public static func == (lhs: TopicMetadata, rhs: TopicMetadata) -> Bool {
        lhs.name == rhs.name && lhs.topicId == rhs.topicId && lhs.isInternal == rhs.isInternal
            && lhs.partitions == rhs.partitions && lhs.error?.description == rhs.error?.description
    }

    /// Hashes the name, topic id and partitions.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(name)
        hasher.combine(topicId)
        hasher.combine(partitions)
    }
}

/// One partition in a metadata snapshot.
public struct PartitionMetadata: Sendable, Hashable {
    /// The partition index.
    public var partition: Int32
    /// The leader's node id (-1 when there is none).
    public var leader: Int32
    /// The leader epoch (-1 when unknown).
    public var leaderEpoch: Int32
    /// All replicas' node ids.
    public var replicas: [Int32]
    /// In-sync replicas' node ids.
    public var isr: [Int32]
    /// The broker's error for this partition (for example LEADER_NOT_AVAILABLE), or `nil`.
    public var errorCode: KafkaErrorCode?

    /// Creates a partition entry.
    public init(partition: Int32, leader: Int32, leaderEpoch: Int32 = -1, replicas: [Int32] = [], isr: [Int32] = [], errorCode: KafkaErrorCode? = nil) {
        self.partition = partition
        self.leader = leader
        self.leaderEpoch = leaderEpoch
        self.replicas = replicas
        self.isr = isr
        self.errorCode = errorCode
    }
}
