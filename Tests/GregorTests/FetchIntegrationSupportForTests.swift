import Gregor
import NIOCore
import Testing

/// Producing and topic creation with raw requests for the fetch integration tests, so that the
/// fetch tests depend on the connection layer only (not on the producer or admin client).
enum FetchIntegration {
    /// A record to produce and to expect back.
    struct Record: Hashable {
        var key: [UInt8]?
        var value: [UInt8]?
        var headers: [RecordHeader] = []
        var timestamp: Int64
    }

    /// Creates `topic` with `partitions` partitions (replication 1) through CreateTopics.
    static func createTopic(_ topic: String, partitions: Int32, on cluster: KafkaCluster) async throws {
        let connection = try await cluster.controllerConnection()
        let request = CreateTopicsRequest(topics: [.init(name: topic, numPartitions: partitions, replicationFactor: 1)])
        let response = try await connection.send(request)
        for result in response.topics where result.errorCode != 0 {
            throw KafkaError.broker(result.errorCode, "CreateTopics", topic: topic) ?? KafkaError(.protocolViolation, "?")
        }
    }

    /// Produces one batch of `records` to `topic`/`partition` with acks=all; returns its base offset.
    /// Retries (with fresh metadata) while the leader is moving.
    @discardableResult
    static func produce(
        _ records: [Record], to topic: String, partition: Int32, compression: CompressionCodec = .none,
        on cluster: KafkaCluster
    ) async throws -> Int64 {
        var builder = RecordBatchBuilder(compression: compression)
        for record in records {
            try builder.append(key: record.key, value: record.value, headers: record.headers, timestamp: record.timestamp)
        }
        var bytes = ByteBuffer()
        try builder.encode(into: &bytes)
        let request = ProduceRequest(acks: -1, timeoutMs: 10_000, topicData: [
            .init(name: topic, partitionData: [.init(index: partition, records: bytes)])
        ])
        var lastError: (any Error)?
        for attempt in 0..<40 {
            do {
                let metadata = try await cluster.metadata(topics: [topic], refresh: attempt > 0)
                guard let leader = metadata.leader(topic: topic, partition: partition) else {
                    throw KafkaError(.unknownTopicOrPartition, "no leader yet", topic: topic, partition: partition)
                }
                let connection = try await cluster.connection(toNode: leader, purpose: .data)
                let response = try await connection.send(request)
                let answer = response.responses.first?.partitionResponses.first
                if let error = KafkaError.broker(answer?.errorCode ?? 0, topic: topic, partition: partition) { throw error }
                return answer?.baseOffset ?? -1
            } catch {
                lastError = error
                try await Task.sleep(for: .milliseconds(100))
            }
        }
        throw lastError ?? KafkaError(.timedOut, "produce did not succeed")
    }

    /// `count` records with keys, values (one null), headers and explicit timestamps, named by `tag`.
    static func sample(_ tag: String, count: Int, timestampBase: Int64 = 1_700_000_000_000) -> [Record] {
        var records: [Record] = []
        for index in 0..<count {
            let key: [UInt8]? = index % 5 == 4 ? nil : Array("key-\(tag)-\(index)".utf8)
            let padding = String(repeating: "x", count: index % 13)
            let value: [UInt8]? = index % 7 == 6 ? nil : Array("value-\(tag)-\(index)-\(padding)".utf8)
            var headers: [RecordHeader] = []
            if index % 3 == 0 {
                headers = [RecordHeader(key: "h\(index)", value: Array("hv".utf8)), RecordHeader(key: "n", value: nil)]
            }
            records.append(Record(key: key, value: value, headers: headers, timestamp: timestampBase + Int64(index)))
        }
        return records
    }

    /// The rows `records` should come back as, starting at `offset`.
    static func expectedRows(_ records: [Record], from offset: Int64) -> [CollectingFetchHandler.Row] {
        records.enumerated().map { index, record in
            CollectingFetchHandler.Row(
                offset: offset + Int64(index), timestamp: record.timestamp, key: record.key, value: record.value,
                headers: record.headers)
        }
    }

    /// Runs `body` with a running engine over `cluster`, then stops the engine.
    static func withEngine(
        _ cluster: KafkaCluster, handler: CollectingFetchHandler, configuration: FetchConfiguration,
        _ body: (FetchEngine) async throws -> Void
    ) async throws {
        let engine = FetchEngine(cluster: cluster, configuration: configuration, handler: handler)
        let run = Task { try await engine.run() }
        do {
            try await body(engine)
        } catch {
            await engine.stop()
            _ = try? await run.value
            throw error
        }
        await engine.stop()
        try await run.value
    }
}
