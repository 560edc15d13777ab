import GregorProtocol

/// DescribeCluster (KIP-700), with Metadata as the fallback for brokers without it.
enum DescribeClusterMapping {
    /// The request: brokers (endpoint type 1), no authorized operations.
    static func request() -> DescribeClusterRequest {
        DescribeClusterRequest(includeClusterAuthorizedOperations: false, endpointType: 1)
    }

    /// The cluster from a DescribeCluster response; a response error code is thrown.
    static func description(_ response: DescribeClusterResponse, broker: String? = nil) throws(KafkaError) -> ClusterDescription {
        if let error = AdminWire.resourceError(code: response.errorCode, message: response.errorMessage, broker: broker) {
            throw error
        }
        return ClusterDescription(
            clusterId: response.clusterId.isEmpty ? nil : response.clusterId,
            controllerId: response.controllerId < 0 ? nil : response.controllerId,
            brokers: response.brokers
                .map { BrokerDescription(nodeId: $0.brokerId, host: $0.host, port: $0.port, rack: $0.rack) }
                .sorted { $0.nodeId < $1.nodeId }
        )
    }

    /// The metadata request used as the fallback: no topics, no auto-creation.
    static func metadataRequest() -> MetadataRequest {
        MetadataRequest(topics: [], allowAutoTopicCreation: false)
    }

    /// The cluster from a Metadata response.
    static func description(_ response: MetadataResponse) -> ClusterDescription {
        ClusterDescription(
            clusterId: response.clusterId.flatMap { $0.isEmpty ? nil : $0 },
            controllerId: response.controllerId < 0 ? nil : response.controllerId,
            brokers: response.brokers
                .map { BrokerDescription(nodeId: $0.nodeId, host: $0.host, port: $0.port, rack: $0.rack) }
                .sorted { $0.nodeId < $1.nodeId }
        )
    }
}
