import GregorTestSupport
import Foundation
import Gregor
import GregorProtocol
import GregorStream
import Testing

/// The Stream on the librdkafka mock cluster (exact ListOffsets): ordered replay across skewed
/// partitions, live tail, bounded mode, start policies, cutoff, errors, backpressure. Serialized:
/// each test starts its own mock cluster, and the suite's start-up burst starved others on 2 cores.
@Suite("Stream on the mock cluster", .serialized)
struct StreamMockClusterTests {
    static let topic = "events"

    static func withStream(
        partitions: Int = 3, events: [StreamForTests.Event] = [], topics: [SourceTopic] = [.earliest(topic)],
        configure: (inout StreamConfiguration) -> Void = { _ in },
        _ body: (MockCluster, KafkaStream) async throws -> Void
    ) async throws {
        try await TestBrokers.withMockCluster(brokers: 2, topics: [.init(topic, partitions: partitions)]) { mock in
            let client = try mock.configuration()
            try await StreamForTests.produce(events, topic: topic, client: client)
            var configuration = StreamForTests.configuration(topics)
            configure(&configuration)
            let stream = try KafkaStream(configuration: configuration, client: client, logger: StreamForTests.logger)
            do {
                try await stream.start()
                try await body(mock, stream)
            } catch {
                await stream.close()
                throw error
            }
            await stream.close()
        }
    }

    static let hourAgo = Int64(Date().timeIntervalSince1970 * 1000) - 3_600_000

    @Test func replayIsInStrictTimestampOrderAcrossSkewedPartitionsThenFollowsLive() async throws {
        let events = StreamForTests.skewedEvents(counts: [300, 40, 120], base: Self.hourAgo)
        try await Self.withStream(events: events, configure: { $0.batchSize = 64 }) { mock, stream in
            let replay = try await StreamForTests.poll(stream, count: events.count)
            #expect(replay.count == events.count)
            #expect(replay == StreamForTests.inMergeOrder(replay))
            #expect(Set(replay.compactMap(\.value)) == Set(events.map(\.value)))
            #expect(replay.allSatisfy { $0.topic == Self.topic })
            #expect(await eventually { stream.isLive })
            let states = stream.partitionStates
            #expect(states.map(\.partition) == [0, 1, 2])
            #expect(states.map(\.replayEnd) == [300, 40, 120])
            #expect(states.map(\.replayStart) == [0, 0, 0])
            #expect(states.map(\.releasedOffset) == [299, 39, 119])
            #expect(states.allSatisfy { $0.isLive && $0.timestampInversions == 0 })
            #expect(stream.heldCount == 0)
            #expect(stream.watermark == replay.last?.timestamp)

            let now = Int64(Date().timeIntervalSince1970 * 1000)
            let live = [StreamForTests.Event(partition: 1, timestamp: now, value: "live-1"), StreamForTests.Event(partition: 2, timestamp: now + 1, value: "live-2")]
            try await StreamForTests.produce(live, topic: Self.topic, client: try mock.configuration())
            let tail = try await StreamForTests.poll(stream, count: 2)
            #expect(tail.compactMap(\.value).sorted() == ["live-1", "live-2"])
        }
    }

    @Test func aBoundedStreamEndsAfterItsReplayRange() async throws {
        let events = StreamForTests.skewedEvents(counts: [30, 10, 25], base: Self.hourAgo)
        try await Self.withStream(events: events, configure: { $0.bounded = true; $0.batchSize = 7 }) { mock, stream in
            let later = [StreamForTests.Event(partition: 0, timestamp: Self.hourAgo, value: "after-start")]
            try await StreamForTests.produce(later, topic: Self.topic, client: try mock.configuration())
            var delivered: [StreamForTests.Delivered] = []
            for try await batch in stream.batches(pollTimeout: .milliseconds(100)) {
                #expect(batch.count <= 7)
                delivered += StreamForTests.rows(batch)
            }
            #expect(delivered.count == events.count)
            #expect(!delivered.contains { $0.value == "after-start" })
            #expect(delivered == StreamForTests.inMergeOrder(delivered))
            #expect(stream.isFinished)
            #expect(try await stream.poll(timeout: .seconds(5)).count == 0)
        }
    }

