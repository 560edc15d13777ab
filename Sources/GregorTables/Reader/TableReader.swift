import Gregor
import GregorProtocol
import Logging
import Synchronization

/// The background reader under `KafkaTable` and `GroupedKafkaTable`: replays the topic from the
/// beginning into a `TableStore`, then follows it live; answers barriers.
///
/// Reads (`withStore`) take a lock for the duration of the read only. Fetch answers are applied
/// under the same lock, one partition's answer at a time, so a reader never sees half an answer.
/// I/O (the fetch engine, ListOffsets, metadata) runs outside the lock.
final class TableReader<Store: TableStore>: Sendable {
    /// The topic read.
    let topic: String
    /// The settings.
    let configuration: KafkaTableConfiguration
    let logger: Logger
    let state: Mutex<ReaderState>
    let io = Mutex(ReaderIO())
    /// The forms of the store's compact entries, to prepare answers ahead of the apply.
    let entryForms: TableEntryForms?
    /// `state.subscribers.count`, stored under the lock whenever it changes, so that the fetch
    /// handler can read it without waiting for an apply that holds the lock.
    let subscriberCount = Atomic<Int>(0)

    /// Everything the reader shares with its readers and its fetch handler.
    struct ReaderState {
        /// `nil` only while a fetch answer is being applied, inside the lock.
        var store: Store?
        var status: TableStatus = .unstarted
        /// The partitions being read.
        var partitions: Set<Int32> = []
        /// Next offset to fetch, by partition (as far as applied records go).
        var positions: [Int32: Int64] = [:]
        /// When each partition last got a Fetch answer.
        var lastFetch: [Int32: ContinuousClock.Instant] = [:]
        var waits = TableWaits<TableWaiter>()
        var subscribers: [UInt64: AsyncStream<Store.Change>.Continuation] = [:]
        var nextSubscriberId: UInt64 = 1
        /// Incremented at each (re)build: answers from an older engine are ignored.
        var epoch: UInt64 = 0
        var topicId: KafkaUUID = .zero
        var catchUp = TableCatchUp()
        var ensureOutcome: EnsureTopicOutcome?
    }

    /// The I/O parts, created by `start()`.
    struct ReaderIO: Sendable {
        var cluster: KafkaCluster?
        var admin: KafkaAdmin?
        var engine: FetchEngine?
        /// The current engine's queue to the apply loop.
        var applyQueue: TableApplyQueue<TablePendingWork>?
        var tasks: [Task<Void, Never>] = []
    }

    init(topic: String, configuration: KafkaTableConfiguration, store: Store, logger: Logger) {
        self.topic = topic
        self.configuration = configuration
        var logger = logger
        logger[metadataKey: "kafka.topic"] = "\(topic)"
        self.logger = logger
        self.entryForms = store.entryForms
        self.state = Mutex(ReaderState(store: store))
    }

    /// Stores of at least this many entries are freed on a background task (`deinit`).
    static var backgroundReleaseThreshold: Int { 65_536 }

    deinit {
        // Freeing a large table takes a while (0.4 s for 1 M byte-valued keys on one core in runs
        // 21–22): it happens on a background task, so dropping the table does not wait for it.
        // Snapshots still holding the entries keep them, as ever. The store moves into the
        // release before the task starts, so no reference is left here for the last release to
        // happen on this thread (a task that ends first would otherwise leave it to deinit).
        let release = state.withLock { state -> BackgroundRelease<Store>? in
            guard let store = state.store.take(), store.count >= Self.backgroundReleaseThreshold else { return nil }
            return BackgroundRelease(store)
        }
        guard let release else { return }
        Task.detached(priority: .utility) { release.run() }
    }

    /// Runs `body` on the store as it is now, under the lock: keep it short (a lookup, a count,
    /// an O(1) snapshot). Reading in place, rather than from a copy, leaves the store uniquely
    /// owned, so the next fetch answer updates it in place.
    func withStore<R>(_ body: (borrowing Store) -> R) -> R? {
        state.withLock { state in
            guard let store = state.store else { return nil }
            return body(store)
        }
    }

    /// The status now.
    var status: TableStatus { state.withLock { $0.status } }

