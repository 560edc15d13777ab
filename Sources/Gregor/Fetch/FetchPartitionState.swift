/// What the fetch engine knows about one assigned partition (a snapshot).
public struct FetchPartitionState: Sendable {
    /// Where the partition stands in the engine.
    public enum Status: Sendable, Hashable {
        /// Fetched whenever it is not paused and its leader's connection is free.
        case fetching
        /// Waiting for a ListOffsets answer (a start policy, a seek or an out-of-range reset).
        case resolvingOffset
        /// The leader is unknown; waiting for metadata.
        case awaitingLeader
        /// Waiting out a backoff after a retriable error (`lastError` says which).
        case backingOff
        /// Stopped by a non-retriable error (`lastError`); a seek revives it.
        case failed
    }

    /// The partition.
    public let id: FetchPartitionID
    /// The topic's id from metadata (`KafkaUUID.zero` until known).
    public internal(set) var topicId: KafkaUUID = .zero
    /// The next offset to fetch; `nil` while a start policy is being resolved. After a record
    /// batch this is the batch's `lastOffset + 1`, also for control batches and compaction holes.
    public internal(set) var position: Int64?
    /// Whether the partition is left out of Fetch requests.
    public internal(set) var isPaused = false
    /// The leader's node id, `nil` when unknown.
    public internal(set) var leader: Int32?
    /// The leader epoch from metadata, -1 when unknown.
    public internal(set) var leaderEpoch: Int32 = -1
    /// The high watermark from the last Fetch answer, -1 before the first.
    public internal(set) var highWatermark: Int64 = -1
    /// The last stable offset from the last Fetch answer, -1 when unknown.
    public internal(set) var lastStableOffset: Int64 = -1
    /// The log start offset from the last Fetch answer, -1 when unknown.
    public internal(set) var logStartOffset: Int64 = -1
    /// When the last successful Fetch answer for the partition arrived.
    public internal(set) var lastFetchTime: ContinuousClock.Instant?
    /// The current status.
    public internal(set) var status: Status = .fetching
    /// The last error: the retriable one being backed off from, or the final one when failed.
    public internal(set) var lastError: KafkaError?
    /// Retriable errors in a row (reset by a successful fetch).
    public internal(set) var retryAttempts = 0

    /// The offset the fetched records end at with this isolation: the last stable offset for
    /// `read_committed` when known, else the high watermark; -1 before the first answer.
    public func endOffset(isolation: FetchIsolationLevel) -> Int64 {
        isolation == .readCommitted && lastStableOffset >= 0 ? lastStableOffset : highWatermark
    }

    /// Records between the position and the end offset (0 when unknown or caught up).
    public func lag(isolation: FetchIsolationLevel) -> Int64 {
        guard let position else { return 0 }
        let end = endOffset(isolation: isolation)
        return end > position ? end &- position : 0
    }

    init(id: FetchPartitionID) {
        self.id = id
    }
}
