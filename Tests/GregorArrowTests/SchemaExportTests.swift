import CArrowDataInterface
import GregorArrow
import GregorProtocol
import Testing

@Suite("C Data Interface: schema export")
struct SchemaExportTests {
    @Test("the message schema exports as +s with each column's format, name and nullable flag")
    func messageSchemaFormats() throws {
        var schema = ArrowSchema()
        MessageBatch.arrowSchema.export(to: &schema)
        defer { schema.release?(&schema) }
        let root = try CStructReading.describe(schema)
        #expect(root.format == "+s")
        #expect(root.flags == 0)
        #expect(schema.n_children == 7)
        #expect(schema.metadata == nil)
        #expect(schema.dictionary == nil)
        let expected: [(String, String, Int64)] = [
            ("key", "z", 2), ("value", "z", 2), ("topic", "u", 0), ("partition", "i", 0),
            ("offset", "l", 0), ("timestamp", "tsm:UTC", 0), ("headers", "+l", 0),
        ]
        for (index, (name, format, flags)) in expected.enumerated() {
            let column = try CStructReading.child(schema, index)
            let described = try CStructReading.describe(column)
            #expect(described.name == name)
            #expect(described.format == format, "column \(name)")
            #expect(described.flags == flags, "column \(name)")
        }
        let headers = try CStructReading.child(schema, 6)
        #expect(headers.n_children == 1)
        let entry = try CStructReading.child(headers, 0)
        #expect(try CStructReading.describe(entry) == ("+s", "item", 0))
        #expect(entry.n_children == 2)
        #expect(try CStructReading.describe(CStructReading.child(entry, 0)) == ("u", "key", 0))
        #expect(try CStructReading.describe(CStructReading.child(entry, 1)) == ("z", "value", 2))
    }

    @Test("release marks the schema released; a moved child keeps its strings until its own release")
    func releaseAndMovedChild() throws {
        var schema = ArrowSchema()
        MessageBatch.arrowSchema.export(to: &schema)
        let children = try #require(schema.children)
        let original = try #require(children[5])
        // Move the timestamp child out, as the spec describes: copy it, mark the source released.
        var moved = original.pointee
        original.pointee.release = nil
        schema.release?(&schema)
        #expect(schema.release == nil)
        #expect(schema.private_data == nil)
        #expect(moved.release != nil)
        #expect(try CStructReading.describe(moved) == ("tsm:UTC", "timestamp", 0))
        moved.release?(&moved)
        #expect(moved.release == nil)
    }

    @Test("a table schema exports bool, nullable int64 and timestamp columns")
    func tableSchema() throws {
        let table = try ArrowTable(columns: [
            .utf8("topic", ["t"]),
            .int64("consumed_offset", [nil], nullable: true),
            .timestampMilliseconds("last", [5], nullable: true),
            .bool("is_live", [true]),
        ])
        var schema = ArrowSchema()
        table.schema.export(to: &schema)
        defer { schema.release?(&schema) }
        #expect(schema.n_children == 4)
        #expect(try CStructReading.describe(CStructReading.child(schema, 0)) == ("u", "topic", 0))
        #expect(try CStructReading.describe(CStructReading.child(schema, 1)) == ("l", "consumed_offset", 2))
        #expect(try CStructReading.describe(CStructReading.child(schema, 2)) == ("tsm:UTC", "last", 2))
        #expect(try CStructReading.describe(CStructReading.child(schema, 3)) == ("b", "is_live", 0))
    }
}
