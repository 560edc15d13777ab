/// A small table of named columns, built from Swift arrays, exportable like a `MessageBatch`
/// (C Data Interface, IPC writers). Meant for status tables such as a Stream's partition state.
///
/// ```swift
/// let table = try ArrowTable(columns: [
///     .utf8("topic", ["orders"]),
///     .int64("consumed_offset", [41], nullable: true),
///     .bool("is_live", [true]),
/// ])
/// ```
public struct ArrowTable: Sendable {
    /// The columns, in order.
    public let columns: [ArrowTableColumn]
    /// Number of rows (0 for a table without columns).
    public let rowCount: Int

    /// Creates a table; fails when the columns differ in length, a non-nullable column holds a
    /// null, or a name contains a NUL character.
    public init(columns: [ArrowTableColumn]) throws(ArrowError) {
        let rowCount = columns.first?.count ?? 0
        for column in columns {
            guard !column.name.utf8.contains(0) else { throw .invalidFieldName(column.name) }
            guard column.count == rowCount else {
                throw .columnLengthMismatch(column: column.name, expected: rowCount, actual: column.count)
            }
            if !column.nullable, let row = column.firstNullRow {
                throw .nullInNonNullableColumn(column: column.name, row: row)
            }
        }
        self.columns = columns
        self.rowCount = rowCount
    }

    /// The table's schema: one field per column.
    public var schema: ArrowRecordSchema {
        ArrowRecordSchema(fields: columns.map(\.field))
    }

    /// The table as an Arrow record batch, its buffers materialised into one owned allocation.
    /// Fails only when a utf8 column's text exceeds 2 GiB.
    public func arrowRecordBatch() throws(ArrowError) -> ArrowRecordBatch {
        var packer = ArrowMemoryPacker()
        var planned: [(nullCount: Int, buffers: [Int?])] = []
        for column in columns {
            let encoded = try column.encodedBuffers()
            planned.append((encoded.nullCount, encoded.buffers.map { $0.map { packer.add($0) } }))
        }
        let memory = packer.pack()
        let nodes = planned.map { plan in
            ArrowArrayNode(
                length: rowCount, nullCount: plan.nullCount,
                buffers: plan.buffers.map { $0.map { packer.view($0, in: memory) } ?? .absent }, children: [])
        }
        return ArrowRecordBatch(schema: schema, length: rowCount, columns: nodes, owners: [memory])
    }
}
