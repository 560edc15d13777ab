/// Something the caller of the fetch engine may need to act on, besides records.
public enum FetchEvent: Sendable {
    /// A partition's position was set by a ListOffsets lookup: its start policy (`from` is `nil`),
    /// a seek to a policy, or the out-of-range policy (`from` is the position the broker refused).
    case positionReset(FetchPartitionID, from: Int64?, to: Int64)
    /// A partition stopped on a non-retriable error; it stays assigned and a seek revives it.
    case partitionFailed(FetchPartitionID, KafkaError)
}
