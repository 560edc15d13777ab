import Gregor
import NIOCore
import Testing

/// Building blocks for the fetch tests: record batches, Fetch answers, metadata.
enum FetchFixtures {
    static let t0 = ContinuousClock.now

    static func id(_ topic: String = "t", _ partition: Int32 = 0) -> FetchPartitionID {
        FetchPartitionID(topic: topic, partition: partition)
    }

    /// A configuration without jitter so that backoff deadlines are exact.
    /// A planner with `leaders`' partitions assigned at offset 0 and their leaders known.
    static func readyPlanner(_ leaders: [FetchPartitionID: Int32], configuration: FetchConfiguration = configuration()) -> FetchPlanner {
        var planner = FetchPlanner(configuration: configuration, seed: 1)
        for id in leaders.keys { planner.assign(id, from: .offset(0)) }
        _ = planner.nextActions(now: t0)
        _ = planner.applyMetadata(metadata(leaders), now: t0)
        return planner
    }

    static func configuration(_ change: (inout FetchConfiguration) -> Void = { _ in }) -> FetchConfiguration {
        var configuration = FetchConfiguration()
        configuration.retryBackoff = KafkaBackoff(initial: .milliseconds(100), maximum: .seconds(1), jitter: 0)
        change(&configuration)
        return configuration
    }

    /// One batch of `count` records at `baseOffset` with values "v<offset>".
    static func batch(
        baseOffset: Int64, count: Int, compression: CompressionCodec = .none, producerId: Int64 = -1,
        transactional: Bool = false
    ) throws -> ByteBuffer {
        var builder = RecordBatchBuilder(baseOffset: baseOffset, compression: compression)
        builder.producerId = producerId
        builder.producerEpoch = producerId >= 0 ? 0 : -1
        builder.baseSequence = producerId >= 0 ? 0 : -1
        builder.isTransactional = transactional
        for index in 0..<count {
            let offset = baseOffset + Int64(index)
            try builder.append(key: Array("k\(offset)".utf8), value: Array("v\(offset)".utf8), timestamp: 1_000 + offset)
        }
        var buffer = ByteBuffer()
        try builder.encode(into: &buffer)
        return buffer
    }

    /// A transaction marker batch (control) at `offset`.
    static func marker(_ type: ControlRecordType, offset: Int64, producerId: Int64) throws -> ByteBuffer {
        var builder = RecordBatchBuilder(baseOffset: offset)
        builder.isControl = true
        builder.isTransactional = true
        builder.producerId = producerId
        builder.producerEpoch = 0
        try builder.appendControlRecord(type, timestamp: 5_000)
        var buffer = ByteBuffer()
        try builder.encode(into: &buffer)
        return buffer
    }

    static func concat(_ buffers: ByteBuffer...) -> ByteBuffer {
        var all = ByteBuffer()
        for var buffer in buffers { all.writeBuffer(&buffer) }
        return all
    }

    static func partitionData(
        _ partition: Int32, records: ByteBuffer? = nil, error: KafkaErrorCode = .none, highWatermark: Int64 = 0,
        lastStableOffset: Int64 = -1, logStartOffset: Int64 = 0, aborted: [FetchResponse.AbortedTransaction]? = nil
    ) -> FetchResponse.PartitionData {
        FetchResponse.PartitionData(
            partitionIndex: partition, errorCode: error.code, highWatermark: highWatermark,
            lastStableOffset: lastStableOffset, logStartOffset: logStartOffset, abortedTransactions: aborted,
            records: records)
    }

    /// A Fetch answer naming topics by name (v12 and older).
    static func response(_ topics: [String: [FetchResponse.PartitionData]]) -> FetchResponse {
        FetchResponse(responses: topics.keys.sorted().map {
            FetchResponse.FetchableTopicResponse(topic: $0, partitions: topics[$0] ?? [])
        })
    }

    static func listOffsets(_ topic: String, _ partition: Int32, offset: Int64, error: KafkaErrorCode = .none) -> ListOffsetsResponse {
        ListOffsetsResponse(topics: [
            ListOffsetsResponse.ListOffsetsTopicResponse(name: topic, partitions: [
                ListOffsetsResponse.ListOffsetsPartitionResponse(partitionIndex: partition, errorCode: error.code, offset: offset)
            ])
        ])
    }

    static func metadata(_ leaders: [FetchPartitionID: Int32], epoch: Int32 = 0, topicIds: [String: KafkaUUID] = [:]) -> FetchMetadataSnapshot {
        FetchMetadataSnapshot(
            topicIds: topicIds, leaders: leaders.mapValues { FetchMetadataSnapshot.Leader(nodeId: $0, epoch: epoch) })
    }

    /// A MessageBatchBuilder sink decode of `records`, returning (offsets, values as strings).
    static func decodeAll(_ records: inout FetchedRecords) throws -> (offsets: [Int64], values: [String]) {
        var builder = MessageBatchBuilder()
        try records.decode(into: &builder)
        let batch = builder.finish()
        var offsets: [Int64] = []
        var values: [String] = []
        for index in 0..<batch.count {
            offsets.append(batch.offset(at: index))
            values.append(batch.value(at: index).map { String(decoding: $0, as: UTF8.self) } ?? "<null>")
        }
        return (offsets, values)
    }
}
