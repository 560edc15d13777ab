/// A zero-copy view of some rows of a `MessageBatch`: a random-access collection of messages.
///
/// ```swift
/// for message in batch.messages where message.partition == 3 {
///     message.withValue { value in … }      // a borrowed byte view, nil for a tombstone
/// }
/// let tail = batch[100..<batch.count]       // no copy
/// ```
public struct MessageBatchSlice: RandomAccessCollection, Sendable {
    /// The batch the rows belong to (kept alive by the slice).
    public let batch: MessageBatch
    /// The rows of the batch in this slice.
    public let rows: Range<Int>

    /// A view of `rows` of `batch`.
    public init(batch: MessageBatch, rows: Range<Int>) {
        precondition(rows.lowerBound >= 0 && rows.upperBound <= batch.count, "MessageBatch rows out of range")
        self.batch = batch
        self.rows = rows
    }

    /// The first row.
    public var startIndex: Int { rows.lowerBound }
    /// One past the last row.
    public var endIndex: Int { rows.upperBound }

    /// The message at batch row `row`.
    public subscript(row: Int) -> MessageView {
        precondition(rows.contains(row), "MessageBatchSlice index out of range")
        return MessageView(batch: batch, row: row)
    }

    /// A view of fewer rows (batch row numbers).
    public subscript(bounds: Range<Int>) -> MessageBatchSlice {
        MessageBatchSlice(batch: batch, rows: bounds.clamped(to: rows))
    }

    /// A batch of its own holding copies of these rows (for keeping a few rows of a large batch).
    public func copy() throws(KafkaDecodingError) -> MessageBatch {
        var builder = MessageBatchBuilder(capacity: rows.count)
        try builder.append(rows: rows, of: batch)
        return builder.finish()
    }
}

/// One message of a `MessageBatch`, read in place.
public struct MessageView: Sendable {
    /// The batch (kept alive by the view).
    public let batch: MessageBatch
    /// The row in the batch.
    public let row: Int

    /// The topic.
    public var topic: String { batch.topic(at: row) }
    /// The partition.
    public var partition: Int32 { batch.partition(at: row) }
    /// The offset.
    public var offset: Int64 { batch.offset(at: row) }
    /// The timestamp in milliseconds since the epoch (UTC).
    public var timestamp: Int64 { batch.timestamp(at: row) }
    /// A copy of the key; `nil` when null.
    public var key: [UInt8]? { batch.key(at: row) }
    /// A copy of the value; `nil` when null (a tombstone).
    public var value: [UInt8]? { batch.value(at: row) }
    /// Copies of the headers, in wire order.
    public var headers: [RecordHeader] { batch.headers(at: row) }

    /// Calls `body` with the key's bytes in place (`nil` when null); valid only inside `body`.
    public func withKey<Result, Failure: Error>(_ body: (UnsafeRawBufferPointer?) throws(Failure) -> Result) throws(Failure) -> Result {
        try batch.withKey(at: row, body)
    }

    /// Calls `body` with the value's bytes in place (`nil` when null); valid only inside `body`.
    public func withValue<Result, Failure: Error>(_ body: (UnsafeRawBufferPointer?) throws(Failure) -> Result) throws(Failure) -> Result {
        try batch.withValue(at: row, body)
    }
}

extension MessageBatch {
    /// Every message, as a zero-copy collection.
    public var messages: MessageBatchSlice { MessageBatchSlice(batch: self, rows: 0..<count) }

    /// A zero-copy view of `rows`.
    public subscript(rows: Range<Int>) -> MessageBatchSlice { MessageBatchSlice(batch: self, rows: rows) }
}

extension MessageBatch {
    /// Bytes of key, value and header data of rows `rows` (what copying them adds to a builder's
    /// data buffers), from the columns' offsets.
    public func dataByteCount(rows: Range<Int>) -> Int {
        precondition(rows.lowerBound >= 0 && rows.upperBound <= count, "MessageBatch rows out of range")
        guard !rows.isEmpty else { return 0 }
        func span(_ column: BinaryColumn, _ range: Range<Int>) -> Int {
            let start = column.offsets.pointer.load(fromByteOffset: range.lowerBound * 4, as: Int32.self)
            let end = column.offsets.pointer.load(fromByteOffset: range.upperBound * 4, as: Int32.self)
            return Int(end) - Int(start)
        }
        let headers = headerRange(at: rows.lowerBound).lowerBound..<headerRange(at: rows.upperBound - 1).upperBound
        return withExtendedLifetime(self) {
            span(keyColumn, rows) + span(valueColumn, rows) + span(headerKeyColumn, headers) + span(headerValueColumn, headers)
        }
    }
}
