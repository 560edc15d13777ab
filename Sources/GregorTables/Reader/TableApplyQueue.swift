import DequeModule
import Synchronization

/// A bounded FIFO from the fetch handler to the reader's apply loop (one consumer), so that the
/// engine fetches the next answer while the previous one is applied. `push` waits while
/// `capacity` items are queued (never more are, whatever the number of producers); after
/// `finish()` pushes are dropped and `pop` returns `nil`.
final class TableApplyQueue<Element: Sendable>: Sendable {
    private struct State {
        var items: Deque<Element> = []
        var consumer: CheckedContinuation<Element?, Never>?
        /// Producers waiting for room, each with the item it adds once there is room.
        var waitingProducers: Deque<(item: Element, room: CheckedContinuation<Void, Never>)> = []
        var finished = false
    }

    /// What a push did under the lock.
    private enum PushOutcome {
        /// Queued, or dropped after `finish()`.
        case done
        /// Handed to the consumer waiting for it.
        case handOver(CheckedContinuation<Element?, Never>)
        /// The queue is full.
        case full
    }

    private let state = Mutex(State())
    /// Items queued before `push` waits.
    let capacity: Int

    /// A queue holding up to `capacity` (at least 1) items.
    init(capacity: Int) {
        self.capacity = Swift.max(1, capacity)
    }

    /// Queues `item` (or hands it straight to a waiting consumer), first waiting for room. One lock
    /// unless the queue is full.
    func push(_ item: Element) async {
        switch state.withLock({ Self.push(item, into: &$0, capacity: capacity) }) {
        case .done: return
        case .handOver(let consumer): consumer.resume(returning: item)
        case .full:
            await withCheckedContinuation { (room: CheckedContinuation<Void, Never>) in
                // The consumer may have made room since the first look.
                let outcome = state.withLock { state -> PushOutcome in
                    let outcome = Self.push(item, into: &state, capacity: capacity)
                    if case .full = outcome { state.waitingProducers.append((item, room)) }
                    return outcome
                }
                switch outcome {
                case .done: room.resume()
                case .handOver(let consumer):
                    room.resume()
                    consumer.resume(returning: item)
                case .full: break  // `pop` queues the item and resumes `room`
                }
            }
        }
    }

    private static func push(_ item: Element, into state: inout State, capacity: Int) -> PushOutcome {
        if state.finished { return .done }
        if let consumer = state.consumer {
            state.consumer = nil
            return .handOver(consumer)
        }
        guard state.items.count < capacity else { return .full }
        state.items.append(item)
        return .done
    }

    /// The next item, waiting for one; `nil` once finished.
    func pop() async -> Element? {
        await withCheckedContinuation { (continuation: CheckedContinuation<Element?, Never>) in
            let (item, finished, producer) = state.withLock { state -> (Element?, Bool, CheckedContinuation<Void, Never>?) in
                if let item = state.items.popFirst() {
                    // The room just made goes to the first waiting producer's item.
                    guard let waiting = state.waitingProducers.popFirst() else { return (item, false, nil) }
                    state.items.append(waiting.item)
                    return (item, false, waiting.room)
                }
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

    /// Drops what is queued, ends the consumer's wait with `nil`, releases waiting producers
    /// (their items are dropped).
    func finish() {
        let (consumer, producers) = state.withLock { state in
            state.finished = true
            state.items.removeAll()
            defer {
                state.consumer = nil
                state.waitingProducers.removeAll()
            }
            return (state.consumer, state.waitingProducers.map(\.room))
        }
        consumer?.resume(returning: nil)
        for producer in producers { producer.resume() }
    }

    /// Who is waiting now: whether the consumer is, and how many producers (for tests).
    var waiting: (consumer: Bool, producers: Int) {
        state.withLock { ($0.consumer != nil, $0.waitingProducers.count) }
    }

    /// The number of items queued (for tests).
    var count: Int { state.withLock { $0.items.count } }
}
