/// One entry of a Fetch response's `AbortedTransactions` list: a transaction of `producerId` that
/// started at `firstOffset` and was aborted.
public struct AbortedTransaction: Sendable, Hashable {
    /// The producer whose transaction was aborted.
    public var producerId: Int64
    /// The first offset of the aborted transaction.
    public var firstOffset: Int64

    /// Creates an entry.
    public init(producerId: Int64, firstOffset: Int64) {
        self.producerId = producerId
        self.firstOffset = firstOffset
    }
}
