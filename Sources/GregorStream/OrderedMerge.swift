import DequeModule

/// The release order of a Stream, as a pure state machine (no I/O, no clock of its own).
///
/// Records enter per partition in offset order (`append`), each with a caller-chosen `Payload`
/// (where the record's bytes are). `release` hands them back in the order DESIGN.md fixes:
///
/// - **Replay** (offsets below each partition's replay end, and before its first record at or
///   after the cutoff): a k-way merge on each partition's next buffered record, smallest timestamp
///   first, ties by topic, partition, offset. A record is released only when every partition that
///   still replays has a buffered replay record or has reached its replay end — a partition that
///   has not delivered yet holds the merge back; it is never skipped.
/// - Within a partition, offset order is never broken: a timestamp that goes backwards is released
///   in offset order and counted (`timestampInversions`).
/// - A partition has reached its replay end when its fetch position is at or past the end (not when
///   its last record is: compaction holes and transaction markers leave no record at the end), or
///   when it delivered a record at or after the cutoff.
/// - **Live**: records past the replay wait while any partition replays. Once every partition is
///   live, they are released as they arrive, merged by timestamp across partitions (still in
///   offset order within each), optionally each held `latenessWindow` after its arrival so that
///   slightly late partitions can still be ordered in.
public struct OrderedMerge<Payload: Sendable>: Sendable {
    /// A record waiting in the merge.
    public struct Entry: Sendable {
        /// The record's offset.
        public var offset: Int64
        /// The record's timestamp (ms since the epoch).
        public var timestamp: Int64
        /// Where the record is, for the caller.
        public var payload: Payload
        /// Whether the record belongs to the replay (else it is live).
        public var isReplay: Bool
        /// When it entered the merge (the caller's clock, ms), for the lateness window.
        public var arrival: Int64
    }

    /// A released record.
    public struct Released: Sendable {
        /// Its partition.
        public var partition: StreamPartition
        /// Its offset.
        public var offset: Int64
        /// Its timestamp.
        public var timestamp: Int64
        /// The caller's payload.
        public var payload: Payload
    }

    /// What the merge knows about one partition.
    public struct PartitionState: Sendable, Hashable {
        /// The replay range taken at start.
        public var range: ReplayRange
        /// Next offset to fetch: everything below it has been appended (or skipped by the broker).
        public var position: Int64
        /// Offset of the last released record, if any.
        public var releasedOffset: Int64?
        /// Timestamp of the last appended record, if any.
        public var lastConsumedTimestamp: Int64?
        /// Offset of the first record at or after the cutoff, once seen: the replay ends there.
        public var cutoffOffset: Int64?
        /// Records buffered (replay and live).
        public var buffered: Int
        /// Replay records buffered.
        public var bufferedReplay: Int
        /// Records whose timestamp is below their predecessor's in this partition.
        public var timestampInversions: Int

        /// Whether every replay record has been fetched.
        public var hasReachedReplayEnd: Bool { cutoffOffset != nil || position >= range.end }

        /// Whether the replay is over for this partition: reached its end, nothing of it still held.
        public var isLive: Bool { hasReachedReplayEnd && bufferedReplay == 0 }

        /// Whether this partition holds the replay merge back: still replaying, nothing buffered.
        var holdsMergeBack: Bool { !hasReachedReplayEnd && bufferedReplay == 0 }
    }

    private var queues: [StreamPartition: Deque<Entry>] = [:]
    private var states: [StreamPartition: PartitionState] = [:]
    private var lastTimestamp: [StreamPartition: Int64] = [:]
    /// Partitions in merge tie-break order.
    private let order: [StreamPartition]
    /// The cutoff (ms), if any.
    public let cutoff: Int64?
    /// How long a live record waits after arrival before release (ms); 0 releases at once.
    public let latenessWindow: Int64
    /// The timestamp of the last record released (the merge's watermark), if any.
    public private(set) var watermark: Int64?
    /// Records held in all.
    public private(set) var heldCount = 0
    /// Partitions not live yet, and those holding the merge back: kept up to date by `update` so
    /// that releasing a record does not scan every partition's state twice.
    private var notLiveCount = 0
    private var holdingBackCount = 0

    /// A merge over `ranges` (one per partition).
    public init(ranges: [StreamPartition: ReplayRange], cutoff: Int64? = nil, latenessWindow: Int64 = 0) {
        order = ranges.keys.sorted()
        self.cutoff = cutoff
        self.latenessWindow = max(0, latenessWindow)
        for (partition, range) in ranges {
            queues[partition] = Deque()
            let state = PartitionState(
                range: range, position: range.start, releasedOffset: nil, lastConsumedTimestamp: nil, cutoffOffset: nil,
                buffered: 0, bufferedReplay: 0, timestampInversions: 0)
            states[partition] = state
            if !state.isLive { notLiveCount += 1 }
            if state.holdsMergeBack { holdingBackCount += 1 }
        }
    }

