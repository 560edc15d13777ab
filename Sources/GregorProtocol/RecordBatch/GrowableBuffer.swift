/// A growable, 64-byte aligned, contiguous byte buffer that owns its memory.
///
/// The storage behind `MessageBatchBuilder`'s columns: appends are a bounds check and a store,
/// growth doubles the capacity, and `removeAll()` keeps the capacity so a builder can be reused
/// without allocating. Non-copyable, so the memory has exactly one owner.
@usableFromInline
struct GrowableBuffer: ~Copyable {
    /// Alignment of the storage (Arrow recommends 64 bytes).
    @usableFromInline static let alignment = 64

    @usableFromInline var base: UnsafeMutableRawPointer
    /// Bytes in use.
    @usableFromInline var count: Int
    /// Bytes allocated.
    @usableFromInline var capacity: Int

    /// An empty buffer with room for `capacity` bytes.
    @usableFromInline
    init(capacity: Int = 0) {
        self.capacity = max(capacity, GrowableBuffer.alignment)
        self.base = UnsafeMutableRawPointer.allocate(byteCount: self.capacity, alignment: GrowableBuffer.alignment)
        self.count = 0
    }

    // Inlinable: optimised clients destroy buffers in inlinable setters, and the compiler must not
    // inline a non-inlinable deinit there (Swift 6.3 asserts in release builds otherwise).
    @inlinable
    deinit {
        base.deallocate()
    }

    /// Makes room for `additional` more bytes.
    @inlinable @inline(__always)
    mutating func reserve(_ additional: Int) {
        if additional > capacity &- count {
            grow(minimumCapacity: count + additional)
        }
    }

    /// Reallocates to at least `minimumCapacity` bytes (at least double the current capacity).
    @usableFromInline @inline(never)
    mutating func grow(minimumCapacity: Int) {
        var newCapacity = max(capacity, GrowableBuffer.alignment)
        while newCapacity < minimumCapacity { newCapacity *= 2 }
        let newBase = UnsafeMutableRawPointer.allocate(byteCount: newCapacity, alignment: GrowableBuffer.alignment)
        newBase.copyMemory(from: base, byteCount: count)
        base.deallocate()
        base = newBase
        capacity = newCapacity
    }

    /// Appends raw bytes.
    @inlinable @inline(__always)
    mutating func append(_ bytes: UnsafeRawBufferPointer) {
        let length = bytes.count
        guard length > 0, let source = bytes.baseAddress else { return }
        reserve(length)
        (base + count).copyMemory(from: source, byteCount: length)
        count += length
    }

    /// Appends an integer in native (little-endian on supported platforms) byte order.
    @inlinable @inline(__always)
    mutating func append<T: FixedWidthInteger>(_ value: T) {
        reserve(MemoryLayout<T>.size)
        base.storeBytes(of: value, toByteOffset: count, as: T.self)
        count += MemoryLayout<T>.size
    }

    /// Forgets the contents and keeps the capacity.
    @inlinable
    mutating func removeAll() {
        count = 0
    }
}
