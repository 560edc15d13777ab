import Gregor

/// Which partitions a stream reads and how each start offset is found: the pure part of starting,
/// checked against the topics' partitions before any offset is looked up.
struct StreamStartPlan: Sendable, Equatable {
    /// How a partition's start offset is found.
    enum StartLookup: Sendable, Hashable {
        /// ListOffsets(earliest).
        case earliest
        /// The replay end itself (nothing to replay).
        case end
        /// ListOffsets(timestamp); the end when no record is that late.
        case timestamp(Int64)
        /// Given by the user.
        case offset(Int64)
    }

    /// Each selected partition's start lookup.
    let starts: [StreamPartition: StartLookup]

    /// The plan for `topics`, given each topic's partitions (`nil` when the topic does not exist)
    /// and the current time in ms. Throws for unknown topics, topics without partitions, subsets or
    /// explicit offsets naming partitions the topic lacks, and a selection with no partition at all.
    static func make(topics: [SourceTopic], partitionsByTopic: [String: [Int32]], now: Int64) throws(KafkaError) -> StreamStartPlan {
        var starts: [StreamPartition: StartLookup] = [:]
        for topic in topics {
            guard let partitions = partitionsByTopic[topic.name] else {
                throw KafkaError(.unknownTopicOrPartition, "the topic does not exist", topic: topic.name)
            }
            guard !partitions.isEmpty else { throw KafkaError(.unknownTopicOrPartition, "the topic has no partitions", topic: topic.name) }
            let existing = Set(partitions)
            if let subset = topic.partitions, let missing = subset.subtracting(existing).min() {
                throw KafkaError(.unknownTopicOrPartition, "partition \(missing) does not exist (the topic has \(partitions.count))", topic: topic.name, partition: missing)
            }
            if case .offsets(let offsets) = topic.startPolicy, let missing = Set(offsets.keys).subtracting(existing).min() {
                throw KafkaError(.unknownTopicOrPartition, "a start offset names partition \(missing), which does not exist", topic: topic.name, partition: missing)
            }
            for partition in partitions where topic.selects(partition) {
                starts[StreamPartition(topic: topic.name, partition: partition)] = lookup(topic.startPolicy, partition: partition, now: now)
            }
        }
        guard !starts.isEmpty else {
            throw KafkaError(.invalidConfiguration, "the partition subsets and shards select no partition of \(topics.map(\.name).joined(separator: ", "))")
        }
        return StreamStartPlan(starts: starts)
    }

    private static func lookup(_ policy: StreamStartPolicy, partition: Int32, now: Int64) -> StartLookup {
        switch policy {
        case .earliest: .earliest
        case .latest: .end
        case .timestamp(let milliseconds): .timestamp(milliseconds)
        case .relativeTime(let duration):
            .timestamp(max(0, now.subtractingReportingOverflow(duration.saturatingMilliseconds).partialValue))
        case .offsets(let offsets): offsets[partition].map { .offset($0) } ?? .earliest
        }
    }

    /// The replay ranges once the lookups are answered: `ends` (high watermarks at start) for
    /// every partition, `earliest` and `byTimestamp` (nil: no record that late) where asked.
    /// Throws when an explicit offset lies past its partition's end or an answer is missing.
    func ranges(ends: [StreamPartition: Int64], earliest: [StreamPartition: Int64], byTimestamp: [StreamPartition: Int64?]) throws(KafkaError) -> [StreamPartition: ReplayRange] {
        var ranges: [StreamPartition: ReplayRange] = [:]
        for (partition, lookup) in starts {
            guard let end = ends[partition] else {
                throw KafkaError(.protocolViolation, "no end offset for \(partition)", topic: partition.topic, partition: partition.partition)
            }
            let start: Int64
            switch lookup {
            case .end:
                start = end
            case .earliest:
                guard let offset = earliest[partition] else {
                    throw KafkaError(.protocolViolation, "no earliest offset for \(partition)", topic: partition.topic, partition: partition.partition)
                }
                start = offset
            case .timestamp:
                guard let answer = byTimestamp[partition] else {
                    throw KafkaError(.protocolViolation, "no offset by timestamp for \(partition)", topic: partition.topic, partition: partition.partition)
                }
                start = answer.map { min($0, end) } ?? end
            case .offset(let offset):
                guard offset <= end else {
                    throw KafkaError(.invalidConfiguration, "start offset \(offset) is past the end \(end) of \(partition)", topic: partition.topic, partition: partition.partition)
                }
                start = offset
            }
            ranges[partition] = ReplayRange(start: start, end: end)
        }
        return ranges
    }
}
