import NIOCore

extension RecordAccumulator {
    /// A drained batch is done (acknowledged, or failed for good): its bytes return to the budget
    /// and its partition may send more.
    mutating func complete(_ batch: ProducerBatch<Waiter>) {
        bufferedBytes -= batch.reservedBytes
        incompleteBatchIDs.remove(batch.id)
        queues[batch.partition]?.inFlight -= 1
    }

    /// A drained batch goes back to the front of its partition's queue (in creation order among
    /// other returned batches) to be sent again, not before `retryAfter`.
    mutating func reenqueue(_ batch: ProducerBatch<Waiter>, retryAfter: NIODeadline) {
        var batch = batch
        batch.retryAfter = retryAfter
        batch.isClosed = true
        var queue = queues.removeValue(forKey: batch.partition) ?? PartitionQueue()
        queue.inFlight -= 1
        let position = queue.batches.firstIndex { $0.id > batch.id } ?? queue.batches.endIndex
        queue.batches.insert(batch, at: position)
        queues[batch.partition] = queue
    }

    /// Makes every batch created so far ready at once and returns the id a flush waits for: the
    /// flush is done when no incomplete batch has an id up to it (see `isFlushed(through:)`).
    mutating func beginFlush() -> UInt64 {
        flushThrough = nextBatchID - 1
        closeOpenBatches()
        return flushThrough
    }

    /// Whether every batch with an id up to `batchID` is completed.
    func isFlushed(through batchID: UInt64) -> Bool {
        !incompleteBatchIDs.contains { $0 <= batchID }
    }

    /// From now on every batch is ready regardless of linger (the producer is closing).
    mutating func beginClosing() {
        isClosing = true
        closeOpenBatches()
    }

    /// Removes every queued batch (not the in-flight ones) and returns them, for failing on shutdown.
    mutating func removeAllQueued() -> [ProducerBatch<Waiter>] {
        var removed: [ProducerBatch<Waiter>] = []
        for key in partitionOrder {
            guard var queue = queues[key], !queue.batches.isEmpty else { continue }
            for batch in queue.batches {
                bufferedBytes -= batch.reservedBytes
                incompleteBatchIDs.remove(batch.id)
                removed.append(batch)
            }
            queue.batches.removeAll()
            queues[key] = queue
        }
        return removed
    }

    /// Clears the idempotence fields of every queued batch (after an epoch bump, sequences restart
    /// at 0 and are assigned again, in order, when each batch is next sent).
    mutating func resetSequences() {
        for key in partitionOrder {
            guard var queue = queues[key], !queue.batches.isEmpty else { continue }
            for index in queue.batches.indices { queue.batches[index].setSequence(nil) }
            queues[key] = queue
        }
    }

    /// Batches queued (not in flight) for a partition, for tests and metrics.
    func queuedBatchCount(topic: String, partition: Int32) -> Int {
        queues[ProducerTopicPartition(topic: topic, partition: partition)]?.batches.count ?? 0
    }

    /// Batches of a partition in flight.
    func inFlightCount(topic: String, partition: Int32) -> Int {
        queues[ProducerTopicPartition(topic: topic, partition: partition)]?.inFlight ?? 0
    }

    private mutating func closeOpenBatches() {
        for key in partitionOrder {
            guard let queue = queues[key], let last = queue.batches.last, !last.isClosed else { continue }
            queues[key]?.batches[queue.batches.count - 1].isClosed = true
        }
    }
}
