import NIOCore

/// Writes one record batch (magic 2): append records, then `encode(into:)`.
///
/// The first record's timestamp becomes the batch's `baseTimestamp` (later records may be earlier:
/// deltas are signed); `maxTimestamp` is the largest timestamp, or `logAppendTime` with
/// `.logAppendTime`. Offset deltas default to 0, 1, 2, … and must increase. Records are encoded as
/// they are appended, into a buffer that `removeAll()` keeps for the next batch.
public struct RecordBatchBuilder: Sendable {
    /// Offset of the first record (the broker assigns real offsets; producers write 0).
    public var baseOffset: Int64
    /// Partition leader epoch (-1 from producers).
    public var partitionLeaderEpoch: Int32 = -1
    /// Producer id, -1 for a producer that is neither idempotent nor transactional.
    public var producerId: Int64 = -1
    /// Producer epoch, -1 without a producer id.
    public var producerEpoch: Int16 = -1
    /// Sequence number of the first record, -1 without a producer id.
    public var baseSequence: Int32 = -1
    /// Whether the batch is part of a transaction.
    public var isTransactional = false
    /// Whether the batch holds control records (see `appendControlRecord`).
    public var isControl = false
    /// The timestamp type written in the attributes.
    public var timestampType: TimestampType = .createTime
    /// With `.logAppendTime`, the append time written as `maxTimestamp`; `nil` keeps the records' maximum.
    public var logAppendTime: Int64?
    /// The codec for the records section.
    public var compression: CompressionCodec = .none
    /// Codec level (`nil` for the codec's default).
    public var compressionLevel: Int?
    /// Overrides `lastOffsetDelta` (for example to write a batch whose last records compaction
    /// removed); `nil` uses the last record's offset delta.
    public var lastOffsetDeltaOverride: Int32?

    private var records: ByteBuffer
    /// Records appended so far.
    public private(set) var recordCount: Int32 = 0
    private var baseTimestamp: Int64 = -1
    private var maxTimestamp: Int64 = -1
    private var lastOffsetDelta: Int32 = -1

    /// A builder for a batch starting at `baseOffset`, with room for `capacity` bytes of records.
    public init(baseOffset: Int64 = 0, compression: CompressionCodec = .none, capacity: Int = 16 * 1024) {
        self.baseOffset = baseOffset
        self.compression = compression
        self.records = ByteBufferAllocator().buffer(capacity: capacity)
    }

    /// Bytes of (uncompressed) records appended so far.
    public var recordsByteCount: Int { records.readableBytes }

    /// Appends a record. `key`/`value` `nil` is null (distinct from empty).
    ///
    /// - Parameters:
    ///   - timestamp: the record's timestamp in ms.
    ///   - offsetDelta: the offset relative to `baseOffset`; default: one after the previous record.
    public mutating func appendRaw(
        key: UnsafeRawBufferPointer?, value: UnsafeRawBufferPointer?, headers: [RecordHeader] = [],
        timestamp: Int64, offsetDelta: Int32? = nil
    ) throws(KafkaEncodingError) {
        let delta = offsetDelta ?? (lastOffsetDelta &+ 1)
        guard delta > lastOffsetDelta else {
            throw .invalidValue(field: "offsetDelta", reason: "\(delta) does not increase (previous \(lastOffsetDelta))")
        }
        guard recordCount < Int32.max else { throw .tooLong(field: "records", length: Int(recordCount) + 1) }
        if recordCount == 0 {
            baseTimestamp = timestamp
            maxTimestamp = timestamp
        }
        let timestampDelta = timestamp &- baseTimestamp
        let keyLength = try Self.length(key, field: "key")
        let valueLength = try Self.length(value, field: "value")
        var headerBytes = 0
        for header in headers {
            let headerKeyLength = try Self.length(header.key.utf8.count, field: "header key")
            let headerValueLength = try Self.length(header.value?.count, field: "header value")
            headerBytes += ByteBuffer.varintSize(headerKeyLength) + Int(max(headerKeyLength, 0))
                + ByteBuffer.varintSize(headerValueLength) + Int(max(headerValueLength, 0))
        }
        let headerCount = try Self.length(headers.count, field: "headers")
        let bodySize = 1 + ByteBuffer.varlongSize(timestampDelta) + ByteBuffer.varintSize(delta)
            + ByteBuffer.varintSize(keyLength) + Int(max(keyLength, 0))
            + ByteBuffer.varintSize(valueLength) + Int(max(valueLength, 0))
            + ByteBuffer.varintSize(headerCount) + headerBytes
        let bodyLength = try Self.length(bodySize, field: "record")

        let totalSize = ByteBuffer.varintSize(bodyLength) + bodySize
        records.writeWithUnsafeMutableBytes(minimumWritableBytes: totalSize) { out in
            guard let base = out.baseAddress else { return 0 }  // unreachable: totalSize > 0
            var writer = RawRecordWriter(base)
            writer.varint(bodyLength)
            writer.byte(0)  // record attributes: unused
            writer.varlong(timestampDelta)
            writer.varint(delta)
            writer.varint(keyLength)
            if let key { writer.bytes(key) }
            writer.varint(valueLength)
            if let value { writer.bytes(value) }
            writer.varint(headerCount)
            for header in headers {
                var headerKey = header.key
                writer.varint(Int32(truncatingIfNeeded: headerKey.utf8.count))
                headerKey.withUTF8 { writer.bytes(UnsafeRawBufferPointer($0)) }
                if let headerValue = header.value {
                    writer.varint(Int32(truncatingIfNeeded: headerValue.count))
                    headerValue.withUnsafeBytes { writer.bytes($0) }
                } else {
                    writer.varint(-1)
                }
            }
            return base.distance(to: writer.position)
        }
        recordCount += 1
        lastOffsetDelta = delta
        maxTimestamp = max(maxTimestamp, timestamp)
    }

