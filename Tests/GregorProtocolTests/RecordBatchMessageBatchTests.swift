import GregorProtocol
import NIOCore
import Testing

@Suite("MessageBatchBuilder: the columnar sink")
struct RecordBatchMessageBatchTests {
    typealias Input = RecordBatchTestKit.Input

    static let inputs: [Input] = [
        Input(key: Array("k0".utf8), value: Array("v0".utf8), timestamp: 100),
        Input(key: nil, value: [], headers: [RecordHeader(key: "a", value: [1]), RecordHeader(key: "b", value: nil)], timestamp: 90),
        Input(key: [], value: nil, timestamp: 110),
        Input(key: [7, 8, 9], value: [0xFF], headers: [RecordHeader(key: "cc", value: [])], timestamp: 120),
    ]

    static func decodedBatch() throws -> MessageBatch {
        var builder = MessageBatchBuilder()
        _ = try RecordBatchDecoder.decode(
            try RecordBatchTestKit.encode(inputs, baseOffset: 40), location: RecordLocation(topic: "events", partition: 3),
            into: &builder)
        return builder.finish()
    }

    static func int32s(_ buffer: MessageBatch.Buffer) -> [Int32] {
        (0..<(buffer.byteCount / 4)).map { buffer.pointer.load(fromByteOffset: $0 * 4, as: Int32.self) }
    }

    static func int64s(_ buffer: MessageBatch.Buffer) -> [Int64] {
        (0..<(buffer.byteCount / 8)).map { buffer.pointer.load(fromByteOffset: $0 * 8, as: Int64.self) }
    }

    static func bytes(_ buffer: MessageBatch.Buffer) -> [UInt8] { Array(buffer.bytes) }

    @Test("key and value columns: validity bits, Int32 offsets, data")
    func binaryColumns() throws {
        let batch = try Self.decodedBatch()
        #expect(batch.count == 4)
        // Keys: "k0", null, empty, [7,8,9] -> validity 0b1101, offsets 0,2,2,2,5.
        #expect(Self.bytes(batch.keyColumn.validity) == [0b0000_1101])
        #expect(Self.int32s(batch.keyColumn.offsets) == [0, 2, 2, 2, 5])
        #expect(Self.bytes(batch.keyColumn.data) == Array("k0".utf8) + [7, 8, 9])
        #expect(batch.keyColumn.nullCount == 1)
        #expect(batch.keyColumn.length == 4)
        // Values: "v0", empty, null, [0xFF] -> validity 0b1011, offsets 0,2,2,2,3.
        #expect(Self.bytes(batch.valueColumn.validity) == [0b0000_1011])
        #expect(Self.int32s(batch.valueColumn.offsets) == [0, 2, 2, 2, 3])
        #expect(Self.bytes(batch.valueColumn.data) == Array("v0".utf8) + [0xFF])
        #expect(batch.valueColumn.nullCount == 1)
    }

    @Test("offset, timestamp, partition and topic columns")
    func scalarColumns() throws {
        let batch = try Self.decodedBatch()
        #expect(Self.int64s(batch.offsetColumn) == [40, 41, 42, 43])
        #expect(Self.int64s(batch.timestampColumn) == [100, 90, 110, 120])
        #expect(Self.int32s(batch.partitionColumn) == [3, 3, 3, 3])
        #expect(Self.int32s(batch.topicIndexColumn) == [0, 0, 0, 0])
        #expect(batch.topics == ["events"])
        #expect(batch.topic(at: 2) == "events")
        #expect(batch.partition(at: 1) == 3)
        #expect(batch.offset(at: 3) == 43)
        #expect(batch.timestamp(at: 1) == 90)
    }

