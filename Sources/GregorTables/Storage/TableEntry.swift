/// One key, kept as the record's bytes, and its value, in a single allocation: the key's bytes
/// followed by the value's bytes, or by the decoded value itself when the table's value codec is
/// not a byte preset (with its `TableValueLayout`, so that the entry stays non-generic). Equality
/// and hashing look at the key only, so a set of entries is a map from key bytes to values.
///
/// `@unchecked Sendable`: the storage is written once at creation and only read after, so sharing
/// it between threads is safe (`ManagedBuffer` itself cannot be declared `Sendable`; a held
/// value is `Sendable`).
struct TableEntry: Hashable, @unchecked Sendable {
    let storage: TableEntryStorage

    /// An entry holding copies of `key` and `value`.
    init(key: UnsafeRawBufferPointer, value: UnsafeRawBufferPointer) {
        storage = TableEntryStorage.make(key: key, value: value)
    }

    /// An entry holding a copy of `key` and the decoded `value`, laid out by `layout`
    /// (`TableValueLayout.of(Value.self)`).
    init<Value: Sendable>(key: UnsafeRawBufferPointer, value: consuming Value, layout: TableValueLayout) {
        storage = TableEntryStorage.make(key: key, value: value, layout: layout)
    }

    /// A marker that `key` was deleted (it shadows an older entry of the key; see `EncodedEntries`).
    init(tombstoneFor key: UnsafeRawBufferPointer) {
        storage = TableEntryStorage.make(key: key, value: UnsafeRawBufferPointer(start: nil, count: 0), tombstone: true)
    }

    /// Whether this is a deletion marker rather than a value.
    var isTombstone: Bool { storage.header.value == TableEntryStorage.tombstone }

    /// A copy of the decoded value this entry holds, or `nil` when it holds value bytes, is a
    /// tombstone, or holds a value of another layout.
    func value<Value>(as type: Value.Type, layout: TableValueLayout) -> Value? {
        storage.withDecodedValue(layout: layout) { $0.assumingMemoryBound(to: Value.self).pointee }
    }

    /// Calls `body` with the key's bytes (valid for the call only).
    func withKeyBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try storage.withBytes { bytes, keyCount, _ in try body(UnsafeRawBufferPointer(rebasing: bytes[0..<keyCount])) }
    }

    /// Calls `body` with the value's bytes (valid for the call only); empty for an entry that holds
    /// a decoded value.
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
/// An entry holding a decoded value (`Counts.value == decodedMarker`) stores after the key, from
/// the next multiple of 8 bytes, an unretained pointer to the value's `TableValueLayout`, then the
/// value at its alignment, and destroys the value in `deinit`. A header field instead would add
/// 8 bytes to every byte entry.
final class TableEntryStorage: ManagedBuffer<TableEntryStorage.Counts, UInt8> {
    /// The byte counts of the key and the value (a record's key and value are each under 2 GiB).
    struct Counts {
        var key: UInt32
        var value: UInt32
    }

    /// The value count of a tombstone (no record value comes near 4 GiB).
    static let tombstone = UInt32.max
    /// The value count of an entry holding a decoded value instead of value bytes.
    static let decodedMarker = UInt32.max - 1

    deinit {
        withDecodedValueParts { layout, value in layout.destroyValue(at: value) }
    }

    /// Where a decoded value's layout pointer goes, from the start of the elements.
    private static func layoutOffset(keyCount: Int) -> Int { (keyCount + 7) & ~7 }

    static func make<Value>(key: UnsafeRawBufferPointer, value: consuming Value, layout: TableValueLayout) -> TableEntryStorage {
        let layoutOffset = layoutOffset(keyCount: key.count)
        // The elements start 8-byte aligned (checked below), so only a stricter alignment needs room
        // to move the value up.
        let capacity = layoutOffset + MemoryLayout<UInt>.size + layout.size + Swift.max(0, layout.alignment - 8)
        let buffer = create(minimumCapacity: capacity) { _ in
            Counts(key: UInt32(truncatingIfNeeded: key.count), value: Self.decodedMarker)
        }
        // The elements' address is stable for the buffer's life; taken out of the closure so that
        // the value can move in (a closure cannot consume a captured parameter).
        let elements = UnsafeMutableRawPointer(buffer.withUnsafeMutablePointerToElements { $0 })
        precondition(Int(bitPattern: elements) & 7 == 0, "entry elements must be 8-byte aligned")
        if !key.isEmpty { UnsafeMutableRawBufferPointer(start: elements, count: key.count).copyMemory(from: key) }
        elements.storeBytes(of: UInt(bitPattern: Unmanaged.passUnretained(layout).toOpaque()), toByteOffset: layoutOffset, as: UInt.self)
        let slot = (elements + layoutOffset + MemoryLayout<UInt>.size).alignedUp(toMultipleOf: layout.alignment)
        slot.initializeMemory(as: Value.self, to: value)
        withExtendedLifetime(buffer) {}
        return unsafeDowncast(buffer, to: TableEntryStorage.self)
    }

    /// Calls `body` with the decoded value's layout and address, if the entry holds one.
    private func withDecodedValueParts<R>(_ body: (TableValueLayout, UnsafeMutableRawPointer) -> R) -> R? {
        withUnsafeMutablePointers { counts, start in
            guard counts.pointee.value == Self.decodedMarker else { return nil }
            let elements = UnsafeMutableRawPointer(start)
            let layoutOffset = Self.layoutOffset(keyCount: Int(counts.pointee.key))
            let bits = elements.load(fromByteOffset: layoutOffset, as: UInt.self)
            guard let pointer = UnsafeRawPointer(bitPattern: bits) else { return nil }
            // Layouts are never freed (`TableValueLayout.of`), so the pointer is not retained.
            return Unmanaged<TableValueLayout>.fromOpaque(pointer)._withUnsafeGuaranteedRef { layout in
                body(layout, (elements + layoutOffset + MemoryLayout<UInt>.size).alignedUp(toMultipleOf: layout.alignment))
            }
        }
    }

    /// Calls `body` with the address of the decoded value, if the entry holds one laid out by
    /// `layout`; `nil` otherwise.
    func withDecodedValue<R>(layout expected: TableValueLayout, _ body: (UnsafeMutableRawPointer) -> R) -> R? {
        withDecodedValueParts { layout, value in layout === expected ? body(value) : nil } ?? nil
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
            let valueCount = stored == Self.tombstone || stored == Self.decodedMarker ? 0 : Int(stored)
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
