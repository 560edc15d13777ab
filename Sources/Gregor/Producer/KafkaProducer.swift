import Logging
import NIOCore
import NIOPosix
import Synchronization

/// Sends records to Kafka: batches them per partition, compresses, routes each batch to its
/// partition's leader, retries what can be retried, and reports where every record landed.
///
/// ```swift
/// let producer = try KafkaProducer(client: KafkaClientConfiguration(bootstrap: "localhost:9092"))
/// let report = try await producer.send(topic: "events", key: Array("user-1".utf8), value: Array("hello".utf8))
/// await producer.close()
/// ```
///
/// - Keyed records go to `murmur2(key) % partitions` (the Java client's partitioner); keyless
///   records use sticky partitioning; an explicit `partition` wins over both.
/// - `send` waits for the acknowledgement; `produce` returns once the record is buffered and
///   reports through an optional callback (the fast path for high throughput), `flush` waits for
///   everything buffered so far.
/// - With idempotence (the default) retries never duplicate or reorder a partition's records.
/// - Memory is bounded by `bufferMemory`: when it is full, `send`/`produce` wait (or throw
///   `.bufferFull` with `waitForBuffer: false`).
///
/// Every method throws `KafkaError` only.
public final class KafkaProducer: Sendable {
    /// The producer settings.
    public let configuration: ProducerConfiguration
    /// The cluster connection this producer sends through.
    public let cluster: KafkaCluster
    let ownsCluster: Bool
    let logger: Logger
    let state: Mutex<ProducerState>
    let wakeup: SenderWakeup
    let metrics: ProducerMetrics
    private let sender = Mutex<Task<Void, Never>?>(nil)

    /// A producer with its own `KafkaCluster` for `client`; `close()` shuts that cluster down.
    public convenience init(
        configuration: ProducerConfiguration = ProducerConfiguration(), client: KafkaClientConfiguration,
        eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton, logger: Logger = Logger(label: "gregor.producer")
    ) throws {
        try client.validate()
        let cluster = KafkaCluster(configuration: client, eventLoopGroup: eventLoopGroup, logger: logger)
        try self.init(configuration: configuration, cluster: cluster, ownsCluster: true, logger: logger)
    }

    /// A producer that shares `cluster` (which `close()` leaves open).
    public convenience init(configuration: ProducerConfiguration = ProducerConfiguration(), cluster: KafkaCluster, logger: Logger? = nil) throws {
        try self.init(configuration: configuration, cluster: cluster, ownsCluster: false, logger: logger ?? cluster.logger)
    }

    private init(configuration: ProducerConfiguration, cluster: KafkaCluster, ownsCluster: Bool, logger: Logger) throws {
        try configuration.validate()
        self.configuration = configuration
        self.cluster = cluster
        self.ownsCluster = ownsCluster
        var logger = logger
        logger[metadataKey: "kafka.client_id"] = "\(cluster.configuration.clientId)"
        self.logger = logger
        self.state = Mutex(ProducerState(configuration: configuration))
        self.wakeup = SenderWakeup(eventLoop: cluster.eventLoopGroup.next())
        self.metrics = ProducerMetrics(clientId: cluster.configuration.clientId)
        let task = Task { [self] in await self.runSender() }
        sender.withLock { $0 = task }
    }

