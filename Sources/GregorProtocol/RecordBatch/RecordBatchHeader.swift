/// The fixed 61-byte header of a record batch (magic 2), as Kafka's protocol guide lays it out:
///
/// ```
/// baseOffset: int64, batchLength: int32, partitionLeaderEpoch: int32, magic: int8, crc: uint32,
/// attributes: int16, lastOffsetDelta: int32, baseTimestamp: int64, maxTimestamp: int64,
/// producerId: int64, producerEpoch: int16, baseSequence: int32, recordCount: int32
/// ```
///
/// `batchLength` counts the bytes after itself; the CRC-32C covers `attributes` to the end.
public struct RecordBatchHeader: Sendable, Hashable {
    /// Size of the header in bytes; the records start right after it.
    public static let size = 61
    /// Bytes before the part that `batchLength` counts (baseOffset and batchLength).
    public static let logOverhead = 12
    /// The magic byte of the format this type describes.
    public static let currentMagic: Int8 = 2
    /// Offset of the magic byte from the batch start (same place in every Kafka message format).
    static let magicOffset = 16
    /// Offset of the CRC from the batch start.
    static let crcOffset = 17
    /// Offset of the attributes from the batch start; the CRC covers everything from here.
    static let attributesOffset = 21

    /// Offset of the first record.
    public var baseOffset: Int64
    /// Length of the batch in bytes, counted from `partitionLeaderEpoch` to the end.
    public var batchLength: Int32
    /// Leader epoch of the partition when the batch was appended (-1 when unknown).
    public var partitionLeaderEpoch: Int32
    /// Format version; 2 for record batches.
    public var magic: Int8
    /// The stored CRC-32C of the bytes from `attributes` to the end.
    public var crc: UInt32
    /// Compression, timestamp type and the transactional and control flags.
    public var attributes: RecordBatchAttributes
    /// Offset of the last record relative to `baseOffset`; kept even when compaction removed records.
    public var lastOffsetDelta: Int32
    /// Timestamp of the first record (or the delete horizon when `attributes.hasDeleteHorizon`).
    public var baseTimestamp: Int64
    /// Largest timestamp in the batch; with LogAppendTime, the broker's append time.
    public var maxTimestamp: Int64
    /// Producer id of an idempotent or transactional producer, -1 otherwise.
    public var producerId: Int64
    /// Producer epoch, -1 when there is no producer id.
    public var producerEpoch: Int16
    /// Sequence number of the first record, -1 when there is no producer id.
    public var baseSequence: Int32
    /// Number of records the batch declares.
    public var recordCount: Int32

    /// Creates a header from its fields.
    public init(
        baseOffset: Int64, batchLength: Int32, partitionLeaderEpoch: Int32, magic: Int8 = 2, crc: UInt32,
        attributes: RecordBatchAttributes, lastOffsetDelta: Int32, baseTimestamp: Int64, maxTimestamp: Int64,
        producerId: Int64, producerEpoch: Int16, baseSequence: Int32, recordCount: Int32
    ) {
        self.baseOffset = baseOffset
        self.batchLength = batchLength
        self.partitionLeaderEpoch = partitionLeaderEpoch
        self.magic = magic
        self.crc = crc
        self.attributes = attributes
        self.lastOffsetDelta = lastOffsetDelta
        self.baseTimestamp = baseTimestamp
        self.maxTimestamp = maxTimestamp
        self.producerId = producerId
        self.producerEpoch = producerEpoch
        self.baseSequence = baseSequence
        self.recordCount = recordCount
    }

    /// Offset of the last record the batch covers (`baseOffset + lastOffsetDelta`).
    public var lastOffset: Int64 { baseOffset &+ Int64(lastOffsetDelta) }

    /// The offset after this batch: where the next fetch starts, even when compaction left holes
    /// or the batch was a control batch.
    public var nextOffset: Int64 { lastOffset &+ 1 }

    /// Total size of the batch in bytes, including `baseOffset` and `batchLength`.
    public var totalSize: Int { RecordBatchHeader.logOverhead + Int(batchLength) }

    /// The producer that wrote the batch is idempotent or transactional.
    public var hasProducerId: Bool { producerId >= 0 }
}
