import Foundation
import GregorProtocol
import NIOCore

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
