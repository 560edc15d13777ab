import Gregor
import GregorProtocol

extension TableReader {
    /// Applies what the fetch handler queued, in order, until the queue is finished.
    func applyLoop(_ queue: TableApplyQueue<TablePendingWork>) async {
        await withTaskCancellationHandler {
            while let work = await queue.pop() {
                switch work {
                case .records(var records, let epoch): apply(&records, epoch: epoch)
                case .event(let event, let epoch): await handle(event, epoch: epoch)
                }
            }
        } onCancel: {
            queue.finish()
        }
    }

    /// Applies one partition's Fetch answer, advances its position, then resumes the waits the new
    /// position satisfies and tells subscribers what changed (both outside the lock).
    func apply(_ records: inout FetchedRecords, epoch: UInt64) {
        let now = ContinuousClock.now
        let partition = records.partition.partition
        let outcome: (waiters: [TableWaiter], changes: [Store.Change], subscribers: [AsyncStream<Store.Change>.Continuation])? =
            state.withLock { state in
                // The store moves into the sink and back, so the decode mutates it in place.
                guard state.epoch == epoch, state.status.isReading, let store = state.store.take() else { return nil }
                var sink = TableApplySink(store: consume store, collectsChanges: !state.subscribers.isEmpty)
                // A decoding error (bad CRC, broken compression) fails the partition in the engine,
                // which reports it as an event; what decoded before the error stays applied.
                _ = try? records.decode(into: &sink)
                state.store = sink.store
                state.catchUp.recordsRead &+= sink.records
                state.lastFetch[partition] = now
                let next = records.nextPosition
                if next > state.positions[partition] ?? -1 { state.positions[partition] = next }
                let waiters = state.waits.reached(by: state.positions)
                return (waiters, sink.changes, sink.changes.isEmpty ? [] : Array(state.subscribers.values))
            }
        guard let outcome else { return }
        for waiter in outcome.waiters { waiter.resume(true) }
        for subscriber in outcome.subscribers {
            for change in outcome.changes { subscriber.yield(change) }
        }
    }
}