    @Test func headersNullValuesAndKeysArriveIntact() async throws {
        let events = [
            StreamForTests.Event(partition: 0, timestamp: Self.hourAgo, value: "a", headers: [RecordHeader(key: "trace", value: Array("x1".utf8))]),
            StreamForTests.Event(partition: 1, timestamp: Self.hourAgo + 1, value: "", headers: [RecordHeader(key: "n", value: nil), RecordHeader(key: "ü", value: [0, 255])]),
        ]
        try await Self.withStream(partitions: 2, events: events, configure: { $0.bounded = true }) { _, stream in
            let delivered = try await StreamForTests.poll(stream, count: 2)
            #expect(delivered.map(\.value) == ["a", ""])
            #expect(delivered.map(\.key) == [Array("k0".utf8), Array("k1".utf8)])
            #expect(delivered[0].headers == [RecordHeader(key: "trace", value: Array("x1".utf8))])
            #expect(delivered[1].headers == [RecordHeader(key: "n", value: nil), RecordHeader(key: "ü", value: [0, 255])])
        }
    }

    @Test func latestStartsLiveWithNothingToReplay() async throws {
        let events = StreamForTests.skewedEvents(counts: [5, 5], base: Self.hourAgo)
        try await Self.withStream(partitions: 2, events: events, topics: [.latest(Self.topic)]) { mock, stream in
            #expect(stream.isLive)
            #expect(stream.partitionStates.map(\.replayStart) == [5, 5])
            try await StreamForTests.produce([StreamForTests.Event(partition: 0, timestamp: Self.hourAgo, value: "new")], topic: Self.topic, client: try mock.configuration())
            let delivered = try await StreamForTests.poll(stream, count: 1)
            #expect(delivered.map(\.value) == ["new"])
        }
    }

    @Test func closeDoesNotWaitForTheLongPoll() async throws {
        // The mock holds an idle Fetch for its whole max wait (10 s here); a close that waited
        // for the answer would take about that long.
        try await Self.withStream(partitions: 2, topics: [.latest(Self.topic)], configure: { $0.fetch.maxWait = .seconds(10) }) { _, stream in
            #expect(stream.isLive)
            try await Task.sleep(for: .milliseconds(300))  // the stream is now parked in a long poll
            let started = ContinuousClock.now
            await stream.close()
            #expect(ContinuousClock.now - started < .seconds(3))
        }
    }

    @Test func explicitOffsetsSubsetsAndShardsChooseWhereToRead() async throws {
        let events = StreamForTests.skewedEvents(counts: [6, 6, 6, 6], base: Self.hourAgo)
        try await Self.withStream(partitions: 4, events: events, topics: [.offsets(Self.topic, [1: 4]).partitions([1, 2])], configure: { $0.bounded = true }) { _, stream in
            let delivered = try await StreamForTests.poll(stream, count: 8)
            #expect(Set(delivered.map(\.value)) == ["p1-4", "p1-5", "p2-0", "p2-1", "p2-2", "p2-3", "p2-4", "p2-5"])
            #expect(stream.partitionStates.map(\.partition) == [1, 2])
        }
        try await Self.withStream(partitions: 4, events: events, topics: [.earliest(Self.topic).shard(1, of: 2)], configure: { $0.bounded = true }) { _, stream in
            let delivered = try await StreamForTests.poll(stream, count: 12)
            #expect(Set(delivered.map(\.partition)) == [1, 3])
            #expect(delivered.count == 12)
        }
    }

    @Test func theCutoffEndsTheReplayInTheMiddleOfAPartition() async throws {
        let events = (0..<40).map { StreamForTests.Event(partition: Int32($0 % 2), timestamp: Self.hourAgo + Int64($0), value: "e\($0)") }
        let cutoff = Date(timeIntervalSince1970: Double(Self.hourAgo + 25) / 1000)
        try await Self.withStream(partitions: 2, events: events, configure: { $0.bounded = true; $0.cutoff = cutoff }) { _, stream in
            var delivered: [StreamForTests.Delivered] = []
            for try await batch in stream.batches(pollTimeout: .milliseconds(100)) { delivered += StreamForTests.rows(batch) }
            #expect(delivered.map(\.value) == (0..<25).map { "e\($0)" })
        }
    }

