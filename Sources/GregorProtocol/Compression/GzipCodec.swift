import CZlib
import NIOCore

/// gzip through zlib: reads gzip (and zlib-wrapped) data, writes the gzip format.
enum GzipCodec {
    static let name = "gzip"
    /// windowBits 15 plus 32: let zlib detect a gzip or zlib header.
    private static let inflateWindowBits: Int32 = 15 + 32
    /// windowBits 15 plus 16: write a gzip header and trailer.
    private static let deflateWindowBits: Int32 = 15 + 16
    /// zlib counts input in `UInt32`; larger inputs are fed in pieces.
    private static let maximumInputPiece = 1 << 30

    static func decompress(_ input: ByteBuffer, into output: inout ByteBuffer, limit: DecompressionLimit) throws(KafkaDecodingError) {
        let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
        stream.initialize(to: z_stream())
        defer { stream.deallocate() }
        guard inflateInit2_(stream, inflateWindowBits, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw .decompressionFailed(codec: name, reason: "cannot initialise zlib")
        }
        defer { inflateEnd(stream) }

        try input.withUnsafeReadableBytes { (source: UnsafeRawBufferPointer) throws(KafkaDecodingError) in
            guard let base = source.baseAddress, source.count > 0 else {
                throw .decompressionFailed(codec: name, reason: "empty input")
            }
            var writer = LimitedOutputWriter(codec: name, limit: limit, expectedSize: expectedSize(of: source))
            var consumed = 0
            while true {
                let piece = min(source.count - consumed, maximumInputPiece)
                stream.pointee.next_in = UnsafeMutablePointer(mutating: base.advanced(by: consumed).assumingMemoryBound(to: Bytef.self))
                stream.pointee.avail_in = uInt(piece)
                var status = Z_OK
                let written = try writer.write(into: &output) { (target: UnsafeMutableRawBufferPointer) throws(KafkaDecodingError) -> Int in
                    stream.pointee.next_out = target.baseAddress?.assumingMemoryBound(to: Bytef.self)
                    stream.pointee.avail_out = uInt(min(target.count, Int(UInt32.max)))
                    let offered = Int(stream.pointee.avail_out)
                    status = inflate(stream, Z_NO_FLUSH)
                    return offered - Int(stream.pointee.avail_out)
                }
                let used = piece - Int(stream.pointee.avail_in)
                consumed += used
                switch status {
                case Z_STREAM_END:
                    // Like Java's GZIPInputStream: another member may follow; anything else after
                    // the end is ignored.
                    guard source.count - consumed >= 2, source[consumed] == 0x1F, source[consumed + 1] == 0x8B else {
                        return
                    }
                    guard inflateReset(stream) == Z_OK else {
                        throw .decompressionFailed(codec: name, reason: "cannot reset zlib")
                    }
                case Z_OK, Z_BUF_ERROR:
                    if used == 0 && written == 0 {
                        throw .decompressionFailed(
                            codec: name,
                            reason: consumed == source.count ? "truncated gzip stream" : "zlib made no progress"
                        )
                    }
                case Z_NEED_DICT:
                    throw .decompressionFailed(codec: name, reason: "stream needs a preset dictionary")
                default:
                    throw .decompressionFailed(codec: name, reason: zlibMessage(stream, status: status))
                }
            }
        }
    }

    static func compress(_ input: ByteBuffer, into output: inout ByteBuffer, level: Int?) throws(KafkaEncodingError) {
        let zlevel: Int32
        switch level {
        case nil: zlevel = Z_DEFAULT_COMPRESSION
        case let level? where (1...9).contains(level): zlevel = Int32(level)
        case let level?: throw .invalidValue(field: "gzip compression level", reason: "\(level) is outside 1...9")
        }
        let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
        stream.initialize(to: z_stream())
        defer { stream.deallocate() }
        guard deflateInit2_(stream, zlevel, Z_DEFLATED, deflateWindowBits, 8, Z_DEFAULT_STRATEGY,
                            zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw .invalidValue(field: "gzip", reason: "cannot initialise zlib")
        }
        defer { deflateEnd(stream) }

        try input.withUnsafeReadableBytes { (source: UnsafeRawBufferPointer) throws(KafkaEncodingError) in
            var consumed = 0
            var bound = Int(deflateBound(stream, uLong(min(source.count, maximumInputPiece)))) + 32
            while true {
                let piece = min(source.count - consumed, maximumInputPiece)
                let isLast = consumed + piece == source.count
                stream.pointee.next_in = source.baseAddress.map {
                    UnsafeMutablePointer(mutating: $0.advanced(by: consumed).assumingMemoryBound(to: Bytef.self))
                }
                stream.pointee.avail_in = uInt(piece)
                var status = Z_OK
                output.writeWithUnsafeMutableBytes(minimumWritableBytes: bound) { target in
                    stream.pointee.next_out = target.baseAddress?.assumingMemoryBound(to: Bytef.self)
                    stream.pointee.avail_out = uInt(min(target.count, Int(UInt32.max)))
                    let offered = Int(stream.pointee.avail_out)
                    status = deflate(stream, isLast ? Z_FINISH : Z_NO_FLUSH)
                    return offered - Int(stream.pointee.avail_out)
                }
                consumed += piece - Int(stream.pointee.avail_in)
                switch status {
                case Z_STREAM_END:
                    return
                case Z_OK, Z_BUF_ERROR:
                    bound = 64 * 1024
                default:
                    throw .invalidValue(field: "gzip", reason: "zlib deflate failed (\(status))")
                }
            }
        }
    }

    /// The ISIZE field of the last gzip trailer (uncompressed size modulo 2^32): a sizing hint only.
    private static func expectedSize(of source: UnsafeRawBufferPointer) -> Int {
        guard source.count >= 18 else { return 0 }
        var size = 0
        for index in 0..<4 {
            size |= Int(source[source.count - 4 + index]) << (8 * index)
        }
        return size
    }

    private static func zlibMessage(_ stream: UnsafeMutablePointer<z_stream>, status: Int32) -> String {
        if let message = stream.pointee.msg {
            return String(cString: message)
        }
        return "zlib error \(status)"
    }
}
