import GregorProtocol
import NIOCore
import Testing

@Suite("Record batch: malformed, unsupported and truncated input")
struct RecordBatchErrorTests {
    typealias Input = RecordBatchTestKit.Input

    static func sampleBatch(baseOffset: Int64 = 500) throws -> ByteBuffer {
        try RecordBatchTestKit.encode(
            [
                Input(key: Array("a".utf8), value: Array("one".utf8), headers: [RecordHeader(key: "h", value: [1])], timestamp: 10),
                Input(key: nil, value: Array("two".utf8), timestamp: 20),
                Input(key: [], value: nil, timestamp: 15),
            ],
            baseOffset: baseOffset)
    }

    @Test("a CRC mismatch names topic, partition and the batch's offset")
    func crcMismatch() throws {
        var buffer = try Self.sampleBatch()
        let last = buffer.writerIndex - 1
        buffer.setInteger((buffer.getInteger(at: last, as: UInt8.self) ?? 0) ^ 0xFF, at: last)
        let error = RecordBatchTestKit.decodingError(buffer, location: RecordLocation(topic: "orders", partition: 7))
        guard case let .crcMismatch(stored, computed, location) = error else {
            Issue.record("expected a CRC mismatch, got \(String(describing: error))")
            return
        }
        #expect(stored != computed)
        #expect(location == RecordLocation(topic: "orders", partition: 7, offset: 500))
        #expect(error?.description.contains("topic orders, partition 7, offset 500") == true)
    }

    @Test("with CRC verification off, the same corrupted batch decodes")
    func crcVerificationOff() throws {
        var buffer = try Self.sampleBatch()
        buffer.setInteger(UInt32(0xDEAD_BEEF), at: buffer.readerIndex + 17)
        #expect(RecordBatchTestKit.decodingError(buffer) != nil)
        let (sink, _) = try RecordBatchTestKit.decode(buffer, options: RecordBatchDecodingOptions(verifyCRC: false))
        #expect(sink.records.count == 3)
    }

    @Test("magic 0 and 1 message sets and unknown magics are an unsupported-format error", arguments: [Int8(0), 1, 3, -1])
    func unsupportedMagic(magic: Int8) throws {
        var buffer = try Self.sampleBatch()
        buffer.setInteger(magic, at: buffer.readerIndex + 16)
        let error = RecordBatchTestKit.decodingError(buffer, location: RecordLocation(topic: "old", partition: 1))
        #expect(error == .unsupportedRecordFormat(magic: magic, location: RecordLocation(topic: "old", partition: 1, offset: 500)))
    }

