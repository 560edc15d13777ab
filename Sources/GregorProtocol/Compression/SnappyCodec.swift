import CSnappy
import NIOCore

/// Snappy through libsnappy, in the two forms Kafka clients use.
///
/// - The Java client (xerial `SnappyOutputStream`) writes a framed stream: the 8-byte magic
///   `0x82 'S' 'N' 'A' 'P' 'P' 'Y' 0x00`, a big-endian int32 version (1) and minimum compatible
///   version (1), then blocks of a big-endian int32 length followed by one raw snappy block of
///   at most 32 KiB of input.
/// - librdkafka writes one plain raw snappy block; xerial's reader accepts that too.
///
/// Decompression accepts both (and concatenated framed streams); compression writes the framed form.
enum SnappyCodec {
    static let name = "snappy"
    /// The xerial stream magic.
    static let magic: [UInt8] = [0x82, 0x53, 0x4E, 0x41, 0x50, 0x50, 0x59, 0x00]
    /// Magic, version and compatible version.
    static let headerSize = 16
    /// The uncompressed size of one framed block, as the Java client writes it.
    static let blockSize = 32 * 1024

    static func decompress(_ input: ByteBuffer, into output: inout ByteBuffer, limit: DecompressionLimit) throws(KafkaDecodingError) {
        try input.withUnsafeReadableBytes { (source: UnsafeRawBufferPointer) throws(KafkaDecodingError) in
            if hasMagic(source, at: 0) {
                try decompressFramed(source, into: &output, limit: limit)
            } else {
                var produced = 0
                try decompressBlock(source, into: &output, produced: &produced, limit: limit)
            }
        }
    }

    private static func hasMagic(_ source: UnsafeRawBufferPointer, at offset: Int) -> Bool {
        guard source.count - offset >= magic.count else { return false }
        for index in 0..<magic.count where source[offset + index] != magic[index] {
            return false
        }
        return true
    }

    private static func decompressFramed(
        _ source: UnsafeRawBufferPointer,
        into output: inout ByteBuffer,
        limit: DecompressionLimit
    ) throws(KafkaDecodingError) {
        // First pass: validate the framing and add up the blocks' declared sizes, so that a
        // bomb is refused before anything is decompressed and the output is sized once.
        var total = 0
        try forEachFramedBlock(source) { (block) throws(KafkaDecodingError) in
            total += try declaredLength(of: block)
            if total > limit.bytes {
                throw .decompressedSizeLimitExceeded(codec: name, limit: limit.bytes)
            }
        }
        output.reserveCapacity(minimumWritableBytes: total)
        var produced = 0
        try forEachFramedBlock(source) { (block) throws(KafkaDecodingError) in
            try decompressBlock(block, into: &output, produced: &produced, limit: limit)
        }
    }

    /// Calls `body` with each raw snappy block of a framed stream, skipping stream headers.
    private static func forEachFramedBlock(
        _ source: UnsafeRawBufferPointer,
        _ body: (UnsafeRawBufferPointer) throws(KafkaDecodingError) -> Void
    ) throws(KafkaDecodingError) {
        var offset = 0
        while offset < source.count {
            // A new stream header (concatenated streams); its first int32 is negative, never a length.
            if hasMagic(source, at: offset) {
                guard source.count - offset >= headerSize else {
                    throw .decompressionFailed(codec: name, reason: "truncated snappy stream header")
                }
                offset += headerSize
                continue
            }
            guard source.count - offset >= 4 else {
                throw .decompressionFailed(codec: name, reason: "truncated snappy block length")
            }
            let length = Int(readBigEndianInt32(source, at: offset))
            offset += 4
            guard length >= 0, length <= source.count - offset else {
                throw .decompressionFailed(
                    codec: name,
                    reason: "snappy block length \(length) exceeds the \(source.count - offset) remaining bytes"
                )
            }
            try body(UnsafeRawBufferPointer(rebasing: source[offset..<(offset + length)]))
            offset += length
        }
    }

    /// The uncompressed length a raw snappy block declares in its header.
    private static func declaredLength(of block: UnsafeRawBufferPointer) throws(KafkaDecodingError) -> Int {
        guard let base = block.baseAddress, block.count > 0 else {
            throw .decompressionFailed(codec: name, reason: "empty snappy block")
        }
        var declared = 0
        guard snappy_uncompressed_length(base.assumingMemoryBound(to: CChar.self), block.count, &declared) == SNAPPY_OK else {
            throw .decompressionFailed(codec: name, reason: "invalid snappy block header")
        }
        return declared
    }

    /// Decompresses one raw snappy block, checking its declared size against the limit first.
    private static func decompressBlock(
        _ block: UnsafeRawBufferPointer,
        into output: inout ByteBuffer,
        produced: inout Int,
        limit: DecompressionLimit
    ) throws(KafkaDecodingError) {
        let declared = try declaredLength(of: block)
        guard let compressed = block.baseAddress?.assumingMemoryBound(to: CChar.self) else {
            throw .decompressionFailed(codec: name, reason: "empty snappy block")
        }
        guard declared <= limit.bytes - produced else {
            throw .decompressedSizeLimitExceeded(codec: name, limit: limit.bytes)
        }
        guard declared > 0 else {
            // Still validate: a zero-length block is just its header.
            guard block.count == 1 else {
                throw .decompressionFailed(codec: name, reason: "corrupt snappy block")
            }
            return
        }
        let status = output.writeWithUnsafeMutableBytes(minimumWritableBytes: declared) { target in
            var length = declared
            let status = snappy_uncompress(compressed, block.count, target.baseAddress?.assumingMemoryBound(to: CChar.self), &length)
            return status == SNAPPY_OK && length == declared ? declared : 0
        }
        guard status == declared else {
            throw .decompressionFailed(codec: name, reason: "corrupt snappy block")
        }
        produced += declared
    }

    static func compress(_ input: ByteBuffer, into output: inout ByteBuffer) {
        input.withUnsafeReadableBytes { source in
            let blocks = (source.count + blockSize - 1) / blockSize
            output.reserveCapacity(minimumWritableBytes: headerSize + blocks * (4 + snappy_max_compressed_length(blockSize)))
            output.writeBytes(magic)
            output.writeInteger(Int32(1), endianness: .big)  // version
            output.writeInteger(Int32(1), endianness: .big)  // minimum compatible version
            var offset = 0
            while offset < source.count {
                let length = min(blockSize, source.count - offset)
                let block = source.baseAddress.map { $0.advanced(by: offset).assumingMemoryBound(to: CChar.self) }
                let bound = snappy_max_compressed_length(length)
                output.writeWithUnsafeMutableBytes(minimumWritableBytes: 4 + bound) { target in
                    var compressedLength = bound
                    let body = target.baseAddress.map { $0.advanced(by: 4).assumingMemoryBound(to: CChar.self) }
                    // snappy_compress only fails when the target is smaller than the bound, which it is not.
                    guard snappy_compress(block, length, body, &compressedLength) == SNAPPY_OK else { return 0 }
                    target.storeBytes(of: UInt32(compressedLength).bigEndian, as: UInt32.self)
                    return 4 + compressedLength
                }
                offset += length
            }
        }
    }

    private static func readBigEndianInt32(_ source: UnsafeRawBufferPointer, at offset: Int) -> Int32 {
        Int32(bitPattern: UInt32(source[offset]) << 24 | UInt32(source[offset + 1]) << 16
            | UInt32(source[offset + 2]) << 8 | UInt32(source[offset + 3]))
    }
}
