import NIOCore

/// Collects records into per-partition batches and decides which batches are ready to send.
///
/// Pure: no locks, no I/O, time is passed in. The producer keeps one behind a lock, appends records
/// from `send`, and its sender drains ready batches (grouped by leader into Produce requests),
/// then reports each batch back as completed or to be retried.
///
/// Rules:
/// - A partition's batches leave in creation order; a batch is ready when it is closed (full),
///   has lingered `linger`, or a flush or close wants everything out.
/// - At most `maxInFlightPerPartition` batches of a partition are in flight. A batch being retried
///   goes alone: only when nothing else of its partition is in flight (so retries keep their order).
/// - `bufferMemory` bounds the bytes of all records not yet completed; `append` answers
///   `.bufferFull` instead of going over (the producer then waits or throws).
struct RecordAccumulator<Waiter: Sendable>: Sendable {
    /// The knobs the accumulator needs from `ProducerConfiguration`.
    struct Settings: Sendable {
        var linger: Duration
        var maxBatchBytes: Int
        var maxRequestBytes: Int
        var bufferMemory: Int
        var deliveryTimeout: Duration
        var compression: CompressionCodec
        var compressionLevel: Int?
        /// 5 for an idempotent producer (Kafka's limit), otherwise effectively unlimited.
        var maxInFlightPerPartition: Int
    }

    /// What `append` did.
    enum AppendOutcome: Sendable, Equatable {
        /// The record is in a batch. `wakeSender` is true when a batch became ready or a new
        /// batch started (the sender must look at readiness or its next deadline again).
        case appended(partition: Int32, wakeSender: Bool)
        /// The buffer budget has no room for the record; nothing was appended.
        case bufferFull
    }

    /// One Produce request's worth of batches for one broker.
    struct DrainedRequest: Sendable {
        /// The leader the request goes to.
        var node: Int32
        /// At most one batch per partition.
        var batches: [ProducerBatch<Waiter>]
    }

    /// What `drain` found.
    struct DrainResult: Sendable {
        /// Requests to send now.
        var requests: [DrainedRequest] = []
        /// Batches whose delivery timeout passed while they waited; fail them.
        var expired: [ProducerBatch<Waiter>] = []
        /// Topics with a ready batch but no known leader; refresh their metadata.
        var topicsWithoutLeader: Set<String> = []
        /// When a batch that is waiting only for time (linger, retry backoff, delivery timeout) needs
        /// another look; `nil` when nothing waits on time.
        var nextWakeup: NIODeadline?
    }

    struct PartitionQueue: Sendable {
        var batches: [ProducerBatch<Waiter>] = []
        var inFlight = 0
    }

    let settings: Settings
    /// Bytes of records appended and not yet completed or failed.
    var bufferedBytes = 0
    /// Batches created and not yet completed or failed (queued or in flight).
    var incompleteBatchIDs: Set<UInt64> = []
    var queues: [ProducerTopicPartition: PartitionQueue] = [:]
    var partitionOrder: [ProducerTopicPartition] = []
    var drainStart = 0
    var nextBatchID: UInt64 = 1
    /// Batches with an id up to this one are ready regardless of linger (a flush is waiting).
    var flushThrough: UInt64 = 0
    /// Every batch is ready regardless of linger (the producer is closing).
    var isClosing = false

    /// An empty accumulator.
    init(settings: Settings) {
        self.settings = settings
    }

    /// Whether no record is queued or in flight.
    var isEmpty: Bool { incompleteBatchIDs.isEmpty }

    /// The budget bytes a record takes: its key, value and headers plus the largest per-record overhead.
    static func estimatedSize(keyCount: Int?, valueCount: Int?, headers: [RecordHeader]) -> Int {
        var size = 36 + (keyCount ?? 0) + (valueCount ?? 0)
        for header in headers { size += 10 + header.key.utf8.count + (header.value?.count ?? 0) }
        return size
    }

