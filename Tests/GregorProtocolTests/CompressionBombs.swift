import CLZ4
import CSnappy
import CZlib
import CZstd
import NIOCore

/// Decompression bombs built in the tests by streaming compression straight through the codec
/// libraries (independently of Gregor's compressors): `chunks` MiB of zeros in one stream, so a
/// 1 GiB bomb never exists in memory uncompressed.
enum CompressionBombs {
    static let mebibyte = 1 << 20

    /// One gzip member of `chunks` MiB of zeros.
    static func gzip(chunks: Int) -> [UInt8] {
        let zeros = [UInt8](repeating: 0, count: mebibyte)
        let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
        stream.initialize(to: z_stream())
        defer { stream.deallocate() }
        guard deflateInit2_(stream, 1, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY,
                            zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK else { return [] }
        defer { deflateEnd(stream) }
        var out: [UInt8] = []
        var scratch = [UInt8](repeating: 0, count: 256 * 1024)
        for index in 0..<chunks {
            let flush = index == chunks - 1 ? Z_FINISH : Z_NO_FLUSH
            zeros.withUnsafeBytes { input in
                stream.pointee.next_in = UnsafeMutablePointer(mutating: input.bindMemory(to: Bytef.self).baseAddress)
                stream.pointee.avail_in = uInt(input.count)
                var status = Z_OK
                repeat {
                    scratch.withUnsafeMutableBytes { target in
                        stream.pointee.next_out = target.bindMemory(to: Bytef.self).baseAddress
                        stream.pointee.avail_out = uInt(target.count)
                        status = deflate(stream, flush)
                        out += target.prefix(target.count - Int(stream.pointee.avail_out))
                    }
                } while stream.pointee.avail_in > 0 || (flush == Z_FINISH && status != Z_STREAM_END)
            }
        }
        return out
    }

    /// One zstd frame of `chunks` MiB of zeros, streamed, so the frame header has no content size.
    static func zstd(chunks: Int) -> [UInt8] {
        let zeros = [UInt8](repeating: 0, count: mebibyte)
        guard let context = ZSTD_createCCtx() else { return [] }
        defer { ZSTD_freeCCtx(context) }
        var out: [UInt8] = []
        var scratch = [UInt8](repeating: 0, count: ZSTD_CStreamOutSize())
        for index in 0..<chunks {
            let directive = index == chunks - 1 ? ZSTD_e_end : ZSTD_e_continue
            zeros.withUnsafeBytes { input in
                var inBuffer = ZSTD_inBuffer(src: input.baseAddress, size: input.count, pos: 0)
                var remaining = 0
                repeat {
                    scratch.withUnsafeMutableBytes { target in
                        var outBuffer = ZSTD_outBuffer(dst: target.baseAddress, size: target.count, pos: 0)
                        remaining = ZSTD_compressStream2(context, &outBuffer, &inBuffer, directive)
                        out += target.prefix(outBuffer.pos)
                    }
                } while ZSTD_isError(remaining) == 0 && (inBuffer.pos < inBuffer.size || (directive == ZSTD_e_end && remaining > 0))
            }
        }
        return out
    }

    /// One LZ4 frame (independent 64 KiB blocks) of `chunks` MiB of zeros, streamed.
    static func lz4(chunks: Int) -> [UInt8] {
        let zeros = [UInt8](repeating: 0, count: mebibyte)
        var context: OpaquePointer?
        guard LZ4F_isError(LZ4F_createCompressionContext(&context, 100)) == 0, let context else { return [] }
        defer { LZ4F_freeCompressionContext(context) }
        var preferences = LZ4F_preferences_t()
        preferences.frameInfo.blockSizeID = LZ4F_max64KB
        preferences.frameInfo.blockMode = LZ4F_blockIndependent
        var scratch = [UInt8](repeating: 0, count: LZ4F_compressBound(mebibyte, &preferences) + 64)
        var out: [UInt8] = []
        scratch.withUnsafeMutableBytes { target in
            let written = LZ4F_compressBegin(context, target.baseAddress, target.count, &preferences)
            out += target.prefix(written)
            for _ in 0..<chunks {
                let written = zeros.withUnsafeBytes { input in
                    LZ4F_compressUpdate(context, target.baseAddress, target.count, input.baseAddress, input.count, nil)
                }
                out += target.prefix(written)
            }
            let end = LZ4F_compressEnd(context, target.baseAddress, target.count, nil)
            out += target.prefix(end)
        }
        return out
    }

    /// The Java client's snappy framing of `blocks` blocks of 32 KiB of zeros (one block
    /// compressed once, repeated: exactly what a streaming writer emits for this input).
    static func snappyFramed(blocks: Int) -> [UInt8] {
        let zeros = [UInt8](repeating: 0, count: 32 * 1024)
        var block = [UInt8](repeating: 0, count: snappy_max_compressed_length(zeros.count))
        var length = block.count
        _ = zeros.withUnsafeBytes { input in
            block.withUnsafeMutableBytes { target in
                snappy_compress(input.bindMemory(to: CChar.self).baseAddress, input.count,
                                target.bindMemory(to: CChar.self).baseAddress, &length)
            }
        }
        let framedBlock = withUnsafeBytes(of: UInt32(length).bigEndian) { Array($0) } + block.prefix(length)
        var out: [UInt8] = [0x82, 0x53, 0x4E, 0x41, 0x50, 0x50, 0x59, 0x00, 0, 0, 0, 1, 0, 0, 0, 1]
        out.reserveCapacity(out.count + blocks * framedBlock.count)
        for _ in 0..<blocks {
            out += framedBlock
        }
        return out
    }
}
