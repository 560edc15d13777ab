import GregorProtocol

/// CreateTopics: the request for a set of `NewTopic`s and the per-topic results of the response.
enum CreateTopicsMapping {
    /// Checks the caller's topics: non-empty unique names, positive counts when given.
    static func validate(_ topics: [NewTopic]) throws(KafkaError) {
        var names = Set<String>()
        for topic in topics {
            guard !topic.name.isEmpty else { throw KafkaError(.invalidArgument, "a topic name is empty") }
            guard names.insert(topic.name).inserted else {
                throw KafkaError(.invalidArgument, "topic \(topic.name) is listed twice", topic: topic.name)
            }
            if let partitions = topic.partitions, partitions < 1 {
                throw KafkaError(.invalidArgument, "partitions must be at least 1, not \(partitions)", topic: topic.name)
            }
            if let replicationFactor = topic.replicationFactor, replicationFactor < 1 {
                throw KafkaError(.invalidArgument, "replication factor must be at least 1, not \(replicationFactor)", topic: topic.name)
            }
        }
    }

    /// The request; `nil` counts become Kafka's -1 ("broker default"), configs are sent sorted by name.
    static func request(_ topics: [NewTopic], validateOnly: Bool, timeout: Duration) -> CreateTopicsRequest {
        CreateTopicsRequest(
            topics: topics.map { topic in
                CreateTopicsRequest.CreatableTopic(
                    name: topic.name,
                    numPartitions: topic.partitions ?? -1,
                    replicationFactor: topic.replicationFactor ?? -1,
                    assignments: [],
                    configs: topic.configs.sorted { $0.key < $1.key }.map { .init(name: $0.key, value: $0.value) }
                )
            },
            timeoutMs: AdminWire.milliseconds(timeout),
            validateOnly: validateOnly
        )
    }

    /// Per-topic results for the `requested` names; a topic the response omits is a protocol violation.
    static func results(_ response: CreateTopicsResponse, requested: [String], broker: String? = nil) -> KafkaAdminResults<String, CreatedTopic> {
        var byName: [String: CreateTopicsResponse.CreatableTopicResult] = [:]
        for topic in response.topics { byName[topic.name] = topic }
        var results: [String: Result<CreatedTopic, KafkaError>] = [:]
        for name in requested {
            guard let topic = byName[name] else {
                results[name] = .failure(AdminWire.missing("topic \(name)", topic: name, broker: broker))
                continue
            }
            if let error = AdminWire.resourceError(code: topic.errorCode, message: topic.errorMessage, topic: name, broker: broker) {
                results[name] = .failure(error)
                continue
            }
            results[name] = .success(created(from: topic))
        }
        return KafkaAdminResults(results: results, order: requested)
    }

    /// The success value of one topic result; -1 counts and the zero id mean "not reported".
    static func created(from topic: CreateTopicsResponse.CreatableTopicResult) -> CreatedTopic {
        CreatedTopic(
            name: topic.name,
            topicId: topic.topicId == .zero ? nil : topic.topicId,
            partitions: topic.numPartitions < 0 ? nil : topic.numPartitions,
            replicationFactor: topic.replicationFactor < 0 ? nil : topic.replicationFactor,
            configs: (topic.configs ?? []).map { config in
                ConfigEntry(
                    name: config.name,
                    value: config.value,
                    isReadOnly: config.readOnly,
                    source: ConfigSource(wireValue: config.configSource),
                    isSensitive: config.isSensitive
                )
            }
        )
    }

    /// "Create if missing": TOPIC_ALREADY_EXISTS counts as success, every other outcome stays.
    static func ifMissing(_ results: KafkaAdminResults<String, CreatedTopic>) -> KafkaAdminResults<String, TopicCreation> {
        var mapped: [String: Result<TopicCreation, KafkaError>] = [:]
        for (name, result) in results.results {
            switch result {
            case .success(let created):
                mapped[name] = .success(.created(created))
            case .failure(let error) where error.errorCode?.code == KafkaErrorCode.topicAlreadyExists.code:
                mapped[name] = .success(.alreadyExisted)
            case .failure(let error):
                mapped[name] = .failure(error)
            }
        }
        return KafkaAdminResults(results: mapped, order: results.order)
    }

    /// Topics whose error says the request reached a broker that is not (or no longer) the
    /// controller: worth a metadata refresh and a resend.
    static func controllerMoved(_ results: KafkaAdminResults<String, CreatedTopic>) -> [String] {
        results.order.filter { AdminWire.isNotController(results.failures[$0]) }
    }
}
