import GregorProtocol
import NIOCore
import Testing

/// A batch written field by field from the layout in Kafka's protocol guide ("Record Batch",
/// "Record", "Record Header"), not from Gregor's encoder.
@Suite("Record batch: hand-built bytes from the Kafka spec")
struct RecordBatchSpecBytesTests {
    /// baseOffset 100, two records: (key "k", value "hello", header h=null) and
    /// (key null, value empty, timestamp +5, offset delta 1).
    static func specBatch(crcOverride: UInt32? = nil, magic: Int8 = 2, attributes: Int16 = 0) -> [UInt8] {
        var record0 = SpecBytes()
        record0.int8(0)          // attributes
        record0.raw([0x00])      // timestampDelta 0 (zig-zag varlong)
        record0.raw([0x00])      // offsetDelta 0
        record0.raw([0x02])      // key length 1 (zig-zag: 2)
        record0.raw("k")
        record0.raw([0x0A])      // value length 5 (zig-zag: 10)
        record0.raw("hello")
        record0.raw([0x02])      // header count 1
        record0.raw([0x02])      // header key length 1
        record0.raw("h")
        record0.raw([0x01])      // header value length -1: null (zig-zag: 1)
        #expect(record0.bytes.count == 15)

        var record1 = SpecBytes()
        record1.int8(0)
        record1.raw([0x0A])      // timestampDelta 5
        record1.raw([0x02])      // offsetDelta 1
        record1.raw([0x01])      // key length -1: null
        record1.raw([0x00])      // value length 0: empty
        record1.raw([0x00])      // no headers
        #expect(record1.bytes.count == 6)

        var checked = SpecBytes()  // from attributes to the end: what the CRC covers
        checked.int16(attributes)
        checked.int32(1)                   // lastOffsetDelta
        checked.int64(1_700_000_000_000)   // baseTimestamp
        checked.int64(1_700_000_000_005)   // maxTimestamp
        checked.int64(7)                   // producerId
        checked.int16(1)                   // producerEpoch
        checked.int32(10)                  // baseSequence
        checked.int32(2)                   // record count
        checked.raw([30])                  // record 0 length 15 (zig-zag: 30)
        checked.raw(record0.bytes)
        checked.raw([12])                  // record 1 length 6 (zig-zag: 12)
        checked.raw(record1.bytes)

        var batch = SpecBytes()
        batch.int64(100)                                   // baseOffset
        batch.int32(Int32(4 + 1 + 4 + checked.bytes.count)) // batchLength: from partitionLeaderEpoch on
        batch.int32(5)                                     // partitionLeaderEpoch
        batch.int8(magic)
        batch.uint32(crcOverride ?? checked.bytes.withUnsafeBytes { CRC32C.checksum($0) })
        batch.raw(checked.bytes)
        return batch.bytes
    }

    @Test("the spec batch has the documented size: 61-byte header plus records")
    func specBatchSize() {
        #expect(Self.specBatch().count == 61 + 16 + 7)
    }

    @Test("decodes the header fields of a hand-built batch")
    func decodesHeader() throws {
        let (sink, summary) = try RecordBatchTestKit.decode(ByteBuffer(bytes: Self.specBatch()))
        let header = try #require(sink.batches.first)
        #expect(header.baseOffset == 100)
        #expect(header.batchLength == 72)
        #expect(header.partitionLeaderEpoch == 5)
        #expect(header.magic == 2)
        #expect(header.attributes == RecordBatchAttributes())
        #expect(header.lastOffsetDelta == 1)
        #expect(header.baseTimestamp == 1_700_000_000_000)
        #expect(header.maxTimestamp == 1_700_000_000_005)
        #expect(header.producerId == 7)
        #expect(header.producerEpoch == 1)
        #expect(header.baseSequence == 10)
        #expect(header.recordCount == 2)
        #expect(header.lastOffset == 101)
        #expect(header.nextOffset == 102)
        #expect(summary.nextOffset == 102)
        #expect(summary.bytesConsumed == 84)
        #expect(summary.batchCount == 1)
        #expect(summary.partialBatchBytes == 0)
    }

    @Test("decodes the records of a hand-built batch: null vs empty, header with null value, deltas")
    func decodesRecords() throws {
        let (sink, summary) = try RecordBatchTestKit.decode(ByteBuffer(bytes: Self.specBatch()))
        #expect(summary.recordCount == 2)
        #expect(sink.records == [
            CollectedRecord(
                offset: 100, timestamp: 1_700_000_000_000, key: Array("k".utf8), value: Array("hello".utf8),
                headers: [RecordHeader(key: "h", value: nil)]),
            CollectedRecord(offset: 101, timestamp: 1_700_000_000_005, key: nil, value: [], headers: []),
        ])
    }

    @Test("Gregor's encoder writes exactly the spec bytes for the same records")
    func encoderMatchesSpecBytes() throws {
        var builder = RecordBatchBuilder(baseOffset: 100)
        builder.partitionLeaderEpoch = 5
        builder.producerId = 7
        builder.producerEpoch = 1
        builder.baseSequence = 10
        try builder.append(
            key: Array("k".utf8), value: Array("hello".utf8), headers: [RecordHeader(key: "h", value: nil)],
            timestamp: 1_700_000_000_000)
        try builder.append(key: nil, value: [], timestamp: 1_700_000_000_005)
        var buffer = ByteBuffer()
        try builder.encode(into: &buffer)
        #expect(Array(buffer.readableBytesView) == Self.specBatch())
    }

    @Test("LogAppendTime: every record gets the batch's maxTimestamp")
    func logAppendTime() throws {
        // Attribute bit 3 set; the CRC is recomputed by specBatch over the new attributes.
        let (sink, _) = try RecordBatchTestKit.decode(ByteBuffer(bytes: Self.specBatch(attributes: 0x08)))
        #expect(sink.batches.first?.attributes.timestampType == .logAppendTime)
        #expect(sink.records.map(\.timestamp) == [1_700_000_000_005, 1_700_000_000_005])
    }

    @Test("attribute bits decode to compression, timestamp type, transactional, control, delete horizon")
    func attributeBits() throws {
        let all = try RecordBatchAttributes(rawValue: 0x04 | 0x08 | 0x10 | 0x20 | 0x40)
        #expect(all == RecordBatchAttributes(
            compression: .zstd, timestampType: .logAppendTime, isTransactional: true, isControl: true,
            hasDeleteHorizon: true))
        #expect(all.rawValue == 0x7C)
        #expect(try RecordBatchAttributes(rawValue: 0x03).compression == .lz4)
        #expect(throws: KafkaDecodingError.unknownCompressionCodec(5)) {
            _ = try RecordBatchAttributes(rawValue: 0x05)
        }
    }
}
