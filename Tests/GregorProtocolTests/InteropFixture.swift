import Foundation
import GregorProtocol
import NIOCore

// MARK: - Collecting the decoder's output as owned values

/// A record as the tests compare it: owned bytes, `nil` for null.
struct InteropRecord: Equatable, CustomStringConvertible {
    var offset: Int64
    var timestamp: Int64
    var key: [UInt8]?
    var value: [UInt8]?
    var headers: [InteropHeader]

    var description: String {
        "offset \(offset) ts \(timestamp) key \(key.map { "\($0.count) B" } ?? "null") "
            + "value \(value.map { "\($0.count) B" } ?? "null") headers \(headers)"
    }
}

/// A header as the tests compare it: the key's raw UTF-8 bytes and the value, `nil` for null.
struct InteropHeader: Equatable, CustomStringConvertible {
    var key: [UInt8]
    var value: [UInt8]?

    var description: String { "\(String(decoding: key, as: UTF8.self))=\(value.map { "\($0)" } ?? "null")" }
}

/// Copies everything the decoder hands over.
struct InteropCollectingSink: RecordSink {
    var batches: [RecordBatchHeader] = []
    var records: [InteropRecord] = []
    var controlRecords: [ControlRecord] = []

    mutating func beginBatch(_ header: RecordBatchHeader, location: RecordLocation) throws(KafkaDecodingError) {
        batches.append(header)
    }

    mutating func record(
        offset: Int64, timestamp: Int64, key: UnsafeRawBufferPointer?, value: UnsafeRawBufferPointer?,
        headers: RecordHeaders
    ) throws(KafkaDecodingError) {
        records.append(InteropRecord(
            offset: offset, timestamp: timestamp, key: key.map { Array($0) }, value: value.map { Array($0) },
            headers: headers.map { InteropHeader(key: Array($0.key), value: $0.value.map { Array($0) }) }))
    }

    mutating func controlRecord(_ record: ControlRecord) throws(KafkaDecodingError) {
        controlRecords.append(record)
    }
}

// MARK: - Loading a fixture and its JSON expectation (Foundation only, no Gregor code)

/// One batch header as the capture script parsed it from the raw bytes.
struct InteropBatch {
    var baseOffset: Int64
    var byteOffset: Int
    var partitionLeaderEpoch: Int32
    var batchLength: Int32
    var crc: UInt32
    var attributes: Int16
    var compression: String
    var lastOffsetDelta: Int32
    var baseTimestamp: Int64
    var maxTimestamp: Int64
    var producerId: Int64
    var producerEpoch: Int16
    var baseSequence: Int32
    var recordCount: Int32
}

struct InteropFixtureError: Error, CustomStringConvertible {
    var description: String
}

/// A `.records` file and its `.json` expectation.
struct InteropFixture {
    var records: ByteBuffer
    var topic: String
    var expectedRecords: [InteropRecord]
    var batches: [InteropBatch]
    /// For the transactional fixture: "commit" or "abort" per record of `expectedRecords`.
    var transactionOutcomes: [String]
    var expectedMarkers: [ControlRecord]
    var abortedTransactions: [AbortedTransaction]
    var producerId: Int64?

    static func directory() throws -> URL {
        guard let fixtures = Bundle.module.url(forResource: "Fixtures", withExtension: nil) else {
            throw InteropFixtureError(description: "Fixtures folder missing from the test bundle")
        }
        return fixtures.appendingPathComponent("interop")
    }

    static func load(_ name: String) throws -> InteropFixture {
        let folder = try directory()
        let bytes = try Data(contentsOf: folder.appendingPathComponent("\(name).records"))
        let jsonData = try Data(contentsOf: folder.appendingPathComponent("\(name).json"))
        guard let json = try JSONSerialization.jsonObject(with: jsonData) as? [String: Any] else {
            throw InteropFixtureError(description: "\(name).json is not an object")
        }
        let recordObjects = try json.fixtureArray("records")
        let producerId = (json["producer_id"] as? NSNumber)?.int64Value
        return InteropFixture(
            records: ByteBuffer(bytes: bytes),
            topic: try json.fixtureString("topic"),
            expectedRecords: try recordObjects.map(Self.record),
            batches: try json.fixtureArray("batches").map(Self.batch),
            transactionOutcomes: recordObjects.compactMap { $0["transaction"] as? String },
            expectedMarkers: try (json["control_markers"] as? [[String: Any]] ?? []).map { marker in
                try Self.marker(marker, batches: json.fixtureArray("batches"))
            },
            abortedTransactions: try (json["aborted_transactions"] as? [[String: Any]] ?? []).map {
                AbortedTransaction(producerId: try $0.fixtureInt("producer_id"), firstOffset: try $0.fixtureInt("first_offset"))
            },
            producerId: producerId)
    }

