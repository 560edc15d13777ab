/// One Fetch request the planner wants sent: to which leader, which partitions from where.
public struct FetchRequestPlan: Sendable {
    /// One partition in the request.
    public struct Entry: Sendable, Hashable {
        /// The partition.
        public var id: FetchPartitionID
        /// The topic id (`KafkaUUID.zero` when unknown).
        public var topicId: KafkaUUID
        /// The offset to fetch from (the partition's position when planned).
        public var fetchOffset: Int64
        /// The leader epoch sent as `currentLeaderEpoch` (-1: not checked by the broker).
        public var leaderEpoch: Int32
        /// The partition's assignment generation; an answer for an older one is dropped.
        var generation: UInt64
    }

    /// The leader to send to.
    public var nodeId: Int32
    /// Which of the leader's fetch connections it goes on (`0..<connectionsPerBroker`).
    public var lane: Int = 0
    /// The partitions, in request order (rotated between requests so every partition gets to be
    /// first, where KIP-74 guarantees progress).
    public var entries: [Entry]
    /// The settings the request is built from.
    var configuration: FetchConfiguration

    /// The highest Fetch version usable for this plan given the connection's negotiated one:
    /// v13+ names topics by id, so without every topic's id the plan stays at v12.
    public func version(negotiated: Int16) -> Int16 {
        guard negotiated >= 13 else { return negotiated }
        return entries.allSatisfy { $0.topicId != .zero } ? negotiated : 12
    }

    /// The request at `version`: a full fetch without a session (session id 0, epoch -1).
    public func makeRequest(version: Int16) -> FetchRequest {
        var topics: [FetchRequest.FetchTopic] = []
        var topicIndex: [String: Int] = [:]
        for entry in entries {
            let partition = FetchRequest.FetchPartition(
                partition: entry.id.partition, currentLeaderEpoch: entry.leaderEpoch, fetchOffset: entry.fetchOffset,
                lastFetchedEpoch: -1, logStartOffset: -1, partitionMaxBytes: configuration.partitionMaxBytes)
            if let index = topicIndex[entry.id.topic] {
                topics[index].partitions.append(partition)
            } else {
                topicIndex[entry.id.topic] = topics.count
                topics.append(FetchRequest.FetchTopic(
                    topic: version >= 13 ? "" : entry.id.topic, topicId: version >= 13 ? entry.topicId : .zero,
                    partitions: [partition]))
            }
        }
        return FetchRequest(
            maxWaitMs: configuration.maxWaitMilliseconds, minBytes: configuration.minBytes,
            maxBytes: configuration.maxBytes, isolationLevel: configuration.isolationLevel.rawValue,
            sessionId: 0, sessionEpoch: -1, topics: topics, rackId: configuration.rackId)
    }
}

/// One ListOffsets request the planner wants sent to a leader, resolving start policies.
public struct ListOffsetsPlan: Sendable {
    /// One partition in the request.
    public struct Entry: Sendable, Hashable {
        /// The partition.
        public var id: FetchPartitionID
        /// The ListOffsets timestamp: -2 earliest, -1 latest, else milliseconds.
        public var timestamp: Int64
        /// The leader epoch sent as `currentLeaderEpoch`.
        public var leaderEpoch: Int32
        /// The partition's assignment generation; an answer for an older one is dropped.
        var generation: UInt64
    }

    /// The leader to send to.
    public var nodeId: Int32
    /// The partitions.
    public var entries: [Entry]
    /// Transaction visibility (LATEST means the last stable offset with `read_committed`).
    public var isolationLevel: FetchIsolationLevel

    /// The request (every version from 1 carries the same fields the planner uses).
    public func makeRequest() -> ListOffsetsRequest {
        var topics: [ListOffsetsRequest.ListOffsetsTopic] = []
        var topicIndex: [String: Int] = [:]
        for entry in entries {
            let partition = ListOffsetsRequest.ListOffsetsPartition(
                partitionIndex: entry.id.partition, currentLeaderEpoch: entry.leaderEpoch, timestamp: entry.timestamp)
            if let index = topicIndex[entry.id.topic] {
                topics[index].partitions.append(partition)
            } else {
                topicIndex[entry.id.topic] = topics.count
                topics.append(ListOffsetsRequest.ListOffsetsTopic(name: entry.id.topic, partitions: [partition]))
            }
        }
        return ListOffsetsRequest(replicaId: -1, isolationLevel: isolationLevel.rawValue, topics: topics)
    }
}

/// What the planner wants done now.
public struct FetchActions: Sendable {
    /// Fetch requests to send, at most one per leader.
    public var fetches: [FetchRequestPlan] = []
    /// ListOffsets requests to send, at most one per leader.
    public var listOffsets: [ListOffsetsPlan] = []
    /// Topics whose metadata to refresh, `nil` for no refresh.
    public var refreshMetadata: [String]?
    /// When to ask again even if nothing happens (a backoff ends), `nil` for no deadline.
    public var wakeUp: ContinuousClock.Instant?

    /// Nothing to do.
    public init() {}
}
