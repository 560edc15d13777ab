/// One partition of a stream as the caller sees it (kafkars' `partition_state`).
public struct StreamPartitionState: Sendable, Hashable {
    /// The topic.
    public var topic: String
    /// The partition.
    public var partition: Int32
    /// The first offset replayed.
    public var replayStart: Int64
    /// The replay end: the high watermark at start (exclusive).
    public var replayEnd: Int64
    /// Next offset to fetch: everything below it has been received.
    public var position: Int64
    /// Offset of the last record received, if any.
    public var consumedOffset: Int64?
    /// Offset of the last record released to the caller, if any.
    public var releasedOffset: Int64?
    /// Timestamp (ms since the epoch) of the last record received, if any.
    public var lastConsumedTimestamp: Int64?
    /// Records received and not yet released.
    public var buffered: Int
    /// Bytes held for this partition.
    public var bufferedBytes: Int
    /// Records whose timestamp went backwards against their predecessor in this partition.
    public var timestampInversions: Int
    /// Whether the replay is over for this partition.
    public var isLive: Bool
    /// Whether the partition is left out of Fetch requests (over its share of the memory budget).
    public var isPaused: Bool

    /// Creates a value.
    public init(
        topic: String, partition: Int32, replayStart: Int64, replayEnd: Int64, position: Int64, consumedOffset: Int64?,
        releasedOffset: Int64?, lastConsumedTimestamp: Int64?, buffered: Int, bufferedBytes: Int, timestampInversions: Int,
        isLive: Bool, isPaused: Bool
    ) {
        self.topic = topic
        self.partition = partition
        self.replayStart = replayStart
        self.replayEnd = replayEnd
        self.position = position
        self.consumedOffset = consumedOffset
        self.releasedOffset = releasedOffset
        self.lastConsumedTimestamp = lastConsumedTimestamp
        self.buffered = buffered
        self.bufferedBytes = bufferedBytes
        self.timestampInversions = timestampInversions
        self.isLive = isLive
        self.isPaused = isPaused
    }
}
