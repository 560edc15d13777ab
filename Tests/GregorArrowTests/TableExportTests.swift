import CArrowDataInterface
import GregorArrow
import Testing

@Suite("ArrowTable")
struct TableExportTests {
    static func partitionState() throws -> ArrowTable {
        try ArrowTable(columns: [
            .utf8("topic", ["orders", "zählerstände"]),
            .int32("partition", [0, 7]),
            .int64("replay_start_offset", [0, 10]),
            .int64("consumed_offset", [41, nil], nullable: true),
            .timestampMilliseconds("last_consumed_timestamp", [nil, 1_700_000_000_123], nullable: true),
            .bool("is_live", [true, false]),
        ])
    }

    @Test("export: lengths, validity only where nulls exist, values and bool bits")
    func export() throws {
        var array = ArrowArray()
        var schema = ArrowSchema()
        try Self.partitionState().export(array: &array, schema: &schema)
        defer {
            array.release?(&array)
            schema.release?(&schema)
        }
        #expect(array.length == 2)
        #expect(array.n_children == 6)
        let topic = try CStructReading.child(array, 0)
        #expect(try CStructReading.int32s(CStructReading.buffer(topic, 1), count: 3) == [0, 6, 20])
        #expect(try CStructReading.bytes(CStructReading.buffer(topic, 2), count: 20) == Array("orderszählerstände".utf8))
        let partition = try CStructReading.child(array, 1)
        #expect(try CStructReading.int32s(CStructReading.buffer(partition, 1), count: 2) == [0, 7])
        let consumed = try CStructReading.child(array, 3)
        #expect(consumed.null_count == 1)
        #expect(try CStructReading.bytes(CStructReading.buffer(consumed, 0), count: 1) == [0b01])
        #expect(try CStructReading.buffer(consumed, 1)?.load(as: Int64.self) == 41)
        let timestamp = try CStructReading.child(array, 4)
        #expect(timestamp.null_count == 1)
        #expect(try CStructReading.bytes(CStructReading.buffer(timestamp, 0), count: 1) == [0b10])
        #expect(try CStructReading.buffer(timestamp, 1)?.load(fromByteOffset: 8, as: Int64.self) == 1_700_000_000_123)
        let live = try CStructReading.child(array, 5)
        #expect(live.null_count == 0)
        #expect(try CStructReading.buffer(live, 0) == nil)
        #expect(try CStructReading.bytes(CStructReading.buffer(live, 1), count: 1) == [0b01])
    }

    @Test("creation fails on columns of different lengths")
    func lengthMismatch() {
        #expect(throws: ArrowError.columnLengthMismatch(column: "b", expected: 2, actual: 1)) {
            try ArrowTable(columns: [.int32("a", [1, 2]), .int32("b", [1])])
        }
    }

    @Test("creation fails on a null in a non-nullable column")
    func nullInNonNullable() {
        #expect(throws: ArrowError.nullInNonNullableColumn(column: "a", row: 1)) {
            try ArrowTable(columns: [.int64("a", [1, nil])])
        }
    }

    @Test("creation fails on a name with a NUL character")
    func nulInName() {
        #expect(throws: ArrowError.invalidFieldName("a\u{0}b")) {
            try ArrowTable(columns: [.bool("a\u{0}b", [true])])
        }
    }

    @Test("error messages say what is wrong")
    func messages() {
        #expect(ArrowError.columnLengthMismatch(column: "b", expected: 2, actual: 1).description
            == "Arrow table column 'b' has 1 rows, but the table has 2")
        #expect(ArrowError.io(operation: "open", path: "/nope/x.arrow", errno: 2).description
            == "cannot open /nope/x.arrow: No such file or directory (errno 2)")
    }
}