    /// Time since the partition fetched least recently last got an answer; `nil` before the first.
    func staleness(now: ContinuousClock.Instant = .now) -> Duration? {
        state.withLock { state in
            guard !state.positions.isEmpty, state.lastFetch.count == state.positions.count,
                let oldest = state.lastFetch.values.min()
            else { return nil }
            return now - oldest
        }
    }

    /// Whether anyone subscribed to updates now; lock-free, so it may lag a subscription being
    /// made or ended (the apply decides under the lock).
    var hasSubscribers: Bool { subscriberCount.load(ordering: .relaxed) > 0 }

    /// Records the number of subscribers after `state.subscribers` changed (under the lock).
    func subscribersChanged(_ state: borrowing ReaderState) {
        subscriberCount.store(state.subscribers.count, ordering: .relaxed)
    }

    /// The store's counters.
    var stats: TableStats { state.withLock { $0.store?.stats ?? TableStats() } }

    /// What `ensureTopic` did at start, if it ran.
    var ensureOutcome: EnsureTopicOutcome? { state.withLock { $0.ensureOutcome } }
}

/// A value handed to another task to be freed there: `run()` releases it on the calling thread.
final class BackgroundRelease<Value: Sendable>: Sendable {
    private let value: Mutex<Value?>

    init(_ value: Value) { self.value = Mutex(value) }

    /// Releases the value (once).
    func run() { _ = value.withLock { $0.take() } }
}

/// How much the reader has read.
struct TableCatchUp: Sendable, Hashable {
    /// Records read in all (applied or skipped; a running count).
    var recordsRead: Int = 0
    /// Records the replay expects from the partitions that answered so far, estimated from each
    /// one's first answer (`partitionEstimate(from:prepared:nextPosition:)`).
    var expectedRecords: Int = 0
    /// The partitions counted in `expectedRecords`.
    var estimatedPartitions: Set<Int32> = []

    /// The room to make for the whole replay after `records`, an answer of `count` prepared
    /// records whose partition's position is then `nextPosition`: an estimate on the partition's
    /// first answer that says anything (`expect`), `nil` on any other.
    mutating func room(after records: FetchedRecords, prepared count: Int, nextPosition: Int64, partitions: Int) -> Int? {
        let partition = records.partition.partition
        guard !estimatedPartitions.contains(partition),
            let estimate = Self.partitionEstimate(from: records, prepared: count, nextPosition: nextPosition)
        else { return nil }
        return expect(estimate, in: partition, of: partitions)
    }

    /// Adds a partition's estimate and returns the room to make for the whole replay: the
    /// partitions not heard from yet are taken to hold as many as the average so far, so that the
    /// first answer already reserves for the whole topic (each later reserve moves every entry).
    mutating func expect(_ records: Int, in partition: Int32, of partitions: Int) -> Int {
        expectedRecords = Swift.min(expectedRecords + records, Self.reserveLimit)
        estimatedPartitions.insert(partition)
        let unheard = Swift.max(0, partitions - estimatedPartitions.count)
        return Swift.min(expectedRecords + expectedRecords / estimatedPartitions.count * unheard, Self.reserveLimit)
    }

    /// The most keys a replay makes room for ahead (2 M slots, 24 MiB of arrays); a larger table
    /// grows as it fills. It bounds what an overestimate costs until the catch-up ends: records
    /// that turn out to share keys (a topic not compacted yet) are counted as keys.
    static let reserveLimit = 1 << 20

    /// The records the rest of a partition holds, estimated from its first answer: the offsets
    /// left up to the high watermark, times the share of offsets the answer had records at
    /// (compaction leaves holes). `nil` when the answer says nothing about it.
    static func partitionEstimate(from records: FetchedRecords, prepared count: Int, nextPosition: Int64) -> Int? {
        let covered = nextPosition - records.fetchOffset
        let remaining = records.highWatermark - records.fetchOffset
        guard covered > 0, remaining > 0, count > 0 else { return nil }
        let estimate = Double(remaining) * Double(count) / Double(covered)
        return Int(Swift.min(estimate, Double(reserveLimit)))
    }
}
