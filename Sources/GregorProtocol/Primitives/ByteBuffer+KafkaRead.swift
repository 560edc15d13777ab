import NIOCore

// Reading Kafka's primitive types from a `ByteBuffer`.
//
// Every reader moves the reader index only on success and throws `KafkaDecodingError` on
// malformed input; none traps. Integers are big-endian. Lengths are validated against the
// remaining bytes before anything is allocated, so a hostile length cannot cause a huge
// allocation.

extension ByteBuffer {
    /// Reads a fixed-width big-endian integer.
    @inlinable
    public mutating func readKafkaInteger<T: FixedWidthInteger>(
        _: T.Type = T.self, field: @autoclosure () -> String = "integer"
    ) throws(KafkaDecodingError) -> T {
        guard let value = self.readInteger(endianness: .big, as: T.self) else {
            throw .truncated(field: field(), needed: MemoryLayout<T>.size, available: self.readableBytes)
        }
        return value
    }

    /// Reads a boolean (one byte, non-zero is true).
    @inlinable
    public mutating func readKafkaBool(field: @autoclosure () -> String = "bool") throws(KafkaDecodingError) -> Bool {
        let byte: UInt8 = try self.readKafkaInteger(field: field())
        return byte != 0
    }

    /// Reads an IEEE 754 double (big-endian).
    @inlinable
    public mutating func readKafkaFloat64(field: @autoclosure () -> String = "float64") throws(KafkaDecodingError) -> Double {
        let bits: UInt64 = try self.readKafkaInteger(field: field())
        return Double(bitPattern: bits)
    }

    /// Reads an unsigned LEB128 varint of at most 5 bytes (Kafka's `UNSIGNED_VARINT`).
    @inlinable
    public mutating func readUnsignedVarint(field: @autoclosure () -> String = "unsigned varint") throws(KafkaDecodingError) -> UInt32 {
        var result: UInt32 = 0
        var shift: UInt32 = 0
        var index = self.readerIndex
        let end = self.writerIndex
        while true {
            guard index < end else {
                throw .truncated(field: field(), needed: index - self.readerIndex + 1, available: self.readableBytes)
            }
            guard let byte = self.getInteger(at: index, as: UInt8.self) else {
                throw .truncated(field: field(), needed: 1, available: 0)
            }
            index += 1
            if shift == 28 && byte > 0x0F {
                throw .malformedVarint(field: field())
            }
            result |= UInt32(byte & 0x7F) << shift
            if byte & 0x80 == 0 { break }
            shift += 7
        }
        self.moveReaderIndex(to: index)
        return result
    }

