@testable import GregorTables
import GregorTestSupport
import Synchronization
import Testing

@Suite struct TableApplyQueueTests {
    @Test func itemsComeOutInOrderAcrossWaits() async {
        let queue = TableApplyQueue<Int>(capacity: 3)
        let producer = Task {
            for item in 0..<200 { await queue.push(item) }
            queue.finish()
        }
        var seen: [Int] = []
        while let item = await queue.pop() {
            seen.append(item)
            if item % 17 == 0 { await Task.yield() }
        }
        await producer.value
        // finish() drops what is still queued, so the tail may be cut, never reordered.
        #expect(seen == Array(0..<seen.count))
        #expect(seen.count >= 197)
    }

    @Test func aFullQueueHoldsTheProducerUntilTheConsumerTakesOne() async throws {
        let queue = TableApplyQueue<Int>(capacity: 2)
        let pushed = Mutex(0)
        let producer = Task {
            for item in 0..<3 {
                await queue.push(item)
                pushed.withLock { $0 += 1 }
            }
        }
        #expect(await eventually(timeout: .seconds(10)) { pushed.withLock { $0 } == 2 })
        try await Task.sleep(for: .milliseconds(100))
        #expect(pushed.withLock { $0 } == 2, "the third push waits for room")
        #expect(await queue.pop() == 0)
        #expect(await eventually(timeout: .seconds(10)) { pushed.withLock { $0 } == 3 })
        await producer.value
        #expect(await queue.pop() == 1)
        #expect(await queue.pop() == 2)
    }

    @Test func finishEndsAWaitingConsumerAndReleasesWaitingProducers() async throws {
        let queue = TableApplyQueue<Int>(capacity: 1)
        let consumer = Task { await queue.pop() }
        try await Task.sleep(for: .milliseconds(50))
        queue.finish()
        #expect(await consumer.value == nil)

        let full = TableApplyQueue<Int>(capacity: 1)
        await full.push(1)
        let blocked = Task { await full.push(2) }
        try await Task.sleep(for: .milliseconds(50))
        full.finish()
        await blocked.value  // returns: the item is dropped
        #expect(await full.pop() == nil)
        await full.push(3)  // after finish: dropped at once
        #expect(await full.pop() == nil)
    }
}