    @Test("headers column: list offsets and key/value children, null header values")
    func headersColumn() throws {
        let batch = try Self.decodedBatch()
        #expect(Self.int32s(batch.headerListOffsets) == [0, 0, 2, 2, 3])
        #expect(Self.int32s(batch.headerKeyColumn.offsets) == [0, 1, 2, 4])
        #expect(Self.bytes(batch.headerKeyColumn.data) == Array("abcc".utf8))
        #expect(batch.headerKeyColumn.nullCount == 0)
        #expect(Self.bytes(batch.headerValueColumn.validity) == [0b0000_0101])
        #expect(Self.int32s(batch.headerValueColumn.offsets) == [0, 1, 1, 1])
        #expect(batch.headerValueColumn.nullCount == 1)
        #expect(batch.headers(at: 1) == [RecordHeader(key: "a", value: [1]), RecordHeader(key: "b", value: nil)])
        #expect(batch.headers(at: 3) == [RecordHeader(key: "cc", value: [])])
        #expect(batch.headers(at: 0).isEmpty)
        #expect(batch.headerRange(at: 1) == 0..<2)
    }

    @Test("key and value accessors keep null distinct from empty")
    func accessors() throws {
        let batch = try Self.decodedBatch()
        #expect(batch.key(at: 0) == Array("k0".utf8))
        #expect(batch.key(at: 1) == nil)
        #expect(batch.key(at: 2) == [])
        #expect(batch.value(at: 1) == [])
        #expect(batch.value(at: 2) == nil)
        #expect(batch.withValue(at: 3) { $0?.count } == 1)
        #expect(batch.keyColumn.isValid(at: 2))
        #expect(!batch.keyColumn.isValid(at: 1))
    }

    @Test("every buffer is 64-byte aligned")
    func alignment() throws {
        let batch = try Self.decodedBatch()
        let buffers: [MessageBatch.Buffer] = [
            batch.keyColumn.validity, batch.keyColumn.offsets, batch.keyColumn.data,
            batch.valueColumn.validity, batch.valueColumn.offsets, batch.valueColumn.data,
            batch.topicIndexColumn, batch.partitionColumn, batch.offsetColumn, batch.timestampColumn,
            batch.headerListOffsets, batch.headerKeyColumn.validity, batch.headerKeyColumn.offsets,
            batch.headerKeyColumn.data, batch.headerValueColumn.validity, batch.headerValueColumn.offsets,
            batch.headerValueColumn.data,
        ]
        for buffer in buffers {
            #expect(UInt(bitPattern: buffer.pointer) % 64 == 0)
        }
    }

    @Test("several partitions and topics in one builder; finish() empties it and it is reusable")
    func multiplePartitionsAndReuse() throws {
        var builder = MessageBatchBuilder(capacity: 2, averageMessageSize: 1)
        let batchA = try RecordBatchTestKit.encode(Self.inputs, baseOffset: 0)
        let batchB = try RecordBatchTestKit.encode([Input(key: nil, value: [5], timestamp: 1)], baseOffset: 9)
        _ = try RecordBatchDecoder.decode(batchA, location: RecordLocation(topic: "a", partition: 0), into: &builder)
        _ = try RecordBatchDecoder.decode(batchB, location: RecordLocation(topic: "b", partition: 1), into: &builder)
        _ = try RecordBatchDecoder.decode(batchB, location: RecordLocation(topic: "a", partition: 2), into: &builder)
        #expect(builder.count == 6)
        let first = builder.finish()
        #expect(first.topics == ["a", "b"])
        #expect((0..<6).map { first.topic(at: $0) } == ["a", "a", "a", "a", "b", "a"])
        #expect((0..<6).map { first.partition(at: $0) } == [0, 0, 0, 0, 1, 2])
        #expect((0..<6).map { first.offset(at: $0) } == [0, 1, 2, 3, 9, 9])
        #expect(builder.count == 0)

        _ = try RecordBatchDecoder.decode(batchB, location: RecordLocation(topic: "c", partition: 4), into: &builder)
        let second = builder.finish()
        #expect(second.count == 1)
        #expect(second.topics == ["c"])
        #expect(second.topic(at: 0) == "c")
        #expect(second.value(at: 0) == [5])
        #expect(Self.int32s(second.keyColumn.offsets) == [0, 0])
        #expect(Self.bytes(second.keyColumn.validity) == [0])
        #expect(Self.int32s(second.headerListOffsets) == [0, 0])
        // The first batch is unaffected by the builder's reuse.
        #expect(first.value(at: 4) == [5])
        #expect(first.key(at: 0) == Array("k0".utf8))
    }

