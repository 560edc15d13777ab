import GregorProtocol

/// Formats consumed records as JSON lines for `gregor consume --format jsonl`.
///
/// One object per record, fields in this order:
/// `{"topic","partition","offset","timestamp","key","value","headers"}` — `timestamp` in ms since
/// the epoch; `key`/`value` the UTF-8 text when the bytes are valid UTF-8, `null` when the field is
/// null, and otherwise absent with `key_base64`/`value_base64` holding standard base64 in their
/// place; `headers` an object of header key to text (`null` for a null header value; bytes that are
/// not valid UTF-8 are replaced by U+FFFD; a repeated header key appears once per occurrence, in
/// wire order).
public enum ConsumedRecordJSON {
    /// Appends one record as a JSON object and a newline.
    public static func appendLine(
        topic: String, partition: Int32, offset: Int64, timestamp: Int64,
        key: UnsafeRawBufferPointer?, value: UnsafeRawBufferPointer?, headers: [RecordHeader],
        to output: inout [UInt8]
    ) {
        output.append(contentsOf: #"{"topic":"#.utf8)
        JSONText.appendString(topic, to: &output)
        output.append(contentsOf: #","partition":"#.utf8)
        JSONText.appendInteger(partition, to: &output)
        output.append(contentsOf: #","offset":"#.utf8)
        JSONText.appendInteger(offset, to: &output)
        output.append(contentsOf: #","timestamp":"#.utf8)
        JSONText.appendInteger(timestamp, to: &output)
        appendBinaryField("key", key, to: &output)
        appendBinaryField("value", value, to: &output)
        output.append(contentsOf: #","headers":{"#.utf8)
        for (index, header) in headers.enumerated() {
            if index > 0 { output.append(UInt8(ascii: ",")) }
            JSONText.appendString(header.key, to: &output)
            output.append(UInt8(ascii: ":"))
            if let headerValue = header.value {
                if isValidUTF8(headerValue) {
                    headerValue.withUnsafeBytes { JSONText.appendString($0, to: &output) }
                } else {
                    JSONText.appendString(String(decoding: headerValue, as: UTF8.self), to: &output)
                }
            } else {
                output.append(contentsOf: "null".utf8)
            }
        }
        output.append(contentsOf: "}}\n".utf8)
    }

    /// Appends every record of `batch` (rows `range`, default all) as JSON lines.
    public static func appendLines(of batch: MessageBatch, rows range: Range<Int>? = nil, to output: inout [UInt8]) {
        let rows = range ?? 0..<batch.count
        for row in rows {
            let headers = batch.headerRange(at: row).isEmpty ? [] : batch.headers(at: row)
            batch.withKey(at: row) { key in
                batch.withValue(at: row) { value in
                    appendLine(
                        topic: batch.topic(at: row), partition: batch.partition(at: row), offset: batch.offset(at: row),
                        timestamp: batch.timestamp(at: row), key: key, value: value, headers: headers, to: &output)
                }
            }
        }
    }

    private static func appendBinaryField(_ name: String, _ bytes: UnsafeRawBufferPointer?, to output: inout [UInt8]) {
        output.append(UInt8(ascii: ","))
        guard let bytes else {
            output.append(UInt8(ascii: "\""))
            output.append(contentsOf: name.utf8)
            output.append(contentsOf: #"":null"#.utf8)
            return
        }
        if isValidUTF8(bytes) {
            output.append(UInt8(ascii: "\""))
            output.append(contentsOf: name.utf8)
            output.append(contentsOf: #"":"#.utf8)
            JSONText.appendString(bytes, to: &output)
        } else {
            output.append(UInt8(ascii: "\""))
            output.append(contentsOf: name.utf8)
            output.append(contentsOf: #"_base64":""#.utf8)
            Base64.append(bytes, to: &output)
            output.append(UInt8(ascii: "\""))
        }
    }
}
