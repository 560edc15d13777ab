/// What is wrong with a record; turned into a `KafkaDecodingError` off the hot path.
@usableFromInline
enum RecordProblem {
    /// The batch declares more records than it holds.
    case missingRecord
    /// A varint (or the attributes byte) is truncated or over-long.
    case badVarint(StaticString)
    /// A length or count is negative or runs past the record: (field, value, bytes available).
    case badLength(StaticString, Int64, Int)
    /// The record's length covers more bytes than its fields use.
    case bytesAfterHeaders(Int)
}

extension RecordBatchDecoder {
    /// The error for a malformed record: names the field, the record index and the location
    /// (at the batch's base offset; the record's own offset is not known once its bytes are bad).
    @usableFromInline @inline(never)
    static func recordProblem(
        _ problem: RecordProblem, index: Int, header: RecordBatchHeader, location: RecordLocation
    ) -> KafkaDecodingError {
        let reason: String
        switch problem {
        case .missingRecord:
            reason = "batch declares \(header.recordCount) records but holds only \(index)"
        case let .badVarint(field):
            reason = "record \(index): \(field) is truncated or not a valid varint"
        case let .badLength(field, value, available):
            reason = "record \(index): \(field) \(value) is invalid (negative, or more than the \(available) bytes available)"
        case let .bytesAfterHeaders(count):
            reason = "record \(index): \(count) bytes remain inside the record after its headers"
        }
        return .corruptRecordBatch(reason: reason, location: location.at(offset: header.baseOffset))
    }

    /// The error for bytes left over after the declared number of records.
    @usableFromInline @inline(never)
    static func trailingBytes(_ count: Int, header: RecordBatchHeader, location: RecordLocation) -> KafkaDecodingError {
        .corruptRecordBatch(
            reason: "\(count) bytes remain after the \(header.recordCount) declared records",
            location: location.at(offset: header.baseOffset))
    }
}
