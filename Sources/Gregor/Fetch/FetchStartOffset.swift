/// Where fetching of a partition starts (or restarts after a seek).
public enum FetchStartOffset: Sendable, Hashable {
    /// An absolute offset: the next record to fetch.
    case offset(Int64)
    /// The log start offset (the oldest retained record), looked up with ListOffsets.
    case earliest
    /// The end of the log: the high watermark (the last stable offset with `read_committed`),
    /// looked up with ListOffsets.
    case latest
    /// The first offset whose timestamp is at or after these milliseconds since the epoch; when no
    /// record is that late, the end of the log (as `.latest`).
    case timestamp(Int64)

    /// The ListOffsets timestamp that resolves this start, `nil` for an absolute offset.
    var listOffsetsTimestamp: Int64? {
        switch self {
        case .offset: nil
        case .earliest: -2  // Kafka's EARLIEST_TIMESTAMP
        case .latest: -1  // Kafka's LATEST_TIMESTAMP
        case .timestamp(let milliseconds): milliseconds
        }
    }
}
