import HashTreeCollections

/// A map from key bytes to values with O(1) copies: the compact storage of tables whose key codec
/// keeps keys as their bytes (`.bytes`, `.string`). One allocation per key, holding its value's
/// bytes or its decoded value (`TableEntry`).
///
/// Two layers:
/// - `base`, a flat hash table, written in place while this value is its only owner — the
///   replay and every write without a snapshot alive take this fast path;
/// - `delta`, a persistent hash tree of the changes made while a copy (a snapshot) shares
///   `base`, tombstones included. It shadows `base`, and is folded back into it when `base`
///   is unshared again, or into a fresh copy of `base` once it grows to half of it.
///
/// So a copy costs O(1), and each write costs amortized O(1) whether or not snapshots are alive.
struct EncodedEntries: Sendable {
    private var base = FlatEntries()
    private var delta = TreeSet<TableEntry>()
    /// The number of live keys.
    private(set) var count = 0

    /// Stores `entry`, whose key's `keyTag` is `tag`; returns the live entry it replaced, if any.
    /// The entry moves in: while `base` is written in place, its bytes are not read unless
    /// another key has the same tag.
    @discardableResult
    mutating func set(_ entry: consuming TableEntry, tag: UInt32) -> TableEntry? {
        let previous: TableEntry?
        if prepareBaseForWriting() {
            previous = base.set(entry, tag: tag)
        } else {
            // A key already in `delta` shadows `base` (a tombstone: it was deleted).
            if let old = delta.update(with: copy entry) {
                previous = live(old)
            } else {
                previous = entry.withKeyBytes { base.entry(forKey: $0, tag: tag) }
            }
            foldDeltaIfLarge()
        }
        if previous == nil { count += 1 }
        return previous
    }

    /// Removes the key of `tombstone` (a marker made by `TableEntry(tombstoneFor:)`), whose
    /// `keyTag` is `tag`; returns the live entry removed, if any.
    @discardableResult
    mutating func remove(_ tombstone: TableEntry, tag: UInt32) -> TableEntry? {
        let previous: TableEntry? = tombstone.withKeyBytes { key in
            if prepareBaseForWriting() { return base.remove(key: key, tag: tag) }
            // One lookup in each layer: a key in `base` gets the tombstone in `delta` (the value it
            // shadowed there, if any, is what was live); a key only in `delta` leaves it.
            defer { foldDeltaIfLarge() }
            if let inBase = base.entry(forKey: key, tag: tag) {
                if let shadowed = delta.update(with: tombstone) { return live(shadowed) }
                return inBase
            }
            return live(delta.remove(tombstone))
        }
        if previous != nil { count -= 1 }
        return previous
    }

    /// Makes room for `count` live keys in all, so that a replay storing up to that many does not
    /// grow the table on the way (each growth moves every entry, on the apply loop). No effect
    /// while a snapshot shares the table.
    mutating func reserveCapacity(_ count: Int) {
        guard prepareBaseForWriting() else { return }
        base.reserve(count)
    }

    /// Gives back what a reserve that overestimated left unused: shrinks the table when it is
    /// under ⅛ full. No effect while a snapshot shares it.
    mutating func shrinkIfSparse() {
        guard prepareBaseForWriting() else { return }
        base.shrinkIfSparse()
    }

    /// The number of slots of the flat layer (for tests).
    var baseCapacity: Int { base.capacity }

    /// Hints the CPU to load where a `set` of a key with `tag` will probe in `base`.
    func prefetch(tag: UInt32) { base.prefetch(tag: tag) }

    /// The live entry of `key`, if present.
    func entry(forKey key: UnsafeRawBufferPointer) -> TableEntry? {
        entry(forKey: key, tag: keyTag(key))
    }

    /// Walks the live entries: `base`'s not shadowed by `delta`, then `delta`'s values.
    struct Cursor {
        private let entries: EncodedEntries
        private var slot = 0
        private var deltaIterator: TreeSet<TableEntry>.Iterator?

        init(_ entries: EncodedEntries) { self.entries = entries }

        mutating func next() -> TableEntry? {
            if deltaIterator == nil {
                while let (entry, next) = entries.base.next(from: slot) {
                    slot = next
                    if entries.delta.isEmpty || !entries.delta.contains(entry) { return entry }
                }
                deltaIterator = entries.delta.makeIterator()
            }
            while let entry = deltaIterator?.next() {
                if !entry.isTombstone { return entry }
            }
            return nil
        }
    }

    private func entry(forKey key: UnsafeRawBufferPointer, tag: UInt32) -> TableEntry? {
        if !delta.isEmpty, let index = delta.firstIndex(of: TableEntry(tombstoneFor: key)) {
            return live(delta[index])
        }
        return base.entry(forKey: key, tag: tag)
    }

    private func live(_ entry: TableEntry?) -> TableEntry? {
        guard let entry, !entry.isTombstone else { return nil }
        return entry
    }

    /// Whether `base` may be written in place: true when this value is its only owner, after
    /// folding any `delta` into it.
    private mutating func prepareBaseForWriting() -> Bool {
        guard isKnownUniquelyReferenced(&base) else { return false }
        if !delta.isEmpty { foldDelta() }
        return true
    }

    /// Once `delta` holds half as many entries as `base` (and a few thousand), copies `base` and
    /// folds `delta` into the copy: amortized O(1) per write, and lookups stay two probes.
    private mutating func foldDeltaIfLarge() {
        guard delta.count >= Swift.max(4096, base.count / 2) else { return }
        base = base.copy()
        foldDelta()
    }

    /// Moves `delta` into `base`, which must be uniquely owned.
    private mutating func foldDelta() {
        for entry in delta {
            entry.withKeyBytes { key in
                let tag = keyTag(key)
                if entry.isTombstone {
                    _ = base.remove(key: key, tag: tag)
                } else {
                    _ = base.set(entry, tag: tag)
                }
            }
        }
        delta = []
    }
}
