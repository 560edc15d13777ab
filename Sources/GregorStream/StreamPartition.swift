/// One partition of a Stream: topic and partition number, ordered by topic then partition (the
/// tie-break of the merge after the timestamp).
public struct StreamPartition: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The topic.
    public var topic: String
    /// The partition number.
    public var partition: Int32

    /// A partition of `topic`.
    public init(topic: String, partition: Int32) {
        self.topic = topic
        self.partition = partition
    }

    public static func < (lhs: StreamPartition, rhs: StreamPartition) -> Bool {
        (lhs.topic, lhs.partition) < (rhs.topic, rhs.partition)
    }

    public var description: String { "\(topic)-\(partition)" }
}

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
