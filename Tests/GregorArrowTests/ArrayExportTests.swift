import CArrowDataInterface
import GregorArrow
import GregorProtocol
import Testing

@Suite("C Data Interface: MessageBatch array export")
struct ArrayExportTests {
    @Test("the record batch is a struct array of 7 columns with the batch's lengths, null counts and buffer counts")
    func shape() throws {
        let batch = try SampleMessages.batch(SampleMessages.first)
        var array = ArrowArray()
        try batch.exportArrow(array: &array, schema: nil)
        defer { array.release?(&array) }
        #expect(array.length == 5)
        #expect(array.null_count == 0)
        #expect(array.offset == 0)
        #expect(array.n_buffers == 1)
        #expect(try CStructReading.buffer(array, 0) == nil)
        #expect(array.n_children == 7)
        #expect(array.dictionary == nil)
        // (buffers, null count) per column: key, value, topic, partition, offset, timestamp, headers.
        let expected: [(Int64, Int64)] = [(3, 1), (3, 1), (3, 0), (2, 0), (2, 0), (2, 0), (2, 0)]
        for (index, (buffers, nulls)) in expected.enumerated() {
            let column = try CStructReading.child(array, index)
            #expect(column.length == 5, "column \(index)")
            #expect(column.n_buffers == buffers, "column \(index)")
            #expect(column.null_count == nulls, "column \(index)")
            #expect(column.offset == 0)
            #expect(column.release != nil)
        }
        let headers = try CStructReading.child(array, 6)
        #expect(headers.n_children == 1)
        let entries = try CStructReading.child(headers, 0)
        #expect(entries.length == 3)  // two headers on row 0, one on row 3
        #expect(entries.n_buffers == 1)
        #expect(entries.n_children == 2)
        let headerKeys = try CStructReading.child(entries, 0)
        let headerValues = try CStructReading.child(entries, 1)
        #expect(headerKeys.length == 3)
        #expect(headerKeys.null_count == 0)
        #expect(headerValues.length == 3)
        #expect(headerValues.null_count == 1)
    }

    @Test("zero-copy: key, value, partition, offset, timestamp and header buffers are the MessageBatch's own")
    func zeroCopy() throws {
        let batch = try SampleMessages.batch(SampleMessages.first)
        var array = ArrowArray()
        try batch.exportArrow(array: &array, schema: nil)
        defer { array.release?(&array) }
        let key = try CStructReading.child(array, 0)
        #expect(try CStructReading.buffer(key, 0) == batch.keyColumn.validity.pointer)
        #expect(try CStructReading.buffer(key, 1) == batch.keyColumn.offsets.pointer)
        #expect(try CStructReading.buffer(key, 2) == batch.keyColumn.data.pointer)
        let value = try CStructReading.child(array, 1)
        #expect(try CStructReading.buffer(value, 0) == batch.valueColumn.validity.pointer)
        #expect(try CStructReading.buffer(value, 1) == batch.valueColumn.offsets.pointer)
        #expect(try CStructReading.buffer(value, 2) == batch.valueColumn.data.pointer)
        #expect(try CStructReading.buffer(CStructReading.child(array, 3), 1) == batch.partitionColumn.pointer)
        #expect(try CStructReading.buffer(CStructReading.child(array, 4), 1) == batch.offsetColumn.pointer)
        #expect(try CStructReading.buffer(CStructReading.child(array, 5), 1) == batch.timestampColumn.pointer)
        let headers = try CStructReading.child(array, 6)
        #expect(try CStructReading.buffer(headers, 1) == batch.headerListOffsets.pointer)
        let entries = try CStructReading.child(headers, 0)
        let headerKeys = try CStructReading.child(entries, 0)
        #expect(try CStructReading.buffer(headerKeys, 0) == nil)  // no nulls: no bitmap
        #expect(try CStructReading.buffer(headerKeys, 1) == batch.headerKeyColumn.offsets.pointer)
        #expect(try CStructReading.buffer(headerKeys, 2) == batch.headerKeyColumn.data.pointer)
        let headerValues = try CStructReading.child(entries, 1)
        #expect(try CStructReading.buffer(headerValues, 0) == batch.headerValueColumn.validity.pointer)
        #expect(try CStructReading.buffer(headerValues, 2) == batch.headerValueColumn.data.pointer)
        // Columns without nulls pass no validity bitmap.
        for index in 2...6 {
            #expect(try CStructReading.buffer(CStructReading.child(array, index), 0) == nil, "column \(index)")
        }
    }

