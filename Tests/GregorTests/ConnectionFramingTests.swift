@testable import Gregor
import NIOCore
import Testing

@Suite struct ConnectionFramingTests {
    private func frame(_ payload: [UInt8]) -> ByteBuffer {
        var buffer = ByteBuffer()
        buffer.writeInteger(Int32(payload.count))
        buffer.writeBytes(payload)
        return buffer
    }

    @Test func aFrameIsReturnedOnlyOnceComplete() throws {
        var whole = frame([1, 2, 3, 4, 5])
        var partial = whole.readSlice(length: 6) ?? ByteBuffer()
        #expect(try KafkaFrameDecoder.nextFrame(from: &partial, maxFrameSize: 1024) == nil)
        #expect(partial.readableBytes == 6)
        partial.writeBuffer(&whole)
        let payload = try #require(try KafkaFrameDecoder.nextFrame(from: &partial, maxFrameSize: 1024))
        #expect(Array(buffer: payload) == [1, 2, 3, 4, 5])
        #expect(partial.readableBytes == 0)
    }

    @Test func anIncompleteFrameMakesRoomForItsWholeSizeOnce() throws {
        var buffer = ByteBuffer()
        buffer.writeInteger(Int32(100_000))
        buffer.writeBytes([1, 2, 3])
        #expect(try KafkaFrameDecoder.nextFrame(from: &buffer, maxFrameSize: 1 << 20) == nil)
        #expect(buffer.capacity >= 100_004)
        #expect(buffer.readableBytes == 7)
        // The rest arrives without the buffer growing again, and the frame comes out whole.
        let capacity = buffer.capacity
        buffer.writeBytes([UInt8](repeating: 9, count: 100_000 - 3))
        #expect(buffer.capacity == capacity)
        let payload = try #require(try KafkaFrameDecoder.nextFrame(from: &buffer, maxFrameSize: 1 << 20))
        #expect(payload.readableBytes == 100_000)
        #expect(Array(buffer: payload).prefix(4) == [1, 2, 3, 9])
    }

    @Test func twoFramesInOneReadComeOutSeparately() throws {
        var buffer = frame([9])
        var second = frame([7, 8])
        buffer.writeBuffer(&second)
        let one = try #require(try KafkaFrameDecoder.nextFrame(from: &buffer, maxFrameSize: 1024))
        let two = try #require(try KafkaFrameDecoder.nextFrame(from: &buffer, maxFrameSize: 1024))
        #expect(Array(buffer: one) == [9])
        #expect(Array(buffer: two) == [7, 8])
    }

    @Test func anOversizeFrameIsATypedError() {
        var buffer = ByteBuffer()
        buffer.writeInteger(Int32(2048))
        #expect {
            try KafkaFrameDecoder.nextFrame(from: &buffer, maxFrameSize: 1024)
        } throws: { error in
            (error as? KafkaError)?.kind == .protocolViolation && (error as? KafkaError)?.message.contains("maxResponseSize") == true
        }
    }

    @Test func aNegativeSizeIsATypedError() {
        var buffer = ByteBuffer(bytes: [0xFF, 0xFF, 0xFF, 0xF0, 0, 0])
        #expect {
            try KafkaFrameDecoder.nextFrame(from: &buffer, maxFrameSize: 1024)
        } throws: { error in
            (error as? KafkaError)?.kind == .protocolViolation
        }
    }

    @Test func theRequestFrameCarriesSizeHeaderAndPatchedCorrelationId() throws {
        // Metadata v12 is flexible: request header v2 (client id as int16 string, then tagged fields).
        var encoded = try KafkaRequestFrame.encode(MetadataRequest(topics: nil, allowAutoTopicCreation: false), version: 12, clientId: "abc")
        KafkaRequestFrame.setCorrelationId(0x0102_0304, in: &encoded)
        let sizeField = encoded.readInteger(as: Int32.self)
        let size = try #require(sizeField)
        #expect(Int(size) == encoded.readableBytes)
        #expect(encoded.readInteger(as: Int16.self) == 3)
        #expect(encoded.readInteger(as: Int16.self) == 12)
        #expect(encoded.readInteger(as: Int32.self) == 0x0102_0304)
        #expect(encoded.readInteger(as: Int16.self) == 3)
        #expect(encoded.readString(length: 3) == "abc")
        #expect(encoded.readInteger(as: UInt8.self) == 0)  // no tagged fields in the header
        var body = encoded
        let decoded = try MetadataRequest(from: &body, version: 12)
        #expect(decoded.topics == nil)
        #expect(decoded.allowAutoTopicCreation == false)
    }

    @Test func headerVersionsFollowFlexibilityAndApiVersionsIsAlwaysV0() {
        #expect(KafkaHeaderVersions.request(MetadataRequest.self, version: 8) == 1)
        #expect(KafkaHeaderVersions.request(MetadataRequest.self, version: 9) == 2)
        #expect(KafkaHeaderVersions.response(MetadataRequest.self, version: 8) == 0)
        #expect(KafkaHeaderVersions.response(MetadataRequest.self, version: 9) == 1)
        #expect(KafkaHeaderVersions.request(ApiVersionsRequest.self, version: 3) == 2)
        #expect(KafkaHeaderVersions.response(ApiVersionsRequest.self, version: 3) == 0)
    }
}
