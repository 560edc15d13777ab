import NIOCore

/// Hands a codec writable space at the end of a `ByteBuffer` in growing chunks, never offering
/// more than one byte past the limit, so that overshooting is detected without decompressing
/// (or allocating) further.
struct LimitedOutputWriter {
    /// The codec name used in errors.
    let codec: String
    /// The limit for this call.
    let limit: DecompressionLimit
    /// Decompressed bytes appended so far.
    private(set) var produced = 0
    /// The size of the next chunk requested from the buffer.
    private var chunk: Int

    /// The smallest chunk requested from the buffer.
    static let minimumChunk = 4 * 1024

    /// Creates a writer whose first chunk is `expectedSize` plus one byte (a hint; one more byte
    /// lets a codec see the end of its stream without another round), clamped to the limit.
    init(codec: String, limit: DecompressionLimit, expectedSize: Int) {
        self.codec = codec
        self.limit = limit
        let hint = expectedSize < limit.bytes ? expectedSize + 1 : limit.bytes + 1
        self.chunk = max(Self.minimumChunk, hint)
    }

    /// Calls `body` with writable space of at most `limit - produced + 1` bytes; `body` returns how
    /// many bytes it wrote. Throws `.decompressedSizeLimitExceeded` once the limit is passed.
    mutating func write(
        into output: inout ByteBuffer,
        _ body: (UnsafeMutableRawBufferPointer) throws(KafkaDecodingError) -> Int
    ) throws(KafkaDecodingError) -> Int {
        let allowance = self.limit.bytes - self.produced + 1
        let request = min(self.chunk, allowance)
        let written = try output.writeWithUnsafeMutableBytes(minimumWritableBytes: request) {
            (buffer: UnsafeMutableRawBufferPointer) throws(KafkaDecodingError) -> Int in
            let usable = UnsafeMutableRawBufferPointer(rebasing: buffer.prefix(min(buffer.count, allowance)))
            return try body(usable)
        }
        self.produced += written
        if self.produced > self.limit.bytes {
            throw .decompressedSizeLimitExceeded(codec: self.codec, limit: self.limit.bytes)
        }
        // Grow geometrically so large outputs take few reallocations.
        self.chunk = min(max(self.chunk, self.produced), Int.max / 4)
        return written
    }
}
