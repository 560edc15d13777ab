import Testing

@testable import GregorTables

/// The reader's wait bookkeeping (barriers, catch-up, `wait(for:)`), without sockets.
@Suite struct TableWaitsTests {
    @Test func targetsAreReachedWhenEveryPartitionIsAtOrPastItsTarget() {
        let targets = OffsetTargets(offsets: [0: 10, 1: 5])
        #expect(!targets.areReached(by: [:]))
        #expect(!targets.areReached(by: [0: 10]))
        #expect(!targets.areReached(by: [0: 10, 1: 4]))
        #expect(targets.areReached(by: [0: 10, 1: 5]))
        #expect(targets.areReached(by: [0: 11, 1: 9, 2: 0]))
    }

    @Test func emptyPartitionsAreReachedBeforeAnyFetch() {
        #expect(OffsetTargets(offsets: [0: 0, 1: 0]).areReached(by: [:]))
        #expect(OffsetTargets(offsets: [:]).areReached(by: [:]))
    }

    @Test func remainingCountsRecordsBelowTheTargets() {
        #expect(OffsetTargets(offsets: [0: 10, 1: 5]).remaining(from: [0: 4]) == 11)
        #expect(OffsetTargets(offsets: [0: 10]).remaining(from: [0: 12]) == 0)
    }

    @Test func waitsResolveInRegistrationOrderAsPositionsAdvance() {
        var waits = TableWaits<String>()
        _ = waits.add(OffsetTargets(offsets: [0: 5]), waiter: "a")
        _ = waits.add(OffsetTargets(offsets: [0: 3, 1: 2]), waiter: "b")
        _ = waits.add(OffsetTargets(offsets: [0: 3]), waiter: "c")
        #expect(waits.reached(by: [0: 2]) == [])
        #expect(waits.reached(by: [0: 3]) == ["c"])
        #expect(waits.reached(by: [0: 4, 1: 2]) == ["b"])
        #expect(waits.count == 1)
        #expect(waits.reached(by: [0: 5, 1: 2]) == ["a"])
        #expect(waits.count == 0)
    }

    @Test func aRemovedWaitIsNotResolvedAndRemoveAllReturnsTheRest() {
        var waits = TableWaits<String>()
        let first = waits.add(OffsetTargets(offsets: [0: 1]), waiter: "timed out")
        _ = waits.add(OffsetTargets(offsets: [0: 2]), waiter: "x")
        _ = waits.add(OffsetTargets(offsets: [0: 3]), waiter: "y")
        #expect(waits.remove(first) == "timed out")
        #expect(waits.remove(first) == nil)
        #expect(waits.reached(by: [0: 1]) == [])
        waits.update(first) { $0 = "changed" }  // no effect on a removed wait
        #expect(waits.removeAll() == ["x", "y"])
        #expect(waits.count == 0)
    }
}
