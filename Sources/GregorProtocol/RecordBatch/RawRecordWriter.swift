/// Writes varints and bytes through a raw pointer, for the record encoder's hot path.
/// The caller has reserved enough room (it computes each record's exact size first).
struct RawRecordWriter {
    private(set) var position: UnsafeMutableRawPointer

    init(_ start: UnsafeMutableRawPointer) {
        position = start
    }

    mutating func byte(_ value: UInt8) {
        position.storeBytes(of: value, as: UInt8.self)
        position += 1
    }

    /// A zig-zag varint (Kafka's `VARINT`).
    mutating func varint(_ value: Int32) {
        unsignedVarlong(UInt64(UInt32(bitPattern: (value << 1) ^ (value >> 31))))
    }

    /// A zig-zag varlong (Kafka's `VARLONG`).
    mutating func varlong(_ value: Int64) {
        unsignedVarlong(UInt64(bitPattern: (value << 1) ^ (value >> 63)))
    }

    mutating func unsignedVarlong(_ value: UInt64) {
        var remaining = value
        while remaining >= 0x80 {
            byte(UInt8(truncatingIfNeeded: remaining) | 0x80)
            remaining >>= 7
        }
        byte(UInt8(truncatingIfNeeded: remaining))
    }

    mutating func bytes(_ source: UnsafeRawBufferPointer) {
        guard let base = source.baseAddress, source.count > 0 else { return }
        position.copyMemory(from: base, byteCount: source.count)
        position += source.count
    }
}