    /// Whether `partition` of `topic` has a batch that still takes records.
    func hasOpenBatch(topic: String, partition: Int32) -> Bool {
        guard let last = queues[ProducerTopicPartition(topic: topic, partition: partition)]?.batches.last else { return false }
        return !last.isClosed
    }

    /// Whether `bytes` more would fit in the buffer budget now.
    func hasRoom(for bytes: Int) -> Bool {
        bufferedBytes == 0 || bufferedBytes + bytes <= settings.bufferMemory
    }

    /// Appends one record to its partition's open batch (starting a new batch when there is none or
    /// it is full). A record larger than `maxBatchBytes` gets a batch of its own.
    ///
    /// - Throws: `.invalidArgument` when the record alone exceeds `maxRequestBytes` or
    ///   `bufferMemory`; `.encoding` when the builder refuses it.
    mutating func append(
        topic: String, partition: Int32, key: UnsafeRawBufferPointer?, value: UnsafeRawBufferPointer?,
        headers: [RecordHeader], timestamp: Int64, waiter: Waiter?, now: NIODeadline
    ) throws(KafkaError) -> AppendOutcome {
        let size = Self.estimatedSize(keyCount: key?.count, valueCount: value?.count, headers: headers)
        guard size + RecordBatchHeader.size <= settings.maxRequestBytes, size <= settings.bufferMemory else {
            throw KafkaError(
                .invalidArgument, "a record of about \(size) bytes exceeds maxRequestBytes or bufferMemory",
                topic: topic, partition: partition)
        }
        guard hasRoom(for: size) else { return .bufferFull }

        let key_ = ProducerTopicPartition(topic: topic, partition: partition)
        var wake = false
        var queue = queues.removeValue(forKey: key_) ?? {
            partitionOrder.append(key_)
            return PartitionQueue()
        }()
        defer { queues[key_] = queue }

        let lastIndex = queue.batches.indices.last
        var appendIndex: Int
        if let lastIndex, !queue.batches[lastIndex].isClosed,
            queue.batches[lastIndex].builder.recordsByteCount + size <= settings.maxBatchBytes
        {
            appendIndex = lastIndex
        } else {
            if let lastIndex, !queue.batches[lastIndex].isClosed {
                queue.batches[lastIndex].isClosed = true
            }
            queue.batches.append(makeBatch(for: key_, now: now, firstRecordSize: size))
            appendIndex = queue.batches.count - 1
            wake = true
        }

        let index = queue.batches[appendIndex].recordCount
        do {
            try queue.batches[appendIndex].builder.appendRaw(key: key, value: value, headers: headers, timestamp: timestamp)
        } catch {
            if queue.batches[appendIndex].recordCount == 0 {
                incompleteBatchIDs.remove(queue.batches[appendIndex].id)
                queue.batches.remove(at: appendIndex)
            }
            throw KafkaError(.encoding(error), "could not append the record", topic: topic, partition: partition)
        }
        queue.batches[appendIndex].reservedBytes += size
        bufferedBytes += size
        if let waiter {
            queue.batches[appendIndex].waiters.append(PendingDelivery(index: index, timestamp: timestamp, waiter: waiter))
        }
        if queue.batches[appendIndex].builder.recordsByteCount >= settings.maxBatchBytes {
            queue.batches[appendIndex].isClosed = true
            wake = true
        }
        return .appended(partition: partition, wakeSender: wake)
    }

    private mutating func makeBatch(for partition: ProducerTopicPartition, now: NIODeadline, firstRecordSize: Int) -> ProducerBatch<Waiter> {
        let id = nextBatchID
        nextBatchID += 1
        incompleteBatchIDs.insert(id)
        var builder = RecordBatchBuilder(
            compression: settings.compression,
            capacity: min(max(firstRecordSize, 16 * 1024), settings.maxBatchBytes))
        builder.compressionLevel = settings.compressionLevel
        return ProducerBatch(id: id, partition: partition, builder: builder, createdAt: now)
    }
}
