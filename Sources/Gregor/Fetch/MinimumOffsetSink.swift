/// A `RecordSink` that passes on only records at or after `minimumOffset`.
///
/// A broker answers a Fetch with whole record batches, so the first batch may start before the
/// requested offset (a compressed batch always does when the offset is inside it). Records
/// below the fetch offset were delivered before and must not be delivered twice.
public struct MinimumOffsetSink<Base: RecordSink & ~Copyable>: RecordSink, ~Copyable {
    /// The sink that receives the records.
    public var base: Base
    /// The first offset passed on.
    public let minimumOffset: Int64

    /// Wraps `base`.
    public init(base: consuming Base, minimumOffset: Int64) {
        self.base = base
        self.minimumOffset = minimumOffset
    }

    /// Forwards the batch start.
    public mutating func beginBatch(_ header: RecordBatchHeader, location: RecordLocation) throws(KafkaDecodingError) {
        try base.beginBatch(header, location: location)
    }

    /// Forwards records at or after `minimumOffset`.
    @inlinable
    public mutating func record(
        offset: Int64, timestamp: Int64, key: UnsafeRawBufferPointer?, value: UnsafeRawBufferPointer?,
        headers: RecordHeaders
    ) throws(KafkaDecodingError) {
        guard offset >= minimumOffset else { return }
        try base.record(offset: offset, timestamp: timestamp, key: key, value: value, headers: headers)
    }

    /// Forwards control records at or after `minimumOffset`.
    public mutating func controlRecord(_ record: ControlRecord) throws(KafkaDecodingError) {
        guard record.offset >= minimumOffset else { return }
        try base.controlRecord(record)
    }

    /// Ends the wrapping and returns the base sink.
    public consuming func unwrap() -> Base {
        base
    }
}
