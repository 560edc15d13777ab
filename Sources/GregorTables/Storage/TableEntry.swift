/// One key and its value kept as the record's bytes, in a single allocation: the key's bytes
/// followed by the value's. Equality and hashing look at the key only, so a set of entries is a
/// map from key bytes to value bytes.
///
/// `@unchecked Sendable`: the storage is written once at creation and only read after, so sharing
/// it between threads is safe (`ManagedBuffer` itself cannot be declared `Sendable`).
struct TableEntry: Hashable, @unchecked Sendable {
    let storage: TableEntryStorage

    /// An entry holding copies of `key` and `value`.
    init(key: UnsafeRawBufferPointer, value: UnsafeRawBufferPointer) {
        storage = TableEntryStorage.make(key: key, value: value)
    }

    /// Calls `body` with the key's bytes (valid for the call only).
    func withKeyBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try storage.withBytes { bytes, keyCount, _ in try body(UnsafeRawBufferPointer(rebasing: bytes[0..<keyCount])) }
    }

    /// Calls `body` with the value's bytes (valid for the call only).
    func withValueBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try storage.withBytes { bytes, keyCount, valueCount in
            try body(UnsafeRawBufferPointer(rebasing: bytes[keyCount..<(keyCount + valueCount)]))
        }
    }

    static func == (lhs: TableEntry, rhs: TableEntry) -> Bool {
        lhs.storage === rhs.storage || lhs.withKeyBytes { left in rhs.withKeyBytes { right in left.elementsEqual(right) } }
    }

    func hash(into hasher: inout Hasher) {
        withKeyBytes { hasher.combine(bytes: $0) }
    }
}

/// The allocation behind a `TableEntry`. Written once at creation, never mutated after.
final class TableEntryStorage: ManagedBuffer<TableEntryStorage.Counts, UInt8> {
    /// The byte counts of the key and the value (a record's key and value are each under 2 GiB).
    struct Counts {
        var key: UInt32
        var value: UInt32
    }

    static func make(key: UnsafeRawBufferPointer, value: UnsafeRawBufferPointer) -> TableEntryStorage {
        let buffer = create(minimumCapacity: key.count + value.count) { _ in
            Counts(key: UInt32(truncatingIfNeeded: key.count), value: UInt32(truncatingIfNeeded: value.count))
        }
        buffer.withUnsafeMutablePointerToElements { start in
            let bytes = UnsafeMutableRawBufferPointer(start: start, count: key.count + value.count)
            if !key.isEmpty { bytes.copyMemory(from: key) }
            if !value.isEmpty { UnsafeMutableRawBufferPointer(rebasing: bytes[key.count...]).copyMemory(from: value) }
        }
        return unsafeDowncast(buffer, to: TableEntryStorage.self)
    }

    /// Calls `body` with all the bytes and the key's and value's counts.
    func withBytes<R>(_ body: (UnsafeRawBufferPointer, Int, Int) throws -> R) rethrows -> R {
        try withUnsafeMutablePointers { counts, start in
            let keyCount = Int(counts.pointee.key)
            let valueCount = Int(counts.pointee.value)
            return try body(UnsafeRawBufferPointer(start: start, count: keyCount + valueCount), keyCount, valueCount)
        }
    }
}
