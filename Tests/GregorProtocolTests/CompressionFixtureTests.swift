import GregorProtocol
import NIOCore
import Testing

/// Data compressed by independent implementations (scripts/gen-compression-fixtures.py: Python's
/// gzip, kafka-python's xerial snappy framing, cramjam raw snappy, python-lz4 frames,
/// python-zstandard) decodes to the known payload.
@Suite("Compression fixtures")
struct CompressionFixtureTests {
    static let fixtures: [(file: String, codec: CompressionCodec)] = [
        ("gzip.bin", .gzip),
        ("gzip-two-members.bin", .gzip),
        ("snappy-xerial.bin", .snappy),
        ("snappy-raw.bin", .snappy),
        ("lz4-frame.bin", .lz4),
        ("lz4-frame-checksums.bin", .lz4),
        ("zstd-streaming.bin", .zstd),
        ("zstd-content-size.bin", .zstd),
    ]

    @Test("each fixture decodes to the payload", arguments: fixtures)
    func decodesFixture(file: String, codec: CompressionCodec) throws {
        let payload = try CompressionTestData.fixture("payload.bin")
        let compressed = try CompressionTestData.fixture(file)
        #expect(payload.count > 64 * 1024)
        #expect(try codec.decompress(compressed, limit: payload.count) == payload)
    }

    @Test("each fixture is refused with a limit one byte short of the payload", arguments: fixtures)
    func fixtureRespectsLimit(file: String, codec: CompressionCodec) throws {
        let payload = try CompressionTestData.fixture("payload.bin")
        let compressed = try CompressionTestData.fixture(file)
        #expect(throws: KafkaDecodingError.decompressedSizeLimitExceeded(codec: codec.description, limit: payload.count - 1)) {
            _ = try codec.decompress(compressed, limit: payload.count - 1)
        }
    }

    @Test("Gregor's framing headers match the independent writers' (snappy xerial, lz4 Java settings)")
    func headersMatch() throws {
        let payload = try CompressionTestData.fixture("payload.bin")
        let snappy = try CompressionCodec.snappy.compress(payload)
        #expect(Array(snappy.prefix(16)) == Array(try CompressionTestData.fixture("snappy-xerial.bin").prefix(16)))
        let lz4 = try CompressionCodec.lz4.compress(payload)
        // Magic, FLG, BD and header checksum.
        #expect(Array(lz4.prefix(7)) == Array(try CompressionTestData.fixture("lz4-frame.bin").prefix(7)))
    }
}
