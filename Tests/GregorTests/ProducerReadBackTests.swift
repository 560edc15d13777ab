import Foundation
import NIOCore
import Testing

@testable import Gregor

/// Reads what the producer wrote with a raw FetchRequest through `KafkaConnection` and
/// `RecordBatchDecoder` — independent of Gregor's fetch engine — for the producer's integration tests.
enum ProducerReadBack {
    /// One record as stored by the broker.
    struct StoredRecord: Sendable, Hashable {
        var offset: Int64
        var timestamp: Int64
        var key: [UInt8]?
        var value: [UInt8]?
        var headers: [RecordHeader]
    }

    /// One stored batch's header facts.
    struct StoredBatch: Sendable, Hashable {
        var baseOffset: Int64
        var compression: CompressionCodec
        var timestampType: TimestampType
        var producerId: Int64
        var baseSequence: Int32
        var recordCount: Int32
    }

    struct Sink: RecordSink {
        var records: [StoredRecord] = []
        var batches: [StoredBatch] = []

        mutating func beginBatch(_ header: RecordBatchHeader, location: RecordLocation) throws(KafkaDecodingError) {
            batches.append(StoredBatch(
                baseOffset: header.baseOffset, compression: header.attributes.compression,
                timestampType: header.attributes.timestampType, producerId: header.producerId,
                baseSequence: header.baseSequence, recordCount: header.recordCount))
        }

        mutating func record(
            offset: Int64, timestamp: Int64, key: UnsafeRawBufferPointer?, value: UnsafeRawBufferPointer?, headers: RecordHeaders
        ) throws(KafkaDecodingError) {
            records.append(StoredRecord(
                offset: offset, timestamp: timestamp, key: key.map { Array($0) }, value: value.map { Array($0) },
                headers: headers.map { RecordHeader(key: $0.keyString, value: $0.value.map { Array($0) }) }))
        }
    }

    /// Fetches `topic`/`partition` from offset 0 until at least `expected` records were read (or
    /// the partition's high watermark is reached and nothing more comes).
    static func read(
        cluster: KafkaCluster, topic: String, partition: Int32, expected: Int, maxWaitMs: Int32 = 50
    ) async throws -> (records: [StoredRecord], batches: [StoredBatch]) {
        var sink = Sink()
        var offset: Int64 = 0
        var idleRounds = 0
        while sink.records.count < expected, idleRounds < 20 {
            let leader = try await cluster.leader(topic: topic, partition: partition)
            let connection = try await cluster.connection(toNode: leader, purpose: .control)
            // Fetch v12 is the last version that names topics (v13+ use topic ids).
            let version = min(connection.negotiatedVersions.version(for: .fetch) ?? 12, 12)
            let request = FetchRequest(
                maxWaitMs: maxWaitMs, minBytes: 1, maxBytes: 16 << 20,
                topics: [FetchRequest.FetchTopic(topic: topic, partitions: [
                    FetchRequest.FetchPartition(partition: partition, fetchOffset: offset, partitionMaxBytes: 8 << 20)
                ])])
            let response = try await connection.send(request, version: version, extraTimeout: .milliseconds(Int64(maxWaitMs)))
            guard let data = response.responses.first(where: { $0.topic == topic })?.partitions.first(where: { $0.partitionIndex == partition }) else {
                throw PartitionerFixtureError("fetch response without \(topic)-\(partition)")
            }
            if data.errorCode != 0 { throw PartitionerFixtureError("fetch error \(KafkaErrorCode.lookup(data.errorCode)) for \(topic)-\(partition)") }
            let before = sink.records.count
            if let records = data.records, records.readableBytes > 0 {
                let summary = try RecordBatchDecoder.decode(records, location: RecordLocation(topic: topic, partition: partition), into: &sink)
                if let next = summary.nextOffset { offset = max(offset, next) }
            }
            if sink.records.count == before {
                idleRounds += 1
                if offset >= data.highWatermark, sink.records.count >= expected { break }
            } else {
                idleRounds = 0
            }
        }
        // A fetch from offset 0 may return a batch again if the log was read in pieces: keep one copy per offset.
        var seen = Set<Int64>()
        let unique = sink.records.filter { seen.insert($0.offset).inserted }
        return (unique, sink.batches)
    }

    /// Creates a topic through a raw CreateTopics request (Tansu; Metadata would auto-create it with
    /// the broker's default partition count).
    static func createTopic(cluster: KafkaCluster, name: String, partitions: Int32) async throws {
        let connection = try await cluster.controllerConnection()
        let response = try await connection.send(CreateTopicsRequest(
            topics: [CreateTopicsRequest.CreatableTopic(name: name, numPartitions: partitions, replicationFactor: 1)],
            timeoutMs: 10_000))
        for topic in response.topics where topic.errorCode != 0 && topic.errorCode != KafkaErrorCode.topicAlreadyExists.code {
            throw PartitionerFixtureError("CreateTopics \(name): \(KafkaErrorCode.lookup(topic.errorCode))")
        }
    }
}
