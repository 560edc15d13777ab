/// Receives the records of decoded record batches, one call per record, as borrowed bytes.
///
/// `RecordBatchDecoder` calls, for each complete batch in order:
/// 1. `beginBatch(_:location:)` once, before any record of a data batch it delivers (not for
///    control batches nor for batches skipped as aborted);
/// 2. `record(...)` for each data record, in offset order, or `controlRecord(_:)` for each
///    record of a control batch.
///
/// The byte views are valid only during the call. A sink that keeps data copies it (as
/// `MessageBatchBuilder` does). Throwing stops the decode and the error propagates.
public protocol RecordSink: ~Copyable {
    /// A data batch is about to deliver its records.
    mutating func beginBatch(_ header: RecordBatchHeader, location: RecordLocation) throws(KafkaDecodingError)

    /// One data record.
    ///
    /// - Parameters:
    ///   - offset: the record's absolute offset.
    ///   - timestamp: milliseconds since the epoch (the batch's max timestamp with LogAppendTime).
    ///   - key: the key bytes, `nil` when the key is null (an empty key is an empty buffer).
    ///   - value: the value bytes, `nil` for a null value (a tombstone).
    ///   - headers: a borrowed, lazily decoded view of the record's headers.
    mutating func record(
        offset: Int64, timestamp: Int64, key: UnsafeRawBufferPointer?, value: UnsafeRawBufferPointer?,
        headers: RecordHeaders
    ) throws(KafkaDecodingError)

    /// One control record (a transaction marker or another control type).
    mutating func controlRecord(_ record: ControlRecord) throws(KafkaDecodingError)
}

extension RecordSink where Self: ~Copyable {
    /// Default: nothing to do at a batch boundary.
    @inlinable
    public mutating func beginBatch(_ header: RecordBatchHeader, location: RecordLocation) throws(KafkaDecodingError) {}

    /// Default: control records are ignored.
    @inlinable
    public mutating func controlRecord(_ record: ControlRecord) throws(KafkaDecodingError) {}
}
