import GregorProtocol
import GregorTestSupport
import NIOCore
import Testing

/// A record as the record-batch tests compare it: owned bytes, `nil` for null.
struct CollectedRecord: Equatable, CustomStringConvertible {
    var offset: Int64
    var timestamp: Int64
    var key: [UInt8]?
    var value: [UInt8]?
    var headers: [RecordHeader]

    var description: String {
        "offset \(offset) ts \(timestamp) key \(key.map { "\($0)" } ?? "null") value \(value.map { "\($0)" } ?? "null") headers \(headers)"
    }
}

/// Copies everything the decoder hands over, for assertions.
struct CollectingRecordSink: RecordSink {
    var batches: [RecordBatchHeader] = []
    var locations: [RecordLocation] = []
    var records: [CollectedRecord] = []
    var controlRecords: [ControlRecord] = []

    mutating func beginBatch(_ header: RecordBatchHeader, location: RecordLocation) throws(KafkaDecodingError) {
        batches.append(header)
        locations.append(location)
    }

    mutating func record(
        offset: Int64, timestamp: Int64, key: UnsafeRawBufferPointer?, value: UnsafeRawBufferPointer?,
        headers: RecordHeaders
    ) throws(KafkaDecodingError) {
        var copied: [RecordHeader] = []
        for header in headers {
            copied.append(RecordHeader(key: header.keyString, value: header.value.map { Array($0) }))
        }
        records.append(CollectedRecord(
            offset: offset, timestamp: timestamp, key: key.map { Array($0) }, value: value.map { Array($0) },
            headers: copied))
    }

    mutating func controlRecord(_ record: ControlRecord) throws(KafkaDecodingError) {
        controlRecords.append(record)
    }
}

/// Big-endian byte writing for hand-built test input, independent of Gregor's encoders.
struct SpecBytes {
    var bytes: [UInt8] = []

    mutating func int8(_ value: Int8) { bytes.append(UInt8(bitPattern: value)) }
    mutating func int16(_ value: Int16) { append(UInt16(bitPattern: value)) }
    mutating func int32(_ value: Int32) { append(UInt32(bitPattern: value)) }
    mutating func uint32(_ value: UInt32) { append(value) }
    mutating func int64(_ value: Int64) { append(UInt64(bitPattern: value)) }
    mutating func raw(_ values: [UInt8]) { bytes += values }
    mutating func raw(_ string: String) { bytes += Array(string.utf8) }

    private mutating func append<T: FixedWidthInteger>(_ value: T) {
        for shift in stride(from: T.bitWidth - 8, through: 0, by: -8) {
            bytes.append(UInt8(truncatingIfNeeded: value >> shift))
        }
    }
}

/// Helpers to build and decode batches in tests.
enum RecordBatchTestKit {
    /// A test record for `encode`.
    struct Input {
        var key: [UInt8]?
        var value: [UInt8]?
        var headers: [RecordHeader] = []
        var timestamp: Int64
    }

    /// Encodes one batch of `inputs` with the given settings.
    static func encode(
        _ inputs: [Input], baseOffset: Int64 = 0, compression: CompressionCodec = .none,
        configure: (inout RecordBatchBuilder) -> Void = { _ in }
    ) throws -> ByteBuffer {
        var builder = RecordBatchBuilder(baseOffset: baseOffset, compression: compression)
        configure(&builder)
        for input in inputs {
            try builder.append(key: input.key, value: input.value, headers: input.headers, timestamp: input.timestamp)
        }
        var buffer = ByteBuffer()
        try builder.encode(into: &buffer)
        return buffer
    }

    /// Decodes `buffer` into a collecting sink.
    static func decode(
        _ buffer: ByteBuffer, location: RecordLocation = RecordLocation(topic: "test", partition: 0),
        options: RecordBatchDecodingOptions = RecordBatchDecodingOptions()
    ) throws(KafkaDecodingError) -> (CollectingRecordSink, DecodeSummary) {
        var sink = CollectingRecordSink()
        let summary = try RecordBatchDecoder.decode(buffer, location: location, into: &sink, options: options)
        return (sink, summary)
    }

    /// Decodes and returns the error, or `nil` when decoding succeeded.
    static func decodingError(
        _ buffer: ByteBuffer, location: RecordLocation = RecordLocation(topic: "test", partition: 0),
        options: RecordBatchDecodingOptions = RecordBatchDecodingOptions()
    ) -> KafkaDecodingError? {
        do {
            _ = try decode(buffer, location: location, options: options)
            return nil
        } catch {
            return error
        }
    }

    /// Recomputes the CRC-32C of the batch at `start` (after a test edited its bytes).
    static func fixCRC(_ buffer: inout ByteBuffer, batchAt start: Int = 0) {
        refreshRecordBatchCRC(&buffer, batchAt: start)
    }
}
