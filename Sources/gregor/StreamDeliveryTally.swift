import GregorProtocol

/// Counts what a stream delivered.
struct StreamDeliveryTally {
    var records = 0
    var bytes = 0
    /// Records whose timestamp is below the previous record's.
    var inversions = 0
    /// Records whose timestamp is below the largest seen before them.
    var late = 0
    private var previous: Int64?
    private var highest: Int64?

    mutating func add(_ batch: MessageBatch, countOrder: Bool) {
        records += batch.count
        bytes += batch.keyColumn.data.byteCount + batch.valueColumn.data.byteCount
        guard countOrder else { return }
        for row in 0..<batch.count {
            let timestamp = batch.timestamp(at: row)
            if let previous, timestamp < previous { inversions += 1 }
            if let highest, timestamp < highest { late += 1 }
            previous = timestamp
            highest = max(highest ?? timestamp, timestamp)
        }
    }
}
