extension RecordBatchDecoder {
    /// Walks the records of a data batch and hands each to the sink. Returns the number delivered.
    ///
    /// Record layout (Kafka protocol guide): `length: varint, attributes: int8,
    /// timestampDelta: varlong, offsetDelta: varint, keyLength: varint, key, valueLength: varint,
    /// value, headerCount: varint, headers` where a header is `keyLength: varint, key,
    /// valueLength: varint, value`; a length of -1 is null.
    @inlinable
    static func walkDataRecords<Sink: RecordSink & ~Copyable>(
        _ header: RecordBatchHeader, records start: UnsafeRawPointer, end: UnsafeRawPointer,
        location: RecordLocation, into sink: inout Sink
    ) throws(KafkaDecodingError) -> Int {
        var cursor = RecordCursor(position: start, end: end)
        let count = Int(header.recordCount)
        let logAppendTime = header.attributes.timestampType == .logAppendTime
        for index in 0..<count {
            let record = try parseRecord(&cursor, index: index, header: header, location: location)
            let timestamp = logAppendTime ? header.maxTimestamp : header.baseTimestamp &+ record.timestampDelta
            try sink.record(
                offset: header.baseOffset &+ Int64(record.offsetDelta), timestamp: timestamp,
                key: record.key, value: record.value, headers: record.headers)
        }
        guard cursor.position == end else {
            throw trailingBytes(cursor.remaining, header: header, location: location)
        }
        return count
    }

    /// Walks the records of a control batch: decodes each control key, tells the filter, hands the
    /// control record to the sink.
    @usableFromInline
    static func walkControlRecords<Sink: RecordSink & ~Copyable>(
        _ header: RecordBatchHeader, records start: UnsafeRawPointer, end: UnsafeRawPointer,
        location: RecordLocation, into sink: inout Sink, filter: inout AbortedTransactionFilter?,
        summary: inout DecodeSummary
    ) throws(KafkaDecodingError) {
        var cursor = RecordCursor(position: start, end: end)
        for index in 0..<Int(header.recordCount) {
            let record = try parseRecord(&cursor, index: index, header: header, location: location)
            let offset = header.baseOffset &+ Int64(record.offsetDelta)
            // Control key: version int16, type int16. End-transaction value: version int16, coordinatorEpoch int32.
            guard let key = record.key, key.count >= 4, let keyStart = key.baseAddress else {
                throw KafkaDecodingError.corruptRecordBatch(
                    reason: "control record key is \(record.key.map { "\($0.count) bytes" } ?? "null"), needs at least 4 bytes",
                    location: location.at(offset: offset))
            }
            var coordinatorEpoch: Int32? = nil
            if let value = record.value, value.count >= 6, let valueStart = value.baseAddress {
                coordinatorEpoch = valueStart.loadBigEndian(fromByteOffset: 2)
            }
            let control = ControlRecord(
                offset: offset,
                timestamp: header.attributes.timestampType == .logAppendTime
                    ? header.maxTimestamp : header.baseTimestamp &+ record.timestampDelta,
                producerId: header.producerId, producerEpoch: header.producerEpoch,
                version: keyStart.loadBigEndian(fromByteOffset: 0),
                type: ControlRecordType(rawValue: keyStart.loadBigEndian(fromByteOffset: 2)),
                coordinatorEpoch: coordinatorEpoch)
            filter?.observe(control)
            try sink.controlRecord(control)
            summary.controlRecordCount += 1
        }
        guard cursor.position == end else {
            throw trailingBytes(cursor.remaining, header: header, location: location)
        }
    }

