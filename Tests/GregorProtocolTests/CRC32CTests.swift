import CGregorCRC32C
import Foundation
import GregorProtocol
import NIOCore
import Testing

@Suite("CRC-32C")
struct CRC32CTests {
    /// RFC 3720 (iSCSI), appendix B.4: CRC-32C examples.
    static let rfc3720Vectors: [(name: String, bytes: [UInt8], crc: UInt32)] = [
        ("32 bytes of zeros", [UInt8](repeating: 0, count: 32), 0x8A91_36AA),
        ("32 bytes of 0xFF", [UInt8](repeating: 0xFF, count: 32), 0x62A8_AB43),
        ("32 bytes ascending", (0..<32).map { UInt8($0) }, 0x46DD_794E),
        ("32 bytes descending", (0..<32).reversed().map { UInt8($0) }, 0x113F_DB5C),
        ("iSCSI read command", [
            0x01, 0xC0, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
            0x14, 0x00, 0x00, 0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x00, 0x00, 0x14, 0x00, 0x00, 0x00, 0x18,
            0x28, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
        ], 0xD996_3A56),
        ("ASCII 123456789", Array("123456789".utf8), 0xE306_9283),
    ]

    @Test("matches the published test vectors (RFC 3720 B.4, check value)")
    func publishedVectors() {
        for vector in Self.rfc3720Vectors {
            let viaBuffer = CRC32C.checksum(ByteBuffer(bytes: vector.bytes))
            let viaPointer = vector.bytes.withUnsafeBytes { CRC32C.checksum($0) }
            let portable = vector.bytes.withUnsafeBytes { gregor_crc32c_extend_portable(0, $0.baseAddress, $0.count) }
            #expect(viaBuffer == vector.crc, "\(vector.name)")
            #expect(viaPointer == vector.crc, "\(vector.name)")
            #expect(portable == vector.crc, "\(vector.name) (portable)")
        }
    }

    @Test("the checksum of no bytes is 0")
    func empty() {
        #expect(CRC32C.checksum(ByteBuffer()) == 0)
        #expect(CRC32C.update(0x1234_5678, with: ByteBuffer()) == 0x1234_5678)
    }

    @Test("the dispatched path equals the portable one for every length 0...1100 at every alignment")
    func hardwareMatchesPortable() {
        var random = SplitMix64(seed: 42)
        let data = random.bytes(1100 + 16)
        data.withUnsafeBytes { raw in
            guard let base = raw.baseAddress else { return }
            for alignment in 0..<8 {
                for length in 0...1100 {
                    let start = base + alignment
                    let seed = UInt32(truncatingIfNeeded: length &* 2_654_435_761)
                    let dispatched = gregor_crc32c_extend(seed, start, length)
                    let portable = gregor_crc32c_extend_portable(seed, start, length)
                    if dispatched != portable {
                        Issue.record("mismatch at length \(length), alignment \(alignment)")
                        return
                    }
                }
            }
        }
    }

    @Test("the dispatched path equals the portable one on long buffers (three-stream rounds)")
    func hardwareMatchesPortableLong() {
        var random = SplitMix64(seed: 7)
        let data = random.bytes(200_000)
        let lengths = [767, 768, 769, 3 * 8192 - 1, 3 * 8192, 3 * 8192 + 1, 3 * 8192 + 771, 100_003, 199_990]
        data.withUnsafeBytes { raw in
            guard let base = raw.baseAddress else { return }
            for length in lengths {
                for alignment in [0, 3, 8] {
                    #expect(
                        gregor_crc32c_extend(0, base + alignment, length)
                            == gregor_crc32c_extend_portable(0, base + alignment, length),
                        "length \(length), alignment \(alignment)"
                    )
                }
            }
        }
    }

    @Test("chaining: update(update(0, a), b) == checksum(a + b) at every split point")
    func chaining() {
        var random = SplitMix64(seed: 99)
        let data = random.bytes(3000)
        let whole = CRC32C.checksum(ByteBuffer(bytes: data))
        for split in stride(from: 0, through: data.count, by: 37) {
            let first = CRC32C.checksum(ByteBuffer(bytes: data[..<split]))
            let chained = CRC32C.update(first, with: ByteBuffer(bytes: data[split...]))
            #expect(chained == whole, "split at \(split)")
        }
    }

    @Test("the buffer form covers only the readable bytes")
    func readableBytesOnly() {
        var buffer = ByteBuffer(bytes: [0xAA, 0xBB] + Array("123456789".utf8))
        buffer.moveReaderIndex(forwardBy: 2)
        #expect(CRC32C.checksum(buffer) == 0xE306_9283)
        #expect(buffer.readerIndex == 2)
    }

    @Test("reports which implementation is in use")
    func reportsImplementation() {
        #expect(CRC32C.usesHardware == (gregor_crc32c_uses_hardware() != 0))
        #if os(Linux) && arch(x86_64)
        // When the kernel reports SSE4.2, the hardware path must have been chosen.
        if let cpuinfo = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8) {
            #expect(CRC32C.usesHardware == cpuinfo.contains(" sse4_2"))
        }
        #endif
    }
}
