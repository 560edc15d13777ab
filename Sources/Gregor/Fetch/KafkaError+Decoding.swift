import GregorProtocol

extension KafkaError {
    /// The error of a partition whose fetched records do not decode (a bad CRC, a malformed
    /// record, broken compression); `broker` names where they came from, when known.
    package static func undecodableRecords(_ partition: FetchPartitionID, _ error: KafkaDecodingError, broker: String? = nil) -> KafkaError {
        KafkaError(
            .decoding(error), "cannot decode records of \(partition): \(error)",
            broker: broker, topic: partition.topic, partition: partition.partition)
    }
}