    /// Reads an unsigned LEB128 varint of at most 10 bytes.
    @inlinable
    public mutating func readUnsignedVarlong(field: @autoclosure () -> String = "unsigned varlong") throws(KafkaDecodingError) -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        var index = self.readerIndex
        let end = self.writerIndex
        while true {
            guard index < end else {
                throw .truncated(field: field(), needed: index - self.readerIndex + 1, available: self.readableBytes)
            }
            guard let byte = self.getInteger(at: index, as: UInt8.self) else {
                throw .truncated(field: field(), needed: 1, available: 0)
            }
            index += 1
            if shift == 63 && byte > 0x01 {
                throw .malformedVarint(field: field())
            }
            result |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 { break }
            shift += 7
        }
        self.moveReaderIndex(to: index)
        return result
    }

    /// Reads a zig-zag encoded signed varint (Kafka's `VARINT`).
    @inlinable
    public mutating func readVarint(field: @autoclosure () -> String = "varint") throws(KafkaDecodingError) -> Int32 {
        let raw = try self.readUnsignedVarint(field: field())
        return Int32(bitPattern: (raw >> 1) ^ (0 &- (raw & 1)))
    }

    /// Reads a zig-zag encoded signed varlong (Kafka's `VARLONG`).
    @inlinable
    public mutating func readVarlong(field: @autoclosure () -> String = "varlong") throws(KafkaDecodingError) -> Int64 {
        let raw = try self.readUnsignedVarlong(field: field())
        return Int64(bitPattern: (raw >> 1) ^ (0 &- (raw & 1)))
    }

    /// Reads a 16-byte UUID.
    @inlinable
    public mutating func readKafkaUUID(field: @autoclosure () -> String = "uuid") throws(KafkaDecodingError) -> KafkaUUID {
        let high: UInt64 = try self.readKafkaInteger(field: field())
        let low: UInt64 = try self.readKafkaInteger(field: field())
        return KafkaUUID(high: high, low: low)
    }

    // MARK: - Lengths

    /// Reads the length prefix of a string, byte array or array and validates it.
    ///
    /// - Returns: `nil` for null (-1 classic, 0 compact), otherwise the length.
    /// - Parameters:
    ///   - kind: how the length is encoded.
    ///   - minimumElementSize: bytes each element needs at least; the length times this must fit in
    ///     the remaining bytes (1 for bytes/strings; arrays pass the smallest element size, at least 1).
    @inlinable
    public mutating func readKafkaLength(
        _ kind: KafkaLengthEncoding, field: @autoclosure () -> String, minimumElementSize: Int = 1
    ) throws(KafkaDecodingError) -> Int? {
        let length: Int64
        switch kind {
        case .int16:
            length = Int64(try self.readKafkaInteger(Int16.self, field: field()))
        case .int32:
            length = Int64(try self.readKafkaInteger(Int32.self, field: field()))
        case .compact:
            length = Int64(try self.readUnsignedVarint(field: field())) - 1
        }
        if length == -1 { return nil }
        if length < -1 { throw .negativeLength(field: field(), length: length) }
        let limit = Int64(self.readableBytes / max(minimumElementSize, 1))
        if length > limit {
            throw .lengthTooLarge(field: field(), length: length, limit: limit)
        }
        return Int(length)
    }

    // MARK: - Strings and bytes

    /// Reads a string whose length is encoded as `kind`; `nil` when the length says null.
    @inlinable
    public mutating func readKafkaNullableString(
        _ kind: KafkaLengthEncoding, field: @autoclosure () -> String = "string"
    ) throws(KafkaDecodingError) -> String? {
        guard let length = try self.readKafkaLength(kind, field: field()) else { return nil }
        guard length <= self.readableBytes else {
            throw .truncated(field: field(), needed: length, available: self.readableBytes)
        }
        let string: String?
        do {
            string = try self.readUTF8ValidatedString(length: length)
        } catch {
            throw .invalidUTF8(field: field())
        }
        guard let string else {
            throw .truncated(field: field(), needed: length, available: self.readableBytes)
        }
        return string
    }

    /// Reads a non-nullable string; a null length is an error.
    @inlinable
    public mutating func readKafkaString(
        _ kind: KafkaLengthEncoding, field: @autoclosure () -> String = "string"
    ) throws(KafkaDecodingError) -> String {
        guard let string = try self.readKafkaNullableString(kind, field: field()) else {
            throw .unexpectedNull(field: field())
        }
        return string
    }

    /// Reads a byte array as a zero-copy slice; `nil` when the length says null.
    @inlinable
    public mutating func readKafkaNullableBytes(
        _ kind: KafkaLengthEncoding, field: @autoclosure () -> String = "bytes"
    ) throws(KafkaDecodingError) -> ByteBuffer? {
        guard let length = try self.readKafkaLength(kind, field: field()) else { return nil }
        guard let slice = self.readSlice(length: length) else {
            throw .truncated(field: field(), needed: length, available: self.readableBytes)
        }
        return slice
    }

    /// Reads a non-nullable byte array as a zero-copy slice.
    @inlinable
    public mutating func readKafkaBytes(
        _ kind: KafkaLengthEncoding, field: @autoclosure () -> String = "bytes"
    ) throws(KafkaDecodingError) -> ByteBuffer {
        guard let bytes = try self.readKafkaNullableBytes(kind, field: field()) else {
            throw .unexpectedNull(field: field())
        }
        return bytes
    }

    /// Reads exactly `length` bytes as a slice.
    @inlinable
    public mutating func readKafkaSlice(length: Int, field: @autoclosure () -> String) throws(KafkaDecodingError) -> ByteBuffer {
        guard length >= 0 else { throw .negativeLength(field: field(), length: Int64(length)) }
        guard let slice = self.readSlice(length: length) else {
            throw .truncated(field: field(), needed: length, available: self.readableBytes)
        }
        return slice
    }

    // MARK: - Tagged fields

    /// Reads one tagged-field header: the tag and the size of its payload.
    ///
    /// The payload must fit in the remaining bytes.
    @inlinable
    public mutating func readTaggedFieldHeader(field: @autoclosure () -> String = "tagged field") throws(KafkaDecodingError) -> (tag: UInt32, size: Int) {
        let tag = try self.readUnsignedVarint(field: field())
        let size = Int(try self.readUnsignedVarint(field: field()))
        guard size <= self.readableBytes else {
            throw .truncated(field: field(), needed: size, available: self.readableBytes)
        }
        return (tag, size)
    }
}

/// How a length or count prefix is encoded on the wire.
public enum KafkaLengthEncoding: Sendable, Hashable {
    /// A big-endian int16 (classic strings); -1 is null.
    case int16
    /// A big-endian int32 (classic bytes and arrays); -1 is null.
    case int32
    /// An unsigned varint holding length + 1 (flexible versions); 0 is null.
    case compact
}
