import DequeModule

/// The release order of a Stream, as a pure state machine (no I/O, no clock of its own).
///
/// Chunks of records enter per partition in offset order (`append`). `release` hands records back
/// as runs of rows, in the order DESIGN.md fixes:
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
public struct OrderedMerge<Chunk: MergeChunk>: Sendable {
    /// What the merge knows about one partition.
    public struct PartitionState: Sendable, Hashable {
        /// The replay range taken at start.
        public var range: ReplayRange
        /// Next offset to fetch: everything below it has been appended (or skipped by the broker).
        public var position: Int64
        /// Offset of the last appended record, if any.
        public var consumedOffset: Int64?
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
        /// The caller's bytes of the chunks still buffered.
        public var bufferedBytes: Int
        /// Records whose timestamp is below their predecessor's in this partition.
        public var timestampInversions: Int

        /// Whether every replay record has been fetched.
        public var hasReachedReplayEnd: Bool { cutoffOffset != nil || position >= range.end }

        /// Whether the replay is over for this partition: reached its end, nothing of it still held.
        public var isLive: Bool { hasReachedReplayEnd && bufferedReplay == 0 }

        /// Whether this partition holds the replay merge back: still replaying, nothing buffered.
        public var holdsMergeBack: Bool { !hasReachedReplayEnd && bufferedReplay == 0 }
    }

    /// One partition: its state and its queue of chunks.
    struct Lane: Sendable {
        var partition: StreamPartition
        var state: PartitionState
        var queue: Deque<QueuedChunk<Chunk>> = []
    }

    /// Partitions in tie-break order (topic, partition).
    private var lanes: [Lane]
    private let laneIndex: [StreamPartition: Int]
    /// The cutoff (ms), if any.
    public let cutoff: Int64?
    /// How long a live record waits after arrival before release (ms); 0 releases at once.
    public let latenessWindow: Int64
    /// The timestamp of the last record released (the merge's watermark), if any.
    public private(set) var watermark: Int64?
    /// Records held in all.
    public private(set) var heldCount = 0
    /// The caller's bytes held in all.
    public private(set) var heldBytes = 0
    /// Partitions not live yet, and those holding the merge back: kept up to date on every change
    /// so that releasing does not scan every partition's state.
    private var notLiveCount = 0
    private var holdingBackCount = 0

    /// A merge over `ranges` (one per partition).
    public init(ranges: [StreamPartition: ReplayRange], cutoff: Int64? = nil, latenessWindow: Int64 = 0) {
        let order = ranges.keys.sorted()
        self.cutoff = cutoff
        self.latenessWindow = max(0, latenessWindow)
        var lanes: [Lane] = []
        var laneIndex: [StreamPartition: Int] = [:]
        for partition in order {
            guard let range = ranges[partition] else { continue }
            let state = PartitionState(
                range: range, position: range.start, consumedOffset: nil, releasedOffset: nil, lastConsumedTimestamp: nil,
                cutoffOffset: nil, buffered: 0, bufferedReplay: 0, bufferedBytes: 0, timestampInversions: 0)
            laneIndex[partition] = lanes.count
            lanes.append(Lane(partition: partition, state: state))
            if !state.isLive { notLiveCount += 1 }
            if state.holdsMergeBack { holdingBackCount += 1 }
        }
        self.lanes = lanes
        self.laneIndex = laneIndex
    }

    /// Whether every partition is live.
    public var isLive: Bool { notLiveCount == 0 }

    /// The partitions, in tie-break order.
    public var partitions: [StreamPartition] { lanes.map(\.partition) }

    /// The state of `partition`, if it is part of the merge.
    public func state(of partition: StreamPartition) -> PartitionState? {
        laneIndex[partition].map { lanes[$0].state }
    }

    /// Every partition's state, in tie-break order.
    public var partitionStates: [(StreamPartition, PartitionState)] { lanes.map { ($0.partition, $0.state) } }

    /// Applies `change` to a lane's state and keeps the counters in step.
    private mutating func updateState(_ lane: Int, _ change: (inout PartitionState) -> Void) {
        let old = lanes[lane].state
        change(&lanes[lane].state)
        let new = lanes[lane].state
        if old.isLive != new.isLive { notLiveCount += new.isLive ? -1 : 1 }
        if old.holdsMergeBack != new.holdsMergeBack { holdingBackCount += new.holdsMergeBack ? 1 : -1 }
    }

