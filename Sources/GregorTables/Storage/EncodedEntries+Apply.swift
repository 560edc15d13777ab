/// The byte forms of a compact table's key and value codecs.
struct TableByteForms: Sendable {
    let key: TableCodecByteForm
    let value: TableCodecByteForm
}

/// What applying one record to compact storage did (before anything is decoded).
enum CompactApplyOutcome {
    /// Skipped (keyless, or bytes the codecs reject) or a tombstone for an absent key.
    case unchanged
    /// The key got the record's value.
    case set
    /// A tombstone removed this entry.
    case deleted(TableEntry)
}

extension EncodedEntries {
    /// Applies one record by `TableState`'s rules, counting in `stats`. Not generic, so the replay's
    /// hot path needs no runtime type metadata.
    mutating func apply(
        key: UnsafeRawBufferPointer?, value: UnsafeRawBufferPointer?, forms: TableByteForms, stats: inout TableStats
    ) -> CompactApplyOutcome {
        guard let key else {
            stats.keylessRecords &+= 1
            return .unchanged
        }
        guard forms.key.accepts(key) else {
            stats.keyDecodeErrors &+= 1
            return .unchanged
        }
        guard let value else {
            stats.tombstonesApplied &+= 1
            return remove(key: key).map { .deleted($0) } ?? .unchanged
        }
        guard forms.value.accepts(value) else {
            stats.valueDecodeErrors &+= 1
            return .unchanged
        }
        set(key: key, value: value)
        stats.setsApplied &+= 1
        return .set
    }
}
