import GregorProtocol

/// What one partition's answer to a leader-routed request (ListOffsets, DeleteRecords) means.
enum AdminPartitionOutcome<Value: Sendable>: Sendable {
    /// Done: the value.
    case done(Value)
    /// A retriable error (leader moved, leader not yet elected, stale metadata): refresh the
    /// partition's metadata and resend to its (new) leader.
    case retry(KafkaError)
    /// A final error.
    case failed(KafkaError)

    /// Classifies a partition's error code; `value` is used only for code 0.
    static func classify(code: Int16, message: String? = nil, partition: KafkaTopicPartition, broker: String?, value: () -> Value) -> AdminPartitionOutcome {
        guard let error = AdminWire.resourceError(code: code, message: message, topic: partition.topic, partition: partition.partition, broker: broker) else {
            return .done(value())
        }
        return error.isRetriable ? .retry(error) : .failed(error)
    }
}

/// Routing of per-partition admin requests to partition leaders.
enum AdminLeaderRouting {
    /// `items` grouped by the node id of their partition's leader. Partitions with no known leader
    /// (absent from `leaders`, or leader -1) come back in `leaderless`.
    static func group<Value>(_ items: [KafkaTopicPartition: Value], leaders: [KafkaTopicPartition: Int32]) -> (byLeader: [Int32: [KafkaTopicPartition: Value]], leaderless: [KafkaTopicPartition]) {
        var byLeader: [Int32: [KafkaTopicPartition: Value]] = [:]
        var leaderless: [KafkaTopicPartition] = []
        for (partition, value) in items {
            guard let leader = leaders[partition], leader >= 0 else {
                leaderless.append(partition)
                continue
            }
            byLeader[leader, default: [:]][partition] = value
        }
        return (byLeader, leaderless.sorted())
    }

    /// `items` as (topic, [(partition, value)]) in topic then partition order, for request bodies.
    static func byTopic<Value>(_ items: [KafkaTopicPartition: Value]) -> [(topic: String, partitions: [(partition: Int32, value: Value)])] {
        var topics: [String: [(partition: Int32, value: Value)]] = [:]
        for (key, value) in items {
            topics[key.topic, default: []].append((key.partition, value))
        }
        return topics.keys.sorted().map { topic in
            (topic, (topics[topic] ?? []).sorted { $0.partition < $1.partition })
        }
    }
}
