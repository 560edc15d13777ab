/// What one `RecordBatchDecoder.decode` call did.
public struct DecodeSummary: Sendable, Hashable {
    /// Bytes of complete batches consumed from the start of the input.
    public var bytesConsumed = 0
    /// Complete batches walked (data, control and skipped-as-aborted).
    public var batchCount = 0
    /// Data records handed to the sink.
    public var recordCount = 0
    /// Control records handed to the sink.
    public var controlRecordCount = 0
    /// Records of aborted transactional batches that were skipped (their declared count).
    public var abortedRecordCount = 0
    /// Bytes of a trailing partial batch that was dropped (0 when the input ended on a batch
    /// boundary). The broker truncates a fetch response to its size limit, so this is normal;
    /// fetching again from `nextOffset` returns the whole batch.
    public var partialBatchBytes = 0
    /// The offset after the last complete batch (`lastOffset + 1`), `nil` when no batch was
    /// complete. This is the partition's next fetch position.
    public var nextOffset: Int64?

    /// Creates an empty summary.
    public init() {}

    /// Whether a trailing partial batch was dropped.
    public var droppedPartialBatch: Bool { partialBatchBytes > 0 }
}
