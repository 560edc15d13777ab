import Gregor
import GregorProtocol
import NIOCore
import Testing

@testable import GregorStream

/// The stream's core without sockets: batches filled in merge order, gathered columns, memory
/// budget decisions.
@Suite struct StreamCoreTests {
    static let a = StreamPartition(topic: "t", partition: 0)
    static let b = StreamPartition(topic: "t", partition: 1)

    /// A chunk of `partition` with records (offset, timestamp); key "k<offset>", value "<topic>-<partition>@<offset>"
    /// (null for odd offsets when `nullOddValues`), one header on offsets divisible by 3.
    static func chunk(_ partition: StreamPartition, _ records: [(Int64, Int64)], nullOddValues: Bool = false) throws -> MessageBatch {
        var buffer = ByteBuffer()
        for (offset, timestamp) in records {
            // One record batch per record, so that offsets may have gaps (compaction holes).
            var batch = RecordBatchBuilder(baseOffset: offset)
            let value: [UInt8]? = nullOddValues && offset % 2 == 1 ? nil : Array("\(partition)@\(offset)".utf8)
            let headers: [RecordHeader] = offset % 3 == 0 ? [RecordHeader(key: "h", value: Array("\(offset)".utf8))] : []
            try batch.append(key: Array("k\(offset)".utf8), value: value, headers: headers, timestamp: timestamp)
            try batch.encode(into: &buffer)
        }
        var builder = MessageBatchBuilder()
        _ = try RecordBatchDecoder.decode(buffer, location: RecordLocation(topic: partition.topic, partition: partition.partition), into: &builder)
        return builder.finish()
    }

    static func configuration(batchSize: Int, budget: Int = StreamConfiguration.minimumMemoryBudget) -> StreamConfiguration {
        var configuration = StreamConfiguration(topics: [.earliest("t")])
        configuration.batchSize = batchSize
        configuration.memoryBudget = budget
        return configuration
    }

    static func values(_ batch: MessageBatch) -> [String?] {
        (0..<batch.count).map { row in batch.value(at: row).map { String(decoding: $0, as: UTF8.self) } }
    }

    @Test func fullBatchesComeInMergeOrderWithEveryColumnGathered() throws {
        var core = StreamCore(
            ranges: [Self.a: ReplayRange(start: 0, end: 4), Self.b: ReplayRange(start: 0, end: 3)],
            configuration: Self.configuration(batchSize: 3))
        _ = core.receive(try Self.chunk(Self.a, [(0, 10), (1, 30), (2, 50), (3, 70)], nullOddValues: true), partition: Self.a, position: 4, now: 0)
        try core.fill(now: 0, replayOnly: false)
        do {
            let none = core.takeBatch(flush: false)
            #expect(none == nil)
        }  // b holds the merge back
        _ = core.receive(try Self.chunk(Self.b, [(0, 20), (1, 40), (2, 60)]), partition: Self.b, position: 3, now: 0)
        try core.fill(now: 0, replayOnly: false)
        let takenfirst = core.takeBatch(flush: false)
        let first = try #require(takenfirst)
        #expect(Self.values(first) == ["t-0@0", "t-1@0", nil])
        #expect((0..<3).map { first.timestamp(at: $0) } == [10, 20, 30])
        #expect((0..<3).map { first.partition(at: $0) } == [0, 1, 0])
        #expect((0..<3).map { first.offset(at: $0) } == [0, 0, 1])
        #expect(first.key(at: 2) == Array("k1".utf8))
        #expect(first.topic(at: 1) == "t")
        #expect(first.headers(at: 0) == [RecordHeader(key: "h", value: Array("0".utf8))])
        #expect(first.headers(at: 2).isEmpty)
        try core.fill(now: 0, replayOnly: false)
        let takensecond = core.takeBatch(flush: false)
        let second = try #require(takensecond)
        #expect(Self.values(second) == ["t-1@1", "t-0@2", "t-1@2"])
        try core.fill(now: 0, replayOnly: false)
        do {
            let none = core.takeBatch(flush: false)
            #expect(none == nil)
        }  // one record left: not a full batch
        let takenrest = core.takeBatch(flush: true)
        let rest = try #require(takenrest)
        #expect(Self.values(rest) == [nil])
        #expect(rest.headers(at: 0) == [RecordHeader(key: "h", value: Array("3".utf8))])
        let isLive = core.isLive
        #expect(isLive)
        let nothingHeld = core.heldCount == 0
        #expect(nothingHeld)
    }

