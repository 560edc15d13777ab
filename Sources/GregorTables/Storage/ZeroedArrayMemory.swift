#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Zero-filled memory for the large arrays of a flat hash table (`FlatEntries`).
///
/// From 1 MiB on, the memory is a mapping of its own: the kernel hands it over zero-filled (no
/// pass to clear it), it may be backed by huge pages (asked for with `MADV_HUGEPAGE` on Linux, so a
/// table of millions of slots takes a few hundred page faults instead of tens of thousands), and
/// unmapping a grown-out-of array gives its memory straight back. Smaller arrays come from the
/// allocator and are cleared.
enum ZeroedArrayMemory {
    /// Arrays of at least this many bytes are mapped.
    static let mappingThreshold = 1 << 20

    /// `byteCount` bytes, all zero, aligned for any scalar, and whether they are a mapping; release
    /// them with `deallocate(_:byteCount:mapped:)`.
    static func allocate(byteCount: Int) -> (memory: UnsafeMutableRawPointer, mapped: Bool) {
        if byteCount >= mappingThreshold, let mapped = map(byteCount: byteCount) { return (mapped, true) }
        let memory = UnsafeMutableRawPointer.allocate(byteCount: Swift.max(1, byteCount), alignment: 16)
        memory.initializeMemory(as: UInt8.self, repeating: 0, count: byteCount)
        return (memory, false)
    }

    /// Releases memory from `allocate(byteCount:)`, with the same count and its `mapped`.
    static func deallocate(_ memory: UnsafeMutableRawPointer, byteCount: Int, mapped: Bool) {
        if mapped {
            munmap(memory, byteCount)
        } else {
            memory.deallocate()
        }
    }

    private static func map(byteCount: Int) -> UnsafeMutableRawPointer? {
        guard let mapped = mmap(nil, byteCount, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0), mapped != MAP_FAILED else {
            return nil
        }
        #if os(Linux)
        // Only a hint: without transparent huge pages the mapping works the same.
        _ = madvise(mapped, byteCount, MADV_HUGEPAGE)
        #endif
        return mapped
    }
}
