/// How a compact table checks and keeps its records: the key codec's byte form, and the value
/// codec's byte form or the decode that boxes its values.
struct TableEntryForms: Sendable {
    let key: TableCodecByteForm
    let value: TableValueForm
}

/// How a compact table keeps values.
enum TableValueForm: Sendable {
    /// As their bytes, which the byte form accepts.
    case bytes(TableCodecByteForm)
    /// Decoded and boxed.
    case decoded(TableBoxedValueDecoder)
}

/// Decodes a value's bytes into its box (`TableValueBox`), or `nil` when the codec rejects them.
typealias TableBoxedValueDecoder = @Sendable (UnsafeRawBufferPointer) -> (any AnyObject & Sendable)?

/// A value decoded before its record is applied (by a task beside the apply loop; see
/// `TableFetchHandler`).
struct PredecodedValue {
    /// The box, or `nil` when the codec rejected the bytes.
    let box: (any AnyObject & Sendable)?
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
    /// hot path needs no runtime type metadata (beyond what a value decode needs). A decoded value
    /// form uses `predecoded` when given, instead of decoding `value` again.
    mutating func apply(
        key: UnsafeRawBufferPointer?, value: UnsafeRawBufferPointer?, forms: TableEntryForms, stats: inout TableStats,
        predecoded: PredecodedValue? = nil
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
        let entry: TableEntry
        switch forms.value {
        case .bytes(let form):
            guard form.accepts(value) else {
                stats.valueDecodeErrors &+= 1
                return .unchanged
            }
            entry = TableEntry(key: key, value: value)
        case .decoded(let decode):
            let object = if let predecoded { predecoded.box } else { decode(value) }
            guard let object else {
                stats.valueDecodeErrors &+= 1
                return .unchanged
            }
            entry = TableEntry(key: key, object: object)
        }
        set(entry, key: key)
        stats.setsApplied &+= 1
        return .set(entry)
    }
}
