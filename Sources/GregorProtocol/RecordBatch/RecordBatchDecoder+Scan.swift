import NIOCore

extension RecordBatchDecoder {
    /// Frames the batches of `records` and verifies their CRCs (unless disabled) without walking,
    /// decompressing or delivering their records: where a fetch position moves to, at a fraction
    /// of a decode's cost. A later `decode` of the same bytes may then skip the CRC check.
    ///
    /// The summary is the one `decode` returns for the same bytes, except that its record counts
    /// are the batches' declared counts (`recordCount` for data batches, aborted ones included;
    /// `controlRecordCount` for control batches), and that errors inside a batch's records (a
    /// malformed record, broken compression) are left to `decode` to find.
    ///
    /// - Throws: `KafkaDecodingError` for a broken frame, an unsupported format, a negative
    ///   record count or a CRC mismatch; the batches before it were framed and checked.
    public static func scan(
        _ records: ByteBuffer,
        location: RecordLocation = RecordLocation(),
        options: RecordBatchDecodingOptions = RecordBatchDecodingOptions()
    ) throws(KafkaDecodingError) -> DecodeSummary {
        var summary = DecodeSummary()
        try records.withUnsafeReadableBytes { (bytes: UnsafeRawBufferPointer) throws(KafkaDecodingError) in
            try forEachBatch(in: bytes, location: location, options: options, summary: &summary) { header, _, _, summary in
                if header.attributes.isControl {
                    summary.controlRecordCount += Int(header.recordCount)
                } else {
                    summary.recordCount += Int(header.recordCount)
                }
            }
        }
        return summary
    }
}
