/// What a table reader keeps: the map its records build, as a value.
///
/// `KafkaTable` keeps keys and values, `GroupedKafkaTable` a nested map of groups and members;
/// both apply records the same way (last write wins, null value = tombstone), so one reader
/// serves both.
protocol TableStore: Sendable {
    /// What one applied record changed, for `updates()` subscribers.
    associatedtype Change: Sendable

    /// Applies one record; `nil` value is a tombstone. Returns the change, or `nil` when the
    /// record was skipped (keyless, undecodable) — the store counts those in its stats.
    mutating func apply(key: UnsafeRawBufferPointer?, value: UnsafeRawBufferPointer?) -> Change?

    /// Calls `body` with the store's compact entries and the counters, when the store keeps entries
    /// by key bytes; `nil` otherwise. The replay stores a whole prepared answer inside it
    /// (`EncodedEntries.store(_:stats:)`), so no generic code runs per record.
    mutating func withCompactEntries<R>(_ body: (inout EncodedEntries, inout TableStats) -> R) -> R?

    /// The forms of the store's compact entries, with which the reader prepares records ahead of
    /// the apply, off the apply loop (`TableState.entryForms`); `nil` when it has none.
    var entryForms: TableEntryForms? { get }

    /// Forgets every entry (the topic was deleted and created again); cumulative stats stay.
    mutating func removeAll()

    /// Notes that the replay reached the end offsets taken at start (or at a rebuild).
    mutating func recordCatchUp(after duration: Duration)

    /// What was applied and skipped so far.
    var stats: TableStats { get }

    /// The number of entries.
    var count: Int { get }
}

extension TableStore {
    /// Stores that decode their values have no compact entries.
    mutating func withCompactEntries<R>(_ body: (inout EncodedEntries, inout TableStats) -> R) -> R? { nil }

    /// Stores without compact entries have nothing to prepare.
    var entryForms: TableEntryForms? { nil }
}

extension TableStatus {
    /// Whether the reader is running: loading, caught up or degraded.
    var isReading: Bool {
        switch self {
        case .loading, .caughtUp, .degraded: true
        case .unstarted, .failed, .stopped: false
        }
    }

    /// Whether `start()` was never called.
    var isUnstarted: Bool {
        if case .unstarted = self { return true }
        return false
    }
}
