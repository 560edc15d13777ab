import GregorProtocol

extension MessageBatch {
    /// The Arrow schema of a `MessageBatch`.
    ///
    /// The first six columns equal kafkars' `MESSAGE_SCHEMA` (0.0.8) — names, order, types and
    /// nullability: `key` binary, `value` binary, `topic` utf8 not null, `partition` int32 not
    /// null, `offset` int64 not null, `timestamp` timestamp[ms, tz=UTC] not null; no metadata.
    /// Gregor adds `headers`: list<item: struct<key: utf8 not null, value: binary>> not null
    /// (an empty list for a message without headers; a header value may be null).
    public static let arrowSchema = ArrowRecordSchema(fields: [
        ArrowField(name: "key", type: .binary, nullable: true),
        ArrowField(name: "value", type: .binary, nullable: true),
        ArrowField(name: "topic", type: .utf8, nullable: false),
        ArrowField(name: "partition", type: .int32, nullable: false),
        ArrowField(name: "offset", type: .int64, nullable: false),
        ArrowField(name: "timestamp", type: .timestampMilliseconds(timezone: "UTC"), nullable: false),
        ArrowField(name: "headers", type: .list(element: headerEntryField), nullable: false),
    ])

    /// The element of the `headers` list: one header as `struct<key: utf8 not null, value: binary>`.
    public static let headerEntryField = ArrowField(
        name: "item",
        type: .structure(fields: [
            ArrowField(name: "key", type: .utf8, nullable: false),
            ArrowField(name: "value", type: .binary, nullable: true),
        ]),
        nullable: false)

    /// The batch as an Arrow record batch with `arrowSchema`.
    ///
    /// Zero-copy: every buffer points into this batch's allocation (which the record batch
    /// retains), except the topic column, whose utf8 offsets and data are materialised from
    /// the topic indices into a small allocation of their own. Fails only when the topic
    /// strings of all rows together exceed 2 GiB (Arrow utf8's `Int32` offsets).
    public func arrowRecordBatch() throws(ArrowError) -> ArrowRecordBatch {
        let topicMemory = try materialiseTopics()
        let topicNode = ArrowArrayNode(
            length: count, nullCount: 0,
            buffers: [.absent, topicMemory.offsets, topicMemory.data], children: [])
        let headerEntries = ArrowArrayNode(
            length: headerKeyColumn.length, nullCount: 0, buffers: [.absent],
            children: [Self.node(headerKeyColumn), Self.node(headerValueColumn)])
        let columns = [
            Self.node(keyColumn),
            Self.node(valueColumn),
            topicNode,
            Self.fixedWidthNode(partitionColumn, length: count),
            Self.fixedWidthNode(offsetColumn, length: count),
            Self.fixedWidthNode(timestampColumn, length: count),
            ArrowArrayNode(
                length: count, nullCount: 0, buffers: [.absent, Self.view(headerListOffsets)], children: [headerEntries]),
        ]
        return ArrowRecordBatch(schema: Self.arrowSchema, length: count, columns: columns, owners: [self, topicMemory.memory])
    }

    private static func view(_ buffer: Buffer) -> ArrowBufferView {
        ArrowBufferView(pointer: buffer.pointer, byteCount: buffer.byteCount)
    }

    /// A binary/utf8 column; its validity bitmap is passed only when it has nulls.
    private static func node(_ column: BinaryColumn) -> ArrowArrayNode {
        ArrowArrayNode(
            length: column.length, nullCount: column.nullCount,
            buffers: [column.nullCount > 0 ? view(column.validity) : .absent, view(column.offsets), view(column.data)],
            children: [])
    }

    private static func fixedWidthNode(_ buffer: Buffer, length: Int) -> ArrowArrayNode {
        ArrowArrayNode(length: length, nullCount: 0, buffers: [.absent, view(buffer)], children: [])
    }

    /// Builds the topic column's utf8 offsets and data from the topic indices.
    private func materialiseTopics() throws(ArrowError) -> (memory: ArrowOwnedMemory, offsets: ArrowBufferView, data: ArrowBufferView) {
        let names = topics.map { Array($0.utf8) }
        var dataSize = 0
        for row in 0..<count {
            dataSize += names[topicIndex(at: row)].count
        }
        guard dataSize <= Int(Int32.max) else { throw .columnTooLarge(column: "topic", byteCount: dataSize) }
        let offsetsSize = (count + 1) * 4
        let dataStart = (offsetsSize + 63) & ~63
        let memory = ArrowOwnedMemory(byteCount: dataStart + dataSize)
        var end = 0
        memory.base.storeBytes(of: Int32(0), as: Int32.self)
        for row in 0..<count {
            let name = names[topicIndex(at: row)]
            name.withUnsafeBytes { bytes in
                if let source = bytes.baseAddress {
                    memory.base.advanced(by: dataStart + end).copyMemory(from: source, byteCount: bytes.count)
                }
            }
            end += name.count
            memory.base.storeBytes(of: Int32(truncatingIfNeeded: end), toByteOffset: (row + 1) * 4, as: Int32.self)
        }
        return (
            memory,
            ArrowBufferView(pointer: UnsafeRawPointer(memory.base), byteCount: offsetsSize),
            ArrowBufferView(pointer: UnsafeRawPointer(memory.base.advanced(by: dataStart)), byteCount: dataSize)
        )
    }

    private func topicIndex(at row: Int) -> Int {
        Int(topicIndexColumn.pointer.load(fromByteOffset: row * 4, as: Int32.self))
    }
}
