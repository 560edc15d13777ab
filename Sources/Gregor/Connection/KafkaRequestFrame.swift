import NIOCore

/// Encodes request frames and reads response headers.
///
/// A request is encoded once, off the event loop, with correlation id 0; the channel handler patches
/// the id it assigns into the frame at `correlationIdOffset` just before writing.
enum KafkaRequestFrame {
    /// Byte offset of the correlation id in a frame: size (4) + api key (2) + api version (2).
    static let correlationIdOffset = 8

    /// The full frame (size prefix, RequestHeader, body) for `request` at `version`.
    static func encode<R: KafkaRequestMessage>(
        _ request: R, version: Int16, clientId: String, allocator: ByteBufferAllocator = ByteBufferAllocator()
    ) throws(KafkaError) -> ByteBuffer {
        var buffer = allocator.buffer(capacity: 256)
        buffer.writeInteger(Int32(0))
        let header = RequestHeader(requestApiKey: R.apiKey, requestApiVersion: version, correlationId: 0, clientId: clientId)
        do throws(KafkaEncodingError) {
            try header.encode(into: &buffer, version: KafkaHeaderVersions.request(R.self, version: version))
            try request.encode(into: &buffer, version: version)
        } catch {
            throw KafkaError(.encoding(error), "could not encode \(KafkaHeaderVersions.apiName(R.apiKey)) v\(version) request: \(error)")
        }
        guard let size = Int32(exactly: buffer.readableBytes - 4) else {
            throw KafkaError(.invalidArgument, "\(KafkaHeaderVersions.apiName(R.apiKey)) request of \(buffer.readableBytes) bytes is too large for a Kafka frame")
        }
        buffer.setInteger(size, at: buffer.readerIndex)
        return buffer
    }

    /// Writes `correlationId` into an encoded frame.
    static func setCorrelationId(_ correlationId: Int32, in frame: inout ByteBuffer) {
        frame.setInteger(correlationId, at: frame.readerIndex + correlationIdOffset)
    }

    /// The correlation id at the start of a response frame, without consuming it.
    static func peekCorrelationId(_ frame: ByteBuffer) -> Int32? {
        frame.getInteger(at: frame.readerIndex, as: Int32.self)
    }

    /// Consumes the response header (`headerVersion` 0 or 1) from a response frame, leaving the body.
    static func skipResponseHeader(_ frame: inout ByteBuffer, headerVersion: Int16) throws(KafkaDecodingError) {
        _ = try ResponseHeader(from: &frame, version: headerVersion)
    }
}
