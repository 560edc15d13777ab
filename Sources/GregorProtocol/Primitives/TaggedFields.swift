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

extension ByteBuffer {
    /// Reads the next tagged-field header of a section and enforces KIP-482's rule that a section's
    /// tags are unique and in ascending order. `previousTag` starts at -1 for each section.
    ///
    /// Out-of-order or repeated tags are malformed input: accepting them would make a decoded
    /// message re-encode differently (the writer emits tags in ascending order).
    @inlinable
    public mutating func readTaggedFieldHeader(
        after previousTag: inout Int64, field: @autoclosure () -> String
    ) throws(KafkaDecodingError) -> (tag: UInt32, size: Int) {
        let header = try self.readTaggedFieldHeader(field: field())
        guard Int64(header.tag) > previousTag else {
            throw .invalidValue(
                field: field(),
                reason: "tag \(header.tag) follows tag \(previousTag); tags must be unique and ascending")
        }
        previousTag = Int64(header.tag)
        return header
    }
}
