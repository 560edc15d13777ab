import GregorProtocol

extension KafkaAdmin {
    /// Looks up offsets per partition (ListOffsets) at each partition's leader, over `.control`
    /// connections. Retriable partition errors (NOT_LEADER_OR_FOLLOWER, LEADER_NOT_AVAILABLE, …)
    /// refresh metadata and retry up to `maxAttempts`; other errors are the partition's outcome.
    /// `.maxTimestamp` needs ListOffsets v7 (`.unsupportedVersion` otherwise).
    public func listOffsets(
        _ specs: [KafkaTopicPartition: OffsetSpec],
        isolationLevel: FetchIsolationLevel = .readUncommitted,
        timeout: Duration? = nil
    ) async throws -> KafkaAdminResults<KafkaTopicPartition, ListedOffset> {
        let timeout = timeout ?? defaultTimeout
        let minimumVersion = ListOffsetsMapping.minimumVersion(specs.values, isolationLevel: isolationLevel)
        let results = try await routeToLeaders(specs) { connection, group in
            let version = try connection.negotiatedVersions.requireVersion(for: .listOffsets, broker: connection.brokerDescription)
            guard version >= minimumVersion else {
                throw KafkaError(.unsupportedVersion, "this lookup needs ListOffsets v\(minimumVersion), the broker speaks v\(version)", broker: connection.brokerDescription)
            }
            let request = ListOffsetsMapping.request(group, isolationLevel: isolationLevel, timeout: timeout)
            let response = try await self.send(request, on: connection, version: version)
            return ListOffsetsMapping.outcomes(response, requested: group.keys, broker: connection.brokerDescription)
        }
        return KafkaAdminResults(results: results, order: specs.keys.sorted())
    }

    /// The offsets of every partition of `topic` for `spec`, by partition; throws the first
    /// partition error.
    public func listOffsets(
        topic: String,
        spec: OffsetSpec,
        isolationLevel: FetchIsolationLevel = .readUncommitted
    ) async throws -> [Int32: ListedOffset] {
        let metadata = try await cluster.metadata(topics: [topic], refresh: false)
        guard let topicMetadata = metadata.topics[topic], !topicMetadata.partitions.isEmpty else {
            throw KafkaError(.unknownTopicOrPartition, "topic not found", topic: topic)
        }
        if let error = topicMetadata.error { throw error }
        var specs: [KafkaTopicPartition: OffsetSpec] = [:]
        for partition in topicMetadata.partitions.keys {
            specs[KafkaTopicPartition(topic: topic, partition: partition)] = spec
        }
        let offsets = try await listOffsets(specs, isolationLevel: isolationLevel).get()
        var byPartition: [Int32: ListedOffset] = [:]
        for (key, value) in offsets { byPartition[key.partition] = value }
        return byPartition
    }

    /// Deletes every record below the given offset of each partition (DeleteRecords; -1 means up
    /// to the high watermark) at the partitions' leaders; each success is the partition's new low
    /// watermark (log start offset). Retries like `listOffsets`. Tansu lacks this API.
    public func deleteRecords(_ beforeOffsets: [KafkaTopicPartition: Int64], timeout: Duration? = nil) async throws -> KafkaAdminResults<KafkaTopicPartition, Int64> {
        try DeleteRecordsMapping.validate(beforeOffsets)
        let timeout = timeout ?? defaultTimeout
        let results = try await routeToLeaders(beforeOffsets) { connection, group in
            let request = DeleteRecordsMapping.request(group, timeout: timeout)
            let response = try await self.send(request, on: connection, timeout: timeout)
            return DeleteRecordsMapping.outcomes(response, requested: group.keys, broker: connection.brokerDescription)
        }
        return KafkaAdminResults(results: results, order: beforeOffsets.keys.sorted())
    }

    /// Sends `items` to their partitions' leaders, one request per leader built and sent by
    /// `perLeader`, and retries partitions whose outcome is retriable (after invalidating their
    /// topics' metadata and a backoff) until `maxAttempts`. A connection that fails with a
    /// retriable error counts as a retriable outcome of all its partitions; a non-retriable
    /// failure of a whole request is thrown.
    func routeToLeaders<Payload: Sendable, Value: Sendable>(
        _ items: [KafkaTopicPartition: Payload],
        perLeader: (KafkaConnection, [KafkaTopicPartition: Payload]) async throws -> [KafkaTopicPartition: AdminPartitionOutcome<Value>]
    ) async throws -> [KafkaTopicPartition: Result<Value, KafkaError>] {
        var results: [KafkaTopicPartition: Result<Value, KafkaError>] = [:]
        var pending = items
        var attempt = 0
        while !pending.isEmpty {
            attempt += 1
            var retry: [KafkaTopicPartition: KafkaError] = [:]
            var leaders: [KafkaTopicPartition: Int32] = [:]
            for partition in pending.keys.sorted() {
                do {
                    leaders[partition] = try await cluster.leader(topic: partition.topic, partition: partition.partition)
                } catch {
                    let kafkaError = Self.asKafkaError(error, partition: partition)
                    if kafkaError.isRetriable || kafkaError.kind == .unknownTopicOrPartition {
                        retry[partition] = kafkaError
                    } else {
                        results[partition] = .failure(kafkaError)
                    }
                }
            }
            let routing = AdminLeaderRouting.group(pending.filter { leaders[$0.key] != nil }, leaders: leaders)
            for partition in routing.leaderless {
                retry[partition] = KafkaError(.broker(.leaderNotAvailable), "the partition has no leader", topic: partition.topic, partition: partition.partition)
            }
            for (leader, group) in routing.byLeader.sorted(by: { $0.key < $1.key }) {
                do {
                    let connection = try await cluster.connection(toNode: leader, purpose: .control)
                    for (partition, outcome) in try await perLeader(connection, group) {
                        switch outcome {
                        case .done(let value): results[partition] = .success(value)
                        case .retry(let error): retry[partition] = error
                        case .failed(let error): results[partition] = .failure(error)
                        }
                    }
                } catch {
                    let kafkaError = Self.asKafkaError(error, partition: nil)
                    guard kafkaError.isRetriable else { throw kafkaError }
                    for partition in group.keys { retry[partition] = kafkaError }
                }
            }
            guard !retry.isEmpty else { break }
            guard attempt < maxAttempts else {
                for (partition, error) in retry { results[partition] = .failure(error) }
                break
            }
            logger.debug("retrying partitions after retriable errors", metadata: ["count": "\(retry.count)", "attempt": "\(attempt)"])
            for topic in Set(retry.keys.map(\.topic)) { await cluster.invalidateMetadata(topic: topic) }
            await backoff(after: attempt)
            pending = pending.filter { retry[$0.key] != nil }
        }
        return results
    }

    /// `error` as a `KafkaError`, naming `partition` when the error does not name one.
    static func asKafkaError(_ error: any Error, partition: KafkaTopicPartition?) -> KafkaError {
        guard var kafkaError = error as? KafkaError else {
            return KafkaError(.protocolViolation, "request failed: \(error)", topic: partition?.topic, partition: partition?.partition)
        }
        if kafkaError.topic == nil, let partition {
            kafkaError.topic = partition.topic
            kafkaError.partition = partition.partition
        }
        return kafkaError
    }
}
