import GregorProtocol

/// Formats consumed records as a streaming text table for `gregor consume --format table`.
///
/// Column widths are fixed up front (records are printed as they arrive): topic as wide as the
/// longest topic name, partition and offset right-aligned, timestamp as ISO-8601 UTC, key cut at
/// `keyWidth` characters, then the value in full and the headers (`[k=v, …]`) when there are any.
public struct RecordTable: Sendable {
    /// Width of the topic column.
    public let topicWidth: Int
    /// Width of the key column.
    public let keyWidth: Int

    private static let partitionWidth = 9
    private static let offsetWidth = 12
    private static let timestampWidth = 24

    /// A table for records of `topics`.
    public init(topics: [String], keyWidth: Int = 24) {
        topicWidth = max(5, topics.map(\.count).max() ?? 0)
        self.keyWidth = max(3, keyWidth)
    }

    /// The header line.
    public var header: String {
        row(topic: "TOPIC", partition: "PARTITION", offset: "OFFSET", timestamp: "TIMESTAMP", key: "KEY", value: "VALUE")
    }

    /// One record as a table row (without newline).
    public func line(
        topic: String, partition: Int32, offset: Int64, timestamp: Int64,
        key: UnsafeRawBufferPointer?, value: UnsafeRawBufferPointer?, headers: [RecordHeader]
    ) -> String {
        var text = row(
            topic: topic, partition: String(partition), offset: String(offset),
            timestamp: timestamp < 0 ? "-" : ISO8601Timestamp.format(timestamp),
            key: DisplayText.render(key), value: DisplayText.render(value))
        if !headers.isEmpty {
            let rendered = headers.map { header in
                header.key + "=" + (header.value.map { bytes in bytes.withUnsafeBytes { DisplayText.render($0) } } ?? "(null)")
            }
            text += "  [" + rendered.joined(separator: ", ") + "]"
        }
        return text
    }

    /// Appends every record of `batch` as table rows, each followed by a newline.
    public func appendLines(of batch: MessageBatch, rows range: Range<Int>? = nil, to output: inout [UInt8]) {
        for row in range ?? 0..<batch.count {
            let headers = batch.headerRange(at: row).isEmpty ? [] : batch.headers(at: row)
            let text = batch.withKey(at: row) { key in
                batch.withValue(at: row) { value in
                    line(
                        topic: batch.topic(at: row), partition: batch.partition(at: row), offset: batch.offset(at: row),
                        timestamp: batch.timestamp(at: row), key: key, value: value, headers: headers)
                }
            }
            output.append(contentsOf: text.utf8)
            output.append(UInt8(ascii: "\n"))
        }
    }

    private func row(topic: String, partition: String, offset: String, timestamp: String, key: String, value: String) -> String {
        DisplayText.padRight(topic, topicWidth) + "  "
            + DisplayText.padLeft(partition, Self.partitionWidth) + "  "
            + DisplayText.padLeft(offset, Self.offsetWidth) + "  "
            + DisplayText.padRight(timestamp, Self.timestampWidth) + "  "
            + DisplayText.padRight(DisplayText.truncate(key, width: keyWidth), keyWidth) + "  "
            + value
    }
}
