import CLZ4
import NIOCore

/// LZ4 in the LZ4 frame format (Kafka's since KIP-57), through liblz4's `LZ4F_*` API.
///
/// Compression matches the Java client's `Lz4BlockOutputStream`: frame version 1, independent
/// blocks of at most 64 KiB, no block or content checksum, no content size. The Java reader
/// refuses linked blocks, so independence matters. Decompression accepts any valid frame,
/// and several frames in a row.
enum LZ4Codec {
    static let name = "lz4"
    /// `LZ4F_VERSION` from lz4frame.h.
    private static let frameAPIVersion: UInt32 = 100

    static func decompress(_ input: ByteBuffer, into output: inout ByteBuffer, limit: DecompressionLimit) throws(KafkaDecodingError) {
        var context: OpaquePointer?
        guard LZ4F_isError(LZ4F_createDecompressionContext(&context, frameAPIVersion)) == 0, let context else {
            throw .decompressionFailed(codec: name, reason: "cannot create an LZ4 decompression context")
        }
        defer { LZ4F_freeDecompressionContext(context) }

        try input.withUnsafeReadableBytes { (source: UnsafeRawBufferPointer) throws(KafkaDecodingError) in
            guard let base = source.baseAddress, source.count > 0 else {
                throw .decompressionFailed(codec: name, reason: "empty input")
            }
            var writer = LimitedOutputWriter(codec: name, limit: limit, expectedSize: source.count * 4)
            var consumed = 0
            while true {
                var hint = 0
                var used = 0
                let written = try writer.write(into: &output) { target in
                    var targetSize = target.count
                    var sourceSize = source.count - consumed
                    hint = LZ4F_decompress(context, target.baseAddress, &targetSize, base.advanced(by: consumed), &sourceSize, nil)
                    used = sourceSize
                    return LZ4F_isError(hint) == 0 ? targetSize : 0
                }
                if LZ4F_isError(hint) != 0 {
                    throw .decompressionFailed(codec: name, reason: String(cString: LZ4F_getErrorName(hint)))
                }
                consumed += used
                if hint == 0 {
                    // A frame ended; the context is ready for another frame if input remains.
                    if consumed == source.count { return }
                } else if used == 0 && written == 0 {
                    throw .decompressionFailed(
                        codec: name,
                        reason: consumed == source.count ? "truncated LZ4 frame" : "LZ4 made no progress"
                    )
                }
            }
        }
    }

    static func compress(_ input: ByteBuffer, into output: inout ByteBuffer, level: Int?) throws(KafkaEncodingError) {
        var preferences = LZ4F_preferences_t()
        preferences.frameInfo.blockSizeID = LZ4F_max64KB
        preferences.frameInfo.blockMode = LZ4F_blockIndependent
        preferences.frameInfo.contentChecksumFlag = LZ4F_noContentChecksum
        preferences.frameInfo.blockChecksumFlag = LZ4F_noBlockChecksum
        switch level {
        case nil:
            // Java uses lz4's fast compressor at the default level; level 0 is liblz4's fast mode.
            preferences.compressionLevel = 0
        case let level? where (1...17).contains(level):
            preferences.compressionLevel = Int32(level)
        case let level?:
            throw .invalidValue(field: "lz4 compression level", reason: "\(level) is outside 1...17")
        }
        try input.withUnsafeReadableBytes { (source: UnsafeRawBufferPointer) throws(KafkaEncodingError) in
            let bound = LZ4F_compressFrameBound(source.count, &preferences)
            var result = 0
            output.writeWithUnsafeMutableBytes(minimumWritableBytes: bound) { target in
                result = LZ4F_compressFrame(target.baseAddress, target.count, source.baseAddress, source.count, &preferences)
                return LZ4F_isError(result) == 0 ? result : 0
            }
            if LZ4F_isError(result) != 0 {
                throw .invalidValue(field: "lz4", reason: String(cString: LZ4F_getErrorName(result)))
            }
        }
    }
}
