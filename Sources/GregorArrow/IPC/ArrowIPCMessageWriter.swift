/// Writes encapsulated Arrow IPC messages — `0xFFFFFFFF`, the metadata length, the flatbuffer
/// padded to 8 bytes, then the body with every buffer padded to 8 bytes — to an output.
/// Shared by the stream and file writers; remembers the record batch blocks for a footer.
final class ArrowIPCMessageWriter {
    /// The output.
    let output: ArrowIPCOutput
    /// The schema every batch must have.
    let schema: ArrowRecordSchema
    /// Where each record batch message landed.
    private(set) var recordBatchBlocks: [ArrowIPCMetadata.Block] = []
    private var isOpen = true

    init(output: ArrowIPCOutput, schema: ArrowRecordSchema) {
        self.output = output
        self.schema = schema
    }

    /// Runs `body`; afterwards the writer stays usable only if it succeeded.
    func guarded(_ body: () throws(ArrowError) -> Void) throws(ArrowError) {
        guard isOpen else { throw .writerClosed }
        do {
            try body()
        } catch {
            isOpen = false
            throw error
        }
    }

    /// Marks the writer finished: later calls fail with `writerClosed`.
    func close() {
        isOpen = false
    }

    /// Writes the Schema message.
    func writeSchema() throws(ArrowError) {
        _ = try writeMessage(metadata: ArrowIPCMetadata.schemaMessage(schema), body: [])
    }

    /// Writes one RecordBatch message whose body holds the batch's buffers.
    func writeRecordBatch(_ batch: ArrowRecordBatch) throws(ArrowError) {
        guard batch.schema == schema else {
            throw .schemaMismatch(expected: schema.description, actual: batch.schema.description)
        }
        var nodes: [[Int64]] = []
        var buffers: [[Int64]] = []
        var views: [ArrowBufferView] = []
        var bodyLength = 0
        for column in batch.columns {
            for node in column.preorder {
                nodes.append([Int64(node.length), Int64(node.nullCount)])
                for buffer in node.buffers {
                    buffers.append([Int64(bodyLength), Int64(buffer.byteCount)])
                    views.append(buffer)
                    bodyLength += (buffer.byteCount + 7) & ~7
                }
            }
        }
        let metadata = ArrowIPCMetadata.recordBatchMessage(
            length: batch.length, nodes: nodes, buffers: buffers, bodyLength: bodyLength)
        let block = try withExtendedLifetime(batch.owners) { () throws(ArrowError) in
            try writeMessage(metadata: metadata, body: views)
        }
        recordBatchBlocks.append(block)
    }

    /// Writes the end-of-stream marker: `0xFFFFFFFF` and a zero length.
    func writeEndOfStream() throws(ArrowError) {
        try output.write(integer: UInt32.max)
        try output.write(integer: Int32(0))
    }

    private func writeMessage(metadata: [UInt8], body: [ArrowBufferView]) throws(ArrowError) -> ArrowIPCMetadata.Block {
        let start = output.position
        let paddedLength = (metadata.count + 7) & ~7
        try output.write(integer: UInt32.max)
        try output.write(integer: Int32(truncatingIfNeeded: paddedLength))
        try output.write(metadata)
        try output.padToEight()
        let bodyStart = output.position
        for buffer in body {
            if let pointer = buffer.pointer {
                try output.write(UnsafeRawBufferPointer(start: pointer, count: buffer.byteCount))
            }
            try output.padToEight()
        }
        return (Int64(start), Int32(truncatingIfNeeded: 8 + paddedLength), Int64(output.position - bodyStart))
    }
}
