import CGregorCRC32C
import NIOCore

/// CRC-32C (Castagnoli), the checksum of Kafka record batches (magic 2).
///
/// Uses the SSE4.2 `crc32` instruction (three interleaved streams) when the CPU has it and a
/// slicing-by-8 table implementation otherwise; the choice is made once, at first use.
public enum CRC32C {
    /// The CRC-32C of `bytes`.
    @inlinable
    public static func checksum(_ bytes: UnsafeRawBufferPointer) -> UInt32 {
        update(0, with: bytes)
    }

    /// The CRC-32C of the readable bytes of `buffer` (its reader index is not moved).
    @inlinable
    public static func checksum(_ buffer: ByteBuffer) -> UInt32 {
        update(0, with: buffer)
    }

    /// Continues `crc` (the checksum of earlier bytes, 0 to start) over `bytes`:
    /// `update(update(0, with: a), with: b) == checksum(a + b)`.
    @inlinable
    public static func update(_ crc: UInt32, with bytes: UnsafeRawBufferPointer) -> UInt32 {
        guard let base = bytes.baseAddress else { return crc }
        return gregor_crc32c_extend(crc, base, bytes.count)
    }

    /// Continues `crc` over the readable bytes of `buffer` (its reader index is not moved).
    @inlinable
    public static func update(_ crc: UInt32, with buffer: ByteBuffer) -> UInt32 {
        buffer.withUnsafeReadableBytes { update(crc, with: $0) }
    }

    /// True when the SSE4.2 hardware path is in use on this CPU.
    public static var usesHardware: Bool {
        gregor_crc32c_uses_hardware() != 0
    }
}
