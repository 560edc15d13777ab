/// The codecs of a compact table, to turn its stored bytes back into keys and values on read.
struct TableEntryCodecs<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    let key: TableCodec<Key>
    let value: TableCodec<Value>

    /// The entry's key and value. The bytes were checked by the codecs' byte forms when stored,
    /// so decoding them succeeds; `nil` only if a codec broke that promise.
    func decode(_ entry: TableEntry) -> (key: Key, value: Value)? {
        guard let decodedKey = try? entry.withKeyBytes({ try key.decode($0) }),
            let decodedValue = try? entry.withValueBytes({ try value.decode($0) })
        else { return nil }
        return (decodedKey, decodedValue)
    }

    /// The value stored for `lookup`, or `nil` when absent (or the key cannot be encoded).
    func value(forKey lookup: Key, in entries: EncodedEntries) -> Value? {
        guard let bytes = try? key.encode(lookup),
            let entry = bytes.withUnsafeBytes({ entries.entry(forKey: $0) })
        else { return nil }
        return try? entry.withValueBytes { try value.decode($0) }
    }
}
