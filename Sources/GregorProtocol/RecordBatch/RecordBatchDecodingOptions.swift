/// How `RecordBatchDecoder` treats the batches it walks.
public struct RecordBatchDecodingOptions: Sendable, Hashable {
    /// Verify each batch's CRC-32C (default true; Kafka clients call this `check.crcs`).
    public var verifyCRC: Bool
    /// Upper bound for the decompressed records section of one batch; more is an error
    /// (`.decompressedSizeLimitExceeded`), which stops decompression bombs.
    public var maxDecompressedBatchSize: Int
    /// For `read_committed`: the partition's aborted transactions from the Fetch response.
    /// `nil` reads uncommitted (every data record is delivered).
    public var abortedTransactions: [AbortedTransaction]?

    /// The default limit for one decompressed batch: 64 MiB.
    public static let defaultMaxDecompressedBatchSize = 64 << 20

    /// Creates options; the defaults verify CRCs and read uncommitted.
    public init(
        verifyCRC: Bool = true,
        maxDecompressedBatchSize: Int = RecordBatchDecodingOptions.defaultMaxDecompressedBatchSize,
        abortedTransactions: [AbortedTransaction]? = nil
    ) {
        self.verifyCRC = verifyCRC
        self.maxDecompressedBatchSize = maxDecompressedBatchSize
        self.abortedTransactions = abortedTransactions
    }
}