    /// Whether every partition is live.
    public var isLive: Bool { notLiveCount == 0 }

    /// Stores the new state of `partition` and keeps the counters in step.
    private mutating func update(_ partition: StreamPartition, from old: PartitionState, to new: PartitionState) {
        states[partition] = new
        if old.isLive != new.isLive { notLiveCount += new.isLive ? -1 : 1 }
        if old.holdsMergeBack != new.holdsMergeBack { holdingBackCount += new.holdsMergeBack ? 1 : -1 }
    }

    /// The state of `partition`, if it is part of the merge.
    public func state(of partition: StreamPartition) -> PartitionState? { states[partition] }

    /// Every partition's state, in tie-break order.
    public var partitionStates: [(StreamPartition, PartitionState)] { order.compactMap { p in states[p].map { (p, $0) } } }

    /// Adds the records one Fetch answer brought for `partition` (in offset order) and moves its
    /// position to `position` (the next offset to fetch). Records below the position already known
    /// are ignored (a repeated answer). Returns false when the partition is not part of the merge.
    @discardableResult
    public mutating func append(
        _ partition: StreamPartition, records: [(offset: Int64, timestamp: Int64, payload: Payload)], position: Int64, now: Int64 = 0
    ) -> Bool {
        guard let old = states[partition], var queue = queues[partition] else { return false }
        var state = old
        let previousPosition = state.position
        for record in records where record.offset >= previousPosition {
            if let last = lastTimestamp[partition], record.timestamp < last { state.timestampInversions += 1 }
            lastTimestamp[partition] = record.timestamp
            state.lastConsumedTimestamp = record.timestamp
            if state.cutoffOffset == nil, let cutoff, record.timestamp >= cutoff, record.offset < state.range.end {
                state.cutoffOffset = record.offset
            }
            let isReplay = record.offset < state.range.end && (state.cutoffOffset.map { record.offset < $0 } ?? true)
            queue.append(Entry(offset: record.offset, timestamp: record.timestamp, payload: record.payload, isReplay: isReplay, arrival: now))
            state.buffered += 1
            if isReplay { state.bufferedReplay += 1 }
            heldCount += 1
        }
        state.position = max(previousPosition, position)
        update(partition, from: old, to: state)
        queues[partition] = queue
        return true
    }

    /// Releases up to `limit` records in merge order (fewer when the merge is held back). `now` is
    /// the caller's clock in ms, for the lateness window.
    public mutating func release(limit: Int, now: Int64 = 0) -> [Released] {
        var released: [Released] = []
        while released.count < limit, let next = nextReleasable(now: now) {
            guard var queue = queues[next], let entry = queue.popFirst(), let old = states[next] else { break }
            queues[next] = queue
            var state = old
            state.buffered -= 1
            if entry.isReplay { state.bufferedReplay -= 1 }
            state.releasedOffset = entry.offset
            update(next, from: old, to: state)
            heldCount -= 1
            watermark = max(watermark ?? entry.timestamp, entry.timestamp)
            released.append(Released(partition: next, offset: entry.offset, timestamp: entry.timestamp, payload: entry.payload))
        }
        return released
    }

    /// Whether `release` would hand out a record now.
    public func hasReleasable(now: Int64 = 0) -> Bool { nextReleasable(now: now) != nil }

    /// The partition whose head goes next, or `nil` when nothing may go now.
    private func nextReleasable(now: Int64) -> StreamPartition? {
        if isLive {
            return smallestHead { entry in now - entry.arrival >= latenessWindow }
        }
        // Replay: held back by any replaying partition with no replay record buffered.
        if holdingBackCount > 0 { return nil }
        return smallestHead { $0.isReplay }
    }

    /// The partition with the smallest eligible head by (timestamp, topic, partition, offset).
    /// Partitions are visited in (topic, partition) order and only a strictly smaller timestamp
    /// wins, which is that tie-break; offsets never tie across partitions' heads.
    private func smallestHead(where eligible: (Entry) -> Bool) -> StreamPartition? {
        var best: (partition: StreamPartition, timestamp: Int64)?
        for partition in order {
            guard let head = queues[partition]?.first, eligible(head) else { continue }
            if let current = best, head.timestamp >= current.timestamp { continue }
            best = (partition, head.timestamp)
        }
        return best?.partition
    }
}
