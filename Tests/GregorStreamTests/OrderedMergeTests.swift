import GregorStream
import Testing

/// The Stream's release order (DESIGN.md, "Stream"), without sockets.
@Suite struct OrderedMergeTests {
    typealias Merge = OrderedMerge<String>
    static let a = StreamPartition(topic: "a", partition: 0)
    static let b = StreamPartition(topic: "a", partition: 1)
    static let c = StreamPartition(topic: "b", partition: 0)

    /// Records as (offset, timestamp) with the payload "<partition>@<offset>".
    static func records(_ partition: StreamPartition, _ pairs: [(Int64, Int64)]) -> [(offset: Int64, timestamp: Int64, payload: String)] {
        pairs.map { (offset: $0.0, timestamp: $0.1, payload: "\(partition)@\($0.0)") }
    }

    static func payloads(_ released: [Merge.Released]) -> [String] { released.map(\.payload) }

    @Test func replayIsAStrictMergeByTimestampAcrossPartitions() {
        var released: [Merge.Released]
        var merge = Merge(ranges: [Self.a: ReplayRange(start: 0, end: 3), Self.b: ReplayRange(start: 0, end: 3)])
        merge.append(Self.a, records: Self.records(Self.a, [(0, 10), (1, 30), (2, 50)]), position: 3)
        merge.append(Self.b, records: Self.records(Self.b, [(0, 20), (1, 40), (2, 60)]), position: 3)
        released = merge.release(limit: 100)
        #expect(Self.payloads(released) == ["a-0@0", "a-1@0", "a-0@1", "a-1@1", "a-0@2", "a-1@2"])
        #expect(merge.isLive)
        #expect(merge.watermark == 60)
    }

    @Test func aPartitionThatHasNotDeliveredHoldsTheMergeBack() {
        var released: [Merge.Released]
        // kafkars releases a's records here although b (late) has older ones: that is the bug.
        var merge = Merge(ranges: [Self.a: ReplayRange(start: 0, end: 2), Self.b: ReplayRange(start: 0, end: 2)])
        merge.append(Self.a, records: Self.records(Self.a, [(0, 100), (1, 200)]), position: 2)
        released = merge.release(limit: 100)
        #expect(released.isEmpty)
        #expect(!merge.hasReleasable())
        merge.append(Self.b, records: Self.records(Self.b, [(0, 50)]), position: 1)
        released = merge.release(limit: 100)
        #expect(Self.payloads(released) == ["a-1@0"])  // b's next record may still be older than a's
        merge.append(Self.b, records: Self.records(Self.b, [(1, 150)]), position: 2)
        released = merge.release(limit: 100)
        #expect(Self.payloads(released) == ["a-0@0", "a-1@1", "a-0@1"])
        #expect(merge.isLive)
    }

    @Test func tiesGoByTopicThenPartitionThenOffset() {
        var released: [Merge.Released]
        var merge = Merge(ranges: [Self.c: ReplayRange(start: 0, end: 1), Self.b: ReplayRange(start: 0, end: 2), Self.a: ReplayRange(start: 0, end: 1)])
        merge.append(Self.c, records: Self.records(Self.c, [(0, 7)]), position: 1)
        merge.append(Self.b, records: Self.records(Self.b, [(0, 7), (1, 7)]), position: 2)
        merge.append(Self.a, records: Self.records(Self.a, [(0, 7)]), position: 1)
        released = merge.release(limit: 100)
        #expect(Self.payloads(released) == ["a-0@0", "a-1@0", "a-1@1", "b-0@0"])
    }

    @Test func timestampsGoingBackwardsKeepOffsetOrderAndAreCounted() {
        var released: [Merge.Released]
        var merge = Merge(ranges: [Self.a: ReplayRange(start: 0, end: 3), Self.b: ReplayRange(start: 0, end: 1)])
        merge.append(Self.a, records: Self.records(Self.a, [(0, 30), (1, 10), (2, 40)]), position: 3)
        merge.append(Self.b, records: Self.records(Self.b, [(0, 20)]), position: 1)
        released = merge.release(limit: 100)
        #expect(Self.payloads(released) == ["a-1@0", "a-0@0", "a-0@1", "a-0@2"])
        #expect(merge.state(of: Self.a)?.timestampInversions == 1)
        #expect(merge.state(of: Self.b)?.timestampInversions == 0)
    }

    @Test func emptyPartitionsAndStartAtOrPastTheEndDoNotHoldTheMerge() {
        var released: [Merge.Released]
        var merge = Merge(ranges: [Self.a: ReplayRange(start: 0, end: 2), Self.b: ReplayRange(start: 0, end: 0), Self.c: ReplayRange(start: 9, end: 5)])
        #expect(merge.state(of: Self.b)?.isLive == true)
        #expect(merge.state(of: Self.c)?.isLive == true)
        merge.append(Self.a, records: Self.records(Self.a, [(0, 1), (1, 2)]), position: 2)
        released = merge.release(limit: 100)
        #expect(Self.payloads(released) == ["a-0@0", "a-0@1"])
        #expect(merge.isLive)
    }

