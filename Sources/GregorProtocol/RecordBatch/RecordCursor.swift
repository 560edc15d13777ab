/// A forward-only reader over raw record bytes, bounded by `end`.
///
/// The reads return `nil` instead of throwing so that the hot loop stays small; the record walker
/// turns a `nil` into a typed error that names the field and the location.
@usableFromInline
struct RecordCursor {
    /// The next byte to read.
    @usableFromInline var position: UnsafeRawPointer
    /// One past the last readable byte.
    @usableFromInline let end: UnsafeRawPointer

    @inlinable
    init(position: UnsafeRawPointer, end: UnsafeRawPointer) {
        self.position = position
        self.end = end
    }

    /// Bytes left before `end`.
    @inlinable
    var remaining: Int { end - position }

    /// Reads one byte.
    @inlinable @inline(__always)
    mutating func readByte() -> UInt8? {
        guard position < end else { return nil }
        let byte = position.load(as: UInt8.self)
        position += 1
        return byte
    }

    /// Reads a zig-zag varint of at most 5 bytes (Kafka's `VARINT`).
    @inlinable @inline(__always)
    mutating func readVarint() -> Int32? {
        guard position < end else { return nil }
        let first = position.load(as: UInt8.self)
        if first < 0x80 {
            position += 1
            return Int32(first >> 1) ^ (0 &- Int32(first & 1))
        }
        guard let raw = readUnsignedVarintSlow() else { return nil }
        return Int32(bitPattern: (raw >> 1) ^ (0 &- (raw & 1)))
    }

    /// Reads a zig-zag varlong of at most 10 bytes (Kafka's `VARLONG`).
    @inlinable @inline(__always)
    mutating func readVarlong() -> Int64? {
        guard position < end else { return nil }
        let first = position.load(as: UInt8.self)
        if first < 0x80 {
            position += 1
            return Int64(first >> 1) ^ (0 &- Int64(first & 1))
        }
        guard let raw = readUnsignedVarlongSlow() else { return nil }
        return Int64(bitPattern: (raw >> 1) ^ (0 &- (raw & 1)))
    }

    /// Multi-byte path of `readVarint`; rejects varints longer than 5 bytes or above 32 bits.
    @inlinable
    mutating func readUnsignedVarintSlow() -> UInt32? {
        var result: UInt32 = 0
        var shift: UInt32 = 0
        var cursor = position
        while cursor < end {
            let byte = cursor.load(as: UInt8.self)
            cursor += 1
            if shift == 28 && byte > 0x0F { return nil }
            result |= UInt32(byte & 0x7F) << shift
            if byte & 0x80 == 0 {
                position = cursor
                return result
            }
            shift += 7
        }
        return nil
    }

    /// Multi-byte path of `readVarlong`; rejects varlongs longer than 10 bytes or above 64 bits.
    @inlinable
    mutating func readUnsignedVarlongSlow() -> UInt64? {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        var cursor = position
        while cursor < end {
            let byte = cursor.load(as: UInt8.self)
            cursor += 1
            if shift == 63 && byte > 0x01 { return nil }
            result |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 {
                position = cursor
                return result
            }
            shift += 7
        }
        return nil
    }

    /// Skips `count` bytes and returns their start, or `nil` when fewer remain.
    @inlinable @inline(__always)
    mutating func take(_ count: Int) -> UnsafeRawPointer? {
        guard count <= end - position else { return nil }
        let start = position
        position += count
        return start
    }
}
