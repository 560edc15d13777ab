import Gregor
import GregorProtocol

/// Decodes the values of one Fetch answer ahead of its apply, in record order, for a compact table
/// that keeps decoded values: a task per answer runs this beside the apply loop (another core),
/// and `CompactApplySink` takes the boxes instead of decoding again.
struct BoxedValueSink: RecordSink {
    let decode: TableBoxedValueDecoder
    /// One slot per record, in order: its value's box, or `nil` (no key, no value, or rejected).
    var values: [(any AnyObject & Sendable)?] = []

    mutating func record(
        offset: Int64, timestamp: Int64, key: UnsafeRawBufferPointer?, value: UnsafeRawBufferPointer?, headers: RecordHeaders
    ) throws(KafkaDecodingError) {
        if key != nil, let value { values.append(decode(value)) } else { values.append(nil) }
    }

    /// The boxes of `records`' values, one slot per record; a decode error ends the list early
    /// (the apply meets the same error at the same record).
    static func decodeValues(of records: FetchedRecords, with decode: @escaping TableBoxedValueDecoder) -> [(any AnyObject & Sendable)?] {
        var records = records
        var sink = BoxedValueSink(decode: decode)
        var decoder = RecordBatchDecoder()
        _ = records.decodeReportingError(into: &sink, using: &decoder)
        return sink.values
    }
}
