/// Which offset ListOffsets looks up for a partition.
public enum OffsetSpec: Sendable, Hashable {
    /// The log start offset: the oldest retained record.
    case earliest
    /// The end of the log: the high watermark, or the last stable offset with `read_committed`.
    case latest
    /// The first offset whose timestamp is at or after these milliseconds since the epoch.
    case timestamp(Int64)
    /// The offset and timestamp of the record with the largest timestamp (ListOffsets v7+, KIP-734).
    case maxTimestamp

    /// The ListOffsets `Timestamp` field: -2 EARLIEST, -1 LATEST, -3 MAX_TIMESTAMP, or the time.
    public var wireTimestamp: Int64 {
        switch self {
        case .earliest: -2
        case .latest: -1
        case .maxTimestamp: -3
        case .timestamp(let milliseconds): milliseconds
        }
    }

    /// The lowest ListOffsets version that understands this spec.
    public var minimumVersion: Int16 {
        switch self {
        case .maxTimestamp: 7
        case .earliest, .latest, .timestamp: 1
        }
    }
}

/// What ListOffsets found for one partition.
public struct ListedOffset: Sendable, Hashable {
    /// The offset; `nil` when no record matches (a timestamp later than every record's, answered
    /// by the broker with offset -1).
    public var offset: Int64?
    /// The timestamp of the record at `offset` for timestamp and max-timestamp lookups; `nil` when
    /// the broker sends -1 (earliest and latest lookups).
    public var timestamp: Int64?
    /// The leader epoch of the record at `offset` (ListOffsets v4+); `nil` when unknown.
    public var leaderEpoch: Int32?

    /// Creates a value.
    public init(offset: Int64?, timestamp: Int64?, leaderEpoch: Int32?) {
        self.offset = offset
        self.timestamp = timestamp
        self.leaderEpoch = leaderEpoch
    }
}
