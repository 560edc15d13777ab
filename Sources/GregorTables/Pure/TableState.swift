import HashTreeCollections

/// The map a table builds from its records, with the rules that apply them. No I/O.
///
/// Rules (ktables' `_apply`, in this order):
/// 1. No key: skipped, counted in `keylessRecords`.
/// 2. Key the key codec rejects: skipped, counted in `keyDecodeErrors`.
/// 3. Null value: a tombstone; the key is removed. Counted in `tombstonesApplied` whether or not
///    the key was present, but reported as a change only when it was (a change always changes
///    the map).
/// 4. Value the value codec rejects: skipped, counted in `valueDecodeErrors`; the key keeps its
///    previous value.
/// 5. Otherwise the key gets the value (last write wins). Empty bytes are a value, not a
///    tombstone.
public struct TableState<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    /// The current contents.
    public var entries: TreeDictionary<Key, Value> { _entries }
    @usableFromInline var _entries: TreeDictionary<Key, Value> = [:]
    /// Counters of applied and skipped records.
    public var stats: TableStats { _stats }
    @usableFromInline var _stats = TableStats()

    /// An empty table.
    public init() {}

    /// Applies one record and returns what it changed, or `nil` when it changed nothing
    /// (skipped, or a tombstone for an absent key). The buffers are only read during the call.
    @inlinable
    public mutating func apply(
        key: UnsafeRawBufferPointer?,
        value: UnsafeRawBufferPointer?,
        keyCodec: TableCodec<Key>,
        valueCodec: TableCodec<Value>
    ) -> TableChange<Key, Value>? {
        guard let key else {
            _stats.keylessRecords &+= 1
            return nil
        }
        // do/catch, not `try?`: a codec may legitimately decode to an optional's `nil`.
        let decodedKey: Key
        do { decodedKey = try keyCodec.decode(key) } catch {
            _stats.keyDecodeErrors &+= 1
            return nil
        }
        guard let value else {
            _stats.tombstonesApplied &+= 1
            guard let previous = _entries.removeValue(forKey: decodedKey) else { return nil }
            return .deleted(key: decodedKey, previous: previous)
        }
        let decodedValue: Value
        do { decodedValue = try valueCodec.decode(value) } catch {
            _stats.valueDecodeErrors &+= 1
            return nil
        }
        _entries.updateValue(decodedValue, forKey: decodedKey)
        _stats.setsApplied &+= 1
        return .set(key: decodedKey, value: decodedValue)
    }

    /// Empties the map for a rebuild (the topic was deleted and created again). Counters stay
    /// cumulative; `rebuilds` goes up by one. Snapshots taken before keep their contents.
    public mutating func removeAll() {
        _entries = [:]
        _stats.rebuilds &+= 1
    }

    /// Notes that the table caught up after `duration` (see `TableStats.recordCatchUp`).
    public mutating func recordCatchUp(after duration: Duration) {
        _stats.recordCatchUp(after: duration)
    }

    /// The contents now, as an immutable view (O(1)).
    public func snapshot() -> TableSnapshot<Key, Value> { TableSnapshot(entries) }

    /// The value for `key`, or `nil` when absent.
    public subscript(key: Key) -> Value? { entries[key] }

    /// The number of keys.
    public var count: Int { entries.count }
}