    @Test("validity bitmaps past eight rows set the right bit in the right byte")
    func bitmapAcrossBytes() throws {
        let inputs = (0..<19).map { Input(key: $0 % 3 == 0 ? nil : [UInt8($0)], value: [UInt8($0)], timestamp: 0) }
        var builder = MessageBatchBuilder()
        _ = try RecordBatchDecoder.decode(try RecordBatchTestKit.encode(inputs), into: &builder)
        let batch = builder.makeBatch()
        // Row i is null when i % 3 == 0: rows 0,3,6 | 9,12,15 | 18.
        #expect(Self.bytes(batch.keyColumn.validity) == [0b1011_0110, 0b0110_1101, 0b0000_0011])
        #expect(batch.keyColumn.nullCount == 7)
        #expect(Self.bytes(batch.valueColumn.validity) == [0xFF, 0xFF, 0b0000_0111])
    }

    @Test("an empty builder makes an empty batch with one offset entry")
    func emptyBatch() {
        let builder = MessageBatchBuilder()
        let batch = builder.makeBatch()
        #expect(batch.count == 0)
        #expect(Self.int32s(batch.keyColumn.offsets) == [0])
        #expect(Self.int32s(batch.headerListOffsets) == [0])
        #expect(batch.keyColumn.validity.byteCount == 0)
    }

    @Test("control records are not appended to the batch")
    func controlRecordsNotAppended() throws {
        var builder = MessageBatchBuilder()
        var marker = RecordBatchBuilder(baseOffset: 5)
        marker.isControl = true
        marker.isTransactional = true
        marker.producerId = 1
        try marker.appendControlRecord(.commit, timestamp: 0)
        var buffer = ByteBuffer()
        try marker.encode(into: &buffer)
        let summary = try RecordBatchDecoder.decode(buffer, into: &builder)
        #expect(builder.count == 0)
        #expect(summary.controlRecordCount == 1)
        #expect(summary.nextOffset == 6)
    }

    @Test("append(row:of:) copies messages between batches, headers and nulls included")
    func appendRows() throws {
        let source = try Self.decodedBatch()
        var other = MessageBatchBuilder()
        _ = try RecordBatchDecoder.decode(
            try RecordBatchTestKit.encode([Input(key: [1], value: [2], headers: [RecordHeader(key: "z", value: nil)], timestamp: 5)], baseOffset: 7),
            location: RecordLocation(topic: "other", partition: 9), into: &other)
        let second = other.finish()

        var merged = MessageBatchBuilder()
        for row in [3, 1] { try merged.append(row: row, of: source) }
        try merged.append(row: 0, of: second)
        try merged.append(row: 2, of: source)
        let batch = merged.finish()
        #expect(batch.count == 4)
        #expect((0..<4).map { batch.offset(at: $0) } == [43, 41, 7, 42])
        #expect((0..<4).map { batch.topic(at: $0) } == ["events", "events", "other", "events"])
        #expect((0..<4).map { batch.partition(at: $0) } == [3, 3, 9, 3])
        #expect((0..<4).map { batch.timestamp(at: $0) } == [120, 90, 5, 110])
        #expect((0..<4).map { batch.key(at: $0) } == [[7, 8, 9], nil, [1], []])
        #expect((0..<4).map { batch.value(at: $0) } == [[0xFF], [], [2], nil])
        #expect(batch.headers(at: 0) == [RecordHeader(key: "cc", value: [])])
        #expect(batch.headers(at: 1) == [RecordHeader(key: "a", value: [1]), RecordHeader(key: "b", value: nil)])
        #expect(batch.headers(at: 2) == [RecordHeader(key: "z", value: nil)])
        #expect(batch.headers(at: 3).isEmpty)
        #expect(Self.int32s(batch.headerListOffsets) == [0, 1, 3, 4, 4])
    }
}
