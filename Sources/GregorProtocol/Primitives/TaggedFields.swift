import NIOCore

/// A tagged field this library does not know, kept so that a decoded message re-encodes
/// byte for byte (KIP-482: unknown tags must be skipped, never treated as an error).
public struct UnknownTaggedField: Sendable, Hashable {
    /// The field's tag.
    public var tag: UInt32
    /// The field's raw payload.
    public var data: ByteBuffer

    /// Creates an unknown tagged field from its tag and payload.
    public init(tag: UInt32, data: ByteBuffer) {
        self.tag = tag
        self.data = data
    }
}

extension ByteBuffer {
    /// Writes one tagged field: tag, size, payload.
    @inlinable
    public mutating func writeTaggedField(tag: UInt32, payload: ByteBuffer) {
        self.writeUnsignedVarint(tag)
        self.writeUnsignedVarint(UInt32(payload.readableBytes))
        self.writeImmutableBuffer(payload)
    }
}
