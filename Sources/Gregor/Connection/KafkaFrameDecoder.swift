import NIOCore

/// Splits the inbound byte stream into Kafka frames: a 4-byte big-endian size, then that many bytes.
///
/// A negative size or one above `maxFrameSize` is a typed error; the channel handler then closes the
/// connection (the stream cannot be resynchronised).
struct KafkaFrameDecoder: ByteToMessageDecoder {
    typealias InboundOut = ByteBuffer

    /// The largest frame accepted (`KafkaClientConfiguration.maxResponseSize`).
    let maxFrameSize: Int

    /// Removes and returns the next complete frame's payload from `buffer`, or `nil` when more bytes
    /// are needed.
    static func nextFrame(from buffer: inout ByteBuffer, maxFrameSize: Int) throws(KafkaError) -> ByteBuffer? {
        guard let size = buffer.getInteger(at: buffer.readerIndex, as: Int32.self) else { return nil }
        guard size >= 0 else {
            throw KafkaError(.protocolViolation, "the broker sent a frame with negative size \(size)")
        }
        guard Int(size) <= maxFrameSize else {
            throw KafkaError(.protocolViolation, "the broker sent a \(size)-byte frame, above maxResponseSize (\(maxFrameSize) bytes)")
        }
        guard buffer.readableBytes - 4 >= Int(size) else {
            // Room for the whole frame now (its size is bounded above), so that a large Fetch
            // answer is not copied again each time the accumulating buffer doubles.
            buffer.reserveCapacity(minimumWritableBytes: 4 + Int(size) - buffer.readableBytes)
            return nil
        }
        buffer.moveReaderIndex(forwardBy: 4)
        return buffer.readSlice(length: Int(size))
    }

    mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        guard let frame = try Self.nextFrame(from: &buffer, maxFrameSize: maxFrameSize) else { return .needMoreData }
        context.fireChannelRead(Self.wrapInboundOut(frame))
        return .continue
    }

    mutating func decodeLast(context: ChannelHandlerContext, buffer: inout ByteBuffer, seenEOF: Bool) throws -> DecodingState {
        // A partial frame at end of stream is dropped: the requests waiting for it fail on close.
        while try decode(context: context, buffer: &buffer) == .continue {}
        return .needMoreData
    }
}