    /// Parses and validates the record at the cursor, moving the cursor past it.
    @inlinable @inline(__always)
    static func parseRecord(
        _ cursor: inout RecordCursor, index: Int, header: RecordBatchHeader, location: RecordLocation
    ) throws(KafkaDecodingError) -> ParsedRecord {
        guard let length = cursor.readVarint() else {
            throw recordProblem(cursor.remaining == 0 ? .missingRecord : .badVarint("record length"), index: index, header: header, location: location)
        }
        guard length >= 0, Int(length) <= cursor.remaining else {
            throw recordProblem(.badLength("record length", Int64(length), cursor.remaining), index: index, header: header, location: location)
        }
        let recordEnd = cursor.position + Int(length)
        var body = RecordCursor(position: cursor.position, end: recordEnd)
        cursor.position = recordEnd

        guard body.readByte() != nil else {
            throw recordProblem(.badVarint("record attributes"), index: index, header: header, location: location)
        }
        guard let timestampDelta = body.readVarlong() else {
            throw recordProblem(.badVarint("timestamp delta"), index: index, header: header, location: location)
        }
        guard let offsetDelta = body.readVarint() else {
            throw recordProblem(.badVarint("offset delta"), index: index, header: header, location: location)
        }
        let key = try readNullableBytes(&body, field: "key", index: index, header: header, location: location)
        let value = try readNullableBytes(&body, field: "value", index: index, header: header, location: location)
        guard let headerCount = body.readVarint() else {
            throw recordProblem(.badVarint("header count"), index: index, header: header, location: location)
        }
        // Each header takes at least two bytes (two one-byte lengths).
        guard headerCount >= 0, Int(headerCount) <= body.remaining / 2 else {
            throw recordProblem(.badLength("header count", Int64(headerCount), body.remaining / 2), index: index, header: header, location: location)
        }
        let headersStart = body.position
        for _ in 0..<Int(headerCount) {
            guard let keyLength = body.readVarint() else {
                throw recordProblem(.badVarint("header key length"), index: index, header: header, location: location)
            }
            guard keyLength >= 0, body.take(Int(keyLength)) != nil else {
                throw recordProblem(.badLength("header key length", Int64(keyLength), body.remaining), index: index, header: header, location: location)
            }
            _ = try readNullableBytes(&body, field: "header value", index: index, header: header, location: location)
        }
        guard body.position == recordEnd else {
            throw recordProblem(.bytesAfterHeaders(recordEnd - body.position), index: index, header: header, location: location)
        }
        return ParsedRecord(
            timestampDelta: timestampDelta, offsetDelta: offsetDelta, key: key, value: value,
            headers: RecordHeaders(count: Int(headerCount), start: headersStart, end: recordEnd))
    }

    /// Reads a varint length and that many bytes; -1 is null.
    @inlinable @inline(__always)
    static func readNullableBytes(
        _ body: inout RecordCursor, field: StaticString, index: Int, header: RecordBatchHeader, location: RecordLocation
    ) throws(KafkaDecodingError) -> UnsafeRawBufferPointer? {
        guard let length = body.readVarint() else {
            throw recordProblem(.badVarint(field), index: index, header: header, location: location)
        }
        if length == -1 { return nil }
        guard length >= 0, let start = body.take(Int(length)) else {
            throw recordProblem(.badLength(field, Int64(length), body.remaining), index: index, header: header, location: location)
        }
        return UnsafeRawBufferPointer(start: start, count: Int(length))
    }
}

/// One record's fields as borrowed views, between parsing and delivery.
@usableFromInline
struct ParsedRecord {
    @usableFromInline var timestampDelta: Int64
    @usableFromInline var offsetDelta: Int32
    @usableFromInline var key: UnsafeRawBufferPointer?
    @usableFromInline var value: UnsafeRawBufferPointer?
    @usableFromInline var headers: RecordHeaders

    @inlinable
    init(timestampDelta: Int64, offsetDelta: Int32, key: UnsafeRawBufferPointer?, value: UnsafeRawBufferPointer?, headers: RecordHeaders) {
        self.timestampDelta = timestampDelta
        self.offsetDelta = offsetDelta
        self.key = key
        self.value = value
        self.headers = headers
    }
}
