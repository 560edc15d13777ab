/// A run of one partition's records in offset order, as the merge sees them: only offsets and
/// timestamps. The Stream's chunks are `MessageBatch`es decoded from one Fetch answer; tests use
/// plain arrays.
public protocol MergeChunk: Sendable {
    /// Number of records.
    var count: Int { get }
    /// The offset of record `row` (ascending with `row`).
    func offset(at row: Int) -> Int64
    /// The timestamp (ms since the epoch) of record `row`.
    func timestamp(at row: Int) -> Int64
}

/// Records released together: consecutive rows of one chunk of one partition.
public struct MergeRun<Chunk: MergeChunk>: Sendable {
    /// The partition.
    public var partition: StreamPartition
    /// The chunk the rows belong to.
    public var chunk: Chunk
    /// The released rows, in order.
    public var rows: Range<Int>
}

/// A chunk waiting in a partition's queue, with how far it has been released.
struct QueuedChunk<Chunk: MergeChunk>: Sendable {
    var chunk: Chunk
    /// The next row to release.
    var next: Int
    /// Rows below this index belong to the replay; the rest are live.
    var replayEnd: Int
    /// Caller's bytes for the chunk (for the memory budget).
    var byteCount: Int
    /// When the chunk entered the merge (caller's clock, ms), for the lateness window.
    var arrival: Int64

    var remaining: Int { chunk.count - next }
    var remainingReplay: Int { max(0, replayEnd - next) }
}
