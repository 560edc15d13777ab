/// `TableState` with its codecs: the store of a `KafkaTable`.
struct KeyValueTableStore<Key: Hashable & Sendable, Value: Sendable>: TableStore {
    var state = TableState<Key, Value>()
    let keyCodec: TableCodec<Key>
    let valueCodec: TableCodec<Value>

    mutating func apply(key: UnsafeRawBufferPointer?, value: UnsafeRawBufferPointer?) -> TableChange<Key, Value>? {
        state.apply(key: key, value: value, keyCodec: keyCodec, valueCodec: valueCodec)
    }

    mutating func removeAll() { state.removeAll() }

    mutating func recordCatchUp(after duration: Duration) { state.recordCatchUp(after: duration) }

    var stats: TableStats { state.stats }

    var count: Int { state.count }
}
