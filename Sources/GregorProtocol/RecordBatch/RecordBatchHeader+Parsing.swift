extension RecordBatchHeader {
    /// Reads the header at `start`, which must have at least `RecordBatchHeader.size` readable bytes.
    ///
    /// Only the attributes can fail here (an unknown compression codec); lengths and magic are
    /// checked by the caller, which knows how many bytes are available.
    @usableFromInline
    init(readingFrom start: UnsafeRawPointer) throws(KafkaDecodingError) {
        self.init(
            baseOffset: start.loadBigEndian(fromByteOffset: 0),
            batchLength: start.loadBigEndian(fromByteOffset: 8),
            partitionLeaderEpoch: start.loadBigEndian(fromByteOffset: 12),
            magic: start.loadBigEndian(fromByteOffset: 16),
            crc: start.loadBigEndian(fromByteOffset: 17),
            attributes: try RecordBatchAttributes(rawValue: start.loadBigEndian(fromByteOffset: 21)),
            lastOffsetDelta: start.loadBigEndian(fromByteOffset: 23),
            baseTimestamp: start.loadBigEndian(fromByteOffset: 27),
            maxTimestamp: start.loadBigEndian(fromByteOffset: 35),
            producerId: start.loadBigEndian(fromByteOffset: 43),
            producerEpoch: start.loadBigEndian(fromByteOffset: 51),
            baseSequence: start.loadBigEndian(fromByteOffset: 53),
            recordCount: start.loadBigEndian(fromByteOffset: 57)
        )
    }
}
