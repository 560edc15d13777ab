import CGregorPrefetch

/// An open-addressing hash table of entries (linear probing, backward-shift deletion), the bulk
/// of a compact table: one 8-byte reference and one 4-byte tag per slot, at most ⅘ full. A tag is
/// the key's hash, never 0; tag 0 marks an empty slot, so a probe reads only the contiguous tags
/// and touches a slot's entry only when its tag matches.
///
/// Mutated only while uniquely referenced (`EncodedEntries` checks); a shared table is read-only,
/// which is what lets snapshots share it.
final class FlatEntries: @unchecked Sendable {
    /// The number of entries.
    private(set) var count = 0
    /// The number of slots (a power of two, at least 16).
    private(set) var capacity: Int
    /// 0 for an empty slot, else the tag of the slot's entry.
    private var tags: UnsafeMutablePointer<UInt32>
    /// `nil` exactly where the tag is 0. Right after `tags`, in the same zero-filled allocation.
    private var slots: UnsafeMutablePointer<TableEntry?>
    /// Whether the arrays' allocation is a mapping (`ZeroedArrayMemory`).
    private var isMapped: Bool

    /// An empty table with room for `minimumCount` entries before it grows.
    init(minimumCount: Int = 0) {
        let capacity = Self.capacity(for: minimumCount)
        self.capacity = capacity
        (tags, slots, isMapped) = Self.allocateArrays(capacity: capacity)
    }

    deinit {
        slots.deinitialize(count: capacity)
        Self.deallocateArrays(tags, capacity: capacity, mapped: isMapped)
    }

    private init(copying other: FlatEntries) {
        capacity = other.capacity
        count = other.count
        (tags, slots, isMapped) = Self.allocateArrays(capacity: capacity)
        tags.update(from: other.tags, count: capacity)
        // Over empty slots, which hold nothing to release.
        slots.initialize(from: other.slots, count: capacity)
    }

    /// Whether an empty slot (`nil`) is all zero bytes, so that zero-filled memory is an array of
    /// empty slots as it is (true of an optional single reference on every platform Swift runs on).
    private static let emptySlotIsZero: Bool = {
        let empty: TableEntry? = nil
        return withUnsafeBytes(of: empty) { bytes in bytes.allSatisfy { $0 == 0 } }
    }()

    /// Tags then slots for `capacity` entries, in one zero-filled allocation, all empty.
    private static func allocateArrays(capacity: Int) -> (UnsafeMutablePointer<UInt32>, UnsafeMutablePointer<TableEntry?>, Bool) {
        let tagBytes = capacity * MemoryLayout<UInt32>.stride
        let (memory, mapped) = ZeroedArrayMemory.allocate(byteCount: tagBytes + capacity * MemoryLayout<TableEntry?>.stride)
        let tags = memory.bindMemory(to: UInt32.self, capacity: capacity)
        // `capacity` is a power of two of at least 16, so the slots start aligned.
        let slots = (memory + tagBytes).bindMemory(to: TableEntry?.self, capacity: capacity)
        if !emptySlotIsZero { slots.initialize(repeating: nil, count: capacity) }
        return (tags, slots, mapped)
    }

    /// Releases arrays from `allocateArrays` (the slots already deinitialized or moved out).
    private static func deallocateArrays(_ tags: UnsafeMutablePointer<UInt32>, capacity: Int, mapped: Bool) {
        let byteCount = capacity * (MemoryLayout<UInt32>.stride + MemoryLayout<TableEntry?>.stride)
        ZeroedArrayMemory.deallocate(UnsafeMutableRawPointer(tags), byteCount: byteCount, mapped: mapped)
    }

    /// A copy sharing the entries (each is immutable), to mutate instead of a shared table.
    func copy() -> FlatEntries { FlatEntries(copying: self) }

    /// The entry of `key`, if present.
    func entry(forKey key: UnsafeRawBufferPointer, tag: UInt32) -> TableEntry? {
        slot(of: key, tag: tag).flatMap { slots[$0] }
    }

