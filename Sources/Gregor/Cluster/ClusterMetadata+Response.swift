import GregorProtocol

extension ClusterMetadata {
    /// The snapshot a Metadata response describes. Brokers with an invalid address (empty host,
    /// port outside 1...65535) are left out; topics without a name are left out.
    public init(response: MetadataResponse) {
        var brokers: [Int32: KafkaBrokerAddress] = [:]
        for broker in response.brokers {
            guard let address = try? KafkaBrokerAddress(host: broker.host, port: Int(broker.port)) else { continue }
            brokers[broker.nodeId] = address
        }
        var topics: [String: TopicMetadata] = [:]
        for topic in response.topics {
            guard let name = topic.name else { continue }
            var partitions: [Int32: PartitionMetadata] = [:]
            for partition in topic.partitions {
                partitions[partition.partitionIndex] = PartitionMetadata(
                    partition: partition.partitionIndex, leader: partition.leaderId, leaderEpoch: partition.leaderEpoch,
                    replicas: partition.replicaNodes, isr: partition.isrNodes,
                    errorCode: partition.errorCode == 0 ? nil : KafkaErrorCode.lookup(partition.errorCode)
                )
            }
            topics[name] = TopicMetadata(
                name: name, topicId: topic.topicId, isInternal: topic.isInternal, partitions: partitions,
                error: KafkaError.broker(topic.errorCode, topic: name)
            )
        }
        self.init(clusterId: response.clusterId, controllerId: response.controllerId, brokers: brokers, topics: topics)
    }

    /// This snapshot with `newer`'s brokers and controller, and `newer`'s topics replacing or
    /// adding to this one's (all topics replaced when `replacingTopics`).
    public func merging(_ newer: ClusterMetadata, replacingTopics: Bool) -> ClusterMetadata {
        var merged = newer
        if !replacingTopics {
            merged.topics = topics.merging(newer.topics) { _, new in new }
        }
        return merged
    }

    /// The leader of `topic`/`partition` when the snapshot knows one (a leader id ≥ 0 that is a
    /// known broker).
    public func leader(topic: String, partition: Int32) -> Int32? {
        guard let entry = topics[topic], entry.error == nil, let metadata = entry.partitions[partition],
              metadata.leader >= 0, brokers[metadata.leader] != nil else { return nil }
        return metadata.leader
    }
}
