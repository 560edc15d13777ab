extension MessageBatchBuilder {
    /// Appends a copy of message `index` of `batch` — topic, partition, offset, timestamp, key,
    /// value and headers — for example to merge several partitions' batches into one.
    ///
    /// Afterwards the builder's current topic and partition are those of the copied message.
    public mutating func append(row index: Int, of batch: MessageBatch) throws(KafkaDecodingError) {
        try append(rows: index..<index + 1, of: batch)
        select(topic: batch.topic(at: index), partition: batch.partition(at: index))
    }
}