    /// Sends one record and waits until it is acknowledged (or failed for good).
    ///
    /// - Parameters:
    ///   - key: `nil` for a keyless record (sticky partitioning); empty bytes are a key.
    ///   - value: `nil` for a tombstone; empty bytes are a value.
    ///   - partition: an explicit partition (must exist); `nil` lets the partitioner choose.
    ///   - timestamp: the create time in ms since the epoch; `nil` for now.
    ///   - waitForBuffer: when the buffer budget is full, wait for room (`true`) or throw `.bufferFull`.
    /// - Returns: the record's partition, offset (-1 with `acks = .none`) and timestamp.
    public func send(
        topic: String, key: [UInt8]?, value: [UInt8]?, headers: [RecordHeader] = [], partition: Int32? = nil,
        timestamp: Int64? = nil, waitForBuffer: Bool = true
    ) async throws -> DeliveryReport {
        let record = try PreparedRecord(topic: topic, partition: partition, timestamp: timestamp)
        while true {
            do {
                return try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<DeliveryReport, any Error>) in
                    do {
                        try appendOrSignal(record, key: key, value: value, headers: headers, waiter: .continuation(continuation))
                    } catch {
                        continuation.resume(throwing: error)
                    }
                }
            } catch let retry as AppendRetry {
                try await handle(retry, record: record, waitForBuffer: waitForBuffer)
            }
        }
    }

    /// Buffers one record and returns; `onDelivery` (if given) is called once with the outcome.
    /// Waits only for metadata of a new topic and, with `waitForBuffer`, for buffer room.
    ///
    /// Parameters as for `send`. The callback runs on the producer's internal tasks: keep it short.
    public func produce(
        topic: String, key: [UInt8]?, value: [UInt8]?, headers: [RecordHeader] = [], partition: Int32? = nil,
        timestamp: Int64? = nil, waitForBuffer: Bool = true,
        onDelivery: (@Sendable (Result<DeliveryReport, KafkaError>) -> Void)? = nil
    ) async throws {
        let record = try PreparedRecord(topic: topic, partition: partition, timestamp: timestamp)
        let waiter = onDelivery.map { DeliveryWaiter.callback($0) }
        while true {
            do {
                try appendOrSignal(record, key: key, value: value, headers: headers, waiter: waiter)
                return
            } catch let retry as AppendRetry {
                try await handle(retry, record: record, waitForBuffer: waitForBuffer)
            }
        }
    }

    /// Sends everything buffered so far at once (ignoring linger) and waits until each of those
    /// records is acknowledged or failed. Records sent meanwhile are not waited for.
    public func flush() async {
        let through = state.withLock { $0.accumulator.beginFlush() }
        wakeup.signal()
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let done = state.withLock { state -> Bool in
                if state.accumulator.isFlushed(through: through) { return true }
                state.flushWaiters.append((through, continuation))
                return false
            }
            if done { continuation.resume() }
        }
    }

    /// Stops accepting records, sends everything buffered, waits for the outstanding
    /// acknowledgements, and (when the producer created it) shuts the cluster connection down.
    ///
    /// - Parameter timeout: after this long, records still unsent or unacknowledged fail with
    ///   `.shutDown` instead (default: wait as long as `deliveryTimeout` allows).
    public func close(timeout: Duration? = nil) async {
        state.withLock { $0.beginClose() }
        wakeup.signal()
        let task = sender.withLock { $0 }
        if let timeout {
            let abandon = Task { [self] in
                try await Task.sleep(for: timeout)
                state.withLock { $0.isAbandoning = true }
                wakeup.signal()
                // In-flight requests fail when their connections close.
                await cluster.shutdown()
            }
            await task?.value
            abandon.cancel()
        } else {
            await task?.value
        }
        if ownsCluster { await cluster.shutdown() }
    }

    // MARK: - Appending

    /// Why an append has to wait and try again.
    enum AppendRetry: Error {
        case bufferFull(bytes: Int)
        case needsMetadata
    }

    /// A record's routing fields, checked once.
    struct PreparedRecord: Sendable {
        var topic: String
        var partition: Int32?
        var timestamp: Int64

        init(topic: String, partition: Int32?, timestamp: Int64?) throws(KafkaError) {
            guard !topic.isEmpty else { throw KafkaError(.invalidArgument, "the topic name is empty") }
            if let partition, partition < 0 {
                throw KafkaError(.invalidArgument, "partition \(partition) is negative", topic: topic, partition: partition)
            }
            self.topic = topic
            self.partition = partition
            self.timestamp = timestamp ?? wallClockMilliseconds()
        }
    }

    /// Appends under the lock; wakes the sender when needed; throws `AppendRetry` to wait.
    private func appendOrSignal(
        _ record: PreparedRecord, key: [UInt8]?, value: [UInt8]?, headers: [RecordHeader], waiter: DeliveryWaiter?
    ) throws {
        let now = NIODeadline.now()
        let attempt = try Self.withOptionalBytes(key) { keyBytes in
            try Self.withOptionalBytes(value) { valueBytes in
                try state.withLock { (state) throws(KafkaError) -> ProducerState.AppendAttempt in
                    try state.append(
                        topic: record.topic, key: keyBytes, value: valueBytes, headers: headers, partition: record.partition,
                        timestamp: record.timestamp, waiter: waiter, now: now)
                }
            }
        }
        switch attempt {
        case .appended(let wake):
            if wake { wakeup.signal() }
        case .bufferFull(let bytes):
            throw AppendRetry.bufferFull(bytes: bytes)
        case .needsMetadata:
            throw AppendRetry.needsMetadata
        }
    }

    private func handle(_ retry: AppendRetry, record: PreparedRecord, waitForBuffer: Bool) async throws {
        switch retry {
        case .bufferFull(let bytes):
            guard waitForBuffer else {
                throw KafkaError(.bufferFull, "the producer's buffer (\(configuration.bufferMemory) bytes) is full", topic: record.topic)
            }
            await waitForBufferRoom(bytes: bytes)
        case .needsMetadata:
            try await loadTopic(record.topic, partition: record.partition)
        }
    }

    private func waitForBufferRoom(bytes: Int) async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let roomNow = state.withLock { state -> Bool in
                if state.accumulator.hasRoom(for: bytes) || state.isClosed || state.fatalError != nil { return true }
                state.bufferWaiters.append(continuation)
                return false
            }
            if roomNow { continuation.resume() }
        }
    }

    private static func withOptionalBytes<Result>(
        _ bytes: [UInt8]?, _ body: (UnsafeRawBufferPointer?) throws -> Result
    ) throws -> Result {
        guard let bytes else { return try body(nil) }
        return try bytes.withUnsafeBytes { try body($0) }
    }
}
