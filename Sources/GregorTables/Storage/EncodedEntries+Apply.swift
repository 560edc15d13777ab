/// How a compact table checks and keeps its records: the key codec's byte form, and the value
/// codec's byte form or the decode that makes entries holding decoded values.
struct TableEntryForms: Sendable {
    let key: TableCodecByteForm
    let value: TableValueForm
    /// `value`'s maker, unretained (`value` keeps it alive): preparing calls it for every record
    /// on two cores at once, and retaining one shared object from both would make its reference
    /// count bounce between them (5–6 % of a JSON replay's samples went to that release).
    let unretainedMaker: Unmanaged<TableDecodedEntryMaker>?

    init(key: TableCodecByteForm, value: TableValueForm) {
        self.key = key
        self.value = value
        if case .decoded(let maker) = value { unretainedMaker = .passUnretained(maker) } else { unretainedMaker = nil }
    }
}

/// How a compact table keeps values.
enum TableValueForm: Sendable {
    /// As their bytes, which the byte form accepts.
    case bytes(TableCodecByteForm)
    /// Decoded, inside the entry.
    case decoded(TableDecodedEntryMaker)
}

/// Makes the entry of a key's bytes and its value decoded from `value`'s bytes, or `nil` when the
/// value codec rejects them. Not generic, so preparing records needs no type metadata.
final class TableDecodedEntryMaker: Sendable {
    private let make: @Sendable (_ key: UnsafeRawBufferPointer, _ value: UnsafeRawBufferPointer) -> TableEntry?

    init(_ make: @escaping @Sendable (_ key: UnsafeRawBufferPointer, _ value: UnsafeRawBufferPointer) -> TableEntry?) {
        self.make = make
    }

    /// The entry of `key` and `value` decoded, or `nil` when the value codec rejects the bytes.
    func entry(key: UnsafeRawBufferPointer, value: UnsafeRawBufferPointer) -> TableEntry? { make(key, value) }
}

/// What applying one record to compact storage did (before anything is decoded).
enum CompactApplyOutcome {
    /// Skipped (keyless, or bytes the codecs reject) or a tombstone for an absent key.
    case unchanged
    /// The key got the record's value: this entry.
    case set(TableEntry)
    /// A tombstone removed this entry.
    case deleted(TableEntry)
}

extension EncodedEntries {
    /// Applies one record by `TableState`'s rules, counting in `stats`. Not generic, so the replay's
    /// hot path needs no runtime type metadata (beyond what a value decode needs).
    mutating func apply(
        key: UnsafeRawBufferPointer?, value: UnsafeRawBufferPointer?, forms: TableEntryForms, stats: inout TableStats
    ) -> CompactApplyOutcome {
        apply(forms.prepare(key: key, value: value), stats: &stats)
    }

    /// Applies a record made ready by `TableEntryForms.prepare`, counting in `stats` (as
    /// `store(_:stats:)`), and reports what changed.
    mutating func apply(_ record: PreparedRecord, stats: inout TableStats) -> CompactApplyOutcome {
        switch record {
        case .tombstone(let marker, let tag):
            // Not through `store`: the outcome needs the entry removed.
            stats.tombstonesApplied &+= 1
            return remove(marker, tag: tag).map { .deleted($0) } ?? .unchanged
        case .set(let entry, _):
            store(record, stats: &stats)
            return .set(entry)
        case .keyless, .keyRejected, .valueRejected:
            store(record, stats: &stats)
            return .unchanged
        }
    }

    /// Stores all of `records` in order (moving them out), counting in `stats`, with each
    /// record's slot prefetched a few records ahead.
    mutating func store(_ records: PreparedRecords, stats: inout TableStats) {
        // Eight inserts in flight cover a cache miss's latency without evicting what they load.
        records.moveAll(lookahead: 8, ahead: { prefetch(tag: $0) }) { store($0, stats: &stats) }
    }

    /// Stores a record made ready by `TableEntryForms.prepare`, counting in `stats`: what
    /// `apply(_:stats:)` does, reporting nothing, so that the entry can move into the map.
    mutating func store(_ record: consuming PreparedRecord, stats: inout TableStats) {
        switch consume record {
        case .keyless: stats.keylessRecords &+= 1
        case .keyRejected: stats.keyDecodeErrors &+= 1
        case .valueRejected: stats.valueDecodeErrors &+= 1
        case .tombstone(let marker, let tag):
            stats.tombstonesApplied &+= 1
            remove(marker, tag: tag)
        case .set(let entry, let tag):
            set(entry, tag: tag)
            stats.setsApplied &+= 1
        }
    }
}
