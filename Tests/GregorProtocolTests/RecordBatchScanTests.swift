import GregorProtocol
import NIOCore
import Testing

@Suite("Record batch: scanning frames and CRCs without walking records")
struct RecordBatchScanTests {
    typealias Input = RecordBatchTestKit.Input

    static func batch(_ baseOffset: Int64, count: Int, compression: CompressionCodec = .none) throws -> ByteBuffer {
        let inputs = (0..<count).map {
            Input(key: Array("k\($0)".utf8), value: Array(repeating: UInt8(truncatingIfNeeded: $0), count: 40), timestamp: 1_000 + Int64($0))
        }
        return try RecordBatchTestKit.encode(inputs, baseOffset: baseOffset, compression: compression)
    }

    static func scanError(_ buffer: ByteBuffer) -> KafkaDecodingError? {
        do {
            _ = try RecordBatchDecoder.scan(buffer, location: RecordLocation(topic: "t", partition: 2))
            return nil
        } catch {
            return error
        }
    }

    @Test("every prefix of three batches (one compressed, one control) scans to decode's position and sizes")
    func everyPrefixMatchesDecode() throws {
        var buffer = try Self.batch(10, count: 3)
        buffer.writeImmutableBuffer(try Self.batch(13, count: 5, compression: .zstd))
        buffer.writeImmutableBuffer(try RecordBatchControlTests.marker(.commit, at: 18, producer: 1))
        for cut in 0...buffer.readableBytes {
            let prefix = buffer.getSlice(at: buffer.readerIndex, length: cut) ?? ByteBuffer()
            let scanned = try RecordBatchDecoder.scan(prefix)
            let (_, decoded) = try RecordBatchTestKit.decode(prefix)
            #expect(scanned == decoded, "cut \(cut)")
        }
        let whole = try RecordBatchDecoder.scan(buffer)
        #expect(whole.nextOffset == 19)
        #expect(whole.batchCount == 3)
        #expect(whole.recordCount == 8)
        #expect(whole.controlRecordCount == 1)
        #expect(whole.partialBatchBytes == 0)
    }

    @Test("a CRC mismatch in the second batch is the same error as decode's")
    func crcMismatch() throws {
        var buffer = try Self.batch(0, count: 2)
        let firstSize = buffer.readableBytes
        buffer.writeImmutableBuffer(try Self.batch(2, count: 2))
        let last = buffer.writerIndex - 1
        buffer.setInteger((buffer.getInteger(at: last, as: UInt8.self) ?? 0) ^ 0x01, at: last)
        let error = Self.scanError(buffer)
        guard case .crcMismatch(_, _, let location) = error else {
            Issue.record("expected a CRC mismatch, got \(String(describing: error))")
            return
        }
        #expect(location == RecordLocation(topic: "t", partition: 2, offset: 2))
        #expect(RecordBatchTestKit.decodingError(buffer, location: RecordLocation(topic: "t", partition: 2)) == error)
        // The first batch alone is fine.
        #expect(try RecordBatchDecoder.scan(buffer.getSlice(at: buffer.readerIndex, length: firstSize) ?? ByteBuffer()).nextOffset == 2)
    }

    @Test("broken framing is found by the scan: unsupported magic, short length, negative count")
    func framingErrors() throws {
        let good = try Self.batch(7, count: 1)
        var magic = good
        magic.setInteger(Int8(1), at: magic.readerIndex + 16)
        #expect(Self.scanError(magic) == .unsupportedRecordFormat(magic: 1, location: RecordLocation(topic: "t", partition: 2, offset: 7)))
        var short = good
        short.setInteger(Int32(10), at: short.readerIndex + 8)
        guard case .corruptRecordBatch = Self.scanError(short) else {
            Issue.record("a batch length under the header size must be corrupt")
            return
        }
        var negative = good
        negative.setInteger(Int32(-1), at: negative.readerIndex + 57)
        RecordBatchTestKit.fixCRC(&negative)
        guard case .corruptRecordBatch = Self.scanError(negative) else {
            Issue.record("a negative record count must be corrupt")
            return
        }
    }

    @Test("what only a decode can see passes the scan: a malformed record or broken compression under a valid CRC")
    func recordLevelErrorsAreLeftToDecode() throws {
        var malformed = try Self.batch(0, count: 3)
        malformed.setInteger(Int32(4), at: malformed.readerIndex + 57)  // declares more records than present
        RecordBatchTestKit.fixCRC(&malformed)
        #expect(try RecordBatchDecoder.scan(malformed).nextOffset == 3)
        #expect(RecordBatchTestKit.decodingError(malformed) != nil)

        var compressed = try Self.batch(0, count: 20, compression: .zstd)
        let payload = compressed.readerIndex + RecordBatchHeader.size
        for index in payload..<(payload + 8) { compressed.setInteger(UInt8(0xFF), at: index) }
        RecordBatchTestKit.fixCRC(&compressed)
        #expect(try RecordBatchDecoder.scan(compressed).nextOffset == 20)
        #expect(RecordBatchTestKit.decodingError(compressed) != nil)
    }
}
