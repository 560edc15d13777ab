import CZstd
import GregorProtocol
import NIOCore
import Testing

@Suite("Compression size limit")
struct CompressionLimitTests {
    static let limit = 1 << 20

    /// Decompresses `bomb` with a 1 MiB limit and checks that it fails with the limit error,
    /// quickly, with the output buffer never grown far past the limit.
    func expectBombRejected(_ codec: CompressionCodec, _ bomb: [UInt8]) {
        var output = ByteBuffer()
        let clock = ContinuousClock()
        let start = clock.now
        do throws(KafkaDecodingError) {
            try codec.decompress(ByteBuffer(bytes: bomb), into: &output, limit: Self.limit)
            Issue.record("\(codec): a 1 GiB bomb decompressed without error")
        } catch {
            #expect(error == .decompressedSizeLimitExceeded(codec: codec.description, limit: Self.limit))
        }
        // The limit plus one working chunk, rounded up to a power of two by ByteBuffer.
        #expect(output.capacity <= 4 * Self.limit, "\(codec) grew its output to \(output.capacity) bytes")
        #expect(clock.now - start < .seconds(10), "\(codec) took too long to stop")
    }

    @Test("a gzip bomb (1 GiB of zeros) stops at the limit")
    func gzipBomb() {
        expectBombRejected(.gzip, CompressionBombs.gzip(chunks: 1024))
    }

    @Test("a zstd bomb (1 GiB of zeros, no content size in the frame) stops at the limit")
    func zstdBomb() {
        expectBombRejected(.zstd, CompressionBombs.zstd(chunks: 1024))
    }

    @Test("an lz4 bomb (1 GiB of zeros in one frame) stops at the limit")
    func lz4Bomb() {
        expectBombRejected(.lz4, CompressionBombs.lz4(chunks: 1024))
    }

    @Test("a framed snappy bomb (1 GiB of zeros in 32 KiB blocks) stops at the limit")
    func snappyFramedBomb() {
        expectBombRejected(.snappy, CompressionBombs.snappyFramed(blocks: 32 * 1024))
    }

    @Test("a raw snappy block declaring 1 GiB is refused before anything is allocated")
    func snappyRawDeclaredSize() {
        // Varint 2^30 followed by a literal tag: the declared size is checked first.
        let block: [UInt8] = [0x80, 0x80, 0x80, 0x80, 0x04, 0x00, 0x41]
        var output = ByteBuffer()
        #expect(throws: KafkaDecodingError.decompressedSizeLimitExceeded(codec: "snappy", limit: Self.limit)) {
            try CompressionCodec.snappy.decompress(ByteBuffer(bytes: block), into: &output, limit: Self.limit)
        }
        #expect(output.capacity < Self.limit)
    }

    @Test("a zstd frame declaring more than the limit is refused up front")
    func zstdDeclaredSize() throws {
        let frame = try CompressionCodec.zstd.compress([UInt8](repeating: 7, count: 2 * Self.limit))
        var output = ByteBuffer()
        #expect(throws: KafkaDecodingError.decompressedSizeLimitExceeded(codec: "zstd", limit: Self.limit)) {
            try CompressionCodec.zstd.decompress(ByteBuffer(bytes: frame), into: &output, limit: Self.limit)
        }
        #expect(output.capacity < Self.limit)
    }

    @Test("output of exactly the limit is accepted; one byte more is refused", arguments: CompressionCodec.allCases)
    func exactLimit(codec: CompressionCodec) throws {
        for size in [1, 1000, 64 * 1024, 200_001] {
            let data = CompressionTestData.compressible(size)
            let compressed = try codec.compress(data)
            #expect(try codec.decompress(compressed, limit: size) == data, "\(codec), \(size) bytes")
            #expect(throws: KafkaDecodingError.decompressedSizeLimitExceeded(codec: codec.description, limit: size - 1)) {
                _ = try codec.decompress(compressed, limit: size - 1)
            }
        }
    }

    @Test("a limit of zero accepts empty data only", arguments: CompressionCodec.allCases)
    func zeroLimit(codec: CompressionCodec) throws {
        #expect(try codec.decompress(codec.compress([]), limit: 0) == [])
        #expect(throws: KafkaDecodingError.decompressedSizeLimitExceeded(codec: codec.description, limit: 0)) {
            _ = try codec.decompress(codec.compress([1]), limit: 0)
        }
    }
}

@Suite("Compression size limit: zstd window")
struct ZstdWindowLimitTests {
    /// A streamed frame (no content size) that declares a 32 MiB window but holds little data.
    static func wideWindowFrame(content: [UInt8]) -> [UInt8] {
        guard let context = ZSTD_createCCtx() else { return [] }
        defer { ZSTD_freeCCtx(context) }
        ZSTD_CCtx_setParameter(context, ZSTD_c_windowLog, 25)
        var out = [UInt8](repeating: 0, count: ZSTD_compressBound(content.count) + 64)
        var written = 0
        content.withUnsafeBytes { input in
            out.withUnsafeMutableBytes { target in
                var inBuffer = ZSTD_inBuffer(src: input.baseAddress, size: input.count, pos: 0)
                var outBuffer = ZSTD_outBuffer(dst: target.baseAddress, size: target.count, pos: 0)
                // Feeding the data before ending keeps zstd from learning its size up front
                // (which would shrink the window and record the content size).
                _ = ZSTD_compressStream2(context, &outBuffer, &inBuffer, ZSTD_e_continue)
                while ZSTD_compressStream2(context, &outBuffer, &inBuffer, ZSTD_e_end) > 0 {}
                written = outBuffer.pos
            }
        }
        return Array(out.prefix(written))
    }

    @Test("a frame whose window far exceeds a small limit is refused; a large limit accepts it")
    func wideWindow() throws {
        let content = CompressionTestData.compressible(10_000)
        let frame = Self.wideWindowFrame(content: content)
        #expect(try CompressionCodec.zstd.decompress(frame, limit: 64 << 20) == content)
        do throws(KafkaDecodingError) {
            _ = try CompressionCodec.zstd.decompress(frame, limit: 1 << 20)
            Issue.record("a 32 MiB window was accepted under a 1 MiB limit")
        } catch {
            guard case .decompressionFailed(codec: "zstd", reason: let reason) = error else {
                Issue.record("unexpected error \(error)")
                return
            }
            #expect(reason.contains("window"))
        }
    }
}
