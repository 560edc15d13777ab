import CZstd
import NIOCore

/// Zstandard through libzstd.
///
/// Decompression streams (`ZSTD_decompressStream`), so frames without a content size (what
/// streaming compressors such as the Java client's zstd-jni write) work and the limit holds while
/// decoding; a single frame that declares its size (checked against the limit first) takes the
/// one-shot path. Contexts come from `ZstdContextPool`.
enum ZstdCodec {
    static let name = "zstd"
    /// Kafka's default `compression.zstd.level`.
    static let defaultLevel: Int32 = 3

    static func decompress(_ input: ByteBuffer, into output: inout ByteBuffer, limit: DecompressionLimit) throws(KafkaDecodingError) {
        try input.withUnsafeReadableBytes { (source: UnsafeRawBufferPointer) throws(KafkaDecodingError) in
            guard let base = source.baseAddress, source.count > 0 else {
                throw .decompressionFailed(codec: name, reason: "empty input")
            }
            let declared = ZSTD_getFrameContentSize(base, source.count)
            if declared == ZSTD_CONTENTSIZE_ERROR {
                throw .decompressionFailed(codec: name, reason: "not a zstd frame")
            }
            if declared != ZSTD_CONTENTSIZE_UNKNOWN, declared > UInt64(limit.bytes) {
                throw .decompressedSizeLimitExceeded(codec: name, limit: limit.bytes)
            }
            try ZstdContextPool.withContext { (context) throws(KafkaDecodingError) in
                if declared != ZSTD_CONTENTSIZE_UNKNOWN, ZSTD_findFrameCompressedSize(base, source.count) == source.count {
                    try decompressOneShot(source, declaredSize: Int(declared), context: context, into: &output)
                } else {
                    let expected = declared == ZSTD_CONTENTSIZE_UNKNOWN ? source.count * 4 : Int(declared)
                    try decompressStreaming(source, expectedSize: expected, context: context, into: &output, limit: limit)
                }
            }
        }
    }

    private static func decompressOneShot(
        _ source: UnsafeRawBufferPointer,
        declaredSize: Int,
        context: OpaquePointer,
        into output: inout ByteBuffer
    ) throws(KafkaDecodingError) {
        guard declaredSize > 0 else {
            // Still decode, to validate the frame; nothing is written.
            var scratch: UInt8 = 0
            let result = ZSTD_decompressDCtx(context, &scratch, 0, source.baseAddress, source.count)
            if ZSTD_isError(result) != 0 || result != 0 {
                throw .decompressionFailed(codec: name, reason: errorName(result))
            }
            return
        }
        var result = 0
        output.writeWithUnsafeMutableBytes(minimumWritableBytes: declaredSize) { target in
            result = ZSTD_decompressDCtx(context, target.baseAddress, declaredSize, source.baseAddress, source.count)
            return ZSTD_isError(result) == 0 ? result : 0
        }
        if ZSTD_isError(result) != 0 {
            throw .decompressionFailed(codec: name, reason: errorName(result))
        }
        if result != declaredSize {
            throw .decompressionFailed(codec: name, reason: "frame decoded to \(result) bytes, its header says \(declaredSize)")
        }
    }

    private static func decompressStreaming(
        _ source: UnsafeRawBufferPointer,
        expectedSize: Int,
        context stream: OpaquePointer,
        into output: inout ByteBuffer,
        limit: DecompressionLimit
    ) throws(KafkaDecodingError) {
        // The decoder allocates the frame's window up front; cap it near the limit (at least
        // 8 MiB, what zstd levels up to 19 use) so a hostile header cannot claim 128 MiB.
        let windowLogMax = min(max(Int32(Int.bitWidth - limit.bytes.leadingZeroBitCount) + 1, 23), 27)
        ZSTD_DCtx_setParameter(stream, ZSTD_d_windowLogMax, windowLogMax)
        var writer = LimitedOutputWriter(codec: name, limit: limit, expectedSize: expectedSize)
        var inBuffer = ZSTD_inBuffer(src: source.baseAddress, size: source.count, pos: 0)
        var lastResult = 1
        while true {
            let before = inBuffer.pos
            var result = 0
            let written = try writer.write(into: &output) { target in
                var outBuffer = ZSTD_outBuffer(dst: target.baseAddress, size: target.count, pos: 0)
                result = ZSTD_decompressStream(stream, &outBuffer, &inBuffer)
                return ZSTD_isError(result) == 0 ? outBuffer.pos : 0
            }
            if ZSTD_isError(result) != 0 {
                if ZSTD_getErrorCode(result) == ZSTD_error_frameParameter_windowTooLarge {
                    throw .decompressionFailed(
                        codec: name,
                        reason: "the frame's window exceeds 2^\(windowLogMax) bytes, too large for the limit of \(limit.bytes)"
                    )
                }
                throw .decompressionFailed(codec: name, reason: errorName(result))
            }
            lastResult = result
            // 0 means a frame is complete and flushed; more frames may follow.
            if lastResult == 0 && inBuffer.pos == inBuffer.size { return }
            if written == 0 && inBuffer.pos == before {
                throw .decompressionFailed(
                    codec: name,
                    reason: inBuffer.pos == inBuffer.size ? "truncated zstd frame" : "zstd made no progress"
                )
            }
        }
    }

    static func compress(_ input: ByteBuffer, into output: inout ByteBuffer, level: Int?) throws(KafkaEncodingError) {
        let zlevel: Int32
        if let level {
            guard level >= Int(ZSTD_minCLevel()), level <= Int(ZSTD_maxCLevel()) else {
                throw .invalidValue(
                    field: "zstd compression level",
                    reason: "\(level) is outside \(ZSTD_minCLevel())...\(ZSTD_maxCLevel())"
                )
            }
            zlevel = Int32(level)
        } else {
            zlevel = defaultLevel
        }
        try input.withUnsafeReadableBytes { (source: UnsafeRawBufferPointer) throws(KafkaEncodingError) in
            let bound = ZSTD_compressBound(source.count)
            var result = 0
            output.writeWithUnsafeMutableBytes(minimumWritableBytes: bound) { target in
                result = ZSTD_compress(target.baseAddress, target.count, source.baseAddress, source.count, zlevel)
                return ZSTD_isError(result) == 0 ? result : 0
            }
            if ZSTD_isError(result) != 0 {
                throw .invalidValue(field: "zstd", reason: errorName(result))
            }
        }
    }

    private static func errorName(_ code: Int) -> String {
        String(cString: ZSTD_getErrorName(code))
    }
}
