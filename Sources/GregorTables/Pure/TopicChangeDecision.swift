import Gregor

/// What a table reader does with fresh metadata of its topic. No I/O.
///
/// Kafka never removes partitions and never reuses a topic id, so: a different topic id means the
/// topic was deleted and created again (rebuild); partitions the reader does not know yet were
/// added (read them from the beginning); anything else changes nothing.
enum TopicChangeDecision: Sendable, Equatable {
    /// Nothing to do.
    case none
    /// The topic was deleted and created again; the reason names both ids.
    case rebuild(reason: String)
    /// These partitions were added; read them from their earliest offset.
    case readAddedPartitions([Int32])

    /// The decision for `metadata`, given the topic id (`.zero` = unknown) and partitions the
    /// reader reads now.
    static func decide(knownTopicId: KafkaUUID, knownPartitions: Set<Int32>, metadata: TopicMetadata) -> TopicChangeDecision {
        // A zero id is "not reported" (Metadata before v10, some brokers), never a change.
        if metadata.topicId != .zero, knownTopicId != .zero, metadata.topicId != knownTopicId {
            return .rebuild(reason: "its topic id changed from \(knownTopicId) to \(metadata.topicId)")
        }
        let added = Set(metadata.partitions.keys).subtracting(knownPartitions)
        return added.isEmpty ? .none : .readAddedPartitions(added.sorted())
    }
}