    @Test func creationErrorsAreTyped() async throws {
        try await TestBrokers.withMockCluster(brokers: 1, topics: [.init(Self.topic, partitions: 2)]) { mock in
            let client = try mock.configuration()
            await #expect(throws: KafkaError.self) {
                _ = try await KafkaStream.start(configuration: StreamForTests.configuration([.earliest("no-such-topic")]), client: client, logger: StreamForTests.logger)
            }
            do {
                _ = try await KafkaStream.start(configuration: StreamForTests.configuration([.earliest("no-such-topic")]), client: client, logger: StreamForTests.logger)
            } catch let error as KafkaError {
                #expect(error.kind == .unknownTopicOrPartition)
                #expect(error.topic == "no-such-topic")
            }
            do {
                _ = try await KafkaStream.start(configuration: StreamForTests.configuration([.offsets(Self.topic, [0: 5])]), client: client, logger: StreamForTests.logger)
                Issue.record("an offset past the end was accepted")
            } catch let error as KafkaError {
                #expect(error.kind == .invalidConfiguration)
                #expect(error.message.contains("past the end"))
            }
            let stream = try KafkaStream(configuration: StreamForTests.configuration([.earliest(Self.topic)]), client: client, logger: StreamForTests.logger)
            do {
                _ = try await stream.poll(timeout: .milliseconds(10))
                Issue.record("poll before start was accepted")
            } catch let error as KafkaError {
                #expect(error.kind == .invalidState)
            }
        }
    }

    @Test func transientFetchErrorsAreRetriedInsideAndFatalOnesThrown() async throws {
        let events = StreamForTests.skewedEvents(counts: [20, 20], base: Self.hourAgo)
        try await Self.withStream(partitions: 2, events: events) { mock, stream in
            try await mock.pushErrors(apiKey: 1, code: KafkaErrorCode.notLeaderOrFollower.code, count: 3)
            let delivered = try await StreamForTests.poll(stream, count: 40)
            #expect(delivered.count == 40)
            #expect(delivered == StreamForTests.inMergeOrder(delivered))
        }
        try await Self.withStream(partitions: 1, events: []) { mock, stream in
            try await mock.pushErrors(apiKey: 1, code: KafkaErrorCode.topicAuthorizationFailed.code, count: 1)
            var thrown: KafkaError?
            let deadline = ContinuousClock.now.advanced(by: .seconds(20))
            while thrown == nil, ContinuousClock.now < deadline {
                do { _ = try await stream.poll(timeout: .milliseconds(200)) } catch let error as KafkaError { thrown = error }
            }
            #expect(thrown?.kind == .broker(.topicAuthorizationFailed))
        }
    }

    @Test func aSlowConsumerKeepsTheStreamWithinItsMemoryBudget() async throws {
        // 2 partitions x 2 MiB of 1 KiB values against a 1 MiB budget (512 KiB per partition).
        let value = String(repeating: "v", count: 1024)
        let events = (0..<4096).map { StreamForTests.Event(partition: Int32($0 % 2), timestamp: Self.hourAgo + Int64($0), value: value) }
        try await Self.withStream(partitions: 2, events: events, configure: { $0.memoryBudget = 1 << 20; $0.batchSize = 256 }) { _, stream in
            #expect(await eventually { stream.pausedCount > 0 })
            try await Task.sleep(for: .milliseconds(300))
            let held = stream.partitionStates.reduce(0) { $0 + $1.bufferedBytes }
            // Buffers stay within the budget (partitions pause at half their share, answers are
            // capped at a quarter of it).
            #expect(held <= 1 << 20)
            #expect(held >= 1 << 19)  // and the budget is used, not starved
            let delivered = try await StreamForTests.poll(stream, count: events.count, timeout: .seconds(60))
            #expect(delivered.count == events.count)
            let inOrder = delivered.map(\.timestamp) == events.map(\.timestamp)
            #expect(inOrder, "\(delivered.count) records; some out of order or missing")
            #expect(await eventually { stream.pausedCount == 0 })
        }
    }

    @Test func aStreamDroppedWithoutCloseIsFreed() async throws {
        try await TestBrokers.withMockCluster(brokers: 1, topics: [.init(Self.topic, partitions: 2)]) { mock in
            weak var dropped: KafkaStream?
            do {
                let stream = try await KafkaStream.start(
                    configuration: StreamForTests.configuration([.earliest(Self.topic)]), client: try mock.configuration(), logger: StreamForTests.logger)
                dropped = stream
                _ = try await stream.poll(timeout: .milliseconds(300))  // the engine is running
            }
            // Neither the fetch engine nor its task keeps the stream alive.
            #expect(await eventually { dropped == nil })
        }
    }
}
