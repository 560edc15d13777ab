import Gregor
import GregorProtocol

extension TableReader {
    /// Applies what the fetch handler queued, in order, until the queue is finished.
    func applyLoop(_ queue: TableApplyQueue<TablePendingWork>) async {
        await withTaskCancellationHandler {
            // One decoder for the loop: its decompression buffer is reused across answers.
            var decoder = RecordBatchDecoder()
            while let work = await queue.pop() {
                let applied: AppliedAnswer?
                switch consume work {
                case .records(var records, let epoch, let prepared):
                    applied = applyDeferringWakeUps(&records, epoch: epoch, prepared: await prepared?.value, using: &decoder)
                case .event(let event, let epoch):
                    await handle(event, epoch: epoch)
                    applied = nil
                }
                // The answer (its connection buffer) is released by now, so a catch-up this
                // resumes can hand that memory back to the system at once.
                applied.map(wakeUp)
            }
        } onCancel: {
            queue.finish()
        }
    }

    /// Applies one partition's Fetch answer, advances its position, then resumes the waits the new
    /// position satisfies and tells subscribers what changed (both outside the lock). An answer
    /// that does not decode (a malformed record, broken compression) stops the reader: what
    /// decoded before the error stays applied, the position stays before it. `prepared`: the
    /// answer made ready ahead (`RecordPreparingSink`). A compact store takes prepared records
    /// (prepared here when the handler saw a subscriber) unless someone subscribed: changes are
    /// then built by the generic path.
    func apply(
        _ records: inout FetchedRecords, epoch: UInt64, prepared: PreparedAnswer? = nil, using decoder: inout RecordBatchDecoder
    ) {
        applyDeferringWakeUps(&records, epoch: epoch, prepared: prepared, using: &decoder).map(wakeUp)
    }

    /// What applying an answer leaves to do outside the lock: waits to resume, changes to tell
    /// subscribers, a decode error that stops the reader.
    struct AppliedAnswer {
        let partition: FetchPartitionID
        let waiters: [TableWaiter]
        let changes: [Store.Change]
        let subscribers: [AsyncStream<Store.Change>.Continuation]
        let error: KafkaDecodingError?
    }

    /// `apply` without its last step (`wakeUp`), which the apply loop takes once it let go of the
    /// answer; `nil` when the answer belongs to an older epoch or the reader stopped.
    func applyDeferringWakeUps(
        _ records: inout FetchedRecords, epoch: UInt64, prepared: PreparedAnswer? = nil, using decoder: inout RecordBatchDecoder
    ) -> AppliedAnswer? {
        let now = ContinuousClock.now
        let partition = records.partition.partition
        let outcome: (waiters: [TableWaiter], changes: [Store.Change], subscribers: [AsyncStream<Store.Change>.Continuation], error: KafkaDecodingError?)? =
            state.withLock { state in
                // The store moves out and back, so the decode mutates it in place.
                guard state.epoch == epoch, state.status.isReading, var store = state.store.take() else { return nil }
                let applied: (records: Int, error: KafkaDecodingError?)
                var changes: [Store.Change] = []
                var next: Int64?
                if state.subscribers.isEmpty, let forms = entryForms,
                    case let answer = prepared ?? RecordPreparingSink.prepare(records, forms: forms, using: &decoder),
                    let stored = store.withCompactEntries({ entries, stats in
                        let count = answer.records.count
                        // A partition's first answer tells how much it holds: the table makes room
                        // for it now rather than growing on the way (each growth moves every entry).
                        let partitions = state.partitions.count
                        if let room = state.catchUp.room(after: records, prepared: count, nextPosition: answer.nextPosition, partitions: partitions) {
                            entries.reserveCapacity(room)
                        }
                        entries.store(answer.records, stats: &stats)
                        return (count, answer.error)
                    })
                {
                    applied = stored
                    next = answer.nextPosition
                } else {
                    var sink = TableApplySink(store: consume store, collectsChanges: !state.subscribers.isEmpty)
                    let error = records.decodeReportingError(into: &sink, using: &decoder)
                    applied = (sink.records, error)
                    store = sink.store
                    changes = sink.changes
                }
                state.store = store
                state.catchUp.recordsRead &+= applied.records
                state.lastFetch[partition] = now
                if applied.error == nil {
                    let next = next ?? records.nextPosition
                    if next > state.positions[partition] ?? -1 { state.positions[partition] = next }
                }
                let waiters = state.waits.reached(by: state.positions)
                return (waiters, changes, changes.isEmpty ? [] : Array(state.subscribers.values), applied.error)
            }
        guard let outcome else { return nil }
        return AppliedAnswer(
            partition: records.partition, waiters: outcome.waiters, changes: outcome.changes, subscribers: outcome.subscribers, error: outcome.error)
    }

    /// Resumes the waits an applied answer satisfied, tells subscribers its changes, and stops
    /// the reader on its decode error.
    func wakeUp(_ applied: AppliedAnswer) {
        for waiter in applied.waiters { waiter.resume(true) }
        for subscriber in applied.subscribers {
            for change in applied.changes { subscriber.yield(change) }
        }
        if let error = applied.error { fail(KafkaError.undecodableRecords(applied.partition, error)) }
    }
}
