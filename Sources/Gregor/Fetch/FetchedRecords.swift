import NIOCore

/// One partition's share of a Fetch answer, handed to a `FetchHandler` to decode.
///
/// `records` is a zero-copy slice of the response. `decode(into:)` walks it into any
/// `RecordSink` (a `MessageBatchBuilder`, a table applier), skipping records below the fetch
/// offset and, with `read_committed`, records of aborted transactions. The engine advances the
/// partition's position to the decoded summary's `nextOffset` once the handler returns; a handler
/// that does not decode leaves the position where it was (the records are fetched again).
public struct FetchedRecords: Sendable {
    /// The partition.
    public let partition: FetchPartitionID
    /// The offset the request asked for (the partition's position before this answer).
    public let fetchOffset: Int64
    /// The raw record batches (possibly empty, possibly ending in a partial batch).
    public let records: ByteBuffer
    /// The partition's high watermark in this answer.
    public let highWatermark: Int64
    /// The partition's last stable offset in this answer (-1 when the broker does not say).
    public let lastStableOffset: Int64
    /// The partition's log start offset in this answer (-1 when the broker does not say).
    public let logStartOffset: Int64
    /// Decoding options: CRC check, decompression limit and, for `read_committed`, the aborted
    /// transactions of this answer.
    public private(set) var options: RecordBatchDecodingOptions
    /// What `decode` did, `nil` until it ran.
    public private(set) var summary: DecodeSummary?
    /// The error `decode` threw, if it did; the engine then fails the partition.
    public private(set) var decodingError: KafkaDecodingError?
    /// The partition's assignment generation when the request was planned.
    let generation: UInt64

    init(
        partition: FetchPartitionID, fetchOffset: Int64, records: ByteBuffer, highWatermark: Int64,
        lastStableOffset: Int64, logStartOffset: Int64, options: RecordBatchDecodingOptions, generation: UInt64
    ) {
        self.partition = partition
        self.fetchOffset = fetchOffset
        self.records = records
        self.highWatermark = highWatermark
        self.lastStableOffset = lastStableOffset
        self.logStartOffset = logStartOffset
        self.options = options
        self.generation = generation
    }

    /// This answer's outcome (position, watermarks, error) without its bytes: what the engine
    /// keeps once the handler has the records, so that the response's buffer lives only as long
    /// as the handler's own copies.
    func withoutRecords() -> FetchedRecords {
        var copy = FetchedRecords(
            partition: partition, fetchOffset: fetchOffset, records: ByteBuffer(), highWatermark: highWatermark,
            lastStableOffset: lastStableOffset, logStartOffset: logStartOffset, options: options, generation: generation)
        copy.summary = summary
        copy.decodingError = decodingError
        return copy
    }

    /// The partition's position once this answer is taken: after the last complete batch, or the
    /// fetch offset when no batch was complete (or `decode` did not run).
    public var nextPosition: Int64 {
        guard let next = summary?.nextOffset else { return fetchOffset }
        return max(next, fetchOffset)
    }

    /// Decodes the records into `sink`, reusing `decoder`'s decompression buffer.
    ///
    /// Records below `fetchOffset` are skipped. Call at most once; a second call decodes nothing.
    @discardableResult
    public mutating func decode<Sink: RecordSink & ~Copyable>(
        into sink: inout Sink, using decoder: inout RecordBatchDecoder
    ) throws(KafkaDecodingError) -> DecodeSummary {
        if let summary { return summary }
        var filtering = MinimumOffsetSink(base: consume sink, minimumOffset: fetchOffset)
        let location = RecordLocation(topic: partition.topic, partition: partition.partition)
        do {
            let result = try decoder.decode(records, location: location, into: &filtering, options: options)
            sink = filtering.unwrap()
            summary = result
            return result
        } catch {
            sink = filtering.unwrap()
            decodingError = error
            throw error
        }
    }

    /// Frames the batches and checks their CRCs without walking their records
    /// (`RecordBatchDecoder.scan`), and records the summary as `decode` would: the engine then
    /// moves the partition's position on, and a failure fails the partition. For a handler that
    /// hands a copy of the answer to be decoded elsewhere; that copy's `decode` still reports the
    /// errors inside batches (a malformed record, broken compression), which a scan cannot see
    /// (see `undecodedCopy()`).
    ///
    /// Call at most once, instead of `decode`; a second call returns the first summary.
    @discardableResult
    public mutating func scan() throws(KafkaDecodingError) -> DecodeSummary {
        if let summary { return summary }
        let location = RecordLocation(topic: partition.topic, partition: partition.partition)
        do {
            let result = try RecordBatchDecoder.scan(records, location: location, options: options)
            summary = result
            return result
        } catch {
            decodingError = error
            throw error
        }
    }

    /// A copy of this answer for decoding later, elsewhere: not decoded yet, and without a second
    /// CRC check when `scan()` (or `decode`) already verified these bytes. For a handler that
    /// scans an answer to move the position on and hands the records to another loop.
    public func undecodedCopy() -> FetchedRecords {
        var copy = self
        copy.summary = nil
        copy.decodingError = nil
        if summary != nil { copy.options.verifyCRC = false }
        return copy
    }

    /// Decodes the records into `sink` with a fresh decoder.
    @discardableResult
    public mutating func decode<Sink: RecordSink & ~Copyable>(into sink: inout Sink) throws(KafkaDecodingError) -> DecodeSummary {
        var decoder = RecordBatchDecoder()
        return try decode(into: &sink, using: &decoder)
    }
}
