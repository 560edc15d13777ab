import GregorProtocol

/// CreatePartitions: raise topics' partition counts; request and per-topic results.
enum CreatePartitionsMapping {
    /// Checks the new totals: non-empty names, at least one partition.
    static func validate(_ newTotals: [String: Int32]) throws(KafkaError) {
        for (topic, count) in newTotals {
            guard !topic.isEmpty else { throw KafkaError(.invalidArgument, "a topic name is empty") }
            guard count >= 1 else { throw KafkaError(.invalidArgument, "the new partition count must be at least 1, not \(count)", topic: topic) }
        }
    }

    /// The request; topics sorted by name, replica placement left to the controller.
    static func request(_ newTotals: [String: Int32], validateOnly: Bool, timeout: Duration) -> CreatePartitionsRequest {
        CreatePartitionsRequest(
            topics: newTotals.sorted { $0.key < $1.key }.map { .init(name: $0.key, count: $0.value, assignments: nil) },
            timeoutMs: AdminWire.milliseconds(timeout),
            validateOnly: validateOnly
        )
    }

    /// Per-topic results.
    static func results(_ response: CreatePartitionsResponse, requested: [String]) -> KafkaAdminResults<String, Void> {
        var byName: [String: CreatePartitionsResponse.CreatePartitionsTopicResult] = [:]
        for topic in response.results { byName[topic.name] = topic }
        var results: [String: Result<Void, KafkaError>] = [:]
        for name in requested {
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
        return KafkaAdminResults(results: results, order: requested)
    }
}
