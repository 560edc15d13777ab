/// A topic and partition, as `gregor consume` tracks them.
public struct CLITopicPartition: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Topic name.
    public var topic: String
    /// Partition index.
    public var partition: Int32

    /// Creates a topic-partition.
    public init(topic: String, partition: Int32) {
        self.topic = topic
        self.partition = partition
    }

    public static func < (lhs: Self, rhs: Self) -> Bool {
        (lhs.topic, lhs.partition) < (rhs.topic, rhs.partition)
    }

    public var description: String { "\(topic)-\(partition)" }
}

/// Decides when `gregor consume --until live` is done: once every partition's fetch position has
/// reached the end offset it had when the command started.
///
/// Positions (the next offset to fetch, which moves past control records and whole batches), not
/// the last printed record's offset, are compared with the end offsets: the last offsets of a
/// log can belong to records that are never printed (transaction markers, aborted records).
public struct LiveEndTracker: Sendable {
    private var endOffsets: [CLITopicPartition: Int64]
    private var unfinished: Set<CLITopicPartition>

    /// Starts tracking: `endOffsets` from ListOffsets(latest) at start, `startPositions` the
    /// positions the reading starts from. Partitions already at or past their end are done.
    public init(endOffsets: [CLITopicPartition: Int64], startPositions: [CLITopicPartition: Int64]) {
        self.endOffsets = endOffsets
        unfinished = []
        for (partition, end) in endOffsets where (startPositions[partition] ?? 0) < end {
            unfinished.insert(partition)
        }
    }

    /// Records that `partition` will next fetch from `position`.
    public mutating func advance(_ partition: CLITopicPartition, to position: Int64) {
        guard let end = endOffsets[partition], position >= end else { return }
        unfinished.remove(partition)
    }

    /// Whether `partition` still has records from before the start to deliver.
    public func isUnfinished(_ partition: CLITopicPartition) -> Bool {
        unfinished.contains(partition)
    }

    /// Whether every partition has reached its end offset.
    public var isComplete: Bool { unfinished.isEmpty }

    /// The partitions still being read, sorted.
    public var remaining: [CLITopicPartition] { unfinished.sorted() }
}
