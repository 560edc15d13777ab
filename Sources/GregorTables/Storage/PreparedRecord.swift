/// One record made ready for a compact table's entries (`EncodedEntries.apply(_:stats:)`): the
/// rule of `TableState` it falls under and, for a set or a tombstone, the entry and its key's
/// tag. Everything that needs no map — checking the bytes, decoding a value, allocating the entry,
/// hashing the key — is done here, so the replay does it off the apply loop (`RecordPreparingSink`).
enum PreparedRecord: Sendable {
    /// No key: skipped.
    case keyless
    /// A key the key codec rejects: skipped.
    case keyRejected
    /// A value the value codec rejects: skipped, the key keeps its value.
    case valueRejected
    /// A tombstone; the marker entry carries the key.
    case tombstone(TableEntry, tag: UInt32)
    /// A set to this entry.
    case set(TableEntry, tag: UInt32)

    /// The key's tag of a set or a tombstone.
    var tag: UInt32? {
        switch self {
        case .set(_, let tag), .tombstone(_, let tag): tag
        case .keyless, .keyRejected, .valueRejected: nil
        }
    }
}

extension TableEntryForms {
    /// `key` and `value` (borrowed for the call) made ready by `TableState`'s rules, in their
    /// order: keyless, key rejected, tombstone, value rejected, set.
    func prepare(key: UnsafeRawBufferPointer?, value: UnsafeRawBufferPointer?) -> PreparedRecord {
        guard let key else { return .keyless }
        guard self.key.accepts(key) else { return .keyRejected }
        guard let value else { return .tombstone(TableEntry(tombstoneFor: key), tag: keyTag(key)) }
        if let maker = unretainedMaker {
            let entry = maker._withUnsafeGuaranteedRef { $0.entry(key: key, value: value) }
            guard let entry else { return .valueRejected }
            return .set(entry, tag: keyTag(key))
        }
        guard case .bytes(let form) = self.value, form.accepts(value) else { return .valueRejected }
        return .set(TableEntry(key: key, value: value), tag: keyTag(key))
    }
}
