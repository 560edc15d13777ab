/// One key, kept as the record's bytes, and its value, in a single allocation: the key's bytes
/// followed by the value's bytes, or by a reference to the decoded value (`TableValueBox`) when the
/// table's value codec is not a byte preset. Equality and hashing look at the key only, so a set
/// of entries is a map from key bytes to values.
///
/// `@unchecked Sendable`: the storage is written once at creation and only read after, so sharing
/// it between threads is safe (`ManagedBuffer` itself cannot be declared `Sendable`; a held
/// object is an immutable `Sendable` box).
struct TableEntry: Hashable, @unchecked Sendable {
    let storage: TableEntryStorage

    /// An entry holding copies of `key` and `value`.
    init(key: UnsafeRawBufferPointer, value: UnsafeRawBufferPointer) {
        storage = TableEntryStorage.make(key: key, value: value)
    }

    /// An entry holding a copy of `key` and a reference to `object` (a decoded value).
    init(key: UnsafeRawBufferPointer, object: AnyObject) {
        storage = TableEntryStorage.make(key: key, object: object)
    }

    /// A marker that `key` was deleted (it shadows an older entry of the key; see `EncodedEntries`).
    init(tombstoneFor key: UnsafeRawBufferPointer) {
        storage = TableEntryStorage.make(key: key, value: UnsafeRawBufferPointer(start: nil, count: 0), tombstone: true)
    }

    /// Whether this is a deletion marker rather than a value.
    var isTombstone: Bool { storage.header.value == TableEntryStorage.tombstone }

    /// The decoded value this entry holds, or `nil` when it holds value bytes (or is a tombstone).
    var object: AnyObject? { storage.object }

    /// Calls `body` with the key's bytes (valid for the call only).
    func withKeyBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try storage.withBytes { bytes, keyCount, _ in try body(UnsafeRawBufferPointer(rebasing: bytes[0..<keyCount])) }
    }

    /// Calls `body` with the value's bytes (valid for the call only); empty for an entry that holds
    /// an object.
    func withValueBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try storage.withBytes { bytes, keyCount, valueCount in
            try body(UnsafeRawBufferPointer(rebasing: bytes[keyCount..<(keyCount + valueCount)]))
        }
    }

    /// Whether the entry's key is `key`.
    func hasKey(_ key: UnsafeRawBufferPointer) -> Bool {
        withKeyBytes { bytesEqual($0, key) }
    }

    static func == (lhs: TableEntry, rhs: TableEntry) -> Bool {
        lhs.storage === rhs.storage || lhs.withKeyBytes { rhs.hasKey($0) }
    }

    func hash(into hasher: inout Hasher) {
        withKeyBytes { hasher.combine(bytes: $0) }
    }
}

/// The allocation behind a `TableEntry`. Written once at creation, never mutated after.
///
/// An entry holding an object keeps the object's retained reference in the 8 bytes after the
/// key (unaligned), marked by `Counts.value == objectMarker`, and releases it in `deinit`: a
/// header field instead would add 8 bytes to every byte entry.
final class TableEntryStorage: ManagedBuffer<TableEntryStorage.Counts, UInt8> {
    /// The byte counts of the key and the value (a record's key and value are each under 2 GiB).
    struct Counts {
        var key: UInt32
        var value: UInt32
    }

    /// The value count of a tombstone (no record value comes near 4 GiB).
    static let tombstone = UInt32.max
    /// The value count of an entry holding an object reference instead of value bytes.
    static let objectMarker = UInt32.max - 1

    deinit {
        withUnsafeMutablePointers { counts, start in
            guard counts.pointee.value == Self.objectMarker else { return }
            let bits = UnsafeRawPointer(start).loadUnaligned(fromByteOffset: Int(counts.pointee.key), as: UInt.self)
            if let pointer = UnsafeRawPointer(bitPattern: bits) { Unmanaged<AnyObject>.fromOpaque(pointer).release() }
        }
    }

    static func make(key: UnsafeRawBufferPointer, object: AnyObject) -> TableEntryStorage {
        let pointerSize = MemoryLayout<UInt>.size
        let buffer = create(minimumCapacity: key.count + pointerSize) { _ in
            Counts(key: UInt32(truncatingIfNeeded: key.count), value: Self.objectMarker)
        }
        buffer.withUnsafeMutablePointerToElements { start in
            if !key.isEmpty { UnsafeMutableRawBufferPointer(start: start, count: key.count).copyMemory(from: key) }
            let bits = UInt(bitPattern: Unmanaged.passRetained(object).toOpaque())
            UnsafeMutableRawPointer(start).storeBytes(of: bits, toByteOffset: key.count, as: UInt.self)
        }
        return unsafeDowncast(buffer, to: TableEntryStorage.self)
    }

    /// The object an entry made by `make(key:object:)` holds; `nil` for any other entry.
    var object: AnyObject? {
        withUnsafeMutablePointers { counts, start in
            guard counts.pointee.value == Self.objectMarker else { return nil }
            let bits = UnsafeRawPointer(start).loadUnaligned(fromByteOffset: Int(counts.pointee.key), as: UInt.self)
            guard let pointer = UnsafeRawPointer(bitPattern: bits) else { return nil }
            return Unmanaged<AnyObject>.fromOpaque(pointer).takeUnretainedValue()
        }
    }

    static func make(key: UnsafeRawBufferPointer, value: UnsafeRawBufferPointer, tombstone: Bool = false) -> TableEntryStorage {
        let buffer = create(minimumCapacity: key.count + value.count) { _ in
            Counts(key: UInt32(truncatingIfNeeded: key.count), value: tombstone ? Self.tombstone : UInt32(truncatingIfNeeded: value.count))
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
            let stored = counts.pointee.value
            let valueCount = stored == Self.tombstone || stored == Self.objectMarker ? 0 : Int(stored)
            return try body(UnsafeRawBufferPointer(start: start, count: keyCount + valueCount), keyCount, valueCount)
        }
    }
}

/// Whether two byte buffers hold the same bytes.
func bytesEqual(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Bool {
    guard a.count == b.count else { return false }
    var index = 0
    while index + 8 <= a.count {
        if a.loadUnaligned(fromByteOffset: index, as: UInt64.self) != b.loadUnaligned(fromByteOffset: index, as: UInt64.self) { return false }
        index += 8
    }
    while index < a.count {
        if a[index] != b[index] { return false }
        index += 1
    }
    return true
}

/// The 32-bit hash of a key that `FlatEntries` places entries by (the process-seeded `Hasher`),
/// never 0 (`FlatEntries` marks empty slots with 0).
func keyTag(_ key: UnsafeRawBufferPointer) -> UInt32 {
    var hasher = Hasher()
    hasher.combine(bytes: key)
    let tag = UInt32(truncatingIfNeeded: hasher.finalize())
    return tag == 0 ? 1 : tag
}
