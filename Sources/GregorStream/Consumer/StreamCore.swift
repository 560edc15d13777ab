import DequeModule
import GregorProtocol

/// The stream's decisions without I/O: the merge, the batch being filled, the full batches waiting
/// for `poll`, and which partitions are over their share of the memory budget.
///
/// The fetch handler feeds it (`receive`), `poll` drains it (`takeBatch`); both then apply the
/// returned pause/resume changes to the fetch engine.
struct StreamCore: ~Copyable {
    private(set) var merge: OrderedMerge<MessageBatch>
    private var output: MessageBatchBuilder
    private var ready: Deque<MessageBatch> = []
    /// Partitions left out of Fetch requests.
    private(set) var paused: Set<StreamPartition> = []
    /// Counts the changes of `paused`.
    private var pauseGeneration: UInt64 = 0
    /// Records per batch.
    let batchSize: Int
    /// Key, value and header bytes per batch: a quarter of the budget, at least 1 MiB, at most 1 GiB.
    let batchByteLimit: Int
    /// Bytes each partition may hold before it is paused.
    let share: Int
    /// Records and key/value bytes received so far.
    private(set) var receivedRecords = 0
    private(set) var receivedBytes = 0

    /// A core over `ranges` with the stream's settings.
    init(ranges: [StreamPartition: ReplayRange], configuration: StreamConfiguration) {
        merge = OrderedMerge(ranges: ranges, cutoff: configuration.cutoffMilliseconds, latenessWindow: configuration.latenessWindowMilliseconds)
        batchSize = configuration.batchSize
        batchByteLimit = min(1 << 30, max(1 << 20, configuration.memoryBudget / 4))
        share = Self.share(budget: configuration.memoryBudget, partitions: ranges.count)
        output = MessageBatchBuilder(capacity: min(configuration.batchSize, 1 << 16), averageMessageSize: 128)
    }

    /// Each partition's share of the budget.
    static func share(budget: Int, partitions: Int) -> Int { max(1, budget / max(1, partitions)) }

    /// The largest Fetch answer asked per partition: a quarter of its share. A partition is paused
    /// at half its share, so even a decoded answer (columns take up to about 1.6 times the wire
    /// bytes for tiny records) keeps it under its share.
    static func partitionFetchBytes(share: Int) -> Int { max(1, share / 4) }

    /// Buffered bytes at which a partition is left out of Fetch requests.
    var pauseThreshold: Int { max(1, share / 2) }

    /// Whether the partitions' replay is over.
    var isLive: Bool { merge.isLive }

    /// Records held: in the merge, in the batch being filled, in full batches not yet polled.
    var heldCount: Int { merge.heldCount + output.count + ready.reduce(0) { $0 + $1.count } }

    /// Whether a full batch waits for `poll`.
    var hasFullBatch: Bool { !ready.isEmpty }

    /// Whether the replay is over and every replay record has been handed out (bounded mode's end).
    var isReplayDrained: Bool { merge.isLive && ready.isEmpty && output.count == 0 }

    /// Takes one partition's Fetch answer: its records (if any) and its new position. Returns false
    /// for a partition the stream does not read.
    mutating func receive(_ chunk: MessageBatch?, partition: StreamPartition, position: Int64, now: Int64) -> Bool {
        let accepted: Bool
        if let chunk {
            accepted = merge.append(partition, chunk: chunk, position: position, byteCount: chunk.byteCount, now: now)
            if accepted {
                receivedRecords += chunk.count
                receivedBytes += chunk.keyColumn.data.byteCount + chunk.valueColumn.data.byteCount
            }
        } else {
            accepted = merge.append(partition, chunk: MessageBatch.empty, position: position, now: now)
        }
        return accepted
    }

    /// Releases records from the merge into the batch being filled until a full batch waits (or
    /// nothing more may go). With `replayOnly`, stops at the end of the replay.
    mutating func fill(now: Int64, replayOnly: Bool) throws(KafkaDecodingError) {
        while ready.isEmpty {
            let runs = merge.release(limit: batchSize - output.count, now: now, replayOnly: replayOnly)
            if runs.isEmpty { return }
            for run in runs { try gather(run) }
            if output.count >= batchSize { ready.append(output.finish()) }
        }
    }

