/// A topic partition as the producer's bookkeeping keys it.
struct ProducerTopicPartition: Sendable, Hashable, CustomStringConvertible {
    /// The topic name.
    var topic: String
    /// The partition index.
    var partition: Int32

    var description: String { "\(topic)-\(partition)" }
}
