#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import GregorProtocol
@_spi(CustomByteBufferAllocator) import NIOCore

/// The memory behind the connections' buffers.
///
/// A Fetch answer can be megabytes. From `malloc`, glibc keeps freed answers resident at the top
/// of the event-loop thread's arena: it raises its trim threshold as large buffers come and go,
/// and `malloc_trim` never shrinks a thread arena's top. So buffers of 512 KiB and more are
/// mappings from the process's `MappedBlockPool` (shared with the Stream's batches): a freed one
/// is kept for the next buffer of its size class (a catch-up reuses the same few), and kept ones
/// go back to the system after a second without reuse, or at once on `releaseCached()`. Smaller
/// buffers come from `malloc`.
public enum KafkaBufferPool {
    /// The allocator every connection's channel uses.
    static let allocator = ByteBufferAllocator(
        allocate: { size in KafkaBufferPool.allocate(size) },
        reallocate: { pointer, oldSize, newSize in KafkaBufferPool.reallocate(pointer, from: oldSize, to: newSize) },
        deallocate: { pointer in KafkaBufferPool.deallocate(pointer) },
        copy: { destination, source, count in destination.copyMemory(from: source, byteCount: count) })

    /// Unmaps the large buffers kept for reuse (none is in use then); returns the bytes given
    /// back. A table calls it once caught up, when the large answers of its replay are over.
    @discardableResult
    public static func releaseCached() -> Int {
        MappedBlockPool.shared.releaseCached()
    }

    /// The smallest buffer that is a mapping of its own.
    static let mappedMinimum = 512 << 10

    /// Each block starts with a header holding its mapping's size (0 for a `malloc` block); the
    /// buffer is the bytes after it, so 16-byte aligned like `malloc`'s.
    private static let headerSize = 16

    private static func mappedSize(of pointer: UnsafeMutableRawPointer) -> Int {
        (pointer - headerSize).load(as: Int.self)
    }

    /// Whether the buffer at `pointer` (from this allocator) is a mapping rather than a `malloc` block.
    static func isMapped(_ pointer: UnsafeMutableRawPointer) -> Bool {
        mappedSize(of: pointer) != 0
    }

    static func allocate(_ size: Int) -> UnsafeMutableRawPointer? {
        if size >= mappedMinimum, let block = MappedBlockPool.shared.take(size + headerSize) {
            block.pointer.storeBytes(of: block.size, as: Int.self)
            return block.pointer + headerSize
        }
        // Kept mappings nobody reused in time go back to the system on a later allocation: a
        // connection allocates a read buffer at least once per long poll.
        MappedBlockPool.shared.dropExpired()
        guard let block = malloc(size + headerSize) else { return nil }
        block.storeBytes(of: 0, as: Int.self)
        return block + headerSize
    }

    static func reallocate(_ pointer: UnsafeMutableRawPointer?, from oldSize: Int, to newSize: Int) -> UnsafeMutableRawPointer? {
        guard let pointer else { return allocate(newSize) }
        let mapped = mappedSize(of: pointer)
        if mapped == 0, newSize < mappedMinimum {
            return realloc(pointer - headerSize, newSize + headerSize).map { $0 + headerSize }
        }
        if mapped != 0, newSize + headerSize <= mapped { return pointer }
        guard let moved = allocate(newSize) else { return nil }
        moved.copyMemory(from: pointer, byteCount: min(oldSize, newSize))
        deallocate(pointer)
        return moved
    }

    static func deallocate(_ pointer: UnsafeMutableRawPointer) {
        let mapped = mappedSize(of: pointer)
        if mapped == 0 {
            free(pointer - headerSize)
        } else {
            MappedBlockPool.shared.give(pointer - headerSize, size: mapped)
        }
    }
}
