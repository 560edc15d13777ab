import NIOCore
import Synchronization

/// Wakes the producer's sender loop: when a batch becomes ready, a response arrives, metadata
/// changes, or a deadline (linger, retry backoff) passes. A signal that arrives while the sender is
/// busy is remembered, so no wake-up is lost.
final class SenderWakeup: Sendable {
    private struct State {
        var signaled = false
        var waiter: CheckedContinuation<Void, Never>?
    }

    private let state = Mutex(State())
    private let eventLoop: any EventLoop

    /// A wake-up whose timers run on `eventLoop`.
    init(eventLoop: any EventLoop) {
        self.eventLoop = eventLoop
    }

    /// Wakes the sender (now, or as soon as it next waits).
    func signal() {
        let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
            if let waiter = state.waiter {
                state.waiter = nil
                return waiter
            }
            state.signaled = true
            return nil
        }
        waiter?.resume()
    }

    /// Waits for a signal, or until `deadline` when one is given.
    func wait(until deadline: NIODeadline?) async {
        let timer = deadline.map { deadline in
            eventLoop.scheduleTask(deadline: deadline) { [weak self] in self?.signal() }
        }
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let resumeNow = state.withLock { state -> Bool in
                if state.signaled {
                    state.signaled = false
                    return true
                }
                state.waiter = continuation
                return false
            }
            if resumeNow { continuation.resume() }
        }
        timer?.cancel()
    }
}