    /// Stores `entry` (tag = `keyTag` of its key); returns the entry it replaced.
    func set(_ entry: consuming TableEntry, tag: UInt32) -> TableEntry? {
        let mask = capacity - 1
        var index = Int(tag) & mask
        while tags[index] != 0 {
            if tags[index] == tag, let existing = slots[index], existing == entry {
                slots[index] = entry
                return existing
            }
            index = (index + 1) & mask
        }
        if (count + 1) * 5 > capacity * 4 {
            grow()
            return set(entry, tag: tag)
        }
        tags[index] = tag
        slots[index] = entry
        count += 1
        return nil
    }

    /// Hints the CPU to load the slot a key with `tag` starts probing at, ahead of a `set`: in a
    /// large table each insert otherwise waits for two cache misses (its tag and its slot).
    func prefetch(tag: UInt32) {
        let index = Int(tag) & (capacity - 1)
        gregor_prefetch_for_write(tags + index)
        gregor_prefetch_for_write(slots + index)
    }

    /// Removes `key`; returns the entry removed.
    func remove(key: UnsafeRawBufferPointer, tag: UInt32) -> TableEntry? {
        guard var hole = slot(of: key, tag: tag) else { return nil }
        let removed = slots[hole]
        slots[hole] = nil
        tags[hole] = 0
        count -= 1
        // Backward-shift: pull later entries of the same run into the hole when their home slot
        // is at or before it, so that probing never stops early at the hole.
        let mask = capacity - 1
        var index = (hole + 1) & mask
        while tags[index] != 0 {
            let home = Int(tags[index]) & mask
            if (index - home) & mask >= (index - hole) & mask {
                tags[hole] = tags[index]
                slots[hole] = (slots + index).move()
                (slots + index).initialize(to: nil)
                tags[index] = 0
                hole = index
            }
            index = (index + 1) & mask
        }
        return removed
    }

    /// The entry in the first occupied slot at or after `start`, and the slot after it.
    func next(from start: Int) -> (entry: TableEntry, next: Int)? {
        var index = start
        while index < capacity {
            if tags[index] != 0, let entry = slots[index] { return (entry, index + 1) }
            index += 1
        }
        return nil
    }

    private func slot(of key: UnsafeRawBufferPointer, tag: UInt32) -> Int? {
        let mask = capacity - 1
        var index = Int(tag) & mask
        while tags[index] != 0 {
            if tags[index] == tag, let existing = slots[index], existing.hasKey(key) { return index }
            index = (index + 1) & mask
        }
        return nil
    }

    /// The fewest slots (a power of two, at least 16) that hold `count` entries at most ⅘ full.
    static func capacity(for count: Int) -> Int {
        var capacity = 16
        while capacity * 4 / 5 < count { capacity *= 2 }
        return capacity
    }

    /// Makes room for `count` entries in all, so that storing up to that many does not grow the
    /// table on the way.
    func reserve(_ count: Int) {
        let wanted = Self.capacity(for: count)
        if wanted > capacity { resize(to: wanted) }
    }

    /// Shrinks the arrays when they are under ⅛ full (a reserve that overestimated), to twice what
    /// the entries need.
    func shrinkIfSparse() {
        let fitting = Self.capacity(for: count * 2)
        if count * 8 < capacity, fitting < capacity { resize(to: fitting) }
    }

    private func grow() { resize(to: capacity * 2) }

    /// Moves every entry into new arrays of `newCapacity` slots (a power of two that holds them).
    private func resize(to newCapacity: Int) {
        let oldCapacity = capacity
        let oldTags = tags
        let oldSlots = slots
        let oldMapped = isMapped
        capacity = newCapacity
        (tags, slots, isMapped) = Self.allocateArrays(capacity: capacity)
        let mask = capacity - 1
        for old in 0..<oldCapacity {
            guard let entry = (oldSlots + old).move() else { continue }
            let tag = oldTags[old]
            var index = Int(tag) & mask
            while tags[index] != 0 { index = (index + 1) & mask }
            tags[index] = tag
            slots[index] = entry
        }
        Self.deallocateArrays(oldTags, capacity: oldCapacity, mapped: oldMapped)
    }
}
