import Gregor
import GregorCLISupport

/// Where `gregor consume` starts each partition, and (for `--until live`) where it stops.
struct ConsumePlan {
    /// Start offsets of the partitions to fetch.
    var assignments: [FetchPartitionID: FetchStartOffset]
    /// The live end of each partition (meaningful for `--until live`).
    var tracker: LiveEndTracker

    /// Looks up the topics' partitions and offsets: the start offsets with ListOffsets (earliest,
    /// latest or by timestamp; a timestamp later than every record starts at the end), the end
    /// offsets with ListOffsets(latest) — both before any record is fetched. With `--until live`,
    /// partitions with nothing to read are not fetched at all.
    static func resolve(topics: [String], start: ConsumeStartPosition, until: ConsumeUntil, admin: KafkaAdmin) async throws -> ConsumePlan {
        let metadata = try await admin.metadata(topics: topics)
        var partitions: [KafkaTopicPartition] = []
        for topic in topics {
            guard let topicMetadata = metadata.topics[topic] else { throw CLIError("topic \(topic) does not exist") }
            if let error = topicMetadata.error {
                if error.errorCode == .unknownTopicOrPartition { throw CLIError("topic \(topic) does not exist") }
                throw error
            }
            guard !topicMetadata.partitions.isEmpty else { throw CLIError("topic \(topic) has no partitions") }
            partitions += topicMetadata.partitions.keys.map { KafkaTopicPartition(topic: topic, partition: $0) }
        }

        let ends = try await offsets(partitions, spec: .latest, admin: admin)
        let starts: [KafkaTopicPartition: Int64]
        switch start {
        case .latest:
            starts = ends
        case .earliest:
            starts = try await offsets(partitions, spec: .earliest, admin: admin)
        case .timestamp, .ago:
            let timestamp = start.lookupTimestamp(now: currentEpochMilliseconds()) ?? 0
            // No record at or after the time: start at the end (Kafka answers offset -1).
            let found = try await offsets(partitions, spec: .timestamp(timestamp), admin: admin)
            starts = found.merging(ends) { found, end in found >= 0 ? found : end }
        }

        var tracked: [CLITopicPartition: Int64] = [:]
        var startPositions: [CLITopicPartition: Int64] = [:]
        for partition in partitions {
            let key = CLITopicPartition(topic: partition.topic, partition: partition.partition)
            tracked[key] = ends[partition] ?? 0
            startPositions[key] = starts[partition] ?? 0
        }
        let tracker = LiveEndTracker(endOffsets: tracked, startPositions: startPositions)

        var assignments: [FetchPartitionID: FetchStartOffset] = [:]
        for partition in partitions {
            let key = CLITopicPartition(topic: partition.topic, partition: partition.partition)
            if until == .live && !tracker.isUnfinished(key) { continue }
            assignments[FetchPartitionID(topic: partition.topic, partition: partition.partition)] = .offset(starts[partition] ?? 0)
        }
        return ConsumePlan(assignments: assignments, tracker: tracker)
    }

    private static func offsets(_ partitions: [KafkaTopicPartition], spec: OffsetSpec, admin: KafkaAdmin) async throws -> [KafkaTopicPartition: Int64] {
        var specs: [KafkaTopicPartition: OffsetSpec] = [:]
        for partition in partitions { specs[partition] = spec }
        let listed = try await admin.listOffsets(specs).get()
        return listed.mapValues { $0.offset ?? -1 }
    }
}
