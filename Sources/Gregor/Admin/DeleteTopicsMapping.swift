import GregorProtocol

/// DeleteTopics: requests by name or by topic id and the per-topic results of the response.
enum DeleteTopicsMapping {
    /// First version that can name topics by id (`Topics` with `TopicId`, KIP-516).
    static let firstVersionWithTopicIds: Int16 = 6

    /// The request deleting topics by name, in the field `version` uses (`Topics` from v6,
    /// `TopicNames` before).
    static func request(names: [String], timeout: Duration, version: Int16) -> DeleteTopicsRequest {
        let timeoutMs = AdminWire.milliseconds(timeout)
        if version >= firstVersionWithTopicIds {
            return DeleteTopicsRequest(topics: names.map { .init(name: $0, topicId: .zero) }, timeoutMs: timeoutMs)
        }
        return DeleteTopicsRequest(topicNames: names, timeoutMs: timeoutMs)
    }

    /// The request deleting topics by id; needs v6+.
    static func request(ids: [KafkaUUID], timeout: Duration, version: Int16) throws(KafkaError) -> DeleteTopicsRequest {
        guard version >= firstVersionWithTopicIds else {
            throw KafkaError(.unsupportedVersion, "deleting topics by id needs DeleteTopics v6+, the broker speaks v\(version)")
        }
        return DeleteTopicsRequest(topics: ids.map { .init(name: nil, topicId: $0) }, timeoutMs: AdminWire.milliseconds(timeout))
    }

    /// Per-name results.
    static func results(_ response: DeleteTopicsResponse, requestedNames: [String]) -> KafkaAdminResults<String, Void> {
        var byName: [String: DeleteTopicsResponse.DeletableTopicResult] = [:]
        for topic in response.responses {
            if let name = topic.name { byName[name] = topic }
        }
        var results: [String: Result<Void, KafkaError>] = [:]
        for name in requestedNames {
            guard let topic = byName[name] else {
                results[name] = .failure(AdminWire.missing("topic \(name)", topic: name))
                continue
            }
            if let error = AdminWire.resourceError(code: topic.errorCode, message: topic.errorMessage, topic: name) {
                results[name] = .failure(error)
            } else {
                results[name] = .success(())
            }
        }
        return KafkaAdminResults(results: results, order: requestedNames)
    }

    /// Per-id results; the value is the deleted topic's name when the broker sent it.
    static func results(_ response: DeleteTopicsResponse, requestedIds: [KafkaUUID]) -> KafkaAdminResults<KafkaUUID, String?> {
        var byId: [KafkaUUID: DeleteTopicsResponse.DeletableTopicResult] = [:]
        for topic in response.responses { byId[topic.topicId] = topic }
        var results: [KafkaUUID: Result<String?, KafkaError>] = [:]
        for id in requestedIds {
            guard let topic = byId[id] else {
                results[id] = .failure(AdminWire.missing("topic id \(id)"))
                continue
            }
            let named = topic.name ?? "id \(id)"
            if let error = AdminWire.resourceError(code: topic.errorCode, message: topic.errorMessage, topic: named) {
                results[id] = .failure(error)
            } else {
                results[id] = .success(topic.name)
            }
        }
        return KafkaAdminResults(results: results, order: requestedIds)
    }
}
