import GregorProtocol

/// ListOffsets: one request per leader and per-partition outcomes.
enum ListOffsetsMapping {
    /// The lowest version the specs need (max-timestamp needs v7), at least 2 for read_committed.
    static func minimumVersion(_ specs: some Sequence<OffsetSpec>, isolationLevel: FetchIsolationLevel) -> Int16 {
        let specMinimum = specs.map(\.minimumVersion).max() ?? 1
        return isolationLevel == .readCommitted ? max(specMinimum, 2) : specMinimum
    }

    /// The request for the partitions one leader serves. As a consumer, replica id -1; no leader
    /// epoch fencing (-1), so a moved leader answers NOT_LEADER_OR_FOLLOWER and the caller retries.
    static func request(_ specs: [KafkaTopicPartition: OffsetSpec], isolationLevel: FetchIsolationLevel, timeout: Duration) -> ListOffsetsRequest {
        ListOffsetsRequest(
            replicaId: -1,
            isolationLevel: isolationLevel.rawValue,
            topics: AdminLeaderRouting.byTopic(specs).map { topic in
                ListOffsetsRequest.ListOffsetsTopic(
                    name: topic.topic,
                    partitions: topic.partitions.map {
                        .init(partitionIndex: $0.partition, currentLeaderEpoch: -1, timestamp: $0.value.wireTimestamp)
                    }
                )
            },
            timeoutMs: AdminWire.milliseconds(timeout)
        )
    }

    /// The outcome of each requested partition; one the response omits is a protocol violation.
    static func outcomes(_ response: ListOffsetsResponse, requested: some Sequence<KafkaTopicPartition>, broker: String?) -> [KafkaTopicPartition: AdminPartitionOutcome<ListedOffset>] {
        var answers: [KafkaTopicPartition: ListOffsetsResponse.ListOffsetsPartitionResponse] = [:]
        for topic in response.topics {
            for partition in topic.partitions {
                answers[KafkaTopicPartition(topic: topic.name, partition: partition.partitionIndex)] = partition
            }
        }
        var outcomes: [KafkaTopicPartition: AdminPartitionOutcome<ListedOffset>] = [:]
        for partition in requested {
            guard let answer = answers[partition] else {
                outcomes[partition] = .failed(AdminWire.missing("\(partition)", topic: partition.topic, partition: partition.partition, broker: broker))
                continue
            }
            outcomes[partition] = .classify(code: answer.errorCode, partition: partition, broker: broker) {
                listed(answer)
            }
        }
        return outcomes
    }

    /// A successful partition answer; Kafka's -1 means "none" for each field.
    static func listed(_ answer: ListOffsetsResponse.ListOffsetsPartitionResponse) -> ListedOffset {
        ListedOffset(
            offset: answer.offset < 0 ? nil : answer.offset,
            timestamp: answer.timestamp < 0 ? nil : answer.timestamp,
            leaderEpoch: answer.leaderEpoch < 0 ? nil : answer.leaderEpoch
        )
    }
}
