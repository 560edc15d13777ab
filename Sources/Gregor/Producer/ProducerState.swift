import NIOCore

/// Everything the producer decides, behind one lock: the accumulator, idempotence, routing,
/// in-flight counts and the callers waiting for buffer space or a flush. Pure (time is passed in);
/// `KafkaProducer` performs what its methods return.
struct ProducerState: Sendable {
    /// Partition count and leaders of a topic, from the last metadata.
    struct TopicRouting: Sendable {
        var partitionCount: Int32
        /// Leader node per partition index; -1 when unknown.
        var leaders: [Int32]
    }

    /// What `append` did.
    enum AppendAttempt: Sendable {
        /// Appended; wake the sender when `wake`.
        case appended(wake: Bool)
        /// No buffer room for a record of about `bytes` bytes.
        case bufferFull(bytes: Int)
        /// The topic's partition count is not known yet (or the explicit partition is beyond it).
        case needsMetadata
    }

    /// What the sender loop does next.
    struct SenderStep: Sendable {
        var requests: [RecordAccumulator<DeliveryWaiter>.DrainedRequest] = []
        var completions: [BatchCompletion] = []
        var startInitProducerId = false
        var refreshTopics: [String] = []
        var nextWakeup: NIODeadline?
        var finished = false
        var retriedBatches = 0
        var resumeBufferWaiters: [CheckedContinuation<Void, Never>] = []
        var resumeFlushWaiters: [CheckedContinuation<Void, Never>] = []
    }

    /// A finished batch's waiters and outcome, delivered outside the lock.
    struct BatchCompletion: Sendable {
        var topic: String
        var partition: Int32
        var waiters: [PendingDelivery<DeliveryWaiter>]
        var recordCount: Int32
        var wireBytes: Int
        /// Success: the batch's base offset and the broker's append time (-1 for CreateTime).
        var result: Result<(baseOffset: Int64, logAppendTime: Int64), KafkaError>

        /// Tells every waiter.
        func deliver() {
            switch result {
            case .success(let written):
                for pending in waiters {
                    let offset = written.baseOffset < 0 ? -1 : written.baseOffset &+ Int64(pending.index)
                    let timestamp = written.logAppendTime >= 0 ? written.logAppendTime : pending.timestamp
                    pending.waiter.complete(.success(DeliveryReport(topic: topic, partition: partition, offset: offset, timestamp: timestamp)))
                }
            case .failure(let error):
                for pending in waiters { pending.waiter.complete(.failure(error)) }
            }
        }
    }

    /// The outcome of one batch in a Produce request.
    enum BatchResult: Sendable {
        case written(baseOffset: Int64, logAppendTime: Int64)
        case failed(KafkaError)
    }

    let configuration: ProducerConfiguration
    var accumulator: RecordAccumulator<DeliveryWaiter>
    var idempotence: IdempotentProducerState?
    var sticky = StickyPartitioner()
    var random = SystemRandomNumberGenerator()
    var topics: [String: TopicRouting] = [:]
    var inFlightPerNode: [Int32: Int] = [:]
    var inFlightRequests = 0
    var bufferWaiters: [CheckedContinuation<Void, Never>] = []
    var flushWaiters: [(through: UInt64, continuation: CheckedContinuation<Void, Never>)] = []
    /// No new records are accepted.
    var isClosed = false
    /// Queued batches fail and failures are not retried (close timed out).
    var isAbandoning = false
    var topicsToRefresh: Set<String> = []
    var refreshInProgress = false
    var refreshNotBefore = NIODeadline.uptimeNanoseconds(0)
    var initInProgress = false
    var initNotBefore = NIODeadline.uptimeNanoseconds(0)
    /// The next InitProducerId asks for a new id instead of bumping (a bump was refused).
    var initFromScratch = false
    /// A non-retriable InitProducerId failure: every record fails with it.
    var fatalError: KafkaError?

    /// A state for `configuration` (already validated).
    init(configuration: ProducerConfiguration) {
        self.configuration = configuration
        self.accumulator = RecordAccumulator(settings: .init(
            linger: configuration.linger, maxBatchBytes: configuration.maxBatchBytes,
            maxRequestBytes: configuration.maxRequestBytes, bufferMemory: configuration.bufferMemory,
            deliveryTimeout: configuration.deliveryTimeout, compression: configuration.compression,
            compressionLevel: configuration.compressionLevel,
            // One batch per partition in flight: each request is written by its own task, so two
            // requests of one partition could reach the socket out of order. Requests for different
            // partitions still pipeline up to maxInFlightRequests per broker.
            maxInFlightPerPartition: 1))
        self.idempotence = configuration.idempotent ? IdempotentProducerState() : nil
    }

    /// Appends a record to the partition an explicit `partition`, the key's murmur2 hash, or the
    /// sticky partitioner chooses.
    mutating func append(
        topic: String, key: UnsafeRawBufferPointer?, value: UnsafeRawBufferPointer?, headers: [RecordHeader],
        partition: Int32?, timestamp: Int64, waiter: DeliveryWaiter?, now: NIODeadline
    ) throws(KafkaError) -> AppendAttempt {
        if isClosed { throw KafkaError(.shutDown, "the producer is closed", topic: topic) }
        if let fatalError { throw fatalError }
        guard let routing = topics[topic] else { return .needsMetadata }
        let chosen: Int32
        if let partition {
            guard partition < routing.partitionCount else { return .needsMetadata }
            chosen = partition
        } else if let key, let hashed = Murmur2Partitioner.partition(forKey: key, partitionCount: routing.partitionCount) {
            chosen = hashed
        } else {
            if let sticking = sticky.stickingPartition(topic: topic, partitionCount: routing.partitionCount),
                accumulator.hasOpenBatch(topic: topic, partition: sticking)
            {
                chosen = sticking
            } else {
                chosen = sticky.choose(topic: topic, partitionCount: routing.partitionCount, using: &random)
            }
        }
        switch try accumulator.append(
            topic: topic, partition: chosen, key: key, value: value, headers: headers, timestamp: timestamp,
            waiter: waiter, now: now)
        {
        case .appended(_, let wake): return .appended(wake: wake)
        case .bufferFull:
            return .bufferFull(bytes: RecordAccumulator<DeliveryWaiter>.estimatedSize(keyCount: key?.count, valueCount: value?.count, headers: headers))
        }
    }

    /// Stores a topic's partition count and leaders from metadata.
    mutating func updateRouting(topic: String, metadata: ClusterMetadata) {
        guard let entry = metadata.topics[topic], entry.error == nil, let maxIndex = entry.partitions.keys.max(), maxIndex >= 0 else { return }
        let count = maxIndex + 1
        var leaders = [Int32](repeating: -1, count: Int(count))
        for index in 0..<count { leaders[Int(index)] = metadata.leader(topic: topic, partition: index) ?? -1 }
        if let old = topics[topic], old.partitionCount != count { sticky.reset(topic: topic) }
        topics[topic] = TopicRouting(partitionCount: count, leaders: leaders)
    }
}
