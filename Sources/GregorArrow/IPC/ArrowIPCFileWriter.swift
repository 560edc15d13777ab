import GregorProtocol

/// Writes the Arrow IPC file format: `ARROW1` and padding, the streaming format (schema,
/// record batches, end-of-stream), then the footer (schema and record batch blocks), its
/// length and `ARROW1` on `finish()`. Not thread-safe.
///
/// ```swift
/// let writer = try ArrowIPCFileWriter(path: "messages.arrow")
/// try writer.write(batch)     // a MessageBatch
/// try writer.finish()
/// ```
public final class ArrowIPCFileWriter {
    private let messages: ArrowIPCMessageWriter
    private static let magic = Array("ARROW1".utf8)

    /// The schema of the file.
    public var schema: ArrowRecordSchema { messages.schema }

    /// Creates (or truncates) `path` and writes the magic and the schema message.
    public convenience init(path: String, schema: ArrowRecordSchema = MessageBatch.arrowSchema) throws(ArrowError) {
        try self.init(output: ArrowIPCOutput(path: path), schema: schema)
    }

    /// Writes to an open file descriptor positioned at the file's start, closing it on
    /// `finish()` when `closeWhenFinished`.
    public convenience init(
        fileDescriptor: Int32, schema: ArrowRecordSchema = MessageBatch.arrowSchema, closeWhenFinished: Bool = false
    ) throws(ArrowError) {
        try self.init(
            output: ArrowIPCOutput(descriptor: fileDescriptor, name: "file descriptor \(fileDescriptor)", closeWhenDone: closeWhenFinished),
            schema: schema)
    }

    /// A writer that keeps the file in memory (`writtenBytes`).
    public static func inMemory(schema: ArrowRecordSchema = MessageBatch.arrowSchema) throws(ArrowError) -> ArrowIPCFileWriter {
        try ArrowIPCFileWriter(output: ArrowIPCOutput(), schema: schema)
    }

    private init(output: ArrowIPCOutput, schema: ArrowRecordSchema) throws(ArrowError) {
        messages = ArrowIPCMessageWriter(output: output, schema: schema)
        try messages.guarded { () throws(ArrowError) in
            try output.write(Self.magic)
            try output.padToEight()
            try messages.writeSchema()
        }
    }

    /// The bytes written so far by an in-memory writer (empty for files and descriptors).
    public var writtenBytes: [UInt8] {
        messages.output.isMemory ? messages.output.buffered : []
    }

    /// Appends a record batch; its schema must be the writer's.
    public func write(_ batch: ArrowRecordBatch) throws(ArrowError) {
        try messages.guarded { () throws(ArrowError) in try messages.writeRecordBatch(batch) }
    }

    /// Appends a `MessageBatch` (the writer's schema must be `MessageBatch.arrowSchema`).
    public func write(_ batch: MessageBatch) throws(ArrowError) {
        try write(batch.arrowRecordBatch())
    }

    /// Appends a table's rows (the writer's schema must be the table's).
    public func write(_ table: ArrowTable) throws(ArrowError) {
        try write(table.arrowRecordBatch())
    }

    /// Writes the end-of-stream marker, the footer, its length and the closing magic, then
    /// flushes and closes an owned file. Later writes fail.
    public func finish() throws(ArrowError) {
        try messages.guarded { () throws(ArrowError) in
            let output = messages.output
            try messages.writeEndOfStream()
            let footer = ArrowIPCMetadata.footer(schema: messages.schema, recordBatches: messages.recordBatchBlocks)
            try output.write(footer)
            try output.write(integer: Int32(truncatingIfNeeded: footer.count))
            try output.write(Self.magic)
            try output.close()
        }
        messages.close()
    }
}
