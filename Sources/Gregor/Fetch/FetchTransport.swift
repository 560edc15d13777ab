/// The fetch engine's I/O: metadata, Fetch and ListOffsets to a given leader.
///
/// `KafkaClusterFetchTransport` performs it on a `KafkaCluster` (Fetch on the leader's data
/// connection, ListOffsets and metadata on control connections). Tests may supply their own.
/// Every method throws `KafkaError`.
public protocol FetchTransport: Sendable {
    /// Metadata for `topics`, fresh from a broker.
    func metadata(topics: [String]) async throws -> FetchMetadataSnapshot
    /// The Fetch version negotiated with node `nodeId`.
    func fetchVersion(node nodeId: Int32) async throws -> Int16
    /// Sends `request` at `version` to node `nodeId`; `extraTimeout` covers the long-poll wait.
    func fetch(_ request: FetchRequest, version: Int16, node nodeId: Int32, extraTimeout: Duration) async throws -> FetchResponse
    /// Sends `request` at `version` on fetch connection `lane` to node `nodeId` (see
    /// `FetchConfiguration.connectionsPerBroker`); by default, on the one connection `fetch` uses.
    func fetch(_ request: FetchRequest, version: Int16, node nodeId: Int32, lane: Int, extraTimeout: Duration) async throws -> FetchResponse
    /// Sends `request` to node `nodeId`.
    func listOffsets(_ request: ListOffsetsRequest, node nodeId: Int32) async throws -> ListOffsetsResponse
    /// The Fetch version negotiated on fetch connection `lane` to node `nodeId`.
    func fetchVersion(node nodeId: Int32, lane: Int) async throws -> Int16
    /// Opens fetch connections `lanes` (lane indices) to node `nodeId` ahead of the first Fetch,
    /// all at once; a failure is left for that Fetch to meet.
    func openFetchConnections(node nodeId: Int32, lanes: [Int]) async
}

extension FetchTransport {
    /// One connection per broker: every lane is the same connection.
    public func fetch(_ request: FetchRequest, version: Int16, node nodeId: Int32, lane: Int, extraTimeout: Duration) async throws -> FetchResponse {
        try await fetch(request, version: version, node: nodeId, extraTimeout: extraTimeout)
    }

    /// One connection per broker: every lane negotiated what `fetchVersion(node:)` says.
    public func fetchVersion(node nodeId: Int32, lane: Int) async throws -> Int16 {
        try await fetchVersion(node: nodeId)
    }

    /// Default: connections open with the first Fetch.
    public func openFetchConnections(node nodeId: Int32, lanes: [Int]) async {}
}

extension FetchMetadataSnapshot {
    /// The topic ids and leaders in `metadata`. Topics with an error and partitions the metadata
    /// does not list are left out (unknown); a partition without a leader is kept with node -1.
    public init(_ metadata: ClusterMetadata) {
        var topicIds: [String: KafkaUUID] = [:]
        var leaders: [FetchPartitionID: Leader] = [:]
        for (name, topic) in metadata.topics where topic.error == nil {
            if topic.topicId != .zero { topicIds[name] = topic.topicId }
            for (index, partition) in topic.partitions {
                let known = partition.leader >= 0 && metadata.brokers[partition.leader] != nil
                leaders[FetchPartitionID(topic: name, partition: index)] = Leader(
                    nodeId: known ? partition.leader : -1, epoch: partition.leaderEpoch)
            }
        }
        self.init(topicIds: topicIds, leaders: leaders)
    }
}
