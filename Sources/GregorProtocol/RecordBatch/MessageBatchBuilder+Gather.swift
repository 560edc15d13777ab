extension MessageBatchBuilder {
    /// Appends copies of rows `rows` of `batch` (all columns, headers included): how the Stream
    /// gathers runs of the merge into its output batch. Throws when a column would pass 2 GiB.
    public mutating func append(rows: Range<Int>, of batch: MessageBatch) throws(KafkaDecodingError) {
        precondition(rows.lowerBound >= 0 && rows.upperBound <= batch.count, "MessageBatch rows out of range")
        guard !rows.isEmpty else { return }
        try withExtendedLifetime(batch) { () throws(KafkaDecodingError) in
            try keys.append(rows: rows, of: batch.keyColumn, column: "key")
            try values.append(rows: rows, of: batch.valueColumn, column: "value")
            appendTopicIndices(rows: rows, of: batch)
            partitions.append(UnsafeRawBufferPointer(start: batch.partitionColumn.pointer + rows.lowerBound * 4, count: rows.count * 4))
            offsets.append(UnsafeRawBufferPointer(start: batch.offsetColumn.pointer + rows.lowerBound * 8, count: rows.count * 8))
            timestamps.append(UnsafeRawBufferPointer(start: batch.timestampColumn.pointer + rows.lowerBound * 8, count: rows.count * 8))
            try appendHeaders(rows: rows, of: batch)
        }
    }

    /// The topic column: `batch`'s topic indices mapped to this builder's topics.
    private mutating func appendTopicIndices(rows: Range<Int>, of batch: MessageBatch) {
        var mapped = [Int32](repeating: -1, count: batch.topics.count)
        topicIndices.reserve(rows.count * 4)
        for row in rows {
            let source = Int(batch.topicIndexColumn.pointer.load(fromByteOffset: row * 4, as: Int32.self))
            guard source >= 0, source < mapped.count else {
                topicIndices.append(Int32(-1))
                continue
            }
            if mapped[source] < 0 {
                let topic = batch.topics[source]
                if let existing = topics.firstIndex(of: topic) {
                    mapped[source] = Int32(truncatingIfNeeded: existing)
                } else {
                    select(topic: topic, partition: currentPartition)
                    registerCurrentTopic()
                    mapped[source] = currentTopicIndex
                }
            }
            topicIndices.append(mapped[source])
        }
    }

    /// The header list offsets and the header key/value entries of `rows`.
    private mutating func appendHeaders(rows: Range<Int>, of batch: MessageBatch) throws(KafkaDecodingError) {
        let first = batch.headerRange(at: rows.lowerBound).lowerBound
        let last = batch.headerRange(at: rows.upperBound - 1).upperBound
        let entries = first..<last
        guard headerKeys.count + entries.count <= Int(Int32.max) else {
            throw BinaryColumnBuilder.overflow(column: "header list", length: headerKeys.count + entries.count)
        }
        let shift = Int32(truncatingIfNeeded: headerKeys.count - first)
        headerOffsets.reserve(rows.count * 4)
        for row in rows {
            let end = batch.headerListOffsets.pointer.load(fromByteOffset: (row + 1) * 4, as: Int32.self)
            headerOffsets.append(end &+ shift)
        }
        if !entries.isEmpty {
            try headerKeys.append(rows: entries, of: batch.headerKeyColumn, column: "header key")
            try headerValues.append(rows: entries, of: batch.headerValueColumn, column: "header value")
        }
    }
}

extension BinaryColumnBuilder {
    /// Appends copies of rows `rows` of `column`: one copy of their data, shifted offsets, validity.
    mutating func append(rows: Range<Int>, of column: MessageBatch.BinaryColumn, column name: StaticString) throws(KafkaDecodingError) {
        let sourceOffsets = column.offsets.pointer
        let start = Int(sourceOffsets.load(fromByteOffset: rows.lowerBound * 4, as: Int32.self))
        let end = Int(sourceOffsets.load(fromByteOffset: rows.upperBound * 4, as: Int32.self))
        let newCount = data.count + (end - start)
        guard newCount <= Int(Int32.max) else { throw BinaryColumnBuilder.overflow(column: name, length: newCount) }
        let shift = Int32(truncatingIfNeeded: data.count - start)
        data.append(UnsafeRawBufferPointer(start: column.data.pointer + start, count: end - start))
        offsets.reserve(rows.count * 4)
        for row in rows {
            offsets.append(sourceOffsets.load(fromByteOffset: (row + 1) * 4, as: Int32.self) &+ shift)
        }
        if column.nullCount == 0 {
            for _ in rows { validity.append(isValid: true) }
        } else {
            for row in rows { validity.append(isValid: column.isValid(at: row)) }
        }
    }
}
