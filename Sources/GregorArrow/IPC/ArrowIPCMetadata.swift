/// The flatbuffer metadata of Arrow IPC (format/Schema.fbs, Message.fbs, File.fbs): Schema and
/// RecordBatch messages and the file footer. Field slot numbers are the schema files' field ids.
enum ArrowIPCMetadata {
    /// `MetadataVersion.V5`.
    static let metadataVersion: Int16 = 4

    /// A block of the file footer: where a message starts, its metadata and body lengths.
    typealias Block = (offset: Int64, metadataLength: Int32, bodyLength: Int64)

    /// `MessageHeader` union type ids.
    private enum MessageHeaderType: UInt8 {
        case schema = 1
        case recordBatch = 3
    }

    /// A `Message` whose header is the schema.
    static func schemaMessage(_ schema: ArrowRecordSchema) -> [UInt8] {
        var builder = FlatBufferBuilder()
        let header = schemaTable(schema, in: &builder)
        return message(header, type: .schema, bodyLength: 0, in: &builder)
    }

    /// A `Message` whose header is a record batch of `length` rows with the given field nodes
    /// (length, null count) and body buffers (offset, length), and a body of `bodyLength` bytes.
    static func recordBatchMessage(length: Int, nodes: [[Int64]], buffers: [[Int64]], bodyLength: Int) -> [UInt8] {
        var builder = FlatBufferBuilder()
        let nodeVector = builder.vector(ofInt64Structs: nodes)
        let bufferVector = builder.vector(ofInt64Structs: buffers)
        builder.startTable(fieldCount: 5)
        builder.add(0, Int64(length))
        builder.add(1, nodeVector)
        builder.add(2, bufferVector)
        let header = builder.endTable()
        return message(header, type: .recordBatch, bodyLength: bodyLength, in: &builder)
    }

    /// The file `Footer`: the schema and the blocks of the record batches.
    static func footer(schema: ArrowRecordSchema, recordBatches: [Block]) -> [UInt8] {
        var builder = FlatBufferBuilder()
        let schemaOffset = schemaTable(schema, in: &builder)
        let dictionaries = builder.vector(ofBlocks: [])
        let batches = builder.vector(ofBlocks: recordBatches)
        builder.startTable(fieldCount: 5)
        builder.add(0, metadataVersion)
        builder.add(1, schemaOffset)
        builder.add(2, dictionaries)
        builder.add(3, batches)
        let root = builder.endTable()
        return builder.finish(root: root)
    }

    private static func message(
        _ header: FlatBufferBuilder.Offset, type: MessageHeaderType, bodyLength: Int, in builder: inout FlatBufferBuilder
    ) -> [UInt8] {
        builder.startTable(fieldCount: 5)
        builder.add(0, metadataVersion)
        builder.add(1, type.rawValue)
        builder.add(2, header)
        builder.add(3, Int64(bodyLength))
        let root = builder.endTable()
        return builder.finish(root: root)
    }

    /// A `Schema` table: little-endian, the fields.
    private static func schemaTable(_ schema: ArrowRecordSchema, in builder: inout FlatBufferBuilder) -> FlatBufferBuilder.Offset {
        let fields = schema.fields.map { field($0, in: &builder) }
        let fieldVector = builder.vector(of: fields)
        builder.startTable(fieldCount: 4)
        builder.add(0, Int16(0))  // Endianness.Little
        builder.add(1, fieldVector)
        return builder.endTable()
    }

    /// A `Field` table with its type and children (always present, possibly empty).
    private static func field(_ field: ArrowField, in builder: inout FlatBufferBuilder) -> FlatBufferBuilder.Offset {
        let name = builder.string(field.name)
        let (typeID, type) = typeTable(field.type, in: &builder)
        let children = field.type.children.map { self.field($0, in: &builder) }
        let childVector = builder.vector(of: children)
        builder.startTable(fieldCount: 7)
        builder.add(0, name)
        builder.add(1, UInt8(field.nullable ? 1 : 0))
        builder.add(2, typeID)
        builder.add(3, type)
        builder.add(5, childVector)
        return builder.endTable()
    }

    /// The `Type` union member for `type`: its union type id and table.
    private static func typeTable(_ type: ArrowType, in builder: inout FlatBufferBuilder) -> (UInt8, FlatBufferBuilder.Offset) {
        switch type {
        case .binary: return (4, emptyTable(in: &builder))
        case .utf8: return (5, emptyTable(in: &builder))
        case .bool: return (6, emptyTable(in: &builder))
        case .int32, .int64:
            builder.startTable(fieldCount: 2)
            builder.add(0, Int32(type == .int32 ? 32 : 64))  // bitWidth
            builder.add(1, UInt8(1))  // is_signed
            return (2, builder.endTable())
        case .timestampMilliseconds(let timezone):
            let zone = timezone.map { builder.string($0) }
            builder.startTable(fieldCount: 2)
            builder.add(0, Int16(1))  // TimeUnit.MILLISECOND
            if let zone { builder.add(1, zone) }
            return (10, builder.endTable())
        case .list: return (12, emptyTable(in: &builder))
        case .structure: return (13, emptyTable(in: &builder))
        }
    }

    private static func emptyTable(in builder: inout FlatBufferBuilder) -> FlatBufferBuilder.Offset {
        builder.startTable(fieldCount: 0)
        return builder.endTable()
    }
}
