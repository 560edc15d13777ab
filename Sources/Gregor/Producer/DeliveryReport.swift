/// Where an acknowledged record landed.
public struct DeliveryReport: Sendable, Hashable, CustomStringConvertible {
    /// The record's topic.
    public var topic: String
    /// The partition the record was written to.
    public var partition: Int32
    /// The record's offset; -1 with `acks = .none` (the broker sends no response) or when the
    /// broker reported the batch as an old duplicate without its offset.
    public var offset: Int64
    /// The record's timestamp in ms since the epoch: the broker's append time when the topic uses
    /// `LogAppendTime`, otherwise the record's own (create) timestamp.
    public var timestamp: Int64

    /// Creates a report.
    public init(topic: String, partition: Int32, offset: Int64, timestamp: Int64) {
        self.topic = topic
        self.partition = partition
        self.offset = offset
        self.timestamp = timestamp
    }

    public var description: String { "\(topic)-\(partition)@\(offset)" }
}
