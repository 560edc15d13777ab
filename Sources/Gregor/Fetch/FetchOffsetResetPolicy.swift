/// What the fetch engine does when the broker answers OFFSET_OUT_OF_RANGE for a partition's
/// position (the records were deleted by retention or `deleteRecords`, or the log was truncated).
public enum FetchOffsetResetPolicy: Sendable, Hashable {
    /// Continue from the log start offset (the oldest retained record). The default: Gregor's
    /// readers replay logs, so nothing still retained is skipped; after a truncation of the log end
    /// this re-reads the log rather than losing anything.
    case earliest
    /// Continue from the end of the log (the high watermark), skipping what is retained.
    case latest
    /// Stop fetching the partition and report `KafkaError` `.broker(.offsetOutOfRange)`; a later
    /// `seek` revives it.
    case fail
}
