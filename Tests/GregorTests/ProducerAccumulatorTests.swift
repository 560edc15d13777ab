import GregorProtocol
import NIOCore
import Testing

@testable import Gregor

/// The pure `RecordAccumulator`: batching, linger, batch size, buffer budget, drain grouping by
/// leader, in-flight limits and retry order. No sockets; time is passed in.
@Suite("Producer accumulator")
struct ProducerAccumulatorTests {
    typealias Accumulator = RecordAccumulator<Int>

    static let t0 = NIODeadline.uptimeNanoseconds(1_000_000_000)

    static func settings(
        linger: Duration = .milliseconds(5), maxBatchBytes: Int = 1024, maxRequestBytes: Int = 4096,
        bufferMemory: Int = 1 << 20, deliveryTimeout: Duration = .seconds(120), maxInFlight: Int = 5
    ) -> Accumulator.Settings {
        Accumulator.Settings(
            linger: linger, maxBatchBytes: maxBatchBytes, maxRequestBytes: maxRequestBytes, bufferMemory: bufferMemory,
            deliveryTimeout: deliveryTimeout, compression: .none, compressionLevel: nil, maxInFlightPerPartition: maxInFlight)
    }

    @discardableResult
    static func append(
        _ accumulator: inout Accumulator, topic: String = "t", partition: Int32 = 0, value: [UInt8] = Array(repeating: 7, count: 10),
        waiter: Int? = nil, at now: NIODeadline = t0
    ) throws -> Accumulator.AppendOutcome {
        try value.withUnsafeBytes { bytes in
            try accumulator.append(
                topic: topic, partition: partition, key: nil, value: bytes, headers: [], timestamp: 1_000, waiter: waiter, now: now)
        }
    }

    static func drain(_ accumulator: inout Accumulator, at now: NIODeadline, leaders: [Int32: Int32] = [0: 1, 1: 1, 2: 2], slots: Int = 5) -> Accumulator.DrainResult {
        accumulator.drain(now: now, leader: { leaders[$0.partition] }, requestSlots: { _ in slots })
    }

    @Test("a batch is not ready before linger and is ready at linger")
    func linger() throws {
        var accumulator = Accumulator(settings: Self.settings(linger: .milliseconds(5)))
        try Self.append(&accumulator)
        let early = Self.drain(&accumulator, at: Self.t0 + .milliseconds(4))
        #expect(early.requests.isEmpty)
        #expect(early.nextWakeup == Self.t0 + .milliseconds(5))
        let due = Self.drain(&accumulator, at: Self.t0 + .milliseconds(5))
        #expect(due.requests.count == 1)
        #expect(due.requests.first?.batches.first?.recordCount == 1)
    }

    @Test("records of one partition share a batch until maxBatchBytes; a full batch is ready at once")
    func batchSize() throws {
        var accumulator = Accumulator(settings: Self.settings(linger: .seconds(10), maxBatchBytes: 1024))
        var wakes = 0
        for _ in 0..<20 {  // 20 records of ~70 encoded bytes: more than one batch of 1 KiB
            if case .appended(_, true) = try Self.append(&accumulator, value: Array(repeating: 7, count: 60)) { wakes += 1 }
        }
        #expect(accumulator.queuedBatchCount(topic: "t", partition: 0) == 2)
        #expect(wakes >= 2)  // first batch created, first batch closed / second created
        let result = Self.drain(&accumulator, at: Self.t0)  // linger not reached: only the full batch goes
        #expect(result.requests.count == 1)
        let sent = try #require(result.requests.first?.batches.first)
        #expect(sent.builder.recordsByteCount <= 1024)
        #expect(sent.recordCount > 1)
        #expect(accumulator.queuedBatchCount(topic: "t", partition: 0) == 1)
    }

    @Test("a record larger than maxBatchBytes gets a batch of its own")
    func oversizedRecord() throws {
        var accumulator = Accumulator(settings: Self.settings(maxBatchBytes: 1024, maxRequestBytes: 8192))
        try Self.append(&accumulator)
        try Self.append(&accumulator, value: Array(repeating: 1, count: 3000))
        try Self.append(&accumulator)
        #expect(accumulator.queuedBatchCount(topic: "t", partition: 0) == 3)
    }