    @Test("a legacy magic-1 message set laid out per the old spec is rejected as unsupported")
    func legacyMessageSet() {
        // Message set v1: offset int64, message size int32, crc int32, magic int8, attributes int8,
        // timestamp int64, key bytes, value bytes.
        var message = SpecBytes()
        message.int64(0)
        message.int32(4 + 1 + 1 + 8 + 4 + 4 + 2)
        message.uint32(0)
        message.int8(1)
        message.int8(0)
        message.int64(1_000)
        message.int32(-1)
        message.int32(2)
        message.raw("hi")
        #expect(RecordBatchTestKit.decodingError(ByteBuffer(bytes: message.bytes))
            == .unsupportedRecordFormat(magic: 1, location: RecordLocation(topic: "test", partition: 0, offset: 0)))
    }

    @Test("a batch length smaller than the header is corrupt", arguments: [Int32(-1), 0, 48])
    func batchLengthTooSmall(length: Int32) throws {
        var buffer = try Self.sampleBatch()
        buffer.setInteger(length, at: buffer.readerIndex + 8)
        guard case .corruptRecordBatch = RecordBatchTestKit.decodingError(buffer) else {
            Issue.record("expected a corrupt-batch error")
            return
        }
    }

    @Test("every prefix of two batches decodes the complete batches and reports the rest as partial")
    func everyPrefixIsCleanPartial() throws {
        var buffer = try Self.sampleBatch(baseOffset: 0)
        let firstSize = buffer.readableBytes
        buffer.writeImmutableBuffer(try Self.sampleBatch(baseOffset: 3))
        for cut in 0..<buffer.readableBytes {
            let prefix = buffer.getSlice(at: buffer.readerIndex, length: cut) ?? ByteBuffer()
            let (sink, summary) = try RecordBatchTestKit.decode(prefix)
            let complete = cut >= firstSize ? 1 : 0
            #expect(summary.batchCount == complete, "cut \(cut)")
            #expect(sink.records.count == 3 * complete, "cut \(cut)")
            #expect(summary.bytesConsumed == complete * firstSize, "cut \(cut)")
            #expect(summary.partialBatchBytes == cut - complete * firstSize, "cut \(cut)")
            #expect(summary.droppedPartialBatch == (cut != complete * firstSize), "cut \(cut)")
            #expect(summary.nextOffset == (complete == 1 ? 3 : nil), "cut \(cut)")
        }
    }

    @Test("a batch cut anywhere inside its records, with consistent length and CRC, is a typed error")
    func everyInternalTruncationThrows() throws {
        let full = try Self.sampleBatch()
        for cut in RecordBatchHeader.size..<full.readableBytes {
            var truncated = full.getSlice(at: full.readerIndex, length: cut) ?? ByteBuffer()
            truncated.setInteger(Int32(cut - 12), at: truncated.readerIndex + 8)
            RecordBatchTestKit.fixCRC(&truncated)
            guard case .corruptRecordBatch(_, let location) = RecordBatchTestKit.decodingError(truncated) else {
                Issue.record("cut \(cut): expected a corrupt-batch error")
                continue
            }
            #expect(location.offset == 500)
        }
    }

    @Test("bytes after the declared records are an error")
    func trailingBytes() throws {
        var buffer = try Self.sampleBatch()
        buffer.writeBytes([0, 0, 0])
        buffer.setInteger(Int32(buffer.readableBytes - 12), at: buffer.readerIndex + 8)
        RecordBatchTestKit.fixCRC(&buffer)
        let error = RecordBatchTestKit.decodingError(buffer)
        #expect(error?.description.contains("remain after the 3 declared records") == true)
    }

    @Test("a record count above the records present is an error; a negative count too", arguments: [Int32(4), -1])
    func recordCountMismatch(count: Int32) throws {
        var buffer = try Self.sampleBatch()
        buffer.setInteger(count, at: buffer.readerIndex + 57)
        RecordBatchTestKit.fixCRC(&buffer)
        guard case .corruptRecordBatch = RecordBatchTestKit.decodingError(buffer) else {
            Issue.record("expected a corrupt-batch error")
            return
        }
    }

    /// A batch with one hand-written record body, for malformed-record cases.
    static func batchWithRecord(_ body: [UInt8], lengthOverride: [UInt8]? = nil) -> ByteBuffer {
        var records = SpecBytes()
        // Length as a one-byte zig-zag varint (bodies here are short).
        records.raw(lengthOverride ?? [UInt8(body.count * 2)])
        records.raw(body)
        var checked = SpecBytes()
        checked.int16(0)
        checked.int32(0)
        checked.int64(0)
        checked.int64(0)
        checked.int64(-1)
        checked.int16(-1)
        checked.int32(-1)
        checked.int32(1)
        checked.raw(records.bytes)
        var batch = SpecBytes()
        batch.int64(0)
        batch.int32(Int32(9 + checked.bytes.count))
        batch.int32(0)
        batch.int8(2)
        batch.uint32(checked.bytes.withUnsafeBytes { CRC32C.checksum($0) })
        batch.raw(checked.bytes)
        return ByteBuffer(bytes: batch.bytes)
    }

    static let malformedRecords: [(String, [UInt8])] = [
        ("key length -2", [0, 0, 0, 0x03, 0x00, 0x00]),
        ("key longer than the record", [0, 0, 0, 0x10, 0x00, 0x00]),
        ("value length -3", [0, 0, 0, 0x01, 0x05, 0x00]),
        ("negative header count", [0, 0, 0, 0x01, 0x01, 0x01]),
        ("header count beyond the record", [0, 0, 0, 0x01, 0x01, 0x08]),
        ("negative header key length", [0, 0, 0, 0x01, 0x01, 0x02, 0x01, 0x01]),
        ("header value length -2", [0, 0, 0, 0x01, 0x01, 0x02, 0x00, 0x03]),
        ("over-long varint offset delta", [0, 0, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F, 0x01, 0x01, 0x00]),
        ("bytes left inside the record", [0, 0, 0, 0x01, 0x01, 0x00, 0x00]),
        ("record ends inside its fields", [0, 0, 0]),
    ]

    @Test("malformed records are corrupt-batch errors", arguments: malformedRecords.map(\.0))
    func malformedRecord(name: String) throws {
        let body = try #require(Self.malformedRecords.first { $0.0 == name }?.1)
        // Sanity check: the well-formed minimal record decodes.
        #expect(RecordBatchTestKit.decodingError(Self.batchWithRecord([0, 0, 0, 0x01, 0x01, 0x00])) == nil)
        let error = RecordBatchTestKit.decodingError(Self.batchWithRecord(body), location: RecordLocation(topic: "m", partition: 2))
        guard case let .corruptRecordBatch(_, location) = error else {
            Issue.record("\(name): expected a corrupt-batch error, got \(String(describing: error))")
            return
        }
        #expect(location == RecordLocation(topic: "m", partition: 2, offset: 0))
    }

    @Test("a negative or oversized record length is an error", arguments: [[UInt8(0x01)], [0x7E]])
    func badRecordLength(length: [UInt8]) {
        guard case .corruptRecordBatch = RecordBatchTestKit.decodingError(
            Self.batchWithRecord([0, 0, 0, 0x01, 0x01, 0x00], lengthOverride: length))
        else {
            Issue.record("expected a corrupt-batch error")
            return
        }
    }

    @Test("random byte corruption never crashes: it decodes or throws a typed error")
    func randomCorruption() throws {
        var random = SplitMix64(seed: 11)
        var good = try Self.sampleBatch()
        good.writeImmutableBuffer(try RecordBatchTestKit.encode(
            [Input(key: [1], value: [2], timestamp: 0)], baseOffset: 3, compression: .lz4))
        let bytes = Array(good.readableBytesView)
        for _ in 0..<3_000 {
            var mutated = bytes
            for _ in 0..<(1 + Int(random.next() % 4)) {
                mutated[Int(random.next() % UInt64(mutated.count))] = UInt8(truncatingIfNeeded: random.next())
            }
            // Without CRC checks the mutated bytes reach the record walker and the decompressor.
            _ = RecordBatchTestKit.decodingError(ByteBuffer(bytes: mutated), options: RecordBatchDecodingOptions(verifyCRC: false))
        }
    }

    @Test("an unknown compression codec in the attributes is an error naming the location")
    func unknownCodec() throws {
        var buffer = try Self.sampleBatch()
        buffer.setInteger(Int16(6), at: buffer.readerIndex + 21)
        RecordBatchTestKit.fixCRC(&buffer)
        let error = RecordBatchTestKit.decodingError(buffer, location: RecordLocation(topic: "c", partition: 1))
        guard case let .corruptRecordBatch(reason, location) = error else {
            Issue.record("expected a corrupt-batch error, got \(String(describing: error))")
            return
        }
        #expect(reason.contains("unknown compression codec 6"))
        #expect(location == RecordLocation(topic: "c", partition: 1, offset: 500))
    }
}
