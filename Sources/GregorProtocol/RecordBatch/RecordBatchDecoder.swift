import NIOCore

/// Decodes record batches (magic 2) and hands their records to a `RecordSink`.
///
/// ```swift
/// var builder = MessageBatchBuilder()
/// let summary = try RecordBatchDecoder.decode(
///     partition.records, location: RecordLocation(topic: "events", partition: 3), into: &builder)
/// position = summary.nextOffset ?? position
/// ```
///
/// The static `decode` is all most callers need. A long-lived decoder value (one per consumer
/// loop) additionally keeps its decompression buffer between calls, so compressed batches are
/// decoded without allocating once that buffer has grown to the largest batch.
public struct RecordBatchDecoder: Sendable {
    /// Where compressed batches are decompressed; cleared per batch, capacity kept.
    @usableFromInline var scratch = ByteBuffer()

    /// A decoder with an empty decompression buffer.
    public init() {}

    /// Walks `records` — the `records` field of a Fetch response partition, a concatenation of
    /// record batches — and delivers every record to `sink`.
    ///
    /// Each batch is framed and length-checked, its magic must be 2 (magic 0 and 1 are reported
    /// as `.unsupportedRecordFormat`), its CRC-32C is verified (unless disabled), it is
    /// decompressed within `options.maxDecompressedBatchSize`, and its records are walked.
    /// Control batches go to `sink.controlRecord`; with `options.abortedTransactions` set, data
    /// batches of aborted transactions are skipped.
    ///
    /// A trailing partial batch (Kafka truncates fetch responses to the requested size) is not an
    /// error: it is dropped and reported in the summary's `partialBatchBytes`.
    ///
    /// - Parameters:
    ///   - records: the bytes to decode (its readable bytes; the reader index is not moved).
    ///   - location: topic and partition, named in errors together with the failing offset.
    ///   - sink: receives the records.
    ///   - options: CRC verification, decompression limit, `read_committed` filtering.
    /// - Returns: what was decoded and where the next fetch should start.
    /// - Throws: `KafkaDecodingError` for a broken, unsupported or corrupt batch, or from the sink.
    ///   Records delivered before the error stay delivered.
    @inlinable
    public static func decode<Sink: RecordSink & ~Copyable>(
        _ records: ByteBuffer,
        location: RecordLocation = RecordLocation(),
        into sink: inout Sink,
        options: RecordBatchDecodingOptions = RecordBatchDecodingOptions()
    ) throws(KafkaDecodingError) -> DecodeSummary {
        var decoder = RecordBatchDecoder()
        return try decoder.decode(records, location: location, into: &sink, options: options)
    }

    /// Same as the static `decode(_:location:into:options:)`, reusing this decoder's
    /// decompression buffer.
    @inlinable
    public mutating func decode<Sink: RecordSink & ~Copyable>(
        _ records: ByteBuffer,
        location: RecordLocation = RecordLocation(),
        into sink: inout Sink,
        options: RecordBatchDecodingOptions = RecordBatchDecodingOptions()
    ) throws(KafkaDecodingError) -> DecodeSummary {
        var summary = DecodeSummary()
        var filter = options.abortedTransactions.map { AbortedTransactionFilter(abortedTransactions: $0) }
        var scratch = self.scratch
        self.scratch = ByteBuffer()  // keep `scratch` uniquely referenced while it is written
        defer { self.scratch = scratch }
        try records.withUnsafeReadableBytes { (bytes: UnsafeRawBufferPointer) throws(KafkaDecodingError) in
            try Self.forEachBatch(in: bytes, location: location, options: options, summary: &summary) {
                (header, start, position, summary) throws(KafkaDecodingError) in
                let batchEnd = start + header.totalSize
                if filter?.shouldSkip(header) == true {
                    summary.abortedRecordCount += Int(header.recordCount)
                } else if header.attributes.compression == .none {
                    try Self.walkBatch(
                        header, records: start + RecordBatchHeader.size, end: batchEnd,
                        location: location, into: &sink, filter: &filter, summary: &summary)
                } else {
                    try Self.decompressBatch(
                        header, from: records, at: records.readerIndex + position, location: location,
                        options: options, into: &scratch)
                    try scratch.withUnsafeReadableBytes { (plain: UnsafeRawBufferPointer) throws(KafkaDecodingError) in
                        let plainStart = plain.baseAddress ?? UnsafeRawPointer(start)
                        try Self.walkBatch(
                            header, records: plainStart, end: plainStart + plain.count,
                            location: location, into: &sink, filter: &filter, summary: &summary)
                    }
                }
            }
        }
        return summary
    }

    /// Walks the (uncompressed) records of one batch, data or control.
    @inlinable
    static func walkBatch<Sink: RecordSink & ~Copyable>(
        _ header: RecordBatchHeader, records start: UnsafeRawPointer, end: UnsafeRawPointer,
        location: RecordLocation, into sink: inout Sink, filter: inout AbortedTransactionFilter?,
        summary: inout DecodeSummary
    ) throws(KafkaDecodingError) {
        if header.attributes.isControl {
            try walkControlRecords(
                header, records: start, end: end, location: location, into: &sink, filter: &filter, summary: &summary)
        } else {
            try sink.beginBatch(header, location: location)
            summary.recordCount += try walkDataRecords(header, records: start, end: end, location: location, into: &sink)
        }
    }
}