    /// Appends a record from byte arrays. `key`/`value` `nil` is null (distinct from empty).
    public mutating func append(
        key: [UInt8]?, value: [UInt8]?, headers: [RecordHeader] = [], timestamp: Int64, offsetDelta: Int32? = nil
    ) throws(KafkaEncodingError) {
        try Self.withOptionalBytes(key) { (keyBytes) throws(KafkaEncodingError) in
            try Self.withOptionalBytes(value) { (valueBytes) throws(KafkaEncodingError) in
                try appendRaw(key: keyBytes, value: valueBytes, headers: headers, timestamp: timestamp, offsetDelta: offsetDelta)
            }
        }
    }

    /// Appends a control record (set `isControl`, and `isTransactional` for transaction markers):
    /// key `version, type`, value `version, coordinatorEpoch` as Kafka writes end-transaction markers.
    public mutating func appendControlRecord(
        _ type: ControlRecordType, coordinatorEpoch: Int32 = 0, timestamp: Int64, offsetDelta: Int32? = nil
    ) throws(KafkaEncodingError) {
        var key = ByteBuffer()
        key.writeInteger(Int16(0))
        key.writeInteger(type.rawValue)
        var value = ByteBuffer()
        value.writeInteger(Int16(0))
        value.writeInteger(coordinatorEpoch)
        try key.withUnsafeReadableBytes { (keyBytes) throws(KafkaEncodingError) in
            try value.withUnsafeReadableBytes { (valueBytes) throws(KafkaEncodingError) in
                try appendRaw(key: keyBytes, value: valueBytes, timestamp: timestamp, offsetDelta: offsetDelta)
            }
        }
    }

    /// Appends the complete batch to `buffer`: header, (compressed) records, CRC-32C.
    public func encode(into buffer: inout ByteBuffer) throws(KafkaEncodingError) {
        let start = buffer.writerIndex
        let attributes = RecordBatchAttributes(
            compression: compression, timestampType: timestampType, isTransactional: isTransactional,
            isControl: isControl)
        buffer.reserveCapacity(minimumWritableBytes: RecordBatchHeader.size + records.readableBytes)
        buffer.writeInteger(baseOffset)
        buffer.writeInteger(Int32(0))  // batchLength, patched below
        buffer.writeInteger(partitionLeaderEpoch)
        buffer.writeInteger(RecordBatchHeader.currentMagic)
        buffer.writeInteger(UInt32(0))  // crc, patched below
        buffer.writeInteger(attributes.rawValue)
        buffer.writeInteger(lastOffsetDeltaOverride ?? lastOffsetDelta)
        buffer.writeInteger(baseTimestamp)
        buffer.writeInteger(timestampType == .logAppendTime ? (logAppendTime ?? maxTimestamp) : maxTimestamp)
        buffer.writeInteger(producerId)
        buffer.writeInteger(producerEpoch)
        buffer.writeInteger(baseSequence)
        buffer.writeInteger(recordCount)
        try compression.compress(records, into: &buffer, level: compressionLevel)

        let batchLength = buffer.writerIndex - start - RecordBatchHeader.logOverhead
        guard batchLength <= Int(Int32.max) else {
            buffer.moveWriterIndex(to: start)
            throw .tooLong(field: "record batch", length: batchLength)
        }
        buffer.setInteger(Int32(batchLength), at: start + 8)
        let crcStart = start + RecordBatchHeader.attributesOffset
        let crcOffset = crcStart - buffer.readerIndex
        let crc = buffer.withUnsafeReadableBytes { bytes -> UInt32 in
            guard let base = bytes.baseAddress else { return 0 }  // unreachable: the header was just written
            return recordBatchChecksum(base + crcOffset, count: bytes.count - crcOffset)
        }
        buffer.setInteger(crc, at: start + RecordBatchHeader.crcOffset)
    }

    /// Forgets the records and keeps the buffer's capacity; the settings stay.
    public mutating func removeAll() {
        records.clear()
        recordCount = 0
        baseTimestamp = -1
        maxTimestamp = -1
        lastOffsetDelta = -1
    }

    private static func length(_ bytes: UnsafeRawBufferPointer?, field: String) throws(KafkaEncodingError) -> Int32 {
        try length(bytes?.count, field: field)
    }

    private static func length(_ count: Int?, field: String) throws(KafkaEncodingError) -> Int32 {
        guard let count else { return -1 }
        guard let length = Int32(exactly: count) else { throw .tooLong(field: field, length: count) }
        return length
    }

    private static func withOptionalBytes<Result>(
        _ bytes: [UInt8]?, _ body: (UnsafeRawBufferPointer?) throws(KafkaEncodingError) -> Result
    ) throws(KafkaEncodingError) -> Result {
        guard let bytes else { return try body(nil) }
        // Array.withUnsafeBytes rethrows untyped errors; carry the typed one out through a Result.
        let result = bytes.withUnsafeBytes { raw in
            Swift.Result { () throws(KafkaEncodingError) -> Result in try body(raw) }
        }
        return try result.get()
    }
}
