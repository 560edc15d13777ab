import NIOCore

/// The compression codec of a record batch (attribute bits 0–2).
public enum CompressionCodec: Int8, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    case none = 0
    case gzip = 1
    case snappy = 2
    case lz4 = 3
    case zstd = 4

    /// Reads the codec from record-batch attributes; unknown values are an error.
    @inlinable
    public init(attributes: Int16) throws(KafkaDecodingError) {
        guard let codec = CompressionCodec(rawValue: Int8(truncatingIfNeeded: attributes & 0x07)) else {
            throw .unknownCompressionCodec(Int(attributes & 0x07))
        }
        self = codec
    }

    public var description: String {
        switch self {
        case .none: "none"
        case .gzip: "gzip"
        case .snappy: "snappy"
        case .lz4: "lz4"
        case .zstd: "zstd"
        }
    }
}

// decompress(_:into:limit:) and compress(_:into:level:) are in CompressionCodec+Operations.swift.
