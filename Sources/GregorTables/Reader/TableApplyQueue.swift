import DequeModule
import Synchronization

/// A bounded FIFO from the fetch handler to the reader's apply loop (one consumer), so that the
/// engine fetches the next answer while the previous one is applied. `push` waits while
/// `capacity` items are queued; after `finish()` pushes are dropped and `pop` returns `nil`.
final class TableApplyQueue<Element: Sendable>: Sendable {
    private struct State {
        var items: Deque<Element> = []
        var consumer: CheckedContinuation<Element?, Never>?
        var waitingProducers: Deque<CheckedContinuation<Void, Never>> = []
        var finished = false
    }

    private let state = Mutex(State())
    /// Items queued before `push` waits.
    let capacity: Int

    /// A queue holding up to `capacity` (at least 1) items.
    init(capacity: Int) {
        self.capacity = Swift.max(1, capacity)
    }

    /// Queues `item` (or hands it straight to a waiting consumer), first waiting for room.
    func push(_ item: Element) async {
        await withCheckedContinuation { (room: CheckedContinuation<Void, Never>) in
            let hasRoom = state.withLock { state in
                if state.finished || state.items.count < capacity { return true }
                state.waitingProducers.append(room)
                return false
            }
            if hasRoom { room.resume() }
        }
        let consumer = state.withLock { state -> CheckedContinuation<Element?, Never>? in
            guard !state.finished else { return nil }
            if let consumer = state.consumer {
                state.consumer = nil
                return consumer
            }
            state.items.append(item)
            return nil
        }
        consumer?.resume(returning: item)
    }

    /// The next item, waiting for one; `nil` once finished.
    func pop() async -> Element? {
        await withCheckedContinuation { (continuation: CheckedContinuation<Element?, Never>) in
            let (item, finished, producer) = state.withLock { state -> (Element?, Bool, CheckedContinuation<Void, Never>?) in
                if let item = state.items.popFirst() { return (item, false, state.waitingProducers.popFirst()) }
                if state.finished { return (nil, true, nil) }
                state.consumer = continuation
                return (nil, false, nil)
            }
            producer?.resume()
            if let item {
                continuation.resume(returning: item)
            } else if finished {
                continuation.resume(returning: nil)
            }
        }
    }

    /// Drops what is queued, ends the consumer's wait with `nil`, releases waiting producers.
    func finish() {
        let (consumer, producers) = state.withLock { state in
            state.finished = true
            state.items.removeAll()
            defer {
                state.consumer = nil
                state.waitingProducers.removeAll()
            }
            return (state.consumer, Array(state.waitingProducers))
        }
        consumer?.resume(returning: nil)
        for producer in producers { producer.resume() }
    }
}
