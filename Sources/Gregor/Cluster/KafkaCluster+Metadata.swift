import GregorProtocol

extension KafkaCluster {
    /// Sends a Metadata request for `topics` (`nil`: all) on a control connection, trying other
    /// brokers when one fails with a connection error.
    func fetchMetadata(topics: [String]?) async throws -> ClusterMetadata {
        var lastError: KafkaError?
        // One attempt per known broker plus the bootstrap path, at least two.
        let attempts = max(2, (cache.snapshot?.brokers.count ?? 0) + 1)
        for _ in 0..<attempts {
            try checkNotShutDown()
            let connection: KafkaConnection
            do {
                connection = try await anyConnection(purpose: .control)
            } catch {
                throw Self.asKafkaError(error)
            }
            do {
                let response = try await connection.send(try Self.metadataRequest(topics: topics, on: connection))
                let snapshot = ClusterMetadata(response: response)
                logger.trace("metadata: \(snapshot.brokers.count) brokers, \(snapshot.topics.count) topics, controller \(snapshot.controllerId)")
                return snapshot
            } catch let error as KafkaError where error.isRetriable && error.errorCode == nil {
                // The connection broke: try another broker.
                logger.debug("Metadata request on \(connection.brokerDescription) failed: \(error)")
                lastError = error
                await connection.close()
            } catch {
                throw Self.asKafkaError(error)
            }
        }
        throw lastError ?? KafkaError(.connectionFailed, "no broker answered the Metadata request")
    }

    /// The Metadata request for `topics` at the connection's version; never auto-creates topics.
    static func metadataRequest(topics: [String]?, on connection: KafkaConnection) throws(KafkaError) -> MetadataRequest {
        let version = try connection.negotiatedVersions.requireVersion(for: .metadata, broker: connection.brokerDescription)
        var requestTopics = topics.map { names in names.map { MetadataRequest.MetadataRequestTopic(topicId: .zero, name: $0) } }
        // Version 0 has no null topic list: an empty list means all topics there.
        if version == 0 && requestTopics == nil { requestTopics = [] }
        return MetadataRequest(
            topics: requestTopics, allowAutoTopicCreation: false,
            includeClusterAuthorizedOperations: false, includeTopicAuthorizedOperations: false
        )
    }
}
