import Foundation
import Gregor

/// What a `KafkaStream` reads and how: the topics, an optional cutoff, the batch size, the memory
/// budget. The connection settings are a `KafkaClientConfiguration` beside it.
///
/// ```swift
/// var configuration = StreamConfiguration(topics: [.earliest("events")])
/// configuration.batchSize = 100_000
/// configuration.cutoff = Date()
/// ```
public struct StreamConfiguration: Sendable {
    /// The topics, each with its start policy (names must be unique).
    public var topics: [SourceTopic]
    /// Replay of a partition also ends at its first record whose timestamp (ms since the epoch)
    /// is at or after this; later records are live. `nil`: replay ends at the high watermarks
    /// taken at start.
    public var cutoffMilliseconds: Int64?

    /// `cutoffMilliseconds` as a `Date` (rounded down to the millisecond when set).
    public var cutoff: Date? {
        get { cutoffMilliseconds.map { Date(timeIntervalSince1970: Double($0) / 1000) } }
        set { cutoffMilliseconds = newValue.map { Int64(($0.timeIntervalSince1970 * 1000).rounded(.down)) } }
    }
    /// Records per batch: `poll` returns as soon as this many are releasable.
    public var batchSize: Int = 10_000
    /// Bytes of fetched records the stream may hold in its buffers, shared equally by the
    /// partitions. A partition at half its share is left out of Fetch requests until the merge
    /// drains it, and asks at most a quarter of its share per answer, so the buffers stay within
    /// the budget. Memory stays within this plus the Fetch responses being decoded (one per
    /// broker) and the batches being filled and handed out (`batchSize` records each).
    public var memoryBudget: Int = 256 << 20
    /// In the live phase, how long a record waits after arrival so that a slightly late partition
    /// can still be ordered before it (zero: release on arrival).
    public var latenessWindow: Duration = .zero
    /// A bounded stream (a dump): it ends once the replay range is released — `poll` then returns
    /// empty batches, `batches()` finishes, fetching stops. Records past the replay are not
    /// delivered.
    public var bounded = false
    /// Fetch settings (isolation level, long-poll wait, sizes; sizes are capped by the budget).
    public var fetch = FetchConfiguration()

    /// A configuration reading `topics`.
    public init(topics: [SourceTopic], cutoff: Date? = nil) {
        self.topics = topics
        self.cutoff = cutoff
    }

    /// A configuration reading `topics`, with the cutoff in ms since the epoch.
    public init(topics: [SourceTopic], cutoffMilliseconds: Int64?) {
        self.topics = topics
        self.cutoffMilliseconds = cutoffMilliseconds
    }

    /// The smallest budget accepted: room for one default-sized partition fetch and a batch.
    public static let minimumMemoryBudget = 1 << 20

    /// The lateness window in milliseconds.
    var latenessWindowMilliseconds: Int64 { latenessWindow.saturatingMilliseconds }

    /// Checks every setting; the error names the offending one (and the topic).
    public func validate() throws(KafkaError) {
        guard !topics.isEmpty else { throw KafkaError(.invalidConfiguration, "a stream needs at least one topic") }
        var seen: Set<String> = []
        for topic in topics {
            try topic.validate()
            guard seen.insert(topic.name).inserted else {
                throw KafkaError(.invalidConfiguration, "the topic is listed twice", topic: topic.name)
            }
        }
        guard batchSize >= 1 else { throw KafkaError(.invalidConfiguration, "batchSize must be at least 1 (got \(batchSize))") }
        guard memoryBudget >= Self.minimumMemoryBudget else {
            throw KafkaError(.invalidConfiguration, "memoryBudget must be at least \(Self.minimumMemoryBudget) bytes (got \(memoryBudget))")
        }
        guard latenessWindow >= .zero else { throw KafkaError(.invalidConfiguration, "latenessWindow must not be negative") }
        if let cutoffMilliseconds, cutoffMilliseconds < 0 {
            throw KafkaError(.invalidConfiguration, "the cutoff must be a time after 1970 (got \(cutoffMilliseconds) ms)")
        }
        try fetch.validate()
    }
}

extension Duration {
    /// Whole milliseconds, saturating at `Int64.max` (and at `Int64.min` for negative durations).
    var saturatingMilliseconds: Int64 {
        let (seconds, attoseconds) = components
        let (milliseconds, overflow) = seconds.multipliedReportingOverflow(by: 1000)
        guard !overflow else { return seconds < 0 ? .min : .max }
        let (total, overflowAgain) = milliseconds.addingReportingOverflow(attoseconds / 1_000_000_000_000_000)
        guard !overflowAgain else { return seconds < 0 ? .min : .max }
        return total
    }
}