    @Test func aPartitionOverItsShareIsPausedAndResumedOnceDrained() throws {
        // A 1 MiB budget over two partitions: 512 KiB each.
        var core = StreamCore(
            ranges: [Self.a: ReplayRange(start: 0, end: 20_000), Self.b: ReplayRange(start: 0, end: 20_000)],
            configuration: Self.configuration(batchSize: 100_000))
        let shareIsHalfTheBudget = core.share == 512 * 1024
        #expect(shareIsHalfTheBudget)
        let big = try Self.chunk(Self.a, (0..<16000).map { (Int64($0), Int64($0)) })
        let chunkFillsTheShare = big.byteCount >= core.share / 2
        #expect(chunkFillsTheShare)
        _ = core.receive(big, partition: Self.a, position: 16000, now: 0)
        var changes = core.backpressure()
        #expect(changes?.paused == [Self.a])
        #expect(changes?.generation == 1)
        let unchanged = core.backpressure()
        #expect(unchanged == nil)
        let aIsPaused = core.partitionStates.first?.isPaused == true
        #expect(aIsPaused)
        // b delivers, the merge releases a's chunk entirely: a goes back into Fetch requests.
        _ = core.receive(try Self.chunk(Self.b, [(0, 20_000)]), partition: Self.b, position: 1, now: 0)
        try core.fill(now: 0, replayOnly: false)
        changes = core.backpressure()
        #expect(changes?.paused == [])
        #expect(changes?.generation == 2)
        let nothingPaused = core.paused.isEmpty
        #expect(nothingPaused)
    }

    @Test func replayOnlyNeverHandsOutLiveRecords() throws {
        var core = StreamCore(ranges: [Self.a: ReplayRange(start: 0, end: 2)], configuration: Self.configuration(batchSize: 10))
        _ = core.receive(try Self.chunk(Self.a, [(0, 1), (1, 2), (2, 3), (3, 4)]), partition: Self.a, position: 4, now: 0)
        try core.fill(now: 0, replayOnly: true)
        let takenbatch = core.takeBatch(flush: true)
        let batch = try #require(takenbatch)
        #expect(batch.count == 2)
        let replayDrained = core.isReplayDrained
        #expect(replayDrained)
        let liveRecordsStayHeld = core.heldCount == 2
        #expect(liveRecordsStayHeld)
    }

    @Test func largeValuesCutBatchesByBytesInsteadOfFailing() throws {
        // A 4 MiB budget allows 1 MiB of data per batch; ten 300 KB values make batches of three.
        var buffer = ByteBuffer()
        for offset in 0..<10 {
            var batch = RecordBatchBuilder(baseOffset: Int64(offset))
            try batch.append(key: nil, value: [UInt8](repeating: UInt8(offset), count: 300_000), timestamp: Int64(offset))
            try batch.encode(into: &buffer)
        }
        var builder = MessageBatchBuilder()
        _ = try RecordBatchDecoder.decode(buffer, location: RecordLocation(topic: "t", partition: 0), into: &builder)
        var core = StreamCore(ranges: [Self.a: ReplayRange(start: 0, end: 10)], configuration: Self.configuration(batchSize: 100, budget: 4 << 20))
        _ = core.receive(builder.finish(), partition: Self.a, position: 10, now: 0)
        try core.fill(now: 0, replayOnly: false)
        var sizes: [Int] = []
        while let batch = core.takeBatch(flush: false) { sizes.append(batch.count) }
        let last = core.takeBatch(flush: true)
        sizes.append(last?.count ?? 0)
        #expect(sizes == [3, 3, 3, 1])
        #expect(last?.value(at: 0)?.first == 9)
    }

    @Test func theCutoffKeepsItsMillisecond() {
        // Through a Date, 50 ms would come back as 49 (binary floating point).
        let configuration = StreamConfiguration(topics: [.earliest("t")], cutoffMilliseconds: 50)
        #expect(configuration.cutoffMilliseconds == 50)
        let core = StreamCore(ranges: [Self.a: ReplayRange(start: 0, end: 1)], configuration: configuration)
        let cutoff = core.merge.cutoff
        #expect(cutoff == 50)
    }

    @Test func aPartitionPastItsReplayEndWaitsOutOfFetchUntilTheReplayIsOver() throws {
        // b has nothing to replay: what it would fetch is live and must wait for a's replay.
        var core = StreamCore(
            ranges: [Self.a: ReplayRange(start: 0, end: 2), Self.b: ReplayRange(start: 5, end: 5)],
            configuration: Self.configuration(batchSize: 10))
        let first = core.backpressure()
        #expect(first?.paused == [Self.b])
        _ = core.receive(try Self.chunk(Self.a, [(0, 1), (1, 2)]), partition: Self.a, position: 2, now: 0)
        try core.fill(now: 0, replayOnly: false)
        let afterReplay = core.backpressure()
        #expect(afterReplay?.paused == [])
        let live = core.isLive
        #expect(live)
    }
}
