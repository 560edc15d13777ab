import Foundation
import Gregor

/// A topic the stream reads: its start policy and, optionally, which of its partitions.
///
/// ```swift
/// let topics = [
///     SourceTopic.earliest("events"),
///     SourceTopic.relativeTime("metrics", .seconds(3600)).shard(0, of: 4),
/// ]
/// ```
public struct SourceTopic: Sendable, Hashable {
    /// The topic's name.
    public var name: String
    /// Where the replay starts.
    public var startPolicy: StreamStartPolicy
    /// Only these partitions (`nil`: every partition).
    public var partitions: Set<Int32>?
    /// Only the partitions `p` with `p % count == index` (`nil`: no sharding).
    public var shard: StreamShard?

    /// A topic read from `startPolicy`.
    public init(_ name: String, startPolicy: StreamStartPolicy, partitions: Set<Int32>? = nil, shard: StreamShard? = nil) {
        self.name = name
        self.startPolicy = startPolicy
        self.partitions = partitions
        self.shard = shard
    }

    /// A topic replayed from its oldest records.
    public static func earliest(_ name: String) -> SourceTopic { SourceTopic(name, startPolicy: .earliest) }

    /// A topic read from its end: nothing to replay.
    public static func latest(_ name: String) -> SourceTopic { SourceTopic(name, startPolicy: .latest) }

    /// A topic replayed from its first record at or after `date`.
    public static func timestamp(_ name: String, _ date: Date) -> SourceTopic {
        SourceTopic(name, startPolicy: .timestamp(milliseconds: Int64((date.timeIntervalSince1970 * 1000).rounded(.down))))
    }

    /// A topic replayed from `duration` before the stream starts.
    public static func relativeTime(_ name: String, _ duration: Duration) -> SourceTopic {
        SourceTopic(name, startPolicy: .relativeTime(duration))
    }

    /// A topic replayed from explicit offsets (partitions not listed start at the earliest record).
    public static func offsets(_ name: String, _ offsets: [Int32: Int64]) -> SourceTopic {
        SourceTopic(name, startPolicy: .offsets(offsets))
    }

    /// This topic restricted to `partitions`.
    public func partitions(_ partitions: Set<Int32>) -> SourceTopic {
        var copy = self
        copy.partitions = partitions
        return copy
    }

    /// This topic restricted to shard `index` of `count`: the partitions `p` with `p % count == index`.
    public func shard(_ index: Int, of count: Int) -> SourceTopic {
        var copy = self
        copy.shard = StreamShard(index: index, count: count)
        return copy
    }

    /// Whether the topic reads `partition` (by subset and shard).
    func selects(_ partition: Int32) -> Bool {
        if let partitions, !partitions.contains(partition) { return false }
        if let shard, Int(partition) % shard.count != shard.index { return false }
        return true
    }

    /// Checks the name, policy, subset and shard.
    func validate() throws(KafkaError) {
        guard !name.isEmpty else { throw KafkaError(.invalidConfiguration, "a topic name must not be empty") }
        try startPolicy.validate(topic: name)
        if let partitions {
            guard !partitions.isEmpty else { throw KafkaError(.invalidConfiguration, "the partition subset is empty", topic: name) }
            if let negative = partitions.first(where: { $0 < 0 }) {
                throw KafkaError(.invalidConfiguration, "partition \(negative) is negative", topic: name)
            }
        }
        if let shard { try shard.validate(topic: name) }
    }
}

/// One shard of a fleet that splits topics by partition: shard `index` of `count` reads the
/// partitions `p` with `p % count == index`.
public struct StreamShard: Sendable, Hashable, CustomStringConvertible {
    /// This shard, from 0.
    public var index: Int
    /// How many shards.
    public var count: Int

    /// Shard `index` of `count`.
    public init(index: Int, count: Int) {
        self.index = index
        self.count = count
    }

    /// `index/count`.
    public var description: String { "\(index)/\(count)" }

    func validate(topic: String) throws(KafkaError) {
        guard count >= 1 else { throw KafkaError(.invalidConfiguration, "the shard count must be at least 1 (\(self))", topic: topic) }
        guard index >= 0, index < count else { throw KafkaError(.invalidConfiguration, "the shard index must be in 0..<\(count) (\(self))", topic: topic) }
    }
}
