/// End offsets a reader must reach, per partition: a barrier's, a catch-up's, or a write's.
///
/// A partition's position is the next offset to fetch, so the reader has applied everything below
/// a target once its position is at or past it — however compaction holes or transaction markers
/// fall (positions, never the offset of the last record seen, decide).
struct OffsetTargets: Sendable, Hashable {
    /// Offset to reach, by partition.
    var offsets: [Int32: Int64]

    /// Whether `positions` are at or past every target. A target of 0 (an empty partition) holds
    /// before anything was fetched.
    func areReached(by positions: [Int32: Int64]) -> Bool {
        offsets.allSatisfy { partition, target in target <= 0 || (positions[partition] ?? 0) >= target }
    }

    /// How many records remain below the targets, given `positions` (for logs).
    func remaining(from positions: [Int32: Int64]) -> Int64 {
        offsets.reduce(Int64(0)) { sum, entry in
            sum &+ max(0, entry.value &- (positions[entry.key] ?? 0))
        }
    }
}
