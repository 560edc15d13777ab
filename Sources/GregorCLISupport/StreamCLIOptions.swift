/// `--format` of `gregor consume`: text to standard output, or an Arrow IPC file.
public enum ConsumeFormat: String, Sendable, CaseIterable {
    /// One JSON object per line.
    case jsonl
    /// An aligned text table.
    case table
    /// An Arrow IPC file (needs `--output`).
    case arrow
}

/// `--shard i/n`: read the partitions `p` with `p % n == i`.
public struct ShardOption: Sendable, Equatable {
    /// This shard, from 0.
    public var index: Int
    /// How many shards.
    public var count: Int

    /// Parses `i/n` with `n >= 1` and `0 <= i < n`; the error says what is wrong.
    public init(parsing text: String) throws(CLIError) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let index = Int(parts[0]), let count = Int(parts[1]) else {
            throw CLIError("--shard takes i/n, such as 0/4 (got \"\(text)\")")
        }
        guard count >= 1 else { throw CLIError("--shard \(text): the shard count must be at least 1") }
        guard index >= 0, index < count else { throw CLIError("--shard \(text): the index must be in 0..<\(count)") }
        self.index = index
        self.count = count
    }
}

/// The replay progress line `gregor consume` keeps on a terminal's standard error.
public struct ReplayProgressLine: Sendable, Equatable {
    /// Offsets of the replay released so far.
    public var done: Int64
    /// Offsets to replay in all.
    public var total: Int64
    /// Records received.
    public var records: Int
    /// Key and value bytes received.
    public var bytes: Int
    /// Partitions whose replay is over, and all partitions.
    public var livePartitions: Int
    /// All partitions.
    public var partitions: Int
    /// Time since the replay started.
    public var elapsed: Duration

    /// Creates a value.
    public init(done: Int64, total: Int64, records: Int, bytes: Int, livePartitions: Int, partitions: Int, elapsed: Duration) {
        self.done = done
        self.total = total
        self.records = records
        self.bytes = bytes
        self.livePartitions = livePartitions
        self.partitions = partitions
        self.elapsed = elapsed
    }

    /// e.g. `replay 42% · 420000 records · 48.7 MiB · 1/4 partitions live · ETA 3 s`.
    public var text: String {
        let fraction = total > 0 ? min(1, Double(done) / Double(total)) : 1
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        var eta = "ETA --"
        if fraction > 0, fraction < 1, seconds > 0 {
            eta = "ETA \(DecimalFormatting.fixed(seconds * (1 - fraction) / fraction, places: 0)) s"
        } else if fraction >= 1 {
            eta = "done"
        }
        return "replay \(Int((fraction * 100).rounded(.down)))% · \(records) records · \(DecimalFormatting.bytes(bytes)) · "
            + "\(livePartitions)/\(partitions) partitions live · \(eta)"
    }
}
