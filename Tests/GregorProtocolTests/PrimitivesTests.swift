import NIOCore
import Testing
@testable import GregorProtocol

@Suite struct PrimitivesTests {
    @Test func varintRoundTripsAcrossTheRange() throws {
        let values: [Int32] = [0, 1, -1, 63, -64, 64, -65, 8191, -8192, .max, .min]
        for value in values {
            var buffer = ByteBuffer()
            buffer.writeVarint(value)
            #expect(buffer.readableBytes == ByteBuffer.varintSize(value))
            #expect(try buffer.readVarint() == value)
            #expect(buffer.readableBytes == 0)
        }
    }

    @Test func varlongRoundTripsAcrossTheRange() throws {
        let values: [Int64] = [0, 1, -1, 300, -300, .max, .min, Int64(Int32.max) + 1]
        for value in values {
            var buffer = ByteBuffer()
            buffer.writeVarlong(value)
            #expect(buffer.readableBytes == ByteBuffer.varlongSize(value))
            #expect(try buffer.readVarlong() == value)
        }
    }

    @Test func zigZagMatchesKafkaExamples() {
        // Examples from the protobuf / Kafka zig-zag definition: 0->0, -1->1, 1->2, -2->3.
        for (value, encoded) in [(Int32(0), UInt8(0)), (-1, 1), (1, 2), (-2, 3)] {
            var buffer = ByteBuffer()
            buffer.writeVarint(value)
            #expect(buffer.readableBytesView.first == encoded)
        }
    }

    @Test func overlongVarintIsAnError() {
        var buffer = ByteBuffer(bytes: [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01])
        #expect(throws: KafkaDecodingError.malformedVarint(field: "unsigned varint")) {
            _ = try buffer.readUnsignedVarint()
        }
        var truncated = ByteBuffer(bytes: [0x80, 0x80])
        #expect(throws: KafkaDecodingError.self) { _ = try truncated.readUnsignedVarint() }
        #expect(truncated.readerIndex == 0)
    }

    @Test func lengthsAreValidatedBeforeAllocation() {
        var buffer = ByteBuffer()
        buffer.writeInteger(Int32(1_000_000))
        buffer.writeBytes([1, 2, 3])
        #expect(throws: KafkaDecodingError.lengthTooLarge(field: "x", length: 1_000_000, limit: 3)) {
            _ = try buffer.readKafkaLength(.int32, field: "x")
        }
        var negative = ByteBuffer()
        negative.writeInteger(Int16(-2))
        #expect(throws: KafkaDecodingError.negativeLength(field: "s", length: -2)) {
            _ = try negative.readKafkaString(.int16, field: "s")
        }
    }

    @Test func nullAndEmptyStringsAreDistinct() throws {
        for kind in [KafkaLengthEncoding.int16, .compact] {
            var buffer = ByteBuffer()
            try buffer.writeKafkaString(nil, kind)
            try buffer.writeKafkaString("", kind)
            try buffer.writeKafkaString("héllo", kind)
            #expect(try buffer.readKafkaNullableString(kind) == nil)
            #expect(try buffer.readKafkaNullableString(kind) == "")
            #expect(try buffer.readKafkaString(kind) == "héllo")
        }
    }

    @Test func invalidUTF8IsAnError() {
        var buffer = ByteBuffer()
        buffer.writeInteger(Int16(2))
        buffer.writeBytes([0xC3, 0x28])
        #expect(throws: KafkaDecodingError.invalidUTF8(field: "s")) {
            _ = try buffer.readKafkaString(.int16, field: "s")
        }
    }

    @Test func uuidPrintsAsKafkaDoes() {
        // Kafka's Uuid.toString is URL-safe base64 without padding: 22 characters.
        let id = KafkaUUID(high: 0x0123_4567_89AB_CDEF, low: 0xFEDC_BA98_7654_3210)
        #expect(id.description == "ASNFZ4mrze_-3LqYdlQyEA")
        #expect(KafkaUUID.zero.description == "AAAAAAAAAAAAAAAAAAAAAA")
    }
}