    /// Adds the records one Fetch answer brought for `partition` (a chunk in offset order) and
    /// moves its position to `position` (the next offset to fetch). Records below the position
    /// already known are ignored (a repeated answer). `byteCount` is the chunk's memory, counted
    /// until its last row is released. Returns false when the partition is not part of the merge.
    @discardableResult
    public mutating func append(_ partition: StreamPartition, chunk: Chunk, position: Int64, byteCount: Int = 0, now: Int64 = 0) -> Bool {
        guard let lane = laneIndex[partition] else { return false }
        var state = lanes[lane].state
        let previousPosition = state.position
        var first = 0
        while first < chunk.count, chunk.offset(at: first) < previousPosition { first += 1 }
        var replayEnd = first
        var inversions = 0
        var lastTimestamp = state.lastConsumedTimestamp
        var row = first
        while row < chunk.count {
            let offset = chunk.offset(at: row)
            let timestamp = chunk.timestamp(at: row)
            if let last = lastTimestamp, timestamp < last { inversions += 1 }
            lastTimestamp = timestamp
            if state.cutoffOffset == nil, let cutoff, timestamp >= cutoff, offset < state.range.end {
                state.cutoffOffset = offset
            }
            if offset < state.range.end, state.cutoffOffset.map({ offset < $0 }) ?? true { replayEnd = row + 1 }
            row += 1
        }
        let added = chunk.count - first
        state.position = max(previousPosition, position)
        if added > 0 {
            state.consumedOffset = chunk.offset(at: chunk.count - 1)
            state.lastConsumedTimestamp = lastTimestamp
            state.timestampInversions += inversions
            state.buffered += added
            state.bufferedReplay += replayEnd - first
            state.bufferedBytes += byteCount
            heldCount += added
            heldBytes += byteCount
            lanes[lane].queue.append(QueuedChunk(chunk: chunk, next: first, replayEnd: replayEnd, byteCount: byteCount, arrival: now))
        }
        let final = state
        updateState(lane) { $0 = final }
        return true
    }

    /// Releases up to `limit` records in merge order (fewer when the merge is held back), as runs
    /// of consecutive rows. `now` is the caller's clock in ms, for the lateness window. With
    /// `replayOnly`, nothing past the replay is released (a bounded replay, a dump).
    public mutating func release(limit: Int, now: Int64 = 0, replayOnly: Bool = false) -> [MergeRun<Chunk>] {
        var runs: [MergeRun<Chunk>] = []
        var remaining = limit
        while remaining > 0, !(replayOnly && isLive), let run = releaseRun(limit: remaining, now: now) {
            remaining -= run.rows.count
            runs.append(run)
        }
        return runs
    }

    /// Whether `release` would hand out a record now.
    public func hasReleasable(now: Int64 = 0) -> Bool { bestTwoHeads(now: now).best != nil }

    /// Releases the longest run the merge order allows from the partition whose head goes next:
    /// its rows up to (not including) the first that another partition's head would precede.
    private mutating func releaseRun(limit: Int, now: Int64) -> MergeRun<Chunk>? {
        let (bestLane, second) = bestTwoHeads(now: now)
        guard let lane = bestLane, let head = lanes[lane].queue.first else { return nil }
        let chunk = head.chunk
        let isReplayPhase = !isLive
        let stop = min(isReplayPhase ? head.replayEnd : chunk.count, head.next + limit)
        var end = head.next
        var highest = watermark ?? Int64.min
        while end < stop {
            let timestamp = chunk.timestamp(at: end)
            // The other partitions' smallest head goes first when it is earlier, or equal and
            // earlier in (topic, partition) order.
            if end > head.next, let second, timestamp > second.timestamp || (timestamp == second.timestamp && second.lane < lane) {
                break
            }
            highest = max(highest, timestamp)
            end += 1
        }
        let rows = head.next..<end
        guard !rows.isEmpty else { return nil }
        watermark = highest
        let replayReleased = max(0, min(end, head.replayEnd) - head.next)
        let exhausted = end == chunk.count
        let freedBytes = exhausted ? head.byteCount : 0
        if exhausted {
            lanes[lane].queue.removeFirst()
        } else {
            lanes[lane].queue[0].next = end
        }
        heldCount -= rows.count
        heldBytes -= freedBytes
        let lastOffset = chunk.offset(at: end - 1)
        updateState(lane) { state in
            state.buffered -= rows.count
            state.bufferedReplay -= replayReleased
            state.bufferedBytes -= freedBytes
            state.releasedOffset = lastOffset
        }
        return MergeRun(partition: lanes[lane].partition, chunk: chunk, rows: rows)
    }

    /// The lane whose head goes next and the smallest eligible head among the others, or no lane
    /// when nothing may go now.
    private func bestTwoHeads(now: Int64) -> (best: Int?, second: (lane: Int, timestamp: Int64)?) {
        let isReplayPhase = !isLive
        // Replay: held back by any replaying partition with no replay record buffered.
        if isReplayPhase && holdingBackCount > 0 { return (nil, nil) }
        var best: (lane: Int, timestamp: Int64)?
        var second: (lane: Int, timestamp: Int64)?
        for lane in lanes.indices {
            guard let head = lanes[lane].queue.first else { continue }
            if isReplayPhase {
                guard head.next < head.replayEnd else { continue }
            } else {
                guard now - head.arrival >= latenessWindow else { continue }
            }
            let timestamp = head.chunk.timestamp(at: head.next)
            // Lanes are visited in (topic, partition) order: only a strictly smaller timestamp wins.
            if let current = best {
                if timestamp < current.timestamp {
                    second = current
                    best = (lane, timestamp)
                } else if (second.map { timestamp < $0.timestamp }) ?? true {
                    second = (lane, timestamp)
                }
            } else {
                best = (lane, timestamp)
            }
        }
        return (best?.lane, second)
    }
}
