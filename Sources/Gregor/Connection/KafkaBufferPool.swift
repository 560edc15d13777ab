import CGregorBufferPool
@_spi(CustomByteBufferAllocator) import NIOCore

/// The memory behind the connections' buffers.
///
/// A Fetch answer can be megabytes. From `malloc`, glibc keeps freed answers resident at the top
/// of the event-loop thread's arena: it raises its trim threshold as large buffers come and go,
/// and `malloc_trim` never shrinks a thread arena's top. So the connections take buffers of
/// 512 KiB and more from mappings of their own: a freed one is kept for the next buffer of its
/// size (a catch-up reuses the same few), and kept ones go back to the system after a second
/// without reuse, or at once on `releaseCached()`. Smaller buffers come from `malloc` as usual.
public enum KafkaBufferPool {
    /// The allocator every connection's channel uses.
    static let allocator = ByteBufferAllocator(
        allocate: gregor_pool_allocate, reallocate: gregor_pool_reallocate, deallocate: gregor_pool_deallocate,
        copy: gregor_pool_copy)

    /// Unmaps the large buffers kept for reuse (none is in use then); returns the bytes given
    /// back. A table calls it once caught up, when the large answers of its replay are over.
    @discardableResult
    public static func releaseCached() -> Int {
        gregor_pool_release_cached()
    }

    /// The bytes of the large buffers kept for reuse now.
    public static var cachedBytes: Int {
        gregor_pool_cached_bytes()
    }

    /// The bytes of the large buffers in use now.
    public static var mappedBytesInUse: Int {
        gregor_pool_mapped_bytes_in_use()
    }
}
