import GregorProtocol
import NIOCore
import Testing

@Suite("Compression corrupt input")
struct CompressionCorruptInputTests {
    static let compressedCodecs: [CompressionCodec] = [.gzip, .snappy, .lz4, .zstd]

    static func isDecompressionFailure(_ error: KafkaDecodingError, _ codec: CompressionCodec) -> Bool {
        if case .decompressionFailed(codec: codec.description, reason: _) = error { return true }
        return false
    }

    @Test("random bytes are a decompression failure, never a crash", arguments: [CompressionCodec.gzip, .lz4, .zstd])
    func randomBytes(codec: CompressionCodec) {
        var random = SplitMix64(seed: UInt64(codec.rawValue))
        for length in Array(0...64) + [100, 1000, 4096, 70_000] {
            let bytes = random.bytes(length)
            do throws(KafkaDecodingError) {
                _ = try codec.decompress(bytes)
                Issue.record("\(codec): \(length) random bytes decompressed")
            } catch {
                #expect(Self.isDecompressionFailure(error, codec), "\(codec), \(length) bytes: \(error)")
            }
        }
    }

    @Test("random bytes given to snappy never crash; a failure is a decompression error or the limit")
    func randomSnappy() {
        var random = SplitMix64(seed: 77)
        for length in Array(0...64) + [100, 1000, 4096, 70_000] {
            for _ in 0..<8 {
                do throws(KafkaDecodingError) {
                    _ = try CompressionCodec.snappy.decompress(random.bytes(length), limit: 1 << 20)
                } catch {
                    let expected = Self.isDecompressionFailure(error, .snappy)
                        || error == .decompressedSizeLimitExceeded(codec: "snappy", limit: 1 << 20)
                    #expect(expected, "\(length) bytes: \(error)")
                }
            }
        }
    }

    @Test("random bytes after a valid snappy stream header are a decompression failure")
    func randomAfterXerialHeader() {
        var random = SplitMix64(seed: 78)
        let header: [UInt8] = [0x82, 0x53, 0x4E, 0x41, 0x50, 0x50, 0x59, 0x00, 0, 0, 0, 1, 0, 0, 0, 1]
        for length in [1, 3, 4, 5, 20, 1000] {
            do throws(KafkaDecodingError) {
                _ = try CompressionCodec.snappy.decompress(header + random.bytes(length))
                Issue.record("\(length) random bytes after the header decompressed")
            } catch {
                #expect(Self.isDecompressionFailure(error, .snappy), "\(length) bytes: \(error)")
            }
        }
    }

    @Test("every truncation of a compressed stream is a decompression failure", arguments: compressedCodecs)
    func truncated(codec: CompressionCodec) throws {
        let data = CompressionTestData.compressible(150_000)
        let compressed = try codec.compress(data)
        let blockEnds = codec == .snappy ? Self.xerialBlockEnds(compressed) : []
        var cuts = Array(stride(from: 0, to: compressed.count, by: 53)) + Array((compressed.count - 12)..<compressed.count)
        // A framed snappy stream has no end marker: cutting exactly after a block leaves a valid,
        // shorter stream (as for the Java client), so those points are not truncations.
        cuts.removeAll { blockEnds.contains($0) }
        for cut in cuts {
            do throws(KafkaDecodingError) {
                _ = try codec.decompress(Array(compressed.prefix(cut)))
                Issue.record("\(codec): a stream cut at \(cut) of \(compressed.count) decompressed")
            } catch {
                #expect(Self.isDecompressionFailure(error, codec), "\(codec), cut at \(cut): \(error)")
            }
        }
    }

    @Test("flipped bytes never crash", arguments: compressedCodecs)
    func flippedBytes(codec: CompressionCodec) throws {
        let data = CompressionTestData.compressible(100_000)
        let compressed = try codec.compress(data)
        var random = SplitMix64(seed: 3)
        for _ in 0..<300 {
            var damaged = compressed
            for _ in 0..<(1 + Int(random.next() % 3)) {
                let index = Int(random.next() % UInt64(damaged.count))
                damaged[index] ^= UInt8(truncatingIfNeeded: random.next() | 1)
            }
            do throws(KafkaDecodingError) {
                let output = try codec.decompress(damaged, limit: 1 << 20)
                #expect(output.count <= 1 << 20)
            } catch {
                let expected = Self.isDecompressionFailure(error, codec)
                    || error == .decompressedSizeLimitExceeded(codec: codec.description, limit: 1 << 20)
                #expect(expected, "\(codec): \(error)")
            }
        }
    }

    @Test("gzip detects a damaged trailer checksum")
    func gzipChecksum() throws {
        var member = try CompressionCodec.gzip.compress(CompressionTestData.compressible(10_000))
        member[member.count - 6] ^= 0xFF  // inside the CRC-32 of the trailer
        #expect(throws: KafkaDecodingError.self) { _ = try CompressionCodec.gzip.decompress(member) }
    }

    @Test("an empty input is a decompression failure for every compressed codec", arguments: compressedCodecs)
    func emptyInput(codec: CompressionCodec) {
        do throws(KafkaDecodingError) {
            _ = try codec.decompress([])
            Issue.record("\(codec): empty input decompressed")
        } catch {
            #expect(Self.isDecompressionFailure(error, codec), "\(error)")
        }
    }

    /// Offsets just after each block of a framed snappy stream (and after its header).
    static func xerialBlockEnds(_ framed: [UInt8]) -> Set<Int> {
        var ends: Set<Int> = [16]
        var offset = 16
        while offset + 4 <= framed.count {
            let length = framed[offset..<offset + 4].reduce(0) { $0 << 8 | Int($1) }
            offset += 4 + length
            ends.insert(offset)
        }
        return ends
    }
}
