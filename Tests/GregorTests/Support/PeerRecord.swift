import Foundation

/// A record header as the peer scripts exchange it (value bytes may be null).
struct PeerHeader: Sendable, Hashable, Codable, CustomStringConvertible {
    /// Header key.
    var name: String
    /// Header value; `nil` for a null value.
    var value: [UInt8]?

    /// A header.
    init(_ name: String, _ value: [UInt8]?) {
        self.name = name
        self.value = value
    }

    // JSON form: ["name", "hex" | null]
    init(from decoder: any Decoder) throws {
        var container = try decoder.unkeyedContainer()
        name = try container.decode(String.self)
        value = try HexBytes.decode(try container.decodeIfPresent(String.self), in: container.codingPath)
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.unkeyedContainer()
        try container.encode(name)
        try container.encode(value.map(HexBytes.encode))
    }

    var description: String { "\(name)=\(value.map(HexBytes.encode) ?? "null")" }
}

/// A record for `peer_produce.py` to produce.
struct PeerRecord: Sendable, Hashable, Encodable {
    /// Key bytes; `nil` for a null key.
    var key: [UInt8]?
    /// Value bytes; `nil` for a null value (a tombstone).
    var value: [UInt8]?
    /// Headers in order (duplicates allowed).
    var headers: [PeerHeader] = []
    /// CreateTime in epoch milliseconds; `nil` lets the producer stamp it.
    var timestamp: Int64?
    /// Target partition; `nil` lets the peer's partitioner choose.
    var partition: Int32?

    /// A record spec.
    init(key: [UInt8]?, value: [UInt8]?, headers: [PeerHeader] = [], timestamp: Int64? = nil, partition: Int32? = nil) {
        self.key = key
        self.value = value
        self.headers = headers
        self.timestamp = timestamp
        self.partition = partition
    }

    private enum CodingKeys: String, CodingKey { case key, value, headers, timestamp, partition }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(key.map(HexBytes.encode), forKey: .key)
        try container.encode(value.map(HexBytes.encode), forKey: .value)
        try container.encode(headers, forKey: .headers)
        try container.encode(timestamp, forKey: .timestamp)
        try container.encode(partition, forKey: .partition)
    }
}

/// A delivery report from `peer_produce.py`.
struct PeerDeliveryReport: Sendable, Hashable, Decodable {
    /// Index of the record in the spec.
    var index: Int
    /// Topic.
    var topic: String
    /// Partition the record went to.
    var partition: Int32
    /// Offset assigned by the broker; `nil` when delivery failed.
    var offset: Int64?
    /// The record's timestamp as the peer reports it.
    var timestamp: Int64?
    /// "create", "log_append" or "not_available".
    var timestampType: String
    /// The delivery error, `nil` on success.
    var error: String?

    private enum CodingKeys: String, CodingKey {
        case index, topic, partition, offset, timestamp, error
        case timestampType = "timestamp_type"
    }
}

/// A record as `peer_consume.py` read it.
struct PeerConsumedRecord: Sendable, Hashable, Decodable {
    /// Topic.
    var topic: String
    /// Partition.
    var partition: Int32
    /// Offset.
    var offset: Int64
    /// Timestamp in epoch milliseconds (`nil` when not available).
    var timestamp: Int64?
    /// "create", "log_append" or "not_available".
    var timestampType: String
    /// Key bytes; `nil` for a null key.
    var key: [UInt8]?
    /// Value bytes; `nil` for a null value.
    var value: [UInt8]?
    /// Headers in order.
    var headers: [PeerHeader]

    private enum CodingKeys: String, CodingKey {
        case topic, partition, offset, timestamp, key, value, headers
        case timestampType = "timestamp_type"
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        topic = try container.decode(String.self, forKey: .topic)
        partition = try container.decode(Int32.self, forKey: .partition)
        offset = try container.decode(Int64.self, forKey: .offset)
        timestamp = try container.decodeIfPresent(Int64.self, forKey: .timestamp)
        timestampType = try container.decode(String.self, forKey: .timestampType)
        key = try HexBytes.decode(try container.decodeIfPresent(String.self, forKey: .key), in: container.codingPath)
        value = try HexBytes.decode(try container.decodeIfPresent(String.self, forKey: .value), in: container.codingPath)
        headers = try container.decode([PeerHeader].self, forKey: .headers)
    }
}

struct PeerProduceSpec: Encodable {
    var records: [PeerRecord]
}

struct PeerProduceOutput: Decodable {
    var reports: [PeerDeliveryReport]
}

struct PeerConsumeOutput: Decodable {
    var records: [PeerConsumedRecord]
    var timedOut: Bool

    private enum CodingKeys: String, CodingKey {
        case records
        case timedOut = "timed_out"
    }
}

/// Hex text <-> bytes, as the peer scripts exchange byte values.
enum HexBytes {
    /// Lower-case hex of `bytes`.
    static func encode(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var text = [UInt8]()
        text.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// The bytes of hex `text`; `nil` stays `nil`; bad hex is a decoding error.
    static func decode(_ text: String?, in codingPath: [any CodingKey]) throws -> [UInt8]? {
        guard let text else { return nil }
        let utf8 = Array(text.utf8)
        guard utf8.count % 2 == 0 else {
            throw DecodingError.dataCorrupted(.init(codingPath: codingPath, debugDescription: "odd-length hex '\(text)'"))
        }
        var bytes = [UInt8]()
        bytes.reserveCapacity(utf8.count / 2)
        var index = 0
        while index < utf8.count {
            guard let high = nibble(utf8[index]), let low = nibble(utf8[index + 1]) else {
                throw DecodingError.dataCorrupted(.init(codingPath: codingPath, debugDescription: "bad hex '\(text)'"))
            }
            bytes.append(high << 4 | low)
            index += 2
        }
        return bytes
    }

    private static func nibble(_ character: UInt8) -> UInt8? {
        switch character {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): character - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): character - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): character - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