    @Test("the exported buffers hold the messages' values")
    func values() throws {
        let batch = try SampleMessages.batch(SampleMessages.first)
        var array = ArrowArray()
        try batch.exportArrow(array: &array, schema: nil)
        defer { array.release?(&array) }
        let key = try CStructReading.child(array, 0)
        // Keys: "k1", null, empty, 00 ff 0a, "k2".
        #expect(try CStructReading.int32s(CStructReading.buffer(key, 1), count: 6) == [0, 2, 2, 2, 5, 7])
        #expect(try CStructReading.bytes(CStructReading.buffer(key, 2), count: 7) == Array("k1".utf8) + [0, 255, 10] + Array("k2".utf8))
        #expect(try CStructReading.bytes(CStructReading.buffer(key, 0), count: 1) == [0b1_1101])
        let partitions = try CStructReading.buffer(CStructReading.child(array, 3), 1)
        #expect((0..<5).map { partitions?.load(fromByteOffset: $0 * 4, as: Int32.self) } == [0, 3, 1, 2, 0])
        let offsets = try CStructReading.buffer(CStructReading.child(array, 4), 1)
        #expect((0..<5).map { offsets?.load(fromByteOffset: $0 * 8, as: Int64.self) } == [0, 41, 7, 9_000_000_000, 1])
        let timestamps = try CStructReading.buffer(CStructReading.child(array, 5), 1)
        #expect(
            (0..<5).map { timestamps?.load(fromByteOffset: $0 * 8, as: Int64.self) }
                == [1_700_000_000_000, 1_700_000_000_005, 0, 1_731_024_000_123, -1])
        let headers = try CStructReading.child(array, 6)
        #expect(try CStructReading.int32s(CStructReading.buffer(headers, 1), count: 6) == [0, 2, 2, 2, 3, 3])
    }

    @Test("the topic column is plain utf8 materialised from the topic indices")
    func topicColumn() throws {
        let batch = try SampleMessages.batch(SampleMessages.first)
        var array = ArrowArray()
        try batch.exportArrow(array: &array, schema: nil)
        defer { array.release?(&array) }
        let topic = try CStructReading.child(array, 2)
        #expect(topic.n_children == 0)
        #expect(topic.dictionary == nil)
        let expected = ["orders", "orders", "zählerstände-ü", "zählerstände-ü", "orders"]
        let lengths = expected.map { Int32($0.utf8.count) }
        var offsets: [Int32] = [0]
        for length in lengths { offsets.append(offsets[offsets.count - 1] + length) }
        #expect(try CStructReading.int32s(CStructReading.buffer(topic, 1), count: 6) == offsets)
        let data = try CStructReading.bytes(CStructReading.buffer(topic, 2), count: Int(offsets[5]))
        #expect(String(decoding: data, as: UTF8.self) == expected.joined())
    }

    @Test("releasing the parent releases every child and lets the MessageBatch deinitialise")
    func releaseFreesBatch() throws {
        weak var weakBatch: MessageBatch?
        var array = ArrowArray()
        do {
            let batch = try SampleMessages.batch(SampleMessages.first)
            weakBatch = batch
            try batch.exportArrow(array: &array, schema: nil)
        }
        #expect(weakBatch != nil, "the export keeps the batch alive")
        let release = try #require(array.release)
        release(&array)
        #expect(array.release == nil)
        #expect(array.private_data == nil)
        #expect(weakBatch == nil, "the batch is freed once the export is released")
    }

    @Test("a moved child outlives the parent's release and frees the batch on its own release")
    func movedChild() throws {
        weak var weakBatch: MessageBatch?
        var array = ArrowArray()
        do {
            let batch = try SampleMessages.batch(SampleMessages.first)
            weakBatch = batch
            try batch.exportArrow(array: &array, schema: nil)
        }
        let children = try #require(array.children)
        let source = try #require(children[1])
        var value = source.pointee  // move the value column out
        source.pointee.release = nil
        array.release?(&array)
        #expect(array.release == nil)
        #expect(weakBatch != nil, "the moved child still references the batch")
        #expect(value.length == 5)
        #expect(try CStructReading.bytes(CStructReading.buffer(value, 2), count: 5) == Array("hello".utf8))
        value.release?(&value)
        #expect(value.release == nil)
        #expect(weakBatch == nil)
    }

    @Test("a nested child (header keys) moved out keeps working after the parent is released")
    func movedNestedChild() throws {
        var array = ArrowArray()
        try SampleMessages.batch(SampleMessages.first).exportArrow(array: &array, schema: nil)
        let headers = try CStructReading.child(array, 6)
        let entries = try CStructReading.child(headers, 0)
        let entryChildren = try #require(entries.children)
        let source = try #require(entryChildren[0])
        var keys = source.pointee
        source.pointee.release = nil
        array.release?(&array)
        let expected = Array("traceemptyünïcode".utf8)
        #expect(try CStructReading.bytes(CStructReading.buffer(keys, 2), count: expected.count) == expected)
        keys.release?(&keys)
        #expect(keys.release == nil)
    }

    @Test("an empty batch exports zero-length columns")
    func emptyBatch() throws {
        var builder = MessageBatchBuilder()
        let batch = builder.finish()
        var array = ArrowArray()
        var schema = ArrowSchema()
        try batch.exportArrow(array: &array, schema: &schema)
        defer {
            array.release?(&array)
            schema.release?(&schema)
        }
        #expect(array.length == 0)
        #expect(array.n_children == 7)
        for index in 0..<7 {
            #expect(try CStructReading.child(array, index).length == 0)
        }
        #expect(try CStructReading.int32s(CStructReading.buffer(CStructReading.child(array, 2), 1), count: 1) == [0])
    }
}
