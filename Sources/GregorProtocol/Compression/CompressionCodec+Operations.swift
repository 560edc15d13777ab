import NIOCore

extension CompressionCodec {
    /// Appends the decompressed form of `input` to `output`.
    ///
    /// At most `limit` decompressed bytes are produced by one call: as soon as the data would
    /// decompress to more, the call stops and throws `.decompressedSizeLimitExceeded`, having
    /// allocated no more than about `limit` plus one working block. Malformed or truncated input
    /// throws `.decompressionFailed`. On a throw, `output` may hold a partial result. A negative
    /// `limit` acts as 0.
    ///
    /// Snappy accepts both the Java client's framed (xerial) format and a plain raw block; gzip
    /// accepts concatenated members; lz4 expects the LZ4 frame format (KIP-57).
    public func decompress(_ input: ByteBuffer, into output: inout ByteBuffer, limit: Int) throws(KafkaDecodingError) {
        let limit = DecompressionLimit(limit)
        switch self {
        case .none:
            guard input.readableBytes <= limit.bytes else {
                throw .decompressedSizeLimitExceeded(codec: self.description, limit: limit.bytes)
            }
            var input = input
            output.writeBuffer(&input)
        case .gzip:
            try GzipCodec.decompress(input, into: &output, limit: limit)
        case .snappy:
            try SnappyCodec.decompress(input, into: &output, limit: limit)
        case .lz4:
            try LZ4Codec.decompress(input, into: &output, limit: limit)
        case .zstd:
            try ZstdCodec.decompress(input, into: &output, limit: limit)
        }
    }

    /// Appends the compressed form of `input` to `output`, framed as the Java client writes it
    /// (gzip members, xerial-framed snappy with 32 KiB blocks, LZ4 frames with independent 64 KiB
    /// blocks, zstd frames), which librdkafka and the Java client both read.
    ///
    /// `level` is the codec's compression level (Kafka's `compression.<codec>.level`): gzip 1...9,
    /// lz4 1...17, zstd `ZSTD_minCLevel()`...22; `nil` picks the codec's default. Snappy has no
    /// levels and ignores it. An out-of-range level throws `.invalidValue`.
    public func compress(_ input: ByteBuffer, into output: inout ByteBuffer, level: Int? = nil) throws(KafkaEncodingError) {
        switch self {
        case .none:
            var input = input
            output.writeBuffer(&input)
        case .gzip:
            try GzipCodec.compress(input, into: &output, level: level)
        case .snappy:
            SnappyCodec.compress(input, into: &output)
        case .lz4:
            try LZ4Codec.compress(input, into: &output, level: level)
        case .zstd:
            try ZstdCodec.compress(input, into: &output, level: level)
        }
    }
}
