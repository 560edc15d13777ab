/// Decides which batches a `read_committed` consumer must skip, from the Fetch response's list of
/// aborted transactions and the control markers seen while reading.
///
/// Kafka's rule: walking batches in offset order, every aborted transaction whose `firstOffset` is
/// at or below the current batch's last offset makes its producer "aborted". A transactional data
/// batch from an aborted producer is skipped. The producer stays aborted until its ABORT marker
/// (a control batch) is read. Control batches themselves are never data.
///
/// Feed it every batch in order with `shouldSkip(_:)`, and every control record with
/// `observe(_:)`. A pure value type: no I/O, no shared state.
public struct AbortedTransactionFilter: Sendable, Hashable {
    /// Aborted transactions not reached yet, in ascending `firstOffset` order.
    private var pending: [AbortedTransaction]
    /// Index of the first entry of `pending` not yet reached.
    private var nextPending = 0
    /// Producers whose aborted transaction is open at the current position.
    public private(set) var abortedProducers: Set<Int64> = []

    /// A filter for one partition's fetched data, given the partition's aborted-transactions list
    /// (in any order).
    public init(abortedTransactions: [AbortedTransaction]) {
        self.pending = abortedTransactions.sorted { lhs, rhs in
            lhs.firstOffset != rhs.firstOffset ? lhs.firstOffset < rhs.firstOffset : lhs.producerId < rhs.producerId
        }
    }

    /// Advances to `header` and returns whether its records must be skipped: true for a
    /// transactional data batch of an aborted producer, false otherwise (including control batches,
    /// whose markers must still be read and passed to `observe(_:)`).
    public mutating func shouldSkip(_ header: RecordBatchHeader) -> Bool {
        let lastOffset = header.lastOffset
        while nextPending < pending.count, pending[nextPending].firstOffset <= lastOffset {
            abortedProducers.insert(pending[nextPending].producerId)
            nextPending += 1
        }
        guard header.attributes.isTransactional, !header.attributes.isControl else { return false }
        return abortedProducers.contains(header.producerId)
    }

    /// Takes note of a control record: an ABORT marker ends its producer's aborted transaction.
    public mutating func observe(_ record: ControlRecord) {
        if record.type == .abort {
            abortedProducers.remove(record.producerId)
        }
    }
}
