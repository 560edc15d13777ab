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

// CONTRACT (being implemented in Compression/*.swift):
//
// extension CompressionCodec {
//     /// Appends the decompressed form of `input` to `output`; throws
//     /// `.decompressedSizeLimitExceeded` once more than `limit` bytes would be produced.
//     public func decompress(_ input: ByteBuffer, into output: inout ByteBuffer, limit: Int) throws(KafkaDecodingError)
//     /// Appends the compressed form of `input` to `output` (Kafka/Java-client compatible framing).
//     public func compress(_ input: ByteBuffer, into output: inout ByteBuffer, level: Int?) throws(KafkaEncodingError)
// }
