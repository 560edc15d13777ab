#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// The one allocation behind a `MessageBatch`.
///
/// Large batches (1 MiB and more) are mapped pages, recycled through `MappedBlockPool` and
/// otherwise returned to the system: with malloc, glibc raises its mmap threshold after such
/// frees and keeps later batch-sized blocks in its heaps, so a long replay's resident memory grew
/// far past the Stream's budget; fresh mappings for every batch, on the other hand, cost a page
/// fault per 4 KiB, which the pool avoids.
struct BatchStorage {
    static let mappingThreshold = 1 << 20

    let base: UnsafeMutableRawPointer
    let byteCount: Int
    /// The mapping's size when mapped, 0 when allocated with malloc.
    private let mappedSize: Int

    /// At least `byteCount` bytes, 64-byte aligned.
    init(byteCount: Int) {
        let size = max(byteCount, 64)
        self.byteCount = size
        if size >= Self.mappingThreshold, let block = MappedBlockPool.take(size) {
            base = block.pointer
            mappedSize = block.size
        } else {
            base = UnsafeMutableRawPointer.allocate(byteCount: size, alignment: 64)
            mappedSize = 0
        }
    }

    /// Frees the memory (once, from the batch's deinit).
    func release() {
        if mappedSize > 0 {
            MappedBlockPool.give(base, size: mappedSize)
        } else {
            base.deallocate()
        }
    }
}

/// A small cache of freed mappings by size class (eighths of a power of two), at most
/// `cacheLimit` bytes in all; the rest is unmapped at once.
enum MappedBlockPool {
    static let cacheLimit = 32 << 20

    private struct Cache: ~Copyable {
        /// Addresses of free mappings by size.
        var free: [Int: [UInt]] = [:]
        var cachedBytes = 0
    }

    private static let cache = Mutex(Cache())

    /// The mapping size serving a request of `size` bytes.
    static func sizeClass(_ size: Int) -> Int {
        let power = Int.bitWidth - (size - 1).leadingZeroBitCount  // 2^power >= size
        let step = max(4096, (1 << power) / 8)
        return (size + step - 1) / step * step
    }

    /// A mapping of at least `size` bytes: a cached one of its class, or a new one.
    static func take(_ size: Int) -> (pointer: UnsafeMutableRawPointer, size: Int)? {
        let mappedSize = sizeClass(size)
        let cached = cache.withLock { cache -> UInt? in
            guard let address = cache.free[mappedSize]?.popLast() else { return nil }
            cache.cachedBytes -= mappedSize
            return address
        }
        if let cached, let pointer = UnsafeMutableRawPointer(bitPattern: cached) {
            return (pointer, mappedSize)
        }
        guard let mapped = mmap(nil, mappedSize, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0), mapped != MAP_FAILED else {
            return nil
        }
        return (mapped, mappedSize)
    }

    /// Takes a mapping back: cached while the cache has room, else unmapped.
    static func give(_ pointer: UnsafeMutableRawPointer, size: Int) {
        let address = UInt(bitPattern: pointer)
        let cached = cache.withLock { cache -> Bool in
            guard cache.cachedBytes + size <= cacheLimit else { return false }
            cache.free[size, default: []].append(address)
            cache.cachedBytes += size
            return true
        }
        if !cached { munmap(pointer, size) }
    }
}
