import Foundation
import GregorProtocol
import NIOCore

/// One message as a test writes it down: the literal input and the expectation in one place.
struct SampleMessage {
    var topic: String
    var partition: Int32
    var offset: Int64
    var timestamp: Int64
    var key: [UInt8]?
    var value: [UInt8]?
    var headers: [RecordHeader] = []
}

enum SampleMessages {
    /// Two topics (one non-ASCII), null and empty keys, a null value, headers with a null value.
    static let first: [SampleMessage] = [
        SampleMessage(
            topic: "orders", partition: 0, offset: 0, timestamp: 1_700_000_000_000,
            key: Array("k1".utf8), value: Array("hello".utf8),
            headers: [RecordHeader(key: "trace", value: [1, 2, 3]), RecordHeader(key: "empty", value: nil)]),
        SampleMessage(topic: "orders", partition: 3, offset: 41, timestamp: 1_700_000_000_005, key: nil, value: Array("no key".utf8)),
        SampleMessage(topic: "zählerstände-ü", partition: 1, offset: 7, timestamp: 0, key: [], value: nil),
        SampleMessage(
            topic: "zählerstände-ü", partition: 2, offset: 9_000_000_000, timestamp: 1_731_024_000_123,
            key: [0, 255, 10], value: [],
            headers: [RecordHeader(key: "ünïcode", value: Array("v".utf8))]),
        SampleMessage(topic: "orders", partition: 0, offset: 1, timestamp: -1, key: Array("k2".utf8), value: [0xC3, 0x28]),
    ]

    /// A second batch for multi-batch files: one topic, no headers.
    static let second: [SampleMessage] = [
        SampleMessage(topic: "orders", partition: 5, offset: 100, timestamp: 1_800_000_000_000, key: Array("x".utf8), value: Array("y".utf8)),
        SampleMessage(topic: "orders", partition: 5, offset: 101, timestamp: 1_800_000_000_001, key: nil, value: nil),
    ]

    /// A batch holding `messages`: each is encoded as a Kafka record batch and decoded into a
    /// `MessageBatchBuilder` — the path fetched records take.
    static func batch(_ messages: [SampleMessage]) throws -> MessageBatch {
        var builder = MessageBatchBuilder()
        for message in messages {
            var records = RecordBatchBuilder(baseOffset: message.offset)
            try records.append(key: message.key, value: message.value, headers: message.headers, timestamp: message.timestamp)
            var bytes = ByteBuffer()
            try records.encode(into: &bytes)
            _ = try RecordBatchDecoder.decode(
                bytes, location: RecordLocation(topic: message.topic, partition: message.partition), into: &builder)
        }
        return builder.finish()
    }

    /// The expectation file for the Python checks: one JSON object per row, bytes as hex.
    static func expectationJSON(_ batches: [[SampleMessage]]) throws -> Data {
        func hex(_ bytes: [UInt8]?) -> Any { bytes.map { $0.map { String(format: "%02x", $0) }.joined() } ?? NSNull() }
        let rows: [[String: Any]] = batches.joined().map { message in
            [
                "topic": message.topic, "partition": Int(message.partition), "offset": message.offset,
                "timestamp": message.timestamp, "key": hex(message.key), "value": hex(message.value),
                "headers": message.headers.map { ["key": $0.key, "value": hex($0.value)] as [String: Any] },
            ]
        }
        return try JSONSerialization.data(withJSONObject: ["batches": batches.map(\.count), "rows": rows])
    }
}
