import Gregor
import GregorProtocol

/// Makes one Fetch answer ready for a compact table's entries (`TableEntryForms.prepare` for each
/// record, in order) in a task per answer, beside the apply loop, on another core: the apply loop
/// then only stores entries (`PreparedAnswer`), and records are walked once.
struct RecordPreparingSink: RecordSink {
    let forms: TableEntryForms
    let records: PreparedRecords

    mutating func record(
        offset: Int64, timestamp: Int64, key: UnsafeRawBufferPointer?, value: UnsafeRawBufferPointer?, headers: RecordHeaders
    ) throws(KafkaDecodingError) {
        records.append(forms.prepare(key: key, value: value))
    }

    /// `records` decoded (with `decoder`'s decompression buffer) and made ready. A decode error
    /// ends the list: what came before it is applied, and the error fails the reader.
    /// `expectedRecords`: how many the batch headers announce (0 when unknown), room made ahead.
    static func prepare(
        _ records: FetchedRecords, forms: TableEntryForms, expectedRecords: Int = 0, using decoder: inout RecordBatchDecoder
    ) -> PreparedAnswer {
        var records = records
        // A header's count is the broker's word: bounded, so that a wrong one costs nothing.
        var sink = RecordPreparingSink(forms: forms, records: PreparedRecords(capacity: Swift.min(Swift.max(64, expectedRecords), 1 << 20)))
        let error = records.decodeReportingError(into: &sink, using: &decoder)
        return PreparedAnswer(records: sink.records, nextPosition: records.nextPosition, error: error)
    }
}

/// A Fetch answer made ready off the apply loop.
struct PreparedAnswer: Sendable {
    /// One per record, in offset order; the apply loop moves them out.
    let records: PreparedRecords
    /// The partition's position after the answer (as `FetchedRecords.nextPosition`).
    let nextPosition: Int64
    /// The error that ended the decode, if any.
    let error: KafkaDecodingError?
}
