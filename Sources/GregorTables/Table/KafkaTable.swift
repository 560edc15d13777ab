import Gregor
import Logging

/// A global table: replays a (compacted) topic from the beginning into an in-memory map, then
/// keeps it live. Every process that opens one holds the full map.
///
/// Reads are synchronous, thread-safe and cheap; `snapshot()` is O(1) and never changes.
/// Consistency (see DESIGN.md, "Tables"):
/// - when `start()` returns, contents are complete as of the end offsets taken at start, unless
///   `status` is `degraded` (the catch-up timed out);
/// - later writes appear within milliseconds, but there is no read-your-own-writes unless you ask
///   with `barrier()` (or `wait(for:)` a writer's result);
/// - correctness never depends on broker-side compaction (last write wins over the full log).
///
/// ```swift
/// let table = try KafkaTable(topic: "services", configuration: .init(bootstrap: "localhost:9092"),
///                            keyCodec: .string, valueCodec: .json(Service.self))
/// try await table.start()
/// let billing = table["billing"]
/// if try await table.barrier() { /* every write acknowledged before the call is visible */ }
/// await table.stop()
/// ```
public final class KafkaTable<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    /// The topic read.
    public let topic: String
    /// The settings.
    public var configuration: KafkaTableConfiguration { reader.configuration }
    let reader: TableReader<KeyValueTableStore<Key, Value>>

    /// A table of `topic` decoding keys and values with the given codecs. Nothing is read before
    /// `start()`. Throws `.invalidConfiguration` naming a wrong setting, `.invalidArgument` for an
    /// illegal topic name.
    public init(
        topic: String, configuration: KafkaTableConfiguration, keyCodec: TableCodec<Key>, valueCodec: TableCodec<Value>,
        logger: Logger = Logger(label: "gregor.tables")
    ) throws {
        try TableTopicName.validate(topic)
        try configuration.validate()
        self.topic = topic
        self.reader = TableReader(
            topic: topic, configuration: configuration, store: KeyValueTableStore(keyCodec: keyCodec, valueCodec: valueCodec),
            logger: logger)
    }

    // MARK: Lifecycle

    /// Ensures the topic (unless configured off), replays it, and returns once caught up to the end
    /// offsets taken now — or after `catchUpTimeout` with `status == .degraded`. Throws what stops
    /// the table from starting (say, the topic is missing and may not be created); the status is
    /// then `failed`. Throws `.invalidState` when called twice.
    public func start() async throws {
        try await reader.start()
    }

    /// Stops reading. Contents stay readable (frozen); pending barriers return false; `updates()`
    /// sequences finish. Returns once the connections are closed, without waiting for a Fetch
    /// the broker is holding in its long poll.
    public func stop() async {
        await reader.stop()
    }

    /// Starts the table, runs `body`, and stops the table however `body` ends.
    public func run<R: Sendable>(_ body: (KafkaTable) async throws -> R) async throws -> R {
        try await start()
        do {
            let result = try await body(self)
            await stop()
            return result
        } catch {
            await stop()
            throw error
        }
    }

    // MARK: Reads

    /// The value for `key`, or `nil` when absent.
    public subscript(key: Key) -> Value? {
        reader.withStore { $0.state[key] } ?? nil
    }

    /// Whether `key` is present.
    public func contains(_ key: Key) -> Bool {
        self[key] != nil
    }

    /// The number of keys.
    public var count: Int {
        reader.withStore { $0.count } ?? 0
    }

    /// The whole table now, as an immutable value (O(1)); iterate it, or keep it across awaits.
    public func snapshot() -> TableSnapshot<Key, Value> {
        reader.withStore { $0.state.snapshot() } ?? TableSnapshot()
    }

    // MARK: State

    /// Where the table is: unstarted, loading, caught up, degraded, failed (with the error), stopped.
    public var status: TableStatus { reader.status }

    /// Counters of applied and skipped records, rebuilds, and the catch-up time.
    public var stats: TableStats { reader.stats }

    /// Time since the partition heard from least recently last got a Fetch answer (an idle
    /// partition is answered every long-poll wait); grows during an outage. `nil` before the
    /// first answer of every partition.
    public var staleness: Duration? { reader.staleness() }

    /// What `ensureTopic` did at start; `nil` when it was off or has not run.
    public var ensureTopicOutcome: EnsureTopicOutcome? { reader.ensureOutcome }

    // MARK: Read-your-writes

    /// Takes the topic's end offsets now and waits until the table has applied everything below
    /// them: every write acknowledged before the call is then visible. Returns true then; false
    /// on timeout, when the reader fails or stops, or when the offsets cannot be read. An idle
    /// table answers in about one round trip. Throws `.invalidState` before `start()` or after
    /// `stop()`.
    public func barrier(timeout: Duration = .seconds(30)) async throws -> Bool {
        try await reader.barrier(timeout: timeout)
    }

    /// Waits until the table has applied the write `report` describes (a writer's result): true
    /// then, false on timeout, failure or stop.
    public func wait(for report: DeliveryReport, timeout: Duration = .seconds(30)) async -> Bool {
        guard report.topic == topic, report.offset >= 0 else { return false }
        return await reader.wait(for: OffsetTargets(offsets: [report.partition: report.offset &+ 1]), timeout: timeout)
    }

    /// Every change from now on (sets and deletes, in each partition's order), until the table
    /// stops or fails. Each call gives an independent sequence; changes are buffered without
    /// limit while the consumer is slower.
    public func updates() -> AsyncStream<TableChange<Key, Value>> {
        reader.subscribe()
    }

    /// The contents now and every change after them, taken together: nothing is missed between
    /// the two and nothing already in the snapshot comes again (what `gregor table --follow`
    /// prints). Subscribing only after `start()` also spares the catch-up from collecting the
    /// replay's changes.
    public func snapshotAndUpdates() -> (snapshot: TableSnapshot<Key, Value>, updates: AsyncStream<TableChange<Key, Value>>) {
        let (snapshot, updates) = reader.subscribe { $0.state.snapshot() }
        return (snapshot ?? TableSnapshot(), updates)
    }
}
