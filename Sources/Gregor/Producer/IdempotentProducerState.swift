/// The idempotent producer's bookkeeping: producer id and epoch, each partition's next sequence
/// number, and what a Produce error means for a sequenced batch (Kafka's rules, KIP-98/KIP-360).
///
/// Pure. The producer asks it for a sequence when a batch is first sent, tells it every batch's
/// outcome, and runs InitProducerId when `needsProducerId` (at start, and to bump the epoch).
///
/// Rules:
/// - Sequences count records per partition from 0 under each (producer id, epoch), wrapping to 0
///   after `Int32.max`. A batch keeps its sequence across retries, so the broker drops a retried
///   batch it already has (answering success or DUPLICATE_SEQUENCE_NUMBER, both success here).
/// - UNKNOWN_PRODUCER_ID, or OUT_OF_ORDER_SEQUENCE_NUMBER for the batch right after the last
///   acknowledged one (a real gap), and any sequenced batch that fails for good (it leaves a gap),
///   require an epoch bump: no new batch is sent until every in-flight request has come back; then
///   InitProducerId with the current id and epoch (v3+) yields the next epoch, every partition's
///   sequence restarts at 0 and queued batches are renumbered in order.
/// - OUT_OF_ORDER_SEQUENCE_NUMBER for a later batch is a consequence of an earlier batch's
///   failure: retry it as is.
struct IdempotentProducerState: Sendable {
    /// What the producer should do with a batch after its Produce response (or failure).
    enum Decision: Sendable, Equatable {
        /// The batch is written (or was already written: a duplicate).
        case success
        /// Send the batch again (after backoff). With `resetSequence`, its sequence is stale
        /// (issued under an older epoch) and must be assigned anew.
        case retry(resetSequence: Bool)
        /// The batch failed for good with this error.
        case fail(KafkaErrorCode)
    }

    /// The producer id; -1 before InitProducerId.
    private(set) var producerId: Int64 = -1
    /// The producer epoch; -1 before InitProducerId.
    private(set) var producerEpoch: Int16 = -1
    /// An InitProducerId must run before more batches are sent (at start, or to bump the epoch).
    private(set) var needsProducerId = true
    /// The next epoch bump is the first id (no id yet) rather than a bump.
    var hasProducerId: Bool { producerId >= 0 }
    private var nextSequence: [ProducerTopicPartition: Int32] = [:]
    private var lastAcknowledged: [ProducerTopicPartition: Int32] = [:]

    /// A state with no producer id yet.
    init() {}

    /// Batches may be sent (a producer id is known and no bump is pending).
    var canSend: Bool { hasProducerId && !needsProducerId }

    /// The id and epoch to send in InitProducerId: (-1, -1) for a first id, the current pair to bump
    /// (Kafka 2.5+ brokers, InitProducerId v3+). With `supportsBump == false` a new id is requested.
    func initProducerIdFields(supportsBump: Bool) -> (producerId: Int64, producerEpoch: Int16) {
        guard hasProducerId, supportsBump else { return (-1, -1) }
        return (producerId, producerEpoch)
    }

    /// InitProducerId answered: new id/epoch; every partition's sequence restarts at 0.
    mutating func producerIdAssigned(producerId: Int64, producerEpoch: Int16) {
        self.producerId = producerId
        self.producerEpoch = producerEpoch
        needsProducerId = false
        nextSequence.removeAll()
        lastAcknowledged.removeAll()
    }

    /// Asks for an epoch bump before any further batch is sent.
    mutating func requestEpochBump() {
        needsProducerId = true
    }

    /// The sequence for a batch of `recordCount` records sent for the first time (or the first time
    /// under the current epoch), advancing the partition's next sequence.
    mutating func assignSequence(for partition: ProducerTopicPartition, recordCount: Int32) -> BatchSequence {
        let base = nextSequence[partition] ?? 0
        nextSequence[partition] = Self.increment(base, by: recordCount)
        return BatchSequence(producerId: producerId, producerEpoch: producerEpoch, baseSequence: base)
    }

    /// Whether `sequence` was issued under the current producer id and epoch.
    func isCurrent(_ sequence: BatchSequence) -> Bool {
        sequence.producerId == producerId && sequence.producerEpoch == producerEpoch
    }

    /// Classifies a batch's outcome: `error` is `nil` on success, else the partition's error code
    /// (or a transport error mapped by the caller to a retriable code such as NETWORK_EXCEPTION).
    mutating func outcome(
        for partition: ProducerTopicPartition, sequence: BatchSequence, recordCount: Int32, error: KafkaErrorCode?
    ) -> Decision {
        let current = isCurrent(sequence)
        guard let error, error != .duplicateSequenceNumber else {
            if current {
                let last = Self.increment(sequence.baseSequence, by: max(recordCount, 1) - 1)
                lastAcknowledged[partition] = last
            }
            return .success
        }
        guard current else { return .retry(resetSequence: true) }
        switch error {
        case .unknownProducerId:
            requestEpochBump()
            return .retry(resetSequence: false)
        case .outOfOrderSequenceNumber:
            if sequence.baseSequence == expectedSequence(for: partition) { requestEpochBump() }
            return .retry(resetSequence: false)
        default:
            if error.isRetriable { return .retry(resetSequence: false) }
            // The broker did not write it: later batches would find a gap.
            requestEpochBump()
            return .fail(error)
        }
    }

    /// A sequenced batch is given up (delivery timeout, retries exhausted, shutdown): its sequence
    /// may be a gap on the broker, so the epoch must be bumped before the partition goes on.
    mutating func batchAbandoned(sequence: BatchSequence) {
        if isCurrent(sequence) { requestEpochBump() }
    }

    /// The sequence the broker expects next for `partition` under the current epoch.
    func expectedSequence(for partition: ProducerTopicPartition) -> Int32 {
        guard let last = lastAcknowledged[partition] else { return 0 }
        return Self.increment(last, by: 1)
    }

    /// Kafka's sequence arithmetic: add, wrapping past `Int32.max` to 0.
    static func increment(_ sequence: Int32, by amount: Int32) -> Int32 {
        let amount = max(amount, 0)
        if sequence > Int32.max - amount { return amount - (Int32.max - sequence) - 1 }
        return sequence + amount
    }
}
