/// `TableState` as the store of a `KafkaTable`.
struct KeyValueTableStore<Key: Hashable & Sendable, Value: Sendable>: TableStore {
    var state: TableState<Key, Value>

    init(keyCodec: TableCodec<Key>, valueCodec: TableCodec<Value>) {
        state = TableState(keyCodec: keyCodec, valueCodec: valueCodec)
    }

    mutating func apply(key: UnsafeRawBufferPointer?, value: UnsafeRawBufferPointer?) -> TableChange<Key, Value>? {
        state.apply(key: key, value: value)
    }

    mutating func withCompactEntries<R>(_ body: (inout EncodedEntries, inout TableStats) -> R) -> R? {
        state.withCompactEntries(body)
    }

    var entryForms: TableEntryForms? { state.entryForms }

    mutating func removeAll() { state.removeAll() }

    mutating func recordCatchUp(after duration: Duration) { state.recordCatchUp(after: duration) }

    var stats: TableStats { state.stats }

    var count: Int { state.count }
}
