/// The parts of cluster metadata the fetch planner uses: topic ids and partition leaders.
public struct FetchMetadataSnapshot: Sendable, Hashable {
    /// A partition's leader as metadata reports it.
    public struct Leader: Sendable, Hashable {
        /// The leader's node id, -1 while no leader is elected.
        public var nodeId: Int32
        /// The leader epoch, -1 when the broker does not report one.
        public var epoch: Int32

        /// Creates a leader entry.
        public init(nodeId: Int32, epoch: Int32 = -1) {
            self.nodeId = nodeId
            self.epoch = epoch
        }
    }

    /// Topic ids by topic name (topics without an id may be left out).
    public var topicIds: [String: KafkaUUID]
    /// Leaders of every partition the metadata reported. A partition missing here is unknown to
    /// the cluster (and counts toward `FetchConfiguration.unknownTopicRetryLimit`).
    public var leaders: [FetchPartitionID: Leader]

    /// Creates a snapshot.
    public init(topicIds: [String: KafkaUUID] = [:], leaders: [FetchPartitionID: Leader] = [:]) {
        self.topicIds = topicIds
        self.leaders = leaders
    }
}
