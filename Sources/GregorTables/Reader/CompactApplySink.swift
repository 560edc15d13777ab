import Gregor
import GregorProtocol

/// Feeds decoded records straight into a compact table's entries (`TableStore.withCompactEntries`):
/// the replay's path when nobody subscribed to changes and the answer was not prepared ahead
/// (`RecordPreparingSink`). Not generic, so a record costs no runtime type metadata.
struct CompactApplySink: RecordSink {
    /// The entries being updated; valid while the sink is used (inside `withCompactEntries`).
    let entries: UnsafeMutablePointer<EncodedEntries>
    /// The store's counters; valid as long as `entries`.
    let stats: UnsafeMutablePointer<TableStats>
    /// The codecs' byte forms.
    let forms: TableEntryForms
    /// Records seen (applied or skipped).
    var records = 0

    mutating func record(
        offset: Int64, timestamp: Int64, key: UnsafeRawBufferPointer?, value: UnsafeRawBufferPointer?, headers: RecordHeaders
    ) throws(KafkaDecodingError) {
        records &+= 1
        _ = entries.pointee.apply(key: key, value: value, forms: forms, stats: &stats.pointee)
    }

    /// Decodes `records` into `entries`; returns the records seen and the error that stopped the
    /// decode, if any (what decoded before it stays applied).
    static func apply(
        _ records: inout FetchedRecords, to entries: inout EncodedEntries, forms: TableEntryForms, stats: inout TableStats,
        using decoder: inout RecordBatchDecoder
    ) -> (records: Int, error: KafkaDecodingError?) {
        withUnsafeMutablePointer(to: &entries) { entries in
            withUnsafeMutablePointer(to: &stats) { stats in
                var sink = CompactApplySink(entries: entries, stats: stats, forms: forms)
                let error = records.decodeReportingError(into: &sink, using: &decoder)
                return (sink.records, error)
            }
        }
    }
}
