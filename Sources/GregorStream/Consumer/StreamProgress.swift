/// How far a stream's replay has come (for progress lines and ETAs).
public struct StreamProgress: Sendable, Hashable {
    /// Offsets of the replay ranges released so far (compaction holes count as released).
    public var replayOffsetsDone: Int64
    /// Offsets of the replay ranges in all.
    public var replayOffsetsTotal: Int64
    /// Records received so far (replay and live).
    public var receivedRecords: Int
    /// Key and value bytes received so far.
    public var receivedBytes: Int
    /// Partitions whose replay is over.
    public var livePartitions: Int
    /// Partitions read.
    public var partitions: Int

    /// Creates a value.
    public init(replayOffsetsDone: Int64, replayOffsetsTotal: Int64, receivedRecords: Int, receivedBytes: Int, livePartitions: Int, partitions: Int) {
        self.replayOffsetsDone = replayOffsetsDone
        self.replayOffsetsTotal = replayOffsetsTotal
        self.receivedRecords = receivedRecords
        self.receivedBytes = receivedBytes
        self.livePartitions = livePartitions
        self.partitions = partitions
    }

    /// The released fraction of the replay, 1 when there is nothing to replay.
    public var fraction: Double {
        replayOffsetsTotal > 0 ? Double(replayOffsetsDone) / Double(replayOffsetsTotal) : 1
    }
}
