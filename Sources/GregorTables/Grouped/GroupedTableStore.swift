/// `GroupedTableState` with its value codec: the store of a `GroupedKafkaTable`.
struct GroupedTableStore<Value: Sendable>: TableStore {
    var state = GroupedTableState<Value>()
    let valueCodec: TableCodec<Value>

    mutating func apply(key: UnsafeRawBufferPointer?, value: UnsafeRawBufferPointer?) -> GroupedTableChange<Value>? {
        state.apply(key: key, value: value, valueCodec: valueCodec)
    }

    mutating func removeAll() { state.removeAll() }

    mutating func recordCatchUp(after duration: Duration) { state.recordCatchUp(after: duration) }

    var stats: TableStats { state.stats }

    var count: Int { state.count }
}
