// Unaligned big-endian loads from raw memory, for the record-batch hot path. Callers check bounds.

extension UnsafeRawPointer {
    /// Loads a big-endian integer at `offset` bytes from `self`, without alignment requirements.
    @inlinable @inline(__always)
    func loadBigEndian<T: FixedWidthInteger>(fromByteOffset offset: Int = 0, as: T.Type = T.self) -> T {
        T(bigEndian: self.loadUnaligned(fromByteOffset: offset, as: T.self))
    }
}