    static func record(_ object: [String: Any]) throws -> InteropRecord {
        let headers = try (object["headers"] as? [[Any]] ?? []).map { pair -> InteropHeader in
            guard pair.count == 2, let key = pair[0] as? String else {
                throw InteropFixtureError(description: "bad header \(pair)")
            }
            return InteropHeader(key: Array(key.utf8), value: try hexOrNull(pair[1]))
        }
        return InteropRecord(
            offset: try object.fixtureInt("offset"), timestamp: try object.fixtureInt("timestamp"),
            key: try hexOrNull(object["key"] as Any), value: try hexOrNull(object["value"] as Any), headers: headers)
    }

    static func batch(_ object: [String: Any]) throws -> InteropBatch {
        InteropBatch(
            baseOffset: try object.fixtureInt("base_offset"), byteOffset: Int(try object.fixtureInt("byte_offset")),
            partitionLeaderEpoch: Int32(try object.fixtureInt("partition_leader_epoch")),
            batchLength: Int32(try object.fixtureInt("batch_length")), crc: UInt32(try object.fixtureInt("crc")),
            attributes: Int16(try object.fixtureInt("attributes")), compression: try object.fixtureString("compression"),
            lastOffsetDelta: Int32(try object.fixtureInt("last_offset_delta")),
            baseTimestamp: try object.fixtureInt("base_timestamp"), maxTimestamp: try object.fixtureInt("max_timestamp"),
            producerId: try object.fixtureInt("producer_id"), producerEpoch: Int16(try object.fixtureInt("producer_epoch")),
            baseSequence: Int32(try object.fixtureInt("base_sequence")), recordCount: Int32(try object.fixtureInt("record_count")))
    }

    /// A marker as the script saw it; its timestamp is the control batch's base timestamp plus the
    /// record's delta, its producer the control batch's (the broker, not the producer, wrote it).
    static func marker(_ object: [String: Any], batches: [[String: Any]]) throws -> ControlRecord {
        let offset = try object.fixtureInt("offset")
        guard let batch = try batches.first(where: { batch in
            let base = try batch.fixtureInt("base_offset")
            let last = base + (try batch.fixtureInt("last_offset_delta"))
            return offset >= base && offset <= last
        }) else {
            throw InteropFixtureError(description: "no batch holds marker offset \(offset)")
        }
        let type: ControlRecordType = try object.fixtureString("type") == "commit" ? .commit : .abort
        return ControlRecord(
            offset: offset, timestamp: try batch.fixtureInt("base_timestamp") + (try object.fixtureInt("timestamp_delta")),
            producerId: try batch.fixtureInt("producer_id"), producerEpoch: Int16(try batch.fixtureInt("producer_epoch")), version: Int16(try object.fixtureInt("version")), type: type,
            coordinatorEpoch: (object["coordinator_epoch"] as? NSNumber)?.int32Value)
    }

    static func hexOrNull(_ value: Any) throws -> [UInt8]? {
        if value is NSNull { return nil }
        guard let hex = value as? String, hex.utf8.count % 2 == 0 else {
            throw InteropFixtureError(description: "not a hex string: \(value)")
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(hex.utf8.count / 2)
        var high: UInt8?
        for character in hex.utf8 {
            guard let nibble = hexNibble(character) else {
                throw InteropFixtureError(description: "bad hex digit in \(hex.prefix(40))")
            }
            if let h = high {
                bytes.append(h << 4 | nibble)
                high = nil
            } else {
                high = nibble
            }
        }
        return bytes
    }

    static func hexNibble(_ character: UInt8) -> UInt8? {
        switch character {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): character - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): character - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): character - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}

extension Dictionary where Key == String, Value == Any {
    // Prefixed so that they cannot clash with helpers of other test files.
    func fixtureInt(_ key: String) throws -> Int64 {
        guard let number = self[key] as? NSNumber else {
            throw InteropFixtureError(description: "missing number \(key)")
        }
        return number.int64Value
    }

    func fixtureString(_ key: String) throws -> String {
        guard let string = self[key] as? String else {
            throw InteropFixtureError(description: "missing string \(key)")
        }
        return string
    }

    func fixtureArray(_ key: String) throws -> [[String: Any]] {
        guard let array = self[key] as? [[String: Any]] else {
            throw InteropFixtureError(description: "missing array \(key)")
        }
        return array
    }
}
