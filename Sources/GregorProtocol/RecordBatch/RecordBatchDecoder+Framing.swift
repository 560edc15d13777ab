import NIOCore

extension RecordBatchDecoder {
    /// Walks the complete batches of `bytes` in order: frames each (`frameBatch`), hands it to
    /// `body` with its start and its offset in `bytes`, then counts it in `summary` (bytes
    /// consumed, batches, next offset). A trailing partial batch ends the walk, counted in
    /// `summary.partialBatchBytes`. The one framing loop of `decode` and `scan`.
    @inlinable
    static func forEachBatch(
        in bytes: UnsafeRawBufferPointer, location: RecordLocation, options: RecordBatchDecodingOptions,
        summary: inout DecodeSummary,
        _ body: (RecordBatchHeader, _ start: UnsafeRawPointer, _ position: Int, inout DecodeSummary) throws(KafkaDecodingError) -> Void
    ) throws(KafkaDecodingError) {
        guard let base = bytes.baseAddress else { return }
        var position = 0
        while position < bytes.count {
            let start = base + position
            guard let header = try frameBatch(start, available: bytes.count - position, location: location, options: options) else {
                summary.partialBatchBytes = bytes.count - position
                return
            }
            try body(header, start, position, &summary)
            position += header.totalSize
            summary.bytesConsumed = position
            summary.batchCount += 1
            summary.nextOffset = header.nextOffset
        }
    }

    /// Frames the batch at `start`: checks the magic, the length bounds and the CRC.
    ///
    /// - Returns: the header, or `nil` when fewer than the batch's bytes are available (a partial
    ///   trailing batch).
    @usableFromInline
    static func frameBatch(
        _ start: UnsafeRawPointer, available: Int, location: RecordLocation, options: RecordBatchDecodingOptions
    ) throws(KafkaDecodingError) -> RecordBatchHeader? {
        guard available >= RecordBatchHeader.logOverhead else { return nil }
        let baseOffset: Int64 = start.loadBigEndian(fromByteOffset: 0)
        let batchLength: Int32 = start.loadBigEndian(fromByteOffset: 8)
        let here = location.at(offset: baseOffset)
        // The magic byte sits at the same place in every Kafka message format, so a legacy message
        // set is recognised before its (different) layout is trusted.
        if available > RecordBatchHeader.magicOffset {
            let magic: Int8 = start.loadBigEndian(fromByteOffset: RecordBatchHeader.magicOffset)
            guard magic == RecordBatchHeader.currentMagic else {
                throw .unsupportedRecordFormat(magic: magic, location: here)
            }
        }
        let minimumLength = RecordBatchHeader.size - RecordBatchHeader.logOverhead
        guard Int(batchLength) >= minimumLength else {
            throw .corruptRecordBatch(
                reason: "batch length \(batchLength) is smaller than the \(minimumLength)-byte batch header", location: here)
        }
        guard available - RecordBatchHeader.logOverhead >= Int(batchLength) else { return nil }

        let header: RecordBatchHeader
        do {
            header = try RecordBatchHeader(readingFrom: start)
        } catch {
            // Only the attributes can fail (an unknown codec); say where.
            throw .corruptRecordBatch(reason: "\(error)", location: here)
        }
        guard header.recordCount >= 0 else {
            throw .corruptRecordBatch(reason: "negative record count \(header.recordCount)", location: here)
        }
        if options.verifyCRC {
            let checked = header.totalSize - RecordBatchHeader.attributesOffset
            let computed = recordBatchChecksum(start + RecordBatchHeader.attributesOffset, count: checked)
            guard computed == header.crc else {
                throw .crcMismatch(stored: header.crc, computed: computed, location: here)
            }
        }
        return header
    }

    /// Decompresses the records section of the compressed batch that starts at `index` in
    /// `records` into `scratch` (cleared first, capacity kept).
    @usableFromInline
    static func decompressBatch(
        _ header: RecordBatchHeader, from records: ByteBuffer, at index: Int, location: RecordLocation,
        options: RecordBatchDecodingOptions, into scratch: inout ByteBuffer
    ) throws(KafkaDecodingError) {
        let payloadLength = header.totalSize - RecordBatchHeader.size
        guard let compressed = records.getSlice(at: index + RecordBatchHeader.size, length: payloadLength) else {
            throw .corruptRecordBatch(reason: "records section out of bounds", location: location.at(offset: header.baseOffset))
        }
        scratch.clear()
        try header.attributes.compression.decompress(compressed, into: &scratch, limit: options.maxDecompressedBatchSize)
    }
}

extension RecordLocation {
    /// The same topic and partition at another offset.
    @usableFromInline
    func at(offset: Int64) -> RecordLocation {
        RecordLocation(topic: topic, partition: partition, offset: offset)
    }
}