    @Test func theEndIsJudgedOnPositionsNotOnTheLastRecord() {
        var released: [Merge.Released]
        // Offsets 3 and 4 are a compaction hole and a transaction marker: no record, but the
        // position passes the end.
        var merge = Merge(ranges: [Self.a: ReplayRange(start: 0, end: 5), Self.b: ReplayRange(start: 0, end: 1)])
        merge.append(Self.a, records: Self.records(Self.a, [(0, 1), (2, 3)]), position: 3)
        merge.append(Self.b, records: Self.records(Self.b, [(0, 2)]), position: 1)
        released = merge.release(limit: 100)
        #expect(Self.payloads(released) == ["a-0@0", "a-1@0", "a-0@2"])
        #expect(!merge.isLive)  // a's position 3 < end 5: more may come
        merge.append(Self.a, records: [], position: 5)
        #expect(merge.isLive)
    }

    @Test func liveRecordsWaitWhileAnyPartitionReplays() {
        var released: [Merge.Released]
        var merge = Merge(ranges: [Self.a: ReplayRange(start: 0, end: 1), Self.b: ReplayRange(start: 0, end: 2)])
        merge.append(Self.a, records: Self.records(Self.a, [(0, 10), (1, 500), (2, 600)]), position: 3)  // 1 and 2 are live
        merge.append(Self.b, records: Self.records(Self.b, [(0, 20)]), position: 1)
        released = merge.release(limit: 100)
        #expect(Self.payloads(released) == ["a-0@0", "a-1@0"])
        #expect(!merge.isLive)
        #expect(merge.heldCount == 2)  // a's live records wait for b
        merge.append(Self.b, records: Self.records(Self.b, [(1, 30), (2, 550)]), position: 3)
        released = merge.release(limit: 100)
        #expect(Self.payloads(released) == ["a-1@1", "a-0@1", "a-1@2", "a-0@2"])
        #expect(merge.isLive)
    }

    @Test func theCutoffEndsAPartitionsReplayInTheMiddle() {
        var released: [Merge.Released]
        var merge = Merge(ranges: [Self.a: ReplayRange(start: 0, end: 4), Self.b: ReplayRange(start: 0, end: 1)], cutoff: 100)
        merge.append(Self.a, records: Self.records(Self.a, [(0, 10), (1, 100), (2, 20)]), position: 3)
        #expect(merge.state(of: Self.a)?.hasReachedReplayEnd == true)  // offset 1 is at the cutoff
        merge.append(Self.b, records: Self.records(Self.b, [(0, 50)]), position: 1)
        released = merge.release(limit: 100)
        #expect(Self.payloads(released) == ["a-0@0", "a-1@0", "a-0@1", "a-0@2"])
        #expect(merge.state(of: Self.a)?.cutoffOffset == 1)
    }

    @Test func theLatenessWindowHoldsLiveRecordsUntilTheyAreOldEnough() {
        var released: [Merge.Released]
        var merge = Merge(ranges: [Self.a: ReplayRange(start: 0, end: 0), Self.b: ReplayRange(start: 0, end: 0)], latenessWindow: 100)
        merge.append(Self.a, records: Self.records(Self.a, [(0, 20)]), position: 1, now: 1000)
        released = merge.release(limit: 10, now: 1050)
        #expect(released.isEmpty)
        merge.append(Self.b, records: Self.records(Self.b, [(0, 10)]), position: 1, now: 1060)  // late but older
        released = merge.release(limit: 10, now: 1100)
        #expect(Self.payloads(released) == ["a-0@0"])
        released = merge.release(limit: 10, now: 1160)
        #expect(Self.payloads(released) == ["a-1@0"])
    }

    @Test func releaseStopsAtTheLimitAndResumes() {
        var released: [Merge.Released]
        var merge = Merge(ranges: [Self.a: ReplayRange(start: 0, end: 5)])
        merge.append(Self.a, records: Self.records(Self.a, (0..<5).map { ($0, $0) }), position: 5)
        released = merge.release(limit: 2)
        #expect(released.map(\.offset) == [0, 1])
        released = merge.release(limit: 2)
        #expect(released.map(\.offset) == [2, 3])
        released = merge.release(limit: 2)
        #expect(released.map(\.offset) == [4])
        #expect(merge.state(of: Self.a)?.releasedOffset == 4)
        #expect(merge.heldCount == 0)
    }

    @Test func aRepeatedAnswerIsIgnoredAndUnknownPartitionsRejected() {
        var released: [Merge.Released]
        var merge = Merge(ranges: [Self.a: ReplayRange(start: 0, end: 2)])
        merge.append(Self.a, records: Self.records(Self.a, [(0, 1)]), position: 1)
        merge.append(Self.a, records: Self.records(Self.a, [(0, 1), (1, 2)]), position: 2)
        released = merge.release(limit: 10)
        #expect(released.map(\.offset) == [0, 1])
        let accepted = merge.append(Self.c, records: [], position: 0)
        #expect(!accepted)
    }
}
