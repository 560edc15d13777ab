/// Which records a fetch returns with respect to transactions.
public enum FetchIsolationLevel: Int8, Sendable, Hashable {
    /// Every record, including records of open and aborted transactions.
    case readUncommitted = 0
    /// Only records below the last stable offset, and no records of aborted transactions
    /// (filtered with the Fetch response's aborted-transaction list).
    case readCommitted = 1
}
