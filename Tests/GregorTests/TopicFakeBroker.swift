@testable import Gregor
import GregorProtocol
import NIOCore
import NIOPosix
import Synchronization

/// A scripted single-broker "Kafka" serving one topic from memory, for reader behaviour no real
/// test broker can show: partitions added to a live topic (neither Tansu nor the mock cluster has
/// CreatePartitions) and record batches broken on purpose.
///
/// It answers ApiVersions, Metadata, ListOffsets (earliest and latest) and Fetch over TCP
/// (`ConnectionFakeBroker`); a Fetch with nothing new waits a little, like a long poll.
final class TopicFakeBroker: Sendable {
    /// The topic served.
    let topic: String
    /// The topic id reported by Metadata and Fetch.
    static let topicId = KafkaUUID(high: 0x4752_4547, low: 0x4F52)
    private let server: ConnectionFakeBroker
    private let log: TopicLog
    private let group: MultiThreadedEventLoopGroup

    private init(topic: String, server: ConnectionFakeBroker, log: TopicLog, group: MultiThreadedEventLoopGroup) {
        self.topic = topic
        self.server = server
        self.log = log
        self.group = group
    }

    /// Starts the broker with `partitions` empty partitions.
    static func start(topic: String, partitions: Int32) async throws -> TopicFakeBroker {
        let log = TopicLog(Dictionary(uniqueKeysWithValues: (0..<partitions).map { ($0, [ByteBuffer]()) }))
        // Its own threads: an idle Fetch answer sleeps on them, never on the client's.
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 4)
        let server = try await ConnectionFakeBroker.start(group: group) { request in
            answer(request, topic: topic, log: log)
        }
        return TopicFakeBroker(topic: topic, server: server, log: log, group: group)
    }

    /// The bootstrap address.
    var address: KafkaBrokerAddress { server.address }

    /// The Fetch requests received so far, decoded.
    var fetchRequests: [FetchRequest] {
        server.requests.filter { $0.apiKey == KafkaAPI.fetch.rawValue }.compactMap { $0.decoded(as: FetchRequest.self) }
    }

    /// Grows the topic to `count` partitions (new ones empty).
    func growTo(_ count: Int32) {
        log.batches.withLock { log in
            for partition in Int32(log.count)..<count { log[partition] = [] }
        }
    }

    /// Appends one batch of `records` (`nil` value = tombstone) to `partition`; returns the
    /// offset after it.
    @discardableResult
    func append(_ records: [(key: String, value: String?)], partition: Int32) throws -> Int64 {
        try log.batches.withLock { log in
            let base = Self.endOffset(log[partition] ?? [])
            var builder = RecordBatchBuilder(baseOffset: base)
            for record in records {
                try builder.append(key: Array(record.key.utf8), value: record.value.map { Array($0.utf8) }, headers: [], timestamp: 1_700_000_000_000)
            }
            var batch = ByteBuffer()
            try builder.encode(into: &batch)
            log[partition, default: []].append(batch)
            return base + Int64(records.count)
        }
    }

    /// Appends one batch of `records` to `partition` after `damage` edits its bytes (the batch
    /// starts at index 0 of the buffer it gets).
    func appendDamaged(_ records: [(key: String, value: String?)], partition: Int32, damage: (inout ByteBuffer) -> Void) throws {
        try append(records, partition: partition)
        log.batches.withLock { log in
            guard var batch = log[partition]?.popLast() else { return }
            damage(&batch)
            log[partition, default: []].append(batch)
        }
    }

    /// Stops listening.
    func stop() async {
        await server.stop()
        try? await group.shutdownGracefully()
    }

    // MARK: answers

    private static func endOffset(_ batches: [ByteBuffer]) -> Int64 {
        guard let last = batches.last else { return 0 }
        let base = last.getInteger(at: last.readerIndex, as: Int64.self) ?? 0
        let lastOffsetDelta = last.getInteger(at: last.readerIndex + 23, as: Int32.self) ?? 0
        return base + Int64(lastOffsetDelta) + 1
    }

    private static func answer(
        _ request: ConnectionFakeBroker.Request, topic: String, log: TopicLog
    ) -> ByteBuffer? {
        guard let api = KafkaAPI(rawValue: request.apiKey) else { return nil }
        switch api {
        case .apiVersions:
            let served: [KafkaAPI] = [.apiVersions, .metadata, .listOffsets, .fetch]
            return ConnectionFakeBroker.apiVersionsAnswer(
                request, maxApiVersions: KafkaAPI.apiVersions.supportedVersions.upperBound,
                ranges: Dictionary(uniqueKeysWithValues: served.map { ($0, $0.supportedVersions) }))
        case .metadata:
            let partitions = log.batches.withLock { Int32($0.count) }
            return ConnectionFakeBroker.metadataAnswer(request, topic: topic, topicId: topicId, partitions: partitions)
        case .listOffsets:
            guard let parsed = request.decoded(as: ListOffsetsRequest.self) else { return nil }
            let ends = log.batches.withLock { $0.mapValues(endOffset) }
            let topics = parsed.topics.map { requested in
                ListOffsetsResponse.ListOffsetsTopicResponse(name: requested.name, partitions: requested.partitions.map { partition in
                    guard let end = ends[partition.partitionIndex] else {
                        return .init(partitionIndex: partition.partitionIndex, errorCode: 3)
                    }
                    // -2 = earliest (nothing is ever deleted here), -1 = latest.
                    return .init(partitionIndex: partition.partitionIndex, errorCode: 0, timestamp: -1, offset: partition.timestamp == -2 ? 0 : end)
                })
            }
            return request.answer(ListOffsetsResponse(topics: topics), to: ListOffsetsRequest.self)
        case .fetch:
            guard let parsed = request.decoded(as: FetchRequest.self) else { return nil }
            var response = fetchAnswer(parsed, topic: topic, log: log)
            if !response.hasRecords {
                usleep(UInt32(min(max(parsed.maxWaitMs, 0), 50)) * 1000)  // a short long poll
                response = fetchAnswer(parsed, topic: topic, log: log)
            }
            return request.answer(response.body, to: FetchRequest.self)
        default:
            return nil
        }
    }

    private static func fetchAnswer(
        _ request: FetchRequest, topic: String, log: TopicLog
    ) -> (body: FetchResponse, hasRecords: Bool) {
        log.batches.withLock { log in
            var hasRecords = false
            let topics = request.topics.map { requested in
                FetchResponse.FetchableTopicResponse(topic: topic, topicId: topicId, partitions: requested.partitions.map { partition in
                    guard let batches = log[partition.partition] else {
                        return .init(partitionIndex: partition.partition, errorCode: 3)
                    }
                    var records = ByteBuffer()
                    for batch in batches where endOffset([batch]) > partition.fetchOffset {
                        records.writeImmutableBuffer(batch)
                    }
                    if records.readableBytes > 0 { hasRecords = true }
                    let end = endOffset(batches)
                    return .init(partitionIndex: partition.partition, errorCode: 0, highWatermark: end, lastStableOffset: end, logStartOffset: 0, records: records)
                })
            }
            return (FetchResponse(responses: topics), hasRecords)
        }
    }
}

/// The fake's partitions: each a list of encoded record batches, in offset order.
final class TopicLog: Sendable {
    let batches: Mutex<[Int32: [ByteBuffer]]>

    init(_ batches: [Int32: [ByteBuffer]]) {
        self.batches = Mutex(batches)
    }
}
