/// One partition of one topic, as the admin client names it (listOffsets, deleteRecords).
public struct KafkaTopicPartition: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The topic name.
    public var topic: String
    /// The partition index.
    public var partition: Int32

    /// Creates a value.
    public init(topic: String, partition: Int32) {
        self.topic = topic
        self.partition = partition
    }

    /// Orders by topic, then partition.
    public static func < (lhs: KafkaTopicPartition, rhs: KafkaTopicPartition) -> Bool {
        lhs.topic != rhs.topic ? lhs.topic < rhs.topic : lhs.partition < rhs.partition
    }

    /// `topic-partition`, as Kafka's tools print it.
    public var description: String { "\(topic)-\(partition)" }
}
