/// A record batch ready for export: a schema, a row count and one array per field, whose
/// buffers stay valid as long as this value (or anything exported from it) is alive.
///
/// Made from a `MessageBatch` (`MessageBatch.arrowRecordBatch()`, zero-copy except the topic
/// strings) or an `ArrowTable`; exported through the C Data Interface (`export(to:)`) or
/// written by `ArrowIPCStreamWriter` / `ArrowIPCFileWriter`.
public struct ArrowRecordBatch: Sendable {
    /// The schema.
    public let schema: ArrowRecordSchema
    /// Number of rows.
    public let length: Int
    /// One array per schema field.
    let columns: [ArrowArrayNode]
    /// The objects whose memory the buffers point into.
    let owners: [any Sendable & AnyObject]

    init(schema: ArrowRecordSchema, length: Int, columns: [ArrowArrayNode], owners: [any Sendable & AnyObject]) {
        self.schema = schema
        self.length = length
        self.columns = columns
        self.owners = owners
    }

    /// The whole batch as one struct array (the C Data Interface's record batch shape).
    var structNode: ArrowArrayNode {
        ArrowArrayNode(length: length, nullCount: 0, buffers: [.absent], children: columns)
    }
}
