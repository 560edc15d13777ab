import Logging

/// Performs the fetch engine's I/O on a `KafkaCluster`: Fetch long-polls on each leader's data
/// connection, ListOffsets on the leader's control connection (so it never waits behind a
/// long-poll), metadata from the cluster's cache refreshed on demand.
public struct KafkaClusterFetchTransport: FetchTransport {
    /// The cluster.
    public let cluster: KafkaCluster

    /// A transport over `cluster`.
    public init(cluster: KafkaCluster) {
        self.cluster = cluster
    }

    /// Fresh metadata for `topics`.
    public func metadata(topics: [String]) async throws -> FetchMetadataSnapshot {
        FetchMetadataSnapshot(try await cluster.metadata(topics: topics, refresh: true))
    }

    /// The Fetch version negotiated on `nodeId`'s data connection.
    public func fetchVersion(node nodeId: Int32) async throws -> Int16 {
        try await fetchVersion(node: nodeId, lane: 0)
    }

    /// The Fetch version negotiated on `nodeId`'s data connection `lane`: each lane's own, so
    /// that a lane's first Fetch does not wait for lane 0 to open.
    public func fetchVersion(node nodeId: Int32, lane: Int) async throws -> Int16 {
        let connection = try await cluster.connection(toNode: nodeId, purpose: .data, lane: lane)
        return try connection.negotiatedVersions.requireVersion(for: .fetch, broker: connection.brokerDescription)
    }

    /// Opens `nodeId`'s data connections `lanes` concurrently (each once: the cluster shares a
    /// connect in progress).
    public func openFetchConnections(node nodeId: Int32, lanes: [Int]) async {
        await withTaskGroup(of: Void.self) { group in
            for lane in lanes {
                group.addTask { _ = try? await cluster.connection(toNode: nodeId, purpose: .data, lane: lane) }
            }
        }
    }

    /// Sends `request` on `nodeId`'s data connection.
    public func fetch(_ request: FetchRequest, version: Int16, node nodeId: Int32, extraTimeout: Duration) async throws -> FetchResponse {
        try await fetch(request, version: version, node: nodeId, lane: 0, extraTimeout: extraTimeout)
    }

    /// Sends `request` on `nodeId`'s data connection `lane` (lane 0 is the one `.data` connection;
    /// the others are opened for fetching only).
    public func fetch(_ request: FetchRequest, version: Int16, node nodeId: Int32, lane: Int, extraTimeout: Duration) async throws -> FetchResponse {
        let connection = try await cluster.connection(toNode: nodeId, purpose: .data, lane: lane)
        return try await connection.send(request, version: version, extraTimeout: extraTimeout)
    }

    /// Sends `request` on `nodeId`'s control connection.
    public func listOffsets(_ request: ListOffsetsRequest, node nodeId: Int32) async throws -> ListOffsetsResponse {
        let connection = try await cluster.connection(toNode: nodeId, purpose: .control)
        return try await connection.send(request)
    }
}

extension FetchEngine {
    /// An engine fetching through `cluster`.
    public init(
        cluster: KafkaCluster, configuration: FetchConfiguration = FetchConfiguration(), handler: any FetchHandler,
        logger: Logger? = nil
    ) {
        self.init(
            transport: KafkaClusterFetchTransport(cluster: cluster), configuration: configuration, handler: handler,
            logger: logger ?? cluster.logger)
    }
}
