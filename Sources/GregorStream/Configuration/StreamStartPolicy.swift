import Gregor

/// Where a topic's replay starts.
public enum StreamStartPolicy: Sendable, Hashable {
    /// The oldest retained record of each partition.
    case earliest
    /// The end of each partition: nothing is replayed, the stream starts live.
    case latest
    /// The first record whose timestamp is at or after these milliseconds since the epoch (the end
    /// when no record is that late).
    case timestamp(milliseconds: Int64)
    /// `timestamp` at this long before the stream starts.
    case relativeTime(Duration)
    /// Explicit offsets per partition (the next record to read); partitions not listed start at the
    /// earliest record.
    case offsets([Int32: Int64])

    /// Checks the policy's values; the error names the topic.
    func validate(topic: String) throws(KafkaError) {
        switch self {
        case .earliest, .latest:
            return
        case .timestamp(let milliseconds):
            guard milliseconds >= 0 else { throw KafkaError(.invalidConfiguration, "a start timestamp must not be negative (\(milliseconds) ms)", topic: topic) }
        case .relativeTime(let duration):
            guard duration >= .zero else { throw KafkaError(.invalidConfiguration, "a relative start time must not be negative (\(duration))", topic: topic) }
        case .offsets(let offsets):
            for (partition, offset) in offsets.sorted(by: { $0.key < $1.key }) {
                guard partition >= 0 else { throw KafkaError(.invalidConfiguration, "partition \(partition) is negative", topic: topic) }
                guard offset >= 0 else { throw KafkaError(.invalidConfiguration, "start offset \(offset) of partition \(partition) is negative", topic: topic) }
            }
        }
    }
}
