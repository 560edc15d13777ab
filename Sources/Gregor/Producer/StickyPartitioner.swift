/// Chooses partitions for keyless records: sticky partitioning (Kafka's KIP-480 idea).
///
/// A topic's keyless records stick to one partition while that partition has an open batch; once
/// the batch is closed (full) or drained (sent), the next keyless record picks another partition at
/// random (a different one when there are several). Batches fill up instead of many tiny batches
/// spreading over every partition, and over time records spread evenly. (Round robin per record
/// would send one small batch per partition per linger interval instead.)
struct StickyPartitioner: Sendable {
    private var current: [String: Int32] = [:]

    /// The partition for the next keyless record of `topic`.
    ///
    /// - Parameters:
    ///   - hasOpenBatch: whether the accumulator has an open (appendable) batch for a partition.
    ///   - random: a source of randomness (injected so tests are deterministic).
    mutating func partition(
        topic: String, partitionCount: Int32, hasOpenBatch: (Int32) -> Bool,
        using random: inout some RandomNumberGenerator
    ) -> Int32 {
        if let sticking = stickingPartition(topic: topic, partitionCount: partitionCount), hasOpenBatch(sticking) {
            return sticking
        }
        return choose(topic: topic, partitionCount: partitionCount, using: &random)
    }

    /// The partition `topic` currently sticks to, if any (and it is below `partitionCount`).
    func stickingPartition(topic: String, partitionCount: Int32) -> Int32? {
        guard let previous = current[topic], previous < partitionCount else { return nil }
        return previous
    }

    /// Moves `topic` to a new random partition (another one than before when there are several).
    mutating func choose(topic: String, partitionCount: Int32, using random: inout some RandomNumberGenerator) -> Int32 {
        guard partitionCount > 1 else {
            current[topic] = 0
            return 0
        }
        var next = Int32.random(in: 0..<partitionCount, using: &random)
        if let previous = current[topic], previous < partitionCount, next == previous {
            // Pick uniformly among the other partitions.
            next = (previous + 1 + Int32.random(in: 0..<(partitionCount - 1), using: &random)) % partitionCount
        }
        current[topic] = next
        return next
    }

    /// Forgets a topic's choice (its partition count changed).
    mutating func reset(topic: String) {
        current[topic] = nil
    }
}
