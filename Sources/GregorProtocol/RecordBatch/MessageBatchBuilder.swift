/// Builds a `MessageBatch` column by column; the `RecordSink` of the fast path.
///
/// ```swift
/// var builder = MessageBatchBuilder()
/// try RecordBatchDecoder.decode(records, location: RecordLocation(topic: "t", partition: 0), into: &builder)
/// let batch = builder.finish()   // copies out; the builder keeps its capacity
/// ```
///
/// Each record costs a handful of bounds-checked appends into contiguous 64-byte aligned buffers
/// and no allocation once the buffers have grown to their working size. The topic and partition
/// come from the decoder's `location` (`beginBatch`) or from `select(topic:partition:)`.
public struct MessageBatchBuilder: RecordSink, ~Copyable {
    @usableFromInline var keys: BinaryColumnBuilder
    @usableFromInline var values: BinaryColumnBuilder
    @usableFromInline var topicIndices: GrowableBuffer
    @usableFromInline var partitions: GrowableBuffer
    @usableFromInline var offsets: GrowableBuffer
    @usableFromInline var timestamps: GrowableBuffer
    @usableFromInline var headerOffsets: GrowableBuffer
    @usableFromInline var headerKeys: BinaryColumnBuilder
    @usableFromInline var headerValues: BinaryColumnBuilder
    /// The topics referenced by the topic column, in order of their first message.
    public private(set) var topics: [String] = []
    /// The topic of the messages appended next; its index is -1 until its first message.
    @usableFromInline var currentTopic = ""
    @usableFromInline var currentTopicIndex: Int32 = -1
    @usableFromInline var currentPartition: Int32 = -1

    /// An empty builder with room for about `capacity` messages of `averageMessageSize` value bytes.
    public init(capacity: Int = 1024, averageMessageSize: Int = 256) {
        keys = BinaryColumnBuilder(rowCapacity: capacity, dataCapacity: capacity * 16)
        values = BinaryColumnBuilder(rowCapacity: capacity, dataCapacity: capacity * averageMessageSize)
        topicIndices = GrowableBuffer(capacity: capacity * 4)
        partitions = GrowableBuffer(capacity: capacity * 4)
        offsets = GrowableBuffer(capacity: capacity * 8)
        timestamps = GrowableBuffer(capacity: capacity * 8)
        headerOffsets = GrowableBuffer(capacity: (capacity + 1) * 4)
        headerOffsets.append(Int32(0))
        headerKeys = BinaryColumnBuilder()
        headerValues = BinaryColumnBuilder()
    }

    /// Messages appended so far.
    @inlinable
    public var count: Int { keys.count }

    /// Bytes of key, value and header data appended so far (for memory budgets).
    public var dataByteCount: Int {
        keys.data.count + values.data.count + headerKeys.data.count + headerValues.data.count
    }

    /// Sets the topic and partition of the messages appended next.
    public mutating func select(topic: String, partition: Int32) {
        currentPartition = partition
        if topic == currentTopic { return }
        currentTopic = topic
        currentTopicIndex = topics.firstIndex(of: topic).map { Int32(truncatingIfNeeded: $0) } ?? -1
    }

    /// Adds the current topic to `topics` when its first message arrives.
    @usableFromInline @inline(never)
    mutating func registerCurrentTopic() {
        topics.append(currentTopic)
        currentTopicIndex = Int32(truncatingIfNeeded: topics.count - 1)
    }

    /// Takes the topic and partition from the decoder's location (empty topic and -1 when unknown).
    public mutating func beginBatch(_ header: RecordBatchHeader, location: RecordLocation) throws(KafkaDecodingError) {
        select(topic: location.topic ?? "", partition: location.partition ?? -1)
    }

    /// Appends one message: copies the key, value and headers into the columns.
    @inlinable
    public mutating func record(
        offset: Int64, timestamp: Int64, key: UnsafeRawBufferPointer?, value: UnsafeRawBufferPointer?,
        headers: RecordHeaders
    ) throws(KafkaDecodingError) {
        if currentTopicIndex < 0 { registerCurrentTopic() }
        try keys.append(key, column: "key")
        try values.append(value, column: "value")
        topicIndices.append(currentTopicIndex)
        partitions.append(currentPartition)
        offsets.append(offset)
        timestamps.append(timestamp)
        if !headers.isEmpty {
            guard headerKeys.count + headers.count <= Int(Int32.max) else {
                throw BinaryColumnBuilder.overflow(column: "header list", length: headerKeys.count + headers.count)
            }
            for header in headers {
                try headerKeys.append(header.key, column: "header key")
                try headerValues.append(header.value, column: "header value")
            }
        }
        headerOffsets.append(Int32(truncatingIfNeeded: headerKeys.count))
    }

    /// A `MessageBatch` holding a copy of everything appended so far; the builder is unchanged.
    public func makeBatch() -> MessageBatch {
        MessageBatch(copying: self)
    }

    /// Returns the batch built so far and empties the builder, keeping its capacity.
    public mutating func finish() -> MessageBatch {
        let batch = makeBatch()
        removeAll()
        return batch
    }

    /// Empties the builder and keeps its capacity and its current topic and partition.
    public mutating func removeAll() {
        topics.removeAll(keepingCapacity: true)
        currentTopicIndex = -1
        keys.removeAll()
        values.removeAll()
        topicIndices.removeAll()
        partitions.removeAll()
        offsets.removeAll()
        timestamps.removeAll()
        headerOffsets.removeAll()
        headerOffsets.append(Int32(0))
        headerKeys.removeAll()
        headerValues.removeAll()
    }
}
