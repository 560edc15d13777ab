import GregorProtocol

extension KafkaAdmin {
    /// The cluster's id, controller and brokers: DescribeCluster when the broker offers it, else a
    /// Metadata request without topics.
    public func describeCluster() async throws -> ClusterDescription {
        let connection = try await cluster.anyConnection(purpose: .control)
        if connection.negotiatedVersions.version(for: .describeCluster) != nil {
            let response = try await send(DescribeClusterMapping.request(), on: connection)
            return try DescribeClusterMapping.description(response, broker: connection.brokerDescription)
        }
        let response = try await send(DescribeClusterMapping.metadataRequest(), on: connection)
        return DescribeClusterMapping.description(response)
    }

    /// Fresh cluster metadata for `topics` (`nil`: every topic), straight from a broker.
    public func metadata(topics: [String]? = nil) async throws -> ClusterMetadata {
        try await cluster.metadata(topics: topics, refresh: true)
    }

    /// The names of every topic (internal topics left out unless `includeInternal`), sorted.
    public func listTopics(includeInternal: Bool = false) async throws -> [String] {
        try await metadata(topics: nil).topics.values
            .filter { includeInternal || !$0.isInternal }
            .map(\.name)
            .sorted()
    }
}
