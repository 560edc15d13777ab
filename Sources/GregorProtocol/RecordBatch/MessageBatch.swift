/// An immutable batch of Kafka messages in columnar (Arrow) layout — the fast path's output.
///
/// Columns (one row per record):
/// - key, value: nullable binary — validity bitmap, `Int32` offsets (`count + 1`), one data buffer;
/// - topic: `Int32` index into `topics` (an Arrow dictionary-encoded utf8 column);
/// - partition `Int32`, offset `Int64`, timestamp `Int64` (ms since the epoch, UTC);
/// - headers: a list of (key utf8, value nullable binary) — `Int32` list offsets (`count + 1`)
///   into the header key and value child columns.
///
/// All buffers live in one allocation, each 64-byte aligned, little-endian, and stay valid as long
/// as the batch is alive (for zero-copy export through the Arrow C Data Interface).
public final class MessageBatch: @unchecked Sendable {
    // @unchecked: every stored property is immutable after init; the memory is never written again.

    /// One contiguous buffer inside the batch's allocation; valid while the batch is alive.
    public struct Buffer: @unchecked Sendable {
        /// Start of the buffer (64-byte aligned).
        public let pointer: UnsafeRawPointer
        /// Length in bytes.
        public let byteCount: Int

        /// The bytes as a buffer pointer.
        public var bytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: pointer, count: byteCount) }
    }

    /// The three buffers of a nullable binary/utf8 column in Arrow layout.
    public struct BinaryColumn: Sendable {
        /// Validity bitmap, LSB first; bit `i` set when row `i` is not null.
        public let validity: Buffer
        /// `Int32` offsets into `data`, one more than the rows.
        public let offsets: Buffer
        /// The concatenated values.
        public let data: Buffer
        /// Number of rows in the column.
        public let length: Int
        /// Number of null rows.
        public let nullCount: Int
    }

    /// Number of messages.
    public let count: Int
    /// The topics the `topicIndexColumn` refers to.
    public let topics: [String]
    /// Message keys.
    public let keyColumn: BinaryColumn
    /// Message values (null is a tombstone).
    public let valueColumn: BinaryColumn
    /// `Int32` index into `topics` per message.
    public let topicIndexColumn: Buffer
    /// `Int32` partition per message.
    public let partitionColumn: Buffer
    /// `Int64` offset per message.
    public let offsetColumn: Buffer
    /// `Int64` timestamp (ms) per message.
    public let timestampColumn: Buffer
    /// `Int32` list offsets into the header columns, `count + 1` entries.
    public let headerListOffsets: Buffer
    /// Header keys (utf8, never null), all messages' headers concatenated.
    public let headerKeyColumn: BinaryColumn
    /// Header values (nullable binary), parallel to `headerKeyColumn`.
    public let headerValueColumn: BinaryColumn

    private let memory: BatchStorage
    private var storage: UnsafeMutableRawPointer { memory.base }

    /// Copies the builder's columns into one exactly sized allocation.
    init(copying builder: borrowing MessageBatchBuilder) {
        var layout = BatchLayout()
        let keys = layout.binary(builder.keys)
        let values = layout.binary(builder.values)
        let topicIndices = layout.section(builder.topicIndices)
        let partitions = layout.section(builder.partitions)
        let offsets = layout.section(builder.offsets)
        let timestamps = layout.section(builder.timestamps)
        let headerOffsets = layout.section(builder.headerOffsets)
        let headerKeys = layout.binary(builder.headerKeys)
        let headerValues = layout.binary(builder.headerValues)

        memory = BatchStorage(byteCount: layout.size)
        let base = memory.base
        func place(_ section: BatchLayout.Section) -> Buffer {
            let target = base + section.offset
            if section.byteCount > 0 {
                target.copyMemory(from: section.source, byteCount: section.byteCount)
            }
            return Buffer(pointer: UnsafeRawPointer(target), byteCount: section.byteCount)
        }
        func place(_ column: BatchLayout.BinarySections) -> BinaryColumn {
            BinaryColumn(
                validity: place(column.validity), offsets: place(column.offsets), data: place(column.data),
                length: column.length, nullCount: column.nullCount)
        }
        count = builder.count
        topics = builder.topics
        keyColumn = place(keys)
        valueColumn = place(values)
        topicIndexColumn = place(topicIndices)
        partitionColumn = place(partitions)
        offsetColumn = place(offsets)
        timestampColumn = place(timestamps)
        headerListOffsets = place(headerOffsets)
        headerKeyColumn = place(headerKeys)
        headerValueColumn = place(headerValues)
    }

    deinit {
        memory.release()
    }

    /// Total bytes of the batch's buffers (including alignment padding).
    public var byteCount: Int {
        let end = headerValueColumn.data.pointer + headerValueColumn.data.byteCount
        return UnsafeRawPointer(storage).distance(to: end)
    }
}

/// Plans the sections of a `MessageBatch` allocation, each 64-byte aligned.
struct BatchLayout {
    struct Section {
        var source: UnsafeRawPointer
        var byteCount: Int
        var offset: Int
    }

    struct BinarySections {
        var validity: Section
        var offsets: Section
        var data: Section
        var length: Int
        var nullCount: Int
    }

    private(set) var size = 0

    mutating func section(_ buffer: borrowing GrowableBuffer) -> Section {
        let section = Section(source: UnsafeRawPointer(buffer.base), byteCount: buffer.count, offset: size)
        size += (buffer.count + 63) & ~63
        return section
    }

    mutating func binary(_ column: borrowing BinaryColumnBuilder) -> BinarySections {
        BinarySections(
            validity: section(column.validity.bytes), offsets: section(column.offsets), data: section(column.data),
            length: column.count, nullCount: column.validity.nullCount)
    }
}
