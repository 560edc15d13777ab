@testable import Gregor
import NIOCore
import Testing

/// What the fetch path keeps of a Fetch answer's buffer once the handler has the records: nothing,
/// so that a table's memory after catch-up does not include the last answers (their buffers are
/// megabytes).
@Suite struct FetchBufferReleaseTests {
    typealias F = FetchFixtures
    let t0 = FetchFixtures.t0

    /// Whether `buffer`'s storage has no other reference.
    static func isUniquelyOwned(_ buffer: inout ByteBuffer) -> Bool {
        buffer.modifyIfUniquelyOwned { _ in true } ?? false
    }

    @Test func aPartitionWithoutRecordsDoesNotKeepTheAnswersBuffer() throws {
        var planner = F.readyPlanner([F.id("t", 0): 1, F.id("t", 1): 1])
        let plan = try #require(planner.nextActions(now: t0).fetches.first)
        var answer = try F.batch(baseOffset: 0, count: 3)
        answer.writeRepeatingByte(0, count: 1 << 16)
        var outcome: FetchResponseOutcome
        do {
            // Partition 0 has records; partition 1's records are an empty slice of the same answer.
            let withRecords = try #require(answer.getSlice(at: 0, length: answer.readableBytes - (1 << 16)))
            let empty = try #require(answer.getSlice(at: answer.writerIndex, length: 0))
            let response = F.response(["t": [F.partitionData(0, records: withRecords), F.partitionData(1, records: empty)]])
            outcome = planner.receive(response, for: plan, version: 12, now: t0)
        }
        #expect(outcome.deliveries.count == 2)
        let emptyDelivery = try #require(outcome.deliveries.first { $0.partition == F.id("t", 1) })
        #expect(emptyDelivery.records.readableBytes == 0)
        // Only partition 0's delivery may hold the answer: without it, the answer is unshared.
        outcome.deliveries.removeAll { $0.partition == F.id("t", 0) }
        #expect(Self.isUniquelyOwned(&answer))
        withExtendedLifetime(outcome) {}
    }

    @Test func anOutcomeWithoutRecordsKeepsThePositionAndLetsGoOfTheBytes() throws {
        var answer = try F.batch(baseOffset: 5, count: 4)
        var records = FetchedRecords(
            partition: F.id(), fetchOffset: 5, records: try #require(answer.getSlice(at: 0, length: answer.readableBytes)),
            highWatermark: 9, lastStableOffset: 9, logStartOffset: 0, options: RecordBatchDecodingOptions(), generation: 3)
        _ = try records.scan()
        let outcome = records.withoutRecords()
        records = outcome
        #expect(outcome.records.readableBytes == 0)
        #expect(outcome.nextPosition == 9)
        #expect(outcome.summary?.recordCount == 4)
        #expect(outcome.highWatermark == 9 && outcome.generation == 3 && outcome.fetchOffset == 5)
        #expect(Self.isUniquelyOwned(&answer))
    }
}
