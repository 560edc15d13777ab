import NIOCore

/// The producer id, epoch and first sequence number written into an idempotent batch.
struct BatchSequence: Sendable, Hashable {
    /// The producer id from InitProducerId.
    var producerId: Int64
    /// The producer epoch from InitProducerId.
    var producerEpoch: Int16
    /// Sequence number of the batch's first record.
    var baseSequence: Int32
}

/// A record waiting for its delivery report: its index in the batch and its own timestamp.
struct PendingDelivery<Waiter: Sendable>: Sendable {
    /// Offset delta of the record within its batch.
    var index: Int32
    /// The record's create timestamp (ms).
    var timestamp: Int64
    /// Who to tell (a continuation or a callback in the producer; anything in tests).
    var waiter: Waiter
}

/// One partition's record batch on its way to the broker: appended to while open, then sent,
/// possibly retried, and finally completed or failed as a whole.
struct ProducerBatch<Waiter: Sendable>: Sendable {
    /// Creation order, unique per producer; a partition's batches are sent in this order.
    let id: UInt64
    /// Where the batch goes.
    let partition: ProducerTopicPartition
    /// The records, encoded as they were appended.
    var builder: RecordBatchBuilder
    /// Records that someone waits on (records sent without a callback are not listed).
    var waiters: [PendingDelivery<Waiter>] = []
    /// Bytes of the producer's buffer budget this batch holds.
    var reservedBytes = 0
    /// When the batch was created (linger and delivery timeout count from here).
    let createdAt: NIODeadline
    /// No more records may be appended (full, or taken for sending).
    var isClosed = false
    /// How many times the batch has been sent.
    var attempts = 0
    /// A retried batch is not sent again before this time.
    var retryAfter: NIODeadline?
    /// Idempotence fields, assigned when the batch is first sent (cleared by an epoch bump).
    var sequence: BatchSequence?
    /// The wire bytes of the last encoding, reused by a retry with the same sequence.
    var encoded: ByteBuffer?

    /// Records in the batch.
    var recordCount: Int32 { builder.recordCount }

    /// Upper bound of the batch's size on the wire (uncompressed records plus the batch header).
    var estimatedWireBytes: Int { builder.recordsByteCount + RecordBatchHeader.size }

    /// The batch's wire bytes with `sequence` applied; cached for retries.
    mutating func encode() throws(KafkaError) -> ByteBuffer {
        if let encoded { return encoded }
        if let sequence {
            builder.producerId = sequence.producerId
            builder.producerEpoch = sequence.producerEpoch
            builder.baseSequence = sequence.baseSequence
        } else {
            builder.producerId = -1
            builder.producerEpoch = -1
            builder.baseSequence = -1
        }
        var buffer = ByteBufferAllocator().buffer(capacity: estimatedWireBytes)
        do {
            try builder.encode(into: &buffer)
        } catch {
            throw KafkaError(.encoding(error), "could not encode a record batch", topic: partition.topic, partition: partition.partition)
        }
        encoded = buffer
        return buffer
    }

    /// Sets (or clears) the idempotence fields; drops a cached encoding that no longer matches.
    mutating func setSequence(_ newSequence: BatchSequence?) {
        guard newSequence != sequence else { return }
        sequence = newSequence
        encoded = nil
    }
}
