#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Private anonymous memory mappings: zero-filled, page-aligned, and given straight back to the
/// system when unmapped. The large blocks of `MappedBlockPool` and the large arrays of the tables'
/// hash tables come from here.
package enum AnonymousMapping {
    /// The size from which a mapping asks for transparent huge pages (a PMD on x86-64 and arm64).
    package static let hugePageSize = 2 << 20

    /// A new mapping of `size` bytes, or `nil` when the system refuses one. From `hugePageSize`
    /// on, Linux is asked to back it with huge pages (`MADV_HUGEPAGE`), so that filling it takes one
    /// page fault per 2 MiB rather than per 4 KiB; a hint only, without effect where transparent
    /// huge pages are off.
    package static func map(_ size: Int) -> UnsafeMutableRawPointer? {
        guard let mapped = mmap(nil, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0), mapped != MAP_FAILED else {
            return nil
        }
        #if os(Linux)
        if size >= hugePageSize { _ = madvise(mapped, size, MADV_HUGEPAGE) }
        #endif
        return mapped
    }

    /// Unmaps `size` bytes at `pointer` (a `map(_:)` result and its size).
    package static func unmap(_ pointer: UnsafeMutableRawPointer, size: Int) {
        munmap(pointer, size)
    }
}
