/// An Arrow validity bitmap under construction: bit `i` (LSB first) is 1 when row `i` is not null.
@usableFromInline
struct ValidityBitmap: ~Copyable {
    @usableFromInline var bytes: GrowableBuffer
    /// Rows appended.
    @usableFromInline var length: Int = 0
    /// Rows appended as null.
    @usableFromInline var nullCount: Int = 0

    @usableFromInline
    init(capacity: Int = 0) {
        bytes = GrowableBuffer(capacity: (capacity + 7) / 8)
    }

    /// Appends one row's validity.
    @inlinable @inline(__always)
    mutating func append(isValid: Bool) {
        if length & 7 == 0 {
            bytes.append(UInt8(0))
        }
        if isValid {
            let byte = bytes.base.advanced(by: length >> 3).assumingMemoryBound(to: UInt8.self)
            byte.pointee |= UInt8(truncatingIfNeeded: 1 << (length & 7))
        } else {
            nullCount += 1
        }
        length += 1
    }

    /// Forgets the contents and keeps the capacity.
    @inlinable
    mutating func removeAll() {
        bytes.removeAll()
        length = 0
        nullCount = 0
    }
}
