import Foundation
import GregorProtocol
import NIOCore

/// A small deterministic generator (SplitMix64) so that "random" test data is reproducible.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) {
        self.state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// `count` random bytes.
    mutating func bytes(_ count: Int) -> [UInt8] {
        (0..<count).map { _ in UInt8(truncatingIfNeeded: self.next()) }
    }
}

/// Test data and fixture access shared by the compression tests.
enum CompressionTestData {
    /// Text-like data that compresses well, with some noise; `count` bytes.
    static func compressible(_ count: Int, seed: UInt64 = 1) -> [UInt8] {
        var random = SplitMix64(seed: seed)
        var out: [UInt8] = []
        out.reserveCapacity(count + 64)
        var index = 0
        while out.count < count {
            out += Array("offset=\(index) key=user-\(index % 13) value=hello gregor ".utf8)
            out += random.bytes(Int(random.next() % 6))
            index += 1
        }
        return Array(out.prefix(count))
    }

    /// Loads `Fixtures/compression/<name>`.
    static func fixture(_ name: String) throws -> [UInt8] {
        guard let url = Bundle.module.url(forResource: "Fixtures/compression/\(name)", withExtension: nil) else {
            throw FixtureMissing(name: name)
        }
        return Array(try Data(contentsOf: url))
    }

    struct FixtureMissing: Error, CustomStringConvertible {
        let name: String
        var description: String { "missing fixture Fixtures/compression/\(name)" }
    }
}

extension CompressionCodec {
    /// Compresses a byte array (test convenience).
    func compress(_ bytes: [UInt8], level: Int? = nil) throws -> [UInt8] {
        var output = ByteBuffer()
        try compress(ByteBuffer(bytes: bytes), into: &output, level: level)
        return Array(output.readableBytesView)
    }

    /// Decompresses a byte array (test convenience).
    func decompress(_ bytes: [UInt8], limit: Int = 64 << 20) throws(KafkaDecodingError) -> [UInt8] {
        var output = ByteBuffer()
        try decompress(ByteBuffer(bytes: bytes), into: &output, limit: limit)
        return Array(output.readableBytesView)
    }
}