    /// Copies a run into the batch being filled; a batch whose data would pass `batchByteLimit`
    /// is finished first (a record larger than the limit goes alone), so large values make more,
    /// smaller batches instead of a column past Arrow's 2 GiB.
    private mutating func gather(_ run: MergeRun<MessageBatch>) throws(KafkaDecodingError) {
        var rows = run.rows
        while !rows.isEmpty {
            let room = batchByteLimit - output.dataByteCount
            var end = rows.upperBound
            if run.chunk.dataByteCount(rows: rows) > room {
                end = rows.lowerBound
                var bytes = 0
                while end < rows.upperBound {
                    let size = run.chunk.dataByteCount(rows: end..<end + 1)
                    if bytes + size > room { break }
                    bytes += size
                    end += 1
                }
                if end == rows.lowerBound {
                    if output.count > 0 {
                        ready.append(output.finish())
                        continue
                    }
                    end += 1
                }
            }
            try output.append(rows: rows.lowerBound..<end, of: run.chunk)
            rows = end..<rows.upperBound
            if !rows.isEmpty { ready.append(output.finish()) }
        }
    }

    /// A full batch if one waits; otherwise, with `flush`, whatever has been released (possibly an
    /// empty batch); otherwise `nil`.
    mutating func takeBatch(flush: Bool) -> MessageBatch? {
        if let batch = ready.popFirst() { return batch }
        guard flush else { return nil }
        return output.finish()
    }

    /// The partitions to leave out of Fetch requests, when that set changed since the last call:
    /// those holding half their share or more, and, while the merge replays, those already past
    /// their replay end (whatever they fetch now is live and must wait anyway). Each change gets
    /// the next generation, so that the engine keeps the latest decision when changes reach it out
    /// of order.
    mutating func backpressure() -> BackpressureChanges? {
        var changed = false
        let replaying = !merge.isLive
        for (partition, state) in merge.partitionStates {
            let over = state.bufferedBytes >= pauseThreshold || (replaying && state.hasReachedReplayEnd)
            if over != paused.contains(partition) {
                changed = true
                if over { paused.insert(partition) } else { paused.remove(partition) }
            }
        }
        guard changed else { return nil }
        pauseGeneration &+= 1
        return BackpressureChanges(paused: paused, generation: pauseGeneration)
    }

    /// The caller's view of every partition, in (topic, partition) order.
    var partitionStates: [StreamPartitionState] {
        merge.partitionStates.map { partition, state in
            StreamPartitionState(
                topic: partition.topic, partition: partition.partition, replayStart: state.range.start, replayEnd: state.range.end,
                position: state.position, consumedOffset: state.consumedOffset, releasedOffset: state.releasedOffset,
                lastConsumedTimestamp: state.lastConsumedTimestamp, buffered: state.buffered, bufferedBytes: state.bufferedBytes,
                timestampInversions: state.timestampInversions, isLive: state.isLive, isPaused: paused.contains(partition))
        }
    }

    /// Replay progress: offsets of the replay ranges released so far and in all.
    var replayProgress: StreamProgress {
        var total: Int64 = 0
        var done: Int64 = 0
        var live = 0
        for (_, state) in merge.partitionStates {
            let size = max(0, state.range.end - state.range.start)
            total += size
            // Released offsets (compaction holes count): what the caller has been handed so far.
            let released = state.releasedOffset.map { $0 + 1 - state.range.start } ?? 0
            done += state.isLive ? size : min(size, max(0, released))
            if state.isLive { live += 1 }
        }
        return StreamProgress(
            replayOffsetsDone: done, replayOffsetsTotal: total, receivedRecords: receivedRecords, receivedBytes: receivedBytes,
            livePartitions: live, partitions: merge.partitions.count)
    }
}

/// The partitions to leave out of Fetch requests (all others are fetched), and the decision's
/// generation.
struct BackpressureChanges: Sendable {
    var paused: Set<StreamPartition>
    var generation: UInt64
}

extension MessageBatch {
    /// A batch with no rows (for answers that only move a position).
    static let empty: MessageBatch = {
        var builder = MessageBatchBuilder(capacity: 0, averageMessageSize: 0)
        return builder.finish()
    }()
}
