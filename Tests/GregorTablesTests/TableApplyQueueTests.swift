@testable import GregorTables
import GregorTestSupport
import Synchronization
import Testing

// The waits below allow minutes: every suite runs at once, and on CI's two cores a new task has
// waited 10–20 s for a thread. A wait ends as soon as its condition holds.
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
        #expect(await eventually(timeout: .seconds(120)) { queue.waiting.producers == 1 })
        #expect(pushed.withLock { $0 } == 2, "the third push waits for room")
        #expect(await queue.pop() == 0)
        #expect(await eventually(timeout: .seconds(120)) { pushed.withLock { $0 } == 3 })
        await producer.value
        #expect(await queue.pop() == 1)
        #expect(await queue.pop() == 2)
    }

    @Test func concurrentProducersNeverQueueMoreThanTheCapacity() async {
        let queue = TableApplyQueue<Int>(capacity: 3)
        let producers = (0..<8).map { producer in
            Task {
                for item in 0..<50 { await queue.push(producer * 1000 + item) }
            }
        }
        var seen: [Int] = []
        var largest = 0
        while seen.count < 400 {
            largest = max(largest, queue.count)
            guard let item = await queue.pop() else { break }
            seen.append(item)
            if seen.count % 7 == 0 { await Task.yield() }
        }
        for producer in producers { await producer.value }
        #expect(largest <= 3)
        #expect(seen.count == 400)
        // Each producer's items come out in the order it pushed them.
        for producer in 0..<8 {
            #expect(seen.filter { $0 / 1000 == producer } == (0..<50).map { producer * 1000 + $0 })
        }
    }

    @Test func finishEndsAWaitingConsumerAndReleasesWaitingProducers() async throws {
        let queue = TableApplyQueue<Int>(capacity: 1)
        let consumer = Task { await queue.pop() }
        #expect(await eventually(timeout: .seconds(120)) { queue.waiting.consumer })
        queue.finish()
        #expect(await consumer.value == nil)

        let full = TableApplyQueue<Int>(capacity: 1)
        await full.push(1)
        let blocked = Task { await full.push(2) }
        #expect(await eventually(timeout: .seconds(120)) { full.waiting.producers == 1 })
        full.finish()
        await blocked.value  // returns: the item is dropped
        #expect(full.waiting.producers == 0)
        #expect(await full.pop() == nil)
        await full.push(3)  // after finish: dropped at once
        #expect(await full.pop() == nil)
    }
}
