import Gregor
import GregorProtocol

extension KafkaStream {
    /// The next records in release order, as one batch of at most `batchSize` records.
    ///
    /// Returns as soon as a full batch is releasable; otherwise at `timeout` with whatever is
    /// releasable then (possibly an empty batch). It never waits while a full batch is held. A
    /// bounded stream returns its last records as soon as the replay is released, then empty
    /// batches (`isFinished` is true).
    ///
    /// Throws the error that stopped the stream (a non-retriable broker error), `.invalidState`
    /// before `start()`, `.shutDown` after `close()`, and `CancellationError` when the task is cancelled.
    public func poll(timeout: Duration) async throws -> MessageBatch {
        let deadline = ContinuousClock.now.advanced(by: max(.zero, timeout))
        let bounded = configuration.bounded
        let tick = configuration.latenessWindow > .zero ? max(.milliseconds(5), configuration.latenessWindow / 4) : nil
        while true {
            try Task.checkCancellation()
            let expired = ContinuousClock.now >= deadline
            let now = Self.nowMilliseconds
            let step = try shared.withLock { shared throws(KafkaError) -> PollStep in
                if let failure = shared.failure { throw failure }
                switch shared.status {
                case .unstarted, .starting: throw KafkaError(.invalidState, "poll() before start() finished")
                case .closed: throw KafkaError(.shutDown, "the stream is closed")
                case .running: break
                }
                var overflow: KafkaDecodingError?
                let signal = shared.signal
                let step = shared.withCore { core -> PollStep in
                    do throws(KafkaDecodingError) { try core.fill(now: now, replayOnly: bounded) } catch { overflow = error }
                    let flush = expired || (bounded && core.isLive)
                    // Releasing may have drained partitions below their share: put them back into Fetch.
                    let changes = core.backpressure()
                    guard let batch = core.takeBatch(flush: flush) else { return .wait(signal: signal, changes: changes) }
                    return .batch(batch, changes: changes)
                }
                if let overflow { return .failed(KafkaError(.decoding(overflow), "the stream's output batch overflowed")) }
                return step ?? .wait(signal: signal, changes: nil)
            }
            switch step {
            case .batch(let batch, let changes):
                await apply(changes)
                return batch
            case .failed(let failure):
                fail(failure)
                throw failure
            case .wait(let signal, let changes):
                await apply(changes)
                let wakeUp = tick.map { min(deadline, ContinuousClock.now.advanced(by: $0)) } ?? deadline
                await waitForSignal(after: signal, until: wakeUp)
            }
        }
    }

    /// Whether a bounded stream has handed out its whole replay (always false when unbounded).
    public var isFinished: Bool {
        guard configuration.bounded else { return false }
        return shared.withLock { $0.core?.isReplayDrained ?? false }
    }

    /// The batches as an `AsyncSequence` (non-empty batches only), polling with `pollTimeout`.
    /// It ends when the stream is closed and, for a bounded stream, after the replay.
    public func batches(pollTimeout: Duration = .milliseconds(250)) -> KafkaStreamBatches {
        KafkaStreamBatches(stream: self, pollTimeout: pollTimeout)
    }

    /// Sleeps until something a poll cares about happens (a full batch, the replay's end, a
    /// failure, close), `deadline`, or cancellation — whichever is first.
    private func waitForSignal(after signal: UInt64, until deadline: ContinuousClock.Instant) async {
        let id = shared.withLock { shared -> UInt64 in
            defer { shared.nextWaiter &+= 1 }
            shared.activeWaiters.insert(shared.nextWaiter)
            return shared.nextWaiter
        }
        let timer = Task {
            try? await Task.sleep(until: deadline, clock: .continuous)
            guard !Task.isCancelled else { return }
            self.wakeWaiter(id)
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let resumeNow = shared.withLock { shared -> Bool in
                    if shared.signal != signal || shared.expiredWaiters.remove(id) != nil { return true }
                    shared.waiters[id] = continuation
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        } onCancel: {
            self.wakeWaiter(id)
        }
        timer.cancel()
        shared.withLock { shared in
            shared.activeWaiters.remove(id)
            shared.expiredWaiters.remove(id)
        }
    }

    /// Wakes one waiting poll (or marks it so that it does not start waiting).
    private func wakeWaiter(_ id: UInt64) {
        let waiter = shared.withLock { shared -> CheckedContinuation<Void, Never>? in
            if let waiter = shared.waiters.removeValue(forKey: id) { return waiter }
            // Not waiting yet: mark it so that it does not start (only while its poll is active).
            if shared.activeWaiters.contains(id) { shared.expiredWaiters.insert(id) }
            return nil
        }
        waiter?.resume()
    }
}

/// What one look at the stream's state decided.
enum PollStep {
    case batch(MessageBatch, changes: BackpressureChanges?)
    case wait(signal: UInt64, changes: BackpressureChanges?)
    case failed(KafkaError)
}

/// A stream's batches as an `AsyncSequence`; see `KafkaStream.batches(pollTimeout:)`.
public struct KafkaStreamBatches: AsyncSequence, Sendable {
    /// Each element is a non-empty batch in release order.
    public typealias Element = MessageBatch
    let stream: KafkaStream
    let pollTimeout: Duration

    /// The iterator: polls until a non-empty batch comes, the stream closes, or a bounded stream ends.
    public struct AsyncIterator: AsyncIteratorProtocol {
        let stream: KafkaStream
        let pollTimeout: Duration

        /// The next non-empty batch; `nil` at the end. Throws what `poll` throws, except `.shutDown`.
        public mutating func next() async throws -> MessageBatch? {
            while true {
                if stream.isFinished { return nil }
                let batch: MessageBatch
                do {
                    batch = try await stream.poll(timeout: pollTimeout)
                } catch let error as KafkaError where error.kind == .shutDown {
                    return nil
                }
                if batch.count > 0 { return batch }
            }
        }
    }

    /// An iterator over the batches.
    public func makeAsyncIterator() -> AsyncIterator { AsyncIterator(stream: stream, pollTimeout: pollTimeout) }
}
