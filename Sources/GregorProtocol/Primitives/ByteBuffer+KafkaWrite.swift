import NIOCore

// Writing Kafka's primitive types into a `ByteBuffer`. Integers are big-endian.

extension ByteBuffer {
    /// Writes a fixed-width big-endian integer.
    @inlinable
    public mutating func writeKafkaInteger<T: FixedWidthInteger>(_ value: T) {
        self.writeInteger(value, endianness: .big)
    }

    /// Writes a boolean as one byte (0 or 1).
    @inlinable
    public mutating func writeKafkaBool(_ value: Bool) {
        self.writeInteger(value ? 1 : 0, as: UInt8.self)
    }

    /// Writes an IEEE 754 double (big-endian).
    @inlinable
    public mutating func writeKafkaFloat64(_ value: Double) {
        self.writeInteger(value.bitPattern, endianness: .big)
    }

    /// Writes an unsigned LEB128 varint.
    @inlinable
    public mutating func writeUnsignedVarint(_ value: UInt32) {
        var v = value
        while v >= 0x80 {
            self.writeInteger(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        self.writeInteger(UInt8(truncatingIfNeeded: v))
    }

    /// Writes an unsigned LEB128 varlong.
    @inlinable
    public mutating func writeUnsignedVarlong(_ value: UInt64) {
        var v = value
        while v >= 0x80 {
            self.writeInteger(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        self.writeInteger(UInt8(truncatingIfNeeded: v))
    }

    /// Writes a zig-zag encoded signed varint.
    @inlinable
    public mutating func writeVarint(_ value: Int32) {
        self.writeUnsignedVarint(UInt32(bitPattern: (value << 1) ^ (value >> 31)))
    }

    /// Writes a zig-zag encoded signed varlong.
    @inlinable
    public mutating func writeVarlong(_ value: Int64) {
        self.writeUnsignedVarlong(UInt64(bitPattern: (value << 1) ^ (value >> 63)))
    }

    /// Writes a 16-byte UUID.
    @inlinable
    public mutating func writeKafkaUUID(_ value: KafkaUUID) {
        self.writeInteger(value.high, endianness: .big)
        self.writeInteger(value.low, endianness: .big)
    }

    // MARK: - Lengths

    /// Writes a length prefix; `nil` writes null (-1 classic, 0 compact).
    @inlinable
    public mutating func writeKafkaLength(_ length: Int?, _ kind: KafkaLengthEncoding, field: @autoclosure () -> String) throws(KafkaEncodingError) {
        switch kind {
        case .int16:
            guard let length else { self.writeInteger(Int16(-1), endianness: .big); return }
            guard length <= Int(Int16.max) else { throw .tooLong(field: field(), length: length) }
            self.writeInteger(Int16(length), endianness: .big)
        case .int32:
            guard let length else { self.writeInteger(Int32(-1), endianness: .big); return }
            guard length <= Int(Int32.max) else { throw .tooLong(field: field(), length: length) }
            self.writeInteger(Int32(length), endianness: .big)
        case .compact:
            guard let length else { self.writeUnsignedVarint(0); return }
            guard length < Int(UInt32.max) else { throw .tooLong(field: field(), length: length) }
            self.writeUnsignedVarint(UInt32(length + 1))
        }
    }

    // MARK: - Strings and bytes

    /// Writes a string (or null) with a length prefix of `kind`.
    @inlinable
    public mutating func writeKafkaString(_ value: String?, _ kind: KafkaLengthEncoding, field: @autoclosure () -> String = "string") throws(KafkaEncodingError) {
        guard let value else {
            try self.writeKafkaLength(nil, kind, field: field())
            return
        }
        try self.writeKafkaLength(value.utf8.count, kind, field: field())
        self.writeString(value)
    }

    /// Writes a byte array (or null) with a length prefix of `kind`.
    @inlinable
    public mutating func writeKafkaBytes(_ value: ByteBuffer?, _ kind: KafkaLengthEncoding, field: @autoclosure () -> String = "bytes") throws(KafkaEncodingError) {
        guard let value else {
            try self.writeKafkaLength(nil, kind, field: field())
            return
        }
        try self.writeKafkaLength(value.readableBytes, kind, field: field())
        self.writeImmutableBuffer(value)
    }

    /// The number of bytes `writeUnsignedVarint` uses for `value`.
    @inlinable
    public static func unsignedVarintSize(_ value: UInt32) -> Int {
        var v = value
        var size = 1
        while v >= 0x80 { v >>= 7; size += 1 }
        return size
    }

    /// The number of bytes `writeVarint` uses for `value`.
    @inlinable
    public static func varintSize(_ value: Int32) -> Int {
        unsignedVarintSize(UInt32(bitPattern: (value << 1) ^ (value >> 31)))
    }

    /// The number of bytes `writeVarlong` uses for `value`.
    @inlinable
    public static func varlongSize(_ value: Int64) -> Int {
        var v = UInt64(bitPattern: (value << 1) ^ (value >> 63))
        var size = 1
        while v >= 0x80 { v >>= 7; size += 1 }
        return size
    }
}
