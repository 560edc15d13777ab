import GregorProtocol

/// Feeds decoded records straight into a `TableStore` (no copies of keys or values beyond what
/// the store's codecs make).
struct TableApplySink<Store: TableStore>: RecordSink {
    /// The store being updated (moved in for the decode, moved back out after).
    var store: Store
    /// Whether to collect the changes (only when someone subscribed to updates).
    let collectsChanges: Bool
    /// The changes, in offset order, when collected.
    var changes: [Store.Change] = []
    /// Records seen (applied or skipped).
    var records = 0

    mutating func record(
        offset: Int64, timestamp: Int64, key: UnsafeRawBufferPointer?, value: UnsafeRawBufferPointer?, headers: RecordHeaders
    ) throws(KafkaDecodingError) {
        records &+= 1
        if let change = store.apply(key: key, value: value), collectsChanges { changes.append(change) }
    }
}
