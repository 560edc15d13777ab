import GregorProtocol

/// Writes the Arrow IPC streaming format: a Schema message, one RecordBatch message per
/// `write`, and the end-of-stream marker on `finish()`. Not thread-safe.
///
/// ```swift
/// let writer = try ArrowIPCStreamWriter(path: "messages.arrows")
/// try writer.write(batch)     // a MessageBatch
/// try writer.finish()
/// ```
public final class ArrowIPCStreamWriter {
    private let messages: ArrowIPCMessageWriter

    /// The schema of the stream.
    public var schema: ArrowRecordSchema { messages.schema }

    /// Creates (or truncates) `path` and writes the schema message.
    public convenience init(path: String, schema: ArrowRecordSchema = MessageBatch.arrowSchema) throws(ArrowError) {
        try self.init(output: ArrowIPCOutput(path: path), schema: schema)
    }

    /// Writes to an open file descriptor, closing it on `finish()` when `closeWhenFinished`.
    public convenience init(
        fileDescriptor: Int32, schema: ArrowRecordSchema = MessageBatch.arrowSchema, closeWhenFinished: Bool = false
    ) throws(ArrowError) {
        try self.init(
            output: ArrowIPCOutput(descriptor: fileDescriptor, name: "file descriptor \(fileDescriptor)", closeWhenDone: closeWhenFinished),
            schema: schema)
    }

    /// A writer that keeps the stream in memory (`writtenBytes`).
    public static func inMemory(schema: ArrowRecordSchema = MessageBatch.arrowSchema) throws(ArrowError) -> ArrowIPCStreamWriter {
        try ArrowIPCStreamWriter(output: ArrowIPCOutput(), schema: schema)
    }

    private init(output: ArrowIPCOutput, schema: ArrowRecordSchema) throws(ArrowError) {
        messages = ArrowIPCMessageWriter(output: output, schema: schema)
        try messages.guarded { () throws(ArrowError) in try messages.writeSchema() }
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

    /// Writes the end-of-stream marker, flushes and closes an owned file. Later writes fail.
    public func finish() throws(ArrowError) {
        try messages.guarded { () throws(ArrowError) in
            try messages.writeEndOfStream()
            try messages.output.close()
        }
        messages.close()
    }
}
