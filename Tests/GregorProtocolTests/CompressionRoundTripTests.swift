import GregorProtocol
import NIOCore
import Testing

@Suite("Compression round trips")
struct CompressionRoundTripTests {
    static let sizes = [0, 1, 100, 32 * 1024 - 1, 32 * 1024, 32 * 1024 + 1, 64 * 1024 + 1, 300_000]

    @Test("decompress(compress(x)) == x for compressible data", arguments: CompressionCodec.allCases)
    func compressibleRoundTrip(codec: CompressionCodec) throws {
        for size in Self.sizes {
            let data = CompressionTestData.compressible(size, seed: UInt64(size))
            let compressed = try codec.compress(data)
            #expect(try codec.decompress(compressed) == data, "\(codec), \(size) bytes")
            if codec != .none && size >= 32 * 1024 {
                #expect(compressed.count < data.count / 2, "\(codec) should compress text-like data")
            }
        }
    }

    @Test("decompress(compress(x)) == x for incompressible data", arguments: CompressionCodec.allCases)
    func randomRoundTrip(codec: CompressionCodec) throws {
        var random = SplitMix64(seed: 5)
        for size in Self.sizes {
            let data = random.bytes(size)
            #expect(try codec.decompress(codec.compress(data)) == data, "\(codec), \(size) bytes")
        }
    }

    @Test("compress and decompress append to what the output already holds", arguments: CompressionCodec.allCases)
    func appends(codec: CompressionCodec) throws {
        let data = CompressionTestData.compressible(5000)
        let prefix: [UInt8] = [9, 8, 7]

        var compressed = ByteBuffer(bytes: prefix)
        try codec.compress(ByteBuffer(bytes: data), into: &compressed, level: nil)
        #expect(Array(compressed.readableBytesView.prefix(3)) == prefix)
        compressed.moveReaderIndex(forwardBy: 3)

        var decompressed = ByteBuffer(bytes: prefix)
        try codec.decompress(compressed, into: &decompressed, limit: data.count)
        #expect(Array(decompressed.readableBytesView) == prefix + data)
    }

    @Test("every valid level round-trips", arguments: [
        (CompressionCodec.gzip, Array(1...9)),
        (CompressionCodec.lz4, Array(1...17)),
        (CompressionCodec.zstd, [-5, -1, 1, 3, 9, 19, 22]),
    ])
    func levels(codec: CompressionCodec, levels: [Int]) throws {
        let data = CompressionTestData.compressible(70_000)
        for level in levels {
            #expect(try codec.decompress(codec.compress(data, level: level)) == data, "\(codec) level \(level)")
        }
    }

    @Test("an out-of-range level is an encoding error", arguments: [
        (CompressionCodec.gzip, 0), (CompressionCodec.gzip, 10),
        (CompressionCodec.lz4, 0), (CompressionCodec.lz4, 18),
        (CompressionCodec.zstd, 23), (CompressionCodec.zstd, -200_000),
    ])
    func invalidLevel(codec: CompressionCodec, level: Int) {
        var output = ByteBuffer()
        #expect(throws: KafkaEncodingError.self) {
            try codec.compress(ByteBuffer(bytes: [1, 2, 3]), into: &output, level: level)
        }
    }

    @Test("snappy is written in the Java client's framing: header, then 32 KiB blocks")
    func snappyFraming() throws {
        let data = CompressionTestData.compressible(70_000)
        let framed = try CompressionCodec.snappy.compress(data)
        let header: [UInt8] = [0x82, 0x53, 0x4E, 0x41, 0x50, 0x50, 0x59, 0x00, 0, 0, 0, 1, 0, 0, 0, 1]
        #expect(Array(framed.prefix(16)) == header)
        // Walk the blocks: 70 000 bytes make three blocks (32 KiB, 32 KiB, the rest).
        var offset = 16
        var blocks = 0
        while offset + 4 <= framed.count {
            let length = framed[offset..<offset + 4].reduce(0) { $0 << 8 | Int($1) }
            offset += 4 + length
            blocks += 1
        }
        #expect(offset == framed.count)
        #expect(blocks == 3)
    }

    @Test("lz4 frames carry the Java client's descriptor: version 1, independent blocks, 64 KiB, no checksums")
    func lz4Descriptor() throws {
        // More than one block: liblz4 marks a single-block frame independent whatever it is asked.
        let frame = try CompressionCodec.lz4.compress(CompressionTestData.compressible(200_000))
        #expect(Array(frame.prefix(4)) == [0x04, 0x22, 0x4D, 0x18])  // magic 0x184D2204, little-endian
        #expect(frame[4] == 0x60)  // FLG: version 01, block independence, no checksums, no size
        #expect(frame[5] == 0x40)  // BD: block maximum size 64 KiB
        #expect(Array(frame.suffix(4)) == [0, 0, 0, 0])  // end mark, no content checksum
    }

    @Test("gzip output is a gzip member")
    func gzipHeader() throws {
        let member = try CompressionCodec.gzip.compress(CompressionTestData.compressible(1000))
        #expect(Array(member.prefix(3)) == [0x1F, 0x8B, 0x08])
    }
}

@Suite("Compression state and concurrency")
struct CompressionStateTests {
    @Test("a failed zstd decode leaves no state behind for the next one (pooled contexts are reset)")
    func zstdAfterFailure() throws {
        let data = CompressionTestData.compressible(100_000)
        let frame = try CompressionCodec.zstd.compress(data)
        for _ in 0..<20 {
            var damaged = frame
            damaged.removeLast(frame.count / 2)
            #expect(throws: KafkaDecodingError.self) { _ = try CompressionCodec.zstd.decompress(damaged) }
            #expect(try CompressionCodec.zstd.decompress(frame) == data)
        }
    }

    @Test("concurrent decompression of every codec gives the right bytes", arguments: CompressionCodec.allCases)
    func concurrent(codec: CompressionCodec) async throws {
        let data = CompressionTestData.compressible(80_000, seed: 11)
        let compressed = try codec.compress(data)
        let results = await withTaskGroup(of: Bool.self) { group in
            for _ in 0..<16 {
                group.addTask {
                    (0..<10).allSatisfy { _ in (try? codec.decompress(compressed)) == data }
                }
            }
            return await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        #expect(results == Array(repeating: true, count: 16))
    }
}
