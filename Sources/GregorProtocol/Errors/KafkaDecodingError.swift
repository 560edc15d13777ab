/// Where in the Kafka log a piece of data came from, as far as it is known.
///
/// Attached to record-batch errors so that a bad CRC or a broken batch can be traced back to
/// a topic, partition and offset.
public struct RecordLocation: Sendable, Hashable, CustomStringConvertible {
    /// The topic name, when known.
    public var topic: String?
    /// The partition index, when known.
    public var partition: Int32?
    /// The base offset of the batch, when known.
    public var offset: Int64?

    /// Creates a location; every part is optional.
    public init(topic: String? = nil, partition: Int32? = nil, offset: Int64? = nil) {
        self.topic = topic
        self.partition = partition
        self.offset = offset
    }

    public var description: String {
        var parts: [String] = []
        if let topic { parts.append("topic \(topic)") }
        if let partition { parts.append("partition \(partition)") }
        if let offset { parts.append("offset \(offset)") }
        return parts.isEmpty ? "unknown location" : parts.joined(separator: ", ")
    }
}

/// Every way bytes from outside (a broker, a file, a fuzzer) can fail to decode.
///
/// Decoders in `GregorProtocol` throw only this type. None of them traps on malformed input.
public enum KafkaDecodingError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Fewer bytes remained than the field needs.
    case truncated(field: String, needed: Int, available: Int)
    /// A length prefix was negative where null is not allowed (or below -1).
    case negativeLength(field: String, length: Int64)
    /// A length or count is larger than the remaining bytes or a configured limit.
    case lengthTooLarge(field: String, length: Int64, limit: Int64)
    /// A varint ran over its maximum size (5 bytes for 32-bit, 10 for 64-bit).
    case malformedVarint(field: String)
    /// A string was not valid UTF-8.
    case invalidUTF8(field: String)
    /// A null appeared in a field that is not nullable at this version.
    case unexpectedNull(field: String)
    /// A message version outside what this type knows.
    case unsupportedVersion(message: String, version: Int16, supported: ClosedRange<Int16>)
    /// A record batch with a magic byte other than 2. Magic 0 and 1 are the pre-0.11 message sets.
    case unsupportedRecordFormat(magic: Int8, location: RecordLocation)
    /// A record batch whose stored CRC-32C does not match its bytes.
    case crcMismatch(stored: UInt32, computed: UInt32, location: RecordLocation)
    /// A record batch is structurally broken (the reason says how).
    case corruptRecordBatch(reason: String, location: RecordLocation)
    /// A compression attribute this library does not know.
    case unknownCompressionCodec(Int)
    /// Decompression failed in the codec library or the framing was invalid.
    case decompressionFailed(codec: String, reason: String)
    /// Decompressed data would exceed the configured limit (a decompression bomb, or a limit set too low).
    case decompressedSizeLimitExceeded(codec: String, limit: Int)
    /// A field holds a value that is not allowed (the reason says why).
    case invalidValue(field: String, reason: String)

    public var description: String {
        switch self {
        case let .truncated(field, needed, available):
            return "truncated input: \(field) needs \(needed) bytes, \(available) remain"
        case let .negativeLength(field, length):
            return "invalid negative length \(length) for \(field)"
        case let .lengthTooLarge(field, length, limit):
            return "length \(length) of \(field) exceeds the limit of \(limit)"
        case let .malformedVarint(field):
            return "malformed varint in \(field)"
        case let .invalidUTF8(field):
            return "\(field) is not valid UTF-8"
        case let .unexpectedNull(field):
            return "\(field) is null but is not nullable at this version"
        case let .unsupportedVersion(message, version, supported):
            return "\(message) version \(version) is not supported (supported: \(supported.lowerBound)...\(supported.upperBound))"
        case let .unsupportedRecordFormat(magic, location):
            return "unsupported record format: magic \(magic) (only magic 2 record batches are supported; magic 0/1 message sets are not) at \(location)"
        case let .crcMismatch(stored, computed, location):
            return "record batch CRC mismatch at \(location): stored 0x\(String(stored, radix: 16)), computed 0x\(String(computed, radix: 16))"
        case let .corruptRecordBatch(reason, location):
            return "corrupt record batch at \(location): \(reason)"
        case let .unknownCompressionCodec(code):
            return "unknown compression codec \(code)"
        case let .decompressionFailed(codec, reason):
            return "\(codec) decompression failed: \(reason)"
        case let .decompressedSizeLimitExceeded(codec, limit):
            return "\(codec) data decompresses to more than the limit of \(limit) bytes"
        case let .invalidValue(field, reason):
            return "invalid value for \(field): \(reason)"
        }
    }
}

/// Errors raised while encoding a message (a value that cannot be written at the requested version).
public enum KafkaEncodingError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The message type does not exist at this version.
    case unsupportedVersion(message: String, version: Int16, supported: ClosedRange<Int16>)
    /// A null was given for a field that is not nullable at this version.
    case nullNotAllowed(field: String, version: Int16)
    /// A field that this version cannot carry holds a non-default value; Kafka's rule is to refuse
    /// rather than silently drop it (fields marked `ignorable` in the spec are dropped instead).
    case fieldNotSupported(field: String, version: Int16)
    /// A string, byte array or collection is longer than its length prefix can express.
    case tooLong(field: String, length: Int)
    /// A value cannot be encoded (the reason says why).
    case invalidValue(field: String, reason: String)

    public var description: String {
        switch self {
        case let .unsupportedVersion(message, version, supported):
            return "\(message) version \(version) is not supported (supported: \(supported.lowerBound)...\(supported.upperBound))"
        case let .nullNotAllowed(field, version):
            return "\(field) cannot be null at version \(version)"
        case let .fieldNotSupported(field, version):
            return "\(field) is set but is not supported at version \(version)"
        case let .tooLong(field, length):
            return "\(field) is too long to encode (\(length))"
        case let .invalidValue(field, reason):
            return "cannot encode \(field): \(reason)"
        }
    }
}
