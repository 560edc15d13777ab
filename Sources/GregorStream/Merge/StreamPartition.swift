import Gregor

/// One partition of a Stream: the fetch engine's partition identity, ordered by topic then
/// partition (the tie-break of the merge after the timestamp).
public typealias StreamPartition = FetchPartitionID

/// What a partition replays: offsets from `start` up to (not including) `end`, the high watermark
/// taken at start. With a cutoff, replay also ends at the partition's first record whose timestamp
/// is at or after the cutoff.
public struct ReplayRange: Hashable, Sendable {
    /// The first offset to read.
    public var start: Int64
    /// The replay end: the high watermark when the stream started.
    public var end: Int64

    /// The range `start..<end` (empty when `start >= end`).
    public init(start: Int64, end: Int64) {
        self.start = start
        self.end = end
    }

    /// Whether there is nothing to replay.
    public var isEmpty: Bool { start >= end }
}