    @Test("a record larger than maxRequestBytes is refused with invalidArgument")
    func recordTooLarge() throws {
        var accumulator = Accumulator(settings: Self.settings(maxBatchBytes: 1024, maxRequestBytes: 2048))
        #expect {
            try Self.append(&accumulator, value: Array(repeating: 1, count: 4000))
        } throws: { error in
            (error as? KafkaError)?.kind == .invalidArgument
        }
        #expect(accumulator.isEmpty)
    }

    @Test("the buffer budget answers bufferFull, and completing a batch frees it")
    func bufferBudget() throws {
        var accumulator = Accumulator(settings: Self.settings(linger: .zero, maxBatchBytes: 1024, bufferMemory: 1024))
        var appended = 0
        while case .appended = try Self.append(&accumulator, partition: Int32(appended % 2)) { appended += 1 }
        #expect(appended > 0)
        #expect(accumulator.bufferedBytes <= 1024)
        #expect(try Self.append(&accumulator) == .bufferFull)
        let drained = Self.drain(&accumulator, at: Self.t0)
        for batch in drained.requests.flatMap(\.batches) { accumulator.complete(batch) }
        #expect(accumulator.bufferedBytes == 0)
        #expect(accumulator.isEmpty)
        if case .appended = try Self.append(&accumulator) {} else { Issue.record("append after completion failed") }
    }

    @Test("drain groups batches by leader, one batch per partition per request")
    func groupsByLeader() throws {
        var accumulator = Accumulator(settings: Self.settings(linger: .zero))
        for partition: Int32 in [0, 1, 2] { try Self.append(&accumulator, partition: partition) }
        let result = Self.drain(&accumulator, at: Self.t0, leaders: [0: 1, 1: 1, 2: 2])
        let byNode = Dictionary(grouping: result.requests, by: \.node)
        #expect(byNode.keys.sorted() == [1, 2])
        #expect(Set(byNode[1]?.flatMap { $0.batches.map(\.partition.partition) } ?? []) == [0, 1])
        #expect(byNode[2]?.flatMap { $0.batches.map(\.partition.partition) } == [2])
        for request in result.requests {
            #expect(Set(request.batches.map(\.partition)).count == request.batches.count)
        }
    }

    @Test("drain splits a node's batches into requests of at most maxRequestBytes")
    func requestSize() throws {
        var accumulator = Accumulator(settings: Self.settings(linger: .zero, maxBatchBytes: 1024, maxRequestBytes: 1100))
        for partition: Int32 in [0, 1] {
            for _ in 0..<15 { try Self.append(&accumulator, partition: partition, value: Array(repeating: 3, count: 50)) }
        }
        let result = Self.drain(&accumulator, at: Self.t0, leaders: [0: 1, 1: 1])
        #expect(result.requests.count == 2)
        for request in result.requests {
            #expect(request.batches.count == 1)
            #expect(request.batches.map(\.estimatedWireBytes).reduce(0, +) <= 1100)
        }
    }

    @Test("partitions without a known leader stay queued and are reported")
    func unknownLeader() throws {
        var accumulator = Accumulator(settings: Self.settings(linger: .zero))
        try Self.append(&accumulator, topic: "x", partition: 5)
        let result = Self.drain(&accumulator, at: Self.t0, leaders: [:])
        #expect(result.requests.isEmpty)
        #expect(result.topicsWithoutLeader == ["x"])
        #expect(accumulator.queuedBatchCount(topic: "x", partition: 5) == 1)
    }

    @Test("a node without free request slots gets nothing")
    func requestSlots() throws {
        var accumulator = Accumulator(settings: Self.settings(linger: .zero))
        try Self.append(&accumulator)
        #expect(Self.drain(&accumulator, at: Self.t0, slots: 0).requests.isEmpty)
        #expect(Self.drain(&accumulator, at: Self.t0, slots: 1).requests.count == 1)
    }

    @Test("at most maxInFlightPerPartition batches of a partition are in flight")
    func perPartitionInFlight() throws {
        var accumulator = Accumulator(settings: Self.settings(linger: .seconds(1), maxBatchBytes: 1024, maxInFlight: 2))
        for _ in 0..<150 { try Self.append(&accumulator, value: Array(repeating: 1, count: 60)) }  // ~9 full batches
        let first = Self.drain(&accumulator, at: Self.t0, slots: 10)
        #expect(first.requests.flatMap(\.batches).count == 2)
        #expect(accumulator.inFlightCount(topic: "t", partition: 0) == 2)
        #expect(Self.drain(&accumulator, at: Self.t0, slots: 10).requests.isEmpty)
        accumulator.complete(first.requests[0].batches[0])
        #expect(Self.drain(&accumulator, at: Self.t0, slots: 10).requests.flatMap(\.batches).count == 1)
    }

    @Test("a retried batch goes back in creation order, after its backoff, alone")
    func retryOrder() throws {
        var accumulator = Accumulator(settings: Self.settings(linger: .zero, maxBatchBytes: 1024))
        for _ in 0..<60 { try Self.append(&accumulator, value: Array(repeating: 1, count: 60)) }  // 3+ batches
        let sent = Self.drain(&accumulator, at: Self.t0, slots: 10).requests.flatMap(\.batches)
        #expect(sent.count >= 3)
        let ids = sent.map(\.id)
        // The responses fail in reverse order; the queue must still hold them by creation order.
        for batch in sent.reversed() { accumulator.reenqueue(batch, retryAfter: Self.t0 + .milliseconds(100)) }
        let tooEarly = Self.drain(&accumulator, at: Self.t0 + .milliseconds(50), slots: 10)
        #expect(tooEarly.requests.isEmpty)
        #expect(tooEarly.nextWakeup == Self.t0 + .milliseconds(100))
        var resent: [UInt64] = []
        var now = Self.t0 + .milliseconds(100)
        while resent.count < ids.count {
            let result = Self.drain(&accumulator, at: now, slots: 10)
            let batches = result.requests.flatMap(\.batches)
            #expect(batches.count == 1, "a retry goes alone")
            guard let batch = batches.first else { break }
            #expect(batch.attempts == 2)
            resent.append(batch.id)
            accumulator.complete(batch)
            now = now + .milliseconds(1)
        }
        #expect(resent == ids)
    }

    @Test("flush makes lingering batches ready and reports when they are done")
    func flush() throws {
        var accumulator = Accumulator(settings: Self.settings(linger: .seconds(60)))
        try Self.append(&accumulator, partition: 0)
        try Self.append(&accumulator, partition: 1)
        let through = accumulator.beginFlush()
        try Self.append(&accumulator, partition: 0)  // after the flush: a new batch, not waited for
        #expect(!accumulator.isFlushed(through: through))
        let result = Self.drain(&accumulator, at: Self.t0)
        let batches = result.requests.flatMap(\.batches)
        #expect(batches.count == 2)
        for batch in batches { accumulator.complete(batch) }
        #expect(accumulator.isFlushed(through: through))
        #expect(!accumulator.isEmpty)
    }

    @Test("queued batches past the delivery timeout expire and free their bytes")
    func deliveryTimeout() throws {
        var accumulator = Accumulator(settings: Self.settings(linger: .zero, deliveryTimeout: .seconds(2)))
        try Self.append(&accumulator, topic: "y", waiter: 7)
        let waiting = Self.drain(&accumulator, at: Self.t0 + .seconds(1), leaders: [:])
        #expect(waiting.expired.isEmpty)
        #expect(waiting.nextWakeup == Self.t0 + .seconds(2))
        let result = Self.drain(&accumulator, at: Self.t0 + .seconds(2), leaders: [:])
        #expect(result.expired.count == 1)
        #expect(result.expired.first?.waiters.map(\.waiter) == [7])
        #expect(accumulator.bufferedBytes == 0)
        #expect(accumulator.isEmpty)
    }

    @Test("waiters record their index and timestamp within the batch")
    func waiters() throws {
        var accumulator = Accumulator(settings: Self.settings(linger: .zero))
        try Self.append(&accumulator, waiter: 1)
        try Self.append(&accumulator)  // no waiter: fire and forget
        try Self.append(&accumulator, waiter: 3)
        let batch = try #require(Self.drain(&accumulator, at: Self.t0).requests.first?.batches.first)
        #expect(batch.waiters.map(\.index) == [0, 2])
        #expect(batch.waiters.map(\.waiter) == [1, 3])
        #expect(batch.recordCount == 3)
    }

    @Test("the sticky partitioner stays on a partition while it has an open batch, then moves")
    func sticky() throws {
        var sticky = StickyPartitioner()
        var random = SplitMix64(seed: 42)
        var accumulator = Accumulator(settings: Self.settings(linger: .zero, maxBatchBytes: 1024))
        func next() -> Int32 {
            sticky.partition(topic: "t", partitionCount: 4, hasOpenBatch: { accumulator.hasOpenBatch(topic: "t", partition: $0) }, using: &random)
        }
        let first = next()
        try Self.append(&accumulator, partition: first)
        for _ in 0..<5 {
            let partition = next()
            #expect(partition == first)
            try Self.append(&accumulator, partition: partition)
        }
        _ = Self.drain(&accumulator, at: Self.t0)  // the batch leaves: the next record moves on
        let second = next()
        #expect(second != first)
        #expect((0..<4).contains(second))
    }
}
