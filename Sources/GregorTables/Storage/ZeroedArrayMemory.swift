import GregorProtocol

/// Zero-filled memory for the large arrays of a flat hash table (`FlatEntries`).
///
/// From 1 MiB on, the memory is a mapping of its own (`AnonymousMapping`): the kernel hands it over
/// zero-filled (no pass to clear it), from 2 MiB it may be backed by huge pages (so a table of
/// millions of slots takes tens of page faults instead of thousands), and unmapping a
/// grown-out-of array gives its memory straight back. Smaller arrays come from the
/// allocator and are cleared.
enum ZeroedArrayMemory {
    /// Arrays of at least this many bytes are mapped.
    static let mappingThreshold = 1 << 20

    /// `byteCount` bytes, all zero, aligned for any scalar, and whether they are a mapping; release
    /// them with `deallocate(_:byteCount:mapped:)`.
    static func allocate(byteCount: Int) -> (memory: UnsafeMutableRawPointer, mapped: Bool) {
        if byteCount >= mappingThreshold, let mapped = AnonymousMapping.map(byteCount) { return (mapped, true) }
        let memory = UnsafeMutableRawPointer.allocate(byteCount: Swift.max(1, byteCount), alignment: 16)
        memory.initializeMemory(as: UInt8.self, repeating: 0, count: byteCount)
        return (memory, false)
    }

    /// Releases memory from `allocate(byteCount:)`, with the same count and its `mapped`.
    static func deallocate(_ memory: UnsafeMutableRawPointer, byteCount: Int, mapped: Bool) {
        if mapped {
            AnonymousMapping.unmap(memory, size: byteCount)
        } else {
            memory.deallocate()
        }
    }
}
