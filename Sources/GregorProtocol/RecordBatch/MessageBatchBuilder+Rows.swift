extension MessageBatchBuilder {
    /// Appends a copy of message `index` of `batch` — topic, partition, offset, timestamp, key,
    /// value and headers — for example to merge several partitions' batches into one.
    ///
    /// Afterwards the builder's current topic and partition are those of the copied message.
    public mutating func append(row index: Int, of batch: MessageBatch) throws(KafkaDecodingError) {
        select(topic: batch.topic(at: index), partition: batch.partition(at: index))
        let headerRange = batch.headerRange(at: index)
        try withExtendedLifetime(batch) { () throws(KafkaDecodingError) in
            try record(
                offset: batch.offset(at: index), timestamp: batch.timestamp(at: index),
                key: batch.keyColumn.element(at: index), value: batch.valueColumn.element(at: index),
                headers: .empty)
            guard !headerRange.isEmpty else { return }
            guard headerKeys.count + headerRange.count <= Int(Int32.max) else {
                throw BinaryColumnBuilder.overflow(column: "header list", length: headerKeys.count + headerRange.count)
            }
            // `record` closed the row's header list empty: reopen it, add the headers, close it again.
            headerOffsets.count -= MemoryLayout<Int32>.size
            for entry in headerRange {
                try headerKeys.append(batch.headerKeyColumn.element(at: entry), column: "header key")
                try headerValues.append(batch.headerValueColumn.element(at: entry), column: "header value")
            }
            headerOffsets.append(Int32(truncatingIfNeeded: headerKeys.count))
        }
    }
}
