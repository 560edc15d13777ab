import GregorTestSupport
import Gregor
import NIOCore
import Synchronization

/// An in-memory cluster behind the `FetchTransport` protocol: per-partition logs of record
/// batches, leaders per partition, nodes that can be down. Answers like a broker does:
/// NOT_LEADER_OR_FOLLOWER from a non-leader, OFFSET_OUT_OF_RANGE outside [logStart, HWM],
/// whole batches from the one containing the fetch offset; an empty answer after `maxWait`.
final class InMemoryFetchCluster: FetchTransport, Sendable {
    struct Log {
        var batches: [(base: Int64, next: Int64, bytes: ByteBuffer)] = []
        var logStart: Int64 = 0
        var highWatermark: Int64 = 0
        var leader: Int32
    }

    struct State {
        var logs: [FetchPartitionID: Log] = [:]
        var downNodes: Set<Int32> = []
        var fetchCounts: [Int32: Int] = [:]
        var metadataRequests = 0
        var fetchedPartitions: [[FetchPartitionID]] = []
        var concurrent = 0
        var maxConcurrent = 0
        /// The lanes `openFetchConnections` was asked to open, per node.
        var openedLanes: [Int32: Set<Int>] = [:]
        /// The lanes whose Fetch version was asked for, per node.
        var versionLanes: [Int32: Set<Int>] = [:]
    }

    let state = Mutex(State())

    func createPartition(_ id: FetchPartitionID, leader: Int32) {
        state.withLock { $0.logs[id] = Log(leader: leader) }
    }

    /// Appends `count` records with values "v<offset>".
    func append(_ id: FetchPartitionID, count: Int) throws {
        let base = state.withLock { $0.logs[id]?.highWatermark ?? 0 }
        let bytes = try FetchFixtures.batch(baseOffset: base, count: count)
        state.withLock {
            $0.logs[id]?.batches.append((base, base + Int64(count), bytes))
            $0.logs[id]?.highWatermark = base + Int64(count)
        }
    }

    func deleteRecords(_ id: FetchPartitionID, before offset: Int64) {
        state.withLock {
            $0.logs[id]?.logStart = offset
            $0.logs[id]?.batches.removeAll { $0.next <= offset }
        }
    }

    func moveLeader(_ id: FetchPartitionID, to node: Int32) {
        state.withLock { $0.logs[id]?.leader = node }
    }

    func setDown(_ node: Int32, _ down: Bool) {
        state.withLock {
            if down { $0.downNodes.insert(node) } else { $0.downNodes.remove(node) }
        }
    }

    func metadata(topics: [String]) async throws -> FetchMetadataSnapshot {
        state.withLock { state in
            state.metadataRequests += 1
            var leaders: [FetchPartitionID: FetchMetadataSnapshot.Leader] = [:]
            for (id, log) in state.logs where topics.contains(id.topic) {
                leaders[id] = .init(nodeId: log.leader, epoch: 0)
            }
            return FetchMetadataSnapshot(leaders: leaders)
        }
    }

    func fetchVersion(node nodeId: Int32) async throws -> Int16 { 12 }

    func fetchVersion(node nodeId: Int32, lane: Int) async throws -> Int16 {
        state.withLock { _ = $0.versionLanes[nodeId, default: []].insert(lane) }
        return 12
    }

    func openFetchConnections(node nodeId: Int32, lanes: [Int]) async {
        state.withLock { $0.openedLanes[nodeId, default: []].formUnion(lanes) }
    }

    func fetch(_ request: FetchRequest, version: Int16, node nodeId: Int32, extraTimeout: Duration) async throws -> FetchResponse {
        try checkUp(nodeId)
        state.withLock {
            $0.concurrent += 1
            $0.maxConcurrent = max($0.maxConcurrent, $0.concurrent)
            $0.fetchCounts[nodeId, default: 0] += 1
            $0.fetchedPartitions.append(request.topics.flatMap { topic in
                topic.partitions.map { FetchPartitionID(topic: topic.topic, partition: $0.partition) }
            })
        }
        defer { state.withLock { $0.concurrent -= 1 } }
        var response = answer(request, node: nodeId)
        let hasData = response.responses.contains { $0.partitions.contains { ($0.records?.readableBytes ?? 0) > 0 || $0.errorCode != 0 } }
        if !hasData {
            try await Task.sleep(for: .milliseconds(Int64(request.maxWaitMs)))
            try checkUp(nodeId)
            response = answer(request, node: nodeId)
        }
        return response
    }

