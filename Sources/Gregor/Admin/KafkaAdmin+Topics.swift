import GregorProtocol

extension KafkaAdmin {
    /// Creates topics; one outcome per topic (TOPIC_ALREADY_EXISTS, INVALID_REPLICATION_FACTOR,
    /// POLICY_VIOLATION, … as `KafkaError` naming the topic). `validateOnly` asks the broker to check
    /// without creating (Tansu ignores it and creates). `timeout` (default `defaultTimeout`) is how
    /// long the controller may take.
    public func createTopics(_ topics: [NewTopic], validateOnly: Bool = false, timeout: Duration? = nil) async throws -> KafkaAdminResults<String, CreatedTopic> {
        try CreateTopicsMapping.validate(topics)
        let timeout = timeout ?? defaultTimeout
        var pending = topics
        var results: [String: Result<CreatedTopic, KafkaError>] = [:]
        var attempt = 0
        while !pending.isEmpty {
            attempt += 1
            let connection = try await cluster.controllerConnection()
            let request = CreateTopicsMapping.request(pending, validateOnly: validateOnly, timeout: timeout)
            let response = try await send(request, on: connection, timeout: timeout)
            let answer = CreateTopicsMapping.results(response, requested: pending.map(\.name), broker: connection.brokerDescription)
            answer.results.forEach { results[$0.key] = $0.value }
            let moved = Set(CreateTopicsMapping.controllerMoved(answer))
            guard !moved.isEmpty, attempt < maxAttempts else { break }
            logger.debug("CreateTopics reached a broker that is not the controller; refreshing metadata", metadata: ["kafka.broker": "\(connection.brokerDescription)"])
            await cluster.invalidateMetadata(topic: nil)
            await backoff(after: attempt)
            pending = pending.filter { moved.contains($0.name) }
        }
        return KafkaAdminResults(results: results, order: topics.map(\.name))
    }

    /// Creates one topic; throws its error (TOPIC_ALREADY_EXISTS, …) as a `KafkaError` naming it.
    public func createTopic(_ topic: NewTopic, validateOnly: Bool = false, timeout: Duration? = nil) async throws -> CreatedTopic {
        try await createTopics([topic], validateOnly: validateOnly, timeout: timeout).value(for: topic.name)
    }

    /// Creates the topics that do not exist yet: TOPIC_ALREADY_EXISTS counts as success
    /// (`.alreadyExisted`; the existing topic's partitions and configs are not compared).
    public func createTopicsIfMissing(_ topics: [NewTopic], timeout: Duration? = nil) async throws -> KafkaAdminResults<String, TopicCreation> {
        CreateTopicsMapping.ifMissing(try await createTopics(topics, timeout: timeout))
    }

    /// Creates one topic unless it exists; throws any other error.
    public func createTopicIfMissing(_ topic: NewTopic, timeout: Duration? = nil) async throws -> TopicCreation {
        try await createTopicsIfMissing([topic], timeout: timeout).value(for: topic.name)
    }

    /// Deletes topics by name; one outcome per topic (UNKNOWN_TOPIC_OR_PARTITION, …).
    public func deleteTopics(_ names: [String], timeout: Duration? = nil) async throws -> KafkaAdminResults<String, Void> {
        guard !names.contains(where: \.isEmpty) else { throw KafkaError(.invalidArgument, "a topic name is empty") }
        let timeout = timeout ?? defaultTimeout
        let requested = Array(Set(names))
        var pending = requested
        var results: [String: Result<Void, KafkaError>] = [:]
        var attempt = 0
        while !pending.isEmpty {
            attempt += 1
            let connection = try await cluster.controllerConnection()
            let version = try connection.negotiatedVersions.requireVersion(for: .deleteTopics, broker: connection.brokerDescription)
            let request = DeleteTopicsMapping.request(names: pending, timeout: timeout, version: version)
            let response = try await send(request, on: connection, version: version, timeout: timeout)
            let answer = DeleteTopicsMapping.results(response, requestedNames: pending)
            answer.results.forEach { results[$0.key] = $0.value }
            let moved = answer.order.filter { AdminWire.isNotController(answer.failures[$0]) }
            guard !moved.isEmpty, attempt < maxAttempts else { break }
            await cluster.invalidateMetadata(topic: nil)
            await backoff(after: attempt)
            pending = moved
        }
        for name in requested { await cluster.invalidateMetadata(topic: name) }
        return KafkaAdminResults(results: results, order: names)
    }

    /// Deletes one topic; throws its error.
    public func deleteTopic(_ name: String, timeout: Duration? = nil) async throws {
        try await deleteTopics([name], timeout: timeout).value(for: name)
    }

    /// Deletes topics by topic id (DeleteTopics v6+, else `.unsupportedVersion`); each success
    /// carries the deleted topic's name when the broker sent it.
    public func deleteTopics(ids: [KafkaUUID], timeout: Duration? = nil) async throws -> KafkaAdminResults<KafkaUUID, String?> {
        let timeout = timeout ?? defaultTimeout
        let connection = try await cluster.controllerConnection()
        let version = try connection.negotiatedVersions.requireVersion(for: .deleteTopics, broker: connection.brokerDescription)
        let request = try DeleteTopicsMapping.request(ids: ids, timeout: timeout, version: version)
        let response = try await send(request, on: connection, version: version, timeout: timeout)
        await cluster.invalidateMetadata(topic: nil)
        return DeleteTopicsMapping.results(response, requestedIds: ids)
    }

    /// Raises topics' partition counts to the given totals (CreatePartitions); one outcome per
    /// topic (INVALID_PARTITIONS when a total is not above the current count, …).
    public func createPartitions(_ newTotals: [String: Int32], validateOnly: Bool = false, timeout: Duration? = nil) async throws -> KafkaAdminResults<String, Void> {
        try CreatePartitionsMapping.validate(newTotals)
        let timeout = timeout ?? defaultTimeout
        var pending = newTotals
        var results: [String: Result<Void, KafkaError>] = [:]
        var attempt = 0
        while !pending.isEmpty {
            attempt += 1
            let connection = try await cluster.controllerConnection()
            let request = CreatePartitionsMapping.request(pending, validateOnly: validateOnly, timeout: timeout)
            let response = try await send(request, on: connection, timeout: timeout)
            let answer = CreatePartitionsMapping.results(response, requested: pending.keys.sorted())
            answer.results.forEach { results[$0.key] = $0.value }
            let moved = Set(answer.order.filter { AdminWire.isNotController(answer.failures[$0]) })
            guard !moved.isEmpty, attempt < maxAttempts else { break }
            await cluster.invalidateMetadata(topic: nil)
            await backoff(after: attempt)
            pending = pending.filter { moved.contains($0.key) }
        }
        for name in newTotals.keys { await cluster.invalidateMetadata(topic: name) }
        return KafkaAdminResults(results: results, order: newTotals.keys.sorted())
    }

    /// Raises one topic's partition count to `newTotalCount`; throws its error.
    public func createPartitions(topic: String, newTotalCount: Int32, validateOnly: Bool = false, timeout: Duration? = nil) async throws {
        try await createPartitions([topic: newTotalCount], validateOnly: validateOnly, timeout: timeout).value(for: topic)
    }
}
