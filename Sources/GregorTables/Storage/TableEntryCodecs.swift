/// The codecs of a compact table, to turn its stored entries back into keys and values on read.
struct TableEntryCodecs<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    let key: TableCodec<Key>
    let value: TableCodec<Value>
    /// How entries hold decoded values; `nil` when the value codec is a byte preset (entries hold
    /// value bytes).
    let layout: TableValueLayout?

    init(key: TableCodec<Key>, value: TableCodec<Value>) {
        self.key = key
        self.value = value
        layout = value.byteForm == nil ? TableValueLayout.of(Value.self) : nil
    }

    /// The entry's key and value. Stored bytes were checked by the codecs' byte forms, so decoding
    /// them succeeds; `nil` only if a codec broke that promise.
    func decode(_ entry: TableEntry) -> (key: Key, value: Value)? {
        guard let decodedKey = try? entry.withKeyBytes({ try key.decode($0) }), let decodedValue = value(of: entry) else { return nil }
        return (decodedKey, decodedValue)
    }

    /// The entry's value: the decoded value it holds, or its bytes decoded.
    private func value(of entry: TableEntry) -> Value? {
        if let layout { return entry.value(as: Value.self, layout: layout) }
        return try? entry.withValueBytes { try value.decode($0) }
    }

    /// The value stored for `lookup`, or `nil` when absent (or the key cannot be encoded).
    func value(forKey lookup: Key, in entries: EncodedEntries) -> Value? {
        guard let bytes = try? key.encode(lookup),
            let entry = bytes.withUnsafeBytes({ entries.entry(forKey: $0) })
        else { return nil }
        return value(of: entry)
    }
}
