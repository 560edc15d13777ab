import GregorProtocol

/// DeleteRecords: one request per leader; per-partition new low watermarks.
enum DeleteRecordsMapping {
    /// Checks the offsets: -1 (Kafka's "up to the high watermark") or a non-negative offset.
    static func validate(_ beforeOffsets: [KafkaTopicPartition: Int64]) throws(KafkaError) {
        for (partition, offset) in beforeOffsets where offset < -1 {
            throw KafkaError(.invalidArgument, "deleteRecords offset must be -1 (high watermark) or at least 0, not \(offset)", topic: partition.topic, partition: partition.partition)
        }
    }

    /// The request for the partitions one leader serves: delete every record below each offset.
    static func request(_ beforeOffsets: [KafkaTopicPartition: Int64], timeout: Duration) -> DeleteRecordsRequest {
        DeleteRecordsRequest(
            topics: AdminLeaderRouting.byTopic(beforeOffsets).map { topic in
                DeleteRecordsRequest.DeleteRecordsTopic(
                    name: topic.topic,
                    partitions: topic.partitions.map { .init(partitionIndex: $0.partition, offset: $0.value) }
                )
            },
            timeoutMs: AdminWire.milliseconds(timeout)
        )
    }

    /// The outcome of each requested partition: its new low watermark (log start offset).
    static func outcomes(_ response: DeleteRecordsResponse, requested: some Sequence<KafkaTopicPartition>, broker: String?) -> [KafkaTopicPartition: AdminPartitionOutcome<Int64>] {
        var answers: [KafkaTopicPartition: DeleteRecordsResponse.DeleteRecordsPartitionResult] = [:]
        for topic in response.topics {
            for partition in topic.partitions {
                answers[KafkaTopicPartition(topic: topic.name, partition: partition.partitionIndex)] = partition
            }
        }
        var outcomes: [KafkaTopicPartition: AdminPartitionOutcome<Int64>] = [:]
        for partition in requested {
            guard let answer = answers[partition] else {
                outcomes[partition] = .failed(AdminWire.missing("\(partition)", topic: partition.topic, partition: partition.partition, broker: broker))
                continue
            }
            outcomes[partition] = .classify(code: answer.errorCode, partition: partition, broker: broker) { answer.lowWatermark }
        }
        return outcomes
    }
}
