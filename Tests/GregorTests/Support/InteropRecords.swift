import Foundation
import Gregor
import Synchronization

/// A record as Gregor's fetch engine decoded it, in the same terms as the peer's records.
struct GregorFetchedRecord: Sendable, Hashable {
    /// Partition.
    var partition: Int32
    /// Offset.
    var offset: Int64
    /// Timestamp in epoch milliseconds.
    var timestamp: Int64
    /// The batch's timestamp type.
    var timestampType: TimestampType
    /// Key bytes; `nil` for a null key.
    var key: [UInt8]?
    /// Value bytes; `nil` for a null value.
    var value: [UInt8]?
    /// Headers in order.
    var headers: [PeerHeader]
}

/// A record sink that copies every record out, and notes each batch's codec and timestamp type.
struct InteropRecordSink: RecordSink {
    let partition: Int32
    var records: [GregorFetchedRecord] = []
    var codecs: Set<CompressionCodec> = []
    private var timestampType: TimestampType = .createTime

    init(partition: Int32) {
        self.partition = partition
    }

    mutating func beginBatch(_ header: RecordBatchHeader, location: RecordLocation) throws(KafkaDecodingError) {
        codecs.insert(header.attributes.compression)
        timestampType = header.attributes.timestampType
    }

    mutating func record(
        offset: Int64, timestamp: Int64, key: UnsafeRawBufferPointer?, value: UnsafeRawBufferPointer?,
        headers: RecordHeaders
    ) throws(KafkaDecodingError) {
        records.append(GregorFetchedRecord(
            partition: partition, offset: offset, timestamp: timestamp, timestampType: timestampType,
            key: key.map { Array($0) }, value: value.map { Array($0) },
            headers: headers.map { PeerHeader($0.keyString, $0.value.map { Array($0) }) }))
    }
}

/// A fetch handler that decodes every partition's records with `InteropRecordSink`.
final class InteropFetchHandler: FetchHandler {
    private struct State {
        var records: [GregorFetchedRecord] = []
        var codecs: Set<CompressionCodec> = []
        var problems: [String] = []
    }

    private let state = Mutex(State())

    func handle(_ records: inout FetchedRecords) async {
        var sink = InteropRecordSink(partition: records.partition.partition)
        do {
            try records.decode(into: &sink)
        } catch {
            let partition = records.partition
            state.withLock { $0.problems.append("decoding \(partition): \(error)") }
        }
        state.withLock { [sink] state in
            state.records += sink.records
            state.codecs.formUnion(sink.codecs)
        }
    }

    func handle(_ event: FetchEvent) async {
        if case .partitionFailed(let id, let error) = event {
            state.withLock { $0.problems.append("\(id) failed: \(error)") }
        }
    }

    /// Records so far.
    var records: [GregorFetchedRecord] { state.withLock { $0.records } }
    /// Codecs of the batches seen so far.
    var codecs: Set<CompressionCodec> { state.withLock { $0.codecs } }
    /// Decoding errors and failed partitions.
    var problems: [String] { state.withLock { $0.problems } }
}

/// Reads records of `topic` with Gregor's fetch engine, from the earliest offset of each partition.
enum GregorReader {
    /// Fetches until `count` records arrived (or `timeout`), then stops the engine. Returns the
    /// records ordered by (partition, offset), and the batch codecs seen.
    static func read(
        cluster: KafkaCluster, topic: String, partitions: Int32, count: Int, timeout: Duration = .seconds(20)
    ) async throws -> (records: [GregorFetchedRecord], codecs: Set<CompressionCodec>) {
        let handler = InteropFetchHandler()
        var configuration = FetchConfiguration()
        configuration.maxWait = .milliseconds(200)
        let engine = FetchEngine(cluster: cluster, configuration: configuration, handler: handler)
        var assignment: [FetchPartitionID: FetchStartOffset] = [:]
        for partition in 0..<partitions { assignment[FetchPartitionID(topic: topic, partition: partition)] = .earliest }
        await engine.assign(assignment)
        let running = Task { try await engine.run() }
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        while handler.records.count < count, handler.problems.isEmpty, clock.now < deadline {
            try await Task.sleep(for: .milliseconds(20))
        }
        await engine.stop()
        try await running.value
        guard handler.problems.isEmpty else {
            throw TestSupportError("fetching \(topic): \(handler.problems.joined(separator: "; "))")
        }
        let records = handler.records.sorted { ($0.partition, $0.offset) < ($1.partition, $1.offset) }
        return (records, handler.codecs)
    }
}