    func listOffsets(_ request: ListOffsetsRequest, node nodeId: Int32) async throws -> ListOffsetsResponse {
        try checkUp(nodeId)
        return state.withLock { state in
            ListOffsetsResponse(topics: request.topics.map { topic in
                .init(name: topic.name, partitions: topic.partitions.map { partition in
                    guard let log = state.logs[FetchPartitionID(topic: topic.name, partition: partition.partitionIndex)] else {
                        return .init(partitionIndex: partition.partitionIndex, errorCode: KafkaErrorCode.unknownTopicOrPartition.code)
                    }
                    guard log.leader == nodeId else {
                        return .init(partitionIndex: partition.partitionIndex, errorCode: KafkaErrorCode.notLeaderOrFollower.code)
                    }
                    let offset = partition.timestamp == -2 ? log.logStart : log.highWatermark
                    return .init(partitionIndex: partition.partitionIndex, offset: offset)
                })
            })
        }
    }

    private func checkUp(_ node: Int32) throws {
        if state.withLock({ $0.downNodes.contains(node) }) {
            throw KafkaError(.connectionFailed, "node \(node) is down", broker: "node \(node)")
        }
    }

    private func answer(_ request: FetchRequest, node: Int32) -> FetchResponse {
        state.withLock { state in
            FetchResponse(responses: request.topics.map { topic in
                .init(topic: topic.topic, partitions: topic.partitions.map { partition in
                    let id = FetchPartitionID(topic: topic.topic, partition: partition.partition)
                    guard let log = state.logs[id] else {
                        return FetchFixtures.partitionData(partition.partition, error: .unknownTopicOrPartition)
                    }
                    guard log.leader == node else {
                        return FetchFixtures.partitionData(partition.partition, error: .notLeaderOrFollower)
                    }
                    guard partition.fetchOffset >= log.logStart, partition.fetchOffset <= log.highWatermark else {
                        return FetchFixtures.partitionData(partition.partition, error: .offsetOutOfRange, highWatermark: -1, logStartOffset: -1)
                    }
                    var records = ByteBuffer()
                    for batch in log.batches where batch.next > partition.fetchOffset {
                        guard records.readableBytes == 0 || records.readableBytes + batch.bytes.readableBytes <= Int(partition.partitionMaxBytes) else { break }
                        var bytes = batch.bytes
                        records.writeBuffer(&bytes)
                    }
                    return FetchFixtures.partitionData(
                        partition.partition, records: records, highWatermark: log.highWatermark,
                        lastStableOffset: log.highWatermark, logStartOffset: log.logStart)
                })
            })
        }
    }
}

/// A handler that decodes into a `MessageBatchBuilder` and keeps every record's offset and value
/// per partition, and every event.
final class CollectingFetchHandler: FetchHandler {
    /// One record as delivered.
    struct Row: Hashable {
        var offset: Int64
        var timestamp: Int64
        var key: [UInt8]?
        var value: [UInt8]?
        var headers: [RecordHeader]
    }

    struct State {
        var rows: [FetchPartitionID: [Row]] = [:]
        var offsets: [FetchPartitionID: [Int64]] = [:]
        var values: [FetchPartitionID: [String]] = [:]
        var events: [FetchEvent] = []
        var deliveries = 0
    }

    let state = Mutex(State())

    func handle(_ records: inout FetchedRecords) async {
        var builder = MessageBatchBuilder()
        guard (try? records.decode(into: &builder)) != nil else { return }
        let batch = builder.finish()
        state.withLock { state in
            state.deliveries += 1
            for index in 0..<batch.count {
                state.offsets[records.partition, default: []].append(batch.offset(at: index))
                state.rows[records.partition, default: []].append(Row(
                    offset: batch.offset(at: index), timestamp: batch.timestamp(at: index), key: batch.key(at: index),
                    value: batch.value(at: index), headers: batch.headers(at: index)))
                state.values[records.partition, default: []].append(
                    batch.value(at: index).map { String(decoding: $0, as: UTF8.self) } ?? "<null>")
            }
        }
    }

    func handle(_ event: FetchEvent) async {
        state.withLock { $0.events.append(event) }
    }

    func offsets(_ id: FetchPartitionID) -> [Int64] { state.withLock { $0.offsets[id] ?? [] } }
    func values(_ id: FetchPartitionID) -> [String] { state.withLock { $0.values[id] ?? [] } }
    func rows(_ id: FetchPartitionID) -> [Row] { state.withLock { $0.rows[id] ?? [] } }
    var events: [FetchEvent] { state.withLock { $0.events } }

    /// Waits until `condition` holds (polling every 5 ms), at most `timeout`.
    func waitUntil(timeout: Duration = .seconds(30), _ condition: (CollectingFetchHandler) -> Bool) async -> Bool {
        await eventually(timeout: timeout) { condition(self) }
    }
}
