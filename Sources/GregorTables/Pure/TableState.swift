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
///
/// Storage: when the key codec is a byte preset (`.string`, the default, or `.bytes`), entries are
/// kept by their key's record bytes in a flat hash table (`isCompact`), and keys are decoded on
/// read; two keys are the same key exactly when their bytes are (as in Kafka's compaction). Values
/// are kept as their bytes too when the value codec is a byte preset, and decoded once, on apply,
/// otherwise. Any other key codec keeps decoded keys and values in a hash tree. Both storages copy
/// in O(1), so `snapshot()` is O(1).
public struct TableState<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    /// The key codec.
    public var keyCodec: TableCodec<Key> { codecs.key }
    /// The value codec.
    public var valueCodec: TableCodec<Value> { codecs.value }
    /// Whether entries are kept by their key's bytes (the key codec is a byte preset).
    public var isCompact: Bool { forms != nil }
    /// How entries are checked and kept when compact.
    private let forms: TableEntryForms?
    /// How compact entries turn back into keys and values.
    private let codecs: TableEntryCodecs<Key, Value>
    /// Used unless compact.
    private var decoded: TreeDictionary<Key, Value> = [:]
    /// Used when compact.
    private var encoded = EncodedEntries()
    /// Counters of applied and skipped records.
    public private(set) var stats = TableStats()

    /// An empty table decoding with these codecs.
    public init(keyCodec: TableCodec<Key>, valueCodec: TableCodec<Value>) {
        let codecs = TableEntryCodecs(key: keyCodec, value: valueCodec)
        self.codecs = codecs
        guard let keyForm = keyCodec.byteForm else {
            forms = nil
            return
        }
        if let valueForm = valueCodec.byteForm {
            forms = TableEntryForms(key: keyForm, value: .bytes(valueForm))
        } else if let layout = codecs.layout {
            let decode = valueCodec.decode
            forms = TableEntryForms(
                key: keyForm,
                value: .decoded(
                    TableDecodedEntryMaker { key, bytes -> TableEntry? in
                        // do/catch, not `try?`: a codec may legitimately decode to an optional's `nil`.
                        do { return TableEntry(key: key, value: try decode(bytes), layout: layout) } catch { return nil }
                    }))
        } else {
            forms = nil
        }
    }

    /// Applies one record and returns what it changed, or `nil` when it changed nothing
    /// (skipped, or a tombstone for an absent key). The buffers are only read during the call.
    public mutating func apply(key: UnsafeRawBufferPointer?, value: UnsafeRawBufferPointer?) -> TableChange<Key, Value>? {
        if let forms {
            switch encoded.apply(key: key, value: value, forms: forms, stats: &stats) {
            case .unchanged: return nil
            case .set(let entry): return codecs.decode(entry).map { .set(key: $0.key, value: $0.value) }
            case .deleted(let removed): return codecs.decode(removed).map { .deleted(key: $0.key, previous: $0.value) }
            }
        }
        guard let key else {
            stats.keylessRecords &+= 1
            return nil
        }
        // do/catch, not `try?`: a codec may legitimately decode to an optional's `nil`.
        let decodedKey: Key
        do { decodedKey = try codecs.key.decode(key) } catch {
            stats.keyDecodeErrors &+= 1
            return nil
        }
        guard let value else {
            stats.tombstonesApplied &+= 1
            guard let previous = decoded.removeValue(forKey: decodedKey) else { return nil }
            return .deleted(key: decodedKey, previous: previous)
        }
        let decodedValue: Value
        do { decodedValue = try codecs.value.decode(value) } catch {
            stats.valueDecodeErrors &+= 1
            return nil
        }
        decoded.updateValue(decodedValue, forKey: decodedKey)
        stats.setsApplied &+= 1
        return .set(key: decodedKey, value: decodedValue)
    }

    /// Calls `body` with the compact entries and the counters when compact (`nil` otherwise): a
    /// caller stores many records prepared by `entryForms` (the same rules as `apply(key:value:)`)
    /// with one generic call instead of one per record.
    mutating func withCompactEntries<R>(_ body: (inout EncodedEntries, inout TableStats) -> R) -> R? {
        guard forms != nil else { return nil }
        return body(&encoded, &stats)
    }

    /// How a compact table checks and keeps records, which the reader uses to prepare them ahead
    /// of the apply (`TableEntryForms.prepare`); `nil` unless compact.
    var entryForms: TableEntryForms? { forms }

    /// Empties the map for a rebuild (the topic was deleted and created again). Counters stay
    /// cumulative; `rebuilds` goes up by one. Snapshots taken before keep their contents.
    public mutating func removeAll() {
        decoded = [:]
        encoded = EncodedEntries()
        stats.rebuilds &+= 1
    }

    /// Notes that the table caught up after `duration` (see `TableStats.recordCatchUp`).
    public mutating func recordCatchUp(after duration: Duration) {
        stats.recordCatchUp(after: duration)
    }

    /// The contents now, as an immutable view (O(1)).
    public func snapshot() -> TableSnapshot<Key, Value> {
        isCompact ? TableSnapshot(encoded: encoded, codecs: codecs) : TableSnapshot(decoded)
    }

    /// The value for `key`, or `nil` when absent.
    public subscript(key: Key) -> Value? {
        guard isCompact else { return decoded[key] }
        return codecs.value(forKey: key, in: encoded)
    }

    /// The number of keys.
    public var count: Int { isCompact ? encoded.count : decoded.count }
}
