import HashTreeCollections

/// A persistent map from key bytes to value bytes, one allocation per key: the compact storage of
/// tables whose codecs keep values as their bytes (`.bytes`, `.string`). Copies share structure,
/// so a copy is O(1) and later changes copy only the paths they touch.
struct EncodedEntries: Sendable {
    private(set) var entries = TreeSet<TableEntry>()

    /// Sets `key` to `value`; returns the entry it replaced, if any.
    @discardableResult
    mutating func set(key: UnsafeRawBufferPointer, value: UnsafeRawBufferPointer) -> TableEntry? {
        entries.update(with: TableEntry(key: key, value: value))
    }

    /// Removes `key`; returns the entry removed, if any.
    @discardableResult
    mutating func remove(key: UnsafeRawBufferPointer) -> TableEntry? {
        entries.remove(Self.probe(key))
    }

    /// The entry of `key`, if present.
    func entry(forKey key: UnsafeRawBufferPointer) -> TableEntry? {
        let probe = Self.probe(key)
        return entries.firstIndex(of: probe).map { entries[$0] }
    }

    /// The number of keys.
    var count: Int { entries.count }

    /// A key-only entry to look others up with.
    private static func probe(_ key: UnsafeRawBufferPointer) -> TableEntry {
        TableEntry(key: key, value: UnsafeRawBufferPointer(start: nil, count: 0))
    }
}
