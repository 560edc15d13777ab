/// How the timestamps of a record batch were assigned (attribute bit 3).
public enum TimestampType: Sendable, Hashable, CustomStringConvertible {
    /// The producer set each record's timestamp.
    case createTime
    /// The broker stamped the batch when it appended it; every record's timestamp is the
    /// batch's `maxTimestamp`.
    case logAppendTime

    /// The name Kafka uses for this value.
    public var description: String {
        switch self {
        case .createTime: "CreateTime"
        case .logAppendTime: "LogAppendTime"
        }
    }
}

/// The `attributes` field of a record batch (magic 2), decoded.
///
/// Bits 0–2: compression codec; bit 3: timestamp type; bit 4: transactional; bit 5: control;
/// bit 6: delete horizon set. The other bits are unused and must be written as zero.
public struct RecordBatchAttributes: Sendable, Hashable {
    /// The codec the records section is compressed with.
    public var compression: CompressionCodec
    /// Whether records carry producer timestamps or the broker's append time.
    public var timestampType: TimestampType
    /// The batch belongs to a transaction.
    public var isTransactional: Bool
    /// The batch holds control records (transaction markers), not data.
    public var isControl: Bool
    /// The batch's `baseTimestamp` holds the delete horizon set by log compaction (KIP-534).
    public var hasDeleteHorizon: Bool

    /// Creates attributes from their parts.
    public init(
        compression: CompressionCodec = .none,
        timestampType: TimestampType = .createTime,
        isTransactional: Bool = false,
        isControl: Bool = false,
        hasDeleteHorizon: Bool = false
    ) {
        self.compression = compression
        self.timestampType = timestampType
        self.isTransactional = isTransactional
        self.isControl = isControl
        self.hasDeleteHorizon = hasDeleteHorizon
    }

    /// Decodes the wire value; an unknown compression codec is an error.
    public init(rawValue: Int16) throws(KafkaDecodingError) {
        self.compression = try CompressionCodec(attributes: rawValue)
        self.timestampType = rawValue & 0x08 != 0 ? .logAppendTime : .createTime
        self.isTransactional = rawValue & 0x10 != 0
        self.isControl = rawValue & 0x20 != 0
        self.hasDeleteHorizon = rawValue & 0x40 != 0
    }

    /// The wire value.
    public var rawValue: Int16 {
        var value = Int16(compression.rawValue)
        if timestampType == .logAppendTime { value |= 0x08 }
        if isTransactional { value |= 0x10 }
        if isControl { value |= 0x20 }
        if hasDeleteHorizon { value |= 0x40 }
        return value
    }
}
