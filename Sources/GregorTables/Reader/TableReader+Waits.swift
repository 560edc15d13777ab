import Gregor
import Synchronization

extension TableReader {
    /// Waits until the reader's positions reach `targets`: true then; false after `timeout`, or
    /// when the reader fails or stops first (or already has), or when the waiting task is cancelled.
    func wait(for targets: OffsetTargets, timeout: Duration) async -> Bool {
        let id = Mutex<UInt64?>(nil)
        return await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let waiter = TableWaiter(continuation: continuation)
                let immediate: Bool? = state.withLock { state in
                    guard state.status.isReading else { return false }
                    if targets.areReached(by: state.positions) { return true }
                    id.withLock { $0 = state.waits.add(targets, waiter: waiter) }
                    return nil
                }
                if let immediate {
                    continuation.resume(returning: immediate)
                    return
                }
                guard let registered = id.withLock({ $0 }) else { return }
                let timer = Task {
                    try? await Task.sleep(for: timeout)
                    self.giveUp(registered)
                }
                state.withLock { state in state.waits.update(registered) { $0.timeout = timer } }
            }
        } onCancel: {
            if let registered = id.withLock({ $0 }) { giveUp(registered) }
        }
    }

    /// Ends the wait `id` with false if it is still pending.
    func giveUp(_ id: UInt64) {
        let waiter = state.withLock { $0.waits.remove(id) }
        waiter?.resume(false)
    }

    /// Takes the end offsets of the partitions read now (ListOffsets on the control connection,
    /// so it never queues behind the reader's long-poll), then waits for the reader to reach them.
    /// False on timeout, failure, stop, or when the offsets cannot be read.
    func barrier(timeout: Duration) async throws(KafkaError) -> Bool {
        let deadline = ContinuousClock.now + timeout
        let partitions = try state.withLock { state throws(KafkaError) -> [Int32] in
            switch state.status {
            case .unstarted: throw KafkaError(.invalidState, "barrier() on a table that was never started", topic: topic)
            case .stopped: throw KafkaError(.invalidState, "barrier() on a stopped table", topic: topic)
            default: return Array(state.partitions)
            }
        }
        guard status.isReading, let admin = io.withLock({ $0.admin }) else { return false }
        // The timeout bounds the whole call, the ListOffsets round trip included.
        return await outcome(of: { await self.reachEndOffsets(admin, partitions: partitions, deadline: deadline) }, within: timeout, otherwise: false)
    }

    /// Takes the end offsets of `partitions` and waits until `deadline` for the reader to reach them.
    private func reachEndOffsets(_ admin: KafkaAdmin, partitions: [Int32], deadline: ContinuousClock.Instant) async -> Bool {
        let targets: OffsetTargets
        do {
            targets = try await endOffsets(admin, partitions: partitions)
        } catch {
            logger.warning("barrier could not read the end offsets: \(error)")
            return false
        }
        let left = deadline - ContinuousClock.now
        guard left > .zero else { return false }
        return await wait(for: targets, timeout: left)
    }

    /// The latest offsets (high watermarks) of `partitions`, from their leaders.
    func endOffsets(_ admin: KafkaAdmin, partitions: [Int32]) async throws -> OffsetTargets {
        guard !partitions.isEmpty else { return OffsetTargets(offsets: [:]) }
        var specs: [KafkaTopicPartition: OffsetSpec] = [:]
        for partition in partitions { specs[KafkaTopicPartition(topic: topic, partition: partition)] = .latest }
        let listed = try await admin.listOffsets(specs, isolationLevel: configuration.fetch.isolationLevel).get()
        var offsets: [Int32: Int64] = [:]
        for (key, value) in listed { offsets[key.partition] = value.offset ?? 0 }
        return OffsetTargets(offsets: offsets)
    }
}

extension TableReader {
    /// A new sequence of changes; finished right away when the reader no longer reads.
    func subscribe() -> AsyncStream<Store.Change> {
        subscribe(reading: { _ in () }).updates
    }

    /// `read`s the store and subscribes in one step under the lock, so the subscriber gets
    /// exactly the changes made after what `read` saw (`nil` when the table cannot be read).
    func subscribe<T: Sendable>(reading read: (borrowing Store) -> T) -> (value: T?, updates: AsyncStream<Store.Change>) {
        let (stream, continuation) = AsyncStream<Store.Change>.makeStream()
        let (id, value) = state.withLock { state -> (UInt64?, T?) in
            let value = state.store.map { read($0) }
            guard state.status.isReading || state.status.isUnstarted else { return (nil, value) }
            let id = state.nextSubscriberId
            state.nextSubscriberId &+= 1
            state.subscribers[id] = continuation
            subscribersChanged(state)
            return (id, value)
        }
        guard let id else {
            continuation.finish()
            return (value, stream)
        }
        continuation.onTermination = { [weak self] _ in
            guard let self else { return }
            state.withLock { state in
                state.subscribers.removeValue(forKey: id)
                subscribersChanged(state)
            }
        }
        return (value, stream)
    }
}
